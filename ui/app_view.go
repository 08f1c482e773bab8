package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"chatkeys/api/safetext"
	"chatkeys/ui/format"
)

// Minimum size chatkeys lays itself out for; smaller terminals get a note.
const (
	minWidth  = 60
	minHeight = 16
)

// View draws header, tabs, the current screen, the footer and, on top, the
// dialogs. It is the only View that returns a tea.View.
func (a *App) View() tea.View {
	v := tea.NewView(a.render())
	v.AltScreen = true
	v.WindowTitle = "chatkeys"
	if !a.mouseOff {
		v.MouseMode = tea.MouseModeCellMotion
	}
	return v
}

// Lines the header (one) and the tab bar with its rule (two) take.
const chromeLines = 3

// layout gives every screen and dialog its size. Update calls it after
// every message, since any of them may change what the layout depends on
// (the terminal, the stack, the dialogs, the status line, the help), so
// View and Draw only read.
func (a *App) layout() {
	w, h := a.size()
	a.help.SetWidth(w)
	a.bodyH = max(h-chromeLines-lipgloss.Height(a.footer(w)), 1)
	for t := range tabCount {
		for _, s := range a.stacks[t] {
			s.SetSize(w, a.bodyH)
		}
	}
	for _, d := range a.dialogs {
		d.SetSize(min(w-4, 76), h-4)
	}
}

// size is the terminal's size, 80×24 until the first resize says.
func (a *App) size() (int, int) {
	if a.width == 0 || a.height == 0 {
		return 80, 24
	}
	return a.width, a.height
}

// tooSmall reports whether the terminal is below the size chatkeys lays
// itself out for; then only a notice is drawn and only quit acts.
func (a *App) tooSmall() bool {
	w, h := a.size()
	return w < minWidth || h < minHeight
}

func (a *App) render() string {
	w, h := a.size()
	if a.tooSmall() {
		note := "chatkeys needs at least 60×16 cells; this terminal is " + itoa(w) + "×" + itoa(h) + ". Enlarge it, or press q to quit."
		if a.quitAsked {
			note = "Before quitting, chatkeys needs your answer (a secret not yet copied, or a revoke stopping): enlarge the terminal to see it, or press ctrl+c again to quit at once."
		}
		return ansi.Wrap(note, w, "")
	}
	frame := a.memo.frame(a.header(w), a.tabBar(w), a.body(w), a.footer(w))
	if len(a.dialogs) == 0 {
		return frame
	}
	boxes := make([]string, len(a.dialogs))
	for i, d := range a.dialogs {
		boxes[i] = d.Draw()
	}
	return a.memo.overlay(frame, w, h, boxes)
}

// body is the current screen's view fitted to the body's cells: the one
// drawn before while it is fresh (see frameMemo), else drawn now.
func (a *App) body(w int) string {
	m, s := &a.memo, a.screen()
	if !m.bodyFresh || m.screen != s || m.bodyW != w || m.bodyH != a.bodyH {
		m.body = lipgloss.NewStyle().Width(w).Height(a.bodyH).MaxHeight(a.bodyH).Render(s.View())
		m.screen, m.bodyW, m.bodyH, m.bodyFresh = s, w, a.bodyH, true
	}
	return m.body
}

// headerState is everything the header shows, read from the session
// and the clock; the header is drawn again only when it changes.
type headerState struct {
	w                    int
	dark, demo, login    bool
	profile, host        string
	scopes, left, source string
	accent               string
	readonly, revoked    bool
}

// tabsState is everything the tab bar shows; it is drawn again only when
// it changes.
type tabsState struct {
	w          int
	dark       bool
	tab        tab
	crumb      bool // the current screen is not its tab's first
	crumbTitle string
}

// chromeMemo keeps the header and the tab bar as last drawn, with what
// they were drawn from.
type chromeMemo struct {
	header drawnFrom[headerState]
	tabs   drawnFrom[tabsState]
}

// drawnFrom keeps a piece of the screen as last drawn and the state it
// was drawn from, so that it is drawn again only when that state changes.
type drawnFrom[S comparable] struct {
	from  S
	drawn string
	ok    bool
}

// get returns the piece showing st, drawing it with draw only when st
// differs from what it was last drawn from.
func (d *drawnFrom[S]) get(st S, draw func(S) string) string {
	if !d.ok || d.from != st {
		d.from, d.drawn, d.ok = st, draw(st), true
	}
	return d.drawn
}

// header shows the profile, host, login state, the token's scopes and time
// left, and a DEMO badge in demo mode.
func (a *App) header(w int) string {
	sess := a.c.sess
	st := headerState{w: w, dark: a.c.styles.Dark, demo: sess.Demo, login: sess.Login != nil,
		profile: sess.Profile, host: sess.Host, accent: sess.Accent, readonly: sess.Readonly}
	if sess.Login != nil {
		scopes, expiry := sess.Login.current()
		st.scopes, st.source, st.revoked = scopes, sess.Login.Source, sess.Login.Revoked
		if !expiry.IsZero() {
			st.left = expiryLeft(expiry, a.c.now())
		}
	}
	return a.chrome.header.get(st, a.drawHeader)
}

// drawHeader draws the header showing st.
func (a *App) drawHeader(st headerState) string {
	s := a.c.styles
	parts := []string{s.Header.Title.Render("chatkeys")}
	if st.demo {
		parts = append(parts, s.Header.Demo.Render("DEMO"))
	}
	profile := s.Header.Item
	if st.accent != "" {
		profile = profile.Foreground(lipgloss.Color(st.accent)).Bold(true)
	}
	parts = append(parts, profile.Render(safetext.Sanitize(st.profile, 40)))
	if st.readonly {
		parts = append(parts, s.Header.Demo.Render("READ-ONLY"))
	}
	if host := safetext.Sanitize(st.host, 80); host != "" {
		parts = append(parts, s.Header.Muted.Render(host))
	}
	switch {
	case !st.login:
		parts = append(parts, s.Header.LoggedOut.Render("not logged in"))
	case st.revoked:
		parts = append(parts, s.Header.LoggedOut.Render("token revoked: 3 to log in again"))
	default:
		login := s.Header.LoggedIn.Render("logged in") + " " + s.Header.Item.Render(safetext.Sanitize(format.Scopes(st.scopes), 40))
		if st.left != "" {
			login += " " + s.Header.Muted.Render(st.left)
		}
		switch st.source {
		case "env":
			login += " " + s.Header.Muted.Render("(CHATKEYS_TOKEN)")
		case "file":
			login += " " + s.Status.Error.Render("(token in a plain-text file)")
		}
		parts = append(parts, login)
	}
	line := strings.Join(parts, s.Header.Muted.Render(" · "))
	return ansi.Truncate(line, st.w, "…")
}

// tabBar shows the tabs with the current one underlined, and the current
// screen's breadcrumb.
func (a *App) tabBar(w int) string {
	st := tabsState{w: w, dark: a.c.styles.Dark, tab: a.tab}
	if stack := a.stacks[a.tab]; len(stack) > 1 {
		st.crumb, st.crumbTitle = true, stack[len(stack)-1].Title()
	}
	return a.chrome.tabs.get(st, a.drawTabBar)
}

// drawTabBar draws the tab bar showing st.
func (a *App) drawTabBar(st tabsState) string {
	s := a.c.styles
	var parts []string
	for t := range tabCount {
		label := tabLabel(t)
		if t == st.tab {
			parts = append(parts, s.Tabs.Active.Render(label))
		} else {
			parts = append(parts, s.Tabs.Inactive.Render(label))
		}
	}
	line := strings.Join(parts, s.Tabs.Gap.Render(tabGap))
	if st.crumb {
		line += s.Tabs.Gap.Render("  ›  ") + s.Header.Item.Render(safetext.Sanitize(st.crumbTitle, 40))
	}
	return ansi.Truncate(line, st.w, "…") + "\n" + s.Tabs.Gap.Render(strings.Repeat("─", st.w))
}

// footer shows the status line above the help. An error keeps its hint on
// a line of its own, so a long message cannot push the hint off screen.
func (a *App) footer(w int) string {
	s := a.c.styles
	var lines []string
	switch {
	case a.status.err:
		lines = append(lines, ansi.Truncate(s.Status.Error.Render("✗ "+a.status.text), w, "…"))
		if a.status.hint != "" {
			lines = append(lines, ansi.Truncate(s.Status.Hint.Render("  → "+a.status.hint), w, "…"))
		}
	case a.c.rate.left(a.c.now()) > 0:
		lines = append(lines, ansi.Truncate(s.Status.Hint.Render(a.c.rate.describe(a.c.now())), w, "…"))
	default:
		lines = append(lines, ansi.Truncate(s.Status.Info.Render(a.status.text), w, "…"))
	}
	var groups [][]key.Binding
	if a.fullHelp.shown {
		groups = a.fullHelp.filter(a.helpGroups())
		lines = append(lines, a.fullHelp.line(a.c.styles, groups))
	} else {
		keys, more := a.shortHelp()
		groups = [][]key.Binding{keys, more}
	}
	return strings.Join(lines, "\n") + "\n" + a.helpMemo.view(&a.help, a.fullHelp.shown, a.c.styles.Dark, groups)
}

// helpMemo keeps the help drawn last and what it was drawn for: laying
// the keys out measures each one, and the keys change far less often
// than the frames are drawn (a bulk revoke's dialog shows the same key
// for its whole run).
type helpMemo struct {
	key, drawn string
	ok         bool
}

// view is h's short help of groups[0] followed by groups[1], or its full
// help of groups when full; dark names the palette h's styles come from.
func (m *helpMemo) view(h *help.Model, full, dark bool, groups [][]key.Binding) string {
	var b strings.Builder
	b.WriteString(itoa(h.Width()))
	if full {
		b.WriteString(" full")
	}
	if dark {
		b.WriteString(" dark")
	}
	for _, g := range groups {
		b.WriteString("\x00")
		for _, k := range g {
			if !k.Enabled() {
				b.WriteString("\x01off")
			}
			b.WriteString("\x01" + k.Help().Key + "\x02" + k.Help().Desc)
		}
	}
	if key := b.String(); !m.ok || key != m.key {
		if full {
			m.drawn = h.FullHelpView(groups)
		} else {
			m.drawn = shortHelpFitting(h, groups[0], groups[1])
		}
		m.key, m.ok = key, true
	}
	return m.drawn
}

// shortHelpFitting is h's short help of bindings, then keep, within h's
// width. The help would cut the line at the first key that does not fit,
// and past the width when no room is left for its ellipsis: here the
// last of bindings are left out whole until the line fits, keep always
// shown; without keep an ellipsis marks the cut.
func shortHelpFitting(h *help.Model, bindings, keep []key.Binding) string {
	unbounded := *h // measured whole: the help's own cut would hide what it left out
	unbounded.SetWidth(0)
	line := unbounded.ShortHelpView(append(slices.Clone(bindings), keep...))
	if h.Width() <= 0 || lipgloss.Width(line) <= h.Width() {
		return line
	}
	tail := ""
	if len(keep) == 0 {
		tail = " " + h.Styles.Ellipsis.Inline(true).Render(h.Ellipsis)
	}
	for n := len(bindings) - 1; n >= 0; n-- {
		line = unbounded.ShortHelpView(append(slices.Clone(bindings[:n]), keep...)) + tail
		if lipgloss.Width(line) <= h.Width() {
			return line
		}
	}
	return ansi.Truncate(line, h.Width(), "")
}

// focusHelp is the help of what takes the keys: the front dialog, else
// the current screen; global reports whether the global keys work there
// too (not in a dialog, nor while a text field takes every key).
func (a *App) focusHelp() (km help.KeyMap, global bool) {
	if d := a.front(); d != nil {
		return d, false
	}
	return a.screen(), !a.screen().Capturing()
}

// helpGroups are every key that works where the user is, in groups: the
// full help and the command palette list them.
func (a *App) helpGroups() [][]key.Binding {
	km, global := a.focusHelp()
	groups := km.FullHelp()
	if global {
		groups = append(groups, a.globalHelp())
	}
	return groups
}

// shortHelp is the footer's line of keys, most important first: the
// keys of what takes them, then, where they work, the global keys. more
// is kept whatever else is left out for want of room: the key that shows
// the rest.
func (a *App) shortHelp() (keys []key.Binding, more []key.Binding) {
	km, global := a.focusHelp()
	keys = km.ShortHelp()
	if global {
		g := a.c.keys.Global
		keys = append(keys, g.Lookup, g.Palette, g.Quit)
		more = []key.Binding{a.moreKey()}
	}
	return keys, more
}

// moreKey is the help key as the short help names it: it shows the keys
// the line has no room for.
func (a *App) moreKey() key.Binding {
	h := a.c.keys.Global.Help
	return key.NewBinding(key.WithKeys(h.Keys()...), key.WithHelp(h.Help().Key, "more"))
}

func (a *App) globalHelp() []key.Binding {
	g := a.c.keys.Global
	return []key.Binding{g.Clients, g.Tokens, g.Login, g.Audit, g.NextTab, g.PrevTab, g.Lookup, g.History, g.Profile, g.Palette, g.Back, g.Help, g.Quit}
}
