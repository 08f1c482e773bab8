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

	"chatkeys/api/safetext"
	"chatkeys/authflow"
	"chatkeys/authflow/config"
	"chatkeys/ui/format"
	"chatkeys/ui/hint"
)

// loginOptions are chatkeys login's: the session's dependencies and a
// browser opener.
type loginOptions struct {
	sessionDeps
	Opener func() authflow.Opener

	Grant, Scopes, Username  string
	NoBrowser, PasswordStdin bool
}

func newCmdLogin(f *Factory, runF func(context.Context, *loginOptions) error) *cobra.Command {
	opts := &loginOptions{sessionDeps: sessionDepsOf(f), Opener: f.Opener}
	cmd := command(spec{"login [--grant code|implicit|password|client-credentials] [--scopes \"read write\"] [--no-browser]",
		"Log in: run an OAuth flow and keep the token as chatkeys' login",
		"Run an OAuth flow against the profile's account and store the token (keyring first, else\n" +
			"credentials.json). Browser grants print the authorize URL, open the browser unless --no-browser,\n" +
			"and wait on the loopback redirect URI; a redirect URL pasted on stdin is accepted too.\n" +
			"The password grant reads the password from stdin (--password-stdin).",
		noArgs}, opts, nil, loginRun, runF)
	cmd.Flags().StringVar(&opts.Grant, "grant", "", "code, implicit, password or client-credentials (default: the profile's)")
	cmd.Flags().StringVar(&opts.Scopes, "scopes", "", `scopes to ask for, e.g. "read write" (default: the profile's)`)
	cmd.Flags().BoolVar(&opts.NoBrowser, "no-browser", false, "print the URL instead of opening a browser (SSH, WSL)")
	cmd.Flags().StringVar(&opts.Username, "username", "", "agent email, for the password grant")
	cmd.Flags().BoolVar(&opts.PasswordStdin, "password-stdin", false, "read the password from stdin, for the password grant")
	return cmd
}

// loginRun mints a token for the profile and keeps it as its login.
func loginRun(ctx context.Context, opts *loginOptions) error {
	s, err := opts.Settings()
	if err != nil {
		return err
	}
	grant := s.Grant
	if opts.Grant != "" {
		if grant, err = config.NormalizeGrant(opts.Grant); err != nil {
			return &usageError{err}
		}
	}
	if opts.Scopes != "" {
		s.Scopes = strings.Join(strings.Fields(strings.ReplaceAll(opts.Scopes, ",", " ")), " ")
	}
	if s.AuthorizeURL == "" || s.TokenURL == "" {
		return hint.With(fmt.Errorf("profile %q has no account to log in to", s.Profile),
			"run chatkeys to set it up, or set CHATKEYS_SUBDOMAIN (or CHATKEYS_AUTHORIZE_URL and CHATKEYS_TOKEN_URL)")
	}
	logins, err := opts.Logins()
	if err != nil {
		return err
	}
	cfg := authflow.FromSettings(s)
	if cfg.ClientSecret == "" {
		cfg.ClientSecret = logins.StoredSecret(ctx, s)
	}
	if grant.NeedsSecret() && cfg.ClientSecret == "" {
		return hint.With(errors.New("this grant needs the client secret"),
			"set CHATKEYS_CLIENT_SECRET, or run chatkeys to set up the profile")
	}
	tok, err := mint(ctx, opts, cfg, grant)
	if err != nil {
		return err
	}
	kept, err := logins.Keep(ctx, s, cfg, grant, tok)
	if err != nil {
		return err
	}
	rec := kept.Record
	fmt.Fprintf(opts.IO.Out, "Logged in to %s%s with scopes %q (%s grant)%s.\n", oneLine(loginHost(s)), agentNote(rec.AgentID),
		oneLine(rec.Scopes), grant, expiryNote(rec.Expiry, opts.Now()))
	fmt.Fprintf(opts.IO.Out, "Token stored in %s.\n", oneLine(kept.Location.String()))
	if kept.Location.Notice != "" {
		fmt.Fprintln(opts.IO.Err, "chatkeys: "+safetext.Sanitize(kept.Location.Notice, 400))
	}
	if kept.EnvOverrides {
		fmt.Fprintln(opts.IO.Err, "chatkeys: CHATKEYS_TOKEN is set and overrides this login until you unset it")
	}
	return nil
}

// mint runs the grant's flow.
func mint(ctx context.Context, opts *loginOptions, cfg authflow.Config, grant config.Grant) (*oauth2.Token, error) {
	switch grant {
	case config.GrantPassword:
		if opts.Username == "" || !opts.PasswordStdin {
			return nil, usagef("the password grant needs --username and --password-stdin")
		}
		password, err := bufio.NewReader(opts.IO.In).ReadString('\n')
		password = strings.TrimRight(password, "\r\n")
		if password == "" && err != nil {
			return nil, usagef("--password-stdin: no password on stdin")
		}
		return cfg.Password(ctx, opts.Username, password)
	case config.GrantClientCredentials:
		return cfg.ClientCredentials(ctx)
	}
	flow, err := authflow.StartBrowser(cfg, grant, authflow.BrowserOptions{Opener: opts.Opener()})
	if err != nil {
		return nil, err
	}
	defer flow.Cancel()
	stderr := opts.IO.Err
	fmt.Fprintf(stderr, "Open this page to authorize chatkeys:\n\n  %s\n\n", safetext.Sanitize(flow.AuthorizeURL(), 8000))
	fmt.Fprintf(stderr, "Waiting for the redirect on %s (listening on %s).\n", oneLine(flow.RedirectURI()), strings.Join(flow.Addrs(), ", "))
	fmt.Fprintln(stderr, "If the browser cannot reach this machine, paste the address it lands on here and press enter.")
	if !opts.NoBrowser {
		if err := flow.OpenBrowser(); err != nil {
			fmt.Fprintf(stderr, "Could not open a browser (%s): open the page yourself.\n", safetext.Sanitize(err.Error(), 100))
		}
	}
	go readPastes(ctx, opts.IO, flow)
	return flow.Wait(ctx)
}

// readPastes hands each line typed or pasted on stdin to the flow. The end
// of stdin stops only this reader: the listener keeps waiting.
func readPastes(ctx context.Context, stdio IO, flow *authflow.BrowserFlow) {
	sc := bufio.NewScanner(stdio.In)
	sc.Buffer(make([]byte, 0, 16<<10), 64<<10)
	for sc.Scan() && ctx.Err() == nil {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if err := flow.Paste(line); err != nil {
			fmt.Fprintf(stdio.Err, "That address was refused (%s); still waiting.\n", safetext.Sanitize(err.Error(), 120))
		}
	}
}

// agentNote names the agent a login is, when known.
func agentNote(agentID int64) string {
	if agentID == 0 {
		return ""
	}
	return fmt.Sprintf(" as agent %d", agentID)
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
