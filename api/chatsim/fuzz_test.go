package chatsim

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// FuzzClientBody throws arbitrary bodies at create and update: the
// simulator must answer 201/200 or a 4xx, never panic or 5xx.
func FuzzClientBody(f *testing.F) {
	f.Add(`{"name":"x","scopes":"read","redirect_uris":"https://a.example"}`)
	f.Add(`{"name":"x","scopes":"read write","redirect_uris":["http://localhost:1","https://b"]}`)
	f.Add(`{"name":1}`)
	f.Add(`{"redirect_uris":{}}`)
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

// FuzzTokenEndpoint throws arbitrary forms at the token endpoint: it must
// answer JSON, with an RFC 6749 error unless a token was issued.
func FuzzTokenEndpoint(f *testing.F) {
	f.Add("grant_type=client_credentials&client_id=x&client_secret=y")
	f.Add("grant_type=authorization_code&code=&client_id=")
	f.Add("grant_type=refresh_token&refresh_token=%00")
	s := New(Options{Seed: 1})
	f.Fuzz(func(t *testing.T, form string) {
		req := httptest.NewRequest("POST", "/oauth2/chat/token", strings.NewReader(form))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		body := rec.Body.String()
		if rec.Code >= 500 || (rec.Code != 200 && !strings.Contains(body, `"error"`)) {
			t.Fatalf("%d %s for %q", rec.Code, body, form)
		}
	})
}
