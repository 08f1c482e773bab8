package config_test

import (
	"errors"
	"strings"
	"testing"

	"chatkeys/api"
	"chatkeys/authflow/config"
)

func fileWith(name string, p config.Profile) *config.File {
	f := &config.File{}
	f.Set(name, p)
	return f
}

func TestResolveTakesFlagOverEnvOverFileOverDefault(t *testing.T) {
	t.Parallel()
	file := fileWith("default", config.Profile{ClientID: "file-id", Scopes: "read", Grant: "password", RedirectURI: "http://localhost:9000"})
	getenv := env(map[string]string{"CHATKEYS_CLIENT_ID": "env-id", "CHATKEYS_SCOPES": "write"})
	s, err := config.Resolve(file, config.Overrides{ClientID: "flag-id"}, getenv)
	if err != nil {
		t.Fatal(err)
	}
	if s.ClientID != "flag-id" {
		t.Errorf("ClientID = %q, want the flag's", s.ClientID)
	}
	if s.Scopes != "write" || !s.FromEnv["scopes"] {
		t.Errorf("Scopes = %q (from env %v), want the environment's", s.Scopes, s.FromEnv["scopes"])
	}
	if s.Grant != "password" || s.RedirectURI != "http://localhost:9000" {
		t.Errorf("Grant, RedirectURI = %q, %q, want the file's", s.Grant, s.RedirectURI)
	}
	if s.FromEnv["client_id"] {
		t.Error("client_id is marked as from the environment though the flag won")
	}

	s, err = config.Resolve(nil, config.Overrides{}, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if s.Profile != "default" || s.RedirectURI != "http://localhost:8080" || s.Scopes != "read write" || s.Grant != "code" || s.PKCE {
		t.Errorf("defaults = %+v", s)
	}
}

func TestResolvePicksTheProfileFromFlagThenEnv(t *testing.T) {
	t.Parallel()
	file := fileWith("default", config.Profile{Subdomain: "home"})
	file.Set("work", config.Profile{Subdomain: "work"})
	file.Set("other", config.Profile{Subdomain: "other"})

	s, err := config.Resolve(file, config.Overrides{}, env(map[string]string{"CHATKEYS_PROFILE": "work"}))
	if err != nil || s.Profile != "work" || s.Subdomain != "work" || !s.FromEnv["profile"] || !s.ProfileFound {
		t.Fatalf("env profile: %+v, %v", s, err)
	}
	s, err = config.Resolve(file, config.Overrides{Profile: "other"}, env(map[string]string{"CHATKEYS_PROFILE": "work"}))
	if err != nil || s.Profile != "other" || s.Subdomain != "other" {
		t.Fatalf("flag profile: %+v, %v", s, err)
	}
}

func TestResolveNormalisesTheSubdomain(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"acme", "acme.zendesk.com", "https://ACME.zendesk.com/agent"} {
		s, err := config.Resolve(fileWith("default", config.Profile{Subdomain: in}), config.Overrides{}, env(nil))
		if err != nil || s.Subdomain != "acme" {
			t.Errorf("%q: Subdomain = %q, %v", in, s.Subdomain, err)
		}
	}
}

func TestResolveRefusesABadSubdomainWithAnExampleAndItsSource(t *testing.T) {
	t.Parallel()
	_, err := config.Resolve(nil, config.Overrides{}, env(map[string]string{"CHATKEYS_SUBDOMAIN": "acme.example.com"}))
	var se *api.SubdomainError
	if !errors.As(err, &se) {
		t.Fatalf("error = %v, want a SubdomainError", err)
	}
	if !strings.Contains(err.Error(), "CHATKEYS_SUBDOMAIN") || !strings.Contains(err.Error(), "enter acme") {
		t.Fatalf("error %q names neither the source nor the example", err)
	}
}

func TestResolveDerivesEveryURLFromTheSubdomain(t *testing.T) {
	t.Parallel()
	s, err := config.Resolve(fileWith("default", config.Profile{Subdomain: "acme"}), config.Overrides{}, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	want := api.EndpointsFor("acme")
	if s.APIURL != want.API || s.AuthorizeURL != want.Authorize || s.TokenURL != want.Token {
		t.Fatalf("URLs = %q %q %q, want %+v", s.APIURL, s.AuthorizeURL, s.TokenURL, want)
	}
	if s.Host() != "acme.zendesk.com" || !s.Configured() {
		t.Fatalf("Host = %q, Configured = %v", s.Host(), s.Configured())
	}
}

func TestResolveLetsEachURLBeOverriddenOnItsOwn(t *testing.T) {
	t.Parallel()
	file := fileWith("default", config.Profile{Subdomain: "acme", TokenURL: "https://www.zopim.com/oauth2/token"})
	s, err := config.Resolve(file, config.Overrides{APIURL: "http://127.0.0.1:4000/api/v2/chat"},
		env(map[string]string{"CHATKEYS_AUTHORIZE_URL": "https://auth.example.com/authorize"}))
	if err != nil {
		t.Fatal(err)
	}
	if s.APIURL != "http://127.0.0.1:4000/api/v2/chat" || s.AuthorizeURL != "https://auth.example.com/authorize" ||
		s.TokenURL != "https://www.zopim.com/oauth2/token" {
		t.Fatalf("URLs = %q %q %q", s.APIURL, s.AuthorizeURL, s.TokenURL)
	}
	if s.Host() != "127.0.0.1:4000" {
		t.Fatalf("Host = %q, want the API URL's host", s.Host())
	}
	if !s.FromEnv["authorize_url"] || s.FromEnv["api_url"] {
		t.Fatalf("FromEnv = %v", s.FromEnv)
	}
}

func TestResolveRefusesPlainHTTPToANonLoopbackHostNamingTheSetting(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		file   *config.File
		ov     config.Overrides
		vars   map[string]string
		naming string
	}{
		{"flag api_url", nil, config.Overrides{APIURL: "http://api.example.com/chat"}, nil, "api_url (from the command line)"},
		{"env token_url", nil, config.Overrides{}, map[string]string{"CHATKEYS_TOKEN_URL": "http://example.com/token"}, "token_url (from CHATKEYS_TOKEN_URL)"},
		{"file authorize_url", fileWith("default", config.Profile{AuthorizeURL: "http://example.com/a"}), config.Overrides{ConfigPath: "/c.toml"}, nil, "authorize_url in [default] of /c.toml"},
		{"relative api_url", nil, config.Overrides{APIURL: "/api/v2"}, nil, "api_url"},
	} {
		_, err := config.Resolve(tc.file, tc.ov, env(tc.vars))
		if err == nil || !strings.Contains(err.Error(), tc.naming) {
			t.Errorf("%s: error = %v, want it to name %q", tc.name, err, tc.naming)
		}
	}
}

func TestResolveAcceptsGrantSpellingsAndRefusesUnknownGrants(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]config.Grant{
		"code": "code", "authorization_code": "code", "Implicit": "implicit",
		"password": "password", "client_credentials": "client-credentials", "client-credentials": "client-credentials",
	} {
		s, err := config.Resolve(nil, config.Overrides{Grant: in}, env(nil))
		if err != nil || s.Grant != want {
			t.Errorf("grant %q = %q, %v; want %q", in, s.Grant, err, want)
		}
	}
	_, err := config.Resolve(fileWith("default", config.Profile{Grant: "device"}), config.Overrides{}, env(nil))
	if err == nil || !strings.Contains(err.Error(), `unknown grant "device"`) || !strings.Contains(err.Error(), "client-credentials") {
		t.Fatalf("error = %v, want the unknown grant refused with the valid names", err)
	}
}

func TestResolveTakesTheTokenFromTheEnvironmentAndSaysSo(t *testing.T) {
	t.Parallel()
	s, err := config.Resolve(nil, config.Overrides{}, env(map[string]string{"CHATKEYS_TOKEN": " tok \n"}))
	if err != nil || s.Token != "tok" || !s.FromEnv["token"] {
		t.Fatalf("Token = %q, FromEnv = %v, %v", s.Token, s.FromEnv, err)
	}
	if config.EnvVar("token") != "CHATKEYS_TOKEN" {
		t.Fatalf("EnvVar(token) = %q", config.EnvVar("token"))
	}
}

func TestResolveKeepsAHandWrittenSecretAndPKCE(t *testing.T) {
	t.Parallel()
	file := fileWith("default", config.Profile{ClientSecret: "from-file", PKCE: true})
	s, err := config.Resolve(file, config.Overrides{}, env(nil))
	if err != nil || s.ClientSecret != "from-file" || !s.PKCE {
		t.Fatalf("%+v, %v", s, err)
	}
	off := false
	s, err = config.Resolve(file, config.Overrides{PKCE: &off}, env(map[string]string{"CHATKEYS_CLIENT_SECRET": "from-env"}))
	if err != nil || s.ClientSecret != "from-env" || s.PKCE {
		t.Fatalf("%+v, %v", s, err)
	}
}

func TestResolveNormalisesScopeLists(t *testing.T) {
	t.Parallel()
	s, err := config.Resolve(nil, config.Overrides{Scopes: " read,write  chat "}, env(nil))
	if err != nil || s.Scopes != "read write chat" {
		t.Fatalf("Scopes = %q, %v", s.Scopes, err)
	}
}
