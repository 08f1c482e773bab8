package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"chatkeys/api"
	"chatkeys/authflow"
	"chatkeys/authflow/config"
)

// setupSavedMsg reports saving the first-run settings.
type setupSavedMsg struct {
	sess *Session
	err  error
}

// setupScreen is the first-run form: with no profile and no environment,
// chatkeys asks for the account and the client it should log in with, saves
// config.toml, then opens Login.
type setupScreen struct {
	c       *common
	backend SetupBackend
	v       SetupValues
	form    *huh.Form
	saving  bool
	width   int
	height  int
}

var _ Screen = (*setupScreen)(nil)

func newSetupScreen(c *common, backend SetupBackend) *setupScreen {
	s := &setupScreen{c: c, backend: backend, v: SetupValues{RedirectURI: "http://localhost:8080", Grant: config.GrantCode}}
	s.build()
	return s
}

func (s *setupScreen) build() {
	s.form = huh.NewForm(
		huh.NewGroup(
			huh.NewNote().Title("Welcome to chatkeys").Description(
				"Tell chatkeys which Zendesk Chat account to manage and which API client to log in with. "+
					"Create the client in Chat: Settings › Account › API, with the redirect URL below."),
			huh.NewInput().Key("subdomain").Title("Zendesk subdomain").Value(&s.v.Subdomain).
				Placeholder("acme  (for https://acme.zendesk.com)").Validate(validateSubdomain),
			huh.NewInput().Key("client_id").Title("Client ID").Value(&s.v.ClientID).
				Validate(required("the client ID (its unique identifier) is required")),
			huh.NewInput().Key("client_secret").Title("Client secret").Value(&s.v.ClientSecret).
				EchoMode(huh.EchoModePassword).Description("Kept in the system keyring, not in config.toml. Leave empty for the implicit grant."),
		).Title("Set up chatkeys"),
		huh.NewGroup(
			huh.NewInput().Key("redirect_uri").Title("Redirect URL").Value(&s.v.RedirectURI).
				Description("Must be registered on the client; chatkeys listens there during login.").
				Validate(authflow.CheckLoopbackRedirect),
			huh.NewSelect[config.Grant]().Key("grant").Title("Grant").Value(&s.v.Grant).Options(
				huh.NewOption("Authorization code (recommended)", config.GrantCode),
				huh.NewOption("Implicit", config.GrantImplicit),
				huh.NewOption("Password (Chat-only accounts, confidential client)", config.GrantPassword),
				huh.NewOption("Client credentials (confidential client)", config.GrantClientCredentials),
			),
		).Title("Set up chatkeys"),
	).WithShowHelp(false).WithKeyMap(loginKeyMap()).WithTheme(huh.ThemeFunc(huh.ThemeCharm))
	form := s.form
	s.form.SubmitCmd = emit(formDoneMsg{form})
	if s.width > 0 {
		s.SetSize(s.width, s.height)
	}
}

// validateSubdomain accepts what users paste and shows an example when it
// cannot be reduced to a subdomain.
func validateSubdomain(v string) error {
	_, err := api.NormalizeSubdomain(v)
	return err
}

func required(msg string) func(string) error {
	return func(v string) error {
		if strings.TrimSpace(v) == "" {
			return errString(msg)
		}
		return nil
	}
}

func (s *setupScreen) Init() tea.Cmd   { return s.form.Init() }
func (s *setupScreen) Title() string   { return "Setup" }
func (s *setupScreen) Capturing() bool { return true }
func (s *setupScreen) OwnsTab() bool   { return true }
func (s *setupScreen) updateForm(msg tea.Msg) tea.Cmd {
	m, cmd := s.form.Update(msg)
	if f, ok := m.(*huh.Form); ok {
		s.form = f
	}
	return cmd
}

func (s *setupScreen) HandleKey(msg tea.KeyPressMsg) tea.Cmd {
	if s.saving {
		return nil
	}
	return s.updateForm(msg)
}

func (s *setupScreen) HandleMsg(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case formDoneMsg:
		if msg.form == s.form {
			return s.save()
		}
		return nil
	case setupSavedMsg:
		s.saving = false
		if msg.err != nil {
			s.build()
			return tea.Batch(s.form.Init(), reportErr(msg.err))
		}
		*s.c.sess = *msg.sess
		note := "Saved. Now log in: pick a grant and press enter through the form."
		if msg.sess.Notice != "" {
			note = "Saved. " + msg.sess.Notice
		}
		return tea.Batch(closeScreen(s), emit(setupDoneMsg{}), info(note))
	}
	if isAppMsg(msg) {
		return nil
	}
	return s.updateForm(msg)
}

// setupDoneMsg tells the Login screen to reload its defaults.
type setupDoneMsg struct{}

func (s *setupScreen) save() tea.Cmd {
	v := s.v
	v.Subdomain, _ = api.NormalizeSubdomain(v.Subdomain)
	v.ClientID, v.RedirectURI = strings.TrimSpace(v.ClientID), strings.TrimSpace(v.RedirectURI)
	s.saving = true
	backend, ctx := s.backend, s.c.ctx
	return func() tea.Msg {
		sess, err := backend.Save(ctx, v)
		return setupSavedMsg{sess, err}
	}
}

// SetSize fits the form above its one line of keys.
func (s *setupScreen) SetSize(width, height int) {
	s.width, s.height = width, height
	s.form.WithWidth(width)
	s.form.WithHeight(max(height-1, 3))
}

func (s *setupScreen) View() string {
	note := "enter next · shift+tab back · ctrl+c quit"
	if s.saving {
		note = "Saving…"
	}
	return s.form.View() + "\n" + s.c.styles.Text.Muted.Render(note)
}

func (s *setupScreen) ShortHelp() []key.Binding {
	return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next"))}
}

func (s *setupScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }
