package authflow

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const testState = "the-state-0123456789abcdefghijklmnopqrstuv"

// listen starts a listener on a free port with testState.
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

// get requests path+query on the listener, with an optional Host header.
func get(t *testing.T, l *Listener, pathQuery, host string) (*http.Response, string) {
	t.Helper()
	u, _ := url.Parse(l.RedirectURI())
	req, _ := http.NewRequest("GET", "http://"+u.Host+pathQuery, nil)
	if host != "" {
		req.Host = host
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// stillWaiting asserts the listener has not finished.
func stillWaiting(t *testing.T, l *Listener) {
	t.Helper()
	select {
	case o := <-l.result:
		t.Fatalf("the flow ended: %+v", o)
	default:
	}
}

func waitResult(t *testing.T, l *Listener) (*Result, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return l.Wait(ctx)
}

func TestAGoodCallbackEndsTheFlowWithItsCode(t *testing.T) {
	l := listen(t, "", 0)
	resp, body := get(t, l, "/callback?code=abc&state="+testState, "")
	if resp.StatusCode != 200 || !strings.Contains(body, "You are logged in") {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	r, err := waitResult(t, l)
	if err != nil || r.Code != "abc" {
		t.Fatalf("%+v %v", r, err)
	}
}

func TestBadStatesAreRefusedAndTheFlowKeepsWaiting(t *testing.T) {
	l := listen(t, "", 0)
	for _, q := range []string{
		"?code=abc&state=wrong", "?code=abc", "?code=abc&state=", "?code=abc&state=" + testState + "&state=" + testState,
		"?state=" + testState, "?code=a&code=b&state=" + testState, "?error=access_denied&state=forged",
		"?code=a&access_token=b&state=" + testState,
	} {
		resp, body := get(t, l, "/callback"+q, "")
		if resp.StatusCode != 400 || strings.Contains(body, testState) {
			t.Errorf("%s: %d (body echoes the state: %v)", q, resp.StatusCode, strings.Contains(body, testState))
		}
	}
	stillWaiting(t, l)
}

func TestAReplayedCallbackGetsTheAlreadyFinishedPage(t *testing.T) {
	l := listen(t, "", time.Minute)
	get(t, l, "/callback?code=abc&state="+testState, "")
	resp, body := get(t, l, "/callback?code=abc&state="+testState, "")
	if resp.StatusCode != 409 || !strings.Contains(body, "already finished") {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
}

func TestTwoCallbacksAtOnceYieldExactlyOneResult(t *testing.T) {
	l := listen(t, "", 0)
	var wg sync.WaitGroup
	codes := make(chan int, 10)
	for i := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, _ := get(t, l, "/callback?code=c"+string(rune('0'+i))+"&state="+testState, "")
			codes <- resp.StatusCode
		}()
	}
	wg.Wait()
	close(codes)
	ok := 0
	for c := range codes {
		if c == 200 {
			ok++
		}
	}
	if ok != 1 {
		t.Fatalf("%d callbacks won, want exactly one", ok)
	}
	if r, err := waitResult(t, l); err != nil || r.Code == "" {
		t.Fatal(err)
	}
}

func TestErrorDescriptionWithHTMLAndEscapesIsEscapedAndStripped(t *testing.T) {
	l := listen(t, "", 0)
	desc := url.QueryEscape("<script>alert(1)</script>\x1b[31mred\x1b[0m")
	resp, body := get(t, l, "/callback?error=server_error&error_description="+desc+"&state="+testState, "")
	if resp.StatusCode != 200 || strings.Contains(body, "<script>alert") || strings.Contains(body, "\x1b") {
		t.Fatalf("page %d:\n%s", resp.StatusCode, body)
	}
	_, err := waitResult(t, l)
	var ae *AuthError
	if !errors.As(err, &ae) || strings.Contains(err.Error(), "\x1b") || !strings.Contains(ae.Description, "red") {
		t.Fatalf("err %q", err)
	}
}

func TestAccessDeniedShowsTheDeniedPageAndEndsWithItsHint(t *testing.T) {
	l := listen(t, "", 0)
	_, body := get(t, l, "/callback?error=access_denied&state="+testState, "")
	if !strings.Contains(body, "Access was denied") {
		t.Fatal(body)
	}
	_, err := waitResult(t, l)
	var ae *AuthError
	if !errors.As(err, &ae) || ae.ErrorHint() != "access was denied in the browser" {
		t.Fatalf("err %v", err)
	}
}

func TestAnOversizedQueryIsRefusedAndTheFlowKeepsWaiting(t *testing.T) {
	l := listen(t, "", 0)
	resp, _ := get(t, l, "/callback?code="+strings.Repeat("a", 20<<10)+"&state="+testState, "")
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Fatalf("status %d", resp.StatusCode)
	}
	stillWaiting(t, l)
}

func TestAForeignHostHeaderIsRefused(t *testing.T) {
	l := listen(t, "", 0)
	resp, _ := get(t, l, "/callback?code=abc&state="+testState, "evil.example.com")
	if resp.StatusCode != http.StatusMisdirectedRequest {
		t.Fatalf("status %d", resp.StatusCode)
	}
	stillWaiting(t, l)
	for _, host := range []string{"localhost", "127.0.0.1"} {
		u, _ := url.Parse(l.RedirectURI())
		if resp, _ := get(t, l, "/nothing", host+":"+u.Port()); resp.StatusCode != 404 {
			t.Errorf("Host %s: %d, want it served (404 for an unknown path)", host, resp.StatusCode)
		}
	}
}

func TestFaviconAndOtherPathsDoNotEndTheFlow(t *testing.T) {
	l := listen(t, "", 0)
	for _, p := range []string{"/favicon.ico", "/", "/callback/extra"} {
		if resp, _ := get(t, l, p, ""); resp.StatusCode != 404 {
			t.Errorf("%s: %d", p, resp.StatusCode)
		}
	}
	stillWaiting(t, l)
}

func TestEveryPageCarriesTheSecurityHeaders(t *testing.T) {
	l := listen(t, "", 0)
	for _, p := range []string{"/callback", "/callback?code=x&state=bad", "/favicon.ico"} {
		resp, _ := get(t, l, p, "")
		h := resp.Header
		if h.Get("Cache-Control") != "no-store" || h.Get("Referrer-Policy") != "no-referrer" ||
			!strings.Contains(h.Get("Content-Security-Policy"), "default-src 'none'") {
			t.Errorf("%s: headers %v", p, h)
		}
	}
}

func TestTheDeadlineEndsTheFlowAndFreesThePort(t *testing.T) {
	l := listen(t, "", 100*time.Millisecond)
	port := mustPort(t, l)
	if _, err := waitResult(t, l); !errors.Is(err, ErrTimeout) {
		t.Fatalf("err %v", err)
	}
	again, err := Listen(ListenerConfig{RedirectURI: "http://127.0.0.1:" + port, State: testState})
	if err != nil {
		t.Fatalf("the port is still taken: %v", err)
	}
	again.Close()
}

func TestCancellingTheContextFreesThePortAtOnce(t *testing.T) {
	l := listen(t, "", 0)
	port := mustPort(t, l)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := l.Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:"+port)
	if err != nil {
		t.Fatalf("the port is still taken: %v", err)
	}
	ln.Close()
}

func TestABusyPortNamesThePortAndTheFix(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	_, err = Listen(ListenerConfig{RedirectURI: "http://localhost:" + itoa(port), State: testState})
	var busy *PortInUseError
	if !errors.As(err, &busy) || !strings.Contains(err.Error(), "port "+itoa(port)+" is in use") ||
		!strings.Contains(err.Error(), "register another redirect URL") {
		t.Fatalf("err %v", err)
	}
}

func TestTheListenerBindsLoopbackOnlyAndKeepsTheRedirectSpelling(t *testing.T) {
	l := listen(t, "http://localhost:0", 0)
	for _, a := range l.Addrs() {
		host, _, _ := net.SplitHostPort(a)
		if host != "127.0.0.1" && host != "::1" {
			t.Fatalf("bound %s", a)
		}
	}
	if got := l.RedirectURI(); !strings.HasPrefix(got, "http://localhost:") || strings.HasSuffix(got, "/") {
		t.Fatalf("redirect %q", got)
	}
	resp, _ := get(t, l, "/?code=x&state="+testState, "")
	if resp.StatusCode != 200 {
		t.Fatalf("the root path is not served: %d", resp.StatusCode)
	}
	for _, bad := range []string{"https://localhost:1", "http://example.com:1", "http://0.0.0.0:1"} {
		if _, err := Listen(ListenerConfig{RedirectURI: bad, State: testState}); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

func TestRelayRefusesCrossOriginPosts(t *testing.T) {
	l := listen(t, "", 0)
	u, _ := url.Parse(l.RedirectURI())
	post := func(origin string) int {
		req, _ := http.NewRequest("POST", "http://"+u.Host+RelayPath, strings.NewReader("access_token=t&state="+testState))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, origin := range []string{"", "http://evil.example", "null", "http://localhost:1"} {
		if st := post(origin); st != 403 {
			t.Errorf("origin %q: %d", origin, st)
		}
	}
	stillWaiting(t, l)
	if st := post("http://" + u.Host); st != 200 {
		t.Fatalf("same-origin relay: %d", st)
	}
	if r, err := waitResult(t, l); err != nil || r.AccessToken != "t" {
		t.Fatalf("%+v %v", r, err)
	}
}

func TestBareRedirectPathServesTheRelayPageWithNoscript(t *testing.T) {
	l := listen(t, "", 0)
	resp, body := get(t, l, "/callback", "")
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(body, "location.hash") || !strings.Contains(body, "replaceState") || !strings.Contains(body, "<noscript>") ||
		!strings.Contains(csp, "script-src 'nonce-") || strings.Contains(csp, "unsafe-inline") {
		t.Fatalf("csp %q body:\n%s", csp, body)
	}
	stillWaiting(t, l)
}

func mustPort(t *testing.T, l *Listener) string {
	u, _ := url.Parse(l.RedirectURI())
	return u.Port()
}

func itoa(n int) string { return strconv.Itoa(n) }
