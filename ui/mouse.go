package ui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// The mouse is a second way to do what keys do: a click on a tab shows
// it, a click on a table's row puts the cursor there and a second click
// (or a double click) opens it, the wheel moves as the arrows do, and a
// click on a dialog's button, or on one of its rows, presses the key that
// button or row stands for. Every click is turned into the state change
// or the key press the keyboard would make, so the two cannot disagree.

// rowClicker is a screen whose rows take clicks: y counts lines from the
// screen's top.
type rowClicker interface {
	// clickRow puts the cursor on the row drawn at y and reports which
	// row that is and whether the cursor was on it already; ok is false
	// when no row is drawn there.
	clickRow(y int) (row int, again, ok bool)
}

// buttonScreen is a screen with buttons of its own (a form's Save): x
// and y count cells from the screen's top left corner.
type buttonScreen interface {
	click(x, y int) tea.Cmd
}

// buttonDialog is a dialog whose buttons take clicks: its box is laid
// out by a dialogBox, which says where they are.
type buttonDialog interface {
	Dialog
	layout() *dialogBox
}

// doubleClick is how soon a second click on the same row makes a double
// click.
const doubleClick = 400 * time.Millisecond

// rowClick is the last click on a table's row, for telling a double click.
type rowClick struct {
	screen Screen
	row    int
	at     time.Time
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

// click acts on a left click at the terminal's cell (x, y). While a
// dialog is open only its buttons take clicks: a click anywhere else
// does nothing, least of all to the screen under it.
func (a *App) click(msg tea.MouseClickMsg) tea.Cmd {
	if a.mouseOff || a.tooSmall() || msg.Button != tea.MouseLeft {
		return nil
	}
	a.status.clearError()
	if d := a.front(); d != nil {
		a.quitAsked = false // the dialog in front answers for itself now
		a.dialogsOnly = true
		bd, ok := d.(buttonDialog)
		if !ok {
			return nil
		}
		x, y := a.dialogOrigin(d)
		return a.apply(d, bd.layout().click(msg.X-x, msg.Y-y))
	}
	switch {
	case msg.Y == 1: // the tab bar's labels
		if t, ok := tabAt(msg.X); ok {
			a.tab = t
		}
	case msg.Y >= chromeLines && msg.Y < chromeLines+a.bodyH:
		switch s := a.screen().(type) {
		case rowClicker:
			return a.clickRow(s, msg.Y-chromeLines)
		case buttonScreen:
			return s.click(msg.X, msg.Y-chromeLines)
		}
	}
	return nil
}

// clickRow puts the cursor on the row clicked y lines below the screen's
// top, and opens the row on a second click: on the row the cursor was on
// already, or on the same row within doubleClick of the first.
func (a *App) clickRow(rc rowClicker, y int) tea.Cmd {
	s := a.screen()
	row, again, ok := rc.clickRow(y)
	if !ok {
		a.lastClick = rowClick{}
		return nil
	}
	now, last := a.c.now(), a.lastClick
	double := last.screen == s && last.row == row && now.Sub(last.at) >= 0 && now.Sub(last.at) <= doubleClick
	if again || double {
		a.lastClick = rowClick{} // a third click starts over
		return a.replay(s, a.c.keys.List.Open)
	}
	a.lastClick = rowClick{screen: s, row: row, at: now}
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

// clickBox lays out a block of text some cells of which take clicks. A
// view adds its text and its buttons to one clickBox, draws the box's
// text, and asks the same box which button a click landed on: the cells
// that take a click are always where the label naming it was drawn. A
// is what a press gives: a dialog's Action, a screen's command.
type clickBox[A any] struct {
	parts []string // the text, in parts of one or more lines
	spots []clickSpot[A]
}

// clickSpot is a place in a clickBox that takes clicks: cells x to x+w
// of the first line of part (w < 0: the whole line), and what a click
// there does.
type clickSpot[A any] struct {
	part, x, w int
	press      func() A
}

// clickLabel is a label drawn in a line of buttons and what a click on it
// does; a label with no press is text between the buttons.
type clickLabel[A any] struct {
	text  string
	press func() A
}

// dialogLabel is a dialog's button.
type dialogLabel = clickLabel[Action]

// add appends parts of text that take no click.
func (b *clickBox[A]) add(parts ...string) { b.parts = append(b.parts, parts...) }

// row appends a line the whole width of which takes a click.
func (b *clickBox[A]) row(line string, press func() A) {
	b.spots = append(b.spots, clickSpot[A]{part: len(b.parts), w: -1, press: press})
	b.parts = append(b.parts, line)
}

// buttons appends a line of labels parted by gap cells.
func (b *clickBox[A]) buttons(gap int, labels ...clickLabel[A]) {
	var line strings.Builder
	x := 0
	for i, l := range labels {
		if i > 0 {
			line.WriteString(strings.Repeat(" ", gap))
			x += gap
		}
		w := lipgloss.Width(l.text)
		if l.press != nil {
			b.spots = append(b.spots, clickSpot[A]{part: len(b.parts), x: x, w: w, press: l.press})
		}
		line.WriteString(l.text)
		x += w
	}
	b.parts = append(b.parts, line.String())
}

// String is the box's text.
func (b *clickBox[A]) String() string { return strings.Join(b.parts, "\n") }

// at is what a click on cell (x, y) of the box's text does once its lines
// are wrapped at width cells (0: not wrapped), or false for a cell that
// takes no click.
func (b *clickBox[A]) at(x, y, width int) (func() A, bool) {
	if x < 0 || y < 0 || (width > 0 && x >= width) {
		return nil, false
	}
	top := make([]int, len(b.parts)+1) // the first line of each part
	for i, p := range b.parts {
		top[i+1] = top[i] + wrappedHeight(p, width)
	}
	for _, s := range b.spots {
		if y == top[s.part] && x >= s.x && (s.w < 0 || x < s.x+s.w) {
			return s.press, true
		}
	}
	return nil, false
}

// wrappedHeight is the lines text takes once wrapped at width cells (0:
// not wrapped), as a style of that width wraps it.
func wrappedHeight(text string, width int) int {
	if width <= 0 || lipgloss.Width(text) <= width {
		return lineCount(text)
	}
	return lipgloss.Height(lipgloss.NewStyle().Width(width).Render(text))
}

// dialogBox is a dialog's box: a clickBox drawn inside a frame width
// cells wide.
type dialogBox struct {
	clickBox[Action]
	frame lipgloss.Style
	width int
}

func newDialogBox(frame lipgloss.Style, width int) *dialogBox {
	return &dialogBox{frame: frame, width: width}
}

// inner is the cells inside the frame.
func (b *dialogBox) inner() int { return b.width - b.frame.GetHorizontalFrameSize() }

// draw renders the box.
func (b *dialogBox) draw() string { return b.frame.Width(b.width).Render(b.String()) }

// click presses what is drawn at cell (x, y) of the box, counted from its
// top left corner; a click on no button does nothing.
func (b *dialogBox) click(x, y int) Action {
	f := b.frame
	press, ok := b.at(x-f.GetBorderLeftSize()-f.GetPaddingLeft(), y-f.GetBorderTopSize()-f.GetPaddingTop(), b.inner())
	if !ok {
		return actionNone{}
	}
	return press()
}

// pressing is what d does on the key press of b: a click on the button
// of b presses it.
func pressing(d Dialog, b key.Binding) func() Action {
	return func() Action {
		p, ok := bindingPress(b)
		if !ok {
			return actionNone{}
		}
		return d.HandleMsg(p)
	}
}

// lineCount is how many lines s takes.
func lineCount(s string) int { return strings.Count(s, "\n") + 1 }
