package config_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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

func TestAccentReadonlyAndMouseAreReadFromTheProfileTable(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "config.toml")
	os.WriteFile(path, []byte("[prod]\nsubdomain = \"acme\"\naccent = \"#D7005F\"\nreadonly = true\nmouse = false\n[staging]\nsubdomain = \"acme-staging\"\n"), 0o600)
	f, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := config.Resolve(f, config.Overrides{Profile: "prod", ConfigPath: path}, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if s.Accent != "#d7005f" || !s.Readonly || !strings.Contains(s.ReadonlyFrom, "readonly = true in [prod]") || !s.NoMouse {
		t.Errorf("accent %q readonly %v from %q, no mouse %v", s.Accent, s.Readonly, s.ReadonlyFrom, s.NoMouse)
	}
	s, _ = config.Resolve(f, config.Overrides{Profile: "staging", ConfigPath: path}, env(nil))
	if s.Readonly || s.Accent != "" || s.NoMouse {
		t.Errorf("staging: accent %q readonly %v no mouse %v", s.Accent, s.Readonly, s.NoMouse)
	}
	s, _ = config.Resolve(f, config.Overrides{Profile: "staging", ConfigPath: path, Readonly: true}, env(nil))
	if !s.Readonly || s.ReadonlyFrom != "--readonly" {
		t.Errorf("--readonly: %v from %q", s.Readonly, s.ReadonlyFrom)
	}
}

func TestAnAccentThatIsNotAColourIsAnErrorNamingTheSetting(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{"red", "#d7005", "#gg0000", "#d7005f\x1b"} {
		_, err := config.Resolve(fileWith("default", config.Profile{Subdomain: "acme", Accent: bad}), config.Overrides{ConfigPath: "/c/config.toml"}, env(nil))
		if err == nil || !strings.Contains(err.Error(), "accent in [default] of /c/config.toml") {
			t.Errorf("accent %q: %v", bad, err)
		}
	}
}

func TestAccentReadonlyAndMouseSurviveAnUpdate(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "config.toml")
	off := false
	if _, err := config.Update(path, func(f *config.File) error {
		f.Set("prod", config.Profile{Subdomain: "acme", Accent: "#d7005f", Readonly: true, Mouse: &off})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	f, err := config.Load(path)
	if p, _ := f.Profile("prod"); err != nil || p.Accent != "#d7005f" || !p.Readonly || p.Mouse == nil || *p.Mouse {
		t.Fatalf("read back %+v, %v", p, err)
	}
}

func TestTheCurrentProfileIsUsedUnlessAFlagOrTheEnvironmentNamesOne(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "config.toml")
	os.WriteFile(path, []byte("[default]\nsubdomain = \"a\"\n[staging]\nsubdomain = \"b\"\n"), 0o600)
	if err := config.SetCurrent(path, "staging"); err != nil {
		t.Fatal(err)
	}
	f, err := config.Load(path)
	if err != nil || f.Current != "staging" {
		t.Fatalf("current %q, %v", f.Current, err)
	}
	if s, _ := config.Resolve(f, config.Overrides{ConfigPath: path}, env(nil)); s.Profile != "staging" {
		t.Errorf("profile %q, want the current one", s.Profile)
	}
	if s, _ := config.Resolve(f, config.Overrides{ConfigPath: path}, env(map[string]string{"CHATKEYS_PROFILE": "default"})); s.Profile != "default" {
		t.Errorf("CHATKEYS_PROFILE lost to the current profile: %q", s.Profile)
	}
	if s, _ := config.Resolve(f, config.Overrides{Profile: "default", ConfigPath: path}, env(nil)); s.Profile != "default" {
		t.Errorf("--profile lost to the current profile: %q", s.Profile)
	}
	config.SetCurrent(path, "")
	if f, _ = config.Load(path); f.Current != "" {
		t.Errorf("forgotten current is %q", f.Current)
	}
}

func FuzzParseAccent(f *testing.F) {
	for _, s := range []string{"#d7005f", "#D7005F", "", "red", "#d7005", "#d7005f\x1b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := config.ParseAccent(s)
		if err != nil {
			return
		}
		if got == "" {
			if strings.TrimSpace(s) != "" {
				t.Fatalf("%q accepted as no accent", s)
			}
			return
		}
		if len(got) != 7 || got[0] != '#' || strings.Trim(got[1:], "0123456789abcdef") != "" {
			t.Fatalf("%q gave %q, not #rrggbb", s, got)
		}
	})
}

func TestRefreshIsReadFromTheProfileTableAndAFileWithoutItSetsNone(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "config.toml")
	os.WriteFile(path, []byte("[prod]\nsubdomain = \"acme\"\nrefresh = \"1m30s\"\n[staging]\nsubdomain = \"acme-staging\"\n"), 0o600)
	f, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if s, err := config.Resolve(f, config.Overrides{Profile: "prod", ConfigPath: path}, env(nil)); err != nil || s.Refresh != 90*time.Second {
		t.Errorf("prod: refresh %v, %v", s.Refresh, err)
	}
	if s, err := config.Resolve(f, config.Overrides{Profile: "staging", ConfigPath: path}, env(nil)); err != nil || s.Refresh != 0 {
		t.Errorf("staging: refresh %v, %v", s.Refresh, err)
	}
}

func TestARefreshThatIsNotADurationOrTooOftenIsAnErrorNamingTheSetting(t *testing.T) {
	t.Parallel()
	for bad, why := range map[string]string{
		"30":   "not an interval",
		"soon": "not an interval",
		"-30s": "not an interval",
		"0s":   "not an interval",
		"5s":   "give 10s or more",
		"9.9s": "give 10s or more",
	} {
		_, err := config.Resolve(fileWith("default", config.Profile{Subdomain: "acme", Refresh: bad}), config.Overrides{ConfigPath: "/c/config.toml"}, env(nil))
		if err == nil || !strings.Contains(err.Error(), "refresh in [default] of /c/config.toml") || !strings.Contains(err.Error(), why) {
			t.Errorf("refresh %q: %v, want it to name the setting and say %q", bad, err, why)
		}
	}
	if s, err := config.Resolve(fileWith("default", config.Profile{Subdomain: "acme", Refresh: " 10s "}), config.Overrides{}, env(nil)); err != nil || s.Refresh != config.MinRefresh {
		t.Errorf("the shortest interval allowed: %v, %v", s.Refresh, err)
	}
}

func TestAMisspeltRefreshIsAnUnknownSettingListingRefresh(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "config.toml")
	os.WriteFile(path, []byte("[default]\nsubdomain = \"acme\"\nrefesh = \"30s\"\n"), 0o600)
	if _, err := config.Load(path); err == nil || !strings.Contains(err.Error(), `"refesh"`) || !strings.Contains(err.Error(), "refresh") {
		t.Fatalf("Load = %v", err)
	}
}
