package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/oauth2"

	"chatkeys/api"
	"chatkeys/authflow"
	"chatkeys/authflow/config"
	"chatkeys/authflow/store"
	"chatkeys/ui/format"
)

// loginFlags are chatkeys login's options.
type loginFlags struct {
	grant, scopes, username  string
	noBrowser, passwordStdin bool
}

func (a *app) loginCmd() *cobra.Command {
	var f loginFlags
	cmd := &cobra.Command{
		Use:   "login [--grant code|implicit|password|client-credentials] [--scopes \"read write\"] [--no-browser]",
		Short: "Log in: run an OAuth flow and keep the token as chatkeys' login",
		Long: "Run an OAuth flow against the profile's account and store the token (keyring first, else\n" +
			"credentials.json). Browser grants print the authorize URL, open the browser unless --no-browser,\n" +
			"and wait on the loopback redirect URI; a redirect URL pasted on stdin is accepted too.\n" +
			"The password grant reads the password from stdin (--password-stdin).",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runLogin(cmd.Context(), f) },
	}
	cmd.Flags().StringVar(&f.grant, "grant", "", "code, implicit, password or client-credentials (default: the profile's)")
	cmd.Flags().StringVar(&f.scopes, "scopes", "", `scopes to ask for, e.g. "read write" (default: the profile's)`)
	cmd.Flags().BoolVar(&f.noBrowser, "no-browser", false, "print the URL instead of opening a browser (SSH, WSL)")
	cmd.Flags().StringVar(&f.username, "username", "", "agent email, for the password grant")
	cmd.Flags().BoolVar(&f.passwordStdin, "password-stdin", false, "read the password from stdin, for the password grant")
	return cmd
}

// runLogin mints a token for the profile and stores it.
func (a *app) runLogin(ctx context.Context, f loginFlags) error {
	s, err := a.settings()
	if err != nil {
		return err
	}
	grant := s.Grant
	if f.grant != "" {
		if grant, err = config.NormalizeGrant(f.grant); err != nil {
			return &usageError{err}
		}
	}
	if f.scopes != "" {
		s.Scopes = strings.Join(strings.Fields(strings.ReplaceAll(f.scopes, ",", " ")), " ")
	}
	if s.AuthorizeURL == "" || s.TokenURL == "" {
		return api.WithHint(fmt.Errorf("profile %q has no account to log in to", s.Profile),
			"run chatkeys to set it up, or set CHATKEYS_SUBDOMAIN (or CHATKEYS_AUTHORIZE_URL and CHATKEYS_TOKEN_URL)")
	}
	cfg := authflow.FromSettings(s)
	if cfg.ClientSecret == "" {
		cfg.ClientSecret = a.storedSecret(s)
	}
	if grant != config.GrantImplicit && cfg.ClientSecret == "" {
		return api.WithHint(errors.New("this grant needs the client secret"),
			"set CHATKEYS_CLIENT_SECRET, or run chatkeys to set up the profile")
	}
	tok, err := a.mint(ctx, cfg, grant, f)
	if err != nil {
		return err
	}
	return a.keepLogin(ctx, s, cfg, grant, tok)
}

// mint runs the grant's flow.
func (a *app) mint(ctx context.Context, cfg authflow.Config, grant config.Grant, f loginFlags) (*oauth2.Token, error) {
	switch grant {
	case config.GrantPassword:
		if f.username == "" || !f.passwordStdin {
			return nil, usagef("the password grant needs --username and --password-stdin")
		}
		password, err := bufio.NewReader(a.io.In).ReadString('\n')
		password = strings.TrimRight(password, "\r\n")
		if password == "" && err != nil {
			return nil, usagef("--password-stdin: no password on stdin")
		}
		return cfg.Password(ctx, f.username, password)
	case config.GrantClientCredentials:
		return cfg.ClientCredentials(ctx)
	}
	flow, err := authflow.StartBrowser(cfg, grant, authflow.BrowserOptions{Opener: a.opener()})
	if err != nil {
		return nil, err
	}
	defer flow.Cancel()
	fmt.Fprintf(a.io.Err, "Open this page to authorize chatkeys:\n\n  %s\n\n", api.Sanitize(flow.AuthorizeURL(), 8000))
	fmt.Fprintf(a.io.Err, "Waiting for the redirect on %s (listening on %s).\n", oneLine(flow.RedirectURI()), strings.Join(flow.Addrs(), ", "))
	fmt.Fprintln(a.io.Err, "If the browser cannot reach this machine, paste the address it lands on here and press enter.")
	if !f.noBrowser {
		if err := flow.OpenBrowser(); err != nil {
			fmt.Fprintf(a.io.Err, "Could not open a browser (%s): open the page yourself.\n", api.Sanitize(err.Error(), 100))
		}
	}
	go a.readPastes(ctx, flow)
	return flow.Wait(ctx)
}

// readPastes hands each line typed or pasted on stdin to the flow. The end
// of stdin stops only this reader: the listener keeps waiting.
func (a *app) readPastes(ctx context.Context, flow *authflow.BrowserFlow) {
	sc := bufio.NewScanner(a.io.In)
	sc.Buffer(make([]byte, 0, 16<<10), 64<<10)
	for sc.Scan() && ctx.Err() == nil {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if err := flow.Paste(line); err != nil {
			fmt.Fprintf(a.io.Err, "That address was refused (%s); still waiting.\n", api.Sanitize(err.Error(), 120))
		}
	}
}

func (a *app) opener() authflow.Opener {
	if a.io.Opener != nil {
		return a.io.Opener
	}
	return authflow.SystemOpener(a.io.Getenv)
}

// storedSecret is the secret saved with the profile's last login, if any.
func (a *app) storedSecret(s config.Settings) string {
	st, err := a.openStore()
	if err != nil {
		return ""
	}
	rec, _, err := st.Load(s.Profile)
	if err != nil || rec.ClientID != s.ClientID {
		return ""
	}
	return rec.ClientSecret
}

// keepLogin stores the token and says who and what it is, never the token.
func (a *app) keepLogin(ctx context.Context, s config.Settings, cfg authflow.Config, grant config.Grant, tok *oauth2.Token) error {
	rec := recordFor(tok, cfg, grant)
	who := a.identify(ctx, s, tok.AccessToken)
	if who.agentID != 0 {
		rec.AgentID = who.agentID
	}
	if rec.Expiry.IsZero() && who.expiry != nil {
		rec.Expiry = *who.expiry
	}
	st, err := a.openStore()
	if err != nil {
		return err
	}
	loc, err := st.Save(s.Profile, &rec)
	if err != nil {
		return fmt.Errorf("save the login: %w", err)
	}
	fmt.Fprintf(a.io.Out, "Logged in to %s%s with scopes %q (%s grant)%s.\n", oneLine(loginHost(s)), who.describe(),
		oneLine(rec.Scopes), grant, expiryNote(rec.Expiry, a.now()))
	fmt.Fprintf(a.io.Out, "Token stored in %s.\n", oneLine(loc.String()))
	if loc.Notice != "" {
		fmt.Fprintln(a.io.Err, "chatkeys: "+api.Sanitize(loc.Notice, 400))
	}
	if s.FromEnv["token"] {
		fmt.Fprintln(a.io.Err, "chatkeys: CHATKEYS_TOKEN is set and overrides this login until you unset it")
	}
	return nil
}

// recordFor builds the stored record. The client secret is kept only when
// a refresh token needs it later; a password never is.
func recordFor(tok *oauth2.Token, cfg authflow.Config, grant config.Grant) store.Record {
	rec := store.Record{
		AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken, TokenType: tok.Type(),
		Scopes: authflow.TokenScopes(tok, cfg.Scopes), Expiry: tok.Expiry, ClientID: cfg.ClientID, Grant: grant,
	}
	if tok.RefreshToken != "" {
		rec.ClientSecret = cfg.ClientSecret
	}
	return rec
}

// identity is what the tokens list says about a token.
type identity struct {
	agentID int64
	expiry  *time.Time
}

func (w identity) describe() string {
	if w.agentID == 0 {
		return ""
	}
	return fmt.Sprintf(" as agent %d", w.agentID)
}

// identify finds the token in the account's token list to learn its agent
// and expiry; Zendesk's token replies say neither. Agents who are not
// administrators cannot list tokens, and then nothing is learnt.
func (a *app) identify(ctx context.Context, s config.Settings, accessToken string) identity {
	c, err := a.newAPIClient(s, oauth2.StaticTokenSource(&oauth2.Token{AccessToken: accessToken}))
	if err != nil {
		return identity{}
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	list, err := c.OAuthTokens.List(ctx)
	if err != nil {
		return identity{}
	}
	for _, t := range list {
		if t.AccessToken == accessToken {
			return identity{agentID: t.AgentID, expiry: t.ExpireDate}
		}
	}
	return identity{}
}

// expiryNote ends the login line with when the token stops working.
func expiryNote(expiry, now time.Time) string {
	switch d := expiry.Sub(now); {
	case expiry.IsZero():
		return "; the server did not say when it expires"
	case d > 0:
		return "; it expires " + format.Expiry(&expiry, now)
	case d > -10*time.Second:
		return "; it expires now: the server gave it no lifetime (expires_in 0 or less)"
	}
	return "; it " + format.Expiry(&expiry, now)
}

// loginHost names where the login happened: the account, or the token
// endpoint's host when chatkeys talks to another OAuth server.
func loginHost(s config.Settings) string {
	if s.Configured() {
		return s.Host()
	}
	if u, err := url.Parse(s.TokenURL); err == nil && u.Host != "" {
		return u.Host
	}
	return "the authorization server"
}
