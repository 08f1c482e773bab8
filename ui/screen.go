package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// Screen is one page of a tab's stack: a table, a detail view, a form. It is
// a plain struct the root calls, not a tea.Model: only App returns a
// tea.View. Screens never do I/O themselves; they return commands, and ask
// the root for navigation by returning commands that emit the messages in
// nav.go.
type Screen interface {
	help.KeyMap
	// ID names the screen in the answers to the commands it starts.
	ID() ownerID
	// Init starts what the screen needs when it is first shown (a load, a
	// form's cursor); nil for nothing.
	Init() tea.Cmd
	// Title names the screen in the tab bar's breadcrumb.
	Title() string
	// HandleKey receives the key presses the root does not take.
	HandleKey(msg tea.KeyPressMsg) tea.Cmd
	// HandleMsg receives every other message the root routes to the
	// screen: the answers addressed to it, news, and, while it is the
	// current screen, the steps of the library parts it holds (a huh form,
	// a text field).
	HandleMsg(msg tea.Msg) tea.Cmd
	// SetSize gives the screen its width×height cells. The root calls it
	// from Update whenever the layout may have changed (a resize, a push,
	// a tab switch, a dialog, a new status line), so View only reads.
	SetSize(width, height int)
	// View draws the screen into the cells SetSize gave it.
	View() string
	// Capturing reports whether a text field has focus, in which case
	// single-letter global keys (q, 1, ?) are typed, not obeyed.
	Capturing() bool
	// OwnsTab reports whether tab moves within the screen (between a
	// form's fields) rather than to the next tab.
	OwnsTab() bool
}

// Dialog is an overlay drawn over the screens. The front dialog takes every
// key first. HandleMsg is pure: it changes the dialog's own state and
// returns an Action that the root turns into commands, which is what makes
// dialogs easy to test.
type Dialog interface {
	help.KeyMap
	// ID names the dialog in the answers to the commands it starts.
	ID() ownerID
	// Init starts the dialog's work when it opens (a revoke); nil for
	// nothing.
	Init() tea.Cmd
	HandleMsg(msg tea.Msg) Action
	// SetSize gives the dialog the most cells its box may take; the root
	// calls it from Update, as for screens.
	SetSize(width, height int)
	// Draw renders the dialog's box; the root centres it.
	Draw() string
	// ConfirmQuit is asked before chatkeys quits. A dialog that would
	// lose something (a secret shown once and not yet copied or saved)
	// starts asking the user and returns true; asked again, it returns
	// false and chatkeys quits.
	ConfirmQuit() bool
}

// textDialog is a dialog with a text field: while Capturing reports
// true, a paste goes to it.
type textDialog interface {
	Dialog
	Capturing() bool
}

// sized keeps the cells the root gave a screen or a dialog, for those
// whose layout needs nothing more than to know them.
type sized struct{ width, height int }

// SetSize records the cells.
func (s *sized) SetSize(width, height int) { s.width, s.height = width, height }

// passive gives a screen or dialog the answers of one that starts nothing
// and keeps tab for switching tabs.
type passive struct{}

func (passive) Init() tea.Cmd { return nil }
func (passive) OwnsTab() bool { return false }

// Action is what a dialog asks of the root after a message.
type Action interface{ isAction() }

// actionNone leaves everything as it is.
type actionNone struct{}

// actionRun runs a command and keeps the dialog open.
type actionRun struct{ cmd tea.Cmd }

// actionClose closes the dialog, then runs then (which may be nil).
type actionClose struct{ then tea.Cmd }

func (actionNone) isAction()  {}
func (actionRun) isAction()   {}
func (actionClose) isAction() {}

// keyHints is a line of key hints joined by " · " that fits in width
// (0: any): the hints in extra, then those in keep, leaving out the last
// of extra until the line fits, so no hint is ever cut in half.
func keyHints(width int, keep []string, extra ...string) string {
	for {
		line := strings.Join(append(slices.Clone(extra), keep...), " · ")
		if width <= 0 || len(extra) == 0 || ansi.StringWidth(line) <= width {
			return line
		}
		extra = extra[:len(extra)-1]
	}
}
