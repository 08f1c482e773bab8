package ui

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"chatkeys/authflow/history"
)

// Every golden is drawn at 80×24, the smallest terminal chatkeys is built
// for (one holds a dialog alone, as the root sizes it there), and sits in
// testdata/<test name>.golden; go test -update rewrites them. An
// Ascii golden is the text alone. A TrueColor golden keeps every colour
// and attribute the frame is drawn with, so a style lost or changed fails
// it; cat shows it as a terminal would.
const goldenW, goldenH = 80, 24

// goldenRun is an App running in teatest at 80×24 in one colour profile.
type goldenRun struct {
	t       *testing.T
	tm      *teatest.TestModel
	profile colorprofile.Profile
	seen    []byte // what the terminal received; reading consumes the output
}

// startGolden runs app in teatest, drawing in profile.
func startGolden(t *testing.T, app *App, profile colorprofile.Profile) *goldenRun {
	t.Helper()
	tm := teatest.NewTestModel(t, app, teatest.WithInitialTermSize(goldenW, goldenH),
		teatest.WithProgramOptions(tea.WithColorProfile(profile)))
	return &goldenRun{t: t, tm: tm, profile: profile}
}

// waitFor waits until the terminal has received text, and fails the test
// after 10s, naming text and the end of what came.
func (g *goldenRun) waitFor(text string) {
	g.t.Helper()
	for start := time.Now(); time.Since(start) < 10*time.Second; time.Sleep(20 * time.Millisecond) {
		got, err := io.ReadAll(g.tm.Output())
		if err != nil {
			g.t.Fatal(err)
		}
		g.seen = append(g.seen, got...)
		if bytes.Contains(g.seen, []byte(text)) {
			return
		}
	}
	g.t.Fatalf("the terminal never showed %q; it last received %q", text, g.seen[max(len(g.seen)-2000, 0):])
}

// play sends each step: "key", or "key|text" to wait for text after it.
func (g *goldenRun) play(steps ...string) {
	g.t.Helper()
	for _, step := range steps {
		k, until, _ := strings.Cut(step, "|")
		g.tm.Send(press(k))
		if until != "" {
			g.waitFor(until)
		}
	}
}

// stop quits the program and returns the App as it ended.
func (g *goldenRun) stop() *App {
	g.t.Helper()
	if err := g.tm.Quit(); err != nil {
		g.t.Fatal(err)
	}
	return g.tm.FinalModel(g.t, teatest.WithFinalTimeout(5*time.Second)).(*App)
}

// finish quits and compares the App's last frame with the golden file.
func (g *goldenRun) finish() {
	g.t.Helper()
	requireGolden(g.t, g.profile, g.stop().render())
}

// requireGolden compares drawn, in profile, with the test's golden file.
func requireGolden(t *testing.T, profile colorprofile.Profile, drawn string) {
	t.Helper()
	if profile == colorprofile.Ascii {
		drawn = plain(drawn)
	} else {
		var buf bytes.Buffer
		w := &colorprofile.Writer{Forward: &buf, Profile: profile}
		if _, err := w.WriteString(drawn); err != nil {
			t.Fatal(err)
		}
		drawn = buf.String()
	}
	golden.RequireEqual(t, []byte(strings.TrimRight(drawn, "\n")+"\n"))
}

// goldenScreen runs app in the Ascii profile, waits for the clients to
// load, plays steps, waits until the screen shows want, and compares the
// final frame with the golden file.
func goldenScreen(t *testing.T, app *App, want string, steps ...string) {
	t.Helper()
	goldenScreenIn(t, colorprofile.Ascii, app, want, steps...)
}

// goldenScreenIn is goldenScreen drawing in profile.
func goldenScreenIn(t *testing.T, profile colorprofile.Profile, app *App, want string, steps ...string) {
	t.Helper()
	g := startGolden(t, app, profile)
	g.waitFor("Support bot") // the clients have loaded
	g.play(steps...)
	g.waitFor(want)
	g.finish()
}

// newGoldenApp is the App on a seeded simulator, on the fixed clock,
// logged in with the simulator's demo client.
func newGoldenApp(t *testing.T) *App {
	sess, _ := simSession(t)
	return New(context.Background(), Options{Session: sess, Now: func() time.Time { return testNow },
		CopyNative: func(string) error { return nil }, Login: &fakeBackend{}})
}

func TestGoldenClientsTable(t *testing.T) {
	goldenScreen(t, newGoldenApp(t), "Legacy")
}

func TestGoldenTokensTable(t *testing.T) {
	goldenScreen(t, newGoldenApp(t), "Expires", "2")
}

// The rotation reloads the list behind the modal; "just now" is the
// reloaded first row. Waiting for it as well as for the modal makes the
// frame the same whichever of the two arrives first.
func TestGoldenCopyOnceModal(t *testing.T) {
	goldenScreen(t, newGoldenApp(t), "just now", "s|Rotate secret", "y|New secret for")
}

func TestGoldenLoginScreen(t *testing.T) {
	app := newGoldenApp(t)
	goldenScreen(t, app, "Get a token", "3")
}

func TestGoldenClientsTableInColourKeepsItsBoldHeaderUnderlinedTabAndReverseCursorRow(t *testing.T) {
	goldenScreenIn(t, colorprofile.TrueColor, newGoldenApp(t), "Legacy")
}

func TestGoldenCopyOnceModalInColourFramesTheWholeSecretInAccentColours(t *testing.T) {
	goldenScreenIn(t, colorprofile.TrueColor, newGoldenApp(t), "just now", "s|Rotate secret", "y|New secret for")
}

// The first row is the simulator's demo client, which chatkeys logs in
// with.
func TestGoldenDeletingTheLoginClientWarnsInRedAndDefaultsToNo(t *testing.T) {
	goldenScreenIn(t, colorprofile.TrueColor, newGoldenApp(t), "chatkeys logs in with", "d|Delete client")
}

func TestGoldenNewClientFormAsksForNameCompanyAndRedirectURLs(t *testing.T) {
	goldenScreen(t, newGoldenApp(t), "Redirect URLs", "n|New client")
}

// A name lets the form leave its first page; three tabs leave the name,
// the company and the redirect URLs.
func TestGoldenNewClientFormSaysAConfidentialTypeIsSetByAnUpdate(t *testing.T) {
	goldenScreen(t, newGoldenApp(t), "only by update", "n|New client", "B", "o", "t", "tab", "tab", "tab")
}

func TestGoldenEditClientFormStartsFromTheClientsValues(t *testing.T) {
	goldenScreen(t, newGoldenApp(t), "Redirect URLs", "e|Edit chatkeys demo")
}

// The token list is loaded (the Tokens tab shows it) before enter: a
// detail counts the client's tokens when it is built.
func TestGoldenClientDetailShowsEveryFieldAndThatChatkeysLogsInWithIt(t *testing.T) {
	goldenScreen(t, newGoldenApp(t), "12 (t lists them)", "2|1003", "1", "enter|Client 1")
}

// G selects the last token, the one the simulator minted for chatkeys'
// own login.
func TestGoldenTokenDetailShowsAbsoluteDatesAndThatItIsChatkeysOwnToken(t *testing.T) {
	goldenScreen(t, newGoldenApp(t), "chatkeys is logged in with this token", "2|1003", "G", "enter|Access token")
}

func TestGoldenFirstRunSetupAsksForTheAccountAndTheClient(t *testing.T) {
	app := New(context.Background(), Options{Session: &Session{Profile: "default"}, Now: func() time.Time { return testNow },
		Setup: &fakeSetup{}, Login: &fakeBackend{}})
	g := startGolden(t, app, colorprofile.Ascii)
	g.waitFor("Zendesk subdomain")
	g.finish()
}

// The three tokens are marked on the Tokens tab and confirmed; the revoke
// itself is not started, so the dialog shows the progress sent to it.
func TestGoldenRevokeDialogShowsItsProgressAndThatEscStopsIt(t *testing.T) {
	a, _ := newSimApp(t)
	a.Update(tea.WindowSizeMsg{Width: goldenW, Height: goldenH})
	keys(t, a, "2", "space", "space", "space", "x")
	_, confirmed := a.Update(press("y"))
	open, ok := findMsg[openDialogMsg](collect(t, confirmed))
	if !ok {
		t.Fatal("y opened no revoke dialog")
	}
	d := open.dialog.(*revokeDialog)
	a.Update(open) // the revoke it starts is dropped
	a.Update(revokeProgressMsg{reply: reply{d.ID()}, done: 1, total: 3})
	requireGolden(t, colorprofile.TrueColor, a.render())
}

// Token 1002 is revoked behind chatkeys' back after the confirm opens, so
// the server answers 404 for it. The dialog is compared alone, as the root
// sizes it at 80×24, so the golden does not hold the status line's hint,
// which hints.go words.
func TestGoldenRevokeSummarySaysWhichTokenTheServerDidNotRevoke(t *testing.T) {
	sess, _ := simSession(t)
	app := New(context.Background(), Options{Session: sess, Now: func() time.Time { return testNow },
		CopyNative: func(string) error { return nil }})
	g := startGolden(t, app, colorprofile.TrueColor)
	g.waitFor("Support bot")
	g.play("2|1003", "space", "space", "space", "x|Revoke tokens")
	if err := sess.Client.OAuthTokens.Revoke(context.Background(), 1002); err != nil {
		t.Fatal(err)
	}
	g.play("y|Revoked 2.")
	final := g.stop()
	d, ok := final.front().(*revokeDialog)
	if !ok || d.results == nil {
		t.Fatalf("front dialog %T, want a finished revoke", final.front())
	}
	requireGolden(t, colorprofile.TrueColor, d.Draw())
}

// The leaked token is pasted whole: the field shows one mask character
// for each of its characters, and nothing of it.
func TestGoldenLookupDialogMasksThePastedToken(t *testing.T) {
	g := pastedLookup(t)
	g.waitFor("••••••••")
	g.finish()
}

func TestGoldenLookupCardNamesTheTokensClientAgentScopesAndExpiry(t *testing.T) {
	g := pastedLookup(t)
	g.play("enter|chatkeys' login")
	g.finish()
}

// pastedLookup opens the lookup over the simulated account and pastes
// the token chatkeys sim offers as leaked.
func pastedLookup(t *testing.T) *goldenRun {
	sess, sim := simSession(t)
	app := New(context.Background(), Options{Session: sess, Now: func() time.Time { return testNow },
		CopyNative: func(string) error { return nil }, Login: &fakeBackend{}})
	g := startGolden(t, app, colorprofile.Ascii)
	g.waitFor("Support bot")
	g.play("f|Find a leaked token")
	g.tm.Send(tea.PasteMsg{Content: sim.LeakedTokenToTry()})
	return g
}

func TestGoldenAuditTabGroupsTheFindingsBySeverityWithTheirFixKeys(t *testing.T) {
	goldenScreen(t, newGoldenApp(t), "every token whose client is gone", "2|1003", "4|HIGH · ", "down")
}

func TestGoldenHistoryViewListsTheActionsNewestLastWithEachTargetsResult(t *testing.T) {
	sess, _ := simSession(t)
	app := New(context.Background(), Options{Session: sess, Now: func() time.Time { return testNow },
		CopyNative: func(string) error { return nil }, Login: &fakeBackend{}, HistoryPath: "/home/a/.local/state/chatkeys/history.jsonl",
		History: func(history.Filter) (history.Log, error) { return history.Log{Entries: historyEntries()}, nil }})
	goldenScreen(t, app, "newest last", "H")
}

// The tokens are loaded (the Tokens tab shows them) before s: the
// confirm measures what depends on the client from them.
func TestGoldenRotateConfirmShowsWhatDependsOnTheClient(t *testing.T) {
	goldenScreen(t, newGoldenApp(t), "What depends on it", "2|1003", "1", "s|Rotate secret")
}
