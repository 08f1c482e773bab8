package ui

import (
	"sort"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// liveBox draws a dialog's box, frame.Width(width).Render of its lines,
// for a dialog of which a few lines change from frame to frame while the
// rest stay (a progress bar and its count), without laying the box out
// again each time. Laying a box out measures every line several times,
// and a progress bar, styled cell by cell, is slow to measure.
//
// The live lines are laid out as stand-ins, runs of one letter as wide
// as they are, and the box is kept; each draw puts the live lines in
// place of their stand-ins. frame draws a border and padding around each
// line and leaves a line that fits its inner width as it is, so the box
// is the one frame draws with the live lines in it (the revoke dialog's
// tests hold the two equal). The box is laid out again when a line that
// is not live changes, a live line changes width, or the width or the
// palette does. A live line that does not fit on one line of the inner
// width, or a stand-in found other than once in the box, is drawn by
// frame at each draw.
type liveBox struct {
	key   string      // what the kept box was laid out for
	box   string      // the box with the stand-ins
	spots []liveSpot  // where the stand-ins are in box, first to last
	ok    bool        // box and spots hold a box for key
	live  []liveWidth // the live lines last measured
}

// liveSpot is a stand-in's place in the box: its byte offset and length,
// and which live line goes there.
type liveSpot struct{ at, n, line int }

// liveWidth is a live line and its width in cells.
type liveWidth struct {
	text  string
	width int
}

// draw returns frame.Width(width).Render(strings.Join(lines, "\n")); the
// lines at the indices live are those that change from draw to draw. dark
// names the palette frame comes from.
func (b *liveBox) draw(frame lipgloss.Style, dark bool, width int, lines []string, live ...int) string {
	inner := width - frame.GetHorizontalFrameSize()
	if len(b.live) != len(live) {
		b.live = make([]liveWidth, len(live))
	}
	stand := make([]string, len(lines))
	copy(stand, lines)
	for k, i := range live {
		text := lines[i]
		if text != b.live[k].text || b.live[k].width == 0 {
			b.live[k] = liveWidth{text, cellWidth(text)}
		}
		w := b.live[k].width
		if w == 0 || w > inner || strings.ContainsAny(text, "\n\t") {
			return frame.Width(width).Render(strings.Join(lines, "\n"))
		}
		stand[i] = strings.Repeat(string(rune('A'+k%26)), w)
	}
	key := strings.Join(stand, "\n")
	if dark {
		key = "dark\n" + key
	}
	key = itoa(width) + "\n" + key
	if !b.ok || b.key != key {
		b.key, b.ok = key, true
		b.box = frame.Width(width).Render(strings.Join(stand, "\n"))
		b.spots = b.spots[:0]
		for k, i := range live {
			if strings.Count(b.box, stand[i]) != 1 {
				b.ok = false
				break
			}
			b.spots = append(b.spots, liveSpot{at: strings.Index(b.box, stand[i]), n: len(stand[i]), line: k})
		}
		sort.Slice(b.spots, func(x, y int) bool { return b.spots[x].at < b.spots[y].at })
	}
	if !b.ok {
		return frame.Width(width).Render(strings.Join(lines, "\n"))
	}
	var out strings.Builder
	n := len(b.box)
	for _, l := range b.live {
		n += len(l.text)
	}
	out.Grow(n)
	from := 0
	for _, s := range b.spots {
		out.WriteString(b.box[from:s.at])
		out.WriteString(b.live[s.line].text)
		from = s.at + s.n
	}
	out.WriteString(b.box[from:])
	return out.String()
}

// cellWidth is the width of s in cells, as ansi.StringWidth counts it;
// printable ASCII without escape sequences is counted by its length.
func cellWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}
