package ui

import (
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
	header := a.header(w)
	tabs := a.tabBar(w)
	footer := a.footer(w)
	body := lipgloss.NewStyle().Width(w).Height(a.bodyH).MaxHeight(a.bodyH).Render(a.screen().View())
	frame := lipgloss.JoinVertical(lipgloss.Left, header, tabs, body, footer)
	if len(a.dialogs) == 0 {
		return frame
	}
	layers := []*lipgloss.Layer{lipgloss.NewLayer(frame)}
	for i, d := range a.dialogs {
		box := d.Draw()
		x := max((w-lipgloss.Width(box))/2, 0)
		y := max((h-lipgloss.Height(box))/2, 0)
		layers = append(layers, lipgloss.NewLayer(box).X(x).Y(y).Z(i+1))
	}
	return lipgloss.NewCanvas(w, h).Compose(lipgloss.NewCompositor(layers...)).Render()
}

// header shows the profile, host, login state, the token's scopes and time
// left, and a DEMO badge in demo mode.
func (a *App) header(w int) string {
	s, sess := a.c.styles, a.c.sess
	parts := []string{s.Header.Title.Render("chatkeys")}
	if sess.Demo {
		parts = append(parts, s.Header.Demo.Render("DEMO"))
	}
	parts = append(parts, s.Header.Item.Render(safetext.Sanitize(sess.Profile, 40)))
	if host := safetext.Sanitize(sess.Host, 80); host != "" {
		parts = append(parts, s.Header.Muted.Render(host))
	}
	if sess.Login == nil {
		parts = append(parts, s.Header.LoggedOut.Render("not logged in"))
	} else {
		var login string
		scopes, expiry := sess.Login.current()
		login = s.Header.LoggedIn.Render("logged in") + " " + s.Header.Item.Render(safetext.Sanitize(format.Scopes(scopes), 40))
		if !expiry.IsZero() {
			login += " " + s.Header.Muted.Render(expiryLeft(expiry, a.c.now()))
		}
		switch sess.Login.Source {
		case "env":
			login += " " + s.Header.Muted.Render("(CHATKEYS_TOKEN)")
		case "file":
			login += " " + s.Status.Error.Render("(token in a plain-text file)")
		}
		parts = append(parts, login)
	}
	line := strings.Join(parts, s.Header.Muted.Render(" · "))
	return ansi.Truncate(line, w, "…")
}

// tabBar shows the tabs with the current one underlined, and the current
// screen's breadcrumb.
func (a *App) tabBar(w int) string {
	s := a.c.styles
	var parts []string
	for t := range tabCount {
		label := itoa(int(t)+1) + " " + t.String()
		if t == a.tab {
			parts = append(parts, s.Tabs.Active.Render(label))
		} else {
			parts = append(parts, s.Tabs.Inactive.Render(label))
		}
	}
	line := strings.Join(parts, s.Tabs.Gap.Render("  │  "))
	if st := a.stacks[a.tab]; len(st) > 1 {
		line += s.Tabs.Gap.Render("  ›  ") + s.Header.Item.Render(safetext.Sanitize(st[len(st)-1].Title(), 40))
	}
	return ansi.Truncate(line, w, "…") + "\n" + s.Tabs.Gap.Render(strings.Repeat("─", w))
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
	var km help.KeyMap = a.screen()
	// The global keys show only where they work: not in a dialog, nor
	// while a text field takes every key.
	global := !a.screen().Capturing()
	if d := a.front(); d != nil {
		km, global = d, false
	}
	short := km.ShortHelp()
	if global {
		short = append([]key.Binding{a.c.keys.Global.Help, a.c.keys.Global.Quit}, short...)
	}
	helpView := a.help.ShortHelpView(short)
	if a.full {
		groups := km.FullHelp()
		if global {
			groups = append(groups, a.globalHelp())
		}
		helpView = a.help.FullHelpView(groups)
	}
	return strings.Join(lines, "\n") + "\n" + helpView
}

func (a *App) globalHelp() []key.Binding {
	g := a.c.keys.Global
	return []key.Binding{g.Clients, g.Tokens, g.Login, g.NextTab, g.Back, g.Help, g.Quit}
}
