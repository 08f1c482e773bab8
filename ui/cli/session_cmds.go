package cli

import (
	"context"
	"errors"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"chatkeys/authflow"
	"chatkeys/authflow/config"
	"chatkeys/authflow/store"
	"chatkeys/ui/format"
)

// sessionDeps are what the commands about chatkeys' own login take from
// the Factory.
type sessionDeps struct {
	IO       IO
	Now      func() time.Time
	Settings func() (config.Settings, error)
	Logins   func() (*authflow.Logins, error)
}

func sessionDepsOf(f *Factory) sessionDeps {
	return sessionDeps{IO: f.IO, Now: f.Now, Settings: f.Settings, Logins: f.Logins}
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

func newCmdStatus(f *Factory, runF func(context.Context, *sessionDeps) error) *cobra.Command {
	opts := sessionDepsOf(f)
	return command(spec{"status", "Show the profile, account, login, scopes, expiry and where the token is stored", "", noArgs},
		&opts, nil, statusRun, runF)
}

func statusRun(ctx context.Context, opts *sessionDeps) error {
	s, err := opts.Settings()
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(opts.IO.Out, 0, 4, 2, ' ', 0)
	defer tw.Flush()
	row := func(k, v string) { writeField(tw, k, v) }
	row("Profile", s.Profile)
	row("Config", s.ConfigPath)
	if s.Configured() {
		row("Account", s.Host())
		row("API", s.APIURL)
	} else {
		row("Account", "no API configured (run chatkeys, or set CHATKEYS_SUBDOMAIN)")
	}
	if s.TokenURL != "" {
		row("Token URL", s.TokenURL)
	}
	row("Client", s.ClientID)
	row("Grant", string(s.Grant))
	_, l, err := opts.resolve(ctx)
	switch {
	case err != nil:
		return err
	case l == nil:
		row("Login", "not logged in (chatkeys login)")
		return nil
	case l.FromEnv():
		row("Login", "CHATKEYS_TOKEN from the environment (overrides the store)")
		return nil
	}
	rec := l.Record()
	row("Login", fmt.Sprintf("%s grant%s", rec.Grant, agentNote(rec.AgentID)))
	row("Scopes", format.Scopes(rec.Scopes))
	if rec.Expiry.IsZero() {
		row("Expires", "unknown")
	} else {
		row("Expires", format.Expiry(&rec.Expiry, opts.Now())+" ("+format.Absolute(&rec.Expiry)+")")
	}
	row("Refresh", format.YesNo(rec.RefreshToken != ""))
	row("Stored in", l.Location.String())
	return nil
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
