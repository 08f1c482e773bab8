package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"chatkeys/api/safetext"
)

// confirmDialog asks a yes/no question. It defaults to No, so an enter
// pressed in passing never destroys anything. A warning, when set, is drawn
// in red above the question: deleting the login client or revoking
// chatkeys' own token.
type confirmDialog struct {
	passive
	sized
	owned
	c        *common
	title    string
	body     string
	warning  string
	yesLabel string
	yes      bool // focused button
	onYes    tea.Cmd
}

var _ Dialog = (*confirmDialog)(nil)

func newConfirmDialog(c *common, title, body, warning, yesLabel string, onYes tea.Cmd) *confirmDialog {
	if yesLabel == "" {
		yesLabel = "Yes"
	}
	return &confirmDialog{owned: c.own(), c: c, title: title, body: body, warning: warning, yesLabel: yesLabel, onYes: onYes}
}

// HandleMsg answers y, n, esc, the arrows and enter.
func (d *confirmDialog) HandleMsg(msg tea.Msg) Action {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return actionNone{}
	}
	keys := d.c.keys.Confirm
	switch {
	case key.Matches(k, keys.Yes):
		return actionClose{then: d.onYes}
	case key.Matches(k, keys.No):
		return actionClose{}
	case key.Matches(k, keys.Toggle):
		d.yes = !d.yes
	case key.Matches(k, keys.Submit):
		if d.yes {
			return actionClose{then: d.onYes}
		}
		return actionClose{}
	}
	return actionNone{}
}

// Draw renders the question and the two buttons.
func (d *confirmDialog) Draw() string { return d.layout().draw() }

// layout is the box: the question, then the No and Yes buttons, which a
// click presses as n and y do.
func (d *confirmDialog) layout() *dialogBox {
	s := d.c.styles.Dialog
	b := newDialogBox(s.Frame, d.width)
	inner := b.inner()
	b.add(s.Title.Render(safetext.Sanitize(d.title, 80)),
		d.c.styles.Header.Muted.Width(inner).Render(safetext.Sanitize(d.c.sess.actsOn(), 200)), "")
	if d.warning != "" {
		b.add(s.Danger.Width(inner).Render("⚠ "+safetext.Sanitize(d.warning, 1000)), "")
	}
	if d.body != "" {
		// A blank line parts the body's paragraphs; each is sanitised.
		for _, p := range strings.Split(d.body, "\n\n") {
			b.add(s.Body.Width(inner).Render(safetext.Sanitize(p, 2000)), "")
		}
	}
	no, yes := d.buttons()
	keys := d.c.keys.Confirm
	b.buttons(buttonGap, dialogLabel{no, pressing(d, keys.No)}, dialogLabel{yes, pressing(d, keys.Yes)})
	return b
}

// buttonGap is the cells between two buttons.
const buttonGap = 2

// buttons are the No and Yes buttons as drawn, the focused one lit.
func (d *confirmDialog) buttons() (no, yes string) {
	s := d.c.styles.Dialog
	if d.yes {
		return s.Button.Render("No"), s.ActiveButton.Render(d.yesLabel)
	}
	return s.ActiveButton.Render("No"), s.Button.Render(d.yesLabel)
}

// ConfirmQuit lets a quit through: a question loses nothing.
func (d *confirmDialog) ConfirmQuit() bool { return false }

func (d *confirmDialog) ShortHelp() []key.Binding {
	k := d.c.keys.Confirm
	return []key.Binding{k.Yes, k.No, k.Toggle, k.Submit}
}

func (d *confirmDialog) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }
