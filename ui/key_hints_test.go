package ui

import "testing"

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
