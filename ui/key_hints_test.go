package ui

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

func TestKeyHintsLeaveOutWholeHintsNeverHalfOfOne(t *testing.T) {
	keep := []string{"ctrl+s save", "esc cancel"}
	extra := []string{"tab next field", "shift+tab back", "enter new line in URLs"}
	cases := map[int]string{
		0:   "tab next field · shift+tab back · enter new line in URLs · ctrl+s save · esc cancel",
		200: "tab next field · shift+tab back · enter new line in URLs · ctrl+s save · esc cancel",
		80:  "tab next field · shift+tab back · ctrl+s save · esc cancel",
		45:  "tab next field · ctrl+s save · esc cancel",
		10:  "ctrl+s save · esc cancel",
	}
	for width, want := range cases {
		if got := keyHints(width, keep, extra...); got != want {
			t.Errorf("width %d: %q, want %q", width, got, want)
		}
	}
}

func TestTheLookupKeyIsInTheShortAndTheFullHelp(t *testing.T) {
	a := newTestApp(t)
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	for _, tab := range []string{"1", "2"} {
		send(t, a, tab)
		mustContain(t, viewOf(a), "f find token")
	}
	send(t, a, "?")
	mustContain(t, viewOf(a), "page down", "find token") // page down: the full help's alone
}

// footerHints are the hints of the footer's last line, split on the help's
// separator, with the ellipsis that marks keys left out dropped.
func footerHints(view string) []string {
	lines := strings.Split(strings.TrimRight(view, "\n"), "\n")
	last := strings.TrimSpace(lines[len(lines)-1])
	last = strings.TrimSpace(strings.TrimSuffix(last, "…"))
	return strings.Split(last, " • ")
}

// Every hint the footer shows at 80 columns is a whole binding of the
// screen or dialog in front, or a global one, and the line fits: with the
// lookup key added, the help would otherwise run a key past the edge.
func TestAt80ColumnsTheFooterShowsOnlyWholeHintsWithinTheWidth(t *testing.T) {
	a, _ := newSimApp(t)
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	for _, step := range []string{"1", "enter", "esc", "2", "enter", "esc", "3", "4", "H", "esc", "f", "esc", "1", "s", "n"} {
		send(t, a, step)
		view := viewOf(a)
		last := strings.Split(view, "\n")[23]
		if w := len([]rune(last)); w > 80 {
			t.Fatalf("after %q the footer is %d cells wide:\n%s", step, w, last)
		}
		var km interface{ FullHelp() [][]key.Binding } = a.screen()
		if d := a.front(); d != nil {
			km = d
		}
		whole := map[string]bool{}
		for _, group := range append(km.FullHelp(), a.globalHelp(), []key.Binding{a.c.keys.Global.Lookup}) {
			for _, b := range group {
				whole[b.Help().Key+" "+b.Help().Desc] = true
			}
		}
		for _, b := range km.(interface{ ShortHelp() []key.Binding }).ShortHelp() {
			whole[b.Help().Key+" "+b.Help().Desc] = true
		}
		for _, hint := range footerHints(view) {
			if !whole[hint] {
				t.Fatalf("after %q the footer shows %q, which is no whole hint:\n%s", step, hint, last)
			}
		}
	}
}
