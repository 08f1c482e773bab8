package ui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"golang.org/x/oauth2"

	"chatkeys/api"
	"chatkeys/api/safetext"
)

// Messages of the login flow, each an answer to the Login screen. run
// numbers the attempt a flow's answer belongs to: the answer of a flow
// cancelled since is dropped.
type (
	loginStartedMsg struct {
		reply
		flow LoginFlow
		err  error
	}
	loginDoneMsg struct {
		reply
		run int
		tok *oauth2.Token
		err error
	}
	loginCancelledMsg struct{ reply }
	browserOpenedMsg  struct {
		reply
		err error
	}
	pasteCheckedMsg struct {
		reply
		err error
	}
	loginAdoptedMsg struct {
		reply
		sess *Session
		err  error
	}
	// spinTickMsg is the spinner's tick, addressed to the Login screen so
	// that it keeps turning while another tab shows.
	spinTickMsg struct {
		reply
		tick spinner.TickMsg
	}
)

type loginState int

const (
	loginForm loginState = iota
	loginStarting
	loginRunning
	loginAdopting
)

// loginScreen is the Login tab: the tutorial's whole page of curl in one
// screen. The admin picks a grant, a client and scopes; the browser opens;
// the token comes back and becomes chatkeys' login or is shown once.
type loginScreen struct {
	owned
	c        *common
	backend  LoginBackend
	state    loginState
	v        loginFormValues
	defaults LoginRequest
	req      LoginRequest
	form     formHost   // empty without a backend
	secret   *huh.Input // the form's secret field, cleared when the client changes
	clients  []api.OAuthClient

	flow      LoginFlow
	run       int // the current attempt, counted from 1
	spin      spinner.Model
	paste     textinput.Model
	pasting   bool
	browser   string // what happened when the browser was opened
	pasteNote string
	width     int
	height    int
	touched   bool // the user has changed the form: new defaults must not overwrite it
}

// loginDefaultsMsg carries the profile's defaults, read in a command
// because reading the stored secret may wait on the keyring.
type loginDefaultsMsg struct {
	reply
	req LoginRequest
}

var _ Screen = (*loginScreen)(nil)

func newLoginScreen(c *common, backend LoginBackend) *loginScreen {
	paste := textinput.New()
	paste.Prompt = "redirect URL: "
	paste.Placeholder = "http://localhost:8080/?code=…"
	paste.CharLimit = 8192
	s := &loginScreen{owned: c.own(), c: c, backend: backend, spin: spinner.New(spinner.WithSpinner(spinner.Dot)), paste: paste}
	s.form = newFormHost(s.id)
	s.v = valuesFrom(LoginRequest{})
	if backend != nil {
		s.rebuildForm()
	}
	return s
}

// backToForm shows the form again with everything the user chose, from
// its first page, after a login ended.
func (s *loginScreen) backToForm() tea.Cmd {
	s.state, s.flow, s.pasting = loginForm, nil, false
	if s.backend == nil {
		return nil
	}
	s.rebuildForm()
	return s.form.Init()
}

// backToPage shows the form again on the page the login was submitted
// from (its last), with everything typed, after an error or a cancel.
func (s *loginScreen) backToPage() tea.Cmd {
	cmds := []tea.Cmd{s.backToForm()}
	if s.form.built() {
		for range s.v.visibleGroups() - 1 {
			cmds = append(cmds, s.form.huh.NextGroup())
		}
	}
	return tea.Sequence(cmds...)
}

// loadDefaults reads the profile's defaults in a command.
func (s *loginScreen) loadDefaults() tea.Cmd {
	if s.backend == nil {
		return nil
	}
	backend, ctx, to := s.backend, s.c.ctx, s.id
	return func() tea.Msg { return loginDefaultsMsg{reply{to}, backend.Defaults(ctx)} }
}

func (s *loginScreen) rebuildForm() {
	form, secret := newLoginForm(s.c, &s.v, s.clients, s.defaults)
	s.form.set(form)
	s.secret = secret
}

func (s *loginScreen) Init() tea.Cmd {
	if !s.form.built() {
		return nil
	}
	return tea.Batch(s.form.Init(), s.loadDefaults())
}

func (s *loginScreen) Title() string { return "Login" }

// Capturing is true while a text field has the keyboard.
func (s *loginScreen) Capturing() bool {
	switch {
	case s.pasting:
		return true
	case s.state == loginForm && s.form.built():
		switch s.form.huh.GetFocusedField().(type) {
		case *huh.Input, *huh.Text:
			return true
		}
	}
	return false
}

// OwnsTab keeps tab for moving between the form's fields.
func (s *loginScreen) OwnsTab() bool { return s.state == loginForm && s.form.built() }

// HandleKey drives the form, then the running flow.
func (s *loginScreen) HandleKey(msg tea.KeyPressMsg) tea.Cmd {
	switch s.state {
	case loginForm:
		if !s.form.built() {
			return nil
		}
		if key.Matches(msg, s.c.keys.Global.Back) {
			return switchTab(tabClients) // esc leaves the form, even from a text field
		}
		s.touched = true
		return s.updateForm(msg)
	case loginRunning:
		return s.handleRunningKey(msg)
	}
	return nil
}

func (s *loginScreen) handleRunningKey(msg tea.KeyPressMsg) tea.Cmd {
	lk := s.c.keys.Login
	if s.pasting {
		switch msg.String() {
		case "enter":
			raw := s.paste.Value()
			s.pasting = false
			s.paste.SetValue("")
			s.paste.Blur()
			flow, to := s.flow, s.id
			return func() tea.Msg { return pasteCheckedMsg{reply{to}, flow.Paste(raw)} }
		case "esc":
			s.pasting = false
			s.paste.Blur()
			return nil
		}
		var cmd tea.Cmd
		s.paste, cmd = s.paste.Update(msg)
		return cmd
	}
	switch {
	case key.Matches(msg, lk.Cancel):
		// Forget the flow now, so its late answer is ignored; cancelling
		// (which frees the port) runs in a command.
		flow, to := s.flow, s.id
		return tea.Batch(s.backToPage(), func() tea.Msg { flow.Cancel(); return loginCancelledMsg{reply{to}} })
	case key.Matches(msg, lk.CopyURL) && s.flow.AuthorizeURL() != "":
		return copyText(s.c, s.id, "the authorize URL", s.flow.AuthorizeURL())
	case key.Matches(msg, lk.Open) && s.flow.AuthorizeURL() != "":
		return s.openBrowser()
	case key.Matches(msg, lk.Paste) && s.flow.AuthorizeURL() != "":
		s.pasting = true
		s.pasteNote = ""
		return s.paste.Focus()
	}
	return nil
}

func (s *loginScreen) updateForm(msg tea.Msg) tea.Cmd {
	cmd := s.form.Update(msg)
	s.followClient()
	return cmd
}

// followClient clears a typed secret once another client is chosen: one
// client's secret must never be sent for another.
func (s *loginScreen) followClient() {
	chosen := s.v.chosenClient()
	if chosen == s.v.secretFor {
		return
	}
	s.v.secretFor = chosen
	if s.v.secret != "" {
		s.v.secret = ""
		s.secret.Value(&s.v.secret)
	}
}

// HandleMsg follows the flow's answers and the news the form depends on,
// and feeds huh its own messages.
func (s *loginScreen) HandleMsg(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case clientsLoadedMsg:
		if msg.err == nil {
			s.clients = msg.list
			if s.state == loginForm && s.backend != nil && !s.touched {
				s.rebuildForm()
				return s.form.Init()
			}
		}
		return nil
	case loginDefaultsMsg:
		s.defaults = msg.req
		if s.state == loginForm && !s.touched {
			s.v = valuesFrom(msg.req)
			s.rebuildForm()
			return s.form.Init()
		}
		return nil
	case profileSavedMsg:
		return s.loadDefaults() // the form must send the new secret
	case loginStartedMsg:
		return s.started(msg)
	case browserOpenedMsg:
		s.browser = "Opened the browser."
		if msg.err != nil {
			s.browser = "Could not open a browser (" + safetext.Sanitize(msg.err.Error(), 80) + "): open the URL yourself, or paste the redirect (p)."
		}
		return nil
	case pasteCheckedMsg:
		if msg.err != nil {
			s.pasteNote = "That URL was refused: " + safetext.Sanitize(msg.err.Error(), 120) + ". Still waiting."
		}
		return nil
	case loginDoneMsg:
		if msg.run != s.run || s.state != loginRunning {
			return nil // a cancelled flow's late answer
		}
		return s.done(msg)
	case loginCancelledMsg:
		return info("Login cancelled; the port is free.")
	case loginAdoptedMsg:
		return s.adopted(msg)
	case setupDoneMsg:
		s.touched = false
		return tea.Batch(s.backToForm(), s.loadDefaults())
	case spinTickMsg:
		if s.state == loginRunning || s.state == loginStarting || s.state == loginAdopting {
			var cmd tea.Cmd
			s.spin, cmd = s.spin.Update(msg.tick)
			return s.ticking(cmd)
		}
		return nil
	case tea.PasteMsg:
		if s.pasting {
			s.paste, _ = s.paste.Update(msg)
			return nil
		}
	}
	if s.state != loginForm {
		return nil
	}
	ev, cmd := s.form.HandleMsg(msg)
	switch ev {
	case formSubmitted:
		return s.start()
	case formStep:
		s.followClient()
	}
	return cmd
}

// ticking addresses the spinner's next tick, which cmd brings, to s.
func (s *loginScreen) ticking(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	to := s.id
	return func() tea.Msg {
		msg := cmd()
		if tick, ok := msg.(spinner.TickMsg); ok {
			return spinTickMsg{reply{to}, tick}
		}
		return msg
	}
}

// SetSize fits the form, or the running login's view, into width×height.
func (s *loginScreen) SetSize(width, height int) {
	s.width, s.height = width, height
	s.paste.SetWidth(width - 16)
	s.form.SetSize(width, max(height-1, 3))
}

func (s *loginScreen) View() string {
	st := s.c.styles
	switch {
	case s.backend == nil:
		return st.Text.Muted.Render("Logging in needs a configured profile: run chatkeys without CHATKEYS_TOKEN to set one up.")
	case s.state == loginStarting:
		return s.spin.View() + " Starting…"
	case s.state == loginAdopting:
		return s.spin.View() + " Saving the login…"
	case s.state == loginRunning:
		return s.runningView()
	}
	return s.form.View() + "\n" + st.Text.Muted.Render("enter next · shift+tab previous · the last field starts the login")
}

func (s *loginScreen) ShortHelp() []key.Binding {
	lk := s.c.keys.Login
	if s.state == loginRunning {
		if s.pasting {
			return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "check")), lk.Cancel}
		}
		return []key.Binding{lk.CopyURL, lk.Open, lk.Paste, lk.Cancel}
	}
	return []key.Binding{
		key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next")),
		key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous")),
		s.c.keys.Global.Back, // leaves the form for Clients, even from a text field; the form keeps its values
	}
}

func (s *loginScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }
