package ui

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"golang.org/x/oauth2"

	"chatkeys/api"
	"chatkeys/api/chatsim"
)

// simSession starts chatsim over real HTTP, seeded relative to testNow, and
// returns a session logged in as its administrator, its client built with
// opts.
func simSession(t testing.TB, opts ...api.Option) (*Session, *chatsim.Sim) {
	t.Helper()
	sim := chatsim.New(chatsim.Options{Seed: 1, Now: func() time.Time { return testNow }})
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	admin := sim.Admin()
	tok := sim.MintToken(admin.ID, sim.DemoClient().ClientIdentifier, "read write", 10*time.Hour)
	c, err := api.NewClient(srv.URL+"/api/v2/chat", oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok.AccessToken}), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return &Session{
		Profile: "demo", Host: "chatsim", Demo: true, Client: c, LoginClientID: sim.DemoClient().ClientIdentifier,
		Login: &LoginInfo{Scopes: "read write", Expiry: testNow.Add(10 * time.Hour), Source: "demo",
			IsOwn: func(s string) bool { return s == tok.AccessToken }},
	}, sim
}

// newSimApp builds the App on a simulator session and runs its Init.
func newSimApp(t testing.TB) (*App, *chatsim.Sim) {
	t.Helper()
	sess, sim := simSession(t)
	return newSimAppWith(t, sess), sim
}

// newSimAppWith builds the App on session sess and runs its Init.
func newSimAppWith(t testing.TB, sess *Session) *App {
	t.Helper()
	a := New(context.Background(), Options{Session: sess, Now: func() time.Time { return testNow },
		CopyNative: func(string) error { return nil }})
	a.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	pump(t, a, a.Init())
	return a
}

// slowSimWithTokens is simSession's simulator answering after 40ms, with n
// more tokens to revoke, whose ids it returns.
func slowSimWithTokens(t *testing.T, n int) (*Session, *chatsim.Sim, []int64) {
	t.Helper()
	sess, sim := simSession(t)
	sim.SetLatency(40 * time.Millisecond)
	var ids []int64
	for range n {
		ids = append(ids, sim.MintToken(sim.Admin().ID, sim.DemoClient().ClientIdentifier, "read", time.Hour).ID)
	}
	return sess, sim, ids
}
