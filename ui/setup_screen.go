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

// setupSavedMsg answers the setup screen's save of the first-run settings.
type setupSavedMsg struct {
	reply
	sess *Session
	err  error
}

// setupScreen is the first-run form: with no profile and no environment,
// chatkeys asks for the account and the client it should log in with, saves
// config.toml, then opens Login.
type setupScreen struct {
	owned
	c       *common
	backend SetupBackend
	v       SetupValues
	form    formHost
	saving  bool
}

var _ Screen = (*setupScreen)(nil)

func newSetupScreen(c *common, backend SetupBackend) *setupScreen {
	s := &setupScreen{owned: c.own(), c: c, backend: backend, v: SetupValues{RedirectURI: "http://localhost:8080", Grant: config.GrantCode}}
	s.form = newFormHost(s.id)
	s.build()
	return s
}

func (s *setupScreen) build() {
	s.form.set(huh.NewForm(
		huh.NewGroup(
			themed(huh.NewNote()).Title("Welcome to chatkeys").Description(
				"Tell chatkeys which Zendesk Chat account to manage and which API client to log in with. "+
					"Create the client in Chat: Settings › Account › API, with the redirect URL below."),
			themed(huh.NewInput()).Key("subdomain").Title("Zendesk subdomain").Value(&s.v.Subdomain).
				Placeholder("acme  (for https://acme.zendesk.com)").Validate(validateSubdomain),
			themed(huh.NewInput()).Key("client_id").Title("Client ID").Value(&s.v.ClientID).
				Validate(required("the client ID (its unique identifier) is required")),
			themed(huh.NewInput()).Key("client_secret").Title("Client secret").Value(&s.v.ClientSecret).
				EchoMode(huh.EchoModePassword).Description("Kept in the system keyring, not in config.toml. Leave empty for the implicit grant."),
		).Title("Set up chatkeys"),
		huh.NewGroup(
			themed(huh.NewInput()).Key("redirect_uri").Title("Redirect URL").Value(&s.v.RedirectURI).
				Description("Must be registered on the client; chatkeys listens there during login.").
				Validate(authflow.CheckLoopbackRedirect),
			themed(huh.NewSelect[config.Grant]()).Key("grant").Title("Grant").Value(&s.v.Grant).Options(
				huh.NewOption("Authorization code (recommended)", config.GrantCode),
				huh.NewOption("Implicit", config.GrantImplicit),
				huh.NewOption("Password (Chat-only accounts, confidential client)", config.GrantPassword),
				huh.NewOption("Client credentials (confidential client)", config.GrantClientCredentials),
			),
		).Title("Set up chatkeys"),
	).WithShowHelp(false).WithKeyMap(loginKeyMap()).WithTheme(formTheme))
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

func (s *setupScreen) HandleKey(msg tea.KeyPressMsg) tea.Cmd {
	if s.saving {
		return nil
	}
	return s.form.Update(msg)
}

// HandleMsg saves when the form is submitted and follows the save; huh
// gets its own messages.
func (s *setupScreen) HandleMsg(msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(setupSavedMsg); ok {
		return s.saved(msg)
	}
	ev, cmd := s.form.HandleMsg(msg)
	if ev == formSubmitted {
		return s.save()
	}
	return cmd
}

// saved closes the screen and hands the root the new session, then tells
// the Login screen; a failure rebuilds the form with what was typed.
func (s *setupScreen) saved(msg setupSavedMsg) tea.Cmd {
	s.saving = false
	if msg.err != nil {
		s.build()
		return tea.Batch(s.form.Init(), reportErr(msg.err))
	}
	note := "Saved. Now log in: pick a grant and press enter through the form."
	if msg.sess.Notice != "" {
		note = "Saved. " + msg.sess.Notice
	}
	return tea.Batch(closeScreen(s), tea.Sequence(emit(sessionChangedMsg{sess: msg.sess, note: note}), emit(setupDoneMsg{})))
}

// setupDoneMsg is the news that the first-run settings were saved: the
// Login screen starts its form over from the new profile. It follows the
// sessionChangedMsg that carries them.
type setupDoneMsg struct{}

func (s *setupScreen) save() tea.Cmd {
	v := s.v
	v.Subdomain, _ = api.NormalizeSubdomain(v.Subdomain)
	v.ClientID, v.RedirectURI = strings.TrimSpace(v.ClientID), strings.TrimSpace(v.RedirectURI)
	s.saving = true
	backend, ctx, to := s.backend, s.c.ctx, s.id
	return func() tea.Msg {
		sess, err := backend.Save(ctx, v)
		return setupSavedMsg{reply{to}, sess, err}
	}
}

// SetSize fits the form above its one line of keys.
func (s *setupScreen) SetSize(width, height int) {
	s.form.SetSize(width, max(height-1, 3))
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
