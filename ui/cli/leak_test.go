package cli

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoSecretReachesAnyOutputOrTheDebugLog runs every login flow and the
// everyday commands with debug logging on, then searches stdout, stderr and
// the log for every secret in play: the client secret, the password, every
// access and refresh token the account holds, and the authorization codes.
func TestNoSecretReachesAnyOutputOrTheDebugLog(t *testing.T) {
	h := loginHarness(t)
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
	record(h.script(t, append(log, "logout", "--revoke")...))

	logged, err := os.ReadFile(logPath)
	if err != nil || !strings.Contains(string(logged), "path=oauth/tokens") {
		t.Fatalf("the debug log is missing or empty (%v):\n%s", err, logged)
	}
	outputs = append(outputs, string(logged))

	secrets := append([]string{h.env["CHATKEYS_CLIENT_SECRET"], admin.Password}, codes...)
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
