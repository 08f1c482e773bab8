package cli

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// completions runs cobra's __complete for args and returns the values
// offered (descriptions cut off) and the directive line.
func completions(t *testing.T, h *harness, args ...string) ([]string, string) {
	t.Helper()
	r := h.scriptOK(t, append([]string{"__complete"}, args...)...)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	var values []string
	for _, l := range lines[:len(lines)-1] {
		v, _, _ := strings.Cut(l, "\t")
		values = append(values, v)
	}
	return values, lines[len(lines)-1]
}

func TestCompletionOffersTheAccountsClientIDsWithTheirNames(t *testing.T) {
	h := newHarness(t)
	r := h.scriptOK(t, "__complete", "clients", "show", "")
	for _, c := range h.sim.Clients() {
		if !strings.Contains(r.stdout, strconv.FormatInt(c.ID, 10)+"\t"+c.Name+"\n") {
			t.Errorf("client %d %q not offered:\n%s", c.ID, c.Name, r.stdout)
		}
	}
	if !strings.HasSuffix(r.stdout, ":4\n") {
		t.Errorf("directive: want no file completion (:4):\n%s", r.stdout)
	}
	if values, _ := completions(t, h, "clients", "show", "1", ""); len(values) != 0 {
		t.Errorf("a second ID was offered: %q", values)
	}
}

func TestCompletionOffersTokenIDsNotYetGiven(t *testing.T) {
	h := newHarness(t)
	tokens := h.sim.Tokens()
	given := strconv.FormatInt(tokens[0].ID, 10)
	values, _ := completions(t, h, "tokens", "revoke", given, "")
	if len(values) != len(tokens)-1 {
		t.Fatalf("%d token ids offered, want %d", len(values), len(tokens)-1)
	}
	for _, v := range values {
		if v == given {
			t.Errorf("token %s offered again", given)
		}
	}
}

func TestCompletionOffersClientIDsAndNamesForTheClientFlag(t *testing.T) {
	h := newHarness(t)
	values, _ := completions(t, h, "tokens", "list", "--client", "")
	demo := h.sim.DemoClient()
	if !slices.Contains(values, strconv.FormatInt(demo.ID, 10)) || !slices.Contains(values, demo.Name) {
		t.Errorf("--client offers %q", values)
	}
}

func TestCompletionOffersProfilesAndGrantsWithoutTheNetwork(t *testing.T) {
	h := newHarness(t)
	dir := filepath.Join(h.env["XDG_CONFIG_HOME"], "chatkeys")
	os.MkdirAll(dir, 0o700)
	os.WriteFile(filepath.Join(dir, "config.toml"), []byte("[default]\nsubdomain = \"a\"\n[staging]\nsubdomain = \"b\"\n"), 0o600)
	if values, _ := completions(t, h, "status", "--profile", ""); strings.Join(values, ",") != "default,staging" {
		t.Errorf("--profile offers %q", values)
	}
	if values, _ := completions(t, h, "login", "--grant", ""); strings.Join(values, ",") != "code,implicit,password,client-credentials" {
		t.Errorf("--grant offers %q", values)
	}
}

func TestCompletionIsSilentWhenTheAccountFails(t *testing.T) {
	h := newHarness(t)
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
	}))
	t.Cleanup(down.Close)
	h.env["CHATKEYS_API_URL"] = down.URL + "/api/v2/chat"
	r := h.scriptOK(t, "__complete", "clients", "show", "")
	if r.stdout != ":4\n" || strings.Contains(r.stderr, "chatkeys:") {
		t.Errorf("stdout %q, stderr %q", r.stdout, r.stderr)
	}
}
