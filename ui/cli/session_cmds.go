package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"chatkeys/authflow"
	"chatkeys/authflow/config"
	"chatkeys/authflow/store"
	"chatkeys/ui/format"
	"chatkeys/ui/hint"
)

// sessionDeps are what the commands about chatkeys' own login take from
// the Factory.
type sessionDeps struct {
	IO       IO
	Now      func() time.Time
	Settings func() (config.Settings, error)
	Logins   func() (*authflow.Logins, error)
	// NamedProfile is the --profile the command ran with, "" for none.
	NamedProfile func() string
}

func sessionDepsOf(f *Factory) sessionDeps {
	return sessionDeps{IO: f.IO, Now: f.Now, Settings: f.Settings, Logins: f.Logins,
		NamedProfile: func() string { return f.flags.profile }}
}

// loginCommand is the command that logs in to the profile the command
// ran on.
func (d sessionDeps) loginCommand() string {
	if d.NamedProfile == nil {
		return hint.LoginCommand("")
	}
	return hint.LoginCommand(d.NamedProfile())
}

// settingsAndLogins is the profile's settings and the logins over the
// credential store.
func (d sessionDeps) settingsAndLogins() (config.Settings, *authflow.Logins, error) {
	s, err := d.Settings()
	if err != nil {
		return s, nil, err
	}
	logins, err := d.Logins()
	return s, logins, err
}

// resolve is the profile's settings and current login; the login is nil,
// with no error, when there is none.
func (d sessionDeps) resolve(ctx context.Context) (config.Settings, *authflow.Login, error) {
	s, logins, err := d.settingsAndLogins()
	if err != nil {
		return s, nil, err
	}
	l, err := logins.Resolve(ctx, s)
	if errors.Is(err, authflow.ErrNotLoggedIn) {
		return s, nil, nil
	}
	return s, l, err
}

// logoutOptions are chatkeys logout's.
type logoutOptions struct {
	sessionDeps
	Revoke bool
}

func newCmdLogout(f *Factory, runF func(context.Context, *logoutOptions) error) *cobra.Command {
	opts := &logoutOptions{sessionDeps: sessionDepsOf(f)}
	cmd := command(spec{"logout [--revoke]", "Forget the stored login; with --revoke, revoke the token on the server first", "", noArgs},
		opts, nil, logoutRun, runF)
	cmd.Flags().BoolVar(&opts.Revoke, "revoke", false, "also revoke the token on the server")
	return cmd
}

func logoutRun(ctx context.Context, opts *logoutOptions) error {
	s, logins, err := opts.settingsAndLogins()
	if err != nil {
		return err
	}
	err = logins.Forget(ctx, s, opts.Revoke)
	if errors.Is(err, authflow.ErrNoStoredLogin) {
		fmt.Fprintf(opts.IO.Err, "chatkeys: profile %s has no stored login\n", oneLine(s.Profile))
		return nil
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "Logged out of profile %s.\n", oneLine(s.Profile))
	if s.FromEnv["token"] {
		fmt.Fprintln(opts.IO.Err, "chatkeys: CHATKEYS_TOKEN is still set in the environment")
	}
	return nil
}

// statusOptions are chatkeys status's.
type statusOptions struct {
	sessionDeps
	JSON bool
}

func newCmdStatus(f *Factory, runF func(context.Context, *statusOptions) error) *cobra.Command {
	opts := &statusOptions{sessionDeps: sessionDepsOf(f)}
	cmd := command(spec{"status", "Show the profile, account, login, scopes, expiry and where the token is stored",
		"Show the profile, account, login, scopes, expiry and where the token is stored.\n" +
			"Exits 1 when not logged in, or when the login has expired and cannot be refreshed.", noArgs},
		opts, nil, statusRun, runF)
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	return cmd
}

// errNoUsableLogin ends chatkeys status with exit code 1 after it printed
// why: there is no login, or it has expired and cannot refresh.
var errNoUsableLogin = errors.New("no usable login")

// statusReport is what chatkeys status says, in --json's shape.
type statusReport struct {
	Profile  string `json:"profile"`
	Config   string `json:"config"`
	Account  string `json:"account,omitempty"` // the account's host; "" when not configured
	APIURL   string `json:"api_url,omitempty"`
	TokenURL string `json:"token_url,omitempty"`
	ClientID string `json:"client_id,omitempty"`
	Grant    string `json:"grant,omitempty"`
	LoggedIn bool   `json:"logged_in"`
	// EnvOverrides is true when CHATKEYS_TOKEN is set: it is the login,
	// whatever the store holds.
	EnvOverrides bool         `json:"env_overrides"`
	Login        *statusLogin `json:"login"` // the stored login; null when there is none
}

// statusLogin is the stored login, never its tokens or secret.
type statusLogin struct {
	Grant            string     `json:"grant,omitempty"`
	AgentID          int64      `json:"agent_id,omitempty"`
	Scopes           []string   `json:"scopes"`
	ExpiresAt        *time.Time `json:"expires_at"` // null when unknown
	ExpiresInSeconds *int64     `json:"expires_in_seconds"`
	Expired          bool       `json:"expired"`
	Refresh          bool       `json:"refresh"`
	StoredIn         string     `json:"stored_in"` // "keyring" or "file"
	Path             string     `json:"path,omitempty"`
}

// usable reports whether the login can still be used: it has not
// expired, or it can refresh.
func (l *statusLogin) usable() bool { return !l.Expired || l.Refresh }

func statusRun(ctx context.Context, opts *statusOptions) error {
	s, logins, err := opts.settingsAndLogins()
	if err != nil {
		return err
	}
	r := statusReport{Profile: s.Profile, Config: s.ConfigPath, TokenURL: s.TokenURL, ClientID: s.ClientID,
		Grant: string(s.Grant), EnvOverrides: s.Token != ""}
	if s.Configured() {
		r.Account, r.APIURL = s.Host(), s.APIURL
	}
	stored := s
	stored.Token = "" // the store's login, even when CHATKEYS_TOKEN overrides it
	l, err := logins.Resolve(ctx, stored)
	switch {
	case errors.Is(err, authflow.ErrNotLoggedIn):
	case err != nil:
		return err
	default:
		r.Login = statusLoginOf(l, opts.Now())
	}
	r.LoggedIn = r.EnvOverrides || (r.Login != nil && r.Login.usable())
	if opts.JSON {
		err = writeJSON(opts.IO.Out, r)
	} else {
		err = writeStatus(opts.IO.Out, r, opts.Now(), opts.loginCommand())
	}
	switch {
	case err != nil || r.LoggedIn:
		return err
	case r.Login == nil:
		return authflow.ErrNotLoggedIn // exit 1, as after what was printed
	}
	return authflow.ErrLoginExpired
}

func statusLoginOf(l *authflow.Login, now time.Time) *statusLogin {
	rec := l.Record()
	out := &statusLogin{Grant: string(rec.Grant), AgentID: rec.AgentID, Scopes: strings.Fields(rec.Scopes),
		Refresh: rec.RefreshToken != "", StoredIn: l.Location.Kind}
	if out.Scopes == nil {
		out.Scopes = []string{}
	}
	if l.Location.Kind == store.KindFile {
		out.Path = l.Location.Path
	}
	if !rec.Expiry.IsZero() {
		at := rec.Expiry.UTC()
		left := int64(rec.Expiry.Sub(now) / time.Second)
		out.ExpiresAt, out.ExpiresInSeconds = &at, &left
		out.Expired = !now.Before(rec.Expiry)
	}
	return out
}

// writeStatus prints r as a table of fields; login is the command that
// logs in to its profile.
func writeStatus(w io.Writer, r statusReport, now time.Time, login string) error {
	tw := newFields(w)
	row := tw.field
	row("Profile", r.Profile)
	row("Config", r.Config)
	if r.Account != "" {
		row("Account", r.Account)
		row("API", r.APIURL)
	} else {
		row("Account", "no API configured (run chatkeys, or set CHATKEYS_SUBDOMAIN)")
	}
	if r.TokenURL != "" {
		row("Token URL", r.TokenURL)
	}
	row("Client", r.ClientID)
	row("Grant", r.Grant)
	l := r.Login
	switch {
	case r.EnvOverrides && l != nil:
		row("Login", "CHATKEYS_TOKEN from the environment (overrides the stored login below)")
	case r.EnvOverrides:
		row("Login", "CHATKEYS_TOKEN from the environment (overrides the store)")
	case l == nil:
		row("Login", "not logged in ("+login+")")
	}
	if l != nil {
		what := "Login"
		if r.EnvOverrides {
			what = "Stored login"
		}
		row(what, fmt.Sprintf("%s grant%s", l.Grant, agentNote(l.AgentID)))
		row("Scopes", format.Scopes(strings.Join(l.Scopes, " ")))
		switch {
		case l.ExpiresAt == nil:
			row("Expires", "unknown")
		case !l.usable():
			row("Expires", format.Expiry(l.ExpiresAt, now)+" ("+format.Absolute(l.ExpiresAt)+"); no refresh token: "+login)
		default:
			row("Expires", format.Expiry(l.ExpiresAt, now)+" ("+format.Absolute(l.ExpiresAt)+")")
		}
		row("Refresh", format.YesNo(l.Refresh))
		row("Stored in", storedIn(l))
	}
	return tw.flush()
}

// storedIn says where the stored login is, as store.Location does.
func storedIn(l *statusLogin) string {
	return store.Location{Kind: l.StoredIn, Path: l.Path}.String()
}

func newCmdToken(f *Factory, runF func(context.Context, *sessionDeps) error) *cobra.Command {
	opts := sessionDepsOf(f)
	return command(spec{"token", "Print the current access token alone, for curl",
		"Print the current access token, refreshing it first if it is about to expire.\nExample: curl -H \"Authorization: Bearer $(chatkeys token)\" ...",
		noArgs}, &opts, nil, tokenRun, runF)
}

func tokenRun(ctx context.Context, opts *sessionDeps) error {
	_, l, err := opts.resolve(ctx)
	if err != nil {
		return err
	}
	if l == nil {
		return authflow.ErrNotLoggedIn
	}
	tok, err := l.Source.Token()
	if err != nil {
		return err
	}
	if err := printWhole(opts.IO.Out, "the access token", tok.AccessToken); err != nil {
		return err
	}
	if l.Stored != nil && l.Stored.SaveErr() != nil {
		fmt.Fprintf(opts.IO.Err, "chatkeys: the refreshed login could not be saved (%s): the next run will have to log in again\n",
			oneLine(l.Stored.SaveErr().Error()))
	}
	return nil
}

// storeKind names where a stored login lives, for the TUI's header.
func storeKind(loc store.Location) string {
	if loc.Kind == store.KindFile {
		return "file"
	}
	return store.KindKeyring
}
