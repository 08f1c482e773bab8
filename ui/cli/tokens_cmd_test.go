package cli

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"chatkeys/authflow/audit"
)

func TestTokensListShowsPrefixesNeverWholeTokens(t *testing.T) {
	h := newHarness(t)
	r := h.terminalOK(t, "tokens", "list")
	tokens := h.sim.Tokens()
	if n := strings.Count(strings.TrimSpace(r.stdout), "\n"); n != len(tokens) {
		t.Fatalf("%d rows, want %d", n, len(tokens))
	}
	for _, tok := range tokens {
		if strings.Contains(r.stdout, tok.AccessToken) {
			t.Fatalf("token %d printed whole", tok.ID)
		}
	}
	if !strings.Contains(r.stdout, "expired ") || !strings.Contains(r.stdout, "in ") {
		t.Error("expiry column lacks expired and live tokens")
	}
}

func TestTokensListFiltersByClientIdNameOrIdentifier(t *testing.T) {
	h := newHarness(t)
	demo := h.sim.DemoClient()
	want := h.tokensOf(demo.ClientIdentifier)
	for _, ident := range []string{fmt.Sprint(demo.ID), demo.Name, demo.ClientIdentifier} {
		r := h.scriptOK(t, "tokens", "list", "--client", ident, "--json")
		var out []audit.TokenReport
		if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
			t.Fatal(err)
		}
		if len(out) != want {
			t.Errorf("--client %q: %d tokens, want %d", ident, len(out), want)
		}
		for _, tok := range out {
			if tok.ClientIdentifier != demo.ClientIdentifier || len(tok.TokenPrefix) != 6 {
				t.Errorf("--client %q listed %+v", ident, tok)
			}
		}
	}
}

func TestTokensRevokeByIDsRevokesThemWithYes(t *testing.T) {
	h := newHarness(t)
	tokens := h.sim.Tokens()
	r := h.scriptOK(t, "tokens", "revoke", fmt.Sprint(tokens[0].ID), fmt.Sprint(tokens[1].ID), "--yes")
	if !strings.Contains(r.stdout, fmt.Sprintf("revoked %d", tokens[0].ID)) {
		t.Errorf("stdout %q", r.stdout)
	}
	if got := len(h.sim.Tokens()); got != len(tokens)-2 {
		t.Fatalf("%d tokens left, want %d", got, len(tokens)-2)
	}
}

func TestTokensRevokeByClientRevokesEveryTokenOfThatClient(t *testing.T) {
	h := newHarness(t)
	victim := h.sim.Clients()[1] // not the demo client, whose token the harness uses
	h.sim.MintToken(h.sim.Admin().ID, victim.ClientIdentifier, "read", time.Hour)
	h.scriptOK(t, "tokens", "revoke", "--client", fmt.Sprint(victim.ID), "--yes")
	for _, tok := range h.sim.Tokens() {
		if tok.ClientIdentifier == victim.ClientIdentifier {
			t.Fatalf("token %d of the client survived", tok.ID)
		}
	}
}

func TestTokensRevokeReportsFailuresAndExitsOne(t *testing.T) {
	h := newHarness(t)
	good := h.sim.Tokens()[0].ID
	r := h.script(t, "tokens", "revoke", fmt.Sprint(good), "999999", "--yes", "--json")
	if r.code != 1 {
		t.Fatalf("exit %d, want 1", r.code)
	}
	var out []revokeJSON
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatal(err)
	}
	if len(out) != 2 || !out[0].Revoked || out[1].Revoked || out[1].Error == "" {
		t.Fatalf("results %+v", out)
	}
	if !strings.Contains(r.stderr, "1 of 2") {
		t.Errorf("stderr %q does not count the failures", r.stderr)
	}
}

func TestTokensRevokeWarnsWhenItIsChatkeysOwnToken(t *testing.T) {
	h := newHarness(t)
	var own int64
	for _, tok := range h.sim.Tokens() {
		if tok.AccessToken == h.env["CHATKEYS_TOKEN"] {
			own = tok.ID
		}
	}
	r := h.run(t, "n\n", true, "tokens", "revoke", fmt.Sprint(own))
	if !strings.Contains(r.stderr, "the token chatkeys is using") {
		t.Fatalf("no self-lockout warning in %q", r.stderr)
	}
}

func TestRevokeByIDWithYesSendsTheDeletesAndNothingElse(t *testing.T) {
	h := newHarness(t)
	ids := []int64{h.sim.Tokens()[3].ID, h.sim.Tokens()[7].ID}
	h.scriptOK(t, "tokens", "revoke", fmt.Sprint(ids[0]), fmt.Sprint(ids[1]), "--yes")
	if n := h.sim.RequestCount("GET", "/"); n != 0 {
		t.Errorf("%d GETs were sent before the DELETEs", n)
	}
	if n := h.sim.RequestCount("DELETE", "/api/v2/chat/oauth/tokens/"); n != 2 {
		t.Errorf("%d DELETEs, want 2", n)
	}
	if h.sim.CountTokens(ids) != 0 {
		t.Error("the tokens are still there")
	}
}

func TestRevokeByIDOnATerminalStillNamesTheClientsInTheQuestion(t *testing.T) {
	h := newHarness(t)
	tok := h.sim.Tokens()[0]
	var name string
	for _, c := range h.sim.Clients() {
		if c.ClientIdentifier == tok.ClientIdentifier {
			name = c.Name
		}
	}
	r := h.run(t, "n\n", true, "tokens", "revoke", fmt.Sprint(tok.ID))
	if r.code == 0 || !strings.Contains(r.stderr, "Revoke 1 token of "+name+"?") {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	if n := h.sim.RequestCount("DELETE", "/"); n != 0 {
		t.Fatalf("%d DELETEs after a no", n)
	}
}
