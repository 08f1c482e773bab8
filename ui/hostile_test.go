package ui

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"golang.org/x/oauth2"

	"chatkeys/api"
	"chatkeys/api/hostiletest"
)

// hostileApp is the App logged in to hostiletest's server, at w×h, with
// its first loads done.
func hostileApp(t *testing.T, w, h int) (*App, *hostiletest.Server) {
	t.Helper()
	srv := hostiletest.New(t)
	c, err := api.NewClient(srv.APIURL(), oauth2.StaticTokenSource(&oauth2.Token{AccessToken: hostiletest.Token}))
	if err != nil {
		t.Fatal(err)
	}
	sess := &Session{Profile: "p\x1b]0;pwned\x07", Host: "host\u202e", Client: c,
		Login: &LoginInfo{Scopes: "read " + hostiletest.Evil, Source: "keyring", IsOwn: func(s string) bool { return s == hostiletest.Token }}}
	a := New(context.Background(), Options{Session: sess, Now: func() time.Time { return testNow },
		CopyNative: func(string) error { return nil }, Login: &fakeBackend{}})
	a.Update(tea.WindowSizeMsg{Width: w, Height: h})
	pump(t, a, a.Init())
	return a, srv
}

// mustDrawInert fails unless the frame holds nothing from the server that
// a terminal would act on (no OSC, DCS, hyperlink or colour of the
// server's, no C1, bidi or zero-width character) and keeps its shape:
// exactly h lines, none wider than w.
func mustDrawInert(t *testing.T, where string, a *App, w, h int) {
	t.Helper()
	frame := a.View().Content
	if bad := hostiletest.CheckTerminalBytes(frame); bad != "" {
		t.Errorf("%s: the frame holds %s", where, bad)
	}
	for _, seq := range []string{"\x1b]", "\x1bP", "\x1b_", "\x1b^", "\x07"} {
		if strings.Contains(frame, seq) {
			t.Errorf("%s: the frame holds %q, which chatkeys itself never draws", where, seq)
		}
	}
	rows := strings.Split(frame, "\n")
	if len(rows) != h {
		t.Errorf("%s: %d lines, want %d (a field broke the layout)", where, len(rows), h)
	}
	for i, row := range rows {
		if ansi.StringWidth(row) > w {
			t.Errorf("%s: line %d is %d cells wide, want at most %d", where, i, ansi.StringWidth(row), w)
		}
	}
}

func TestEveryScreenDrawsServerTextInert(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {200, 50}} {
		w, h := size[0], size[1]
		a, _ := hostileApp(t, w, h)
		if len(a.stacks[tabClients][0].(*clientsScreen).all) == 0 || len(a.stacks[tabTokens][0].(*tokensScreen).all) == 0 {
			t.Fatal("the hostile lists did not load")
		}
		mustDrawInert(t, "clients", a, w, h)
		steps := []struct{ where, key string }{
			{"client detail", "enter"}, {"delete confirm", "d"}, {"back", "esc"}, {"rotate confirm", "s"}, {"back", "n"},
			{"edit form", "e"}, {"back", "esc"}, {"back", "esc"},
			{"tokens", "2"}, {"token detail", "enter"}, {"back", "esc"}, {"revoke confirm", "x"}, {"back", "n"},
			{"copy confirm", "c"}, {"back", "n"}, {"login", "3"}, {"audit", "4"}, {"last finding", "G"},
		}
		for _, s := range steps {
			send(t, a, s.key)
			mustDrawInert(t, s.where, a, w, h)
		}
	}
}

func TestAnErrorFromTheServerIsShownInert(t *testing.T) {
	a, srv := hostileApp(t, 100, 30)
	srv.SetDelete(hostiletest.OKErrorBody)
	keys(t, a, "2", "x", "y") // revoke the first token: the server answers 200 with an error object
	mustDrawInert(t, "revoke summary", a, 100, 30)
	d, ok := a.front().(*revokeDialog)
	if !ok || d.results == nil || d.results[0].Err == nil {
		t.Fatal("the revoke did not end with a failure")
	}
	mustContain(t, viewOf(a), "Revoked 0.", "1 not revoked")
	if !a.status.err || !strings.Contains(a.status.text, "not confirmed") {
		t.Fatalf("status = %+v, want the failure", a.status)
	}
	a.dialogs = nil // the status line shows under the dialog; look at it alone
	mustDrawInert(t, "status line", a, 100, 30)
	mustContain(t, viewOf(a), "were not revoked", "r reloads the list")
}

func TestTheRunningTUIWritesNothingFromTheServerToTheTerminal(t *testing.T) {
	a, _ := hostileApp(t, 100, 30)
	tm := teatest.NewTestModel(t, a, teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ANSI256)))
	var seen []byte
	waitFor := func(text string) {
		prev := seen[:len(seen):len(seen)]
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			seen = append(prev, b...)
			return bytes.Contains(seen, []byte(text))
		}, teatest.WithDuration(10*time.Second))
	}
	waitFor("name1")
	for _, k := range []string{"enter", "esc", "2", "enter", "esc", "x"} {
		tm.Send(press(k))
	}
	waitFor("Revoke token")
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	if bad := hostiletest.CheckTerminalBytes(string(seen)); bad != "" {
		t.Fatalf("the terminal received %s", bad)
	}
	for _, seq := range []string{"\x1b]52", "\x1b]8;", "\x1b]0;pwned", "\x1b[38;5;199m"} {
		if bytes.Contains(seen, []byte(seq)) {
			t.Fatalf("the terminal received the server's %q", seq)
		}
	}
}

func TestTheTUIReportsNoRevocationTheServerDidNotConfirm(t *testing.T) {
	for _, d := range hostiletest.Unconfirmed {
		a, srv := hostileApp(t, 100, 30)
		srv.SetDelete(d)
		keys(t, a, "2", "x", "y")
		dlg, ok := a.front().(*revokeDialog)
		if !ok || dlg.results == nil {
			t.Fatalf("%s: the revoke did not finish", d)
		}
		if revoked, _, _ := api.Tally(dlg.results); len(revoked) != 0 {
			t.Errorf("%s: reported revoked", d)
		}
		keys(t, a, "enter")
		if ts := a.screen().(*tokensScreen); len(ts.all) != srv.TokenCount || !ts.marked[1000] {
			t.Errorf("%s: the token left the table or lost its mark", d)
		}
		if n := len(srv.OtherRequests()); n != 0 {
			t.Errorf("%s: %d requests reached another origin", d, n)
		}
	}
}

func TestASecretOrTokenThatIsNotPrintableIsNeitherShownNorCopied(t *testing.T) {
	a, _ := hostileApp(t, 100, 30)
	var copied []string
	a.c.copyNative = func(s string) error { copied = append(copied, s); return nil }
	msgs := append(send(t, a, "s"), send(t, a, "y")...) // rotate: the server's new secret holds escapes
	if _, ok := a.front().(*secretModal); ok {
		t.Fatal("the copy-once modal showed a secret holding escapes")
	}
	if st, ok := findMsg[statusMsg](msgs); !ok || st.err == nil || !strings.Contains(st.err.Error(), "not printable ASCII") {
		t.Fatalf("no error said why: %v", msgs)
	}
	mustDrawInert(t, "refused secret", a, 100, 30)
	keys(t, a, "2", "down", "c") // token 1001's value holds escapes
	if a.front() != nil {
		t.Fatal("a confirm to copy a token holding escapes opened")
	}
	if len(copied) != 0 {
		t.Fatalf("copied %d values", len(copied))
	}
}

// The lookup finds the server's own admin token, whose client, scopes and
// identifier are hostile; the card and the rotation it leads to draw them
// inert.
func TestTheLookupCardDrawsServerTextInert(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {200, 50}} {
		w, h := size[0], size[1]
		a, _ := hostileApp(t, w, h)
		send(t, a, "f")
		a.Update(tea.PasteMsg{Content: hostiletest.Token})
		send(t, a, "enter")
		if d, ok := a.front().(*lookupDialog); !ok || len(d.found) != 1 {
			t.Fatalf("the lookup of the admin token shows %T", a.front())
		}
		mustDrawInert(t, "lookup card", a, w, h)
		send(t, a, "s")
		mustDrawInert(t, "rotate confirm from the lookup", a, w, h)
	}
}
