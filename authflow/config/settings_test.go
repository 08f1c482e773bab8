package config_test

import (
	"errors"
	"testing"

	"chatkeys/authflow/config"
)

func TestNothingConfiguredIsNotAnErrorButRequireAPISaysHowToFixIt(t *testing.T) {
	t.Parallel()
	s, err := config.Resolve(nil, config.Overrides{}, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if s.Configured() || s.APIURL != "" || s.AuthorizeURL != "" || s.TokenURL != "" || s.Host() != "" {
		t.Fatalf("empty settings look configured: %+v", s)
	}
	err = s.RequireAPI()
	if !errors.Is(err, config.ErrNotConfigured) {
		t.Fatalf("RequireAPI = %v, want ErrNotConfigured", err)
	}
	var nc *config.NotConfiguredError
	if !errors.As(err, &nc) || nc.ProfileMissing || nc.Profile != config.DefaultProfile {
		t.Fatalf("RequireAPI = %#v, want the default profile, not a missing one", err)
	}
}

func TestRequireAPINamesAMissingProfile(t *testing.T) {
	t.Parallel()
	s, err := config.Resolve(fileWith("default", config.Profile{Subdomain: "acme"}),
		config.Overrides{Profile: "staging", ConfigPath: "/cfg/config.toml"}, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if s.ProfileFound {
		t.Fatal("ProfileFound for a profile the file lacks")
	}
	var nc *config.NotConfiguredError
	if !errors.As(s.RequireAPI(), &nc) || !nc.ProfileMissing || nc.Profile != "staging" || nc.ConfigPath != "/cfg/config.toml" {
		t.Fatalf("RequireAPI = %#v, want the missing profile staging in /cfg/config.toml", s.RequireAPI())
	}
}

func TestRequireAPIIsNilOnceAnAPIURLIsSet(t *testing.T) {
	t.Parallel()
	s, err := config.Resolve(nil, config.Overrides{}, env(map[string]string{"CHATKEYS_API_URL": "https://proxy.example.com/chat"}))
	if err != nil || s.RequireAPI() != nil {
		t.Fatalf("RequireAPI = %v, %v", s.RequireAPI(), err)
	}
	if s.Host() != "proxy.example.com" {
		t.Fatalf("Host = %q", s.Host())
	}
}

func TestHostFallsBackToTheSubdomain(t *testing.T) {
	t.Parallel()
	if got := (config.Settings{Subdomain: "acme"}).Host(); got != "acme.zendesk.com" {
		t.Fatalf("Host = %q", got)
	}
}
