package cli

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chatkeys/authflow"
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
