package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// helpSearch filters the full help as the user types: while the full
// help shows, a key that types text adds to the query rather than acting,
// so any key can be found by what it does.
type helpSearch struct{ query string }

// searchHelp takes msg if it belongs to the search, reporting whether it
// did: text extends the query, backspace shortens it, esc or the help key
// closes the help, and enter closes it and replays the first key shown.
func (a *App) searchHelp(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	h := &a.helpSearch
	g := a.c.keys.Global
	switch {
	case key.Matches(msg, g.Back), key.Matches(msg, g.Help):
		a.full, h.query = false, ""
		return nil, true
	case msg.String() == "enter":
		groups := a.helpShown()
		a.full, h.query = false, ""
		for _, grp := range groups {
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

// helpShown is the full help's groups that match the query, each keeping
// only its matching keys.
func (a *App) helpShown() [][]key.Binding {
	var out [][]key.Binding
	for _, g := range a.helpGroups() {
		var kept []key.Binding
		for _, b := range g {
			if b.Enabled() && matchesQuery(b, a.helpSearch.query) {
				kept = append(kept, b)
			}
		}
		if len(kept) > 0 {
			out = append(out, kept)
		}
	}
	return out
}

// helpSearchLine is the line above the full help: the query, and how to
// search and leave.
func (a *App) helpSearchLine() string {
	s := a.c.styles
	if a.helpSearch.query == "" {
		return s.Text.Muted.Render("type to search the keys · enter runs the first · esc back")
	}
	line := s.Text.Key.Render("search: ") + s.Text.Normal.Render(a.helpSearch.query+"▏")
	if len(a.helpShown()) == 0 {
		line += s.Text.Muted.Render("  no key matches")
	}
	return line
}
