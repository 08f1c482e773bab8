package ui

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
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

// escNames are the words that follow "esc" in a view.
var escNames = regexp.MustCompile(`\besc ([a-z]+)`)

// footerStops are the places the footer test visits, each reached by its
// keys from the one before, on the simulated account at 80×24.
var footerStops = []struct{ name, keys string }{
	{"Clients", "1"}, {"client detail", "enter"}, {"Clients again", "esc"}, {"new client form", "n"},
	{"Clients after the form", "esc"}, {"edit form", "e"}, {"Clients after the edit", "esc"},
	{"rotate confirm", "s"}, {"Clients after no", "n"}, {"palette", ":"}, {"Clients after the palette", "esc"},
	{"Tokens", "2"}, {"token detail", "enter"}, {"Tokens again", "esc"}, {"revoke confirm", "x"},
	{"Tokens after no", "n"}, {"full help", "?"}, {"Tokens after the help", "?"},
	{"Login", "3"}, {"Audit", "4"}, {"history", "H"}, {"Audit again", "esc"}, {"lookup", "f"},
}

// At 80 columns the footer of every screen and dialog fits, shows only
// whole hints, puts the screen's primary keys before the global ones,
// and names esc "back" wherever it names it.
func TestAt80ColumnsEveryFooterFitsWithWholeHintsAndEscIsAlwaysBack(t *testing.T) {
	a, _ := newSimApp(t)
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	for _, stop := range footerStops {
		send(t, a, stop.keys)
		view := plain(viewOf(a))
		lines := strings.Split(view, "\n")
		for _, line := range lines {
			if w := ansi.StringWidth(line); w > 80 {
				t.Errorf("%s: a line is %d cells wide: %q", stop.name, w, line)
			}
		}
		footer := lines[len(lines)-1]
		if a.fullHelp.shown { // the full help is laid out in columns, not hints
			continue
		}
		whole := map[string]bool{"? more": true}
		for _, group := range append(a.helpGroups(), a.globalHelp()) {
			for _, b := range group {
				whole[b.Help().Key+" "+b.Help().Desc] = true
			}
		}
		km, _ := a.focusHelp()
		for _, b := range km.ShortHelp() {
			whole[b.Help().Key+" "+b.Help().Desc] = true
		}
		for _, hint := range footerHints(view) {
			if !whole[hint] {
				t.Errorf("%s: the footer shows %q, which is no whole hint: %q", stop.name, hint, footer)
			}
		}
		for _, m := range escNames.FindAllStringSubmatch(view, -1) {
			if m[1] != "back" {
				t.Errorf("%s: esc is named %q:\n%s", stop.name, m[1], view)
			}
		}
	}
}

func TestAt80ColumnsTheScreensOwnKeysComeFirstAndMoreIsKept(t *testing.T) {
	a, _ := newSimApp(t)
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	for _, c := range []struct {
		tab, first string
		want       []string
	}{
		{"1", "enter detail", []string{"s rotate secret", "? more"}},
		{"2", "space mark", []string{"x revoke", "c copy", "? more"}},
	} {
		send(t, a, c.tab)
		hints := footerHints(plain(viewOf(a)))
		if hints[0] != c.first || hints[len(hints)-1] != "? more" {
			t.Errorf("tab %s: the footer runs %q", c.tab, hints)
		}
		for _, w := range c.want {
			if !slices.Contains(hints, w) {
				t.Errorf("tab %s: the footer lacks %q: %q", c.tab, w, hints)
			}
		}
	}
}
