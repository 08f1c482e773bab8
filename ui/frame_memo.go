package ui

import (
	"image"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// frameMemo keeps what the last View drew, so that a frame in which only
// a dialog changed (a bulk revoke's progress, up to sixty times a
// second) draws only what changed: the screen is not drawn again, the
// frame is not joined again, the lines no dialog covers are not parsed
// into cells or rendered from them again, and neither are the lines of a
// dialog that are the same as in the frame before.
//
// View fills it; Update marks the screen's view stale after every
// message that may have reached a screen, which is every message but a
// key the front dialog takes and an answer to a dialog that brings no
// news. The screens also show the clock ("2h ago"): the clock message
// every 30 seconds reaches the root, so it marks the view stale too. The
// header, the tab bar, the footer and the dialogs are drawn every time,
// as they follow the root's state and the dialogs'.
type frameMemo struct {
	// The current screen's view fitted to bodyW×bodyH, for screen; reused
	// while bodyFresh.
	screen       Screen
	bodyW, bodyH int
	body         string
	bodyFresh    bool

	// The pieces the last frame was joined from, and that frame.
	parts    [4]string
	joined   string
	joinedOK bool

	// bg holds the cells of the frame bgOf, drawn on an empty canvas, and
	// bgLines its lines rendered from them.
	bgOf    string
	bg      *lipgloss.Canvas
	bgLines []string

	// The dialogs' boxes as last laid over bg: each box's lines and their
	// widths, and each covered line of the screen as rendered, with what
	// covered it. row and strip are the canvases they are drawn on.
	boxes []boxLines
	rows  map[int]coveredRow
	row   *lipgloss.Canvas
	strip *lipgloss.Canvas
}

// boxLines is a box split into its lines, with the width of each.
type boxLines struct {
	lines  []string
	widths []int
}

// coveredRow is a line of the screen with boxes over it: what covered it
// (see rowKey) and the line rendered.
type coveredRow struct{ key, line string }

// boxPlace is a box and where it is drawn: its cells' rectangle.
type boxPlace struct {
	lines []string
	area  image.Rectangle
}

// frame joins header, tabs, body and footer into the frame, or returns the
// last frame when they are the same as last time.
func (m *frameMemo) frame(header, tabs, body, footer string) string {
	parts := [4]string{header, tabs, body, footer}
	if !m.joinedOK || parts != m.parts {
		m.parts, m.joined, m.joinedOK = parts, lipgloss.JoinVertical(lipgloss.Left, parts[:]...), true
	}
	return m.joined
}

// overlay returns what a w×h canvas renders after frame and then boxes,
// each centred, are drawn on it, as lipgloss composes layers (see
// TestOverlayIsTheFrameLipglossComposes). A canvas renders each line on
// its own, from its cells alone, so only the lines the boxes cover are
// drawn again; and when every line of every box leaves the styles as it
// found them, a box's line is drawn on its own too, and a covered line
// is drawn again only when a box's line over it changed.
func (m *frameMemo) overlay(frame string, w, h int, boxes []string) string {
	if m.bg == nil || m.bgOf != frame || m.bg.Width() != w || m.bg.Height() != h {
		m.bg, m.bgOf = lipgloss.NewCanvas(w, h), frame
		l := lipgloss.NewLayer(frame)
		if area := image.Rect(0, 0, l.Width(), l.Height()); area.Overlaps(m.bg.Bounds()) {
			l.Draw(m.bg, area)
		}
		m.bgLines = strings.Split(m.bg.Render(), "\n")
		m.rows = map[int]coveredRow{}
	}
	places, apart := m.place(boxes, w, h)
	if len(places) == 0 {
		return strings.Join(m.bgLines, "\n")
	}
	top, bottom := h, 0 // the lines the boxes cover
	for _, p := range places {
		top, bottom = min(top, p.area.Min.Y), max(bottom, min(p.area.Max.Y, h))
	}
	lines := make([]string, 0, h)
	lines = append(lines, m.bgLines[:top]...)
	if apart {
		for y := top; y < bottom; y++ {
			lines = append(lines, m.coveredLine(places, w, y))
		}
	} else {
		lines = append(lines, m.coveredLines(places, w, top, bottom)...)
	}
	lines = append(lines, m.bgLines[bottom:]...)
	return strings.Join(lines, "\n")
}

// place splits the boxes into lines, measuring only the lines that
// changed since the last frame, and centres them; it leaves out a box
// that falls outside the w×h screen. apart reports whether each line of
// every box may be drawn on its own (see styleNeutral).
func (m *frameMemo) place(boxes []string, w, h int) (places []boxPlace, apart bool) {
	if len(m.boxes) != len(boxes) {
		m.boxes = make([]boxLines, len(boxes))
	}
	apart = true
	bounds := image.Rect(0, 0, w, h)
	for i, box := range boxes {
		prev := m.boxes[i]
		lines := strings.Split(box, "\n")
		widths := make([]int, len(lines))
		bw := 0
		for j, line := range lines {
			if j < len(prev.lines) && prev.lines[j] == line {
				widths[j] = prev.widths[j]
			} else {
				widths[j] = ansi.StringWidth(line)
			}
			bw = max(bw, widths[j])
			apart = apart && styleNeutral(line)
		}
		m.boxes[i] = boxLines{lines, widths}
		x := max((w-bw)/2, 0)
		y := max((h-len(lines))/2, 0)
		if area := image.Rect(x, y, x+bw, y+len(lines)); area.Overlaps(bounds) {
			places = append(places, boxPlace{lines, area})
		}
	}
	return places, apart
}

// styleNeutral reports whether a box's line, drawn after the lines above
// it, is drawn as it would be on its own: it sets no style or link it does
// not reset at its end, and holds no carriage return.
func styleNeutral(line string) bool {
	if strings.IndexByte(line, '\r') >= 0 {
		return false
	}
	if strings.IndexByte(line, ansi.ESC) < 0 {
		return true
	}
	return strings.HasSuffix(line, ansi.ResetStyle) && !strings.Contains(line, "\x1b]")
}

// coveredLine is line y of the screen with the lines of the boxes over it
// drawn on it, one line at a time: the line rendered for the same boxes'
// lines before, or rendered now.
func (m *frameMemo) coveredLine(places []boxPlace, w, y int) string {
	key := rowKey(places, y)
	if r, ok := m.rows[y]; ok && r.key == key {
		return r.line
	}
	if m.row == nil || m.row.Width() != w {
		m.row = lipgloss.NewCanvas(w, 1)
	}
	for x := range w {
		*m.row.CellAt(x, 0) = *m.bg.CellAt(x, y)
	}
	for _, p := range places {
		if y >= p.area.Min.Y && y < p.area.Max.Y {
			area := image.Rect(p.area.Min.X, 0, p.area.Max.X, 1)
			lipgloss.NewLayer(p.lines[y-p.area.Min.Y]).Draw(m.row, area)
		}
	}
	line := m.row.Render()
	m.rows[y] = coveredRow{key, line}
	return line
}

// rowKey names what covers line y: each box's line over it and where.
func rowKey(places []boxPlace, y int) string {
	var b strings.Builder
	for _, p := range places {
		if y >= p.area.Min.Y && y < p.area.Max.Y {
			b.WriteString(itoa(p.area.Min.X))
			b.WriteByte(' ')
			b.WriteString(itoa(p.area.Dx()))
			b.WriteByte(' ')
			b.WriteString(p.lines[y-p.area.Min.Y])
			b.WriteByte(0)
		}
	}
	return b.String()
}

// coveredLines are lines top to bottom of the screen with the boxes drawn
// over them whole, as layers are drawn.
func (m *frameMemo) coveredLines(places []boxPlace, w, top, bottom int) []string {
	if m.strip == nil || m.strip.Width() != w || m.strip.Height() != bottom-top {
		m.strip = lipgloss.NewCanvas(w, bottom-top)
	}
	for y := top; y < bottom; y++ {
		for x := range w {
			*m.strip.CellAt(x, y-top) = *m.bg.CellAt(x, y)
		}
	}
	for _, p := range places {
		lipgloss.NewLayer(strings.Join(p.lines, "\n")).Draw(m.strip, p.area.Sub(image.Pt(0, top)))
	}
	return strings.Split(m.strip.Render(), "\n")
}
