package authflow

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzCallbackHandler drives the listener's handler with arbitrary
// methods, paths, queries, Host and Origin headers and relayed fragments.
// It must never panic, answer without the security headers, or take an
// answer whose state is not the login's.
func FuzzCallbackHandler(f *testing.F) {
	const host = "127.0.0.1:8080"
	const origin = "http://" + host
	f.Add("GET", "/callback", "code=abc&state="+testState, host, "", "")
	f.Add("GET", "/callback", "code=abc&state="+testState+"&state="+testState, host, "", "")
	f.Add("GET", "/callback", "error=access_denied&error_description=%3Cscript%3E%1B%5B31m&state="+testState, "[::1]:8080", "", "")
	f.Add("GET", "/callback", "", "localhost:8080", "", "")
	f.Add("GET", "/callback", "code=a;b&state="+testState, host, "", "")
	f.Add("POST", relayPath, "", "localhost:8080", "http://localhost:8080", "access_token=x&token_type=Bearer&state="+testState)
	f.Add("POST", relayPath, "", host, origin, "#error=access_denied&state="+testState)
	f.Add("POST", relayPath, "", host, "http://evil.example", "access_token=x&state="+testState)
	f.Add("POST", relayPath, "", host, origin, "")
	f.Add("GET", "/favicon.ico", "", host, "", "")
	f.Add("GET", "/callback", "code=abc&state="+testState, "evil.example:8080", "", "")
	f.Add("HEAD", "/callback", "code=abc&state="+testState, host, "", "")
	f.Fuzz(func(t *testing.T, method, path, query, host, origin, body string) {
		v := newVerdict()
		h := &callbackHandler{state: testState, path: "/callback", port: "8080", verdict: v}
		req := &http.Request{
			Method:     method,
			URL:        &url.URL{Path: path, RawQuery: query},
			RequestURI: path + "?" + query,
			Host:       host,
			Header:     http.Header{"Origin": {origin}, "Content-Type": {"application/x-www-form-urlencoded"}},
			Body:       io.NopCloser(strings.NewReader(body)),
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)

		hdr := rec.Header()
		if hdr.Get("Cache-Control") != "no-store" || hdr.Get("X-Content-Type-Options") != "nosniff" ||
			!strings.Contains(hdr.Get("Content-Security-Policy"), "default-src 'none'") {
			t.Fatalf("%d without the security headers: %v", rec.Code, hdr)
		}
		if !v.finished() {
			return
		}
		<-v.done // the handler settles before it returns
		var ae *AuthError
		if v.err != nil && !errors.As(v.err, &ae) {
			t.Fatalf("the login ended with %v", v.err)
		}
		var source string
		switch {
		case method == http.MethodGet && path == "/callback":
			source = query
		case method == http.MethodPost && path == relayPath:
			source = strings.TrimPrefix(body, "#")
		default:
			t.Fatalf("%s %s ended the login", method, path)
		}
		if params, err := url.ParseQuery(source); err != nil || len(params["state"]) != 1 || params.Get("state") != testState {
			t.Fatalf("took an answer without the login's state: %q", source)
		}
		if r := v.result; v.err == nil && (r == nil || (r.Code == "") == (r.AccessToken == "")) {
			t.Fatalf("a result without exactly one of a code and a token: %v", r)
		}
		if ae != nil && path == "/callback" && strings.Contains(rec.Body.String(), "<script") {
			t.Fatal("an error page carries a script: a value from the URL was not escaped")
		}
	})
}
