package cli

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
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
		{[]string{"--readonly", "--profile", "staging", "api", "oauth/clients", "-F", "name=x"}, "(--readonly)"},
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
		{"--profile", "prod", "api", "-X", "GET", "oauth/tokens", "-f", "limit=5"},
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

// allProfilesHarness has profiles a and b on the simulator and broken on
// a server that fails every request.
func allProfilesHarness(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t)
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusForbidden)
		w.Write([]byte(`{"error": "Forbidden", "description": "no \u001b[31mway"}`))
	}))
	t.Cleanup(down.Close)
	api := h.env["CHATKEYS_API_URL"]
	delete(h.env, "CHATKEYS_API_URL")
	h.writeConfig(t, "[a]\napi_url = \""+api+"\"\n[b]\napi_url = \""+api+"\"\n[broken]\napi_url = \""+down.URL+"/api/v2/chat\"\n")
	return h
}

func TestAllProfilesTablesGainAProfileColumnAndAFailingProfileIsReported(t *testing.T) {
	h := allProfilesHarness(t)
	r := h.script(t, "clients", "list", "--all-profiles")
	if r.code != exitError {
		t.Errorf("exit %d, want 1 with a profile failing", r.code)
	}
	rows := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if rows[0] != "PROFILE\tID\tNAME\tCOMPANY\tTYPE\tSCOPES\tREDIRECT URIS\tSECRET\tUPDATED" {
		t.Fatalf("header %q", rows[0])
	}
	n := len(h.sim.Clients())
	if len(rows) != 2*n+1 || !strings.HasPrefix(rows[1], "a\t") || !strings.HasPrefix(rows[n+1], "b\t") {
		t.Fatalf("%d rows, want %d of a then b:\n%s", len(rows), 2*n+1, r.stdout)
	}
	if !strings.Contains(r.stderr, "chatkeys: profile broken: list clients: no �way (HTTP 403)") ||
		!strings.HasSuffix(r.stderr, "chatkeys: 1 of 3 profiles failed: broken\n") || strings.Contains(r.stderr, "\x1b") {
		t.Errorf("stderr %q", r.stderr)
	}
}

func TestAllProfilesJSONObjectsCarryTheirProfile(t *testing.T) {
	h := allProfilesHarness(t)
	r := h.script(t, "tokens", "list", "--all-profiles", "--json")
	var got []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("%v:\n%s", err, r.stdout)
	}
	count := map[any]int{}
	for _, tok := range got {
		count[tok["profile"]]++
	}
	n := len(h.sim.Tokens())
	if count["a"] != n || count["b"] != n || len(count) != 2 {
		t.Errorf("tokens by profile %v, want %d each of a and b", count, n)
	}
	if !strings.HasPrefix(r.stdout, "[\n  {\n    \"profile\": \"a\",\n    \"id\": ") {
		t.Errorf("profile is not the first field: %.80q", r.stdout)
	}
	jq := h.script(t, "tokens", "list", "--all-profiles", "--jq", `map(select(.profile == "b")) | length`)
	if jq.stdout != itoa64(int64(n))+"\n" {
		t.Errorf("--jq over the merged list: %q", jq.stdout)
	}
}

func TestAllProfilesStatusAndAudit(t *testing.T) {
	h := allProfilesHarness(t)
	r := h.script(t, "status", "--all-profiles")
	rows := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(rows) != 4 || rows[0] != "PROFILE\tACCOUNT\tLOGGED IN\tGRANT\tEXPIRES\tSTORED IN" || !strings.HasPrefix(rows[3], "broken\t127.0.0.1:") {
		t.Errorf("status table:\n%s", r.stdout)
	}
	var reports []statusReport
	if err := json.Unmarshal([]byte(h.script(t, "status", "--all-profiles", "--json").stdout), &reports); err != nil || len(reports) != 3 || reports[1].Profile != "b" {
		t.Errorf("status --json: %+v, %v", reports, err)
	}
	a := h.script(t, "audit", "--all-profiles")
	if !strings.HasPrefix(a.stdout, "PROFILE\tSEVERITY\tSUBJECT\tFIX\tWHAT\na\t") || !strings.Contains(a.stderr, "profile broken") || a.code != exitError {
		t.Errorf("audit: exit %d\n%s\n%s", a.code, a.stdout, a.stderr)
	}
	if r := h.script(t, "audit", "--all-profiles", "--fix", "expired"); r.code != exitUsage {
		t.Errorf("--all-profiles --fix: exit %d", r.code)
	}
}
