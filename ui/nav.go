package ui

import (
	"time"

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
	// showClientTokensMsg shows the Tokens tab filtered to one client (t on
	// Clients).
	showClientTokensMsg struct{ clientIdentifier string }
	// jumpMsg shows tab with the cursor on the row of id (a client on
	// Clients, a token on Tokens): enter on the Audit tab.
	jumpMsg struct {
		tab tab
		id  int64
	}
	// sessionChangedMsg replaces the session: a login was adopted, or the
	// first-run settings were saved. The screen that got the new session
	// emits it; the root applies it.
	sessionChangedMsg struct {
		sess *Session
		note string // said in the status line
		// reload: the session reaches the account, so the lists load again
		// and the Clients tab shows.
		reload bool
	}
)

// tab identifies a top-level tab.
type tab int

const (
	tabClients tab = iota
	tabTokens
	tabLogin
	tabAudit
	tabCount
)

func (t tab) String() string {
	return [...]string{"Clients", "Tokens", "Login", "Audit"}[t]
}

func emit(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }

func pushScreen(s Screen) tea.Cmd { return emit(pushScreenMsg{s}) }

// closeScreen closes s wherever it is.
func closeScreen(s Screen) tea.Cmd { return emit(popScreenMsg{s}) }
func openDialog(d Dialog) tea.Cmd  { return emit(openDialogMsg{d}) }
func switchTab(t tab) tea.Cmd      { return emit(switchTabMsg{t}) }

// showTokensOf switches to the Tokens tab, filtered to one client.
func showTokensOf(ident string) tea.Cmd { return emit(showClientTokensMsg{ident}) }

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
