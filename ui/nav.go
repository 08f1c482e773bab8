package ui

import (
	"reflect"
	"time"

	"charm.land/bubbles/v2/spinner"

	tea "charm.land/bubbletea/v2"
)

// Navigation and status messages. Screens and commands emit them; only the
// root acts on them.
type (
	// pushScreenMsg opens a screen on top of the current tab's stack.
	pushScreenMsg struct{ screen Screen }
	// popScreenMsg closes screen (nil: the current tab's top screen).
	popScreenMsg struct{ screen Screen }
	// openDialogMsg opens a dialog in front of everything.
	openDialogMsg struct{ dialog Dialog }
	// switchTabMsg shows another tab.
	switchTabMsg struct{ tab tab }
	// statusMsg sets the status line.
	statusMsg struct {
		text string
		err  error
	}
	// statusExpiredMsg clears an info status if it is still the one shown.
	statusExpiredMsg struct{ seq int }
	// clockMsg refreshes what depends on the time (the header's time left,
	// relative dates).
	clockMsg time.Time
)

// tab identifies a top-level tab.
type tab int

const (
	tabClients tab = iota
	tabTokens
	tabLogin
	tabCount
)

func (t tab) String() string {
	return [...]string{"Clients", "Tokens", "Login"}[t]
}

func emit(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }

func pushScreen(s Screen) tea.Cmd { return emit(pushScreenMsg{s}) }

// closeScreen closes s wherever it is.
func closeScreen(s Screen) tea.Cmd { return emit(popScreenMsg{s}) }
func openDialog(d Dialog) tea.Cmd  { return emit(openDialogMsg{d}) }
func switchTab(t tab) tea.Cmd      { return emit(switchTabMsg{t}) }

// info shows a message in the status line for a few seconds.
func info(text string) tea.Cmd { return emit(statusMsg{text: text}) }

// reportErr shows an error until the next key, with its hint.
func reportErr(err error) tea.Cmd {
	if err == nil {
		return nil
	}
	return emit(statusMsg{err: err})
}

// clockEvery ticks the clock.
func clockEvery(d time.Duration) tea.Cmd {
	return tea.Tick(d, func(t time.Time) tea.Msg { return clockMsg(t) })
}

// uiPackage is this package's import path, for isAppMsg.
var uiPackage = reflect.TypeOf(tab(0)).PkgPath()

// isAppMsg reports whether msg is one of chatkeys' own messages (results
// of commands, navigation), which every screen may care about. Anything
// else (a huh form's private steps, a cursor blink) belongs to the screen
// in front only: two forms must never act on each other's steps.
func isAppMsg(msg tea.Msg) bool {
	if _, ok := msg.(spinner.TickMsg); ok {
		return true // the login spinner keeps its place while another tab shows
	}
	t := reflect.TypeOf(msg)
	return t != nil && t.PkgPath() == uiPackage
}
