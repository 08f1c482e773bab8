package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

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

func (a *App) render() string {
	w, h := a.width, a.height
	if w == 0 || h == 0 {
		w, h = 80, 24
	}
	if w < minWidth || h < minHeight {
		return ansi.Wrap("chatkeys needs at least 60×16 cells; this terminal is "+itoa(w)+"×"+itoa(h)+". Enlarge it, or press q to quit.", w, "")
	}
	header := a.header(w)
	tabs := a.tabBar(w)
	footer := a.footer(w)
	bodyH := h - lipgloss.Height(header) - lipgloss.Height(tabs) - lipgloss.Height(footer)
	body := lipgloss.NewStyle().Width(w).Height(bodyH).MaxHeight(bodyH).Render(a.screen().View(w, bodyH))
	frame := lipgloss.JoinVertical(lipgloss.Left, header, tabs, body, footer)
	if len(a.dialogs) == 0 {
		return frame
	}
	layers := []*lipgloss.Layer{lipgloss.NewLayer(frame)}
	for i, d := range a.dialogs {
		box := d.Draw(min(w-4, 76), h-4)
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
	parts = append(parts, s.Header.Item.Render(sess.Profile), s.Header.Muted.Render(sess.Host))
	if sess.Login == nil {
		parts = append(parts, s.Header.LoggedOut.Render("not logged in"))
	} else {
		login := s.Header.LoggedIn.Render("logged in") + " " + s.Header.Item.Render(format.Scopes(sess.Login.Scopes))
		if !sess.Login.Expiry.IsZero() {
			login += " " + s.Header.Muted.Render(expiryLeft(sess.Login.Expiry, a.c.now()))
		}
		if sess.Login.Source == "env" {
			login += " " + s.Header.Muted.Render("(CHATKEYS_TOKEN)")
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
		line += s.Tabs.Gap.Render("  ›  ") + s.Header.Item.Render(st[len(st)-1].Title())
	}
	return ansi.Truncate(line, w, "…") + "\n" + s.Tabs.Gap.Render(strings.Repeat("─", w))
}

// footer shows the status line above the help.
func (a *App) footer(w int) string {
	s := a.c.styles
	var line string
	switch {
	case a.status.err:
		line = s.Status.Error.Render("✗ " + a.status.text)
		if a.status.hint != "" {
			line += s.Status.Hint.Render(" — " + a.status.hint)
		}
	case a.status.text != "":
		line = s.Status.Info.Render(a.status.text)
	}
	a.help.SetWidth(w)
	var km interface {
		ShortHelp() []key.Binding
		FullHelp() [][]key.Binding
	} = a.screen()
	if d := a.front(); d != nil {
		km = d
	}
	helpView := a.help.ShortHelpView(append(km.ShortHelp(), a.c.keys.Global.Help, a.c.keys.Global.Quit))
	if a.full {
		helpView = a.help.FullHelpView(append(km.FullHelp(), a.globalHelp()))
	}
	return ansi.Truncate(line, w, "…") + "\n" + helpView
}

func (a *App) globalHelp() []key.Binding {
	g := a.c.keys.Global
	return []key.Binding{g.Clients, g.Tokens, g.Login, g.NextTab, g.Back, g.Help, g.Quit}
}
