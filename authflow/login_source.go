package authflow

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/oauth2"

	"chatkeys/authflow/store"
)

// refreshMargin is how long before expiry a token is refreshed.
const refreshMargin = time.Minute

// refreshTimeout bounds a refresh that Token starts; another process
// waiting for the store's lock meanwhile waits longer than this
// (privfile.LockTimeout).
const refreshTimeout = 30 * time.Second

// RecordStore holds the login records, shared with other chatkeys
// processes; *store.Store is one. Update is a read-modify-write under a
// cross-process lock (store.Store.Update).
type RecordStore interface {
	Update(profile string, change func(cur *store.Record) (*store.Record, error)) (store.Location, error)
}

// The ends of a login that only a new login mends, matched with
// errors.Is.
var (
	// ErrLoggedOutElsewhere: the stored login vanished while this process
	// held it; another chatkeys logged out.
	ErrLoggedOutElsewhere = errors.New("the login was removed from the store (chatkeys logout in another process?)")
	// ErrLoginExpired: the token has expired and there is no refresh
	// token, or the refresh failed.
	ErrLoginExpired = errors.New("the login's token has expired and cannot be refreshed")
	// ErrNoLifetime: a refresh succeeded but the token endpoint gave the
	// new token no lifetime, so it is expired at once.
	ErrNoLifetime = errors.New("the token endpoint gave the refreshed token no lifetime (expires_in 0 or less)")
	// ErrNoRefreshToken: the server rejected the token and the login has
	// no refresh token to get another.
	ErrNoRefreshToken = errors.New("the login has no refresh token")
)

// ErrRefreshDeferred is matched when a refresh was not tried because the
// store could not be locked or read: another process may be spending the
// same refresh token. Trying again in a moment usually works.
var ErrRefreshDeferred = errors.New("the login could not be refreshed")

// LoginSource is chatkeys' own login as an oauth2.TokenSource for
// api.Client. It refreshes near expiry, and once when the API answers 401
// (api.TokenRefresher), one refresh at a time, and saves each rotated pair:
// Zendesk's refresh tokens are single-use, so losing the new one would end
// the login. A refresh runs under the store's cross-process lock and first
// re-reads the stored login: when another process has already rotated the
// pair, that pair is used and the spent refresh token is not sent again.
type LoginSource struct {
	mu      sync.Mutex
	cfg     Config
	saver   RecordStore
	profile string
	rec     store.Record
	now     func() time.Time
	saveErr error // the last failure to save a rotated pair, until one succeeds
	// snap is rec as of its last change, for Record and IsOwn: they are
	// read while drawing the TUI and must not wait for a refresh, which
	// holds mu across the store's lock and a token request.
	snap atomic.Pointer[store.Record]
}

// NewLoginSource serves rec, refreshing through cfg's token endpoint with
// the record's own client id and secret, and saving through saver (which
// may be nil for a login that must not be saved, such as the demo's).
func NewLoginSource(cfg Config, saver RecordStore, profile string, rec store.Record) *LoginSource {
	cfg.ClientID, cfg.ClientSecret = rec.ClientID, rec.ClientSecret
	s := &LoginSource{cfg: cfg, saver: saver, profile: profile, rec: rec, now: time.Now}
	s.publishLocked()
	return s
}

// publishLocked makes the current record what Record and IsOwn see.
func (s *LoginSource) publishLocked() {
	r := s.rec
	s.snap.Store(&r)
}

// Token returns the access token, refreshing it first when it is about to
// expire and a refresh token is at hand.
func (s *LoginSource) Token() (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	refreshed := false
	if s.expiringLocked() && s.rec.RefreshToken != "" {
		ctx, cancel := context.WithTimeout(context.Background(), refreshTimeout)
		defer cancel()
		err := s.refreshLocked(ctx)
		if err != nil && s.expiredLocked() {
			return nil, err
		}
		refreshed = err == nil
	}
	switch {
	case s.expiredLocked() && refreshed:
		return nil, ErrNoLifetime
	case s.expiredLocked():
		return nil, ErrLoginExpired
	}
	return s.tokenLocked(), nil
}

// RefreshRejected refreshes after the server rejected rejected. If another
// request already replaced that token, the current one is returned without
// a second refresh.
func (s *LoginSource) RefreshRejected(ctx context.Context, rejected *oauth2.Token) (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rejected != nil && rejected.AccessToken != s.rec.AccessToken {
		return s.tokenLocked(), nil
	}
	if s.rec.RefreshToken == "" {
		return nil, fmt.Errorf("the token was rejected and cannot be refreshed: %w", ErrNoRefreshToken)
	}
	if err := s.refreshLocked(ctx); err != nil {
		return nil, err
	}
	return s.tokenLocked(), nil
}

// Record returns a copy of the current record. It never waits for a
// refresh in progress.
func (s *LoginSource) Record() store.Record { return *s.snap.Load() }

// IsOwn reports whether accessToken is the current login's token. It never
// waits for a refresh in progress.
func (s *LoginSource) IsOwn(accessToken string) bool {
	return subtle.ConstantTimeCompare([]byte(accessToken), []byte(s.snap.Load().AccessToken)) == 1
}

// SetClientSecret replaces the secret used for refresh, after a rotation,
// and saves it into the stored login as it is now, changing nothing else.
func (s *LoginSource) SetClientSecret(secret string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.publishLocked()
	s.rec.ClientSecret, s.cfg.ClientSecret = secret, secret
	if s.saver == nil {
		return nil
	}
	_, err := s.saver.Update(s.profile, func(cur *store.Record) (*store.Record, error) {
		if cur == nil {
			return nil, ErrLoggedOutElsewhere
		}
		s.adoptLocked(*cur)
		s.rec.ClientSecret, s.cfg.ClientSecret = secret, secret
		rec := s.rec
		return &rec, nil
	})
	return err
}

// SaveErr reports the last failure to store a rotated pair, nil once a
// save succeeds. The login goes on working in memory, but the next run
// would start from a used-up refresh token, so callers should say so.
func (s *LoginSource) SaveErr() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.saveErr
}

// refreshLocked gets a fresh pair. With a store, it works under the
// store's lock: it re-reads the stored login, takes it over when another
// process has rotated it meanwhile (refreshing only if that one is about
// to expire too), and saves the pair it got. A failure to save is kept for
// SaveErr, not returned: the new token is good.
func (s *LoginSource) refreshLocked(ctx context.Context) error {
	defer s.publishLocked()
	if s.saver == nil {
		return s.spendLocked(ctx)
	}
	var refreshErr error
	ran := false
	_, err := s.saver.Update(s.profile, func(cur *store.Record) (*store.Record, error) {
		ran = true
		if cur == nil {
			refreshErr = ErrLoggedOutElsewhere
			return nil, refreshErr
		}
		if cur.AccessToken != s.rec.AccessToken || cur.RefreshToken != s.rec.RefreshToken {
			s.adoptLocked(*cur)
			if !s.expiringLocked() || s.rec.RefreshToken == "" {
				return nil, nil // another process's pair is good: nothing to spend
			}
		}
		if refreshErr = s.spendLocked(ctx); refreshErr != nil {
			return nil, refreshErr
		}
		rec := s.rec
		return &rec, nil
	})
	switch {
	case refreshErr != nil:
		return refreshErr
	case !ran:
		// The store could not be locked or read: another process may be
		// spending this very refresh token, so it is not spent here.
		return fmt.Errorf("%w: %w", ErrRefreshDeferred, err)
	}
	s.saveErr = err
	return nil
}

// spendLocked trades the refresh token for a new pair, in memory.
func (s *LoginSource) spendLocked(ctx context.Context) error {
	tok, err := s.cfg.Refresh(ctx, s.rec.RefreshToken)
	if err != nil {
		return err
	}
	s.rec.AccessToken = tok.AccessToken
	if tok.RefreshToken != "" {
		s.rec.RefreshToken = tok.RefreshToken
	}
	if t := tok.Type(); t != "" {
		s.rec.TokenType = t
	}
	s.rec.Expiry = tok.Expiry
	if scope, ok := tok.Extra("scope").(string); ok && scope != "" {
		s.rec.Scopes = scope
	}
	return nil
}

// adoptLocked takes over the stored record, with its client's id and
// secret for the next refresh.
func (s *LoginSource) adoptLocked(rec store.Record) {
	s.rec = rec
	s.cfg.ClientID, s.cfg.ClientSecret = rec.ClientID, rec.ClientSecret
}

func (s *LoginSource) tokenLocked() *oauth2.Token {
	return &oauth2.Token{AccessToken: s.rec.AccessToken, TokenType: "Bearer", Expiry: s.rec.Expiry}
}

func (s *LoginSource) expiringLocked() bool {
	return !s.rec.Expiry.IsZero() && s.now().Add(refreshMargin).After(s.rec.Expiry)
}

func (s *LoginSource) expiredLocked() bool {
	return !s.rec.Expiry.IsZero() && !s.now().Before(s.rec.Expiry)
}
