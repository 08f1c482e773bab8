package cli

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"chatkeys/authflow"
	"chatkeys/authflow/config"
	"chatkeys/ui"
)

// loginBackend runs the TUI's Login tab on authflow and keeps the result
// as the profile's login. The TUI calls it only inside commands.
type loginBackend struct {
	a *app

	mu       sync.Mutex
	settings config.Settings
	// prepare, when set, adjusts a browser flow's config before it starts
	// and learns its redirect once bound (the demo registers the port).
	prepare func(cfg *authflow.Config, req ui.LoginRequest) (after func(redirect string))
	// adopt turns a token into the session; nil means store it.
	adopt func(tok *oauth2.Token, req ui.LoginRequest) (*ui.Session, error)
}

var _ ui.LoginBackend = (*loginBackend)(nil)

func (b *loginBackend) current() config.Settings {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.settings
}

func (b *loginBackend) setSettings(s config.Settings) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.settings = s
}

// Defaults prefills the form from the profile and its stored secret.
func (b *loginBackend) Defaults(context.Context) ui.LoginRequest {
	s := b.current()
	secret := s.ClientSecret
	if secret == "" {
		secret = b.a.storedSecret(s)
	}
	return ui.LoginRequest{Grant: s.Grant, ClientID: s.ClientID, ClientSecret: secret, Scopes: s.Scopes, UseAsLogin: true}
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
	flow, err := authflow.StartBrowser(cfg, req.Grant, authflow.BrowserOptions{Opener: b.a.opener()})
	if err != nil {
		return nil, err
	}
	if after != nil {
		after(flow.RedirectURI())
	}
	return flow, nil
}

// Adopt stores the token as the profile's login and builds the session.
func (b *loginBackend) Adopt(ctx context.Context, tok *oauth2.Token, req ui.LoginRequest) (*ui.Session, error) {
	if b.adopt != nil {
		return b.adopt(tok, req)
	}
	s := b.current()
	cfg := b.config(req)
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	rec := recordFor(tok, cfg, req.Grant)
	if who := b.a.identify(ctx, s, tok.AccessToken); who.agentID != 0 {
		rec.AgentID = who.agentID
		if rec.Expiry.IsZero() && who.expiry != nil {
			rec.Expiry = *who.expiry
		}
	}
	st, err := b.a.openStore()
	if err != nil {
		return nil, err
	}
	loc, err := st.Save(s.Profile, &rec)
	if err != nil {
		return nil, err
	}
	s.ClientID = req.ClientID
	b.setSettings(s)
	sess, err := b.a.tuiSession(s)
	if sess != nil {
		sess.Notice = loc.Notice
	}
	return sess, err
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
