package ui

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"chatkeys/api"
	"chatkeys/api/chatsim"
)

func TestConfirmDefaultsToNo(t *testing.T) {
	c := newTestCommon()
	d := newConfirmDialog(c, "Delete", "Sure?", "", "Delete", emit("did it"))
	act, ok := d.HandleMsg(press("enter")).(actionClose)
	if !ok || act.then != nil {
		t.Fatalf("enter on a fresh dialog = %#v, want close without acting", act)
	}
	mustContain(t, drawAt(d, 60, 20), "No", "Delete")
}

func TestConfirmYesOrArrowThenEnterActs(t *testing.T) {
	c := newTestCommon()
	for _, keys := range [][]string{{"y"}, {"right", "enter"}, {"tab", "enter"}} {
		d := newConfirmDialog(c, "Delete", "Sure?", "", "", emit("did it"))
		var act Action
		for _, k := range keys {
			act = d.HandleMsg(press(k))
		}
		cl, ok := act.(actionClose)
		if !ok || cl.then == nil || collect(t, cl.then)[0] != "did it" {
			t.Errorf("%v: %#v, want close and act", keys, act)
		}
	}
	for _, k := range []string{"n", "esc"} {
		d := newConfirmDialog(c, "Delete", "Sure?", "", "", emit("did it"))
		if cl, ok := d.HandleMsg(press(k)).(actionClose); !ok || cl.then != nil {
			t.Errorf("%s did not cancel", k)
		}
	}
}

func TestSecretModalRefusesToCloseBeforeCopyOrSave(t *testing.T) {
	c := newTestCommon()
	m := newSecretModal(c, "New secret", "", "s3cr3t-value-0123456789")
	if _, ok := m.HandleMsg(press("enter")).(actionNone); !ok || !m.askingToClose {
		t.Fatal("enter closed an unacknowledged modal")
	}
	mustContain(t, drawAt(m, 70, 20), "Close without copying or saving?")
	m.HandleMsg(press("n"))
	if m.askingToClose {
		t.Fatal("n did not return to the modal")
	}
	if _, ok := m.HandleMsg(press("esc")).(actionNone); !ok {
		t.Fatal("esc closed the modal")
	}
	m.HandleMsg(press("enter"))
	mustCloseDroppingTheValue(t, m, "y", "y after the question did not close")
}

// mustCloseDroppingTheValue presses k on m and fails with notClosed unless
// m closes, or unless its value is gone once it has.
func mustCloseDroppingTheValue(t *testing.T, m *secretModal, k, notClosed string) {
	t.Helper()
	if _, ok := m.HandleMsg(press(k)).(actionClose); !ok {
		t.Fatal(notClosed)
	}
	if m.value != "" {
		t.Fatal("the value survived the close")
	}
}

// copyAnswers are the two answers a copy can get. The terminal's copy
// (OSC 52) cannot be confirmed, so it is always sent and the answer turns
// on the system clipboard alone: it took the text, or it failed and says
// why.
var copyAnswers = []struct {
	name   string
	native error
	says   string // what the answer says, with "%s" for what was copied
	never  string // what only the other answer says
}{
	{"the system clipboard took it", nil,
		"Copied %s to the system clipboard (and to the terminal's, via OSC 52).", "Sent %s to the terminal's clipboard"},
	{"only OSC 52 was sent", errors.New("no system clipboard"),
		"Sent %s to the terminal's clipboard (OSC 52); no system clipboard.", "Copied %s to the system clipboard"},
}

func TestSecretModalCopiesThroughBothClipboardsAndSaysWhichWorked(t *testing.T) {
	for _, tc := range copyAnswers {
		t.Run(tc.name, func(t *testing.T) {
			c := newTestCommon()
			var native string
			c.copyNative = func(s string) error { native = s; return tc.native }
			m := newSecretModal(c, "New secret", "", "s3cr3t-value")
			run, ok := m.HandleMsg(press("c")).(actionRun)
			if !ok {
				t.Fatal("c did not copy")
			}
			msgs := collect(t, run.cmd)
			if !setsTerminalClipboard(msgs, "s3cr3t-value") {
				t.Fatal("the value was not sent to the terminal's clipboard (OSC 52)")
			}
			res, ok := findMsg[clipboardResultMsg](msgs)
			if !ok || native != "s3cr3t-value" {
				t.Fatalf("the system clipboard got %q", native)
			}
			m.HandleMsg(res)
			view := drawAt(m, 100, 20) // wide enough that the answer is on one line
			mustContain(t, view, fmt.Sprintf(tc.says, "the value"))
			mustLack(t, view, fmt.Sprintf(tc.never, "the value"), "Copy it now")
			mustCloseDroppingTheValue(t, m, "enter", "enter after copying did not close")
		})
	}
}

func TestSecretModalSaveCountsAsAcknowledged(t *testing.T) {
	c := newTestCommon()
	var saved string
	m := newSecretModal(c, "New secret", "", "v").withSave("save to profile", func(_ ownerID, v string) tea.Cmd {
		saved = v
		return emit(secretSavedMsg{})
	})
	run := m.HandleMsg(press("s")).(actionRun)
	m.HandleMsg(collect(t, run.cmd)[0])
	if saved != "v" || !m.saved {
		t.Fatal("s did not save")
	}
	if _, ok := m.HandleMsg(press("enter")).(actionClose); !ok {
		t.Fatal("enter after saving did not close")
	}
}

func TestSecretModalWithoutSaveIgnoresS(t *testing.T) {
	m := newSecretModal(newTestCommon(), "t", "", "v")
	if _, ok := m.HandleMsg(press("s")).(actionNone); !ok {
		t.Fatal("s did something without a save")
	}
}

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

func TestARevokeUpdatesTheClientsTokenCountsAndARotationsBlastRadius(t *testing.T) {
	s := newClientsScreen(newTestCommon())
	s.HandleMsg(clientsLoadedMsg{list: fakeClients()})
	list := fakeTokens(30)
	s.HandleMsg(tokensLoadedMsg{list: list})
	ident := list[0].ClientIdentifier
	before := s.tokens[ident]
	var failed int64
	for _, tok := range list[1:] {
		if tok.ClientIdentifier == ident {
			failed = tok.ID
			break
		}
	}
	s.HandleMsg(tokensRevokedMsg{results: []api.RevokeResult{{ID: list[0].ID}, {ID: failed, Err: errors.New("HTTP 500")}}})
	if got := s.tokens[ident]; got != before-1 {
		t.Errorf("%d tokens counted for %s after one was revoked, want %d", got, ident, before-1)
	}
	if r := s.radius(ident); r == nil || r.Tokens != before-1 {
		t.Errorf("the rotation's blast radius %+v, want %d tokens", r, before-1)
	}
}
