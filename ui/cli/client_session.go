package cli

import (
	"errors"
	"fmt"

	"golang.org/x/oauth2"

	"chatkeys/api"
	"chatkeys/authflow"
	"chatkeys/authflow/config"
	"chatkeys/authflow/store"
)

// errNotLoggedIn is returned when no token is configured or stored.
var errNotLoggedIn = api.WithHint(errors.New("not logged in"), "run chatkeys login, or set CHATKEYS_TOKEN")

// login is where the bearer token of a run comes from.
type login struct {
	settings config.Settings
	source   oauth2.TokenSource
	// stored is set when the token comes from the store (not the
	// environment): it refreshes and saves.
	stored   *authflow.LoginSource
	location store.Location
}

// openStore opens the credential store under the config directory.
func (a *app) openStore() (*store.Store, error) {
	if a.store != nil {
		return a.store, nil
	}
	dir, err := config.DefaultDir(a.io.Getenv)
	if err != nil {
		return nil, err
	}
	a.store = store.New(store.Options{Dir: dir, Keyring: a.io.Keyring})
	return a.store, nil
}

// currentLogin finds the token: CHATKEYS_TOKEN first, then the stored
// login of the profile. errNotLoggedIn when there is neither.
func (a *app) currentLogin(s config.Settings) (*login, error) {
	if s.Token != "" {
		return &login{settings: s, source: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: s.Token, TokenType: "Bearer"})}, nil
	}
	st, err := a.openStore()
	if err != nil {
		return nil, err
	}
	rec, loc, err := st.Load(s.Profile)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNotLoggedIn
	}
	if err != nil {
		return nil, fmt.Errorf("read the stored login: %w", err)
	}
	if rec.AccessToken == "" { // only the client secret, saved by the setup form
		return nil, errNotLoggedIn
	}
	src := authflow.NewLoginSource(authflow.FromSettings(s), st, s.Profile, *rec)
	return &login{settings: s, source: src, stored: src, location: loc}, nil
}

// apiClient builds the API client for the resolved settings, authenticated
// with the token that applies.
func (a *app) apiClient() (*api.Client, config.Settings, error) {
	s, err := a.settings()
	if err != nil {
		return nil, s, err
	}
	if err := s.RequireAPI(); err != nil {
		return nil, s, err
	}
	l, err := a.currentLogin(s)
	if err != nil {
		return nil, s, err
	}
	a.login = l
	c, err := a.newAPIClient(s, l.source)
	return c, s, err
}

// isOwnToken reports whether accessToken is the one this run uses, for
// the warnings before revoking it.
func (a *app) isOwnToken(accessToken string) bool {
	switch {
	case a.login == nil || accessToken == "":
		return false
	case a.login.stored != nil:
		return a.login.stored.IsOwn(accessToken)
	}
	return a.login.settings.Token == accessToken
}

func (a *app) newAPIClient(s config.Settings, ts oauth2.TokenSource) (*api.Client, error) {
	opts, err := a.apiOptions()
	if err != nil {
		return nil, err
	}
	return api.NewClient(s.APIURL, ts, opts...)
}
