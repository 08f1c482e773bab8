package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"chatkeys/api/safetext"
)

// column describes one table column. A column with flex > 0 shares the
// width left over by the fixed ones, never going below min.
type column struct {
	title string
	width int // fixed width, when flex is 0
	min   int
	max   int // 0 means no cap; the space a capped column leaves stays blank
	flex  int
}

// listTable is a virtual table: it keeps a cursor and a scroll offset over
// n rows and renders only the rows that fit, asking the owner for each
// visible cell. bubbles' table cannot style rows one by one (dim expired
// tokens, warn on near expiry), and it holds every row as strings; this
// keeps View constant-time in the number of rows.
type listTable struct {
	columns        []column
	widths         []int
	width, height  int // height counts the header line
	cursor, offset int
	n              int
	// sortCol is the column the rows are sorted by (-1: none), which the
	// header marks ▲ (ascending) or ▼ (descending).
	sortCol  int
	sortDesc bool
}

func newListTable(cols ...column) *listTable {
	t := &listTable{columns: cols, sortCol: -1}
	t.SetSize(80, 10)
	return t
}

// SetSize fits the table into w×h cells, the header included.
func (t *listTable) SetSize(w, h int) {
	t.width, t.height = w, max(h, 2)
	fixed, flex := 0, 0
	for _, c := range t.columns {
		if c.flex > 0 {
			fixed += c.min
			flex += c.flex
		} else {
			fixed += c.width
		}
	}
	gaps := len(t.columns) - 1
	spare := max(w-fixed-gaps, 0)
	t.widths = make([]int, len(t.columns))
	given := 0
	last := -1
	for i, c := range t.columns {
		if c.flex == 0 {
			t.widths[i] = c.width
			continue
		}
		extra := spare * c.flex / flex
		t.widths[i] = c.min + extra
		given += extra
		if c.max == 0 {
			last = i
		}
	}
	if last >= 0 {
		t.widths[last] += spare - given
	}
	for i, c := range t.columns {
		if c.max > 0 && t.widths[i] > c.max {
			t.widths[i] = c.max
		}
	}
	t.clamp()
}

// SetLen tells the table how many rows there are now.
func (t *listTable) SetLen(n int) {
	t.n = n
	t.clamp()
}

// Len is the number of rows.
func (t *listTable) Len() int { return t.n }

// Cursor is the index of the selected row; -1 when there are no rows.
func (t *listTable) Cursor() int {
	if t.n == 0 {
		return -1
	}
	return t.cursor
}

// SetCursor selects row i, scrolling it into view.
func (t *listTable) SetCursor(i int) {
	t.cursor = i
	t.clamp()
}

func (t *listTable) visibleRows() int { return t.height - 1 }

func (t *listTable) clamp() {
	t.cursor = max(min(t.cursor, t.n-1), 0)
	rows := t.visibleRows()
	if t.cursor < t.offset {
		t.offset = t.cursor
	}
	if t.cursor >= t.offset+rows {
		t.offset = t.cursor - rows + 1
	}
	t.offset = max(min(t.offset, t.n-rows), 0)
}

// HandleKey moves the cursor for navigation keys and reports whether the
// key was one.
func (t *listTable) HandleKey(keys ListKeys, msg tea.KeyPressMsg) bool {
	cursor, ok := moveCursor(keys, msg, t.cursor, t.n, t.visibleRows())
	if ok {
		t.cursor = cursor
		t.clamp()
	}
	return ok
}

// moveCursor is where a navigation key moves a cursor at cursor over n
// rows, page of them in view, not yet clamped; ok is false for any
// other key.
func moveCursor(keys ListKeys, msg tea.KeyPressMsg, cursor, n, page int) (int, bool) {
	switch {
	case key.Matches(msg, keys.Up):
		return cursor - 1, true
	case key.Matches(msg, keys.Down):
		return cursor + 1, true
	case key.Matches(msg, keys.Top):
		return 0, true
	case key.Matches(msg, keys.Bottom):
		return n - 1, true
	case key.Matches(msg, keys.PageUp):
		return cursor - page, true
	case key.Matches(msg, keys.PageDown):
		return cursor + page, true
	}
	return cursor, false
}

// rowStyler picks the style of a row that is not under the cursor.
type rowStyler func(row int) lipgloss.Style

// Render draws the header and the visible rows. cell returns the plain text
// of one cell; it is called only for visible rows.
func (t *listTable) Render(s *Styles, cell func(row, col int) string, style rowStyler) string {
	var b strings.Builder
	titles := make([]string, len(t.columns))
	for i, c := range t.columns {
		titles[i] = c.title
		if i == t.sortCol {
			titles[i] = sortedTitle(c.title, t.widths[i], t.sortDesc)
		}
	}
	b.WriteString(s.Table.Header.Render(t.line(titles)))
	end := min(t.offset+t.visibleRows(), t.n)
	cells := make([]string, len(t.columns))
	for r := t.offset; r < end; r++ {
		for c := range t.columns {
			cells[c] = cell(r, c)
		}
		st := s.Table.Cell
		if r == t.cursor {
			st = s.Table.Selected
		} else if style != nil {
			st = style(r)
		}
		b.WriteByte('\n')
		b.WriteString(st.Render(t.line(cells)))
	}
	return b.String()
}

// sortedTitle is a sorted column's title with its direction, cut so
// that the arrow stays within width cells.
func sortedTitle(title string, width int, desc bool) string {
	arrow := "▲"
	if desc {
		arrow = "▼"
	}
	if cellWidth(title)+2 <= width {
		return title + " " + arrow
	}
	return ansi.Truncate(title, max(width-1, 0), "") + arrow
}

// cellBound cuts a cell's text before it is measured.
const cellBound = 256

// line pads or cuts each cell to its column and joins them with a space.
// Every cell is sanitised first: this is where the tables' text, which
// came from the server, meets the terminal. Each cell is measured once
// (twice when it is cut), and plain ASCII by its length.
func (t *listTable) line(cells []string) string {
	var b strings.Builder
	b.Grow(t.width)
	for i, text := range cells {
		if i > 0 {
			b.WriteByte(' ')
		}
		text = safetext.Sanitize(text, cellBound)
		w, tw := t.widths[i], cellWidth(text)
		if tw > w {
			text = ansi.Truncate(text, w, "…")
			tw = cellWidth(text)
		}
		b.WriteString(text)
		if pad := w - tw; pad > 0 {
			b.WriteString(strings.Repeat(" ", pad))
		}
	}
	return b.String()
}

// ScrollInfo describes the position for the footer: "12/60".
func (t *listTable) ScrollInfo() string {
	if t.n == 0 {
		return "0/0"
	}
	return itoa(t.cursor+1) + "/" + itoa(t.n)
}
