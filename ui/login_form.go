package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/huh/v2"

	"chatkeys/api"
	"chatkeys/api/safetext"
	"chatkeys/authflow/config"
	"chatkeys/ui/format"
)

// otherClient is the client choice that reveals a typed client id.
const otherClient = "\x00other"

// loginFormValues is what the Login form edits; it outlives the huh form.
type loginFormValues struct {
	grant                          config.Grant
	clientChoice, clientID, secret string
	username, password             string
	scopes                         []string
	destination                    string
	// secretFor is the client the typed secret was typed for: a secret
	// is never sent for another client.
	secretFor string
}

const (
	destLogin = "login"
	destShow  = "show"
)

// newLoginForm builds the form over v. clients are the loaded Clients
// table, offered as choices; defaults carry the profile's client. It
// returns the secret's field too, so the screen can clear it.
func newLoginForm(c *common, v *loginFormValues, clients []api.OAuthClient, defaults LoginRequest) (*huh.Form, *huh.Input) {
	choices := clientOptions(clients, defaults.ClientID)
	secretHint := func() string {
		if v.chosenClient() == defaults.ClientID && defaults.ClientSecret != "" {
			return "from the profile (type to replace)"
		}
		return "the client's secret"
	}
	secret := themed(huh.NewInput()).Key("secret").Title("Client secret").Value(&v.secret).EchoMode(huh.EchoModePassword).
		PlaceholderFunc(secretHint, &v.clientChoice)
	form := huh.NewForm(
		huh.NewGroup(
			themed(huh.NewSelect[config.Grant]()).Key("grant").Title("Grant").Value(&v.grant).Options(
				huh.NewOption("Authorization code: browser consent, refreshable", config.GrantCode),
				huh.NewOption("Implicit: browser consent, token in the fragment", config.GrantImplicit),
				huh.NewOption("Password: a Chat-only agent's credentials", config.GrantPassword),
				huh.NewOption("Client credentials: acts as the client's creator", config.GrantClientCredentials),
			),
			themed(huh.NewMultiSelect[string]()).Key("scopes").Title("Scopes").Value(&v.scopes).Options(
				huh.NewOption("read", "read"), huh.NewOption("write", "write"),
				huh.NewOption("chat (Conversations API)", "chat"),
			).Height(4).Validate(func(s []string) error { return validateScopes(s) }),
		).Title("Get a token"),
		huh.NewGroup(
			themed(huh.NewSelect[string]()).Key("client").Title("Client").Value(&v.clientChoice).Options(choices...).Height(8).
				Description("Pick one from the Clients tab, or choose Other to type an id."),
			themed(huh.NewSelect[string]()).Key("destination").Title("The token").Value(&v.destination).Options(
				huh.NewOption("becomes chatkeys' login", destLogin),
				huh.NewOption("is shown once, to copy", destShow),
			),
		).Title("Get a token"),
		huh.NewGroup(
			themed(huh.NewInput()).Key("client_id").Title("Client ID").Value(&v.clientID).
				Description("The client's identifier (client_identifier)."),
		).WithHideFunc(func() bool { return v.clientChoice != otherClient }),
		huh.NewGroup(
			themed(huh.NewInput()).Key("username").Title("Username").Value(&v.username).
				Description("A Chat-only agent's email; Chat+Support accounts cannot use this grant."),
			themed(huh.NewInput()).Key("password").Title("Password").Value(&v.password).EchoMode(huh.EchoModePassword).
				Description("Used for this request only; never stored or logged."),
		).WithHideFunc(func() bool { return v.grant != config.GrantPassword }),
		huh.NewGroup(secret).WithHideFunc(func() bool { return !v.grant.NeedsSecret() }),
	).WithShowHelp(false).WithKeyMap(loginKeyMap()).WithTheme(formTheme)
	return form, secret
}

// visibleGroups counts the form's pages the values show, for returning to
// the last one.
func (v *loginFormValues) visibleGroups() int {
	n := 2 // grant and scopes; client and destination
	if v.clientChoice == otherClient {
		n++
	}
	if v.grant == config.GrantPassword {
		n++
	}
	if v.grant.NeedsSecret() {
		n++
	}
	return n
}

// clientOptions lists the loaded clients, the profile's client first.
func clientOptions(clients []api.OAuthClient, profileClient string) []huh.Option[string] {
	var opts []huh.Option[string]
	seen := map[string]bool{}
	add := func(ident, label string) {
		if ident != "" && !seen[ident] {
			seen[ident] = true
			opts = append(opts, huh.NewOption(label, ident))
		}
	}
	for _, c := range clients {
		if c.ClientIdentifier == profileClient {
			add(c.ClientIdentifier, safetext.Sanitize(c.Name, 30)+" (chatkeys' client)")
		}
	}
	if profileClient != "" {
		add(profileClient, "chatkeys' client "+safetext.Sanitize(format.Prefix(profileClient, 12), 14))
	}
	for _, c := range clients {
		add(c.ClientIdentifier, safetext.Sanitize(c.Name, 30)+" · "+safetext.Sanitize(c.Type(), 20)+" · "+safetext.Sanitize(format.Scopes(c.Scopes), 30))
	}
	return append(opts, huh.NewOption("Other: type a client id", otherClient))
}

// chosenClient is the client identifier the form points at.
func (v *loginFormValues) chosenClient() string {
	if v.clientChoice == otherClient {
		return strings.TrimSpace(v.clientID)
	}
	return v.clientChoice
}

// request turns the values into a LoginRequest, taking the profile's secret
// when the profile's client is used and no other secret was typed.
func (v *loginFormValues) request(defaults LoginRequest) LoginRequest {
	secret := v.secret
	if v.secretFor != v.chosenClient() {
		secret = ""
	}
	req := LoginRequest{
		Grant: v.grant, ClientID: v.chosenClient(), ClientSecret: secret,
		Scopes: strings.Join(orderScopes(v.scopes), " "), Username: strings.TrimSpace(v.username),
		Password: v.password, UseAsLogin: v.destination == destLogin,
	}
	if req.ClientSecret == "" && req.ClientID == defaults.ClientID {
		req.ClientSecret = defaults.ClientSecret
	}
	if !req.Grant.NeedsSecret() {
		req.ClientSecret = ""
	}
	if req.Grant != config.GrantPassword {
		req.Username, req.Password = "", ""
	}
	return req
}

// valuesFrom prefills the form from the profile.
func valuesFrom(d LoginRequest) loginFormValues {
	v := loginFormValues{grant: d.Grant, clientChoice: d.ClientID, scopes: strings.Fields(d.Scopes), destination: destLogin, secretFor: d.ClientID}
	if v.grant == "" {
		v.grant = config.GrantCode
	}
	if v.clientChoice == "" {
		v.clientChoice = otherClient
		v.secretFor = ""
	}
	if len(v.scopes) == 0 {
		v.scopes = []string{"read", "write"}
	}
	return v
}

func loginKeyMap() *huh.KeyMap {
	km := huh.NewDefaultKeyMap()
	km.Quit = key.NewBinding(key.WithDisabled())
	noFilter(km)
	return km
}
