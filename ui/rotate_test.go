package ui

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"chatkeys/api"
	"chatkeys/api/chatsim"
)

// selectClient puts the Clients table's cursor on the client named name.
func selectClient(t *testing.T, a *App, name string) api.OAuthClient {
	t.Helper()
	send(t, a, "1")
	s := a.stacks[tabClients][0].(*clientsScreen)
	for i := range s.all {
		if s.all[i].Name == name {
			if !s.selectRow(s.all[i].ID) {
				t.Fatalf("client %q cannot be selected", name)
			}
			return s.all[i]
		}
	}
	t.Fatalf("no client %q", name)
	return api.OAuthClient{}
}

// tokensOf are the simulator's tokens of client ident.
func tokensOf(sim *chatsim.Sim, ident string) []api.OAuthToken {
	var out []api.OAuthToken
	for _, t := range sim.Tokens() {
		if t.ClientIdentifier == ident {
			out = append(out, t)
		}
	}
	return out
}

func TestTheRotateConfirmShowsTheClientsTokensByAgentTheirDatesAndChatkeysOwnLogin(t *testing.T) {
	a, sim := newSimApp(t)
	cl := selectClient(t, a, "chatkeys demo")
	tokens := tokensOf(sim, cl.ClientIdentifier)
	agents := map[int64]int{}
	oldest := *tokens[0].CreateDate
	for _, tok := range tokens {
		agents[tok.AgentID]++
		if tok.CreateDate.Before(oldest) {
			oldest = *tok.CreateDate
		}
	}
	send(t, a, "s")
	c, ok := a.front().(*confirmDialog)
	if !ok || c.title != "Rotate secret" {
		t.Fatalf("s opened %T", a.front())
	}
	// The agent holding the most tokens is named first.
	top, most := int64(0), 0
	for id, n := range agents {
		if n > most || (n == most && id < top) {
			top, most = id, n
		}
	}
	for _, want := range []string{
		"What depends on it: " + strconv.Itoa(len(tokens)) + " tokens",
		strconv.FormatInt(top, 10) + " (" + strconv.Itoa(most) + ")",
		"created " + oldest.UTC().Format(time.DateOnly) + " to " + testNow.Format(time.DateOnly),
		"chatkeys' own login is one of them.",
		"offers to revoke the tokens it issued before the rotation",
	} {
		if !strings.Contains(c.body, want) {
			t.Errorf("the confirm lacks %q:\n%s", want, c.body)
		}
	}
	mustContain(t, viewOf(a), "What depends on it")
}

// A token minted in the second of the rotation is not known to predate
// it, so the second confirm leaves it; every older token of the client is
// revoked, and no other client's.
func TestAfterTheModalTheSecondConfirmRevokesOnlyTheTokensIssuedBeforeTheRotation(t *testing.T) {
	a, sim := newSimApp(t)
	cl := selectClient(t, a, "Support bot")
	var older, atRotation []api.OAuthToken
	for _, tok := range tokensOf(sim, cl.ClientIdentifier) {
		if tok.CreateDate.Before(testNow) {
			older = append(older, tok)
		} else {
			atRotation = append(atRotation, tok)
		}
	}
	if len(older) == 0 || len(atRotation) == 0 {
		t.Fatal("the client has no tokens created before testNow, or none at it")
	}
	others := len(sim.Tokens()) - len(older) - len(atRotation)
	fresh := sim.MintToken(sim.Admin().ID, cl.ClientIdentifier, "read", time.Hour) // created at testNow
	atRotation = append(atRotation, fresh)
	keys(t, a, "s", "y")
	if _, ok := a.front().(*secretModal); !ok {
		t.Fatalf("the rotation showed %T", a.front())
	}
	keys(t, a, "c", "enter")
	c, ok := a.front().(*confirmDialog)
	if !ok || c.title != "Revoke older tokens" ||
		!strings.Contains(c.body, "Revoke the "+strconv.Itoa(len(older))+" tokens \"Support bot\" issued before the rotation?") {
		t.Fatalf("after the modal: %T %+v", a.front(), c)
	}
	keys(t, a, "y", "enter")
	left := tokensOf(sim, cl.ClientIdentifier)
	if len(left) != len(atRotation) || left[len(left)-1].ID != fresh.ID {
		t.Fatalf("the client keeps %d tokens, want the %d created in the second of the rotation", len(left), len(atRotation))
	}
	if got := len(sim.Tokens()) - len(left); got != others {
		t.Fatalf("%d tokens of other clients are listed, want %d", got, others)
	}
}

// The demo client holds chatkeys' own token, created at testNow; rotated
// an hour later, the second confirm leaves the token out and says so. n
// keeps every token.
func TestTheSecondConfirmLeavesChatkeysOwnTokenOutAndNKeepsThemAll(t *testing.T) {
	sess, sim := simSession(t)
	a := New(context.Background(), Options{Session: sess, Now: func() time.Time { return testNow.Add(time.Hour) },
		CopyNative: func(string) error { return nil }})
	a.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	pump(t, a, a.Init())
	cl := selectClient(t, a, "chatkeys demo")
	before := len(tokensOf(sim, cl.ClientIdentifier))
	keys(t, a, "s", "y", "c", "enter")
	c, ok := a.front().(*confirmDialog)
	if !ok || !strings.Contains(c.body, "Revoke the "+strconv.Itoa(before-1)+" tokens") ||
		!strings.Contains(c.body, "chatkeys' own token is kept") {
		t.Fatalf("after the modal: %T %+v", a.front(), c)
	}
	send(t, a, "n")
	if a.front() != nil || len(tokensOf(sim, cl.ClientIdentifier)) != before {
		t.Fatal("n did not keep every token")
	}
}

func TestQuittingFromTheModalOffersNoSecondStep(t *testing.T) {
	a, _ := newSimApp(t)
	selectClient(t, a, "Support bot")
	keys(t, a, "s", "y")
	m := a.front().(*secretModal)
	if m.after == nil {
		t.Fatal("the rotation's modal has no step after it")
	}
	msgs := send(t, a, "ctrl+c")
	msgs = append(msgs, send(t, a, "y")...)
	if _, listed := findMsg[mintedBeforeMsg](msgs); !quits(msgs) || listed {
		t.Fatal("y on the quit question did not quit, or listed the tokens to revoke")
	}
}
