package ui

import (
	"context"
	"time"
)

// Grant names, as the profile and the command line spell them.
const (
	GrantCode              = "code"
	GrantImplicit          = "implicit"
	GrantPassword          = "password"
	GrantClientCredentials = "client-credentials"
)

// LoginRequest is what the Login form collects.
type LoginRequest struct {
	Grant        string
	ClientID     string
	ClientSecret string
	Scopes       string
	Username     string
	Password     string
	// RedirectURI is the loopback URI to listen on; "" means the profile's.
	RedirectURI string
	// UseAsLogin keeps the token as chatkeys' own login; otherwise it is
	// shown once in the copy-once modal.
	UseAsLogin bool
}

// MintedToken is a token a flow produced.
type MintedToken struct {
	AccessToken  string
	RefreshToken string
	TokenType    string
	Scopes       string
	Expiry       time.Time // zero when the server did not say
}

// LoginBackend runs OAuth flows for the Login tab. The command line wires
// it to authflow; tests wire it to chatsim. Its methods do I/O, so the UI
// calls them only inside commands.
type LoginBackend interface {
	// Defaults prefills the form from the profile.
	Defaults() LoginRequest
	// Start begins a flow. A browser grant binds the loopback listener and
	// returns at once; the others return a flow whose Wait exchanges.
	Start(req LoginRequest) (LoginFlow, error)
	// Adopt stores a token as chatkeys' login and returns the new session.
	Adopt(tok *MintedToken, req LoginRequest) (*Session, error)
}

// LoginFlow is one running flow.
type LoginFlow interface {
	// AuthorizeURL is the page to open; "" for grants without a browser.
	AuthorizeURL() string
	// ListenAddrs are the loopback addresses waiting for the redirect.
	ListenAddrs() []string
	// OpenBrowser opens AuthorizeURL; a failure is not fatal.
	OpenBrowser() error
	// Paste hands in a redirect URL copied from the browser. An error means
	// it failed the checks; the flow keeps waiting.
	Paste(raw string) error
	// Wait blocks until a token, an error, or ctx's end.
	Wait(ctx context.Context) (*MintedToken, error)
	// Cancel stops the flow and frees the port at once.
	Cancel()
}

// SetupValues is what the first-run form collects.
type SetupValues struct {
	Subdomain    string
	ClientID     string
	ClientSecret string
	RedirectURI  string
	Grant        string
}

// SetupBackend saves the first-run settings into config.toml (and the
// secret into the credential store) and returns the session they make.
type SetupBackend interface {
	Save(v SetupValues) (*Session, error)
}

// needsBrowser reports whether a grant goes through the consent page.
func needsBrowser(grant string) bool { return grant == GrantCode || grant == GrantImplicit }

// needsSecret reports whether a grant sends the client secret.
func needsSecret(grant string) bool { return grant != GrantImplicit }
