package authflow

import (
	"context"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"chatkeys/api/safetext"
	"chatkeys/authflow/config"
)

// Exchange trades an authorization code for a token. The form carries
// grant_type, code, client_id, client_secret, redirect_uri and scope: Chat's
// token endpoint takes the client's credentials in the body.
func (c Config) Exchange(ctx context.Context, code, verifier string) (*oauth2.Token, error) {
	if err := c.check(false); err != nil {
		return nil, err
	}
	opts := []oauth2.AuthCodeOption{oauth2.SetAuthURLParam("scope", strings.Join(c.Scopes, " "))}
	if verifier != "" {
		opts = append(opts, oauth2.VerifierOption(verifier))
	}
	tok, err := c.oauth2Config().Exchange(c.withHTTP(ctx), code, opts...)
	return c.redacting(code, verifier).finish(config.GrantCode, tok, err)
}

// Password trades a Chat-only agent's username and password for a token.
// The password is used for this request only.
func (c Config) Password(ctx context.Context, username, password string) (*oauth2.Token, error) {
	if err := c.check(false); err != nil {
		return nil, err
	}
	tok, err := c.oauth2Config().PasswordCredentialsToken(c.withHTTP(ctx), username, password)
	return c.redacting(password).finish(config.GrantPassword, tok, err)
}

// ClientCredentials gets a token for a confidential client; it acts as the
// admin who created the client.
func (c Config) ClientCredentials(ctx context.Context) (*oauth2.Token, error) {
	if err := c.check(false); err != nil {
		return nil, err
	}
	cc := clientcredentials.Config{
		ClientID: c.ClientID, ClientSecret: c.ClientSecret, TokenURL: c.TokenURL,
		Scopes: c.Scopes, AuthStyle: oauth2.AuthStyleInParams,
	}
	tok, err := cc.Token(c.withHTTP(ctx))
	return c.finish(config.GrantClientCredentials, tok, err)
}

// Refresh trades a refresh token for a new pair. Zendesk's refresh tokens
// are single-use, so the caller must store the new one.
func (c Config) Refresh(ctx context.Context, refreshToken string) (*oauth2.Token, error) {
	if err := c.check(false); err != nil {
		return nil, err
	}
	if refreshToken == "" {
		return nil, ErrNoRefreshToken
	}
	src := c.oauth2Config().TokenSource(c.withHTTP(ctx), &oauth2.Token{RefreshToken: refreshToken})
	tok, err := src.Token()
	return c.redacting(refreshToken).finish(grantRefresh, tok, err)
}

// finish turns a token request's outcome into chatkeys' terms: errors
// become a *TokenError, a token whose values are not printable ASCII (as
// RFC 6749 requires of tokens) is refused, and expires_in 0 or less means
// expired now.
func (c Config) finish(grant config.Grant, tok *oauth2.Token, err error) (*oauth2.Token, error) {
	if err != nil {
		return nil, c.tokenErr(grant, err)
	}
	if !safetext.IsPrintableASCII(tok.AccessToken) || !safetext.IsPrintableASCII(tok.RefreshToken) || !safetext.IsPrintableASCII(tok.TokenType) {
		return nil, &TokenError{Grant: grant, Reason: ReasonNotPrintable,
			Description: "the token endpoint sent a token that is not printable ASCII; chatkeys refuses it"}
	}
	return settleExpiry(tok), nil
}

// settleExpiry makes a token whose reply said expires_in 0 or less expire
// now: x/oauth2 leaves a 0 as "no expiry known", which would read as a
// token that never expires.
func settleExpiry(tok *oauth2.Token) *oauth2.Token {
	if tok == nil {
		return nil
	}
	var n float64
	switch v := tok.Extra("expires_in").(type) {
	case float64:
		n = v
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return tok
		}
		n = f
	default:
		return tok
	}
	if n <= 0 {
		tok.Expiry = time.Now()
	}
	return tok
}
