package ui

import (
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"chatkeys/api/safetext"
)

// secretSavedMsg answers the modal that saved a secret into the profile.
type secretSavedMsg struct {
	reply
	err error
}

// profileSavedMsg is the news that a secret was saved into the profile,
// announced by a secretSavedMsg without error: the Login screen's form
// sends the profile's secret.
type profileSavedMsg struct{}

func (m secretSavedMsg) announce() news {
	if m.err != nil {
		return nil
	}
	return profileSavedMsg{}
}

// secretModal shows a secret or a fresh token once. Zendesk shows a secret
// in full only once, and so does chatkeys: the value lives in this dialog
// alone and is dropped when it closes. It closes only on an explicit enter,
// and asks first if the value was neither copied nor saved.
type secretModal struct {
	passive
	sized
	owned
	c      *common
	title  string
	note   string
	value  string
	save   func(to ownerID, value string) tea.Cmd // nil when saving does not apply
	saveAs string                                 // what saving does, for the help line
	// next is shown once this modal has closed (a token's refresh
	// token), nextWhat names it for showSecret.
	next     *secretModal
	nextWhat string
	// after runs once the last value is closed with enter (not on a
	// quit): the step that follows a rotation.
	after tea.Cmd

	copied, saved bool
	report        string
	reportErr     bool
	askingToClose bool
	askedByQuit   bool // the question came from a quit: yes quits
}

var _ Dialog = (*secretModal)(nil)

func newSecretModal(c *common, title, note, value string) *secretModal {
	return &secretModal{owned: c.own(), c: c, title: title, note: note, value: value}
}

// withSave offers s: save the value into the profile. save's command
// answers the modal whose id it is given with a secretSavedMsg.
func (m *secretModal) withSave(label string, save func(to ownerID, value string) tea.Cmd) *secretModal {
	m.save, m.saveAs = save, label
	return m
}

// HandleMsg handles c, s, enter and the replies of copy and save.
func (m *secretModal) HandleMsg(msg tea.Msg) Action {
	switch msg := msg.(type) {
	case clipboardResultMsg:
		m.report, m.reportErr = describeCopy(msg), msg.native != nil
		return actionNone{}
	case secretSavedMsg:
		if msg.err != nil {
			m.report, m.reportErr = "Not saved: "+msg.err.Error(), true
			return actionNone{}
		}
		m.saved = true
		m.report, m.reportErr = "Saved into the profile.", false
		return actionNone{}
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	}
	return actionNone{}
}

// ConfirmQuit asks before a quit would drop a value that was neither
// copied nor saved, or one still to be shown (a refresh token). Asked
// again while asking, it lets the quit through.
func (m *secretModal) ConfirmQuit() bool {
	if (m.askingToClose && m.askedByQuit) || (m.acknowledged() && m.next == nil) {
		return false
	}
	m.askingToClose, m.askedByQuit = true, true
	return true
}

func (m *secretModal) acknowledged() bool { return m.copied || m.saved }

func (m *secretModal) handleKey(msg tea.KeyPressMsg) Action {
	keys, confirm := m.c.keys.Secret, m.c.keys.Confirm
	if m.askingToClose {
		switch {
		case key.Matches(msg, confirm.Yes) && m.askedByQuit:
			m.value = ""
			if m.next != nil {
				m.next.value = ""
			}
			return actionClose{then: emit(quitMsg{})}
		case key.Matches(msg, confirm.Yes):
			return m.close()
		case key.Matches(msg, confirm.No), key.Matches(msg, keys.Close):
			m.askingToClose, m.askedByQuit = false, false
		}
		return actionNone{}
	}
	switch {
	case key.Matches(msg, keys.Copy):
		m.copied = true
		return actionRun{copyText(m.c, m.id, "the value", m.value)}
	case key.Matches(msg, keys.Save) && m.save != nil:
		return actionRun{m.save(m.id, m.value)}
	case key.Matches(msg, keys.Close):
		if m.acknowledged() {
			return m.close()
		}
		m.askingToClose = true
	}
	return actionNone{}
}

// showSecret opens m, where a secret or token is shown whole, only after
// safetext.CheckWhole: a value holding anything but printable ASCII is dropped,
// neither shown nor copied, and the error says so.
func showSecret(m *secretModal, what string) tea.Cmd {
	if err := safetext.CheckWhole(what, m.value); err != nil {
		m.value = ""
		return reportErr(err)
	}
	return openDialog(m)
}

// close drops the value before the dialog goes, then shows the next one.
func (m *secretModal) close() Action {
	m.value = ""
	then := info("The value was dropped from chatkeys' memory.")
	switch {
	case m.next != nil:
		m.next.after = m.after
		then = tea.Batch(then, showSecret(m.next, m.nextWhat))
	case m.after != nil:
		then = tea.Batch(then, m.after)
	}
	return actionClose{then: then}
}

// Draw shows the whole value in a box, wrapped to fit.
func (m *secretModal) Draw() string { return m.layout().draw() }

// layout is the box: the value, what happened to it, and buttons that a
// click presses as their keys: copy, save and close, or, while asking
// whether to close, go back and close.
func (m *secretModal) layout() *dialogBox {
	s := m.c.styles.Dialog
	b := newDialogBox(s.Frame, m.width)
	inner := b.inner()
	b.add(s.Title.Render(safetext.Sanitize(m.title, 80)), "")
	if m.note != "" {
		b.add(s.Body.Width(inner).Render(safetext.Sanitize(m.note, 1000)), "")
	}
	boxInner := inner - s.Secret.GetHorizontalFrameSize()
	b.add(s.Secret.Render(ansi.Hardwrap(m.value, boxInner, true)), "")
	switch {
	case m.askingToClose && m.askedByQuit && m.acknowledged():
		b.add(s.Danger.Width(inner).Render("Quit now? The refresh token that comes next has not been shown yet, and cannot be shown again. (y quits, n goes back; ctrl+c again quits)"))
	case m.askingToClose && m.askedByQuit:
		b.add(s.Danger.Width(inner).Render("Quit without copying or saving it? It cannot be shown again. (y quits, n goes back; ctrl+c again quits)"))
	case m.askingToClose:
		b.add(s.Danger.Width(inner).Render("Close without copying or saving? It cannot be shown again. (y/n)"))
	case m.report != "" && m.reportErr:
		b.add(m.c.styles.Text.Warning.Width(inner).Render(safetext.Sanitize(m.report, 300)))
	case m.report != "":
		b.add(m.c.styles.Text.Success.Width(inner).Render(safetext.Sanitize(m.report, 300)))
	default:
		b.add(s.Muted.Width(inner).Render("Copy it now: it is shown only this once."))
	}
	b.add("")
	b.buttons(buttonGap, m.buttons()...)
	return b
}

// buttons are the modal's buttons, the one enter presses lit.
func (m *secretModal) buttons() []dialogLabel {
	s := m.c.styles.Dialog
	keys, confirm := m.c.keys.Secret, m.c.keys.Confirm
	if m.askingToClose {
		yes := "Close"
		if m.askedByQuit {
			yes = "Quit"
		}
		return []dialogLabel{{s.ActiveButton.Render("Go back"), pressing(m, confirm.No)}, {s.Button.Render(yes), pressing(m, confirm.Yes)}}
	}
	labels := []dialogLabel{{s.Button.Render("Copy"), pressing(m, keys.Copy)}}
	if m.save != nil {
		labels = append(labels, dialogLabel{s.Button.Render(upperFirst(m.saveAs)), pressing(m, keys.Save)})
	}
	return append(labels, dialogLabel{s.ActiveButton.Render("Close"), pressing(m, keys.Close)})
}

func (m *secretModal) ShortHelp() []key.Binding {
	if m.askingToClose {
		return []key.Binding{m.c.keys.Confirm.Yes, m.c.keys.Confirm.No}
	}
	k := m.c.keys.Secret
	b := []key.Binding{k.Copy}
	if m.save != nil {
		b = append(b, key.NewBinding(key.WithKeys("s"), key.WithHelp("s", m.saveAs)))
	}
	return append(b, k.Close)
}

func (m *secretModal) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// upperFirst is s with its first letter in upper case.
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
