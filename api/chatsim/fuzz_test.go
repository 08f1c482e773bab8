package chatsim

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// FuzzDecodeClientBody checks the parser of create and update bodies, the
// simulator's main parser of outside input: it never panics, it fails with
// a *bodyError or a *fieldError naming a real field, and what it accepts
// is what encoding/json sees in the same body.
func FuzzDecodeClientBody(f *testing.F) {
	for _, seed := range []string{
		`{"name":"x","scopes":"read","redirect_uris":"https://a.example"}`,
		`{"name":"x","scopes":"read write","redirect_uris":["http://localhost:1","https://b"]}`,
		`{"name":1}`, `{"redirect_uris":{}}`, `{"company":null}`, `[]`, `null`, ``, `{"name":"\u0000"}`,
		"{\"name\": \"client2\", \\\n \"company\": \"c\" \\\n}",
	} {
		f.Add([]byte(seed))
	}
	fields := map[string]bool{"name": true, "company": true, "redirect_uris": true, "scopes": true, "client_type": true}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := decodeClientBody(data)
		var fe *fieldError
		var be *bodyError
		switch {
		case errors.As(err, &fe):
			if !fields[fe.Field] || fe.Description == "" {
				t.Fatalf("field error %+v", fe)
			}
			return
		case errors.As(err, &be):
			if json.Valid(data) && strings.HasPrefix(strings.TrimSpace(string(data)), "{") {
				t.Fatalf("valid JSON object %q refused: %v", data, err)
			}
			return
		case err != nil:
			t.Fatalf("untyped error %v", err)
		}
		var m map[string]any
		if json.Unmarshal(data, &m) != nil || m == nil {
			t.Fatalf("accepted %q, which is not a JSON object", data)
		}
		if name, ok := m["name"].(string); ok && (b.Name == nil || *b.Name != name) {
			t.Fatalf("name %q decoded as %v", name, b.Name)
		}
		if b.validate(true) == nil && (b.Name == nil || b.RedirectURIs == nil || b.Scopes == nil) {
			t.Fatalf("create accepted %q without a required field", data)
		}
	})
}

// FuzzClientBody throws arbitrary bodies at create and update over the
// handler: the answer is 201/200 or a 4xx with a description, never a
// panic or a 5xx.
func FuzzClientBody(f *testing.F) {
	f.Add(`{"name":"x","scopes":"read","redirect_uris":"https://a.example"}`)
	f.Add(`{"name":"x","scopes":"read write","redirect_uris":["http://localhost:1","https://b"]}`)
	f.Add(`{"name":1}`)
	f.Add(`{"client_type":"confidential","redirect_uris":"http://[::1]:9/x"}`)
	f.Add("{\"name\": \"client2\", \\\n \"company\": \"c\" \\\n}")
	s := New(Options{Seed: 1})
	tok := s.MintToken(s.Admin().ID, s.DemoClient().ClientIdentifier, "read write", 24*time.Hour).AccessToken
	f.Fuzz(func(t *testing.T, body string) {
		for _, target := range []struct{ method, path string }{{"POST", clientsPath}, {"PUT", clientsPath + "/2"}} {
			req := httptest.NewRequest(target.method, target.path, strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+tok)
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if rec.Code >= 500 || (rec.Code >= 300 && rec.Code < 400) {
				t.Fatalf("%s %s: %d for %q", target.method, target.path, rec.Code, body)
			}
			if rec.Code == http.StatusBadRequest && !strings.Contains(rec.Body.String(), `"description"`) {
				t.Fatalf("a 400 without a description: %s", rec.Body)
			}
		}
	})
}

// FuzzTokenEndpoint throws arbitrary forms at the token endpoint: it
// answers JSON, with an RFC 6749 error unless a token was issued, and
// never issues one to a form without the client's secret.
func FuzzTokenEndpoint(f *testing.F) {
	f.Add("grant_type=client_credentials&client_id=x&client_secret=y")
	f.Add("grant_type=authorization_code&code=&client_id=")
	f.Add("grant_type=refresh_token&refresh_token=%00")
	f.Add("grant_type=password&username=admin%40example.com&password=demo")
	s := New(Options{Seed: 1})
	f.Fuzz(func(t *testing.T, form string) {
		req := httptest.NewRequest("POST", tokenPath, strings.NewReader(form))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		var body map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || rec.Code >= 500 {
			t.Fatalf("%d %s for %q", rec.Code, rec.Body, form)
		}
		if rec.Code == 200 {
			t.Fatalf("a token for %q, which has no valid secret", form)
		}
		if body["error"] == nil {
			t.Fatalf("an error without an RFC 6749 code: %s", rec.Body)
		}
	})
}

// FuzzAuthorize throws arbitrary queries at the authorize page: it never
// fails with a 5xx, and it never redirects anywhere but the client's
// registered redirect URI.
func FuzzAuthorize(f *testing.F) {
	s := New(Options{Seed: 1})
	demo := s.DemoClient()
	f.Add(url.Values{"client_id": {demo.ClientIdentifier}, "response_type": {"code"}, "scope": {"read"}, "state": {"x"}}.Encode())
	f.Add(url.Values{"client_id": {demo.ClientIdentifier}, "response_type": {"token"}, "scope": {"admin"}}.Encode())
	f.Add(url.Values{"client_id": {demo.ClientIdentifier}, "redirect_uri": {"https://evil.example"}, "response_type": {"nope"}}.Encode())
	f.Add("client_id=" + demo.ClientIdentifier + "&client_id=x")
	f.Fuzz(func(t *testing.T, query string) {
		req := httptest.NewRequest("GET", authorizePath, nil)
		req.URL.RawQuery = query
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		switch {
		case rec.Code >= 500:
			t.Fatalf("%d for %q", rec.Code, query)
		case rec.Code == http.StatusFound:
			loc := rec.Header().Get("Location")
			if !strings.HasPrefix(loc, demo.RedirectURIs[0]+"?") && !strings.HasPrefix(loc, demo.RedirectURIs[0]+"#") {
				t.Fatalf("redirected to %q for %q", loc, query)
			}
		}
	})
}
