package ui

import (
	"strings"
	"testing"
)

// At 80×8 a client's detail does not fit: the movement keys scroll it,
// and the last line says which lines are shown.
func TestADetailThatDoesNotFitScrollsWithTheMovementKeys(t *testing.T) {
	cl := fakeClients()[2]
	d := newClientDetail(newTestCommon(), 0, cl, func() int { return 3 }, nil)
	d.SetSize(80, 8)
	top := plain(d.View())
	mustContain(t, top, "Client 3", "lines 1–7 of ")
	mustLack(t, top, "Tokens")
	d.HandleKey(press("down"))
	mustContain(t, plain(d.View()), "lines 2–8 of ")
	mustLack(t, plain(d.View()), "Client 3")
	d.HandleKey(press("G"))
	bottom := plain(d.View())
	mustContain(t, bottom, "Tokens", "3 (t lists them)", "lines 10–16 of 16")
	d.HandleKey(press("down")) // past the end: nothing moves
	if plain(d.View()) != bottom {
		t.Fatal("down past the last line scrolled on")
	}
	d.HandleKey(press("g"))
	if plain(d.View()) != top {
		t.Fatal("g did not scroll back to the top")
	}
	d.SetSize(80, 40)
	mustLack(t, plain(d.View()), "lines ")
	if got := len(strings.Split(d.View(), "\n")); got != len(d.lines()) {
		t.Fatalf("a detail that fits draws %d lines, want %d", got, len(d.lines()))
	}
}

func TestDetailCopiesTheIDAndTheClientIdentifier(t *testing.T) {
	c := newTestCommon()
	tok := fakeTokens(3)[2]
	td := newTokenDetail(c, tok, "Zapier")
	cl := fakeClients()[1]
	cd := newClientDetail(c, 0, cl, func() int { return 0 }, nil)
	for _, tc := range []struct {
		s    Screen
		key  string
		want string
	}{
		{td, "i", "3"}, {td, "I", tok.ClientIdentifier},
		{cd, "i", "2"}, {cd, "I", cl.ClientIdentifier},
	} {
		msgs := collect(t, tc.s.HandleKey(press(tc.key)))
		if !setsTerminalClipboard(msgs, tc.want) {
			t.Errorf("%s %s: the terminal clipboard did not get %q", tc.s.Title(), tc.key, tc.want)
		}
		if r, ok := findMsg[clipboardResultMsg](msgs); !ok || r.native != nil {
			t.Errorf("%s %s: no native copy reported", tc.s.Title(), tc.key)
		}
	}
}

// A client identifier from the server that holds a control character is
// not sent to the clipboard, where it would reach the terminal whole.
func TestDetailRefusesToCopyAnIdentifierWithControlCharacters(t *testing.T) {
	cl := fakeClients()[0]
	cl.ClientIdentifier = "abc\x1b]52;c;evil\x07"
	d := newClientDetail(newTestCommon(), 0, cl, func() int { return 0 }, nil)
	msgs := collect(t, d.HandleKey(press("I")))
	if setsTerminalClipboard(msgs, cl.ClientIdentifier) {
		t.Fatal("the identifier with an escape went to the clipboard")
	}
	if _, ok := findMsg[clipboardResultMsg](msgs); ok {
		t.Fatal("the identifier with an escape was copied")
	}
}
