package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// Six presses of o sort by Expires (the marks do not sort), O flips it:
// the tokens that expire last come first, and the header says so.
func TestGoldenTokensTableSortedByExpiryDescendingMarksItsHeader(t *testing.T) {
	a, _ := newSimApp(t)
	a.Update(tea.WindowSizeMsg{Width: goldenW, Height: goldenH})
	keys(t, a, "2", "o", "o", "o", "o", "o", "o", "O")
	mustContain(t, a.render(), "Expires ▼")
	requireGolden(t, colorprofile.Ascii, a.render())
}
