// Package hint is what the two front ends share about hints: a wrapper
// that attaches a front end's own hint to an error it raises (With, Of),
// and Classify, which reads the typed causes api, authflow and its
// config return into one Cause, and the words for each Cause in each
// front end's terms (For, words.go): the command line names commands and
// flags (ui/cli), the TUI names tabs and keys (ui). No lower layer writes
// hint text.
//
// It imports api, authflow and authflow/config, never ui or ui/cli.
package hint

import (
	"context"
	"errors"
	"time"

	"chatkeys/api"
	"chatkeys/api/safetext"
	"chatkeys/authflow"
	"chatkeys/authflow/config"
)

// With attaches text, a front end's own hint, to err; Of finds it
// through any wrapping.
func With(err error, text string) error { return &hinted{err, text} }

type hinted struct {
	err  error
	text string
}

func (e *hinted) Error() string { return e.err.Error() }
func (e *hinted) Unwrap() error { return e.err }

// Of returns the hint a front end attached with With along err's chain,
// or "".
func Of(err error) string {
	var h *hinted
	if errors.As(err, &h) {
		return h.text
	}
	return ""
}

// Kind is a well-known reason something failed, one a hint can act on.
type Kind int

const (
	None Kind = iota
	// NotLoggedIn: no CHATKEYS_TOKEN and no stored login.
	NotLoggedIn
	// LoginEnded: only a new login mends it (a 401, an expired login that
	// cannot refresh, a spent refresh token, a login another process
	// removed).
	LoginEnded
	// NoLifetime: the server gave a refreshed token no lifetime.
	NoLifetime
	// TryAgain: transient (the store was busy, the server failed).
	TryAgain
	// NotAdmin: only administrators may do this.
	NotAdmin
	// MissingScope: the token lacks Cause.Scope.
	MissingScope
	// NotFound: it may have been deleted meanwhile.
	NotFound
	// RateLimited: the server asked to wait Cause.Wait.
	RateLimited
	// NotConfirmed: the server did not confirm a DELETE.
	NotConfirmed
	// Redirected: the API redirected; chatkeys does not follow.
	Redirected
	// NotConfigured: the profile (Cause.Profile) names no account;
	// Cause.ProfileMissing when config.toml lacks it.
	NotConfigured
	// NoClientID: a flow has no client id.
	NoClientID
	// NeedsConfidential: the grant (Cause.Grant) needs a confidential
	// client.
	NeedsConfidential
	// BadClient: wrong client id or secret, as after a rotation.
	BadClient
	// ScopeNotAllowed: a scope the client does not allow; Cause.Scopes
	// are the ones it does, when known.
	ScopeNotAllowed
	// CodeSpent: the authorization code expired or was used.
	CodeSpent
	// BadPassword: wrong username or password.
	BadPassword
	// AccessDenied: access was denied in the browser.
	AccessDenied
	// AuthRejected: the authorization server refused the client or the
	// redirect URL.
	AuthRejected
	// RedirectNotRegistered: the redirect URL is not on the client.
	RedirectNotRegistered
	// GrantNotOffered: the server offers no such browser grant.
	GrantNotOffered
	// NotPrintable: a secret or token that is not printable ASCII was
	// refused.
	NotPrintable
	// BrowserTimeout: no answer came back from the browser in time.
	BrowserTimeout
	// PortPrivileged: the redirect's port (Cause.Port) is below 1024.
	PortPrivileged
	// PortInUse: the redirect's port (Cause.Port) is taken.
	PortInUse
	// OwnTokenNotListed: chatkeys' own token is not on the account's list.
	OwnTokenNotListed
	// UnsafeFile: a config or credentials file chatkeys will not read.
	UnsafeFile
)

// Cause is a Kind with what its hint needs to name.
type Cause struct {
	Kind    Kind
	Scope   string
	Scopes  []string
	Grant   config.Grant
	Profile string
	// LoginProfile is the --profile the failed command ran with, "" for
	// none: the chatkeys login a hint names runs on it too.
	LoginProfile   string
	ConfigPath     string
	ProfileMissing bool
	Port           int
	Wait           time.Duration
}

// tokenKinds maps a token request's reason to its kind.
var tokenKinds = map[authflow.TokenReason]Kind{
	authflow.ReasonNeedsConfidential: NeedsConfidential,
	authflow.ReasonBadClient:         BadClient,
	authflow.ReasonScopeNotAllowed:   ScopeNotAllowed,
	authflow.ReasonRefreshSpent:      LoginEnded,
	authflow.ReasonCodeSpent:         CodeSpent,
	authflow.ReasonBadPassword:       BadPassword,
	authflow.ReasonDenied:            AccessDenied,
	authflow.ReasonServerFailed:      TryAgain,
	authflow.ReasonNotPrintable:      NotPrintable,
}

// authKinds maps an authorization error's code to its kind.
var authKinds = map[string]Kind{
	"access_denied":             AccessDenied,
	"invalid_scope":             ScopeNotAllowed,
	"unauthorized_client":       AuthRejected,
	"invalid_client":            AuthRejected,
	"invalid_request":           AuthRejected,
	"redirect_uri_mismatch":     RedirectNotRegistered,
	"unsupported_response_type": GrantNotOffered,
	"server_error":              TryAgain,
	"temporarily_unavailable":   TryAgain,
}

// sentinels are the lower layers' errors matched with errors.Is, in the
// order they are tried.
var sentinels = []struct {
	err  error
	kind Kind
}{
	{authflow.ErrNotLoggedIn, NotLoggedIn},
	{authflow.ErrLoggedOutElsewhere, LoginEnded},
	{authflow.ErrLoginExpired, LoginEnded},
	{authflow.ErrNoRefreshToken, LoginEnded},
	{authflow.ErrNoLifetime, NoLifetime},
	{authflow.ErrRefreshDeferred, TryAgain},
	{authflow.ErrTimeout, BrowserTimeout},
	{authflow.ErrNoClientID, NoClientID},
	{authflow.ErrOwnTokenNotListed, OwnTokenNotListed},
	{safetext.ErrNotPrintable, NotPrintable},
	{api.ErrNotConfirmed, NotConfirmed},
	{api.ErrInsecureRedirect, Redirected},
	{config.ErrUnsafeFile, UnsafeFile},
}

// Classify reads err's typed cause. A cancelled context, and anything
// without a well-known cause, is None.
func Classify(err error) Cause {
	if err == nil || errors.Is(err, context.Canceled) {
		return Cause{}
	}
	var (
		rate     *api.RateLimitError
		apiErr   *api.Error
		tokenErr *authflow.TokenError
		authErr  *authflow.AuthError
		notConf  *config.NotConfiguredError
		inUse    *authflow.PortInUseError
		priv     *authflow.PortPrivilegedError
	)
	switch {
	case errors.As(err, &rate):
		return Cause{Kind: RateLimited, Wait: rate.RetryAfter}
	case errors.As(err, &tokenErr):
		return Cause{Kind: tokenKinds[tokenErr.Reason], Grant: tokenErr.Grant, Scopes: tokenErr.ClientScopes}
	case errors.As(err, &authErr):
		return Cause{Kind: authKinds[authErr.Code]}
	case errors.As(err, &notConf):
		return Cause{Kind: NotConfigured, Profile: notConf.Profile, ConfigPath: notConf.ConfigPath, ProfileMissing: notConf.ProfileMissing}
	case errors.As(err, &inUse):
		return Cause{Kind: PortInUse, Port: inUse.Port}
	case errors.As(err, &priv):
		return Cause{Kind: PortPrivileged, Port: priv.Port}
	}
	for _, s := range sentinels {
		if errors.Is(err, s.err) {
			return Cause{Kind: s.kind}
		}
	}
	if errors.As(err, &apiErr) {
		switch {
		case apiErr.Status == 401:
			return Cause{Kind: LoginEnded}
		case apiErr.NeedsAdmin():
			return Cause{Kind: NotAdmin}
		case apiErr.NeededScope() != "":
			return Cause{Kind: MissingScope, Scope: apiErr.NeededScope()}
		case apiErr.Status == 404:
			return Cause{Kind: NotFound}
		case apiErr.Status >= 500:
			return Cause{Kind: TryAgain}
		}
	}
	return Cause{}
}
