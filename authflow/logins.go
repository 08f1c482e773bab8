package authflow

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"chatkeys/api"
	"chatkeys/authflow/config"
	"chatkeys/authflow/history"
	"chatkeys/authflow/store"
)

// ErrNotLoggedIn is matched (errors.Is) when a profile has neither
// CHATKEYS_TOKEN nor a stored login.
var ErrNotLoggedIn = errors.New("not logged in")

// ErrNoStoredLogin is matched when Forget finds nothing stored for the
// profile.
var ErrNoStoredLogin = errors.New("no stored login")

// ErrOwnTokenNotListed is matched when chatkeys' own token is not on the
// account's token list, so it cannot be revoked by id: it has expired or
// been revoked already.
var ErrOwnTokenNotListed = errors.New("the token is not on the account's list")

// identifyTimeout bounds the token-list request that learns who a new
// login is.
const identifyTimeout = 10 * time.Second

// LoginStore keeps each profile's login; *store.Store is one.
type LoginStore interface {
	RecordStore
	Load(profile string) (*store.Record, store.Location, error)
	Save(profile string, rec *store.Record) (store.Location, error)
	Delete(profile string) error
}

// ClientFunc builds an API client for the settings' account that
// authenticates with ts.
type ClientFunc func(s config.Settings, ts oauth2.TokenSource) (*api.Client, error)

// LoginsOptions configure Logins.
type LoginsOptions struct {
	// Store keeps the logins. The demo passes a store over a
	// store.MemoryKeyring, so nothing reaches the disk.
	Store LoginStore
	// NewClient builds the API clients Logins uses to identify and revoke
	// its own tokens; nil means api.NewClient with no options.
	NewClient ClientFunc
	// Record, when set, hears of each login Keep stores and each one
	// Forget removes, as an api.ActionLogin or api.ActionLogout whose one
	// target is the login's client; (*history.Recorder).Record is one.
	// A revoke on the server goes through the API client, which reports
	// it itself.
	Record func(history.Actor, api.Action)
}

// Logins owns the whole lifecycle of a profile's login: it resolves the
// current one (CHATKEYS_TOKEN overrides the store), keeps a new one
// (record, identify the agent, fill the expiry, save), forgets one,
// revokes chatkeys' own token on the server and stores a client secret.
// Nothing else writes the store but the LoginSources it hands out, which
// save a refreshed pair. Its methods are safe for concurrent use.
type Logins struct {
	store     LoginStore
	newClient ClientFunc
	record    func(history.Actor, api.Action)

	mu sync.Mutex
	// live is the stored login each profile's Login serves, so that a new
	// secret reaches the source a running session refreshes with.
	live map[string]*LoginSource
}

// NewLogins returns Logins as opts describe.
func NewLogins(opts LoginsOptions) *Logins {
	l := &Logins{store: opts.Store, newClient: opts.NewClient, record: opts.Record, live: map[string]*LoginSource{}}
	if l.newClient == nil {
		l.newClient = func(s config.Settings, ts oauth2.TokenSource) (*api.Client, error) {
			return api.NewClient(s.APIURL, ts)
		}
	}
	return l
}

// Login is a profile's current login.
type Login struct {
	// Settings are the settings it was resolved with.
	Settings config.Settings
	// Source serves the bearer token: CHATKEYS_TOKEN as it is, or the
	// stored login, refreshing.
	Source oauth2.TokenSource
	// Stored is the stored login behind Source; nil when CHATKEYS_TOKEN
	// overrides the store.
	Stored *LoginSource
	// Location is where the stored login was found.
	Location store.Location
}

// FromEnv reports whether the login is CHATKEYS_TOKEN, which overrides
// any stored login until it is unset.
func (l *Login) FromEnv() bool { return l.Stored == nil }

// IsOwn reports whether accessToken is this login's token, for the
// warnings before chatkeys revokes its own access.
func (l *Login) IsOwn(accessToken string) bool {
	switch {
	case l == nil || accessToken == "":
		return false
	case l.Stored != nil:
		return l.Stored.IsOwn(accessToken)
	}
	return subtle.ConstantTimeCompare([]byte(l.Settings.Token), []byte(accessToken)) == 1
}

// Record is the stored login as it is now; for CHATKEYS_TOKEN, a record
// holding only the token.
func (l *Login) Record() store.Record {
	if l.Stored != nil {
		return l.Stored.Record()
	}
	return store.Record{AccessToken: l.Settings.Token, TokenType: "Bearer"}
}

// Resolve finds the profile's login: CHATKEYS_TOKEN first, then the
// stored login. It returns an error matching ErrNotLoggedIn when there is
// neither, including when the store holds only a client secret.
func (l *Logins) Resolve(ctx context.Context, s config.Settings) (*Login, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if s.Token != "" {
		return envLogin(s), nil
	}
	rec, loc, err := l.store.Load(s.Profile)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return nil, ErrNotLoggedIn
	case err != nil:
		return nil, fmt.Errorf("read the stored login: %w", err)
	case rec.AccessToken == "": // only the client secret, saved by the setup form
		return nil, ErrNotLoggedIn
	}
	return l.serve(s, *rec, loc), nil
}

// envLogin is CHATKEYS_TOKEN as the login.
func envLogin(s config.Settings) *Login {
	return &Login{Settings: s, Source: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: s.Token, TokenType: "Bearer"})}
}

// serve makes the stored rec the profile's live login.
func (l *Logins) serve(s config.Settings, rec store.Record, loc store.Location) *Login {
	src := NewLoginSource(FromSettings(s), l.store, s.Profile, rec)
	l.mu.Lock()
	l.live[s.Profile] = src
	l.mu.Unlock()
	s.ClientID = rec.ClientID
	return &Login{Settings: s, Source: src, Stored: src, Location: loc}
}

// Kept is what Keep stored.
type Kept struct {
	// Login is the profile's login from now on. It is CHATKEYS_TOKEN when
	// that is set (see EnvOverrides), else the login just stored.
	Login *Login
	// Record is what was stored; AgentID is 0 when the agent could not be
	// learnt (agents who are not administrators cannot list tokens).
	Record store.Record
	// Location is where it was stored; its Notice says when that is the
	// plain-text file.
	Location store.Location
	// EnvOverrides is set when CHATKEYS_TOKEN is set and wins over the
	// stored login until it is unset.
	EnvOverrides bool
}

// Keep makes tok the profile's login: it records the token with cfg's
// client (its secret only when a refresh token needs it later; a password
// never), learns the agent and, when the token reply gave no lifetime, the
// expiry from the account's token list, and saves it.
func (l *Logins) Keep(ctx context.Context, s config.Settings, cfg Config, grant config.Grant, tok *oauth2.Token) (*Kept, error) {
	rec := store.Record{
		AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken, TokenType: tok.Type(),
		Scopes: TokenScopes(tok, cfg.Scopes), Expiry: tok.Expiry, ClientID: cfg.ClientID, Grant: grant,
	}
	if tok.RefreshToken != "" {
		rec.ClientSecret = cfg.ClientSecret
	}
	if listed, err := l.findOwn(ctx, s, tok.AccessToken); err == nil {
		rec.AgentID = listed.AgentID
		if rec.Expiry.IsZero() && listed.ExpireDate != nil {
			rec.Expiry = *listed.ExpireDate
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	loc, err := l.store.Save(s.Profile, &rec)
	if err != nil {
		return nil, fmt.Errorf("save the login: %w", err)
	}
	l.recordLogin(api.ActionLogin, s, rec)
	kept := &Kept{Login: l.serve(s, rec, loc), Record: rec, Location: loc}
	if s.Token != "" {
		kept.Login, kept.EnvOverrides = envLogin(s), true
	}
	return kept, nil
}

// Forget removes the profile's stored login. With revoke, it first
// revokes the token on the server, and a failure there keeps the login
// stored. It returns an error matching ErrNoStoredLogin when nothing was
// stored.
func (l *Logins) Forget(ctx context.Context, s config.Settings, revoke bool) error {
	rec, _, err := l.store.Load(s.Profile)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return ErrNoStoredLogin
	case err != nil:
		return err
	}
	if revoke {
		if err := l.RevokeOwn(ctx, s, rec.AccessToken); err != nil {
			return fmt.Errorf("revoke on the server (the login is still stored): %w", err)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := l.store.Delete(s.Profile); err != nil {
		return err
	}
	l.mu.Lock()
	delete(l.live, s.Profile)
	l.mu.Unlock()
	if rec.AccessToken != "" { // not a secret alone, stored by the setup form
		l.recordLogin(api.ActionLogout, s, *rec)
	}
	return nil
}

// recordLogin tells the recorder of a login kept or forgotten: who, and
// the client the login is of. Nothing of the record but its agent and
// client identifier goes out.
func (l *Logins) recordLogin(name string, s config.Settings, rec store.Record) {
	if l.record == nil {
		return
	}
	l.record(history.Actor{Profile: s.Profile, Subdomain: s.Subdomain, Host: s.Host(), AgentID: rec.AgentID},
		api.Action{Name: name, Targets: []api.ActionTarget{{ClientIdentifier: rec.ClientID, Result: api.ResultConfirmed}}})
}

// RevokeOwn revokes accessToken, chatkeys' own, with itself: the API
// revokes by id, so the token is first found in the account's list. The
// revoke counts only when the server confirms it (api.ConfirmDelete).
func (l *Logins) RevokeOwn(ctx context.Context, s config.Settings, accessToken string) error {
	if err := s.RequireAPI(); err != nil {
		return err
	}
	listed, err := l.findOwn(ctx, s, accessToken)
	if err != nil {
		return err
	}
	c, err := l.newClient(s, staticToken(accessToken))
	if err != nil {
		return err
	}
	return c.OAuthTokens.Revoke(ctx, listed.ID)
}

// findOwn finds accessToken in the account's token list, asking with the
// token itself. Zendesk's token replies name neither the agent nor the
// expiry; the list does.
func (l *Logins) findOwn(ctx context.Context, s config.Settings, accessToken string) (*api.OAuthToken, error) {
	c, err := l.newClient(s, staticToken(accessToken))
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, identifyTimeout)
	defer cancel()
	list, err := c.OAuthTokens.List(ctx)
	if err != nil {
		return nil, err
	}
	for i := range list {
		if subtle.ConstantTimeCompare([]byte(list[i].AccessToken), []byte(accessToken)) == 1 {
			return &list[i], nil
		}
	}
	return nil, ErrOwnTokenNotListed
}

func staticToken(accessToken string) oauth2.TokenSource {
	return oauth2.StaticTokenSource(&oauth2.Token{AccessToken: accessToken, TokenType: "Bearer"})
}

// StoredSecret is the client secret stored with the profile's login or by
// the setup form, when it belongs to s's client; "" otherwise.
func (l *Logins) StoredSecret(ctx context.Context, s config.Settings) string {
	if ctx.Err() != nil {
		return ""
	}
	rec, _, err := l.store.Load(s.Profile)
	if err != nil || rec.ClientID != s.ClientID {
		return ""
	}
	return rec.ClientSecret
}

// StoreSecret stores secret as the profile's secret of clientID: after a
// rotation of the login's client, the live login refreshes with it at once
// and the stored one keeps everything else; otherwise it is stored with
// the client id alone (the setup form), replacing a login of another
// client.
func (l *Logins) StoreSecret(ctx context.Context, profile, clientID, secret string) (store.Location, error) {
	if err := ctx.Err(); err != nil {
		return store.Location{}, err
	}
	l.mu.Lock()
	live := l.live[profile]
	l.mu.Unlock()
	if live != nil && live.Record().ClientID == clientID {
		return store.Location{}, live.SetClientSecret(secret)
	}
	return l.store.Update(profile, func(cur *store.Record) (*store.Record, error) {
		if cur != nil && cur.ClientID == clientID {
			next := *cur
			next.ClientSecret = secret
			return &next, nil
		}
		return &store.Record{ClientID: clientID, ClientSecret: secret}, nil
	})
}
