package authflow

import (
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// relayPost posts body to the relay with Origin origin (none if empty)
// and Host host (the redirect URI's if empty).
func relayPost(t *testing.T, l *Listener, origin, host, body string) (reply, relayReply) {
	t.Helper()
	h := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
	if origin != "" {
		h.Set("Origin", origin)
	}
	if host == "" {
		host = hostOf(l)
	}
	r := send(t, l, http.MethodPost, relayPath, host, h, body)
	var rr relayReply
	if strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal([]byte(r.body), &rr); err != nil {
			t.Fatalf("the relay's reply is not JSON: %v", err)
		}
	}
	return r, rr
}

func ownOrigin(l *Listener) string { return "http://" + hostOf(l) }

func TestRelayAcceptsAFragmentPostedFromTheListenersOwnOrigin(t *testing.T) {
	l := listen(t, "", 0)
	r, rr := relayPost(t, l, ownOrigin(l), "", "access_token=tok&token_type=Bearer&scope=read+chat&expires_in=3600&state="+testState)
	if r.status != http.StatusOK || !rr.OK || rr.Title != "Logged in" {
		t.Fatalf("%d %+v", r.status, rr)
	}
	res, err := waitResult(t, l)
	if err != nil || *res != (Result{AccessToken: "tok", TokenType: "Bearer", Scope: "read chat", ExpiresIn: 3600}) {
		t.Fatalf("%v %v", res, err)
	}
}

func TestRelayAcceptsEveryLoopbackSpellingOfItsOwnOrigin(t *testing.T) {
	for _, name := range []string{"localhost", "127.0.0.1"} {
		l := listen(t, "", 0)
		host := name + ":" + portOf(l)
		if r, rr := relayPost(t, l, "http://"+host, host, "#access_token=tok&state="+testState); r.status != http.StatusOK || !rr.OK {
			t.Errorf("%s: %d %+v", name, r.status, rr)
		}
	}
}

func TestRelayRefusesCrossOriginAndOriginlessPostsAndTheLoginKeepsWaiting(t *testing.T) {
	l := listen(t, "", 0)
	port := portOf(l)
	for _, origin := range []string{
		"", "null", "http://evil.example", "http://evil.example:" + port, "https://127.0.0.1:" + port,
		"http://127.0.0.1:1", "http://localhost:" + port, // the Host says 127.0.0.1
		"http://127.0.0.1:" + port + "/", "http://127.0.0.1:" + port + ".evil.example",
	} {
		r, rr := relayPost(t, l, origin, "", "access_token=tok&state="+testState)
		if r.status != http.StatusForbidden || rr.OK {
			t.Errorf("Origin %q: %d %+v, want 403", origin, r.status, rr)
		}
	}
	stillWaiting(t, l)
}

func TestRelayRefusesBadAnswersAndTheLoginKeepsWaiting(t *testing.T) {
	l := listen(t, "", 0)
	for _, body := range []string{
		"", "#", "access_token=tok-4711", "access_token=tok-4711&state=forged", "access_token=tok-4711&state=" + testState + "&state=x",
		"access_token=a&access_token=b&state=" + testState, "state=" + testState, "access_token=%zz&state=" + testState,
		"access_token=t%1Bk&state=" + testState,
	} {
		r, rr := relayPost(t, l, ownOrigin(l), "", body)
		if r.status != http.StatusBadRequest || rr.OK || rr.Message == "" {
			t.Errorf("%q: %d %+v, want 400 with a reason", body, r.status, rr)
		}
		if strings.Contains(r.body, testState) || strings.Contains(r.body, "tok-4711") {
			t.Errorf("%q: the reply echoes a value", body)
		}
	}
	if _, rr := relayPost(t, l, ownOrigin(l), "", ""); rr.Title != noTokenTitle {
		t.Errorf("an empty fragment: %+v", rr)
	}
	stillWaiting(t, l)
}

func TestRelayRefusesOtherMethodsBodiesAndSizes(t *testing.T) {
	l := listen(t, "", 0)
	if r := get(t, l, relayPath+"?access_token=tok&state="+testState); r.status != http.StatusMethodNotAllowed {
		t.Errorf("GET: %d", r.status)
	}
	h := http.Header{"Origin": {ownOrigin(l)}, "Content-Type": {"text/plain"}}
	if r := send(t, l, http.MethodPost, relayPath, hostOf(l), h, "access_token=tok&state="+testState); r.status != http.StatusUnsupportedMediaType {
		t.Errorf("text/plain: %d", r.status)
	}
	big := "access_token=" + strings.Repeat("a", maxRelayBody) + "&state=" + testState
	if r, _ := relayPost(t, l, ownOrigin(l), "", big); r.status != http.StatusRequestEntityTooLarge {
		t.Errorf("an oversized fragment: %d", r.status)
	}
	r, _ := relayPost(t, l, ownOrigin(l), "evil.example", "access_token=tok&state="+testState)
	if r.status != http.StatusMisdirectedRequest {
		t.Errorf("a foreign Host: %d", r.status)
	}
	stillWaiting(t, l)
}

func TestRelayEndsTheLoginWithAnAuthErrorForAnErrorFragment(t *testing.T) {
	l := listen(t, "", 0)
	r, rr := relayPost(t, l, ownOrigin(l), "", "error=access_denied&error_description=%3Cb%3Eno%3C%2Fb%3E&state="+testState)
	if r.status != http.StatusOK || rr.OK || rr.Title != "Access was denied" {
		t.Fatalf("%d %+v", r.status, rr)
	}
	_, err := waitResult(t, l)
	var ae *AuthError
	if !errors.As(err, &ae) || ae.Code != "access_denied" {
		t.Fatalf("err %v", err)
	}
}

func TestRelayAfterTheLoginFinishedSaysSoAndKeepsTheFirstAnswer(t *testing.T) {
	l := listen(t, "", 0)
	relayPost(t, l, ownOrigin(l), "", "access_token=first&state="+testState)
	r, rr := relayPost(t, l, ownOrigin(l), "", "access_token=second&state="+testState)
	if r.status != http.StatusConflict || rr.Title != "This login already finished" {
		t.Fatalf("%d %+v", r.status, rr)
	}
	if res, err := waitResult(t, l); err != nil || res.AccessToken != "first" {
		t.Fatalf("%v %v", res, err)
	}
}

func TestTheBareRedirectPathServesTheRelayPageUnderANoncedCSP(t *testing.T) {
	l := listen(t, "", 0)
	for _, q := range []string{"", "?", "?utm_source=x"} {
		r := get(t, l, "/callback"+q)
		csp := r.header.Get("Content-Security-Policy")
		if r.status != http.StatusOK || !strings.Contains(r.body, "location.hash") || !strings.Contains(r.body, "replaceState") ||
			!strings.Contains(r.body, "<noscript>") || !strings.Contains(r.body, `"`+relayPath+`"`) {
			t.Fatalf("%q: %d\n%s", q, r.status, r.body)
		}
		nonce := regexp.MustCompile(`<script nonce="([^"]+)">`).FindStringSubmatch(r.body)
		if nonce == nil || !strings.Contains(csp, "script-src 'nonce-"+nonce[1]+"'") ||
			!strings.Contains(csp, "connect-src 'self'") || strings.Contains(csp, "unsafe") {
			t.Fatalf("%q: the script's nonce is not the CSP's: csp %q", q, csp)
		}
	}
	stillWaiting(t, l)
}
