package authflow

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

const testState = "the-state-0123456789abcdefghijklmnopqrstuv"

// listen starts a listener on a free port (http://127.0.0.1:0/callback
// unless redirect says otherwise) that expects testState.
func listen(t *testing.T, redirect string, timeout time.Duration) *Listener {
	t.Helper()
	if redirect == "" {
		redirect = "http://127.0.0.1:0/callback"
	}
	l, err := Listen(ListenerConfig{RedirectURI: redirect, State: testState, Timeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

// reply is one response from the listener, read whole.
type reply struct {
	status int
	header http.Header
	body   string
}

// send makes a request to the listener's own address, with Host set to
// host when it is not empty.
func send(t *testing.T, l *Listener, method, pathQuery, host string, header http.Header, body string) reply {
	t.Helper()
	req, err := http.NewRequest(method, "http://"+l.Addrs()[0]+pathQuery, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	if host != "" {
		req.Host = host
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return reply{resp.StatusCode, resp.Header, string(b)}
}

// get requests pathQuery under the redirect URI's own Host.
func get(t *testing.T, l *Listener, pathQuery string) reply {
	t.Helper()
	return send(t, l, http.MethodGet, pathQuery, hostOf(l), nil, "")
}

func hostOf(l *Listener) string {
	u, _ := url.Parse(l.RedirectURI())
	return u.Host
}

func portOf(l *Listener) string {
	u, _ := url.Parse(l.RedirectURI())
	return u.Port()
}

// stillWaiting asserts that nothing has ended the login, then proves it
// by finishing it with a good callback.
func stillWaiting(t *testing.T, l *Listener) {
	t.Helper()
	if l.verdict.finished() {
		t.Fatal("the login ended")
	}
	u, _ := url.Parse(l.RedirectURI())
	if r := get(t, l, u.Path+"?code=the-good-one&state="+testState); r.status != http.StatusOK {
		t.Fatalf("a good callback after the refused ones: %d", r.status)
	}
	if res, err := waitResult(t, l); err != nil || res.Code != "the-good-one" {
		t.Fatalf("the login did not take the good callback: %v %v", res, err)
	}
}

func waitResult(t *testing.T, l *Listener) (*Result, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return l.Wait(ctx)
}

// finish sends a fresh listener one callback, query with the expected
// state, requires the answer to be a 200 page saying page, and returns
// the page and how the login ended.
func finish(t *testing.T, query, page string) (reply, *Result, error) {
	t.Helper()
	l := listen(t, "", 0)
	r := get(t, l, "/callback?"+query+"&state="+testState)
	if r.status != http.StatusOK || !strings.Contains(r.body, page) {
		t.Fatalf("%d %s", r.status, r.body)
	}
	res, err := waitResult(t, l)
	return r, res, err
}

// portIsFree reports whether 127.0.0.1:port can be bound now.
func portIsFree(port string) bool {
	ln, err := net.Listen("tcp", "127.0.0.1:"+port)
	if err != nil {
		return false
	}
	ln.Close()
	return true
}

func TestAGoodCallbackEndsTheLoginWithItsCode(t *testing.T) {
	_, res, err := finish(t, "code=abc", "You are logged in")
	if err != nil || res.Code != "abc" || res.AccessToken != "" {
		t.Fatalf("%v %v", res, err)
	}
}

func TestWrongMissingOrForgedStatesGet400AndTheLoginKeepsWaiting(t *testing.T) {
	l := listen(t, "", 0)
	for _, q := range []string{
		"?code=abc&state=wrong",
		"?code=abc&state=" + testState + "x",
		"?code=abc&state=" + testState[:len(testState)-1],
		"?code=abc",
		"?code=abc&state=",
		"?code=abc&state=" + testState + "&state=" + testState,
		"?code=abc&state=wrong&state=" + testState,
		"?error=access_denied&state=forged",
		"?error=access_denied",
		"?access_token=t&state=forged",
	} {
		r := get(t, l, "/callback"+q)
		if r.status != http.StatusBadRequest || !strings.Contains(r.body, "still waiting") {
			t.Errorf("%s: %d, want 400 and the still-waiting page", q, r.status)
		}
		if strings.Contains(r.body, testState) || strings.Contains(r.body, "abc") {
			t.Errorf("%s: the page echoes a value from the URL", q)
		}
	}
	stillWaiting(t, l)
}

func TestMissingOrRepeatedCodeGets400AndTheLoginKeepsWaiting(t *testing.T) {
	l := listen(t, "", 0)
	for _, q := range []string{
		"?state=" + testState,
		"?code=&state=" + testState,
		"?code=a&code=b&state=" + testState,
		"?code=a&code=a&state=" + testState,
		"?code=a&access_token=b&state=" + testState,
		"?code=a%0Ab&state=" + testState,
		"?code=a;b&state=" + testState,
	} {
		if r := get(t, l, "/callback"+q); r.status != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", q, r.status)
		}
	}
	stillWaiting(t, l)
}

func TestAReplayedCallbackGetsTheAlreadyFinishedPage(t *testing.T) {
	l := listen(t, "", time.Minute)
	get(t, l, "/callback?code=abc&state="+testState)
	for _, q := range []string{"?code=abc&state=" + testState, "?code=other&state=" + testState, "?code=x&state=forged", ""} {
		r := get(t, l, "/callback"+q)
		if r.status != http.StatusConflict || !strings.Contains(r.body, "This login already finished") {
			t.Errorf("%q: %d %s", q, r.status, r.body)
		}
	}
	if res, err := waitResult(t, l); err != nil || res.Code != "abc" {
		t.Fatalf("the replay replaced the first answer: %v %v", res, err)
	}
}

func TestConcurrentCallbacksYieldExactlyOneResult(t *testing.T) {
	l := listen(t, "", 0)
	const n = 20
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		winners []string
		losers  int
	)
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code := fmt.Sprintf("code-%d", i)
			<-start
			r := get(t, l, "/callback?code="+code+"&state="+testState)
			mu.Lock()
			defer mu.Unlock()
			switch r.status {
			case http.StatusOK:
				winners = append(winners, code)
			case http.StatusConflict:
				losers++
			}
		}()
	}
	close(start)
	wg.Wait()
	if len(winners) != 1 || losers != n-1 {
		t.Fatalf("%d winners and %d already-finished answers, want 1 and %d", len(winners), losers, n-1)
	}
	res, err := waitResult(t, l)
	if err != nil || res.Code != winners[0] {
		t.Fatalf("Wait returned %v %v, but %s won", res, err, winners[0])
	}
}

func TestErrorDescriptionWithHTMLAndTerminalEscapesIsEscapedInThePageAndStrippedFromTheError(t *testing.T) {
	desc := url.QueryEscape("<script>alert(1)</script>\x1b[31mred\x1b[0m\x1b]0;title\x07\u202eevil")
	r, _, err := finish(t, "error=server_error&error_description="+desc, "The authorization server refused")
	if strings.Contains(r.body, "<script>alert") || !strings.Contains(r.body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("the description is not HTML-escaped:\n%s", r.body)
	}
	if strings.ContainsAny(r.body, "\x1b\x07\u202e") {
		t.Errorf("the page carries control characters")
	}
	var ae *AuthError
	if !errors.As(err, &ae) || ae.Code != "server_error" || !strings.Contains(ae.Description, "red") {
		t.Fatalf("err %v", err)
	}
	if msg := err.Error(); strings.ContainsAny(msg, "\x1b\x07\u202e") || strings.Contains(msg, "[31m") {
		t.Fatalf("the error keeps terminal escapes: %q", msg)
	}
}

func TestAccessDeniedShowsTheDeniedPageAndEndsWithAnAuthError(t *testing.T) {
	_, _, err := finish(t, "error=access_denied&error_description=The+user+said+no", "Access was denied")
	var ae *AuthError
	if !errors.As(err, &ae) || ae.Code != "access_denied" {
		t.Fatalf("err %v", err)
	}
	if got := err.Error(); got != "authorization failed: access_denied: The user said no" {
		t.Fatalf("err %q", got)
	}
}

func TestAnOversizedQueryGets431AndTheLoginKeepsWaiting(t *testing.T) {
	l := listen(t, "", 0)
	for _, size := range []int{maxRequestURI, 2 * maxHeaderBytes} {
		r := get(t, l, "/callback?code="+strings.Repeat("a", size)+"&state="+testState)
		if r.status != http.StatusRequestHeaderFieldsTooLarge {
			t.Errorf("%d bytes: %d, want 431", size, r.status)
		}
	}
	stillWaiting(t, l)
}

func TestAForeignHostHeaderGets421AndTheLoginKeepsWaiting(t *testing.T) {
	l := listen(t, "", 0)
	port := portOf(l)
	for _, host := range []string{
		"evil.example.com", "evil.example.com:" + port, "127.0.0.1.nip.io:" + port, "localhost.evil.example:" + port,
		"127.0.0.2:" + port, "0.0.0.0:" + port, "localhost:1", "[::2]:" + port,
	} {
		r := send(t, l, http.MethodGet, "/callback?code=abc&state="+testState, host, nil, "")
		if r.status != http.StatusMisdirectedRequest || r.header.Get("Cache-Control") != "no-store" {
			t.Errorf("Host %s: %d, want 421", host, r.status)
		}
		if strings.Contains(r.body, "chatkeys") || strings.Contains(r.body, "login") {
			t.Errorf("Host %s: the answer tells a rebinding page about the login: %q", host, r.body)
		}
	}
	for _, host := range []string{"localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port, "LOCALHOST:" + port} {
		if r := send(t, l, http.MethodGet, "/elsewhere", host, nil, ""); r.status != http.StatusNotFound {
			t.Errorf("Host %s: %d, want it served (404 for an unknown path)", host, r.status)
		}
	}
	stillWaiting(t, l)
}

func TestFaviconAndOtherPathsGet404WithoutEndingTheLogin(t *testing.T) {
	l := listen(t, "", 0)
	for _, p := range []string{
		"/favicon.ico", "/", "/callback/", "/callback/extra", "/Callback", "//callback",
		"/favicon.ico?code=abc&state=" + testState, "/?code=abc&state=" + testState,
	} {
		if r := get(t, l, p); r.status != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", p, r.status)
		}
	}
	stillWaiting(t, l)
}

func TestOnlyGETReachesTheRedirectPath(t *testing.T) {
	l := listen(t, "", 0)
	for _, m := range []string{http.MethodPost, http.MethodHead, http.MethodPut, http.MethodDelete} {
		r := send(t, l, m, "/callback?code=abc&state="+testState, hostOf(l), nil, "")
		if r.status != http.StatusMethodNotAllowed {
			t.Errorf("%s: %d, want 405", m, r.status)
		}
	}
	stillWaiting(t, l)
}

func TestEveryResponseCarriesTheSecurityHeaders(t *testing.T) {
	l := listen(t, "", time.Minute)
	port := portOf(l)
	origin := http.Header{"Origin": {"http://evil.example"}}
	requests := []struct {
		name, method, path, host string
		header                   http.Header
	}{
		{"relay page", "GET", "/callback", "", nil},
		{"bad state", "GET", "/callback?code=x&state=bad", "", nil},
		{"404", "GET", "/favicon.ico", "", nil},
		{"405", "POST", "/callback", "", nil},
		{"421", "GET", "/callback", "evil.example:" + port, nil},
		{"431", "GET", "/callback?code=" + strings.Repeat("a", maxRequestURI), "", nil},
		{"relay 403", "POST", relayPath, "", origin},
		{"relay 405", "GET", relayPath, "", nil},
		{"OPTIONS *", "OPTIONS", "*", "", nil},
		{"success", "GET", "/callback?code=x&state=" + testState, "", nil},
		{"finished", "GET", "/callback?code=x&state=" + testState, "", nil},
	}
	for _, rq := range requests {
		host := rq.host
		if host == "" {
			host = hostOf(l)
		}
		var r reply
		if rq.path == "*" {
			r = optionsStar(t, l)
		} else {
			r = send(t, l, rq.method, rq.path, host, rq.header, "")
		}
		h := r.header
		csp := h.Get("Content-Security-Policy")
		if h.Get("Cache-Control") != "no-store" || h.Get("Referrer-Policy") != "no-referrer" ||
			h.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(csp, "default-src 'none'") ||
			!strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "base-uri 'none'") ||
			!strings.Contains(csp, "form-action 'none'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s (%d): headers %v", rq.name, r.status, h)
		}
	}
}

// optionsStar sends "OPTIONS * HTTP/1.1", which net/http answers itself
// unless told not to.
func optionsStar(t *testing.T, l *Listener) reply {
	t.Helper()
	req := &http.Request{Method: "OPTIONS", URL: &url.URL{Scheme: "http", Host: l.Addrs()[0], Opaque: "*"}, Host: hostOf(l), Header: http.Header{}}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	return reply{status: resp.StatusCode, header: resp.Header}
}
