package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/itchyny/gojq"
	"golang.org/x/oauth2"

	"chatkeys/api"
	"chatkeys/api/safetext"
	"chatkeys/authflow"
	"chatkeys/authflow/config"
	"chatkeys/authflow/history"
	"chatkeys/authflow/store"
	"chatkeys/ui/hint"
)

// IO is where commands read and write. Tests pass buffers.
type IO struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
	// StdinIsTerminal decides whether a confirmation can be asked; without
	// a terminal, destructive commands need --yes.
	StdinIsTerminal bool
	// StdoutIsTerminal lays tables out aligned for a person; otherwise
	// they are tab-separated rows for a script.
	StdoutIsTerminal bool
	Getenv           func(string) string
	// Keyring replaces the OS keyring (tests); nil means the real one.
	Keyring store.Keyring
	// Opener opens URLs in a browser (tests); nil means $BROWSER or the
	// system's browser.
	Opener authflow.Opener

	// actsOn names the account and profile a destructive question acts
	// on (Factory.actsOn); nil leaves the question as it is.
	actsOn func() string
}

// globalFlags are the flags every command takes.
type globalFlags struct {
	profile    string
	configPath string
	debugLog   string
	apiURL     string
	subdomain  string
	demo       bool
	rate       string
	// demoTokens, with --demo, makes the simulated account a large one.
	demoTokens int
	// jq is --jq, on the commands that have --json.
	jq string
	// readonly is --readonly.
	readonly bool
	// allProfiles is --all-profiles, on the commands that read an account.
	allProfiles bool
}

// Factory builds what the commands of one run need, each once and on
// first use, in an order it works out itself: the settings (flags, then
// environment, then the profile), the logins over the credential store
// (authflow.Logins) and API clients. Commands take what they need from it
// into their options; nothing else in the command line builds these.
type Factory struct {
	IO  IO
	Now func() time.Time

	flags globalFlags
	// args are the run's arguments, which --all-profiles runs again for
	// each profile.
	args []string
	// out is IO.Out, held under --jq; jq is the compiled query.
	out *stdout
	jq  *gojq.Code
	// tuiRoot is set for the bare chatkeys command, whose setup form may
	// create the profile and the config file that do not exist yet, and
	// under whose screen nothing may be written to stderr.
	tuiRoot bool

	settings *config.Settings
	store    *store.Store
	logins   *authflow.Logins
	logger   *slog.Logger
	logClose func() error
	// rateWaits, once the TUI runs, receives the API's rate-limit pauses
	// instead of stderr, which the TUI's screen covers.
	rateWaits chan api.RateWait
	// notices are what the files had to say (a file made private), for
	// stderr or the TUI's first status line.
	notices []string

	// historyMu guards the history recorder, built once, and what it
	// had to say while the TUI covered stderr (historyHeld).
	historyMu    sync.Mutex
	historyBuilt bool
	history      *history.Recorder
	historyHold  bool
	historyHeld  []string
}

// NewFactory returns the factory for one run on stdio.
func NewFactory(stdio IO) *Factory {
	if stdio.Getenv == nil {
		stdio.Getenv = os.Getenv
	}
	out := &stdout{w: stdio.Out}
	stdio.Out = out
	f := &Factory{Now: time.Now, out: out}
	stdio.actsOn = f.actsOn
	f.IO = stdio
	return f
}

// ConfigPath is --config, or the default under $XDG_CONFIG_HOME.
func (f *Factory) ConfigPath() (string, error) {
	if f.flags.configPath != "" {
		return f.flags.configPath, nil
	}
	return config.DefaultPath(f.IO.Getenv)
}

// Settings resolves flags, then environment, then the profile file, once
// per run. A profile named by --profile or CHATKEYS_PROFILE, or a --config
// file, that does not exist is a usage error, except for the TUI, whose
// setup form creates them.
func (f *Factory) Settings() (config.Settings, error) {
	if f.settings != nil {
		return *f.settings, nil
	}
	s, err := f.ReloadSettings()
	if err == nil {
		f.settings = &s
	}
	return s, err
}

// ReloadSettings reads the settings again, after the setup form wrote the
// config file.
func (f *Factory) ReloadSettings() (config.Settings, error) {
	s, err := f.settingsOf(f.flags.profile)
	if err == nil {
		f.settings = &s
	}
	return s, err
}

// profileNames are config.toml's profiles, sorted.
func (f *Factory) profileNames() ([]string, error) {
	path, err := f.ConfigPath()
	if err != nil {
		return nil, err
	}
	file, err := config.Load(path)
	if err != nil {
		return nil, err
	}
	return file.Names(), nil
}

// settingsOf resolves the settings of profile ("" for the current one)
// with the run's flags and environment, without keeping them.
func (f *Factory) settingsOf(profile string) (config.Settings, error) {
	path, err := f.ConfigPath()
	if err != nil {
		return config.Settings{}, err
	}
	file, err := config.Load(path)
	if err != nil {
		return config.Settings{}, err
	}
	f.Notice(file.Notice)
	if f.flags.configPath != "" && !file.Exists && !f.tuiRoot {
		return config.Settings{}, usagef("--config %s: no such file (run chatkeys --config %s to create it with the setup form)",
			safetext.Sanitize(path, 200), safetext.Sanitize(path, 200))
	}
	s, err := config.Resolve(file, config.Overrides{
		Profile:    profile,
		ConfigPath: path,
		APIURL:     f.flags.apiURL,
		Subdomain:  f.flags.subdomain,
		Rate:       f.flags.rate,
		Readonly:   f.flags.readonly,
	}, f.IO.Getenv)
	if err != nil {
		return s, err
	}
	named := profile != "" || s.FromEnv["profile"]
	if named && !s.ProfileFound && !f.tuiRoot {
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
			names[i] = safetext.Sanitize(n, 40)
		}
		have = "it has " + strings.Join(names, ", ")
	}
	return &usageError{hint.With(fmt.Errorf("%s %s: no such profile in %s (%s)", from, safetext.Sanitize(s.Profile, 40), safetext.Sanitize(s.ConfigPath, 200), have),
		"run chatkeys --profile "+safetext.Sanitize(s.Profile, 40)+" to set it up with the setup form")}
}

// Logins is the login lifecycle over the credential store under the
// config directory. Only it (and the logins it hands out) writes the
// store.
func (f *Factory) Logins() (*authflow.Logins, error) {
	if f.logins != nil {
		return f.logins, nil
	}
	dir, err := config.DefaultDir(f.IO.Getenv)
	if err != nil {
		return nil, err
	}
	f.store = store.New(store.Options{Dir: dir, Keyring: f.IO.Keyring})
	opts := authflow.LoginsOptions{Store: f.store, NewClient: f.NewAPIClient}
	if rec := f.History(); rec != nil {
		opts.Record = rec.Record
	}
	f.logins = authflow.NewLogins(opts)
	return f.logins, nil
}

// Login resolves the profile's login: CHATKEYS_TOKEN, else the stored one.
func (f *Factory) Login(ctx context.Context) (*authflow.Login, error) {
	s, err := f.Settings()
	if err != nil {
		return nil, err
	}
	logins, err := f.Logins()
	if err != nil {
		return nil, err
	}
	return logins.Resolve(ctx, s)
}

// APIClient builds the API client for the profile's account, authenticated
// with its login, and returns the login with it (to recognise chatkeys'
// own token).
func (f *Factory) APIClient(ctx context.Context) (*api.Client, *authflow.Login, error) {
	s, err := f.Settings()
	if err != nil {
		return nil, nil, err
	}
	if err := s.RequireAPI(); err != nil {
		return nil, nil, err
	}
	l, err := f.Login(ctx)
	if err != nil {
		return nil, nil, err
	}
	c, err := f.NewAPIClient(s, l.Source)
	return c, l, err
}

// NewAPIClient builds a client for s's account that authenticates with ts,
// logging to --debug-log, announcing rate-limit pauses and recording the
// changes it makes in the history. The TUI builds its clients here too.
func (f *Factory) NewAPIClient(s config.Settings, ts oauth2.TokenSource) (*api.Client, error) {
	opts := []api.Option{api.WithRetryNotify(f.announceWait), api.WithRate(s.Rate.N, s.Rate.Per)}
	if rec := f.History(); rec != nil {
		opts = append(opts, api.WithRecorder(rec.For(func() history.Actor { return actorOf(s, ts) })))
	}
	l, err := f.debugLogger()
	if err != nil {
		return nil, err
	}
	if l != nil {
		opts = append(opts, api.WithLogger(l))
	}
	return api.NewClient(s.APIURL, ts, opts...)
}

// actorOf is who acts with ts on s's account: the agent is known for a
// stored login, not for CHATKEYS_TOKEN or a bare token.
func actorOf(s config.Settings, ts oauth2.TokenSource) history.Actor {
	who := history.Actor{Profile: s.Profile, Subdomain: s.Subdomain, Host: s.Host()}
	if src, ok := ts.(*authflow.LoginSource); ok {
		who.AgentID = src.Record().AgentID
	}
	return who
}

// History is the recorder of admin actions, built on first use: the
// file under $XDG_STATE_HOME (history.DefaultPath), or memory for the
// demo, whose account is simulated. It is nil, and nothing is recorded,
// when the environment names no state directory. Its reports go to
// stderr once (see history.Options.Notify), held while the TUI runs.
func (f *Factory) History() *history.Recorder {
	f.historyMu.Lock()
	defer f.historyMu.Unlock()
	if f.historyBuilt {
		return f.history
	}
	f.historyBuilt = true
	f.historyHold = f.tuiRoot
	opts := history.Options{Now: f.Now, Notify: f.historyNotice}
	if !f.flags.demo {
		path, err := history.DefaultPath(f.IO.Getenv)
		if err != nil {
			return nil
		}
		opts.Path = path
	}
	f.history = history.New(opts)
	return f.history
}

// historyNotice tells the user what the history recorder reported: on
// stderr, or after the TUI, whose screen covers stderr, has ended. It is
// called from whichever goroutine recorded.
func (f *Factory) historyNotice(text string) {
	f.historyMu.Lock()
	defer f.historyMu.Unlock()
	if f.historyHold {
		f.historyHeld = append(f.historyHeld, text)
		return
	}
	fmt.Fprintln(f.IO.Err, "chatkeys: "+safetext.Sanitize(text, 300))
}

// releaseHistoryNotices prints what the history recorder reported while
// the TUI ran, and from now on prints at once.
func (f *Factory) releaseHistoryNotices() {
	f.historyMu.Lock()
	defer f.historyMu.Unlock()
	f.historyHold = false
	for _, text := range f.historyHeld {
		fmt.Fprintln(f.IO.Err, "chatkeys: "+safetext.Sanitize(text, 300))
	}
	f.historyHeld = nil
}

// Opener opens a URL in the browser.
func (f *Factory) Opener() authflow.Opener {
	if f.IO.Opener != nil {
		return f.IO.Opener
	}
	return authflow.SystemOpener(f.IO.Getenv)
}

// Notice tells the user something a file or the store reported: on
// stderr, or in the TUI's first status line once it runs.
func (f *Factory) Notice(text string) {
	if text == "" || slices.Contains(f.notices, text) {
		return
	}
	f.notices = append(f.notices, text)
	if !f.tuiRoot {
		fmt.Fprintln(f.IO.Err, "chatkeys: "+safetext.Sanitize(text, 300))
	}
}

// storeNotices passes on what the credential store reported.
func (f *Factory) storeNotices() {
	if f.store != nil {
		for _, n := range f.store.Notices() {
			f.Notice(n)
		}
	}
}

// debugLogger opens --debug-log once. The log carries request lines only;
// api never logs headers or bodies, so no token can reach it.
func (f *Factory) debugLogger() (*slog.Logger, error) {
	if f.logger != nil || f.flags.debugLog == "" {
		return f.logger, nil
	}
	file, err := os.OpenFile(f.flags.debugLog, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open debug log: %w", err)
	}
	f.logger = slog.New(slog.NewTextHandler(file, &slog.HandlerOptions{Level: slog.LevelDebug}))
	f.logClose = file.Close
	return f.logger, nil
}

// close releases what the run opened.
func (f *Factory) close() {
	if f.logClose != nil {
		f.logClose()
	}
}

// startTUIWaits sends the API's rate-limit pauses to the TUI's status
// line from now on: stderr lies under the TUI's screen.
func (f *Factory) startTUIWaits() {
	f.rateWaits = make(chan api.RateWait, 8)
}

// announceWait tells the user the server asked to wait: in the TUI's
// status line when it runs, else on stderr.
func (f *Factory) announceWait(w api.RateWait) {
	if f.rateWaits != nil {
		// Never block a request on the TUI: when the channel is full, the
		// oldest wait makes room (the TUI keeps the longest it has seen).
		for range 2 {
			select {
			case f.rateWaits <- w:
				return
			default:
			}
			select {
			case <-f.rateWaits:
			default:
			}
		}
		return
	}
	if w.Paused {
		fmt.Fprintf(f.IO.Err, "chatkeys: rate limited: the server asks to wait %s; paused until %s (Ctrl-C stops)\n",
			w.Wait.Round(time.Second), w.Until.Local().Format("15:04:05"))
		return
	}
	fmt.Fprintf(f.IO.Err, "chatkeys: rate limited, retrying in %s\n", w.Wait.Round(time.Second))
}
