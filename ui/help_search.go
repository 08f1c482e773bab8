package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// fullHelp is the full help's state: whether it shows, and the query
// that filters it as the user types. While it shows, a key that types
// text adds to the query rather than acting, so any key can be found by
// what it does; closing it forgets the query.
type fullHelp struct {
	shown bool
	query string
}

// close hides the full help and forgets its query.
func (h *fullHelp) close() { *h = fullHelp{} }

// key takes msg if it belongs to the search, reporting whether it did:
// text extends the query, backspace shortens it, esc or the help key
// closes the help, and enter closes it and replays the first key shown
// of groups, every key that works where the user is.
func (h *fullHelp) key(msg tea.KeyPressMsg, g GlobalKeys, groups [][]key.Binding) (tea.Cmd, bool) {
	switch {
	case key.Matches(msg, g.Back), key.Matches(msg, g.Help):
		h.close()
		return nil, true
	case msg.String() == "enter":
		shown := h.filter(groups)
		h.close()
		for _, grp := range shown {
			for _, b := range grp {
				if press, ok := bindingPress(b); ok {
					return emit(press), true
				}
			}
		}
		return nil, true
	case msg.String() == "backspace":
		if r := []rune(h.query); len(r) > 0 {
			h.query = string(r[:len(r)-1])
		}
		return nil, true
	case msg.Text != "":
		h.query += msg.Text
		return nil, true
	}
	return nil, false
}

// filter is the groups that match the query, each keeping only its
// matching keys.
func (h *fullHelp) filter(groups [][]key.Binding) [][]key.Binding {
	var out [][]key.Binding
	for _, g := range groups {
		var kept []key.Binding
		for _, b := range g {
			if b.Enabled() && matchesQuery(b, h.query) {
				kept = append(kept, b)
			}
		}
		if len(kept) > 0 {
			out = append(out, kept)
		}
	}
	return out
}

// line is the line above the full help: the query, and how to search
// and leave; shown is what the query kept.
func (h *fullHelp) line(s *Styles, shown [][]key.Binding) string {
	if h.query == "" {
		return s.Text.Muted.Render("type to search the keys · enter runs the first · esc back")
	}
	line := s.Text.Key.Render("search: ") + s.Text.Normal.Render(h.query+"▏")
	if len(shown) == 0 {
		line += s.Text.Muted.Render("  no key matches")
	}
	return line
}
