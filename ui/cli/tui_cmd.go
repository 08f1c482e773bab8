package cli

import (
	"context"
	"errors"
	"os"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"chatkeys/authflow"
	"chatkeys/ui"
)

// runTUI opens the terminal UI for the current profile, or the first-run
// setup when there is no profile and no environment.
func runTUI(ctx context.Context, f *Factory) error {
	f.startTUIWaits()
	s, logins, err := sessionDepsOf(f).settingsAndLogins()
	if err != nil {
		return err
	}
	backend := newLoginBackend(f, logins, s)
	opts := ui.Options{Login: backend, NoMouse: s.NoMouse, Profiles: backend}
	if !s.Configured() {
		opts.Setup = &setupBackend{f: f, login: backend}
		opts.Session = uiSession(s)
		opts.Session.Host = "not set up"
	} else if opts.Session, err = backend.session(ctx); err != nil {
		return err
	}
	if s.Token == "" { // a login made in the TUI later can use it too
		opts.SaveSecret = backend.saveSecret
	}
	f.storeNotices()
	if len(f.notices) > 0 {
		opts.Session.Notice = strings.TrimSpace(strings.Join(append(f.notices, opts.Session.Notice), " "))
	}
	return runProgram(ctx, f, opts)
}

// runProgram runs the UI on the process's terminal.
func runProgram(ctx context.Context, f *Factory, opts ui.Options) error {
	var progOpts []tea.ProgramOption
	if in, ok := f.IO.In.(*os.File); ok {
		progOpts = append(progOpts, tea.WithInput(in))
	}
	if out, ok := f.out.w.(*os.File); ok {
		progOpts = append(progOpts, tea.WithOutput(out))
	}
	opts.RateWaits = f.rateWaits
	if rec := f.History(); rec != nil {
		opts.History, opts.HistoryPath = rec.Read, rec.Path()
	}
	err := ui.Run(ctx, opts, progOpts...)
	if errors.Is(err, tea.ErrProgramKilled) || errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// loginInfo describes a login for the header.
func loginInfo(scopes string, expiry time.Time, source string, isOwn func(string) bool) *ui.LoginInfo {
	return &ui.LoginInfo{Scopes: scopes, Expiry: expiry, Source: source, IsOwn: isOwn}
}

// storedLoginInfo describes a stored login, following its refreshes.
func storedLoginInfo(src *authflow.LoginSource, source string) *ui.LoginInfo {
	rec := src.Record()
	info := loginInfo(rec.Scopes, rec.Expiry, source, src.IsOwn)
	info.Live = func() (string, time.Time) {
		r := src.Record()
		return r.Scopes, r.Expiry
	}
	return info
}
