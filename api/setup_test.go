package api_test

import (
	"context"
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
	wire   *wire  // every request the server received
}

// setup starts chatsim with opts behind optional wrappers, and the wire
// recorder in front of them, and returns a client logged in as its
// administrator.
func setup(t testing.TB, opts chatsim.Options, wrap ...func(http.Handler) http.Handler) *fixture {
	t.Helper()
	f := &fixture{sim: chatsim.New(opts), wire: &wire{}}
	var h http.Handler = f.sim
	for _, w := range wrap {
		h = w(h)
	}
	f.srv = httptest.NewServer(f.wire.wrap(h))
	t.Cleanup(f.srv.Close)
	f.token = f.mint("read write").AccessToken
	f.client = newClient(t, f.srv.URL, f.token)
	return f
}

// seeded is setup with seed 1 and no other option.
func seeded(t testing.TB, wrap ...func(http.Handler) http.Handler) *fixture {
	t.Helper()
	return setup(t, chatsim.Options{Seed: 1}, wrap...)
}

// mint records a token of the administrator for the demo client.
func (f *fixture) mint(scopes string) api.OAuthToken {
	return f.sim.MintToken(f.sim.Admin().ID, f.sim.DemoClient().ClientIdentifier, scopes, time.Hour)
}

// mintTokens mints n read tokens and returns their ids.
func (f *fixture) mintTokens(n int) []int64 {
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = f.mint("read").ID
	}
	return ids
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
	t.Helper()
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

// listVia calls a service's List and checks that it sent one GET of path.
func listVia[T any](t *testing.T, f *fixture, list func(context.Context) ([]T, error), path string) []T {
	t.Helper()
	out, err := list(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	f.checkSent(t, sent{method: "GET", path: path})
	return out
}
