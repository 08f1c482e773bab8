package ui

import (
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"chatkeys/api/safetext"
)

// detailRow is one label and value of a detail view.
type detailRow struct{ label, value string }

// detailLines are a detail view's lines at width: a title and aligned
// label/value rows, long values wrapped. Every value is sanitised: they
// came from the server.
func detailLines(s *Styles, title string, rows []detailRow, width int) []string {
	lines := []string{s.Detail.Title.Render(safetext.Sanitize(title, 200)), ""}
	valueW := max(width-s.Detail.Label.GetWidth()-1, 10)
	for _, r := range rows {
		value := safetext.Sanitize(r.value, 2000)
		if value == "" {
			value = "—"
		}
		wrapped := strings.Split(ansi.Wrap(value, valueW, " ,"), "\n")
		for i, part := range wrapped {
			label := ""
			if i == 0 {
				label = r.label
			}
			lines = append(lines, s.Detail.Label.Render(label)+" "+s.Detail.Value.Render(part))
		}
	}
	return lines
}

// renderDetail draws detailLines, cutting what does not fit the height.
func renderDetail(s *Styles, title string, rows []detailRow, width, height int) string {
	lines := detailLines(s, title, rows, width)
	if len(lines) > height {
		lines = lines[:max(height, 1)]
	}
	return strings.Join(lines, "\n")
}

// detailScroll is how far a detail view that does not fit its height is
// scrolled, in lines; the movement keys scroll it.
type detailScroll struct{ offset int }

// page is how many of a detail's lines show in height: all of them when
// they fit, else all but the last line, which says where the view is.
func detailPage(total, height int) int {
	if total <= height {
		return total
	}
	return max(height-1, 1)
}

// handleKey scrolls over total lines shown in height for a movement key,
// and reports whether it was one.
func (d *detailScroll) handleKey(keys ListKeys, msg tea.KeyPressMsg, total, height int) bool {
	page := detailPage(total, height)
	off, ok := moveCursor(keys, msg, d.offset, total, page)
	if ok {
		d.offset = max(min(off, total-page), 0)
	}
	return ok
}

// view draws the lines that fit height from the offset; when they do not
// all fit, the last line says which are shown and how to see the rest.
func (d *detailScroll) view(s *Styles, lines []string, height int) string {
	page := detailPage(len(lines), height)
	off := max(min(d.offset, len(lines)-page), 0)
	shown := lines[off : off+page]
	if page < len(lines) {
		shown = append(slices.Clone(shown), s.Text.Muted.Render(fmt.Sprintf("lines %d–%d of %d · ↑/↓ pgup/pgdn scroll",
			off+1, off+page, len(lines))))
	}
	return strings.Join(shown, "\n")
}

// copyField copies an identifier a detail view shows, named by what,
// reporting to the screen to; a value that is not printable ASCII is
// refused, as it would reach the terminal whole.
func copyField(c *common, to ownerID, what, value string) tea.Cmd {
	if err := safetext.CheckWhole(what, value); err != nil {
		return reportErr(err)
	}
	return copyText(c, to, what, value)
}
