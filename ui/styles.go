package ui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// palette names colours by their role, so a screen asks for "warning", not
// for a shade of yellow. Light and dark backgrounds get their own palette.
type palette struct {
	primary, secondary, text, muted, subtle color.Color
	success, warning, danger, badgeFg       color.Color
	selection                               color.Color
}

func paletteFor(dark bool) palette {
	if dark {
		return palette{
			primary: lipgloss.Color("#7D7AFF"), secondary: lipgloss.Color("#5FD7D7"),
			text: lipgloss.Color("#E4E4E4"), muted: lipgloss.Color("#8A8A8A"), subtle: lipgloss.Color("#4E4E4E"),
			success: lipgloss.Color("#5FD787"), warning: lipgloss.Color("#FFAF00"), danger: lipgloss.Color("#FF5F5F"),
			badgeFg: lipgloss.Color("#1C1C1C"), selection: lipgloss.Color("#303050"),
		}
	}
	return palette{
		primary: lipgloss.Color("#4B3FD6"), secondary: lipgloss.Color("#007A7A"),
		text: lipgloss.Color("#1C1C1C"), muted: lipgloss.Color("#6C6C6C"), subtle: lipgloss.Color("#BCBCBC"),
		success: lipgloss.Color("#00875F"), warning: lipgloss.Color("#AF5F00"), danger: lipgloss.Color("#D70000"),
		badgeFg: lipgloss.Color("#FFFFFF"), selection: lipgloss.Color("#DADAF7"),
	}
}

// Styles is every style the UI draws with, built once from a palette and
// rebuilt when the terminal reports its background.
type Styles struct {
	Dark bool

	Header struct {
		Title, Item, Muted, Demo, LoggedIn, LoggedOut lipgloss.Style
	}
	Tabs struct {
		Active, Inactive, Gap lipgloss.Style
	}
	Table struct {
		Header, Cell, Selected, Marked, Dim, Warning lipgloss.Style
	}
	Detail struct {
		Label, Value, Title lipgloss.Style
	}
	Dialog struct {
		Frame, Title, Body, Danger, Button, ActiveButton, Secret, Muted lipgloss.Style
	}
	Status struct {
		Info, Error, Hint lipgloss.Style
	}
	Text struct {
		Normal, Muted, Accent, Success, Warning, Danger, Key lipgloss.Style
	}
	Help help.Styles
}

// NewStyles builds the styles for a dark or light background.
func NewStyles(dark bool) *Styles {
	p := paletteFor(dark)
	s := &Styles{Dark: dark}
	base := lipgloss.NewStyle()

	s.Header.Title = base.Bold(true).Foreground(p.primary)
	s.Header.Item = base.Foreground(p.text)
	s.Header.Muted = base.Foreground(p.muted)
	s.Header.Demo = base.Bold(true).Foreground(p.badgeFg).Background(p.warning).Padding(0, 1)
	s.Header.LoggedIn = base.Foreground(p.success)
	s.Header.LoggedOut = base.Foreground(p.danger)

	s.Tabs.Active = base.Bold(true).Foreground(p.primary).Underline(true)
	s.Tabs.Inactive = base.Foreground(p.muted)
	s.Tabs.Gap = base.Foreground(p.subtle)

	s.Table.Header = base.Bold(true).Foreground(p.secondary)
	s.Table.Cell = base.Foreground(p.text)
	// Reverse keeps the cursor visible without colour (NO_COLOR), where a
	// background would vanish and bold alone looks like a marked row.
	s.Table.Selected = base.Reverse(true).Bold(true)
	s.Table.Marked = base.Foreground(p.primary).Bold(true)
	s.Table.Dim = base.Foreground(p.muted).Faint(true)
	s.Table.Warning = base.Foreground(p.warning)

	s.Detail.Label = base.Foreground(p.muted).Width(16)
	s.Detail.Value = base.Foreground(p.text)
	s.Detail.Title = base.Bold(true).Foreground(p.primary)

	s.Dialog.Frame = base.Border(lipgloss.RoundedBorder()).BorderForeground(p.primary).Padding(1, 2)
	s.Dialog.Title = base.Bold(true).Foreground(p.primary)
	s.Dialog.Body = base.Foreground(p.text)
	s.Dialog.Danger = base.Bold(true).Foreground(p.danger)
	s.Dialog.Button = base.Foreground(p.muted).Padding(0, 2)
	s.Dialog.ActiveButton = base.Bold(true).Reverse(true).Padding(0, 2)
	s.Dialog.Secret = base.Bold(true).Foreground(p.text).Border(lipgloss.NormalBorder()).BorderForeground(p.secondary).Padding(0, 1)
	s.Dialog.Muted = base.Foreground(p.muted)

	s.Status.Info = base.Foreground(p.success)
	s.Status.Error = base.Bold(true).Foreground(p.danger)
	s.Status.Hint = base.Foreground(p.muted)

	s.Text.Normal = base.Foreground(p.text)
	s.Text.Muted = base.Foreground(p.muted)
	s.Text.Accent = base.Foreground(p.primary)
	s.Text.Success = base.Foreground(p.success)
	s.Text.Warning = base.Foreground(p.warning)
	s.Text.Danger = base.Bold(true).Foreground(p.danger)
	s.Text.Key = base.Bold(true).Foreground(p.secondary)

	s.Help = help.DefaultStyles(dark)
	return s
}
