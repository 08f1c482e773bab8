package ui

import (
	"context"

	"golang.org/x/oauth2"

	"chatkeys/authflow"
	"chatkeys/authflow/config"
)

// LoginRequest is what the Login form collects.
type LoginRequest struct {
	Grant        config.Grant
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

// LoginBackend runs OAuth flows for the Login tab. The command line wires
// it to authflow; tests wire it to chatsim. Its methods do I/O, so the UI
// calls them only inside commands.
type LoginBackend interface {
	// Defaults prefills the form from the profile.
	Defaults(ctx context.Context) LoginRequest
	// Start begins a flow. A browser grant binds the loopback listener and
	// returns at once; the others return a flow whose Wait exchanges.
	Start(ctx context.Context, req LoginRequest) (LoginFlow, error)
	// Adopt stores a token as chatkeys' login and returns the new session.
	Adopt(ctx context.Context, tok *oauth2.Token, req LoginRequest) (*Session, error)
}

// LoginFlow is one running flow. *authflow.BrowserFlow is one; the
// grants without a browser are wrapped to look like one.
var _ LoginFlow = (*authflow.BrowserFlow)(nil)

// LoginFlow is one running flow.
type LoginFlow interface {
	// AuthorizeURL is the page to open; "" for grants without a browser.
	AuthorizeURL() string
	// Addrs are the loopback addresses waiting for the redirect.
	Addrs() []string
	// OpenBrowser opens AuthorizeURL; a failure is not fatal.
	OpenBrowser() error
	// Paste hands in a redirect URL copied from the browser. An error means
	// it failed the checks; the flow keeps waiting.
	Paste(raw string) error
	// Wait blocks until a token, an error, or ctx's end.
	Wait(ctx context.Context) (*oauth2.Token, error)
	// Cancel stops the flow and frees the port at once.
	Cancel()
}

// SetupValues is what the first-run form collects.
type SetupValues struct {
	Subdomain    string
	ClientID     string
	ClientSecret string
	RedirectURI  string
	Grant        config.Grant
}

// SetupBackend saves the first-run settings into config.toml (and the
// secret into the credential store) and returns the session they make.
type SetupBackend interface {
	Save(ctx context.Context, v SetupValues) (*Session, error)
}
