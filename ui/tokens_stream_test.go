package ui

import (
	"context"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"golang.org/x/oauth2"

	"chatkeys/api"
	"chatkeys/api/chatsim"
)

// streamingCommon is a common whose session reaches a simulated account
// with n tokens more than the usual.
func streamingCommon(t *testing.T, n int) (*common, *chatsim.Sim) {
	t.Helper()
	sim := chatsim.New(chatsim.Options{Seed: 1, Tokens: n})
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	tok := sim.MintToken(sim.Admin().ID, sim.DemoClient().ClientIdentifier, "read write", time.Hour)
	cl, err := api.NewClient(srv.URL+"/api/v2/chat", oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok.AccessToken}))
	if err != nil {
		t.Fatal(err)
	}
	c := newTestCommon()
	c.sess.Client = cl
	ctx, cancel := context.WithCancel(context.Background())
	c.ctx = ctx
	t.Cleanup(cancel) // before the server closes: a load left half read ends
	return c, sim
}

// run runs cmd and returns its message, failing after a while.
func run(t *testing.T, cmd tea.Cmd) tea.Msg {
	t.Helper()
	got := make(chan tea.Msg, 1)
	go func() { got <- cmd() }()
	select {
	case m := <-got:
		return m
	case <-time.After(30 * time.Second):
		t.Fatal("the command did not answer")
		return nil
	}
}

func TestTokensAreOnScreenFromTheFirstPartOfALongList(t *testing.T) {
	c, sim := streamingCommon(t, 20_000)
	want := sim.Tokens()
	s := newTokensScreen(c)
	msg, ok := run(t, loadTokens(c)).(tokensLoadedMsg)
	if !ok || !msg.partial || len(msg.list) < firstTokens || len(msg.list) >= len(want) || msg.next == nil {
		t.Fatalf("first message: partial %v, %d of %d tokens", msg.partial, len(msg.list), len(want))
	}
	s.HandleMsg(msg)
	view := viewAt(s, 120, 30)
	if !strings.Contains(view, strconv.FormatInt(want[0].ID, 10)) || !strings.Contains(view, "loading…") {
		t.Fatalf("the first part is not on screen, or it does not say more is coming:\n%s", view)
	}
	parts := 1
	for msg.partial {
		if msg, ok = run(t, msg.next).(tokensLoadedMsg); !ok {
			t.Fatal("the load ended without its last message")
		}
		s.HandleMsg(msg)
		parts++
	}
	if msg.err != nil || len(msg.list) != len(want) || len(s.all) != len(want) || len(s.visible) != len(want) {
		t.Fatalf("after %d parts: %d tokens listed, %d shown, want %d (%v)", parts, len(msg.list), len(s.visible), len(want), msg.err)
	}
	for i := range want {
		if s.all[i].ID != want[i].ID || s.search.row(i) == "" {
			t.Fatalf("row %d: token %d, want %d", i, s.all[i].ID, want[i].ID)
		}
	}
	if strings.Contains(viewAt(s, 120, 30), "loading…") {
		t.Fatal("it still says loading after the last part")
	}
}

func TestANewerTokenLoadStopsAnOlderOne(t *testing.T) {
	c, _ := streamingCommon(t, 20_000)
	first, ok := run(t, loadTokens(c)).(tokensLoadedMsg)
	if !ok || !first.partial {
		t.Fatal("no first part")
	}
	second := loadTokens(c)
	c.tokenLoadsSeen.Store(int64(c.tokenLoads)) // the root saw the newer load's tokens
	if m := run(t, first.next); m != nil {
		t.Fatalf("the older load went on: %T", m)
	}
	if m, ok := run(t, second).(tokensLoadedMsg); !ok || m.load != first.load+1 {
		t.Fatalf("the newer load: %T", m)
	}
}

func TestTheAppReadsEveryPartOfALongTokenList(t *testing.T) {
	c, sim := streamingCommon(t, 20_000)
	a := New(c.ctx, Options{Session: c.sess, Now: c.now})
	a.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	pump(t, a, a.Init())
	ts := a.stacks[tabTokens][0].(*tokensScreen)
	if want := len(sim.Tokens()); len(ts.all) != want || ts.streaming {
		t.Fatalf("the Tokens tab holds %d of %d tokens (streaming %v)", len(ts.all), want, ts.streaming)
	}
}

func TestALoadedListHoldsEachAccessTokenButNoRefreshTokenValue(t *testing.T) {
	c, sim := streamingCommon(t, 0)
	want := map[int64]api.OAuthToken{}
	for _, tok := range sim.Tokens() {
		want[tok.ID] = tok
	}
	msg := run(t, loadTokens(c)).(tokensLoadedMsg)
	for msg.partial {
		msg = run(t, msg.next).(tokensLoadedMsg)
	}
	refreshes := 0
	for _, got := range msg.list {
		w := want[got.ID]
		if got.AccessToken != w.AccessToken || (got.RefreshToken != "") != (w.RefreshToken != "") {
			t.Fatalf("token %d: access %v, refresh %v; the server's %v, %v", got.ID,
				got.AccessToken == w.AccessToken, got.RefreshToken != "", true, w.RefreshToken != "")
		}
		if w.RefreshToken != "" {
			refreshes++
			if strings.Contains(got.RefreshToken, w.RefreshToken[:8]) {
				t.Fatalf("token %d keeps its refresh token's value", got.ID)
			}
		}
	}
	if msg.err != nil || len(msg.list) != len(want) || refreshes == 0 {
		t.Fatalf("%d of %d tokens, %d with a refresh token (%v)", len(msg.list), len(want), refreshes, msg.err)
	}
}
