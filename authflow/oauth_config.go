package authflow

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"chatkeys/api"
	"chatkeys/authflow/config"
)

// ErrNoClientID is returned when a flow has no client id to send.
var ErrNoClientID = errors.New("no client id")

// grantRefresh names the refresh grant in errors; it is no grant a user
// picks, so config does not list it.
const grantRefresh config.Grant = "refresh"

// Config is what a flow needs to reach the authorization server.
type Config struct {
	AuthorizeURL string
	TokenURL     string
	ClientID     string
	ClientSecret string
	RedirectURI  string
	Scopes       []string
	// Subdomain is sent as the authorization request's subdomain parameter
	// when known.
	Subdomain string
	// PKCE adds an S256 challenge. Zendesk Chat has no PKCE, so it is off
	// unless a profile turns it on for another server.
	PKCE bool
	// ClientScopes, when known, are the scopes the client allows; the
	// invalid_scope hint names them.
	ClientScopes []string
	// HTTPClient makes the token requests; nil means a 30 s client.
	HTTPClient *http.Client

	// redact lists the request's other secrets (code, refresh token,
	// password) that must not survive in an error the server echoed.
	redact []string
}

// redacting returns a copy of c that also keeps secrets out of errors.
func (c Config) redacting(secrets ...string) Config {
	c.redact = append(append([]string(nil), c.redact...), secrets...)
	return c
}

var errTokenRedirect = errors.New("the token endpoint redirected; chatkeys does not resend credentials to another URL")

// FromSettings makes a Config from resolved settings.
func FromSettings(s config.Settings) Config {
	return Config{
		AuthorizeURL: s.AuthorizeURL, TokenURL: s.TokenURL,
		ClientID: s.ClientID, ClientSecret: s.ClientSecret, RedirectURI: s.RedirectURI,
		Scopes: strings.Fields(s.Scopes), Subdomain: s.Subdomain, PKCE: s.PKCE,
	}
}

// check refuses a Config that would send a secret in the clear or cannot
// work at all.
func (c Config) check(needAuthorize bool) error {
	if c.ClientID == "" {
		return ErrNoClientID
	}
	if _, err := api.CheckSecureURL(c.TokenURL); err != nil {
		return fmt.Errorf("token URL: %w", err)
	}
	if needAuthorize {
		if _, err := api.CheckSecureURL(c.AuthorizeURL); err != nil {
			return fmt.Errorf("authorize URL: %w", err)
		}
	}
	return nil
}

// oauth2Config puts client_id and client_secret in the form body, where
// Zendesk Chat's token endpoint expects them.
func (c Config) oauth2Config() *oauth2.Config {
	return &oauth2.Config{
		ClientID:     c.ClientID,
		ClientSecret: c.ClientSecret,
		Endpoint: oauth2.Endpoint{
			AuthURL: c.AuthorizeURL, TokenURL: c.TokenURL, AuthStyle: oauth2.AuthStyleInParams,
		},
		RedirectURL: c.RedirectURI,
		Scopes:      c.Scopes,
	}
}

// withHTTP makes x/oauth2 use the configured HTTP client.
func (c Config) withHTTP(ctx context.Context) context.Context {
	// A token request carries the client secret, a code or a password in
	// its body: it follows no redirect at all.
	h := &http.Client{Timeout: 30 * time.Second}
	if c.HTTPClient != nil {
		copy := *c.HTTPClient
		h = &copy
	}
	h.CheckRedirect = func(*http.Request, []*http.Request) error { return errTokenRedirect }
	return context.WithValue(ctx, oauth2.HTTPClient, h)
}

// authorizeURL builds the consent page's URL: response_type, client_id,
// redirect_uri, scope, state, subdomain, and the PKCE challenge when on.
func (c Config) authorizeURL(responseType, state, verifier string) string {
	opts := []oauth2.AuthCodeOption{oauth2.SetAuthURLParam("response_type", responseType)}
	if c.Subdomain != "" {
		opts = append(opts, oauth2.SetAuthURLParam("subdomain", c.Subdomain))
	}
	if verifier != "" {
		opts = append(opts, oauth2.S256ChallengeOption(verifier))
	}
	return c.oauth2Config().AuthCodeURL(state, opts...)
}

// TokenScopes returns the scopes a token was granted: the reply's scope
// when the server sent one, else those asked for.
func TokenScopes(tok *oauth2.Token, asked []string) string {
	if s, ok := tok.Extra("scope").(string); ok && strings.TrimSpace(s) != "" {
		return strings.Join(strings.Fields(s), " ")
	}
	return strings.Join(asked, " ")
}
