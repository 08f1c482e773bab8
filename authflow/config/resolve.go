package config

import (
	"fmt"
	"strings"

	"chatkeys/api"
)

// Resolve builds the settings for one run. Each setting is taken from the
// first layer that sets it: ov (flags), then getenv (CHATKEYS_…), then the
// selected profile of file, then the defaults. Settings are resolved
// independently, so an api_url in the profile still applies when the
// subdomain comes from the environment.
//
// The subdomain is normalised; the API, authorize and token URLs are
// derived from it unless overridden, and each must be https (or http to a
// loopback host). An error names the setting and where it came from. A
// configuration with no account at all is not an error: see Configured.
//
// file may be nil. getenv is injected so tests need not touch the process
// environment.
func Resolve(file *File, ov Overrides, getenv func(string) string) (Settings, error) {
	r := resolver{getenv: getenv, fromEnv: map[string]bool{}}
	s := Settings{FromEnv: r.fromEnv}

	current := ""
	if file != nil {
		current = file.Current
	}
	s.Profile, _ = r.pick("profile", ov.Profile, current, DefaultProfile)
	prof, found := file.Profile(s.Profile)
	s.ProfileFound = found
	r.profile = s.Profile

	s.ConfigPath = ov.ConfigPath
	if s.ConfigPath == "" {
		// Best effort: only used to point the user at the file.
		s.ConfigPath, _ = DefaultPath(getenv)
	}
	r.configPath = s.ConfigPath

	if raw, src := r.pick("subdomain", ov.Subdomain, prof.Subdomain, ""); raw != "" {
		sub, err := api.NormalizeSubdomain(raw)
		if err != nil {
			return Settings{}, fmt.Errorf("%s: %w", r.describe("subdomain", src), err)
		}
		s.Subdomain = sub
	}

	var derived api.Endpoints
	if s.Subdomain != "" {
		derived = api.EndpointsFor(s.Subdomain)
	}
	for _, u := range []struct {
		key, flag, file, derived string
		dst                      *string
	}{
		{"api_url", ov.APIURL, prof.APIURL, derived.API, &s.APIURL},
		{"authorize_url", ov.AuthorizeURL, prof.AuthorizeURL, derived.Authorize, &s.AuthorizeURL},
		{"token_url", ov.TokenURL, prof.TokenURL, derived.Token, &s.TokenURL},
	} {
		v, src := r.pick(u.key, u.flag, u.file, u.derived)
		if v != "" {
			if _, err := api.CheckSecureURL(v); err != nil {
				return Settings{}, fmt.Errorf("%s: %w", r.describe(u.key, src), err)
			}
		}
		*u.dst = v
	}

	s.ClientID, _ = r.pick("client_id", ov.ClientID, prof.ClientID, "")
	s.ClientSecret, _ = r.pick("client_secret", ov.ClientSecret, prof.ClientSecret, "")
	s.RedirectURI, _ = r.pick("redirect_uri", ov.RedirectURI, prof.RedirectURI, DefaultRedirectURI)
	scopes, _ := r.pick("scopes", ov.Scopes, prof.Scopes, DefaultScopes)
	s.Scopes = normalizeScopes(scopes)

	grant, src := r.pick("grant", ov.Grant, prof.Grant, string(DefaultGrant))
	g, err := NormalizeGrant(grant)
	if err != nil {
		return Settings{}, fmt.Errorf("%s: %w", r.describe("grant", src), err)
	}
	s.Grant = g

	s.PKCE = prof.PKCE
	if ov.PKCE != nil {
		s.PKCE = *ov.PKCE
	}
	s.Token, _ = r.pick("token", ov.Token, "", "")
	rawRate, src := r.pick("rate", ov.Rate, prof.Rate, "")
	if s.Rate, err = ParseRate(rawRate); err != nil {
		return Settings{}, fmt.Errorf("%s: %w", r.describe("rate", src), err)
	}
	if s.Accent, err = ParseAccent(prof.Accent); err != nil {
		return Settings{}, fmt.Errorf("%s: %w", r.describe("accent", fromFile), err)
	}
	switch {
	case ov.Readonly:
		s.Readonly, s.ReadonlyFrom = true, "--readonly"
	case prof.Readonly:
		s.Readonly, s.ReadonlyFrom = true, r.describe("readonly = true", fromFile)
	}
	s.NoMouse = prof.Mouse != nil && !*prof.Mouse
	if s.Refresh, err = ParseRefresh(prof.Refresh); err != nil {
		return Settings{}, fmt.Errorf("%s: %w", r.describe("refresh", fromFile), err)
	}
	return s, nil
}

// source is the layer a setting came from.
type source int

const (
	fromDefault source = iota
	fromFlag
	fromEnv
	fromFile
)

// resolver applies the layer order to one setting at a time and records
// which settings the environment supplied.
type resolver struct {
	getenv     func(string) string
	fromEnv    map[string]bool
	profile    string
	configPath string
}

// EnvVar names the environment variable for a setting, keyed by its
// config.toml name: EnvVar("api_url") is "CHATKEYS_API_URL", and
// EnvVar("token") is "CHATKEYS_TOKEN".
func EnvVar(key string) string { return envPrefix + strings.ToUpper(key) }

// pick returns the first non-blank of flag, $CHATKEYS_KEY, file and def, trimmed,
// and the layer it came from. Values are trimmed because a stray newline
// from $(cat token.txt) or a hand edit must not end up in a header.
func (r *resolver) pick(key, flag, file, def string) (string, source) {
	if v := strings.TrimSpace(flag); v != "" {
		return v, fromFlag
	}
	if v := strings.TrimSpace(r.getenv(EnvVar(key))); v != "" {
		r.fromEnv[key] = true
		return v, fromEnv
	}
	if v := strings.TrimSpace(file); v != "" {
		return v, fromFile
	}
	return def, fromDefault
}

// describe names a setting and where it came from, for an error message.
func (r *resolver) describe(key string, src source) string {
	switch src {
	case fromFlag:
		return key + " (from the command line)"
	case fromEnv:
		return key + " (from " + EnvVar(key) + ")"
	case fromFile:
		where := "config.toml"
		if r.configPath != "" {
			where = r.configPath
		}
		return fmt.Sprintf("%s in [%s] of %s", key, r.profile, where)
	}
	return key
}

// normalizeScopes reduces "read,write" or " read  write " to "read write",
// the space-separated form both the API and OAuth expect.
func normalizeScopes(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ' ' || r == '\t' || r == '\n'
	}), " ")
}

// envPrefix starts every chatkeys environment variable; some of them
// (CHATKEYS_TOKEN, CHATKEYS_CLIENT_SECRET) hold secrets.
const envPrefix = "CHATKEYS_"

// ChildEnv returns environ (KEY=value entries) without any CHATKEYS_
// variable, for the processes chatkeys starts: a browser, a clipboard
// helper or anything else must not inherit a token or a client secret.
func ChildEnv(environ []string) []string {
	out := make([]string, 0, len(environ))
	for _, kv := range environ {
		if !strings.HasPrefix(strings.ToUpper(kv), envPrefix) {
			out = append(out, kv)
		}
	}
	return out
}
