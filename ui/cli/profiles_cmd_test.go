package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeConfig writes config.toml under the harness's config home.
func (h *harness) writeConfig(t *testing.T, toml string) string {
	t.Helper()
	dir := filepath.Join(h.env["XDG_CONFIG_HOME"], "chatkeys")
	os.MkdirAll(dir, 0o700)
	path := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(path, []byte(toml), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func profilesOf(t *testing.T, h *harness) []profileJSON {
	t.Helper()
	var out []profileJSON
	if err := json.Unmarshal([]byte(h.scriptOK(t, "profiles", "list", "--json").stdout), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestProfilesAddUseListAndRemove(t *testing.T) {
	h := newHarness(t)
	h.scriptOK(t, "profiles", "add", "staging", "--subdomain", "acme-staging", "--accent", "#D7005F")
	h.scriptOK(t, "profiles", "add", "prod", "--subdomain", "https://acme.zendesk.com", "--readonly")
	got := profilesOf(t, h)
	want := []profileJSON{
		{Name: "prod", Subdomain: "acme", Account: "acme.zendesk.com", Readonly: true},
		{Name: "staging", Subdomain: "acme-staging", Account: "acme-staging.zendesk.com", Accent: "#d7005f"},
	}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("profiles %+v, want %+v", got, want)
	}
	if r := h.scriptOK(t, "profiles", "use", "staging"); r.stdout != "Now using profile staging.\n" {
		t.Errorf("use: %q", r.stdout)
	}
	if got := profilesOf(t, h); got[0].Current || !got[1].Current {
		t.Errorf("after use staging: %+v", got)
	}
	h.stdoutTTY = true
	table := h.scriptOK(t, "profiles", "list").stdout
	h.stdoutTTY = false
	if !strings.Contains(table, "*        staging  acme-staging.zendesk.com") {
		t.Errorf("the current profile is not marked:\n%s", table)
	}
	if got := h.scriptOK(t, "status", "--json").stdout; !strings.Contains(got, `"profile": "staging"`) {
		t.Errorf("status after use staging: %s", got)
	}
	h.scriptOK(t, "profiles", "remove", "staging", "--yes")
	if got := profilesOf(t, h); len(got) != 1 || got[0].Name != "prod" || got[0].Current {
		t.Errorf("after remove: %+v", got)
	}
}

func TestProfilesMistakesAreUsageErrors(t *testing.T) {
	h := newHarness(t)
	h.writeConfig(t, "[default]\nsubdomain = \"acme\"\n")
	for _, args := range [][]string{
		{"profiles", "use", "nosuch"},
		{"profiles", "remove", "nosuch", "--yes"},
		{"profiles", "add", "default", "--subdomain", "x"},
		{"profiles", "add", "new"},
		{"profiles", "add", "new", "--subdomain", "x", "--accent", "pink"},
		{"profiles", "remove", "default"}, // stdin is not a terminal, and no --yes
	} {
		r := h.script(t, args...)
		if r.code != exitUsage || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("%q: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
	if got := profilesOf(t, h); len(got) != 1 {
		t.Errorf("profiles changed: %+v", got)
	}
}

func TestReadonlyProfileRefusesEveryCommandThatChangesTheAccount(t *testing.T) {
	h := newHarness(t)
	h.writeConfig(t, "[prod]\nsubdomain = \"acme\"\nreadonly = true\n[staging]\nsubdomain = \"acme\"\n")
	victim := itoa64(h.sim.Clients()[1].ID)
	tok := itoa64(h.sim.Tokens()[0].ID)
	for _, tc := range []struct {
		args []string
		from string
	}{
		{[]string{"--profile", "prod", "clients", "delete", victim, "--yes"}, "readonly = true in [prod]"},
		{[]string{"--profile", "prod", "tokens", "revoke", tok, "--yes"}, "readonly = true in [prod]"},
		{[]string{"--profile", "staging", "--readonly", "clients", "rotate-secret", victim, "--yes"}, "(--readonly)"},
		{[]string{"--readonly", "--profile", "staging", "api", "-X", "DELETE", "oauth/clients/" + victim}, "(--readonly)"},
		{[]string{"--readonly", "--profile", "staging", "api", "oauth/clients", "-f", "name=x"}, "(--readonly)"},
		{[]string{"--readonly", "--profile", "staging", "audit", "--fix", "expired", "--yes"}, "(--readonly)"},
	} {
		r := h.script(t, tc.args...)
		if r.code != exitError || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "is read-only") || !strings.Contains(r.stderr, tc.from) {
			t.Errorf("%q: exit %d, stderr %q", tc.args, r.code, r.stderr)
		}
	}
	if n := h.sim.RequestCount("DELETE", "/") + h.sim.RequestCount("POST", "/"); n != 0 {
		t.Fatalf("a read-only profile sent %d changes", n)
	}
	for _, args := range [][]string{
		{"--profile", "prod", "clients", "list"},
		{"--profile", "prod", "tokens", "revoke", "--expired", "--dry-run"},
		{"--profile", "prod", "api", "oauth/clients"},
		{"--profile", "prod", "audit"},
	} {
		if r := h.script(t, args...); strings.Contains(r.stderr, "read-only") {
			t.Errorf("%q refused: %q", args, r.stderr)
		}
	}
}

func TestEveryCommandMarkedAsChangingTheAccountExists(t *testing.T) {
	paths := map[string]bool{}
	for _, c := range everyCommand(t) {
		paths[c.CommandPath()] = true
	}
	for path := range changesAccount() {
		if !paths[path] {
			t.Errorf("%q is marked but is no command", path)
		}
	}
}
