// Package cli is chatkeys' command line: the scripting commands, the
// simulator command, and the entry to the TUI. main.go only wires it up.
// Every command writes through an IO so tests run it in-process.
package cli

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"chatkeys/api"
	"chatkeys/authflow"
	"chatkeys/authflow/config"
	"chatkeys/authflow/store"
)

// IO is where commands read and write. Tests pass buffers.
type IO struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
	// StdinIsTerminal decides whether a confirmation can be asked; without
	// a terminal, destructive commands need --yes.
	StdinIsTerminal bool
	Getenv          func(string) string
	// Keyring replaces the OS keyring (tests); nil means the real one.
	Keyring store.Keyring
	// Opener opens URLs in a browser (tests); nil means $BROWSER or the
	// system's browser.
	Opener authflow.Opener
}

// globalFlags are the flags every command takes.
type globalFlags struct {
	profile    string
	configPath string
	debugLog   string
	apiURL     string
	subdomain  string
	demo       bool
}

// app is the state one run of chatkeys shares between its commands.
type app struct {
	io    IO
	flags globalFlags
	now   func() time.Time

	logger   *slog.Logger
	logClose func() error
	store    *store.Store
	// login is the login the API client uses, once built.
	login *login
	// liveLogin is the stored login behind the TUI's session, whose
	// secret a rotation must update in place.
	liveLogin *authflow.LoginSource
	// rateWaits, once the TUI runs, receives the API's rate-limit pauses
	// instead of stderr, which the TUI's screen covers.
	rateWaits chan api.RateWait
}

func newApp(stdio IO) *app {
	if stdio.Getenv == nil {
		stdio.Getenv = os.Getenv
	}
	return &app{io: stdio, now: time.Now}
}

// configPath is --config, or the default under $XDG_CONFIG_HOME.
func (a *app) configPath() (string, error) {
	if a.flags.configPath != "" {
		return a.flags.configPath, nil
	}
	return config.DefaultPath(a.io.Getenv)
}

// settings resolves flags, then environment, then the profile file.
func (a *app) settings() (config.Settings, error) {
	path, err := a.configPath()
	if err != nil {
		return config.Settings{}, err
	}
	file, err := config.Load(path)
	if err != nil {
		return config.Settings{}, err
	}
	return config.Resolve(file, config.Overrides{
		Profile:    a.flags.profile,
		ConfigPath: path,
		APIURL:     a.flags.apiURL,
		Subdomain:  a.flags.subdomain,
	}, a.io.Getenv)
}

// debugLogger opens --debug-log once. The log carries request lines only;
// api never logs headers or bodies, so no token can reach it.
func (a *app) debugLogger() (*slog.Logger, error) {
	if a.logger != nil || a.flags.debugLog == "" {
		return a.logger, nil
	}
	f, err := os.OpenFile(a.flags.debugLog, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open debug log: %w", err)
	}
	a.logger = slog.New(slog.NewTextHandler(f, &slog.HandlerOptions{Level: slog.LevelDebug}))
	a.logClose = f.Close
	return a.logger, nil
}

// close releases what the run opened.
func (a *app) close() {
	if a.logClose != nil {
		a.logClose()
	}
}

// announceWait tells the user the server asked to wait: in the TUI's
// status line when it runs, else on stderr.
func (a *app) announceWait(w api.RateWait) {
	if a.rateWaits != nil {
		select { // a full channel means the TUI already shows a countdown
		case a.rateWaits <- w:
		default:
		}
		return
	}
	if w.Paused {
		fmt.Fprintf(a.io.Err, "chatkeys: rate limited: the server asks to wait %s; paused until %s (Ctrl-C stops)\n",
			w.Wait.Round(time.Second), w.Until.Local().Format("15:04:05"))
		return
	}
	fmt.Fprintf(a.io.Err, "chatkeys: rate limited, retrying in %s\n", w.Wait.Round(time.Second))
}

// apiOptions are the client options every command uses.
func (a *app) apiOptions() ([]api.Option, error) {
	opts := []api.Option{api.WithRetryNotify(a.announceWait)}
	l, err := a.debugLogger()
	if err != nil {
		return nil, err
	}
	if l != nil {
		opts = append(opts, api.WithLogger(l))
	}
	return opts, nil
}
