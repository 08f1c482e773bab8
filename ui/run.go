package ui

import (
	"context"
	"fmt"
	"os"
	"runtime/debug"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"chatkeys/api"
)

// Options configure the App.
type Options struct {
	Session *Session
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// CopyNative writes to the system clipboard; nil means the real one.
	CopyNative func(text string) error
	// SaveSecret stores a new secret of the login client into the profile;
	// nil when there is no profile to save into.
	SaveSecret func(ctx context.Context, secret string) error
	// Login runs OAuth flows for the Login tab; nil hides what needs it.
	Login LoginBackend
	// Setup, when set, opens the first-run form instead of the tables.
	Setup SetupBackend
	// History reads the history of admin actions for its view; nil when
	// there is none. HistoryPath is its file, "" when it is kept in
	// memory.
	History     HistoryReader
	HistoryPath string
	// RateWaits receives the API client's rate-limit pauses
	// (api.WithRetryNotify), for the status line's countdown.
	RateWaits <-chan api.RateWait
	// NoMouse turns the mouse off (mouse = false): clicks and the wheel
	// then reach the terminal, for selecting text.
	NoMouse bool
	// Profiles lists and opens the other profiles (P); nil for none.
	Profiles ProfileSwitcher
}

// New builds the root model.
func New(ctx context.Context, opts Options) *App {
	c := &common{
		styles:     NewStyles(true),
		keys:       DefaultKeyMap(),
		now:        opts.Now,
		sess:       opts.Session,
		ctx:        ctx,
		copyNative: opts.CopyNative,
		rate:       &rateState{},
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.copyNative == nil {
		c.copyNative = nativeClipboard
	}
	if c.sess == nil {
		c.sess = &Session{Profile: "default"}
	}
	if c.sess.Readonly {
		c.keys.readOnly()
	}
	c.auto.follow(c.sess)
	if save := opts.SaveSecret; save != nil {
		c.saveSecret = func(to ownerID, secret string) tea.Cmd {
			return func() tea.Msg { return secretSavedMsg{reply: reply{to}, err: save(ctx, secret)} }
		}
	}
	a := &App{c: c, help: help.New(), mouseOff: opts.NoMouse, rateWaits: opts.RateWaits, history: opts.History, historyPath: opts.HistoryPath,
		profiles: opts.Profiles}
	a.help.Styles = c.styles.Help
	a.stacks[tabClients] = []Screen{newClientsScreen(c)}
	a.stacks[tabTokens] = []Screen{newTokensScreen(c)}
	a.stacks[tabLogin] = []Screen{newLoginScreen(c, opts.Login)}
	a.stacks[tabAudit] = []Screen{newAuditScreen(c)}
	if opts.Setup != nil {
		a.stacks[tabLogin] = append(a.stacks[tabLogin], newSetupScreen(c, opts.Setup))
		a.tab = tabLogin
	} else if c.sess.Client == nil {
		a.tab = tabLogin
	}
	a.layout()
	return a
}

// tuiMemoryLimit is the heap the TUI asks the Go collector to stay
// under (a soft limit: a bigger account still loads).
const tuiMemoryLimit = 480 << 20

// Run runs the App until the user quits or ctx ends.
func Run(ctx context.Context, opts Options, progOpts ...tea.ProgramOption) error {
	if os.Getenv("GOMEMLIMIT") == "" {
		// A million tokens take about 370 MB once the Audit tab has
		// audited them; the garbage of decoding them would double that
		// before the collector ran on its own.
		debug.SetMemoryLimit(tuiMemoryLimit)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	app := New(ctx, opts)
	app.onQuit = cancel
	p := tea.NewProgram(app, append([]tea.ProgramOption{tea.WithContext(ctx)}, progOpts...)...)
	_, err := p.Run()
	return err
}

// DemoNotice is --demo's first status line: how to try the leaked-token
// lookup on the simulated account, in the keys of DefaultKeyMap.
func DemoNotice() string {
	k := DefaultKeyMap()
	return fmt.Sprintf("Demo account: copy a token with %s on Tokens, then press %s to find its owner.",
		k.Tokens.Copy.Help().Key, k.Global.Lookup.Help().Key)
}
