package authflow

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"chatkeys/api/chatsim"
	"chatkeys/api/chatsim/consent"
	"chatkeys/authflow/config"
)

// simAccount is chatsim over real HTTP, with a Config for its demo client.
type simAccount struct {
	sim *chatsim.Sim
	srv *httptest.Server
	cfg Config
}

func newSimAccount(t testing.TB, opts chatsim.Options, wrap ...func(http.Handler) http.Handler) *simAccount {
	t.Helper()
	sim := chatsim.New(opts)
	var h http.Handler = sim
	for _, w := range wrap {
		h = w(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	demo := sim.DemoClient()
	return &simAccount{sim: sim, srv: srv, cfg: Config{
		AuthorizeURL: srv.URL + "/oauth2/chat/authorizations/new",
		TokenURL:     srv.URL + "/oauth2/chat/token",
		ClientID:     demo.ClientIdentifier, ClientSecret: demo.ClientSecret,
		RedirectURI: "http://127.0.0.1:0", Scopes: []string{"read", "write"},
	}}
}

// startFlow starts a browser flow and registers its real redirect URI on
// the demo client, as --demo does.
func (s *simAccount) startFlow(t testing.TB, grant config.Grant) *BrowserFlow {
	t.Helper()
	f, err := StartBrowser(s.cfg, grant, BrowserOptions{Opener: func(string) error { return nil }, Timeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Cancel)
	s.sim.SetDemoRedirectURI(f.RedirectURI())
	return f
}

// newFlow starts a grant's browser flow on a fresh simulator seeded with 1.
func newFlow(t testing.TB, grant config.Grant) (*simAccount, *BrowserFlow) {
	t.Helper()
	s := newSimAccount(t, chatsim.Options{Seed: 1})
	return s, s.startFlow(t, grant)
}

// tokenPosts counts the requests the token endpoint received.
func (s *simAccount) tokenPosts() int { return s.sim.RequestCount("POST", "/oauth2/chat/token") }

// decide walks the consent pages as the admin and presses button; with
// stopAt it returns the redirect to the listener instead of following it.
func (s *simAccount) decide(t testing.TB, authorizeURL, stopAt, button string) *http.Response {
	t.Helper()
	admin := s.sim.Admin()
	resp, err := consent.New(stopAt).Decide(authorizeURL, admin.Email, admin.Password, button)
	if err != nil {
		t.Error(err)
		return nil
	}
	return resp
}

// decideInBackground walks the consent pages for f as the admin and
// presses button, following the redirect to f's listener, while the test
// waits on the flow.
func (s *simAccount) decideInBackground(t testing.TB, f *BrowserFlow, button string) {
	go func() {
		if resp := s.decide(t, f.AuthorizeURL(), "", button); resp != nil {
			resp.Body.Close()
		}
	}()
}

// allowedRedirect walks the consent pages for f as the admin, allows, and
// returns the address the browser was sent to without following it.
func (s *simAccount) allowedRedirect(t testing.TB, f *BrowserFlow) string {
	t.Helper()
	u, _ := url.Parse(f.RedirectURI())
	resp := s.decide(t, f.AuthorizeURL(), u.Host, consent.Allow)
	if resp == nil {
		t.FailNow()
	}
	resp.Body.Close()
	return resp.Header.Get("Location")
}
