package authflow

import (
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestParseRedirectAcceptsEveryShapeAUserPastes(t *testing.T) {
	s := "state=" + testState
	cases := map[string]Result{
		"http://localhost:8080/?code=abc&" + s:                    {Code: "abc"},
		"  'http://localhost:8080/callback?code=abc&" + s + "'  ": {Code: "abc"},
		"http://localhost:8080#access_token=tok&token_type=Bearer&scope=read&expires_in=36000&" + s: {
			AccessToken: "tok", TokenType: "Bearer", Scope: "read", ExpiresIn: 36000},
		"?code=abc&" + s:              {Code: "abc"},
		"#access_token=tok&" + s:      {AccessToken: "tok"},
		"code=abc&" + s:               {Code: "abc"},
		"http://x/?a=1#code=abc&" + s: {Code: "abc"},
	}
	for raw, want := range cases {
		got, err := ParseRedirect(raw, testState)
		if err != nil || *got != want {
			t.Errorf("%q: %+v %v, want %+v", raw, got, err, want)
		}
	}
}

func TestParseRedirectAppliesTheListenersChecks(t *testing.T) {
	cases := map[string]error{
		"http://localhost:8080/?code=abc&state=forged":                                          ErrStateMismatch,
		"http://localhost:8080/?code=abc":                                                       errMissingState,
		"http://localhost:8080/?code=a&code=b&state=" + testState:                               errRepeated,
		"http://localhost:8080/?state=" + testState:                                             errNothing,
		"http://localhost:8080/":                                                                errMissingState,
		"http://localhost:8080/#" + strings.Repeat("a", maxRedirectLen) + "&state=" + testState: errTooLong,
	}
	for raw, want := range cases {
		if _, err := ParseRedirect(raw, testState); !errors.Is(err, want) {
			t.Errorf("%.60q: %v, want %v", raw, err, want)
		}
		if _, err := ParseRedirect(raw, testState); err != nil && strings.Contains(err.Error(), testState) {
			t.Errorf("the error quotes the state")
		}
	}
	_, err := ParseRedirect("http://localhost:8080/#error=access_denied&state="+testState, testState)
	var ae *AuthError
	if !errors.As(err, &ae) || ae.Code != "access_denied" {
		t.Fatalf("err %v", err)
	}
}

func FuzzParseRedirect(f *testing.F) {
	f.Add("http://localhost:8080/?code=abc&state=" + testState)
	f.Add("http://localhost:8080/#access_token=t&state=" + testState + "&expires_in=-1")
	f.Add("#error=%1b[31m&error_description=<b>&state=" + testState)
	f.Add("?code=&state=" + testState)
	f.Add("state=" + testState + "&state=" + testState)
	f.Fuzz(func(t *testing.T, raw string) {
		r, err := ParseRedirect(raw, testState)
		if err == nil && r.Code == "" && r.AccessToken == "" {
			t.Fatalf("an empty result for %q", raw)
		}
		if err == nil && !strings.Contains(raw, testState) {
			t.Fatalf("accepted without the state: %q", raw)
		}
		var ae *AuthError
		if errors.As(err, &ae) && strings.ContainsAny(ae.Description+ae.Code, "\x1b\n\r") {
			t.Fatalf("unsanitised error %q", ae)
		}
	})
}

// FuzzCallbackHandler drives the listener's handler with arbitrary paths,
// queries, hosts and relay bodies: it must never panic, and never accept an
// answer whose state is not the login's.
func FuzzCallbackHandler(f *testing.F) {
	f.Add("/callback", "code=abc&state="+testState, "127.0.0.1:1", "")
	f.Add("/chatkeys-relay", "", "localhost:1", "access_token=x&state="+testState)
	f.Add("/callback", "error=access_denied&error_description=%3Cscript%3E&state=x", "[::1]:1", "")
	f.Add("/favicon.ico", "", "evil.example", "")
	f.Fuzz(func(t *testing.T, path, query, host, body string) {
		if !strings.HasPrefix(path, "/") {
			path = "/" + path
		}
		l := &Listener{cfg: ListenerConfig{State: testState}, path: "/callback", result: make(chan outcome, 1)}
		h := l.handler()
		method := "GET"
		if body != "" {
			method = "POST"
		}
		req := httptest.NewRequest(method, "http://127.0.0.1:1/", strings.NewReader(body))
		req.URL.Path, req.URL.RawQuery, req.Host = path, query, host
		req.Header.Set("Origin", "http://"+host)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		select {
		case o := <-l.result:
			if o.err == nil && !strings.Contains(query+body, testState) {
				t.Fatalf("accepted %q %q without the state", query, body)
			}
		default:
		}
		if rec.Header().Get("Cache-Control") != "no-store" {
			t.Fatal("a response without no-store")
		}
	})
}
