package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/oauth2"

	"chatkeys/api/safetext"
	"chatkeys/authflow"
	"chatkeys/authflow/audit"
	"chatkeys/authflow/config"
	"chatkeys/ui"
)

// loginBackend runs the TUI's Login tab on authflow, keeps the result as
// the profile's login through authflow.Logins, and describes logins as
// the TUI's session. The TUI calls it only inside commands.
type loginBackend struct {
	f      *Factory
	logins *authflow.Logins
	// demo, when set, is the simulated account the demo runs on.
	demo *demoAccount

	// settings are the profile's and login is the session's (nil when
	// logged out); the TUI's commands read and replace each whole.
	settings atomic.Pointer[config.Settings]
	login    atomic.Pointer[authflow.Login]
	// prepare, when set, adjusts a browser flow's config before it starts
	// and learns its redirect once bound (the demo registers the port).
	prepare func(cfg *authflow.Config, req ui.LoginRequest) (after func(redirect string))
}

var _ ui.LoginBackend = (*loginBackend)(nil)

// newLoginBackend returns the Login tab's backend for the profile's
// settings s, logged out until a session is described.
func newLoginBackend(f *Factory, logins *authflow.Logins, s config.Settings) *loginBackend {
	b := &loginBackend{f: f, logins: logins}
	b.settings.Store(&s)
	return b
}

func (b *loginBackend) current() config.Settings      { return *b.settings.Load() }
func (b *loginBackend) setSettings(s config.Settings) { b.settings.Store(&s) }

// Defaults prefills the form from the profile and its stored secret.
func (b *loginBackend) Defaults(ctx context.Context) ui.LoginRequest {
	s := b.current()
	secret := s.ClientSecret
	if secret == "" {
		secret = b.logins.StoredSecret(ctx, s)
	}
	return ui.LoginRequest{Grant: s.Grant, ClientID: s.ClientID, ClientSecret: secret, Scopes: s.Scopes, UseAsLogin: true}
}

// session describes the profile's current login for the TUI; a session
// without a client when there is none.
func (b *loginBackend) session(ctx context.Context) (*ui.Session, error) {
	s := b.current()
	l, err := b.logins.Resolve(ctx, s)
	if errors.Is(err, authflow.ErrNotLoggedIn) {
		return b.describe(s, nil)
	}
	if err != nil {
		return nil, err
	}
	return b.describe(s, l)
}

// Profiles lists config.toml's profiles, for the TUI's profile picker.
func (b *loginBackend) Profiles() ([]string, error) { return b.f.profileNames() }

// SwitchProfile makes profile name the one the TUI acts on, with its own
// settings and stored login, and returns its session.
func (b *loginBackend) SwitchProfile(ctx context.Context, name string) (*ui.Session, error) {
	s, err := b.f.settingsOf(name)
	if err != nil {
		return nil, err
	}
	if !s.ProfileFound {
		return nil, fmt.Errorf("profile %s is no longer in %s", safetext.Sanitize(name, 40), safetext.Sanitize(s.ConfigPath, 200))
	}
	b.setSettings(s)
	return b.session(ctx)
}

// uiSession is the TUI's session for the profile of s, before any login:
// where it acts, with what client, the profile's read-only setting,
// accent and auto-refresh, and its tables' sorts, read from and saved to
// table_sorts beside config.toml (none without a config file: the demo).
// A sorts file chatkeys will not read is said in the notice.
func uiSession(s config.Settings) *ui.Session {
	sess := &ui.Session{Profile: s.Profile, Host: s.Host(), LoginClientID: s.ClientID,
		Readonly: s.Readonly, ReadonlyFrom: s.ReadonlyFrom, Accent: s.Accent, Refresh: s.Refresh}
	if path, profile := s.ConfigPath, s.Profile; path != "" {
		var err error
		if sess.Sorts, err = config.LoadTableSorts(path, profile); err != nil {
			sess.Notice = err.Error() + "; the tables start unsorted."
		}
		sess.SaveSort = func(table string, ts config.TableSort) error {
			return config.SaveTableSort(path, profile, table, ts)
		}
	}
	return sess
}

// describe makes the TUI's session for login l (nil: logged out) and
// makes l the one a rotated secret updates.
func (b *loginBackend) describe(s config.Settings, l *authflow.Login) (*ui.Session, error) {
	sess := uiSession(s)
	source := ""
	if b.demo != nil {
		sess.Host, sess.Demo, source = "chatsim "+strings.TrimPrefix(b.demo.base, "http://"), true, "demo"
	}
	b.login.Store(l)
	if l == nil {
		return sess, nil
	}
	var err error
	if sess.Client, err = b.f.NewAPIClient(s, l.Source); err != nil {
		return nil, err
	}
	if l.FromEnv() {
		sess.Login = loginInfo("", time.Time{}, "env", l.IsOwn)
	} else {
		sess.LoginClientID = l.Record().ClientID
		if source == "" {
			source = storeKind(l.Location)
		}
		sess.Login = storedLoginInfo(l.Stored, source)
	}
	sess.Login.Audit = func() *audit.OwnLogin { return audit.OwnLoginOf(l) }
	return sess, nil
}

// saveSecret stores a rotated secret of the login's client, so the live
// login refreshes with it at once and the next run has it.
func (b *loginBackend) saveSecret(ctx context.Context, secret string) error {
	l := b.login.Load()
	if l == nil || l.FromEnv() {
		return errors.New("chatkeys is not logged in with a stored login: nothing to update")
	}
	s := b.current()
	clientID := l.Record().ClientID
	if _, err := b.logins.StoreSecret(ctx, s.Profile, clientID, secret); err != nil {
		return err
	}
	if s.ClientID == clientID && s.ClientSecret != "" {
		s.ClientSecret = secret // the form's prefill must not offer the dead one
		b.setSettings(s)
	}
	return nil
}

// config builds the flow's config for the request.
func (b *loginBackend) config(req ui.LoginRequest) authflow.Config {
	s := b.current()
	cfg := authflow.FromSettings(s)
	cfg.ClientID, cfg.ClientSecret = req.ClientID, req.ClientSecret
	cfg.Scopes = strings.Fields(req.Scopes)
	if req.RedirectURI != "" {
		cfg.RedirectURI = req.RedirectURI
	}
	return cfg
}

// Start begins the flow: browser grants bind their listener now.
func (b *loginBackend) Start(_ context.Context, req ui.LoginRequest) (ui.LoginFlow, error) {
	cfg := b.config(req)
	if !req.Grant.NeedsBrowser() {
		return &directFlow{cfg: cfg, req: req}, nil
	}
	var after func(string)
	if b.prepare != nil {
		after = b.prepare(&cfg, req)
	}
	flow, err := authflow.StartBrowser(cfg, req.Grant, authflow.BrowserOptions{Opener: b.f.Opener()})
	if err != nil {
		return nil, err
	}
	if after != nil {
		after(flow.RedirectURI())
	}
	return flow, nil
}

// Adopt keeps the token as the profile's login and builds the session.
func (b *loginBackend) Adopt(ctx context.Context, tok *oauth2.Token, req ui.LoginRequest) (*ui.Session, error) {
	s := b.current()
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	kept, err := b.logins.Keep(ctx, s, b.config(req), req.Grant, tok)
	if err != nil {
		return nil, err
	}
	s.ClientID = req.ClientID
	b.setSettings(s)
	sess, err := b.describe(s, kept.Login)
	if err != nil {
		return nil, err
	}
	sess.Notice = kept.Location.Notice
	if kept.EnvOverrides {
		sess.Notice = strings.TrimSpace(sess.Notice + " CHATKEYS_TOKEN is set and overrides this login until you unset it.")
	}
	return sess, nil
}

// directFlow runs the password and client-credentials grants in Wait.
type directFlow struct {
	cfg    authflow.Config
	req    ui.LoginRequest
	cancel context.CancelFunc
	mu     sync.Mutex
}

func (f *directFlow) AuthorizeURL() string { return "" }
func (f *directFlow) Addrs() []string      { return nil }
func (f *directFlow) OpenBrowser() error   { return errors.New("this grant needs no browser") }
func (f *directFlow) Paste(string) error   { return errors.New("this grant needs no browser") }

func (f *directFlow) Cancel() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.cancel != nil {
		f.cancel()
	}
}

func (f *directFlow) Wait(ctx context.Context) (*oauth2.Token, error) {
	ctx, cancel := context.WithCancel(ctx)
	f.mu.Lock()
	f.cancel = cancel
	f.mu.Unlock()
	defer cancel()
	if f.req.Grant == config.GrantPassword {
		return f.cfg.Password(ctx, f.req.Username, f.req.Password)
	}
	return f.cfg.ClientCredentials(ctx)
}
