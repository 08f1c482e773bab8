package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"chatkeys/api/safetext"
)

// filterBar is the "/" filter shared by the tables: typing narrows the
// rows at once, enter keeps the filter and returns to the table, esc clears
// it.
type filterBar struct {
	c     *common
	input textinput.Model
	width int
	// note follows the field on its line: the terms of the filter that
	// could not be read, and how to write them; "" for none.
	note string
}

func newFilterBar(c *common) filterBar {
	in := textinput.New()
	in.Prompt = "/"
	in.Placeholder = "filter"
	in.CharLimit = 100
	return filterBar{c: c, input: in}
}

// Active reports whether the filter has the keyboard.
func (f *filterBar) Active() bool { return f.input.Focused() }

// Value is the filter text, lower-cased, trimmed.
func (f *filterBar) Value() string { return strings.ToLower(strings.TrimSpace(f.input.Value())) }

// Start gives the filter the keyboard.
func (f *filterBar) Start() tea.Cmd { return f.input.Focus() }

// Clear empties the filter and leaves it.
func (f *filterBar) Clear() {
	f.input.SetValue("")
	f.input.Blur()
}

// HandleKey edits the filter. It reports whether the value changed, and
// takes enter (keep) and esc (clear) itself.
func (f *filterBar) HandleKey(msg tea.KeyPressMsg) (changed bool, cmd tea.Cmd) {
	before := f.input.Value()
	switch {
	case key.Matches(msg, f.c.keys.List.ClearFilter):
		f.Clear()
	case msg.String() == "enter", msg.String() == "up", msg.String() == "down":
		f.input.Blur()
	default:
		f.input, cmd = f.input.Update(msg)
	}
	return f.input.Value() != before, cmd
}

// HandlePaste types pasted text into the filter.
func (f *filterBar) HandlePaste(msg tea.PasteMsg) bool {
	before := f.input.Value()
	f.input, _ = f.input.Update(msg)
	return f.input.Value() != before
}

// Shown reports whether the filter line is drawn: while it has the
// keyboard or holds text.
func (f *filterBar) Shown() bool { return f.input.Focused() || f.input.Value() != "" }

// SetWidth fits the filter line into width cells.
func (f *filterBar) SetWidth(width int) {
	f.width = width
	f.input.SetWidth(max(width-4, 10))
}

// View shows the filter line when it is in use, else "".
func (f *filterBar) View() string {
	if !f.Shown() {
		return ""
	}
	line := f.input.View()
	if f.note != "" {
		// The note is the filter's own text, drawn back sanitised.
		line = strings.TrimRight(line, " ") + "  " + f.c.styles.Text.Muted.Render(safetext.Sanitize(f.note, 200))
	}
	return ansi.Truncate(line, max(f.width, 10), "…")
}

// matchAll reports whether hay contains every word of the filter.
func matchAll(hay string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}
