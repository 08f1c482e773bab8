package ui

import (
	"slices"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// paletteAction is one action the command palette offers: a binding of
// the help, and the key press that runs it.
type paletteAction struct {
	binding key.Binding
	press   tea.KeyPressMsg
}

// paletteDialog lists every action available where the user is, taken
// from the bindings the help shows, so it lists what the keys do. Typing
// filters the list; enter closes the palette and replays the chosen
// action's key to what is under it, so the action runs exactly as its key
// would.
type paletteDialog struct {
	passive
	sized
	owned
	c       *common
	actions []paletteAction
	shown   []int // indexes into actions that match the query, in order
	cursor  int   // index into shown
	input   textinput.Model
	keys    paletteKeys
}

// paletteKeys move through the palette's list and run or leave it.
type paletteKeys struct {
	Up, Down, Run, Back key.Binding
}

var _ textDialog = (*paletteDialog)(nil)

// newPaletteDialog offers the bindings of groups, skipping the disabled,
// the palette's own and any listed twice.
func newPaletteDialog(c *common, groups [][]key.Binding) *paletteDialog {
	in := textinput.New()
	in.Prompt = "› "
	in.Placeholder = "type to filter"
	in.CharLimit = 64
	d := &paletteDialog{owned: c.own(), c: c, input: in, keys: paletteKeys{
		Up:   key.NewBinding(key.WithKeys("up", "ctrl+k"), key.WithHelp("↑/↓", "choose")),
		Down: key.NewBinding(key.WithKeys("down", "ctrl+j")),
		Run:  bind("run", "enter"),
		Back: c.keys.Global.Back,
	}}
	seen := map[string]bool{}
	for _, g := range groups {
		for _, b := range g {
			id := b.Help().Key + "\x00" + b.Help().Desc
			press, ok := bindingPress(b)
			if !ok || !b.Enabled() || seen[id] || sameBinding(b, c.keys.Global.Palette) {
				continue
			}
			seen[id] = true
			d.actions = append(d.actions, paletteAction{binding: b, press: press})
		}
	}
	d.filter()
	return d
}

// sameBinding reports whether a and b take the same keys.
func sameBinding(a, b key.Binding) bool {
	return strings.Join(a.Keys(), " ") == strings.Join(b.Keys(), " ")
}

// matchesQuery reports whether binding b answers query: each word of
// the query, in any case, is its key or begins a word of its key or of
// what it does ("rev" finds "revoke", not "prev tab").
func matchesQuery(b key.Binding, query string) bool {
	h := b.Help()
	label := strings.ToLower(h.Key)
	words := strings.FieldsFunc(label+" "+strings.ToLower(h.Desc), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	for _, w := range strings.Fields(strings.ToLower(query)) {
		if w != label && !slices.ContainsFunc(words, func(x string) bool { return strings.HasPrefix(x, w) }) {
			return false
		}
	}
	return true
}

// filter keeps the actions that match the field's query, the cursor on
// the first.
func (d *paletteDialog) filter() {
	d.shown = d.shown[:0]
	for i, a := range d.actions {
		if matchesQuery(a.binding, d.input.Value()) {
			d.shown = append(d.shown, i)
		}
	}
	d.cursor = 0
}

// Init gives the field the keyboard.
func (d *paletteDialog) Init() tea.Cmd { return d.input.Focus() }

// Capturing is true: every printable key filters the list.
func (d *paletteDialog) Capturing() bool { return true }

// SetSize fits the dialog and its field.
func (d *paletteDialog) SetSize(width, height int) {
	d.sized.SetSize(width, height)
	d.input.SetWidth(max(width-d.c.styles.Dialog.Frame.GetHorizontalFrameSize()-3, 10))
}

// HandleMsg moves, runs or leaves on its keys and filters on the rest.
func (d *paletteDialog) HandleMsg(msg tea.Msg) Action {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, d.keys.Back):
			return actionClose{}
		case key.Matches(k, d.keys.Run):
			if len(d.shown) == 0 {
				return actionNone{}
			}
			return actionClose{then: emit(d.actions[d.shown[d.cursor]].press)}
		case key.Matches(k, d.keys.Up):
			d.cursor = max(d.cursor-1, 0)
			return actionNone{}
		case key.Matches(k, d.keys.Down):
			d.cursor = min(d.cursor+1, max(len(d.shown)-1, 0))
			return actionNone{}
		}
	}
	before := d.input.Value()
	var cmd tea.Cmd
	d.input, cmd = d.input.Update(msg)
	if d.input.Value() != before {
		d.filter()
	}
	return actionRun{cmd: cmd}
}

// paletteChrome is the lines of the box that are not actions: the title,
// the field, the blank lines around them and the frame's.
func (d *paletteDialog) paletteChrome() int {
	return 4 + d.c.styles.Dialog.Frame.GetVerticalFrameSize()
}

// Draw renders the field and the window of matching actions that holds
// the cursor.
func (d *paletteDialog) Draw() string { return d.layout().draw() }

// layout is the box: the field, then a row an action, a click on which
// runs it as enter does.
func (d *paletteDialog) layout() *dialogBox {
	s := d.c.styles
	b := newDialogBox(s.Dialog.Frame, d.width)
	inner := b.inner()
	b.add(s.Dialog.Title.Render("Commands"), "", d.input.View(), "")
	rows := max(d.height-d.paletteChrome(), 1)
	if len(d.shown) == 0 {
		b.add(s.Dialog.Muted.Render("No action matches."))
	}
	keyW := 0
	for _, i := range d.shown {
		keyW = max(keyW, ansi.StringWidth(d.actions[i].binding.Help().Key))
	}
	first := min(max(d.cursor-rows+1, 0), max(len(d.shown)-rows, 0))
	for n, i := range d.shown[first:min(first+rows, len(d.shown))] {
		h := d.actions[i].binding.Help()
		label := h.Key + strings.Repeat(" ", keyW-ansi.StringWidth(h.Key))
		var line string
		if first+n == d.cursor {
			line = s.Table.Selected.Render(fitWidth(" "+label+"  "+h.Desc+" ", inner))
		} else {
			line = fitWidth(" "+s.Text.Key.Render(label)+"  "+s.Dialog.Body.Render(h.Desc), inner)
		}
		b.row(line, func() Action {
			d.cursor = first + n
			return pressing(d, d.keys.Run)()
		})
	}
	return b
}

// ConfirmQuit lets a quit through: the palette holds nothing.
func (d *paletteDialog) ConfirmQuit() bool { return false }

func (d *paletteDialog) ShortHelp() []key.Binding {
	return []key.Binding{d.keys.Run, d.keys.Up, d.keys.Back}
}

func (d *paletteDialog) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }
