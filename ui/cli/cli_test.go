package cli

import (
	"bytes"
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"chatkeys/api/chatsim"
	"chatkeys/authflow/store"
)

// harness runs chatkeys in-process against a simulator over real HTTP,
// with an in-memory keyring: no test reads or writes the real one.
type harness struct {
	sim     *chatsim.Sim
	srv     *httptest.Server
	env     map[string]string
	keyring store.Keyring
	// stdoutTTY makes stdout a terminal, for the aligned tables.
	stdoutTTY bool
}

// noKeyring is a keyring that is not there.
func noKeyring() *store.MemoryKeyring {
	return store.FailingKeyring(errors.New("no secret service"))
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	sim := chatsim.New(chatsim.Options{Seed: 1, Password: "correct-horse-battery-staple"})
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	tok := sim.MintToken(sim.Admin().ID, sim.DemoClient().ClientIdentifier, "read write", time.Hour)
	return &harness{sim: sim, srv: srv, keyring: store.NewMemoryKeyring(), env: map[string]string{
		"XDG_CONFIG_HOME":  t.TempDir(),
		"CHATKEYS_API_URL": srv.URL + "/api/v2/chat",
		"CHATKEYS_TOKEN":   tok.AccessToken,
	}}
}

// tokensOf counts the simulator's tokens of the client whose identifier
// is ident.
func (h *harness) tokensOf(ident string) int {
	n := 0
	for _, tok := range h.sim.Tokens() {
		if tok.ClientIdentifier == ident {
			n++
		}
	}
	return n
}

// result is what one run printed and returned.
type result struct {
	stdout, stderr string
	code           int
}

// run executes chatkeys with args; stdin is not a terminal unless tty.
func (h *harness) run(t *testing.T, stdin string, tty bool, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Main(context.Background(), args, IO{
		In: strings.NewReader(stdin), Out: &out, Err: &errOut, StdinIsTerminal: tty, StdoutIsTerminal: h.stdoutTTY,
		Getenv: func(k string) string { return h.env[k] }, Keyring: h.keyring,
	})
	return result{out.String(), errOut.String(), code}
}

// script runs chatkeys with args as a script does: nothing on stdin, and
// stdin not a terminal.
func (h *harness) script(t *testing.T, args ...string) result {
	t.Helper()
	return h.run(t, "", false, args...)
}

// scriptOK is script for a run that must exit 0.
func (h *harness) scriptOK(t *testing.T, args ...string) result {
	t.Helper()
	return h.script(t, args...).mustSucceed(t)
}

// on is how a destructive question names the simulator's account and
// the default profile.
func (h *harness) on() string {
	return "[" + strings.TrimPrefix(h.srv.URL, "http://") + ", profile default] "
}

// terminalOK is scriptOK with stdout a terminal: tables come aligned.
func (h *harness) terminalOK(t *testing.T, args ...string) result {
	t.Helper()
	h.stdoutTTY = true
	defer func() { h.stdoutTTY = false }()
	return h.scriptOK(t, args...)
}

func (r result) mustSucceed(t *testing.T) result {
	t.Helper()
	if r.code != 0 {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	return r
}
