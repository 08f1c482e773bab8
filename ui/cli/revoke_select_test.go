package cli

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"chatkeys/api"
)

// idsWhere lists the ids of the simulator's tokens for which keep holds.
func idsWhere(h *harness, keep func(api.OAuthToken) bool) []int64 {
	var ids []int64
	for _, tok := range h.sim.Tokens() {
		if keep(tok) {
			ids = append(ids, tok.ID)
		}
	}
	return ids
}

// ownTokenID is the id of the token the harness logs in with.
func ownTokenID(t *testing.T, h *harness) int64 {
	t.Helper()
	for _, tok := range h.sim.Tokens() {
		if tok.AccessToken == h.env["CHATKEYS_TOKEN"] {
			return tok.ID
		}
	}
	t.Fatal("the harness's token is not listed")
	return 0
}

// revokedExactly checks that the simulator lost exactly want, by DELETEs
// of those ids alone.
func revokedExactly(t *testing.T, h *harness, before []int64, want []int64) {
	t.Helper()
	after := idsWhere(h, func(api.OAuthToken) bool { return true })
	var gone []int64
	for _, id := range before {
		if !slices.Contains(after, id) {
			gone = append(gone, id)
		}
	}
	slices.Sort(gone)
	want = slices.Sorted(slices.Values(want))
	if !slices.Equal(gone, want) {
		t.Errorf("revoked %v, want %v", gone, want)
	}
	if n := h.sim.RequestCount("DELETE", "/api/v2/chat/oauth/tokens/"); n != len(want) {
		t.Errorf("%d DELETEs, want %d", n, len(want))
	}
}

func TestRevokeSelectorsCombineClientAgentAndExpired(t *testing.T) {
	h := newHarness(t)
	demo := h.sim.DemoClient()
	other := h.sim.Clients()[1]
	admin, agent := h.sim.Admin().ID, h.sim.Agents()[1].ID
	// One token misses each selector in turn; two match all three.
	h.sim.MintToken(admin, demo.ClientIdentifier, "read", -time.Hour)
	h.sim.MintToken(admin, demo.ClientIdentifier, "read write", -2*time.Hour)
	h.sim.MintToken(admin, demo.ClientIdentifier, "read", time.Hour)
	h.sim.MintToken(agent, demo.ClientIdentifier, "read", -time.Hour)
	h.sim.MintToken(admin, other.ClientIdentifier, "read", -time.Hour)
	now := time.Now()
	before := idsWhere(h, func(api.OAuthToken) bool { return true })
	want := idsWhere(h, func(tok api.OAuthToken) bool {
		return tok.ClientIdentifier == demo.ClientIdentifier && tok.AgentID == admin && !tok.ExpireDate.After(now)
	})
	if len(want) < 2 {
		t.Fatalf("only %v match", want)
	}
	r := h.scriptOK(t, "tokens", "revoke", "--client", demo.Name, "--agent", fmt.Sprint(admin), "--expired", "--yes")
	revokedExactly(t, h, before, want)
	if !strings.HasSuffix(r.stdout, fmt.Sprintf("Revoked %d.\n", len(want))) {
		t.Errorf("stdout %q", r.stdout)
	}
}

func TestRevokeSelectorsCombineScopeOlderThanAndCreatedBefore(t *testing.T) {
	h := newHarness(t)
	now := time.Now()
	cutoff := now.Add(-72 * time.Hour).UTC().Truncate(time.Second)
	before := idsWhere(h, func(api.OAuthToken) bool { return true })
	want := idsWhere(h, func(tok api.OAuthToken) bool {
		return slices.Contains(strings.Fields(tok.Scopes), "write") && tok.CreateDate != nil &&
			tok.CreateDate.Before(now.Add(-36*time.Hour)) && tok.CreateDate.Before(cutoff)
	})
	wider := idsWhere(h, func(tok api.OAuthToken) bool {
		return slices.Contains(strings.Fields(tok.Scopes), "write") && tok.CreateDate != nil && tok.CreateDate.Before(now.Add(-36*time.Hour))
	})
	if len(want) == 0 || len(wider) == len(want) || len(wider) == len(before) {
		t.Fatalf("the simulated account does not tell the selectors apart: %d, %d, %d", len(want), len(wider), len(before))
	}
	h.scriptOK(t, "tokens", "revoke", "--scope", "write", "--older-than", "36h", "--created-before", cutoff.Format(time.RFC3339), "--yes")
	revokedExactly(t, h, before, want)
}

func TestRevokeDryRunPrintsTheSetAsTokensListDoesAndSendsNoDelete(t *testing.T) {
	h := newHarness(t)
	demo := h.sim.DemoClient()
	n := h.tokensOf(demo.ClientIdentifier)
	own := ownTokenID(t, h)
	list := h.scriptOK(t, "tokens", "list", "--client", fmt.Sprint(demo.ID))
	r := h.scriptOK(t, "tokens", "revoke", "--client", fmt.Sprint(demo.ID), "--dry-run")
	if r.stdout != list.stdout {
		t.Errorf("dry run printed\n%s\nwant the client's tokens as tokens list prints them\n%s", r.stdout, list.stdout)
	}
	want := fmt.Sprintf("chatkeys: token %d is the token chatkeys is using: revoking it, you will have to log in again\n"+
		"chatkeys: dry run: %d tokens would be revoked; nothing was sent\n", own, n)
	if r.stderr != want {
		t.Errorf("stderr\n%q\nwant\n%q", r.stderr, want)
	}
	if d := h.sim.RequestCount("DELETE", "/"); d != 0 || h.tokensOf(demo.ClientIdentifier) != n {
		t.Fatalf("a dry run sent %d DELETEs", d)
	}
}

func TestRevokeDryRunJSONIsTheTokensAsTokensListJSONPrintsThem(t *testing.T) {
	h := newHarness(t)
	demo := h.sim.DemoClient()
	list := h.scriptOK(t, "tokens", "list", "--client", demo.ClientIdentifier, "--json")
	r := h.scriptOK(t, "tokens", "revoke", "--client", demo.ClientIdentifier, "--dry-run", "--json")
	if r.stdout != list.stdout {
		t.Errorf("dry run JSON\n%s\nwant\n%s", r.stdout, list.stdout)
	}
	if d := h.sim.RequestCount("DELETE", "/"); d != 0 {
		t.Fatalf("a dry run sent %d DELETEs", d)
	}
}

func TestRevokeDryRunByIDsNamesTheIdsNoTokenHas(t *testing.T) {
	h := newHarness(t)
	tok := h.sim.Tokens()[0]
	r := h.scriptOK(t, "tokens", "revoke", fmt.Sprint(tok.ID), "999999", "--dry-run")
	if rows := strings.Split(strings.TrimSpace(r.stdout), "\n"); len(rows) != 2 || !strings.HasPrefix(rows[1], fmt.Sprint(tok.ID)+"\t") {
		t.Errorf("stdout %q: want the header and token %d", r.stdout, tok.ID)
	}
	want := "chatkeys: no listed token has the id 999999: revoking it would fail\nchatkeys: dry run: 1 token would be revoked; nothing was sent\n"
	if r.stderr != want {
		t.Errorf("stderr %q, want %q", r.stderr, want)
	}
	if d := h.sim.RequestCount("DELETE", "/"); d != 0 {
		t.Fatalf("a dry run sent %d DELETEs", d)
	}
}

func TestRevokeSelectorsOnATerminalShowTheSetBeforeAsking(t *testing.T) {
	h := newHarness(t)
	demo := h.sim.DemoClient()
	n := h.tokensOf(demo.ClientIdentifier)
	list := h.terminalOK(t, "tokens", "list", "--client", fmt.Sprint(demo.ID))
	r := h.answer(t, []string{"n"}, "tokens", "revoke", "--client", fmt.Sprint(demo.ID))
	want := list.stdout + h.on() + fmt.Sprintf("One of them is the token chatkeys is using: you will have to log in again. Revoke %d tokens of %s? [y/N] ", n, demo.Name) +
		"chatkeys: revoke tokens: not confirmed\n"
	if r.code != 1 || r.stderr != want || r.stdout != "" {
		t.Fatalf("exit %d, stdout %q\nstderr %q\nwant   %q", r.code, r.stdout, r.stderr, want)
	}
	if d := h.sim.RequestCount("DELETE", "/"); d != 0 {
		t.Fatalf("%d DELETEs after a no", d)
	}
}

func TestRevokeSelectorsRevokeChatkeysOwnTokenLastSoTheRestSucceed(t *testing.T) {
	h := newHarness(t)
	demo := h.sim.DemoClient()
	before := idsWhere(h, func(api.OAuthToken) bool { return true })
	want := idsWhere(h, func(tok api.OAuthToken) bool { return tok.ClientIdentifier == demo.ClientIdentifier })
	own := ownTokenID(t, h)
	r := h.scriptOK(t, "tokens", "revoke", "--client", fmt.Sprint(demo.ID), "--yes")
	revokedExactly(t, h, before, want)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) < 2 || lines[len(lines)-2] != fmt.Sprintf("revoked %d", own) {
		t.Errorf("chatkeys' own token %d is not revoked last:\n%s", own, r.stdout)
	}
}

func TestRevokeSelectorsMatchingNothingSayItAndExitZero(t *testing.T) {
	h := newHarness(t)
	r := h.scriptOK(t, "tokens", "revoke", "--agent", "424242", "--expired", "--yes")
	if r.stdout != "" || r.stderr != "chatkeys: no token matches --agent 424242 --expired: nothing to revoke\n" {
		t.Fatalf("stdout %q, stderr %q", r.stdout, r.stderr)
	}
	if j := h.scriptOK(t, "tokens", "revoke", "--agent", "424242", "--json", "--yes"); j.stdout != "[]\n" {
		t.Errorf("--json printed %q, want an empty array", j.stdout)
	}
	if d := h.sim.RequestCount("DELETE", "/"); d != 0 {
		t.Fatalf("%d DELETEs", d)
	}
}

func TestRevokeSelectorUsageMistakesExitTwoBeforeAnyRequest(t *testing.T) {
	h := newHarness(t)
	id := fmt.Sprint(h.sim.Tokens()[0].ID)
	for _, args := range [][]string{
		{id, "--expired", "--yes"},
		{id, "--client", "1", "--dry-run"},
		{"--older-than", "90x", "--yes"},
		{"--older-than", "0d", "--yes"},
		{"--created-before", "yesterday", "--yes"},
		{"--agent", "abc", "--yes"},
		{"--agent", "0", "--yes"},
		{"--scope", " ", "--yes"},
		{"--expired"}, // no terminal, no --yes
	} {
		r := h.script(t, append([]string{"tokens", "revoke"}, args...)...)
		if r.code != 2 || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("%q: exit %d, stderr %q; want one line and exit 2", args, r.code, r.stderr)
		}
	}
	if n := h.sim.RequestCount("GET", "/") + h.sim.RequestCount("DELETE", "/"); n != 0 {
		t.Fatalf("%d requests for usage mistakes", n)
	}
}

func TestRevokeWithAnUnknownClientIsAnErrorWithAHint(t *testing.T) {
	h := newHarness(t)
	r := h.script(t, "tokens", "revoke", "--client", "no such app", "--dry-run")
	if r.code != 1 || !strings.Contains(r.stderr, `no client has the id, name or identifier "no such app" — see chatkeys clients list`) {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
}
