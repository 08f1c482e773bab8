package cli

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"
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
	// notices are what the files had to say (a file made private), for
	// stderr or the TUI's first status line.
	notices []string
	// tuiRoot is set for the bare chatkeys command, whose setup form may
	// create the profile and the config file that do not exist yet.
	tuiRoot bool
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

// settings resolves flags, then environment, then the profile file. A
// profile named by --profile or CHATKEYS_PROFILE, or a --config file, that
// does not exist is a usage error, except for the TUI, whose setup form
// creates them.
func (a *app) settings() (config.Settings, error) {
	path, err := a.configPath()
	if err != nil {
		return config.Settings{}, err
	}
	file, err := config.Load(path)
	if err != nil {
		return config.Settings{}, err
	}
	a.notice(file.Notice)
	if a.flags.configPath != "" && !file.Exists && !a.tuiRoot {
		return config.Settings{}, usagef("--config %s: no such file (run chatkeys --config %s to create it with the setup form)",
			api.Sanitize(path, 200), api.Sanitize(path, 200))
	}
	s, err := config.Resolve(file, config.Overrides{
		Profile:    a.flags.profile,
		ConfigPath: path,
		APIURL:     a.flags.apiURL,
		Subdomain:  a.flags.subdomain,
	}, a.io.Getenv)
	if err != nil {
		return s, err
	}
	named := a.flags.profile != "" || s.FromEnv["profile"]
	if named && !s.ProfileFound && !a.tuiRoot {
		return s, noSuchProfile(s, file)
	}
	return s, nil
}

// noSuchProfile is the usage error for a profile config.toml lacks.
func noSuchProfile(s config.Settings, file *config.File) error {
	from := "--profile"
	if s.FromEnv["profile"] {
		from = "CHATKEYS_PROFILE"
	}
	have := "it has none"
	if names := file.Names(); len(names) > 0 {
		for i, n := range names {
			names[i] = api.Sanitize(n, 40)
		}
		have = "it has " + strings.Join(names, ", ")
	}
	return &usageError{api.WithHint(fmt.Errorf("%s %s: no such profile in %s (%s)", from, api.Sanitize(s.Profile, 40), api.Sanitize(s.ConfigPath, 200), have),
		"run chatkeys --profile "+api.Sanitize(s.Profile, 40)+" to set it up with the setup form")}
}

// notice tells the user something a file or the store reported: on
// stderr, or in the TUI's first status line once it runs.
func (a *app) notice(text string) {
	if text == "" || slices.Contains(a.notices, text) {
		return
	}
	a.notices = append(a.notices, text)
	if !a.tuiRoot {
		fmt.Fprintln(a.io.Err, "chatkeys: "+api.Sanitize(text, 300))
	}
}

// storeNotices passes on what the credential store reported.
func (a *app) storeNotices() {
	if a.store != nil {
		for _, n := range a.store.Notices() {
			a.notice(n)
		}
	}
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
		// Never block a request on the TUI: when the channel is full, the
		// oldest wait makes room (the TUI keeps the longest it has seen).
		for range 2 {
			select {
			case a.rateWaits <- w:
				return
			default:
			}
			select {
			case <-a.rateWaits:
			default:
			}
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
