package api_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"chatkeys/api"
	"chatkeys/api/chatsim"
)

// fixture is a client wired to a fresh simulator over real HTTP.
type fixture struct {
	sim    *chatsim.Sim
	srv    *httptest.Server
	client *api.Client
	token  string // the admin's read+write token
}

// setup starts chatsim with opts behind an optional wrapper and returns a
// client logged in as its administrator.
func setup(t testing.TB, opts chatsim.Options, wrap ...func(http.Handler) http.Handler) *fixture {
	t.Helper()
	sim := chatsim.New(opts)
	var h http.Handler = sim
	for _, w := range wrap {
		h = w(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	admin := sim.Admin()
	tok := sim.MintToken(admin.ID, sim.DemoClient().ClientIdentifier, "read write", time.Hour)
	return &fixture{sim: sim, srv: srv, token: tok.AccessToken,
		client: newClient(t, srv.URL, tok.AccessToken)}
}

// newClient returns an API client for the simulator at url with a static
// bearer token ("" for none).
func newClient(t testing.TB, url, token string, opts ...api.Option) *api.Client {
	t.Helper()
	var ts oauth2.TokenSource
	if token != "" {
		ts = oauth2.StaticTokenSource(&oauth2.Token{AccessToken: token, TokenType: "Bearer"})
	}
	c, err := api.NewClient(url+"/api/v2/chat", ts, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// clientAs returns a client authenticated as agentID with the given scopes.
func (f *fixture) clientAs(t *testing.T, agentID int64, scopes string, opts ...api.Option) *api.Client {
	tok := f.sim.MintToken(agentID, f.sim.DemoClient().ClientIdentifier, scopes, time.Hour)
	return newClient(t, f.srv.URL, tok.AccessToken, opts...)
}

// nonAdmin returns a seeded agent who is not an administrator.
func (f *fixture) nonAdmin(t *testing.T) chatsim.Agent {
	for _, a := range f.sim.Agents() {
		if !a.Admin {
			return a
		}
	}
	t.Fatal("the simulator seeded no ordinary agent")
	return chatsim.Agent{}
}
