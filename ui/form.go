package ui

import (
	"sync"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// formDoneMsg and formAbortedMsg are a huh form's submit and cancel,
// addressed to the screen that hosts the form. gen is the form's build:
// the host counts each form it is given.
type (
	formDoneMsg struct {
		reply
		gen int
	}
	formAbortedMsg struct {
		reply
		gen int
	}
)

// formEvent is what a message meant to a formHost.
type formEvent int

const (
	formNothing   formEvent = iota // nothing for the form
	formStep                       // huh took the message: a step of its own
	formSubmitted                  // the form was completed
	formAborted                    // the form was cancelled
)

// formHost holds a screen's huh form: it hooks the form's submit and
// cancel to messages addressed to the screen, keeps the form huh returns
// from each update, and gives it the screen's cells. A screen rebuilds its
// form (to show a server's error, new choices) by handing the host a new
// one; a submit or cancel of a form since replaced means nothing.
type formHost struct {
	owner         ownerID
	huh           *huh.Form // nil until the screen builds one
	gen           int
	width, height int       // the cells last given; 0 until the first SetSize
	sized         *huh.Form // the form those cells were applied to
}

func newFormHost(owner ownerID) formHost { return formHost{owner: owner} }

// set makes f the hosted form, reporting its submit and cancel to the
// owner, and sized to the cells the host was last given.
func (h *formHost) set(f *huh.Form) {
	h.gen++
	h.huh = f
	f.SubmitCmd = emit(formDoneMsg{reply{h.owner}, h.gen})
	f.CancelCmd = emit(formAbortedMsg{reply{h.owner}, h.gen})
	if h.width > 0 {
		h.SetSize(h.width, h.height)
	}
}

// built reports whether the host has a form.
func (h *formHost) built() bool { return h.huh != nil }

// Init starts the form (its cursor, its first group).
func (h *formHost) Init() tea.Cmd { return h.huh.Init() }

// Update hands the form a message, a key included, and keeps the form
// huh returns.
func (h *formHost) Update(msg tea.Msg) tea.Cmd {
	m, cmd := h.huh.Update(msg)
	if f, ok := m.(*huh.Form); ok {
		h.huh = f
	}
	return cmd
}

// HandleMsg reports the current form's submit or cancel, and hands the
// form what is its own: chatkeys' answers and news never reach huh, nor
// keys, which come through the screen's HandleKey.
func (h *formHost) HandleMsg(msg tea.Msg) (formEvent, tea.Cmd) {
	switch msg := msg.(type) {
	case formDoneMsg:
		if msg.gen == h.gen {
			return formSubmitted, nil
		}
		return formNothing, nil
	case formAbortedMsg:
		if msg.gen == h.gen {
			return formAborted, nil
		}
		return formNothing, nil
	case answer, news, tea.KeyPressMsg:
		return formNothing, nil
	}
	if h.huh == nil {
		return formNothing, nil
	}
	return formStep, h.Update(msg)
}

// SetSize gives the form width×height cells.
func (h *formHost) SetSize(width, height int) {
	if width == h.width && height == h.height && h.sized == h.huh {
		// huh lays the form out again on every call, drawing each field:
		// the root sets sizes after every message, and most change none.
		return
	}
	h.width, h.height, h.sized = width, height, h.huh
	if h.huh != nil {
		h.huh.WithWidth(width)
		h.huh.WithHeight(height)
	}
}

// View draws the form.
func (h *formHost) View() string { return h.huh.View() }

// formTheme is huh's Charm theme, built once for each background: huh
// asks a ThemeFunc for the theme on every draw of every field, and
// building it is costly (it was 40% of the TUI's CPU during a bulk
// revoke). huh only reads the styles it gets.
var formTheme = huh.ThemeFunc(func(isDark bool) *huh.Styles {
	themes := &lightTheme
	if isDark {
		themes = &darkTheme
	}
	themes.once.Do(func() { themes.styles = huh.ThemeCharm(isDark) })
	return themes.styles
})

// themed gives field the cached theme before anything draws it. A field
// without a theme of its own builds huh's Charm theme afresh each time
// it draws, and huh draws while a form is built (a select's Options
// draws its options to size itself): the Login form over a few hundred
// clients built 165 MB of themes on each clients load, which set the
// TUI's peak memory.
func themed[F interface{ WithTheme(huh.Theme) huh.Field }](field F) F {
	field.WithTheme(formTheme)
	return field
}

type cachedTheme struct {
	once   sync.Once
	styles *huh.Styles
}

var darkTheme, lightTheme cachedTheme
