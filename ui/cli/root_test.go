package cli

import (
	"bufio"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"chatkeys/authflow/store"
)

func TestUnknownCommandIsAUsageError(t *testing.T) {
	h := newHarness(t)
	for _, args := range [][]string{{"frobnicate"}, {"clients", "list", "--bogus"}, {"clients", "show"}, {"clients", "show", "abc"}, {"tokens", "revoke"},
		{"tokens", "revok", "5"}, {"clients", "bogus"}} {
		if r := h.script(t, args...); r.code != 2 {
			t.Errorf("%v: exit %d (stderr %q), want 2", args, r.code, r.stderr)
		}
	}
}

func TestNotLoggedInSaysHowToLogIn(t *testing.T) {
	h := newHarness(t)
	delete(h.env, "CHATKEYS_TOKEN")
	r := h.script(t, "clients", "list")
	if want := "chatkeys: not logged in — run chatkeys login, or set CHATKEYS_TOKEN\n"; r.code != 1 || r.stderr != want || r.stdout != "" {
		t.Fatalf("exit %d, stderr %q, want exactly %q", r.code, r.stderr, want)
	}
	if n := h.sim.RequestCount("GET", "/"); n != 0 {
		t.Fatalf("%d requests were sent without a login", n)
	}
}

func TestUnauthorizedPrintsOneLineWithTheLoginHint(t *testing.T) {
	h := newHarness(t)
	h.env["CHATKEYS_TOKEN"] = "expired-or-made-up"
	r := h.script(t, "tokens", "list")
	if r.code != 1 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "log in again: chatkeys login") {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	if strings.Contains(r.stderr, "expired-or-made-up") {
		t.Error("the token is in the error")
	}
	// With --profile, the command the hint names logs in to that profile.
	h.writeConfig(t, "[prod]\napi_url = \""+h.env["CHATKEYS_API_URL"]+"\"\n")
	if r := h.script(t, "--profile", "prod", "tokens", "list"); r.code != 1 || !strings.HasSuffix(r.stderr, "log in again: chatkeys login --profile prod\n") {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestAPIURLFlagOverridesTheEnvironment(t *testing.T) {
	h := newHarness(t)
	good := h.env["CHATKEYS_API_URL"]
	h.env["CHATKEYS_API_URL"] = "http://127.0.0.1:1/api/v2/chat"
	h.scriptOK(t, "--api-url", good, "clients", "list")
	if r := h.script(t, "clients", "list"); r.code != 1 || !strings.Contains(r.stderr, "cannot reach") {
		t.Fatalf("exit %d, stderr %q; want the environment's dead URL to fail", r.code, r.stderr)
	}
}

func TestPlainHTTPToARemoteAPIIsRefused(t *testing.T) {
	h := newHarness(t)
	h.env["CHATKEYS_API_URL"] = "http://acme.zendesk.com/api/v2/chat"
	if r := h.script(t, "clients", "list"); r.code != 1 || !strings.Contains(r.stderr, "https") {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestSimPrintsShellReadyExportLinesAndServesAndLogsEachAnsweredRequest(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	var simLog strings.Builder // read once the sim has stopped
	go func() {
		done <- Main(ctx, []string{"sim", "--addr", "127.0.0.1:0", "--seed", "3", "--log"}, IO{
			In: strings.NewReader(""), Out: pw, Err: &simLog, Getenv: func(string) string { return "" },
		})
		pw.Close()
	}()
	env := map[string]string{}
	sc := bufio.NewScanner(pr)
	for len(env) < 6 && sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(strings.TrimPrefix(line, "export "), "=")
		if !ok || !strings.HasPrefix(line, "export ") {
			t.Fatalf("line %q is not shell", line)
		}
		env[k] = v
	}
	for _, k := range []string{"CHATKEYS_API_URL", "CHATKEYS_AUTHORIZE_URL", "CHATKEYS_TOKEN_URL", "CHATKEYS_CLIENT_ID", "CHATKEYS_CLIENT_SECRET", "CHATKEYS_TOKEN"} {
		if env[k] == "" {
			t.Fatalf("no %s line", k)
		}
	}
	env["XDG_CONFIG_HOME"] = t.TempDir()
	var out strings.Builder
	code := Main(ctx, []string{"clients", "list"}, IO{In: strings.NewReader(""), Out: &out, Err: io.Discard,
		Getenv: func(k string) string { return env[k] }, Keyring: store.NewMemoryKeyring()})
	if code != 0 || !strings.Contains(out.String(), "chatkeys demo") {
		t.Fatalf("clients list against the sim: exit %d\n%s", code, out.String())
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("sim exited %d", code)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("sim did not stop when cancelled")
	}
	go io.Copy(io.Discard, pr)
	if log := simLog.String(); !strings.Contains(log, "chatsim: GET /api/v2/chat/oauth/clients 200\n") || strings.Contains(log, env["CHATKEYS_TOKEN"]) {
		t.Fatalf("the sim's --log is not one line per answered request without credentials:\n%s", log)
	}
}

func TestLoginWithoutAnAccountSaysHowToSetOneUp(t *testing.T) {
	r := (&harness{env: map[string]string{"XDG_CONFIG_HOME": t.TempDir()}}).script(t, "login")
	if r.code != 1 || !strings.Contains(r.stderr, `profile "default" has no account`) || !strings.Contains(r.stderr, "CHATKEYS_SUBDOMAIN") {
		t.Fatalf("exit %d stderr %q", r.code, r.stderr)
	}
}
