package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"chatkeys/api"
	"chatkeys/api/hostiletest"
	"chatkeys/authflow/store"
)

// hostileHarness runs chatkeys in-process against hostiletest's server.
type hostileHarness struct {
	*harness
	h *hostiletest.Server
}

func newHostileHarness(t *testing.T) *hostileHarness {
	t.Helper()
	h := hostiletest.New(t)
	return &hostileHarness{h: h, harness: &harness{keyring: store.NewMemoryKeyring(), env: map[string]string{
		"XDG_CONFIG_HOME":        t.TempDir(),
		"CHATKEYS_API_URL":       h.APIURL(),
		"CHATKEYS_TOKEN_URL":     h.TokenURL(),
		"CHATKEYS_AUTHORIZE_URL": h.URL + "/oauth2/chat/authorizations/new",
		"CHATKEYS_TOKEN":         hostiletest.Token,
		"CHATKEYS_CLIENT_ID":     "hostile-client",
		"CHATKEYS_CLIENT_SECRET": "Zq+client secret/&=",
	}}}
}

// mustBeInert fails if the run wrote anything a terminal would act on:
// in JSON, no raw control, bidi or zero-width character (escaped payloads
// are text); elsewhere not even the payloads of the server's sequences.
func mustBeInert(t *testing.T, args []string, r result) {
	t.Helper()
	check := hostiletest.CheckPlainBytes
	if slices.Contains(args, "--json") {
		check = hostiletest.CheckRawBytes
	}
	for name, out := range map[string]string{"stdout": r.stdout, "stderr": r.stderr} {
		if bad := check(out); bad != "" {
			t.Errorf("chatkeys %s: %s holds %s:\n%q", strings.Join(args, " "), name, bad, out)
		}
	}
}

// lines counts the lines of out.
func lines(out string) int { return strings.Count(strings.TrimRight(out, "\n"), "\n") + 1 }

func TestNoCommandWritesServerTextThatATerminalWouldActOn(t *testing.T) {
	hh := newHostileHarness(t)
	cases := []struct {
		args []string
		rows int // lines of stdout, 0 when not counted
	}{
		{[]string{"clients", "list"}, 1 + hh.h.ClientCount},
		{[]string{"clients", "list", "--json"}, 0},
		{[]string{"clients", "show", "1"}, 12},
		{[]string{"clients", "show", "1", "--json"}, 0},
		{[]string{"clients", "update", "1", "--name", "renamed"}, 11},
		{[]string{"clients", "update", "1", "--company", "x", "--json"}, 0},
		{[]string{"tokens", "list"}, 1 + hh.h.TokenCount},
		{[]string{"tokens", "list", "--json"}, 0},
		{[]string{"tokens", "list", "--client", "1"}, 1 + hh.h.TokenCount},
		{[]string{"status"}, 0},
		{[]string{"clients", "show", "404"}, 0},
	}
	for _, c := range cases {
		r := hh.script(t, c.args...)
		mustBeInert(t, c.args, r)
		if c.rows > 0 && lines(r.stdout) != c.rows {
			t.Errorf("chatkeys %s: %d lines, want %d (a field forged a row?):\n%s", strings.Join(c.args, " "), lines(r.stdout), c.rows, r.stdout)
		}
	}
	if n := len(hh.h.OtherRequests()); n != 0 {
		t.Fatalf("%d requests reached another origin", n)
	}
}

func TestJSONOutputEscapesEveryUnsafeCharacterAndKeepsTheValue(t *testing.T) {
	hh := newHostileHarness(t)
	r := hh.scriptOK(t, "clients", "list", "--json")
	for _, esc := range []string{`\u001b`, `\u009b`, `\u202e`, `\u2066`, `\u200b`, `\ufeff`, `\u007f`, `\n999`} {
		if !strings.Contains(r.stdout, esc) {
			t.Errorf("--json lacks the escape %s", esc)
		}
	}
	var out []clientJSON
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatal(err)
	}
	if len(out) != hh.h.ClientCount || out[0].Name != "name1"+hostiletest.Evil {
		t.Fatalf("the escaped JSON does not decode to the server's values: %q", out[0].Name)
	}
}

func TestTokensRevokeReportsRevokedOnlyWhatTheServerConfirmed(t *testing.T) {
	hh := newHostileHarness(t)
	for _, d := range hostiletest.Unconfirmed {
		hh.h.SetDelete(d)
		r := hh.script(t, "tokens", "revoke", "1001", "--yes", "--json")
		mustBeInert(t, []string{"tokens revoke", string(d)}, r)
		var out []revokeJSON
		if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
			t.Fatalf("%s: %v\n%s", d, err, r.stdout)
		}
		if r.code != 1 || len(out) != 1 || out[0].Revoked || out[0].Outcome != "failed" || out[0].Error == "" {
			t.Errorf("%s: exit %d, %+v: want exit 1 and not revoked", d, r.code, out)
		}
		r = hh.script(t, "tokens", "revoke", "1001", "--yes")
		if r.code != 1 || strings.Contains(r.stdout, "revoked 1001") || !strings.Contains(r.stderr, "not revoked 1001") ||
			!strings.Contains(r.stdout, "Revoked 0; not revoked 1 (1001).") {
			t.Errorf("%s: exit %d\nstdout %q\nstderr %q", d, r.code, r.stdout, r.stderr)
		}
	}
	if n := len(hh.h.OtherRequests()); n != 0 || hh.h.Count("GET", "/login") != 0 {
		t.Fatalf("a redirect was followed: %d requests elsewhere, %d login-page GETs", n, hh.h.Count("GET", "/login"))
	}
	hh.h.SetDelete(hostiletest.NoContent)
	r := hh.scriptOK(t, "tokens", "revoke", "1001", "--yes")
	if !strings.Contains(r.stdout, "revoked 1001") || r.stderr != "" {
		t.Fatalf("a 204: stdout %q stderr %q", r.stdout, r.stderr)
	}
}

func TestClientsDeleteIsReportedOnlyWhenConfirmed(t *testing.T) {
	hh := newHostileHarness(t)
	for _, d := range hostiletest.Unconfirmed {
		hh.h.SetDelete(d)
		r := hh.script(t, "clients", "delete", "1", "--yes")
		mustBeInert(t, []string{"clients delete", string(d)}, r)
		if r.code != 1 || strings.Contains(r.stderr, "deleted client") {
			t.Errorf("%s: exit %d, stderr %q", d, r.code, r.stderr)
		}
	}
}

func TestAWholeSecretThatIsNotPrintableIsNeitherPrintedNorPutInJSON(t *testing.T) {
	hh := newHostileHarness(t)
	for _, args := range [][]string{
		{"clients", "rotate-secret", "1", "--yes"},
		{"clients", "rotate-secret", "1", "--yes", "--json"},
		{"clients", "create", "--name", "n", "--redirect-uri", "https://a.example", "--scopes", "read"},
		{"clients", "create", "--name", "n", "--redirect-uri", "https://a.example", "--scopes", "read", "--json"},
	} {
		r := hh.script(t, args...)
		mustBeInert(t, args, r)
		if r.code != 1 || strings.Contains(r.stdout, "whole-secret") || !strings.Contains(r.stderr, "not printable ASCII") {
			t.Errorf("chatkeys %s: exit %d\nstdout %q\nstderr %q", strings.Join(args, " "), r.code, r.stdout, r.stderr)
		}
	}
	hh.h.SetSecret("a-plain-secret_0123456789")
	r := hh.scriptOK(t, "clients", "rotate-secret", "1", "--yes")
	if r.stdout != "a-plain-secret_0123456789\n" {
		t.Fatalf("a printable secret: %q", r.stdout)
	}
}

func TestTokenRefusesAnAccessTokenThatIsNotPrintable(t *testing.T) {
	hh := newHostileHarness(t)
	hh.env["CHATKEYS_TOKEN"] = "tok" + hostiletest.Evil
	r := hh.script(t, "token")
	mustBeInert(t, []string{"token"}, r)
	if r.code != 1 || r.stdout != "" {
		t.Fatalf("exit %d, stdout %q", r.code, r.stdout)
	}
}

func TestLoginAgainstAHostileTokenEndpoint(t *testing.T) {
	hh := newHostileHarness(t)
	delete(hh.env, "CHATKEYS_TOKEN")
	login := []string{"login", "--grant", "client-credentials"}

	hh.h.SetToken(hostiletest.TokenHostile)
	r := hh.script(t, login...)
	mustBeInert(t, login, r)
	if r.code != 1 || hh.script(t, "token").code == 0 {
		t.Fatalf("a token holding escapes was kept: exit %d\n%s", r.code, r.stderr)
	}

	hh.h.SetToken(hostiletest.TokenEcho)
	r = hh.script(t, login...)
	mustBeInert(t, login, r)
	for _, spelt := range []string{"Zq+client", "Zq%2Bclient", "client+secret", "client%20secret"} {
		if strings.Contains(r.stdout+r.stderr, spelt) {
			t.Errorf("the echoed secret leaked as %q: %s", spelt, r.stderr)
		}
	}

	for _, reply := range []hostiletest.TokenReply{hostiletest.TokenExpiresZero, hostiletest.TokenExpiresNeg} {
		hh.h.SetToken(reply)
		r = hh.scriptOK(t, login...)
		mustBeInert(t, login, r)
		if !strings.Contains(r.stdout, "it expires now") || strings.Contains(r.stdout, "expires expired") {
			t.Errorf("%s: %q", reply, r.stdout)
		}
	}
}

func TestLogoutRevokeKeepsTheLoginWhenTheServerDoesNotConfirm(t *testing.T) {
	hh := newHostileHarness(t)
	delete(hh.env, "CHATKEYS_TOKEN")
	hh.scriptOK(t, "login", "--grant", "client-credentials")
	for _, d := range []hostiletest.DeleteReply{hostiletest.Accepted, hostiletest.FoundLogin, hostiletest.TemporaryOther, hostiletest.OKErrorBody} {
		hh.h.SetDelete(d)
		r := hh.script(t, "logout", "--revoke")
		mustBeInert(t, []string{"logout --revoke", string(d)}, r)
		if r.code != 1 || !strings.Contains(r.stderr, "still stored") || strings.Contains(r.stdout, "Logged out") {
			t.Errorf("%s: exit %d\nstdout %q\nstderr %q", d, r.code, r.stdout, r.stderr)
		}
		if hh.script(t, "token").code != 0 {
			t.Fatalf("%s: the login was dropped though the revoke was not confirmed", d)
		}
	}
	hh.h.SetDelete(hostiletest.NoContent)
	hh.scriptOK(t, "logout", "--revoke")
	if hh.h.Count("DELETE", "/api/v2/chat/oauth/tokens/2000") != 5 {
		t.Errorf("%d DELETEs of the login's token, want 5", hh.h.Count("DELETE", "/api/v2/chat/oauth/tokens/2000"))
	}
}

func TestANamedProfileOrConfigThatDoesNotExistIsAUsageError(t *testing.T) {
	hh := newHostileHarness(t)
	for _, args := range [][]string{
		{"--profile", "nope", "tokens", "list"},
		{"--config", filepath.Join(t.TempDir(), "missing.toml"), "status"},
	} {
		if r := hh.script(t, args...); r.code != 2 || r.stdout != "" {
			t.Errorf("chatkeys %s: exit %d, stdout %q", strings.Join(args, " "), r.code, r.stdout)
		}
	}
	hh.env["CHATKEYS_PROFILE"] = "nope"
	if r := hh.script(t, "tokens", "list"); r.code != 2 || !strings.Contains(r.stderr, "CHATKEYS_PROFILE") {
		t.Errorf("CHATKEYS_PROFILE=nope: exit %d, %q", r.code, r.stderr)
	}
}

func TestAProfileNamedWithEscapesIsShownInert(t *testing.T) {
	hh := newHostileHarness(t)
	evil := "p\x1b]0;pwned\x07\u202e"
	dir := filepath.Join(hh.env["XDG_CONFIG_HOME"], "chatkeys")
	os.MkdirAll(dir, 0o700)
	quoted, _ := json.Marshal(evil)
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(fmt.Sprintf("[%s]\nsubdomain = \"acme\"\n", quoted)), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"--profile", evil, "status"}, {"--profile", evil + "x", "status"}} {
		r := hh.script(t, args...)
		mustBeInert(t, args, r)
		if r.stdout+r.stderr == "" {
			t.Errorf("%q printed nothing", args)
		}
	}
}

func TestTokensListOfAClientThatDoesNotExistIsAnError(t *testing.T) {
	hh := newHostileHarness(t)
	r := hh.script(t, "tokens", "list", "--client", "no-such-client")
	if r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, "no client") {
		t.Fatalf("exit %d\nstdout %q\nstderr %q", r.code, r.stdout, r.stderr)
	}
}

func TestClientsCreateNamesEveryMissingFlagBeforeAnyRequest(t *testing.T) {
	hh := newHostileHarness(t)
	r := hh.script(t, "clients", "create", "--company", "acme")
	if r.code != 2 || !strings.Contains(r.stderr, "--name, --redirect-uri, --scopes") {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	if len(hh.h.Requests()) != 0 {
		t.Fatalf("%d requests were sent", len(hh.h.Requests()))
	}
}

func TestInTheTUIARateLimitWaitGoesToTheStatusLineNotStderr(t *testing.T) {
	var errOut strings.Builder
	a := NewFactory(IO{Err: &errOut, Getenv: func(string) string { return "" }})
	a.startTUIWaits()
	a.announceWait(api.RateWait{Wait: 57 * time.Second, Until: time.Now().Add(57 * time.Second)})
	if errOut.Len() != 0 {
		t.Fatalf("written over the TUI: %q", errOut.String())
	}
	select {
	case w := <-a.rateWaits:
		if w.Wait != 57*time.Second {
			t.Fatalf("wait %v", w.Wait)
		}
	default:
		t.Fatal("the TUI was not told")
	}
	for i := range 20 { // more than the channel holds: the newest must get through
		a.announceWait(api.RateWait{Wait: time.Duration(i+1) * time.Second})
	}
	var last api.RateWait
	for len(a.rateWaits) > 0 {
		last = <-a.rateWaits
	}
	if last.Wait != 20*time.Second {
		t.Fatalf("the newest wait was dropped: last %v", last.Wait)
	}
	b := NewFactory(IO{Err: &errOut, Getenv: func(string) string { return "" }})
	b.announceWait(api.RateWait{Wait: 5 * time.Second})
	if !strings.Contains(errOut.String(), "retrying in 5s") {
		t.Fatalf("the command line did not say so: %q", errOut.String())
	}
}

func TestACredentialsFileOthersCanReadIsMadePrivateAndTheCLISaysSo(t *testing.T) {
	hh := newHostileHarness(t)
	hh.keyring = noKeyring() // the login goes to the file
	delete(hh.env, "CHATKEYS_TOKEN")
	hh.scriptOK(t, "login", "--grant", "client-credentials")
	path := filepath.Join(hh.env["XDG_CONFIG_HOME"], "chatkeys", "credentials.json")
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	r := hh.scriptOK(t, "status")
	if !strings.Contains(r.stderr, "made it private (0600)") || !strings.Contains(r.stderr, "0644") {
		t.Fatalf("stderr %q", r.stderr)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %o", fi.Mode().Perm())
	}
}
