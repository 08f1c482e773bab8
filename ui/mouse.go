package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// The mouse is a second way to do what keys do: a click on a tab shows
// it, a click on a table's row puts the cursor there and a second click
// opens it, the wheel moves as the arrows do, and a click on a dialog's
// button presses it. Every click is turned into the state change or the
// key press the keyboard would make, so the two cannot disagree.

// rowClicker is a screen whose rows take clicks: y counts lines from the
// screen's top.
type rowClicker interface {
	clickRow(y int) (clicked, again bool)
}

// buttonDialog is a dialog whose buttons take clicks: x and y count cells
// from its box's top left corner.
type buttonDialog interface {
	Dialog
	click(x, y int) Action
}

// tabGap parts the tab bar's labels.
const tabGap = "  │  "

// tabLabel is tab t's label in the tab bar.
func tabLabel(t tab) string { return itoa(int(t)+1) + " " + t.String() }

// tabAt is the tab whose label is drawn at column x of the tab bar.
func tabAt(x int) (tab, bool) {
	start := 0
	for t := range tabCount {
		end := start + ansi.StringWidth(tabLabel(t))
		if x >= start && x < end {
			return t, true
		}
		start = end + ansi.StringWidth(tabGap)
	}
	return 0, false
}

// click acts on a left click at the terminal's cell (x, y).
func (a *App) click(msg tea.MouseClickMsg) tea.Cmd {
	if a.mouseOff || a.tooSmall() || msg.Button != tea.MouseLeft {
		return nil
	}
	a.status.clearError()
	if d := a.front(); d != nil {
		a.dialogsOnly = true
		bd, ok := d.(buttonDialog)
		if !ok {
			return nil
		}
		x, y := a.dialogOrigin(d)
		return a.apply(d, bd.click(msg.X-x, msg.Y-y))
	}
	switch {
	case msg.Y == 1: // the tab bar's labels
		if t, ok := tabAt(msg.X); ok {
			a.tab = t
		}
	case msg.Y >= chromeLines && msg.Y < chromeLines+a.bodyH:
		s := a.screen()
		rc, ok := s.(rowClicker)
		if !ok {
			return nil
		}
		if clicked, again := rc.clickRow(msg.Y - chromeLines); clicked && again {
			return a.replay(s, a.c.keys.List.Open)
		}
	}
	return nil
}

// wheel moves as the up and down keys do, in whatever takes the keys.
func (a *App) wheel(msg tea.MouseWheelMsg) tea.Cmd {
	if a.mouseOff {
		return nil
	}
	var b key.Binding
	switch msg.Button {
	case tea.MouseWheelUp:
		b = a.c.keys.List.Up
	case tea.MouseWheelDown:
		b = a.c.keys.List.Down
	default:
		return nil
	}
	press, ok := bindingPress(b)
	if !ok {
		return nil
	}
	return a.handleKey(press)
}

// replay hands screen s the key press of binding b.
func (a *App) replay(s Screen, b key.Binding) tea.Cmd {
	if press, ok := bindingPress(b); ok {
		return s.HandleKey(press)
	}
	return nil
}

// dialogOrigin is the top left cell of d's box, centred as the overlay
// draws it.
func (a *App) dialogOrigin(d Dialog) (x, y int) {
	w, h := a.size()
	box := d.Draw()
	return max((w-lipgloss.Width(box))/2, 0), max((h-lipgloss.Height(box))/2, 0)
}

// buttonAt reports which of a row of buttons, drawn from column x0 and
// parted by gap cells, holds column x: its index, or -1.
func buttonAt(x, x0, gap int, buttons ...string) int {
	for i, b := range buttons {
		w := lipgloss.Width(b)
		if x >= x0 && x < x0+w {
			return i
		}
		x0 += w + gap
	}
	return -1
}

// lineCount is how many lines s takes.
func lineCount(s string) int { return strings.Count(s, "\n") + 1 }
