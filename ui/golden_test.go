package ui

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"
)

// goldenScreen runs the App in teatest at 80×24 with the Ascii profile,
// drives it with keys (each "key" or "key|text to wait for"), waits until the screen shows want, and compares the
// final frame with testdata/<test name>.golden (go test -update rewrites).
func goldenScreen(t *testing.T, app *App, want string, keys ...string) {
	t.Helper()
	tm := teatest.NewTestModel(t, app, teatest.WithInitialTermSize(80, 24),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	var seen []byte // WaitFor consumes the output: keep what it read
	waitFor := func(text string) {
		prev := seen[:len(seen):len(seen)]
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			seen = append(prev, b...)
			return bytes.Contains(seen, []byte(text))
		}, teatest.WithDuration(10*time.Second))
	}
	waitFor("Support bot") // the clients have loaded
	for _, step := range keys {
		k, until, _ := strings.Cut(step, "|") // "key|text to wait for"
		tm.Send(press(k))
		if until != "" {
			waitFor(until)
		}
	}
	waitFor(want)
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*App)
	screen := plain(final.render())
	golden.RequireEqual(t, []byte(strings.TrimRight(screen, "\n")+"\n"))
}

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

func TestGoldenCopyOnceModal(t *testing.T) {
	goldenScreen(t, newGoldenApp(t), "New secret for", "s|Rotate secret", "y")
}

func TestGoldenLoginScreen(t *testing.T) {
	app := newGoldenApp(t)
	goldenScreen(t, app, "Get a token", "3")
}
