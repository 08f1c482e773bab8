package ui

import (
	"slices"
	"strconv"
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
	hidden   []bool // by column; nil: every column shows
	wide     bool   // no column is capped
}

func newListTable(cols ...column) *listTable {
	t := &listTable{columns: cols, sortCol: -1}
	t.SetSize(80, 10)
	return t
}

// SetSize fits the table into w×h cells, the header included. Hidden
// columns take no cells. A capped column's cells beyond its cap go to
// the flex columns without a cap; in wide mode no column is capped, so
// the whole width is used.
func (t *listTable) SetSize(w, h int) {
	t.width, t.height = w, max(h, 2)
	fixed, flex, shown := 0, 0, 0
	for i, c := range t.columns {
		switch {
		case t.isHidden(i):
			continue
		case c.flex > 0:
			fixed += c.min
			flex += c.flex
		default:
			fixed += c.width
		}
		shown++
	}
	spare := max(w-fixed-max(shown-1, 0), 0)
	t.widths = make([]int, len(t.columns))
	last := -1 // the last flex column without a cap: it takes what is left
	for i, c := range t.columns {
		switch {
		case t.isHidden(i):
		case c.flex == 0:
			t.widths[i] = c.width
		default:
			t.widths[i] = c.min + spare*c.flex/flex
			if capped := c.max > 0 && !t.wide; capped && t.widths[i] > c.max {
				t.widths[i] = c.max
			}
			if c.max == 0 || t.wide {
				last = i
			}
		}
	}
	if last >= 0 {
		used := max(shown-1, 0)
		for _, width := range t.widths {
			used += width
		}
		t.widths[last] += max(w-used, 0)
	}
	t.shrinkToFit(w, shown)
	t.clamp()
}

// shrinkToFit narrows the flex columns below their least width, the last
// first and to one cell at most, when the fixed columns (a wide ID
// column, say) leave them less than that: a row never runs past w.
func (t *listTable) shrinkToFit(w, shown int) {
	over := max(shown-1, 0) - w
	for _, width := range t.widths {
		over += width
	}
	for i := len(t.columns) - 1; i >= 0 && over > 0; i-- {
		if t.isHidden(i) || t.columns[i].flex == 0 {
			continue
		}
		cut := min(over, t.widths[i]-1)
		t.widths[i] -= cut
		over -= cut
	}
}

// isHidden reports whether column i is left out.
func (t *listTable) isHidden(i int) bool { return i < len(t.hidden) && t.hidden[i] }

// setHidden leaves out the columns hidden marks, and lays the table out
// again.
func (t *listTable) setHidden(hidden []bool) {
	t.hidden = hidden
	t.SetSize(t.width, t.height)
}

// setWide turns wide mode on or off, and lays the table out again.
func (t *listTable) setWide(wide bool) {
	t.wide = wide
	t.SetSize(t.width, t.height)
}

// fitWidth makes fixed column col w cells wide, or as wide as its title
// and a sort arrow, and lays the table out again when that changed it.
func (t *listTable) fitWidth(col, w int) {
	w = max(w, cellWidth(t.columns[col].title)+2)
	if t.columns[col].width != w {
		t.columns[col].width = w
		t.SetSize(t.width, t.height)
	}
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
		}
	}
	end := min(t.offset+t.visibleRows(), t.n)
	widths := t.widths
	if t.wide && cell != nil {
		widths = t.fitted(cell, end)
	}
	if t.sortCol >= 0 && t.sortCol < len(titles) {
		titles[t.sortCol] = sortedTitle(t.columns[t.sortCol].title, widths[t.sortCol], t.sortDesc)
	}
	b.WriteString(s.Table.Header.Render(t.line(titles, widths)))
	cells := make([]string, len(t.columns))
	for r := t.offset; r < end; r++ {
		for c := range t.columns {
			if !t.isHidden(c) {
				cells[c] = cell(r, c)
			}
		}
		st := s.Table.Cell
		if r == t.cursor {
			st = s.Table.Selected
		} else if style != nil {
			st = style(r)
		}
		b.WriteByte('\n')
		b.WriteString(st.Render(t.line(cells, widths)))
	}
	return b.String()
}

// fitted is wide mode's widths for the rows on screen, up to end: each
// flex column as wide as its widest cell there (or its title), the rest
// of the width to the last; the widths SetSize made when that does not fit.
func (t *listTable) fitted(cell func(row, col int) string, end int) []int {
	widths := slices.Clone(t.widths)
	used, last := 0, -1
	for i, c := range t.columns {
		if t.isHidden(i) {
			continue
		}
		if c.flex > 0 {
			w := max(c.min, cellWidth(c.title)+2)
			for r := t.offset; r < end; r++ {
				w = max(w, cellWidth(safetext.Sanitize(cell(r, i), cellBound)))
			}
			widths[i], last = w, i
		}
		used += widths[i] + 1
	}
	used--
	if last < 0 || used > t.width {
		return t.widths
	}
	widths[last] += t.width - used
	return widths
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
func (t *listTable) line(cells []string, widths []int) string {
	var b strings.Builder
	b.Grow(t.width)
	first := true
	for i, text := range cells {
		if t.isHidden(i) {
			continue
		}
		if !first {
			b.WriteByte(' ')
		}
		first = false
		text = safetext.Sanitize(text, cellBound)
		w, tw := widths[i], cellWidth(text)
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

// digits is how many cells id takes.
func digits(id int64) int { return len(strconv.FormatInt(id, 10)) }
