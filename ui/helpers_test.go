package ui

import (
	"context"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"chatkeys/api"
)

// testNow is the fixed clock of the UI tests.
var testNow = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

// newTestCommon returns a common with a fixed clock, a fake clipboard and a
// logged-in session without a client (commands that need one fail).
func newTestCommon() *common {
	return &common{
		styles:     NewStyles(true),
		keys:       DefaultKeyMap(),
		now:        func() time.Time { return testNow },
		sess:       &Session{Profile: "default", Host: "acme.zendesk.com", Login: &LoginInfo{Scopes: "read write"}},
		ctx:        context.Background(),
		copyNative: func(string) error { return nil },
	}
}

// press builds the key message for a key name as bubbletea spells it.
func press(k string) tea.KeyPressMsg {
	special := map[string]tea.KeyPressMsg{
		"enter": {Code: tea.KeyEnter}, "esc": {Code: tea.KeyEscape}, "tab": {Code: tea.KeyTab},
		"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift}, "space": {Code: tea.KeySpace, Text: " "},
		"up": {Code: tea.KeyUp}, "down": {Code: tea.KeyDown}, "backspace": {Code: tea.KeyBackspace},
		"ctrl+c": {Code: 'c', Mod: tea.ModCtrl}, "ctrl+s": {Code: 's', Mod: tea.ModCtrl},
	}
	if m, ok := special[k]; ok {
		return m
	}
	r := []rune(k)
	return tea.KeyPressMsg{Code: r[0], Text: k}
}

// typeText presses each rune of s.
func typeText(s string, send func(tea.KeyPressMsg)) {
	for _, r := range s {
		send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// collectWait bounds how long collect waits for one command's message. No
// command of these tests takes more than a fraction of it, so running out
// means the command hangs, not that the machine is slow.
const collectWait = 10 * time.Second

// clockCmds name the functions of the commands that wait on a clock: a
// tea.Tick or tea.Every (the status line's expiry, the header's clock, the
// rate-limit countdown) and a text field's cursor blink. Their message is
// half a second or more away and no test waits for it, so collect does not
// run them.
var clockCmds = []string{
	"charm.land/bubbletea/v2.Tick.",
	"charm.land/bubbletea/v2.Every.",
	"charm.land/bubbles/v2/cursor.(*Model).Blink.",
}

// waitsOnAClock reports whether cmd is one of clockCmds.
func waitsOnAClock(cmd tea.Cmd) bool {
	fn := runtime.FuncForPC(reflect.ValueOf(cmd).Pointer())
	if fn == nil {
		return false
	}
	for _, prefix := range clockCmds {
		if strings.HasPrefix(fn.Name(), prefix) {
			return true
		}
	}
	return false
}

// collect runs cmd and every command it batches or sequences, except those
// that wait on a clock, and returns their messages. A command that gives
// no message within collectWait fails the test: it has hung, and an
// assertion that nothing came must not pass because of it.
func collect(t testing.TB, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	if cmd == nil || waitsOnAClock(cmd) {
		return nil
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-done:
	case <-time.After(collectWait):
		t.Fatalf("a command (%s) gave no message within %v", runtime.FuncForPC(reflect.ValueOf(cmd).Pointer()).Name(), collectWait)
	}
	if batch, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range batch {
			out = append(out, collect(t, c)...)
		}
		return out
	}
	if v := reflect.ValueOf(msg); v.IsValid() && v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
		var out []tea.Msg
		for i := range v.Len() {
			out = append(out, collect(t, v.Index(i).Interface().(tea.Cmd))...)
		}
		return out
	}
	if msg == nil {
		return nil
	}
	return []tea.Msg{msg}
}

// findMsg returns the first message of type T.
func findMsg[T any](msgs []tea.Msg) (T, bool) {
	for _, m := range msgs {
		if t, ok := m.(T); ok {
			return t, true
		}
	}
	var zero T
	return zero, false
}

// setsTerminalClipboard reports whether msgs hold the copy of text to the
// terminal's clipboard (OSC 52).
func setsTerminalClipboard(msgs []tea.Msg, text string) bool {
	want := tea.SetClipboard(text)()
	for _, m := range msgs {
		if reflect.DeepEqual(m, want) {
			return true
		}
	}
	return false
}

// plain strips styling from rendered text.
func plain(s string) string { return ansi.Strip(s) }

// mustContain fails unless every want is in the plain text of got.
func mustContain(t *testing.T, got string, want ...string) {
	t.Helper()
	p := plain(got)
	for _, w := range want {
		if !strings.Contains(p, w) {
			t.Errorf("view lacks %q:\n%s", w, p)
		}
	}
}

// mustLack fails if any of unwanted is in the plain text of got.
func mustLack(t *testing.T, got string, unwanted ...string) {
	t.Helper()
	p := plain(got)
	for _, u := range unwanted {
		if strings.Contains(p, u) {
			t.Errorf("view holds %q:\n%s", u, p)
		}
	}
}

// fakeTokens makes n tokens across three clients: every tenth expired,
// every seventh expiring within hours.
func fakeTokens(n int) []api.OAuthToken {
	out := make([]api.OAuthToken, n)
	for i := range out {
		created := testNow.Add(-time.Duration(i%50+1) * time.Hour)
		expires := testNow.Add(time.Duration(30+i%20) * time.Hour)
		switch {
		case i%10 == 0:
			expires = testNow.Add(-48 * time.Hour)
		case i%7 == 0:
			expires = testNow.Add(5 * time.Hour)
		}
		refresh := ""
		if i%2 == 0 {
			refresh = fmt.Sprintf("refresh%057d", i)
		}
		out[i] = api.OAuthToken{
			ID: int64(i + 1), AccessToken: fmt.Sprintf("tok%061d", i), AgentID: 100000200 + int64(i%5),
			ClientIdentifier: fmt.Sprintf("client-%d", i%3), CreateDate: &created, ExpireDate: &expires,
			RefreshToken: refresh, Scopes: []string{"read", "read write", "read write chat"}[i%3], TokenType: "Bearer",
		}
	}
	return out
}

func fakeClients() []api.OAuthClient {
	created := testNow.Add(-30 * 24 * time.Hour)
	return []api.OAuthClient{
		{ID: 1, Name: "Reporting", Company: "Acme", ClientIdentifier: "client-0", ClientType: "public", Scopes: "read",
			RedirectURIs: api.RedirectURIs{"https://reports.acme.example/cb"}, ClientSecret: "abcdefgh", CreateDate: &created, AgentID: 100000200},
		{ID: 2, Name: "Chat bot", Company: "Acme", ClientIdentifier: "client-1", ClientType: "confidential", Scopes: "read write",
			RedirectURIs: api.RedirectURIs{"http://localhost:8080"}, ClientSecret: "ijklmnop", CreateDate: &created, AgentID: 100000200},
		{ID: 3, Name: "Zapier", Company: "", ClientIdentifier: "client-2", ClientType: "public", Scopes: "read write",
			RedirectURIs: api.RedirectURIs{"https://zapier.example/a", "https://zapier.example/b"}, ClientSecret: "qrstuvwx", CreateDate: &created, AgentID: 100000201},
	}
}

// viewAt sizes a screen as the root would, then draws it.
func viewAt(s Screen, w, h int) string {
	s.SetSize(w, h)
	return s.View()
}

// drawAt sizes a dialog as the root would, then draws it.
func drawAt(d Dialog, w, h int) string {
	d.SetSize(w, h)
	return d.Draw()
}
