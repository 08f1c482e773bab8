package cli

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"chatkeys/authflow/audit"
)

// simFindings is what the audit finds in the simulator's account as it
// is now, without chatkeys' own login.
func (h *harness) simFindings() []audit.Finding {
	return audit.Audit(audit.Input{Clients: h.sim.Clients(), Tokens: h.sim.Tokens(), Now: time.Now()})
}

func TestAuditJSONListsEveryTokenAndClientKindTheSimulatedAccountHas(t *testing.T) {
	h := newHarness(t)
	r := h.scriptOK(t, "audit", "--json")
	var got []audit.Finding
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if strings.Contains(r.stdout, `"agent_id": 0`) {
		t.Error("a subject without an agent carries agent_id 0 instead of leaving it out")
	}
	kinds := map[audit.Kind]bool{}
	for _, f := range got {
		kinds[f.Kind] = true
	}
	for _, k := range audit.Kinds {
		if !kinds[k] && !strings.HasPrefix(string(k), "login.") {
			t.Errorf("no %s finding", k)
		}
	}
	for i := 1; i < len(got); i++ {
		if got[i].Severity > got[i-1].Severity {
			t.Fatalf("finding %d (%s) after a lower one (%s)", i, got[i].Severity, got[i-1].Severity)
		}
	}
}

func TestAuditFailOnExitsOneOnlyWhenAFindingReachesTheLevel(t *testing.T) {
	h := newHarness(t)
	if r := h.script(t, "audit", "--fail-on", "high"); r.code != 1 || !strings.Contains(r.stderr, "at high or above (--fail-on high)") {
		t.Errorf("--fail-on high: exit %d, stderr %q", r.code, r.stderr)
	}
	h.scriptOK(t, "audit") // without --fail-on, findings are not a failure
	if r := h.script(t, "audit", "--fail-on", "severe"); r.code != 2 {
		t.Errorf("--fail-on severe: exit %d, want 2 (usage)", r.code)
	}
}

func TestAuditFixOrphansDryRunShowsTheSetAndSendsNoDelete(t *testing.T) {
	h := newHarness(t)
	want := audit.FixSet(h.simFindings(), audit.FixRevokeOrphans)
	if len(want) == 0 {
		t.Fatal("the simulated account has no orphaned token")
	}
	r := h.scriptOK(t, "audit", "--fix", "orphans", "--dry-run")
	for _, id := range want {
		if !strings.Contains(r.stdout, "\n"+strconv.FormatInt(id, 10)+"\t") {
			t.Errorf("token %d is not in the set shown:\n%s", id, r.stdout)
		}
	}
	if n := h.sim.RequestCount("DELETE", "/"); n != 0 {
		t.Errorf("%d DELETEs in a dry run", n)
	}
}

func TestAuditFixExpiredYesRevokesExactlyTheExpiredTokens(t *testing.T) {
	h := newHarness(t)
	want := audit.FixSet(h.simFindings(), audit.FixRevokeExpired)
	before := h.remainingIDs()
	h.scriptOK(t, "audit", "--fix", "expired", "--yes")
	left := slices.DeleteFunc(before, func(id int64) bool { return slices.Contains(want, id) })
	if got := h.remainingIDs(); len(want) == 0 || !slices.Equal(got, left) {
		t.Errorf("tokens left %v, want %v (revoking %v)", got, left, want)
	}
	if n := h.sim.RequestCount("DELETE", "/"); n != len(want) {
		t.Errorf("%d DELETEs, want %d", n, len(want))
	}
}

func TestAuditFixWithoutATerminalOrYesRevokesNothing(t *testing.T) {
	h := newHarness(t)
	if r := h.script(t, "audit", "--fix", "expired"); r.code == 0 {
		t.Errorf("exit 0 without --yes: %s", r.stdout)
	}
	if n := h.sim.RequestCount("DELETE", "/"); n != 0 {
		t.Errorf("%d DELETEs without a confirmation", n)
	}
}

func TestAuditFindsALoginKeptInThePlainTextFileAndNamesItsPath(t *testing.T) {
	h := loginHarness(t)
	h.keyring = noKeyring()
	h.scriptOK(t, "login", "--grant", "client-credentials")
	path := filepath.Join(h.env["XDG_CONFIG_HOME"], "chatkeys", "credentials.json")
	r := h.scriptOK(t, "audit", "--json")
	var got []audit.Finding
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	var plain []audit.Finding
	for _, f := range got {
		if f.Kind == audit.KindLoginPlainText {
			plain = append(plain, f)
		}
	}
	if len(plain) != 1 || plain[0].Severity != audit.Warn || !strings.Contains(plain[0].Explanation, path) {
		t.Fatalf("plain-text login findings %+v, want one warning naming %s", plain, path)
	}
	if text := h.scriptOK(t, "audit"); !strings.Contains(text.stdout, path) {
		t.Errorf("the table does not show the finding:\n%s", text.stdout)
	}
}

func TestAuditFindsNoPlainTextLoginWhenTheKeyringHoldsIt(t *testing.T) {
	h := loginHarness(t)
	h.scriptOK(t, "login", "--grant", "client-credentials")
	if r := h.scriptOK(t, "audit", "--json"); strings.Contains(r.stdout, string(audit.KindLoginPlainText)) {
		t.Fatalf("a keyring login reported as plain text:\n%s", r.stdout)
	}
}
