package cli

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chatkeys/authflow"
	"chatkeys/authflow/config"
	"chatkeys/authflow/store"
	"chatkeys/ui"
)

func TestFirstRunSetupWritesTheProfileAndKeepsTheSecretOutOfIt(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"XDG_CONFIG_HOME": dir}
	f := NewFactory(IO{In: strings.NewReader(""), Out: io.Discard, Err: io.Discard, Getenv: func(k string) string { return env[k] }, Keyring: store.NewMemoryKeyring()})
	s, logins, err := sessionDepsOf(f).settingsAndLogins()
	if err != nil || s.Configured() {
		t.Fatalf("a fresh machine should be unconfigured: %v", err)
	}
	b := &setupBackend{f: f, login: newLoginBackend(f, logins, s)}
	sess, err := b.Save(context.Background(), ui.SetupValues{Subdomain: "acme", ClientID: "cid", ClientSecret: "very-secret-value",
		RedirectURI: "http://localhost:8080", Grant: "code"})
	if err != nil || sess.Host != "acme.zendesk.com" || sess.LoginClientID != "cid" {
		t.Fatalf("session %+v, err %v", sess, err)
	}
	file, err := os.ReadFile(filepath.Join(dir, "chatkeys", "config.toml"))
	if err != nil || !strings.Contains(string(file), "subdomain = 'acme'") || strings.Contains(string(file), "very-secret-value") {
		t.Fatalf("config.toml:\n%s (%v)", file, err)
	}
	if got := b.login.Defaults(context.Background()); got.ClientID != "cid" || got.ClientSecret != "very-secret-value" {
		t.Fatalf("the Login tab's defaults after setup: %+v", got)
	}
	if _, err := logins.Resolve(context.Background(), b.login.current()); !errors.Is(err, authflow.ErrNotLoggedIn) {
		t.Fatal("a stored secret alone counts as a login")
	}
}

// TestTheTUIsProfileSwitchOpensTheChosenProfilesSession lists the
// profiles as the TUI's picker does and switches to one: the session is
// that profile's, with its read-only setting and accent, the backend's
// later logins use its settings, and a profile no longer in the file is
// an error.
func TestTheTUIsProfileSwitchOpensTheChosenProfilesSession(t *testing.T) {
	h := newHarness(t)
	h.writeConfig(t, "[default]\nsubdomain = \"acme-staging\"\n[prod]\nsubdomain = \"acme\"\nreadonly = true\naccent = \"#d7005f\"\n")
	f := NewFactory(IO{Getenv: func(k string) string { return h.env[k] }, Err: io.Discard, Out: io.Discard, In: strings.NewReader(""), Keyring: h.keyring})
	s, logins, err := sessionDepsOf(f).settingsAndLogins()
	if err != nil {
		t.Fatal(err)
	}
	b := newLoginBackend(f, logins, s)
	names, err := b.Profiles()
	if err != nil || strings.Join(names, ",") != "default,prod" {
		t.Fatalf("profiles %q, %v", names, err)
	}
	sess, err := b.SwitchProfile(context.Background(), "prod")
	if err != nil {
		t.Fatal(err)
	}
	if sess.Profile != "prod" || !sess.Readonly || sess.Accent != "#d7005f" || b.current().Profile != "prod" || sess.Client == nil {
		t.Fatalf("session %+v, backend on %q", sess, b.current().Profile)
	}
	if _, err := b.SwitchProfile(context.Background(), "gone"); err == nil || !strings.Contains(err.Error(), "gone") {
		t.Fatalf("a missing profile: %v", err)
	}
}

// TestTheTUIsSessionCarriesTheProfilesRefreshAndSortsAndSavesUnderItsName
// opens two profiles' sessions: each has its own refresh setting and the
// sorts saved for it in table_sorts, and its SaveSort saves under its
// own name, leaving the other profile's sorts. The demo saves nothing.
func TestTheTUIsSessionCarriesTheProfilesRefreshAndSortsAndSavesUnderItsName(t *testing.T) {
	h := newHarness(t)
	path := h.writeConfig(t, "[default]\nsubdomain = \"acme-staging\"\n[prod]\nsubdomain = \"acme\"\nrefresh = \"45s\"\n")
	if err := config.SaveTableSort(path, "prod", "tokens", config.TableSort{Column: "Expires", Desc: true}); err != nil {
		t.Fatal(err)
	}
	f := NewFactory(IO{Getenv: func(k string) string { return h.env[k] }, Err: io.Discard, Out: io.Discard, In: strings.NewReader(""), Keyring: h.keyring})
	s, logins, err := sessionDepsOf(f).settingsAndLogins()
	if err != nil {
		t.Fatal(err)
	}
	b := newLoginBackend(f, logins, s)
	first, err := b.session(context.Background())
	if err != nil || first.Refresh != 0 || len(first.Sorts) != 0 || first.SaveSort == nil {
		t.Fatalf("default: %+v, %v", first, err)
	}
	prod, err := b.SwitchProfile(context.Background(), "prod")
	if err != nil {
		t.Fatal(err)
	}
	if prod.Refresh != 45*time.Second || prod.Sorts["tokens"] != (config.TableSort{Column: "Expires", Desc: true}) {
		t.Fatalf("prod: refresh %v, sorts %v", prod.Refresh, prod.Sorts)
	}
	if err := first.SaveSort("clients", config.TableSort{Column: "Name"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := config.LoadTableSorts(path, "default"); got["clients"].Column != "Name" {
		t.Fatalf("default's save: %v", got)
	}
	if got, _ := config.LoadTableSorts(path, "prod"); len(got) != 1 || got["tokens"].Column != "Expires" {
		t.Fatalf("prod's sorts after default's save: %v", got)
	}

	d, err := startDemo(0)
	if err != nil {
		t.Fatal(err)
	}
	defer d.close()
	if _, demo, err := newDemoBackend(context.Background(), f, d); err != nil || demo.SaveSort != nil || demo.Sorts != nil || demo.Refresh != 0 {
		t.Fatalf("the demo's session: %+v, %v", demo, err)
	}
}
