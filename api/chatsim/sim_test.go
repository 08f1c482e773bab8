package chatsim

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"chatkeys/api"
)

// fixture is a simulator over real HTTP with an admin token.
type fixture struct {
	sim   *Sim
	srv   *httptest.Server
	admin string
}

func newFixture(t *testing.T, opts Options) *fixture {
	t.Helper()
	s := New(opts)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	tok := s.MintToken(s.Admin().ID, s.DemoClient().ClientIdentifier, "read write", time.Hour)
	return &fixture{sim: s, srv: srv, admin: tok.AccessToken}
}

// call sends one request with a bearer token ("" for none) and returns the
// status and decoded JSON body (nil when not JSON).
func (f *fixture) call(t *testing.T, method, path, token, body string) (int, map[string]any, []byte) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, f.srv.URL+path, rd)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var m map[string]any
	json.Unmarshal(raw, &m)
	return resp.StatusCode, m, raw
}

// postForm posts to the token endpoint.
func (f *fixture) postForm(t *testing.T, v url.Values) (int, map[string]any) {
	t.Helper()
	resp, err := http.PostForm(f.srv.URL+"/oauth2/chat/token", v)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	json.NewDecoder(resp.Body).Decode(&m)
	return resp.StatusCode, m
}

func clientsOf(t *testing.T, raw []byte) []api.OAuthClient {
	t.Helper()
	var list []api.OAuthClient
	if err := json.Unmarshal(raw, &list); err != nil {
		t.Fatal(err)
	}
	return list
}

func TestSeedingIsDeterministic(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	clock := func() time.Time { return now }
	a, b := New(Options{Seed: 7, Now: clock}), New(Options{Seed: 7, Now: clock})
	if !equalJSON(a.Clients(), b.Clients()) || !equalJSON(a.Tokens(), b.Tokens()) {
		t.Fatal("the same seed gave different accounts")
	}
	if c := New(Options{Seed: 8, Now: clock}); equalJSON(a.Tokens(), c.Tokens()) {
		t.Fatal("another seed gave the same tokens")
	}
}

func TestSeededAccountHasWhatTheDemoNeeds(t *testing.T) {
	now := time.Now()
	s := New(Options{Seed: 1})
	tokens := s.Tokens()
	if len(tokens) < 50 || len(tokens) > 70 {
		t.Fatalf("%d tokens, want about 60", len(tokens))
	}
	expired, soon, clients, agents := 0, 0, map[string]bool{}, map[int64]bool{}
	for _, tok := range tokens {
		clients[tok.ClientIdentifier], agents[tok.AgentID] = true, true
		switch {
		case tok.ExpireDate == nil:
			t.Fatalf("token %d has no expire_date", tok.ID)
		case tok.Expired(now):
			expired++
		case tok.ExpireDate.Sub(now) < 24*time.Hour:
			soon++
		}
	}
	if expired == 0 || soon == 0 || len(clients) < 3 || len(agents) < 3 {
		t.Fatalf("expired %d, near expiry %d, clients %d, agents %d", expired, soon, len(clients), len(agents))
	}
	admins := 0
	for _, a := range s.Agents() {
		if a.Admin {
			admins++
		}
	}
	demo := s.DemoClient()
	if !s.Admin().Admin || admins == len(s.Agents()) || demo.ClientType != api.ClientTypeConfidential ||
		demo.RedirectURIs.String() != "http://localhost:8080" {
		t.Fatalf("admin %+v, demo %+v", s.Admin(), demo)
	}
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}
