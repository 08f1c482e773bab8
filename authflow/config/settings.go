package config

import (
	"errors"
	"fmt"
	"net/url"
	"time"
)

// Defaults for settings nothing else sets. The redirect URI is the one the
// help-centre tutorial registers, so existing clients work unchanged.
const (
	DefaultProfile     = "default"
	DefaultRedirectURI = "http://localhost:8080"
	DefaultScopes      = "read write"
	DefaultGrant       = GrantCode
)

// Settings is what one run of chatkeys uses, resolved from flags,
// environment, the profile file and defaults, in that order, each setting
// on its own.
type Settings struct {
	// Profile is --profile, then CHATKEYS_PROFILE, else "default".
	Profile string
	// ProfileFound reports whether config.toml has a table for Profile.
	ProfileFound bool
	// Subdomain is the bare account label ("acme"), or "" when only URLs
	// are configured.
	Subdomain string
	// APIURL, AuthorizeURL and TokenURL are derived from Subdomain unless
	// overridden, and each has passed api.CheckSecureURL. They are all ""
	// when nothing is configured: see Configured.
	APIURL, AuthorizeURL, TokenURL string

	ClientID     string
	ClientSecret string
	RedirectURI  string
	// Scopes is space-separated, e.g. "read write".
	Scopes string
	// Grant is the grant chatkeys login runs by default.
	Grant Grant
	PKCE  bool
	// Rate is a ceiling set by hand on the requests to the API (--rate,
	// CHATKEYS_RATE or rate in the profile); zero for none.
	Rate Rate
	// Accent is the profile's colour for the TUI, "#rrggbb" (a valid
	// colour), or "" for the theme's.
	Accent string
	// Readonly refuses every destructive action: readonly in the profile,
	// or --readonly. ReadonlyFrom names which, for the refusal.
	Readonly     bool
	ReadonlyFrom string
	// NoMouse is mouse = false in the profile: the TUI takes no clicks.
	NoMouse bool
	// Refresh is refresh in the profile: the TUI's tables start
	// refreshing at this interval, at least MinRefresh; zero for none.
	Refresh time.Duration

	// Token is CHATKEYS_TOKEN or its flag. When set it overrides the
	// credential store, for scripts.
	Token string
	// ConfigPath is the profile file these settings were read from.
	ConfigPath string
	// FromEnv marks the settings that came from the environment, keyed by
	// their config.toml names ("subdomain", "api_url", "client_id", …) plus
	// "profile" and "token", so the UI can say "CHATKEYS_TOKEN overrides the
	// store".
	FromEnv map[string]bool
}

// Overrides are the settings given on the command line; "" (or a nil PKCE)
// means the flag was not given.
type Overrides struct {
	Profile      string
	ConfigPath   string
	Subdomain    string
	APIURL       string
	AuthorizeURL string
	TokenURL     string
	ClientID     string
	ClientSecret string
	RedirectURI  string
	Scopes       string
	Grant        string
	PKCE         *bool
	Token        string
	Rate         string
	// Readonly is --readonly: it can only add the restriction.
	Readonly bool
}

// ErrNotConfigured is matched (errors.Is) by RequireAPI's error when no
// account is configured: no subdomain and no api_url anywhere.
var ErrNotConfigured = errors.New("no Zendesk Chat account configured")

// Configured reports whether the settings name an account to talk to. It is
// false on first run, which is not an error: the TUI offers its setup form.
func (s Settings) Configured() bool { return s.APIURL != "" }

// RequireAPI returns nil when an account is configured and otherwise a
// *NotConfiguredError, which matches ErrNotConfigured. Commands that must
// reach the API call it first.
func (s Settings) RequireAPI() error {
	if s.Configured() {
		return nil
	}
	return &NotConfiguredError{Profile: s.Profile, ConfigPath: s.ConfigPath,
		ProfileMissing: !s.ProfileFound && s.Profile != DefaultProfile}
}

// Host is the account's host for display: the API URL's host (with its
// port, if any), else subdomain.zendesk.com, else "".
func (s Settings) Host() string {
	if u, err := url.Parse(s.APIURL); err == nil && u.Host != "" {
		return u.Host
	}
	if s.Subdomain != "" {
		return s.Subdomain + ".zendesk.com"
	}
	return ""
}

// NotConfiguredError is RequireAPI's error: the profile names no account.
// ProfileMissing tells a profile that config.toml lacks (the user named
// one that does not exist) from one that is there, or the default.
type NotConfiguredError struct {
	Profile        string
	ConfigPath     string
	ProfileMissing bool
}

func (e *NotConfiguredError) Error() string {
	return fmt.Sprintf("profile %q: %v", e.Profile, ErrNotConfigured)
}

func (e *NotConfiguredError) Unwrap() error { return ErrNotConfigured }
