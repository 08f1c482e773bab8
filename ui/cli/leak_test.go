package cli

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestNoSecretReachesAnyOutputOrTheDebugLog runs every login flow and the
// everyday commands with debug logging on, then searches stdout, stderr,
// the log and the history of admin actions for every secret in play: the
// client secrets (the login's, a new client's, a rotated one), the
// password, every access and refresh token the account holds, the
// authorization codes, and a leaked token looked up with tokens find (its
// value, a fragment of it and its refresh token) and then revoked.
func TestNoSecretReachesAnyOutputOrTheDebugLog(t *testing.T) {
	h := loginHarness(t)
	h.env["XDG_STATE_HOME"] = t.TempDir()
	historyPath := filepath.Join(h.env["XDG_STATE_HOME"], "chatkeys", "history.jsonl")
	logPath := filepath.Join(t.TempDir(), "debug.log")
	admin := h.sim.Admin()
	var outputs []string
	record := func(r result) result {
		outputs = append(outputs, r.stdout, r.stderr)
		return r.mustSucceed(t)
	}
	log := []string{"--debug-log", logPath}
	record(h.run(t, admin.Password+"\n", false, append(log, "login", "--grant", "password", "--username", admin.Email, "--password-stdin")...))
	record(h.script(t, append(log, "status")...))
	record(h.script(t, append(log, "clients", "list")...))
	record(h.script(t, append(log, "clients", "list", "--json")...))
	record(h.script(t, append(log, "tokens", "list", "--json")...))
	record(h.script(t, append(log, "login", "--grant", "client-credentials")...))
	// A new client's secret and a rotated one are printed once, on
	// stdout, by design: they are looked for everywhere else.
	created := h.script(t, append(log, "clients", "create", "--name", "Leak", "--redirect-uri", "http://localhost:8080", "--scopes", "read", "--json")...).mustSucceed(t)
	var newClient clientJSON
	if err := json.Unmarshal([]byte(created.stdout), &newClient); err != nil || newClient.ClientSecret == "" {
		t.Fatalf("clients create --json: %v\n%s", err, created.stdout)
	}
	outputs = append(outputs, created.stderr)
	rotated := h.script(t, append(log, "clients", "rotate-secret", strconv.FormatInt(newClient.ID, 10), "--yes")...).mustSucceed(t)
	outputs = append(outputs, rotated.stderr)
	newSecrets := []string{newClient.ClientSecret, strings.TrimSpace(rotated.stdout)}
	var codes []string
	for _, grant := range []string{"code", "implicit"} {
		r, pasted := h.runLoginWithPaste(t, grant, "")
		outputs = append(outputs, r.stdout, r.stderr)
		if r.code != 0 {
			t.Fatalf("%s login failed:\n%s", grant, r.stderr)
		}
		u, _ := url.Parse(pasted)
		frag, _ := url.ParseQuery(u.Fragment)
		codes = append(codes, u.Query().Get("code"), frag.Get("access_token"))
	}
	record(h.script(t, append(log, "tokens", "list")...))
	// A leaked token looked up, by its value, a fragment and its refresh
	// token, then revoked: none of the three may be echoed anywhere.
	leaked := h.simToken(t, h.sim.LeakedTokenToTry())
	fragment := leaked.AccessToken[10:22]
	record(h.run(t, leaked.AccessToken+"\n", false, append(log, "tokens", "find")...))
	record(h.run(t, fragment+"\n", false, append(log, "tokens", "find", "--json")...))
	record(h.run(t, leaked.RefreshToken+"\n", false, append(log, "tokens", "find", "--revoke", "--yes")...))
	record(h.script(t, append(log, "logout", "--revoke")...))
	record(h.script(t, "history"))
	record(h.script(t, "history", "--json"))

	logged, err := os.ReadFile(logPath)
	if err != nil || !strings.Contains(string(logged), "path=oauth/tokens") {
		t.Fatalf("the debug log is missing or empty (%v):\n%s", err, logged)
	}
	outputs = append(outputs, string(logged))
	kept, err := os.ReadFile(historyPath)
	for _, action := range []string{`"login"`, `"client.create"`, `"client.rotate_secret"`, `"token.revoke"`, `"logout"`} {
		if !strings.Contains(string(kept), `"action":`+action) {
			t.Errorf("the history has no %s (%v):\n%s", action, err, kept)
		}
	}
	outputs = append(outputs, string(kept))

	secrets := append([]string{h.env["CHATKEYS_CLIENT_SECRET"], admin.Password}, codes...)
	secrets = append(secrets, newSecrets...)
	secrets = append(secrets, leaked.AccessToken, leaked.RefreshToken, fragment)
	for _, c := range h.sim.Clients() {
		secrets = append(secrets, c.ClientSecret)
	}
	for _, tok := range h.sim.Tokens() {
		secrets = append(secrets, tok.AccessToken, tok.RefreshToken)
	}
	for _, secret := range secrets {
		if len(secret) < 6 {
			continue
		}
		for i, out := range outputs {
			if strings.Contains(out, secret) {
				t.Errorf("output %d carries a secret (%.4s…):\n%s", i, secret, out)
			}
		}
	}
}
