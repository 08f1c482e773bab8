package cli

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"chatkeys/authflow/store"
)

// statusJSON runs chatkeys status --json and decodes it.
func statusJSON(t *testing.T, h *harness) (statusReport, result) {
	t.Helper()
	r := h.script(t, "status", "--json")
	var got statusReport
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("status --json is not JSON (%v): %q", err, r.stdout)
	}
	return got, r
}

func TestStatusJSONSaysWhoWhatWhereAndHowLongAndNeverTheToken(t *testing.T) {
	h := loginHarness(t)
	admin := h.sim.Admin()
	h.run(t, admin.Password+"\n", false, "login", "--grant", "password", "--username", admin.Email, "--password-stdin").mustSucceed(t)
	got, r := statusJSON(t, h)
	l := got.Login
	if r.code != 0 || !got.LoggedIn || got.EnvOverrides || l == nil {
		t.Fatalf("exit %d, %+v", r.code, got)
	}
	if got.Profile != "default" || !strings.HasPrefix(got.APIURL, h.srv.URL) || l.AgentID != admin.ID ||
		strings.Join(l.Scopes, " ") != "read write" || l.StoredIn != store.KindKeyring || !l.Refresh || l.Expired {
		t.Errorf("%+v / %+v", got, *l)
	}
	if l.ExpiresAt == nil || l.ExpiresInSeconds == nil || *l.ExpiresInSeconds <= 0 ||
		*l.ExpiresInSeconds > int64(time.Until(*l.ExpiresAt)/time.Second)+1 {
		t.Errorf("expiry %v, %v seconds left", l.ExpiresAt, l.ExpiresInSeconds)
	}
	tok := strings.TrimSpace(h.scriptOK(t, "token").stdout)
	if tok == "" || strings.Contains(r.stdout, tok) || strings.Contains(r.stdout, "refresh_token") {
		t.Fatalf("status --json shows the token:\n%s", r.stdout)
	}
}

func TestStatusExitsOneWhenNotLoggedInAndSaysSo(t *testing.T) {
	h := loginHarness(t)
	got, r := statusJSON(t, h)
	if r.code != 1 || got.LoggedIn || got.Login != nil || !strings.Contains(r.stdout, `"login": null`) {
		t.Fatalf("exit %d, %+v\n%s", r.code, got, r.stdout)
	}
	if !strings.Contains(r.stderr, "not logged in") || !strings.Contains(r.stderr, "chatkeys login") {
		t.Errorf("stderr %q", r.stderr)
	}
	table := h.script(t, "status")
	if table.code != 1 || !strings.Contains(table.stdout, "not logged in (chatkeys login)") {
		t.Fatalf("exit %d\n%s", table.code, table.stdout)
	}
}

func TestStatusExitsOneWhenTheLoginExpiredWithoutARefreshToken(t *testing.T) {
	h := loginHarness(t)
	h.scriptOK(t, "login", "--grant", "client-credentials") // no refresh token
	if got, r := statusJSON(t, h); r.code != 0 || !got.LoggedIn || got.Login.Refresh {
		t.Fatalf("a fresh login: exit %d, %+v", r.code, got)
	}
	kr := h.keyring.(*store.MemoryKeyring)
	raw, err := kr.Get("chatkeys", "default")
	if err != nil {
		t.Fatal(err)
	}
	var rec map[string]any
	if err := json.Unmarshal([]byte(raw), &rec); err != nil {
		t.Fatal(err)
	}
	rec["expiry"] = time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
	b, _ := json.Marshal(rec)
	if err := kr.Set("chatkeys", "default", string(b)); err != nil {
		t.Fatal(err)
	}
	got, r := statusJSON(t, h)
	if r.code != 1 || got.LoggedIn || !got.Login.Expired || *got.Login.ExpiresInSeconds > -3500 {
		t.Fatalf("exit %d, %+v", r.code, got.Login)
	}
	if table := h.script(t, "status"); table.code != 1 || !strings.Contains(table.stdout, "no refresh token: chatkeys login") {
		t.Fatalf("exit %d\n%s", table.code, table.stdout)
	}
}

func TestStatusSaysCHATKEYSTOKENOverridesTheStoredLogin(t *testing.T) {
	h := loginHarness(t)
	h.scriptOK(t, "login", "--grant", "client-credentials")
	h.env["CHATKEYS_TOKEN"] = h.sim.MintToken(h.sim.Admin().ID, h.sim.DemoClient().ClientIdentifier, "read", time.Hour).AccessToken
	got, r := statusJSON(t, h)
	if r.code != 0 || !got.LoggedIn || !got.EnvOverrides || got.Login == nil {
		t.Fatalf("exit %d, %+v", r.code, got)
	}
	table := h.scriptOK(t, "status")
	if !strings.Contains(table.stdout, "overrides the stored login below") || !strings.Contains(table.stdout, "Stored login:") {
		t.Fatalf("%s", table.stdout)
	}
	delete(h.env, "XDG_CONFIG_HOME") // nothing stored anywhere this run can read
	h.env["XDG_CONFIG_HOME"] = t.TempDir()
	h.keyring = store.NewMemoryKeyring()
	if got, r := statusJSON(t, h); r.code != 0 || !got.EnvOverrides || got.Login != nil {
		t.Fatalf("only CHATKEYS_TOKEN: exit %d, %+v", r.code, got)
	}
}
