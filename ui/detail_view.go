package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"chatkeys/api/safetext"
)

// detailRow is one label and value of a detail view.
type detailRow struct{ label, value string }

// renderDetail draws a title and aligned label/value rows, wrapping long
// values and cutting what does not fit the height. Every value is
// sanitised: they came from the server.
func renderDetail(s *Styles, title string, rows []detailRow, width, height int) string {
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
	if len(lines) > height {
		lines = lines[:max(height, 1)]
	}
	return strings.Join(lines, "\n")
}
