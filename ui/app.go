package ui

import (
	"fmt"
	"slices"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"chatkeys/api"
)

// App is the sole Bubble Tea model. It owns the tabs' screen stacks, the
// dialog overlay, the status line and the help; every other part is a
// plain struct it calls.
type App struct {
	c       *common
	stacks  [tabCount][]Screen
	tab     tab
	dialogs []Dialog
	status  status
	help    help.Model
	// fullHelp is the full help (?) and its search.
	fullHelp fullHelp
	width    int
	height   int
	onQuit   func()
	// mouseOff turns the mouse off: the terminal keeps its own selection.
	mouseOff bool
	// lastClick is the last click on a table's row, for a double click.
	lastClick rowClick
	// tokensOf is the client whose tokens the Tokens tab was opened for
	// from Clients (t), for esc to return to; "" otherwise.
	tokensOf string

	history     HistoryReader   // nil: no history to show
	profiles    ProfileSwitcher // nil: one profile only (the demo)
	historyPath string
	rateWaits   <-chan api.RateWait
	rateTicking bool // a countdown tick is on its way
	quitAsked   bool // a dialog is asking whether to quit
	bodyH       int  // the screens' height, set by layout

	// dialogsOnly is set while Update handles a message that reaches the
	// dialogs alone, so the screen drawn behind them stays as it was.
	dialogsOnly bool
	memo        frameMemo  // what View drew, for the next frame
	helpMemo    helpMemo   // the footer's help, as last drawn
	chrome      chromeMemo // the header and the tab bar, as last drawn
}

var _ tea.Model = (*App)(nil)

// Init asks for the background colour (for the light or dark palette) and
// starts the screens' first loads.
func (a *App) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor, clockEvery(30 * time.Second)}
	if n := a.c.sess.Notice; n != "" {
		cmds = append(cmds, info(n))
	}
	cmds = append(cmds, waitForRate(a.rateWaits))
	for t := range tabCount {
		for _, s := range a.stacks[t] {
			cmds = append(cmds, s.Init())
		}
	}
	return tea.Batch(cmds...)
}

// Update routes a message (route.go): keys to the front dialog, else to
// the root's global keys, else to the current screen; the root's own
// messages to the root; an answer to its asker; news to every screen; a
// library's own steps to the current screen and the front dialog.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	a.dialogsOnly = false
	_, cmd := a.update(msg)
	if a.tab != tabTokens {
		a.tokensOf = "" // the client's tokens were left another way
	}
	if !a.dialogsOnly {
		a.memo.bodyFresh = false // a screen may have changed: View draws it again
	}
	a.layout()
	return a, cmd
}

// update is Update before the layout is brought up to date.
func (a *App) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
		return a, nil
	case tea.BackgroundColorMsg:
		*a.c.styles = *NewStyles(msg.IsDark())
		a.help.Styles = a.c.styles.Help
		return a, a.screen().HandleMsg(msg) // a huh form picks its theme from it
	case tea.KeyPressMsg:
		return a, a.handleKey(msg)
	case tea.PasteMsg:
		return a, a.paste(msg)
	case tea.MouseClickMsg:
		return a, a.click(msg)
	case tea.MouseWheelMsg:
		return a, a.wheel(msg)
	case rateWaitMsg:
		// Waits may arrive out of order, or some not at all: the longest
		// pause still running wins.
		if msg.wait.Until.After(a.c.rate.until) || a.c.rate.left(a.c.now()) <= 0 {
			a.c.rate.until = msg.wait.Until
		}
		a.c.rate.paused = a.c.rate.paused && a.c.rate.left(a.c.now()) > 0 || msg.wait.Paused
		cmds := []tea.Cmd{waitForRate(a.rateWaits)}
		if !a.rateTicking {
			a.rateTicking = true
			cmds = append(cmds, rateTick())
		}
		return a, tea.Batch(cmds...)
	case rateTickMsg:
		if a.c.rate.left(a.c.now()) > 0 {
			return a, rateTick()
		}
		a.rateTicking = false
		return a, nil
	case quitMsg:
		return a, a.quit()
	case pushScreenMsg:
		a.stacks[a.tab] = append(a.stacks[a.tab], msg.screen)
		return a, msg.screen.Init()
	case popScreenMsg:
		a.popScreen(msg.screen)
		return a, nil
	case openDialogMsg:
		a.dialogs = append(a.dialogs, msg.dialog)
		return a, msg.dialog.Init()
	case switchTabMsg:
		a.tab = msg.tab
		return a, nil
	case showClientTokensMsg:
		a.tab = tabTokens
		a.tokensOf = msg.clientIdentifier
		return a, a.stacks[tabTokens][0].HandleMsg(msg)
	case jumpMsg:
		return a, a.jump(msg)
	case sessionChangedMsg:
		return a, a.changeSession(msg)
	case profilesListedMsg:
		if msg.err != nil {
			return a, reportErr(msg.err)
		}
		return a, openDialog(newProfilePicker(a.c, a.profiles, msg.names))
	case statusMsg:
		return a, a.status.set(msg)
	case statusExpiredMsg:
		a.status.expire(msg.seq)
		return a, nil
	case clockMsg:
		return a, clockEvery(30 * time.Second) // the frame drawn after this message shows the new time
	case clipboardResultMsg:
		// A dialog that copied (the copy-once modal) says how it went
		// itself; for any other copy the status line says it.
		if d := a.dialogWithID(msg.to); d != nil {
			a.dialogsOnly = true
			return a, a.apply(d, d.HandleMsg(msg))
		}
		return a, a.status.set(statusMsg{text: describeCopy(msg)})
	case answer:
		// An answer to a dialog that brings no news reaches no screen.
		an, announces := msg.(announcer)
		a.dialogsOnly = a.dialogWithID(msg.receiver()) != nil && (!announces || an.announce() == nil)
		return a, a.answered(msg)
	case tokensLoadedMsg:
		if int64(msg.load) > a.c.tokenLoadsSeen.Load() {
			a.c.tokenLoadsSeen.Store(int64(msg.load))
		}
		return a, tea.Batch(a.toScreens(msg), msg.more())
	case news:
		return a, a.toScreens(msg)
	}
	cmds := []tea.Cmd{a.screen().HandleMsg(msg)}
	if d := a.front(); d != nil {
		cmds = append(cmds, a.apply(d, d.HandleMsg(msg)))
	}
	return a, tea.Batch(cmds...)
}

// paste hands pasted text to a focused text field alone: the front
// dialog's when it has one, else the current screen's. It never answers
// a dialog's question and never runs a screen's keys.
func (a *App) paste(msg tea.PasteMsg) tea.Cmd {
	if a.tooSmall() {
		return nil
	}
	if d := a.front(); d != nil {
		if td, ok := d.(textDialog); ok && td.Capturing() {
			a.dialogsOnly = true
			return a.apply(d, d.HandleMsg(msg))
		}
		return nil
	}
	if !a.screen().Capturing() {
		return nil
	}
	return a.screen().HandleMsg(msg)
}

// rowSelector is a tab's table that can put its cursor on a row by id,
// clearing its filters when they hide it.
type rowSelector interface {
	selectRow(id int64) bool
}

// jump shows msg's tab with the cursor on its row. The details opened
// over the table close; a form that has the keyboard stays, and the
// status line says the row waits behind it.
func (a *App) jump(msg jumpMsg) tea.Cmd {
	a.tab = msg.tab
	st := a.stacks[msg.tab]
	for len(st) > 1 && !st[len(st)-1].Capturing() {
		st = st[:len(st)-1]
	}
	a.stacks[msg.tab] = st
	noun := map[tab]string{tabClients: "client", tabTokens: "token"}[msg.tab]
	if s, ok := st[0].(rowSelector); !ok || !s.selectRow(msg.id) {
		return reportErr(fmt.Errorf("%s %d is no longer listed (r reloads the list)", noun, msg.id))
	}
	if len(st) > 1 {
		return info(fmt.Sprintf("The %s is selected behind the form: esc leaves the form.", noun))
	}
	return nil
}

// changeSession replaces the session in place, so every part holding
// common sees it, says the note, and, for a session that reaches the
// account, reloads the lists and shows Clients. On another profile the
// tables take its sorts and auto-refresh.
func (a *App) changeSession(msg sessionChangedMsg) tea.Cmd {
	was := a.c.sess.Profile
	*a.c.sess = *msg.sess
	if a.c.sess.Profile != was {
		a.followProfile()
	}
	a.c.keys = DefaultKeyMap()
	if a.c.sess.Readonly {
		a.c.keys.readOnly()
	}
	cmds := []tea.Cmd{info(msg.note)}
	if msg.reload {
		// Built after the replacement: each load captures the new client.
		cmds = append(cmds, loadClients(a.c), loadTokens(a.c))
		a.tab = tabClients
	}
	return tea.Batch(cmds...)
}

// handleKey routes a key: ctrl+c first (it always reaches the quit
// guard), then, unless the terminal is too small to show anything, the
// front dialog, a screen with a focused text field, the global keys, and
// the screen.
func (a *App) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	g := a.c.keys.Global
	if key.Matches(msg, g.ForceQuit) {
		return a.requestQuit()
	}
	if a.tooSmall() {
		// Nothing is drawn but the notice: no key may act unseen.
		if key.Matches(msg, g.Quit) {
			return a.requestQuit()
		}
		return nil
	}
	a.status.clearError()
	if key.Matches(msg, g.Palette) && a.paletteOpens(msg) {
		km, _ := a.focusHelp()
		// The footer's keys first: they are where the user is.
		return openDialog(newPaletteDialog(a.c, append([][]key.Binding{km.ShortHelp()}, a.helpGroups()...)))
	}
	if d := a.front(); d != nil {
		a.quitAsked = false // the dialog in front answers for itself now
		a.dialogsOnly = true
		return a.apply(d, d.HandleMsg(msg))
	}
	s := a.screen()
	if s.Capturing() {
		return s.HandleKey(msg)
	}
	if a.fullHelp.shown {
		if cmd, taken := a.fullHelp.key(msg, g, a.helpGroups()); taken {
			return cmd
		}
	}
	for t, b := range [tabCount]key.Binding{tabClients: g.Clients, tabTokens: g.Tokens, tabLogin: g.Login, tabAudit: g.Audit} {
		if key.Matches(msg, b) {
			a.tab = tab(t)
			return nil
		}
	}
	switch {
	case key.Matches(msg, g.Quit):
		return a.requestQuit()
	case key.Matches(msg, g.Help):
		a.fullHelp.shown = !a.fullHelp.shown
		return nil
	case key.Matches(msg, g.Lookup):
		return openDialog(newLookupDialog(a.c, a.stacks[tabClients][0].ID()))
	case key.Matches(msg, g.Profile) && a.profiles == nil:
		return info("This account has no other profile to switch to.")
	case key.Matches(msg, g.Profile):
		return listProfiles(a.profiles)
	case key.Matches(msg, g.History):
		if _, shown := s.(*historyScreen); shown {
			return nil
		}
		return pushScreen(newHistoryScreen(a.c, a.history, a.historyPath))
	case s.OwnsTab() && (key.Matches(msg, g.NextTab) || key.Matches(msg, g.PrevTab)):
		return s.HandleKey(msg)
	case key.Matches(msg, g.NextTab):
		a.tab = (a.tab + 1) % tabCount
		return nil
	case key.Matches(msg, g.PrevTab):
		a.tab = (a.tab + tabCount - 1) % tabCount
		return nil
	case key.Matches(msg, g.Back) && len(a.stacks[a.tab]) > 1:
		a.pop()
		return nil
	case key.Matches(msg, g.Back) && a.tab == tabTokens && a.tokensOf != "":
		return a.backToClient(msg)
	}
	return s.HandleKey(msg)
}

// backToClient leaves the tokens of one client (t on Clients) for that
// client: esc clears the Tokens tab's filter as it always does, and the
// Clients tab shows with the cursor on the client.
func (a *App) backToClient(esc tea.KeyPressMsg) tea.Cmd {
	cmd := a.screen().HandleKey(esc)
	ident := a.tokensOf
	a.tab, a.tokensOf = tabClients, ""
	clients, ok := a.stacks[tabClients][0].(*clientsScreen)
	if !ok {
		return cmd
	}
	if i := slices.IndexFunc(clients.all, func(c api.OAuthClient) bool { return c.ClientIdentifier == ident }); i >= 0 {
		clients.selectRow(clients.all[i].ID)
	}
	return cmd
}

// paletteOpens reports whether the palette key msg opens the palette: not
// over itself, and, while a text field has focus, only by a key that
// types nothing there (ctrl+p), so ":" is typed.
func (a *App) paletteOpens(msg tea.KeyPressMsg) bool {
	d := a.front()
	if _, open := d.(*paletteDialog); open {
		return false
	}
	typing := a.screen().Capturing()
	if td, ok := d.(textDialog); ok {
		typing = td.Capturing()
	} else if d != nil {
		typing = false
	}
	return msg.Text == "" || !typing
}

// apply turns dialog d's Action into commands.
func (a *App) apply(d Dialog, act Action) tea.Cmd {
	switch act := act.(type) {
	case actionRun:
		return act.cmd
	case actionClose:
		for i, x := range a.dialogs {
			if x == d { // drop the dialog, and any secret it held
				a.dialogs = slices.Delete(a.dialogs, i, i+1)
				break
			}
		}
		return act.then
	}
	return nil
}

func (a *App) pop() {
	if st := a.stacks[a.tab]; len(st) > 1 {
		a.stacks[a.tab] = st[:len(st)-1]
	}
}

// popScreen closes screen s wherever it is, or the current tab's top
// screen when s is nil. A screen that asks to close itself after an
// answer arrives must not close what another tab shows by then.
func (a *App) popScreen(s Screen) {
	if s == nil {
		a.pop()
		return
	}
	for t := range tabCount {
		st := a.stacks[t]
		for i := 1; i < len(st); i++ { // the tab's root screen stays
			if st[i] == s {
				a.stacks[t] = slices.Delete(st, i, i+1)
				return
			}
		}
	}
}

// screen is the current tab's top screen.
func (a *App) screen() Screen {
	st := a.stacks[a.tab]
	return st[len(st)-1]
}

// front is the dialog taking input, or nil.
func (a *App) front() Dialog {
	if n := len(a.dialogs); n > 0 {
		return a.dialogs[n-1]
	}
	return nil
}

// requestQuit quits unless a dialog would lose something by it (a secret
// shown once and neither copied nor saved): that dialog asks first, and a
// second request quits.
func (a *App) requestQuit() tea.Cmd {
	for _, d := range slices.Backward(a.dialogs) {
		if d.ConfirmQuit() {
			a.quitAsked = true
			return nil
		}
	}
	return a.quit()
}

// quitMsg asks the root to quit; a dialog's answer sends it.
type quitMsg struct{}

func (a *App) quit() tea.Cmd {
	if a.onQuit != nil {
		a.onQuit()
	}
	return tea.Quit
}
