package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"chatkeys/api"
	"chatkeys/ui/hint"
)

// newTestApp builds an App on fake data, sized 100×30, with its screens
// loaded through the same messages the commands send.
func newTestApp(t *testing.T) *App {
	t.Helper()
	a := New(context.Background(), Options{Session: newTestCommon().sess, CopyNative: func(string) error { return nil }})
	a.c.now = newTestCommon().now
	a.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	a.Update(clientsLoadedMsg{list: fakeClients()})
	a.Update(tokensLoadedMsg{list: fakeTokens(30)})
	a.tab = tabClients
	return a
}

// send delivers a key and runs the navigation messages its command emits,
// as the Bubble Tea loop would.
func send(t testing.TB, a *App, k string) []tea.Msg {
	t.Helper()
	_, cmd := a.Update(press(k))
	return pump(t, a, cmd)
}

// pump runs cmd and feeds the root every message it yields, recursively.
func pump(t testing.TB, a *App, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	var out []tea.Msg
	for _, m := range collect(t, cmd) {
		out = append(out, m)
		if _, isQuit := m.(tea.QuitMsg); isQuit {
			continue
		}
		_, next := a.Update(m)
		out = append(out, pump(t, a, next)...)
	}
	return out
}

func viewOf(a *App) string { return plain(a.View().Content) }

func TestNumberKeysAndTabSwitchTabs(t *testing.T) {
	a := newTestApp(t)
	for _, step := range []struct {
		key  string
		want tab
	}{
		{"2", tabTokens}, {"tab", tabLogin}, {"tab", tabAudit}, {"tab", tabClients},
		{"shift+tab", tabAudit}, {"shift+tab", tabLogin}, {"4", tabAudit}, {"1", tabClients}, {"3", tabLogin},
	} {
		from := a.tab
		send(t, a, step.key)
		if a.tab != step.want {
			t.Fatalf("%s from tab %v → %v, want %v", step.key, from, a.tab, step.want)
		}
	}
}

func TestHeaderShowsProfileHostLoginAndDemoBadge(t *testing.T) {
	a := newTestApp(t)
	mustContain(t, viewOf(a), "chatkeys", "default", "acme.zendesk.com", "logged in", "read write")
	if strings.Contains(viewOf(a), "DEMO") {
		t.Fatal("DEMO badge outside demo mode")
	}
	a.c.sess.Demo = true
	mustContain(t, viewOf(a), "DEMO")
}

func TestQuestionMarkShowsTheFullHelpAndASecondOneHidesIt(t *testing.T) {
	a := newTestApp(t)
	// Only the full help lists these keys; only the short help runs on one
	// line joined by "•".
	fullOnly := []string{"page down", "reload", "next tab"}
	shortLine := "enter detail • n new"
	mustContain(t, viewOf(a), shortLine)
	mustLack(t, viewOf(a), fullOnly...)
	send(t, a, "?")
	mustContain(t, viewOf(a), fullOnly...)
	mustLack(t, viewOf(a), shortLine)
	send(t, a, "?")
	mustContain(t, viewOf(a), shortLine)
	mustLack(t, viewOf(a), fullOnly...)
}

func TestQQuitsButEscGoesBackFirst(t *testing.T) {
	a := newTestApp(t)
	send(t, a, "enter")
	if len(a.stacks[tabClients]) != 2 {
		t.Fatal("enter opened no detail")
	}
	msgs := send(t, a, "esc")
	if len(a.stacks[tabClients]) != 1 {
		t.Fatal("esc did not go back")
	}
	if _, quit := findMsg[tea.QuitMsg](msgs); quit {
		t.Fatal("esc quit")
	}
	if _, quit := findMsg[tea.QuitMsg](send(t, a, "q")); !quit {
		t.Fatal("q did not quit")
	}
}

func TestErrorStaysUntilTheNextKeyAndShowsTheTUIsHintForIt(t *testing.T) {
	a := newTestApp(t)
	a.Update(statusMsg{err: fmt.Errorf("list tokens: %w", &api.Error{Status: 401, Method: "GET", Message: "unauthorized"})})
	view := viewOf(a)
	mustContain(t, view, "✗ list tokens: unauthorized (HTTP 401)", "log in again on the Login tab (3)")
	if strings.Contains(view, "chatkeys login") {
		t.Fatalf("the TUI showed the command line's wording:\n%s", view)
	}
	send(t, a, "j")
	if strings.Contains(viewOf(a), "unauthorized") {
		t.Fatal("the error survived a key")
	}
}

func TestInfoExpires(t *testing.T) {
	a := newTestApp(t)
	a.Update(statusMsg{text: "Saved."})
	seq := a.status.seq
	mustContain(t, viewOf(a), "Saved.")
	a.Update(statusExpiredMsg{seq})
	if strings.Contains(viewOf(a), "Saved.") {
		t.Fatal("info did not expire")
	}
}

func TestTKeyJumpsToTokensFilteredToTheClient(t *testing.T) {
	a := newTestApp(t)
	send(t, a, "j")
	send(t, a, "t")
	if a.tab != tabTokens {
		t.Fatalf("t → tab %v", a.tab)
	}
	tokens := a.stacks[tabTokens][0].(*tokensScreen)
	if tokens.clientFilter != "client-1" || len(tokens.visible) != 10 {
		t.Fatalf("filter %q, %d visible", tokens.clientFilter, len(tokens.visible))
	}
}

func TestFrontDialogTakesKeysFirst(t *testing.T) {
	a := newTestApp(t)
	send(t, a, "d")
	if len(a.dialogs) != 1 {
		t.Fatal("d opened no confirm")
	}
	send(t, a, "2") // typed into the dialog, not a tab switch
	if a.tab != tabClients || len(a.dialogs) != 1 {
		t.Fatalf("a key behind the dialog acted: tab %v, %d dialogs", a.tab, len(a.dialogs))
	}
	send(t, a, "esc")
	if len(a.dialogs) != 0 {
		t.Fatal("esc did not close the confirm")
	}
}

func TestDeletingTheLoginClientWarnsInRed(t *testing.T) {
	a := newTestApp(t)
	a.c.sess.LoginClientID = "client-0"
	send(t, a, "d")
	d := a.dialogs[0].(*confirmDialog)
	if !strings.Contains(d.warning, "the client chatkeys logs in with") {
		t.Fatalf("warning %q", d.warning)
	}
	mustContain(t, viewOf(a), "⚠")
}

func TestTinyTerminalGetsANoteNotAGarbledScreen(t *testing.T) {
	a := newTestApp(t)
	a.Update(tea.WindowSizeMsg{Width: 40, Height: 10})
	mustContain(t, viewOf(a), "at least 60×16")
}

func TestViewUsesTheAltScreen(t *testing.T) {
	if !newTestApp(t).View().AltScreen {
		t.Fatal("no alt screen")
	}
}

// hinted is an error carrying the TUI's own hint, for status tests.
func hinted(msg, text string) error { return hint.With(errors.New(msg), text) }

func TestNotLoggedInOpensLoginAndTheTablesSayHowToLogIn(t *testing.T) {
	a := New(context.Background(), Options{Session: &Session{Profile: "default", Host: "acme.zendesk.com"}})
	a.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	pump(t, a, a.Init())
	if a.tab != tabLogin {
		t.Fatalf("started on tab %v, want Login", a.tab)
	}
	send(t, a, "1")
	view := viewOf(a)
	mustContain(t, view, "not logged in", "Not logged in. Press 3 to log in.")
	if strings.Contains(view, "✗") {
		t.Fatal("not being logged in is shown as an error")
	}
}

func TestARevokeBehindANewerDialogStillFinishes(t *testing.T) {
	a := newTestApp(t)
	d, other := newRevokeDialog(a.c, []int64{1}, 0), newRevokeDialog(a.c, []int64{2}, 0)
	a.Update(openDialogMsg{d})
	a.Update(openDialogMsg{other})
	a.Update(openDialogMsg{newSecretModal(a.c, "t", "", "v")})
	a.Update(revokeDoneMsg{reply: reply{d.ID()}, results: []api.RevokeResult{{ID: 1}}})
	if d.results == nil {
		t.Fatal("the revoke dialog behind the modal never heard its result")
	}
	if other.results != nil {
		t.Fatal("a revoke dialog took another revoke's result")
	}
	a.Update(revokeDoneMsg{reply: reply{other.ID() + 100}, results: nil})
	if len(d.results) != 1 || other.results != nil {
		t.Fatal("a revoke dialog took a result addressed to no open dialog")
	}
	a.Update(revokeProgressMsg{reply: reply{other.ID()}, done: 1, total: 5})
	if d.total != 1 || other.total != 5 || other.done != 1 {
		t.Fatalf("progress went to the wrong dialog: %d/%d, %d/%d", d.done, d.total, other.done, other.total)
	}
}

func TestAScreenClosingItselfLeavesOtherTabsAlone(t *testing.T) {
	a := newTestApp(t)
	send(t, a, "enter") // client detail on Clients
	detail := a.stacks[tabClients][1]
	send(t, a, "2")
	send(t, a, "enter") // token detail on Tokens
	a.Update(popScreenMsg{detail})
	if len(a.stacks[tabClients]) != 1 || len(a.stacks[tabTokens]) != 2 {
		t.Fatalf("stacks %d/%d", len(a.stacks[tabClients]), len(a.stacks[tabTokens]))
	}
}

func TestCopyingOutsideTheModalSaysWhichClipboardWorked(t *testing.T) {
	for _, tc := range copyAnswers {
		t.Run(tc.name, func(t *testing.T) {
			a := newTestApp(t)
			var native string
			a.c.copyNative = func(s string) error { native = s; return tc.native }
			want := fakeTokens(1)[0].AccessToken
			send(t, a, "2")
			send(t, a, "c") // copy token 1, after a confirm
			msgs := send(t, a, "y")
			if !setsTerminalClipboard(msgs, want) {
				t.Fatal("the token was not sent to the terminal's clipboard (OSC 52)")
			}
			if native != want {
				t.Fatalf("the system clipboard got %q", native)
			}
			mustContain(t, viewOf(a), fmt.Sprintf(tc.says, "the token"))
			mustLack(t, viewOf(a), fmt.Sprintf(tc.never, "the token"))
		})
	}
}

func TestADeleteFromTheDetailClosesItAndReloadsTheList(t *testing.T) {
	a, sim := newSimApp(t)
	before := len(sim.Clients())
	keys(t, a, "G", "enter", "d", "y")
	if len(sim.Clients()) != before-1 {
		t.Fatalf("the simulator has %d clients, want %d", len(sim.Clients()), before-1)
	}
	if len(a.stacks[tabClients]) != 1 {
		t.Fatal("the detail of the deleted client stayed open")
	}
	if list := a.screen().(*clientsScreen); len(list.all) != before-1 || !strings.Contains(a.status.text, "Deleted client") {
		t.Fatalf("the list shows %d clients, status %q", len(list.all), a.status.text)
	}
}

func TestASecretRotatedFromTheDetailIsShownEvenIfTheDetailClosedFirst(t *testing.T) {
	a, sim := newSimApp(t)
	keys(t, a, "G", "enter", "s")
	_, rotate := a.Update(press("y")) // the confirm closes; the rotation is on its way
	keys(t, a, "esc")
	if len(a.stacks[tabClients]) != 1 {
		t.Fatal("esc did not close the detail")
	}
	pump(t, a, rotate)
	m, ok := a.front().(*secretModal)
	clients := sim.Clients()
	if !ok || m.value != clients[len(clients)-1].ClientSecret {
		t.Fatalf("the rotated secret is not shown: front %T", a.front())
	}
}

func TestEscFromAClientsTokensReturnsToThatClient(t *testing.T) {
	a := newTestApp(t)
	keys(t, a, "down", "down", "t") // Zapier's tokens
	if a.tab != tabTokens {
		t.Fatalf("t shows %v", a.tab)
	}
	clients := a.stacks[tabClients][0].(*clientsScreen)
	clients.table.SetCursor(0) // the list moved under it (a reload)
	send(t, a, "esc")
	if a.tab != tabClients {
		t.Fatalf("esc from the client's tokens shows %v", a.tab)
	}
	if got := clients.all[clients.visible[clients.table.Cursor()]].Name; got != "Zapier" {
		t.Fatalf("the cursor is on %q", got)
	}
	send(t, a, "2")
	send(t, a, "esc")
	if a.tab != tabTokens {
		t.Fatal("esc on Tokens opened from its tab went to Clients")
	}
}
