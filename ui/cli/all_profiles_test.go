package cli

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

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
