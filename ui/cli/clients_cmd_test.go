package cli

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

func TestClientsListPrintsAnAlignedTableWithTruncatedSecrets(t *testing.T) {
	h := newHarness(t)
	r := h.terminalOK(t, "clients", "list")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != len(h.sim.Clients())+1 {
		t.Fatalf("%d lines, want a header and one per client:\n%s", len(lines), r.stdout)
	}
	header := lines[0]
	for _, col := range []string{"ID", "NAME", "COMPANY", "TYPE", "SCOPES", "REDIRECT URIS", "SECRET", "UPDATED"} {
		if !strings.Contains(header, col) {
			t.Errorf("header lacks %s: %q", col, header)
		}
	}
	col := strings.Index(header, "NAME")
	for _, l := range lines[1:] {
		if l[col-1] != ' ' || l[col] == ' ' {
			t.Errorf("NAME column not aligned in %q", l)
		}
	}
	for _, c := range h.sim.Clients() {
		if strings.Contains(r.stdout, c.ClientSecret) {
			t.Errorf("client %d's full secret is printed", c.ID)
		}
		if !strings.Contains(r.stdout, c.ClientSecret[:8]+"…") {
			t.Errorf("client %d's secret prefix is missing", c.ID)
		}
	}
}

func TestClientsListJSONHasTheDocumentedShape(t *testing.T) {
	h := newHarness(t)
	r := h.scriptOK(t, "clients", "list", "--json")
	var out []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatal(err)
	}
	want := []string{"id", "name", "company", "client_identifier", "client_type", "scopes", "redirect_uris",
		"secret_prefix", "agent_id", "create_date", "update_date"}
	for _, item := range out {
		for _, k := range want {
			if _, ok := item[k]; !ok {
				t.Errorf("client %v lacks %q", item["id"], k)
			}
		}
		if _, ok := item["client_secret"]; ok {
			t.Errorf("client %v lists client_secret", item["id"])
		}
		if _, ok := item["scopes"].([]any); !ok {
			t.Errorf("scopes is not an array: %v", item["scopes"])
		}
	}
}

func TestClientsShowPrintsEveryFieldAndTheTokenCount(t *testing.T) {
	h := newHarness(t)
	demo := h.sim.DemoClient()
	r := h.scriptOK(t, "clients", "show", fmt.Sprint(demo.ID))
	count := h.tokensOf(demo.ClientIdentifier)
	for _, want := range []string{demo.Name, demo.ClientIdentifier, "confidential", "UTC"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("show lacks %q:\n%s", want, r.stdout)
		}
	}
	if !regexp.MustCompile(fmt.Sprintf(`(?m)^Tokens:\s+%d$`, count)).MatchString(r.stdout) {
		t.Errorf("show lacks the token count %d:\n%s", count, r.stdout)
	}
}

func TestClientsCreateConfidentialPrintsTheSecretOnce(t *testing.T) {
	h := newHarness(t)
	r := h.scriptOK(t, "clients", "create", "--name", "backend", "--company", "Acme",
		"--redirect-uri", "https://acme.example/cb", "--scopes", "read write", "--type", "confidential", "--json")
	var out map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatal(err)
	}
	secret, _ := out["client_secret"].(string)
	if len(secret) < 32 || out["client_type"] != "confidential" {
		t.Fatalf("create printed %v", out)
	}
	list := h.scriptOK(t, "clients", "list", "--json")
	if strings.Contains(list.stdout, secret) {
		t.Error("the secret shows again in the list")
	}
}

func TestClientsCreateServerValidationErrorIsOneLine(t *testing.T) {
	h := newHarness(t)
	r := h.script(t, "clients", "create", "--name", "x", "--redirect-uri", "http://example.com", "--scopes", "read")
	if r.code != 1 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "HTTP 400") {
		t.Fatalf("exit %d, stderr %q; want one line about the 400", r.code, r.stderr)
	}
}

func TestClientsUpdateSetsTheType(t *testing.T) {
	h := newHarness(t)
	id := h.sim.Clients()[1].ID
	h.scriptOK(t, "clients", "update", fmt.Sprint(id), "--type", "confidential")
	if got := h.sim.Clients()[1].ClientType; got != "confidential" {
		t.Fatalf("type = %q", got)
	}
	if r := h.script(t, "clients", "update", fmt.Sprint(id)); r.code != 2 {
		t.Errorf("update with no fields: exit %d, want 2", r.code)
	}
}

func TestClientsRotateSecretPrintsOnlyTheNewSecretOnStdout(t *testing.T) {
	h := newHarness(t)
	demo := h.sim.DemoClient()
	r := h.scriptOK(t, "clients", "rotate-secret", fmt.Sprint(demo.ID), "--yes")
	if got := strings.TrimSpace(r.stdout); got != h.sim.DemoClient().ClientSecret || got == demo.ClientSecret {
		t.Fatalf("stdout %q is not the new secret", r.stdout)
	}
	if strings.Contains(r.stderr, h.sim.DemoClient().ClientSecret) {
		t.Error("the secret is on stderr too")
	}
}
