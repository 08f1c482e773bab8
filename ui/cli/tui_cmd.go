package cli

import (
	"context"
	"errors"
	"os"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"chatkeys/api"
	"chatkeys/authflow/config"
	"chatkeys/authflow/store"
	"chatkeys/ui"
)

// runTUI opens the terminal UI for the current profile, or the first-run
// setup when there is no profile and no environment.
func (a *app) runTUI(ctx context.Context) error {
	a.startTUIWaits()
	s, err := a.settings()
	if err != nil {
		return err
	}
	backend := &loginBackend{a: a, settings: s}
	opts := ui.Options{Login: backend}
	if !s.Configured() {
		opts.Setup = &setupBackend{a: a, login: backend}
		opts.Session = &ui.Session{Profile: s.Profile, Host: "not set up"}
	} else if opts.Session, err = a.tuiSession(s); err != nil {
		return err
	}
	if s.Token == "" { // a login made in the TUI later can use it too
		opts.SaveSecret = a.saveLoginSecret()
	}
	a.storeNotices()
	if len(a.notices) > 0 {
		opts.Session.Notice = strings.TrimSpace(strings.Join(append(a.notices, opts.Session.Notice), " "))
	}
	return a.runProgram(ctx, opts)
}

// runProgram runs the UI on the process's terminal.
func (a *app) runProgram(ctx context.Context, opts ui.Options) error {
	var progOpts []tea.ProgramOption
	if f, ok := a.io.In.(*os.File); ok {
		progOpts = append(progOpts, tea.WithInput(f))
	}
	if f, ok := a.io.Out.(*os.File); ok {
		progOpts = append(progOpts, tea.WithOutput(f))
	}
	opts.RateWaits = a.rateWaits
	err := ui.Run(ctx, opts, progOpts...)
	if errors.Is(err, tea.ErrProgramKilled) || errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// startTUIWaits sends the API's rate-limit pauses to the TUI's status
// line from now on: stderr lies under the TUI's screen.
func (a *app) startTUIWaits() {
	a.rateWaits = make(chan api.RateWait, 8)
}

// tuiSession describes the profile's login for the UI.
func (a *app) tuiSession(s config.Settings) (*ui.Session, error) {
	sess := &ui.Session{Profile: s.Profile, Host: s.Host(), LoginClientID: s.ClientID}
	l, err := a.currentLogin(s)
	if errors.Is(err, errNotLoggedIn) {
		return sess, nil
	}
	if err != nil {
		return nil, err
	}
	if sess.Client, err = a.newAPIClient(s, l.source); err != nil {
		return nil, err
	}
	if l.stored == nil {
		sess.Login = loginInfo("", time.Time{}, "env", func(tok string) bool { return tok == s.Token })
		return sess, nil
	}
	a.liveLogin = l.stored
	rec := l.stored.Record()
	sess.LoginClientID = rec.ClientID
	source := store.KindKeyring
	if l.location.Kind == store.KindFile {
		source = "file"
	}
	sess.Login = storedLoginInfo(l.stored, source)
	return sess, nil
}

// saveLoginSecret stores a rotated secret of the login client with the
// stored login, so refresh keeps working.
func (a *app) saveLoginSecret() func(ctx context.Context, secret string) error {
	return func(_ context.Context, secret string) error {
		if a.liveLogin == nil {
			return errors.New("chatkeys is not logged in with a stored login: nothing to update")
		}
		return a.liveLogin.SetClientSecret(secret) // the session's own source, so refresh uses it at once
	}
}
