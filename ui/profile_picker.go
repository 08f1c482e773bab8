package ui

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"chatkeys/api/safetext"
)

// ProfileSwitcher lists the profiles chatkeys knows and opens a session
// on one of them. Both read files, so the UI calls them from commands.
type ProfileSwitcher interface {
	Profiles() ([]string, error)
	SwitchProfile(ctx context.Context, name string) (*Session, error)
}

// profilesListedMsg carries the profiles to choose from, or why they
// could not be read.
type profilesListedMsg struct {
	names []string
	err   error
}

// listProfiles reads the profiles for the picker.
func listProfiles(p ProfileSwitcher) tea.Cmd {
	return func() tea.Msg {
		names, err := p.Profiles()
		return profilesListedMsg{names, err}
	}
}

// switchProfile opens the session of profile name; the root replaces its
// session with it, as after a login.
func switchProfile(ctx context.Context, p ProfileSwitcher, name string) tea.Cmd {
	return func() tea.Msg {
		sess, err := p.SwitchProfile(ctx, name)
		if err != nil {
			return statusMsg{err: err}
		}
		note := "Now on profile " + safetext.Sanitize(name, 40) + "."
		if sess.Notice != "" {
			note += " " + sess.Notice
		}
		return sessionChangedMsg{sess: sess, note: note, reload: sess.Client != nil}
	}
}

// profilePicker chooses the profile the TUI acts on: the arrows move,
// enter switches, esc keeps the one in use.
type profilePicker struct {
	passive
	sized
	owned
	c       *common
	p       ProfileSwitcher
	names   []string
	current string
	at      int
	choose  key.Binding
}

var _ Dialog = (*profilePicker)(nil)

func newProfilePicker(c *common, p ProfileSwitcher, names []string) *profilePicker {
	d := &profilePicker{owned: c.own(), c: c, p: p, names: names, current: c.sess.Profile, choose: bind("switch", "enter")}
	for i, n := range names {
		if n == d.current {
			d.at = i
		}
	}
	return d
}

// HandleMsg moves the choice, switches to it or closes.
func (d *profilePicker) HandleMsg(msg tea.Msg) Action {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		return d.press(k)
	}
	return actionNone{}
}

func (d *profilePicker) press(k tea.KeyPressMsg) Action {
	lk := d.c.keys.List
	chosen := d.names[d.at]
	switch {
	case key.Matches(k, lk.Up), key.Matches(k, lk.Down):
		step := 1
		if key.Matches(k, lk.Up) {
			step = -1
		}
		d.at = min(max(d.at+step, 0), len(d.names)-1)
	case key.Matches(k, d.choose) && chosen != d.current:
		return actionClose{then: switchProfile(d.c.ctx, d.p, chosen)}
	case key.Matches(k, d.choose), key.Matches(k, d.c.keys.Global.Back):
		return actionClose{}
	}
	return actionNone{}
}

// Draw lists the profiles, the one in use starred and the choice lit.
func (d *profilePicker) Draw() string { return d.layout().draw() }

// layout is the box: a row a profile, a click on which chooses it as
// enter does.
func (d *profilePicker) layout() *dialogBox {
	s := d.c.styles.Dialog
	b := newDialogBox(s.Frame, min(d.width, 50))
	b.add(s.Title.Render("Switch profile"), "")
	for i, n := range d.names {
		star, cursor := " ", " "
		if n == d.current {
			star = "*"
		}
		text := safetext.Sanitize(n, 40)
		if i == d.at {
			cursor, text = "›", d.c.styles.Table.Selected.Render(text)
		}
		b.row(cursor+" "+star+" "+text, func() Action {
			d.at = i
			return pressing(d, d.choose)()
		})
	}
	b.add("", d.c.styles.Header.Muted.Render("* the profile in use"))
	return b
}

// ConfirmQuit lets a quit through: nothing is lost.
func (d *profilePicker) ConfirmQuit() bool { return false }

func (d *profilePicker) ShortHelp() []key.Binding {
	lk := d.c.keys.List
	return []key.Binding{d.choose, d.c.keys.Global.Back, lk.Up, lk.Down}
}

func (d *profilePicker) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }
