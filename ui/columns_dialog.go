package ui

import (
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// columnsDialog picks a table's visible columns: the arrows move, space
// shows or hides the column under the cursor, enter applies, esc leaves
// the table as it was. One column always stays.
type columnsDialog struct {
	passive
	sized
	owned
	c      *common
	to     ownerID // the table's screen
	titles []string
	hidden []bool
	cursor int
	keys   columnsKeys
}

// columnsKeys are the picker's own keys.
type columnsKeys struct{ Up, Down, Toggle, Apply, Cancel key.Binding }

// columnsChosenMsg carries the columns picked to the table's screen.
type columnsChosenMsg struct {
	reply
	hidden []bool
}

var _ Dialog = (*columnsDialog)(nil)

func newColumnsDialog(c *common, to ownerID, titles []string, hidden []bool) *columnsDialog {
	h := make([]bool, len(titles))
	copy(h, hidden)
	lk := c.keys.List
	return &columnsDialog{owned: c.own(), c: c, to: to, titles: titles, hidden: h, keys: columnsKeys{
		Up: lk.Up, Down: lk.Down,
		Toggle: key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "show/hide")),
		Apply:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply")),
		Cancel: c.keys.Global.Back,
	}}
}

// HandleMsg moves, toggles, applies or cancels.
func (d *columnsDialog) HandleMsg(msg tea.Msg) Action {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return actionNone{}
	}
	switch {
	case key.Matches(k, d.keys.Up):
		d.cursor = max(d.cursor-1, 0)
	case key.Matches(k, d.keys.Down):
		d.cursor = min(d.cursor+1, len(d.titles)-1)
	case key.Matches(k, d.keys.Toggle):
		if shown := len(d.hidden) - countTrue(d.hidden); !d.hidden[d.cursor] && shown == 1 {
			return actionNone{} // the last column shown stays
		}
		d.hidden[d.cursor] = !d.hidden[d.cursor]
	case key.Matches(k, d.keys.Apply):
		return actionClose{then: emit(columnsChosenMsg{reply: reply{d.to}, hidden: slices.Clone(d.hidden)})}
	case key.Matches(k, d.keys.Cancel):
		return actionClose{}
	}
	return actionNone{}
}

// Draw lists the columns with a box each, the cursor's lit.
func (d *columnsDialog) Draw() string { return d.layout().draw() }

// layout is the box: a row a column, which a click shows or hides as
// space does, then the Apply and Cancel buttons, pressed as enter and esc.
func (d *columnsDialog) layout() *dialogBox {
	s := d.c.styles.Dialog
	b := newDialogBox(s.Frame, min(d.width, 40))
	b.add(s.Title.Render("Columns"), "")
	for i, title := range d.titles {
		box := "[x] "
		if d.hidden[i] {
			box = "[ ] "
		}
		line := "  " + box + title
		if i == d.cursor {
			line = "› " + d.c.styles.Table.Selected.Render(box+title)
		}
		b.row(line, func() Action {
			d.cursor = i
			return pressing(d, d.keys.Toggle)()
		})
	}
	b.add("")
	b.buttons(buttonGap, dialogLabel{s.ActiveButton.Render("Apply"), pressing(d, d.keys.Apply)},
		dialogLabel{s.Button.Render("Cancel"), pressing(d, d.keys.Cancel)})
	return b
}

// ConfirmQuit lets a quit through: nothing is lost.
func (d *columnsDialog) ConfirmQuit() bool { return false }

func (d *columnsDialog) ShortHelp() []key.Binding {
	return []key.Binding{d.keys.Toggle, d.keys.Apply, d.keys.Cancel, d.keys.Up, d.keys.Down}
}

func (d *columnsDialog) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }

// countTrue counts the true values of bs.
func countTrue(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}
