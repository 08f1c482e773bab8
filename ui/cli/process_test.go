package cli

// These tests start real chatkeys processes, in parallel, against a
// simulator in this test process: what holds for goroutines must hold for
// processes that share only the files.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"chatkeys/api/chatsim"
	"chatkeys/authflow/store"
)

var (
	binaryOnce sync.Once
	binaryPath string
	binaryErr  error
)

// chatkeysBinary builds chatkeys once for the test run.
func chatkeysBinary(t *testing.T) string {
	t.Helper()
	binaryOnce.Do(func() {
		dir, err := os.MkdirTemp("", "chatkeys-bin-")
		if err != nil {
			binaryErr = err
			return
		}
		binaryPath = filepath.Join(dir, "chatkeys")
		out, err := exec.Command("go", "build", "-o", binaryPath, "chatkeys").CombinedOutput()
		if err != nil {
			binaryErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binaryErr != nil {
		t.Fatal(binaryErr)
	}
	return binaryPath
}

// procAccount is a simulator and a config directory for real processes.
type procAccount struct {
	sim  *chatsim.Sim
	srv  *httptest.Server
	bin  string
	home string // XDG_CONFIG_HOME
	env  []string
}

func newProcAccount(t *testing.T, opts chatsim.Options) *procAccount {
	t.Helper()
	opts.Seed = 1
	sim := chatsim.New(opts)
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	p := &procAccount{sim: sim, srv: srv, bin: chatkeysBinary(t)}
	p.reset(t)
	return p
}

// reset starts over with an empty config directory holding profiles
// p1…p8 and main, each pointing at the simulator.
func (p *procAccount) reset(t *testing.T) {
	p.home = t.TempDir()
	dir := filepath.Join(p.home, "chatkeys")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	var cfg strings.Builder
	for _, name := range append(profileNames(8), "main") {
		fmt.Fprintf(&cfg, "[%s]\napi_url = %q\ntoken_url = %q\nauthorize_url = %q\nclient_id = %q\n\n", name,
			p.srv.URL+"/api/v2/chat", p.srv.URL+"/oauth2/chat/token", p.srv.URL+"/oauth2/chat/authorizations/new",
			p.sim.DemoClient().ClientIdentifier)
	}
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(cfg.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	p.env = []string{
		"HOME=" + p.home, "XDG_CONFIG_HOME=" + p.home, "PATH=" + os.Getenv("PATH"),
		"CHATKEYS_CLIENT_SECRET=" + p.sim.DemoClient().ClientSecret,
		// No keyring: every save goes to credentials.json, the file the
		// processes share.
		"DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/bus",
	}
}

func profileNames(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("p%d", i+1)
	}
	return out
}

// proc is one finished process.
type proc struct {
	args           []string
	stdout, stderr string
	err            error
}

// start runs chatkeys with args and stdin; wait collects it.
func (p *procAccount) start(t *testing.T, stdin string, args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(p.bin, args...)
	cmd.Env = p.env
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &out, &errOut
}

// runAll starts every command at once and waits for all of them.
func (p *procAccount) runAll(t *testing.T, stdin string, commands [][]string) []proc {
	t.Helper()
	type running struct {
		cmd      *exec.Cmd
		out, err *bytes.Buffer
	}
	var rs []running
	for _, args := range commands {
		cmd, out, errOut := p.start(t, stdin, args...)
		rs = append(rs, running{cmd, out, errOut})
	}
	procs := make([]proc, len(rs))
	for i, r := range rs {
		err := r.cmd.Wait()
		procs[i] = proc{args: commands[i], stdout: r.out.String(), stderr: r.err.String(), err: err}
	}
	return procs
}

func (p *procAccount) credentials(t *testing.T) map[string]store.Record {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(p.home, "chatkeys", store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	var cf struct {
		Profiles map[string]store.Record `json:"profiles"`
	}
	if err := json.Unmarshal(data, &cf); err != nil {
		t.Fatal(err)
	}
	return cf.Profiles
}

func TestEightConcurrentLoginsKeepAllEightProfilesTwentyTimesOver(t *testing.T) {
	p := newProcAccount(t, chatsim.Options{})
	for round := range 20 {
		p.reset(t)
		var commands [][]string
		for _, name := range profileNames(8) {
			commands = append(commands, []string{"--profile", name, "login", "--grant", "client-credentials"})
		}
		for _, r := range p.runAll(t, "", commands) {
			if r.err != nil {
				t.Fatalf("round %d: chatkeys %s: %v\n%s", round, strings.Join(r.args, " "), r.err, r.stderr)
			}
		}
		got := p.credentials(t)
		for _, name := range profileNames(8) {
			if got[name].AccessToken == "" {
				t.Fatalf("round %d: profile %s was lost (%d of 8 kept)", round, name, len(got))
			}
		}
	}
}

// expireLogin makes the stored login of profile expired, so the next use
// must refresh it.
func (p *procAccount) expireLogin(t *testing.T, profile string) {
	t.Helper()
	path := filepath.Join(p.home, "chatkeys", store.FileName)
	creds := p.credentials(t)
	rec := creds[profile]
	rec.Expiry = time.Now().Add(-time.Minute)
	creds[profile] = rec
	data, _ := json.Marshal(map[string]any{"profiles": creds})
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestARefreshRacingOtherProcessesKeepsAWorkingLoginTwentyTimesOver(t *testing.T) {
	p := newProcAccount(t, chatsim.Options{Password: "correct-horse-battery-staple"})
	admin := p.sim.Admin()
	login := p.runAll(t, "correct-horse-battery-staple\n", [][]string{{"--profile", "main", "login", "--grant", "password",
		"--username", admin.Email, "--password-stdin"}})[0]
	if login.err != nil {
		t.Fatalf("login: %v\n%s", login.err, login.stderr)
	}
	for round := range 20 {
		p.expireLogin(t, "main")
		before := p.credentials(t)["main"].RefreshToken
		var commands [][]string
		for range 4 {
			commands = append(commands, []string{"--profile", "main", "token"})
		}
		for _, name := range profileNames(4) {
			commands = append(commands, []string{"--profile", name, "login", "--grant", "client-credentials"})
		}
		procs := p.runAll(t, "", commands)
		tokens := map[string]bool{}
		for _, r := range procs {
			if r.err != nil {
				t.Fatalf("round %d: chatkeys %s: %v\n%s", round, strings.Join(r.args, " "), r.err, r.stderr)
			}
			if r.args[2] == "token" {
				tokens[strings.TrimSpace(r.stdout)] = true
			}
		}
		stored := p.credentials(t)["main"]
		if len(tokens) != 1 || !tokens[stored.AccessToken] {
			t.Fatalf("round %d: the racing processes printed %d different tokens; want the one stored", round, len(tokens))
		}
		if stored.RefreshToken == before {
			t.Fatalf("round %d: the rotated refresh token was not stored", round)
		}
	}
	// The login still works: its stored refresh token is the live one.
	p.expireLogin(t, "main")
	if r := p.runAll(t, "", [][]string{{"--profile", "main", "token"}})[0]; r.err != nil {
		t.Fatalf("the login no longer refreshes: %v\n%s", r.err, r.stderr)
	}
}

func TestTheBrowserProcessGetsNoSecretFromTheEnvironment(t *testing.T) {
	p := newProcAccount(t, chatsim.Options{})
	dump := filepath.Join(t.TempDir(), "browser-env")
	script := filepath.Join(t.TempDir(), "browser.sh")
	if err := os.WriteFile(script, []byte("#!/bin/sh\nenv > "+dump+".tmp && mv "+dump+".tmp "+dump+"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	const envToken, envSecretMark = "env-token-SECRET-0123456789", "SECRET"
	p.env = append(p.env, "BROWSER="+script, "CHATKEYS_TOKEN="+envToken, "CHATKEYS_REDIRECT_URI=http://127.0.0.1:0")
	cmd, _, errOut := p.start(t, "", "--profile", "main", "login", "--grant", "code")
	defer cmd.Process.Kill()
	var env string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if b, err := os.ReadFile(dump); err == nil {
			env = string(b)
			break
		}
	}
	cmd.Process.Signal(syscall.SIGINT)
	cmd.Wait()
	if !strings.Contains(env, "XDG_CONFIG_HOME=") {
		t.Fatalf("the browser was not started, or its environment not captured: %q\n%s", env, errOut)
	}
	for _, leak := range []string{envToken, p.sim.DemoClient().ClientSecret, "CHATKEYS_"} {
		if strings.Contains(env, leak) {
			t.Errorf("the browser's environment holds %q", leak)
		}
	}
}

func TestCtrlCStopsABulkRevokeWithATruthfulSummary(t *testing.T) {
	p := newProcAccount(t, chatsim.Options{Latency: 400 * time.Millisecond})
	admin := p.sim.Admin()
	tok := p.sim.MintToken(admin.ID, p.sim.DemoClient().ClientIdentifier, "read write", time.Hour)
	p.env = append(p.env, "CHATKEYS_TOKEN="+tok.AccessToken)
	args := []string{"--profile", "main", "tokens", "revoke", "--yes"}
	var ids []int64
	for range 40 {
		id := p.sim.MintToken(admin.ID, p.sim.DemoClient().ClientIdentifier, "read", time.Hour).ID
		ids = append(ids, id)
		args = append(args, fmt.Sprint(id))
	}
	cmd, out, errOut := p.start(t, "", args...)
	// Interrupt once the first DELETEs have reached the server: the
	// process is revoking, and its interrupt handler is in place.
	for deadline := time.Now().Add(20 * time.Second); p.sim.RequestCount("DELETE", "/api/v2/chat/oauth/tokens/") == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no revocation reached the server")
		}
	}
	cmd.Process.Signal(syscall.SIGINT)
	err := cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); err == nil || code != 1 {
		t.Fatalf("exit %d (%v), want 1\nstdout %s\nstderr %s", code, err, out, errOut)
	}
	var revoked, notTried int
	for _, line := range strings.Split(out.String(), "\n") {
		switch {
		case strings.HasPrefix(line, "revoked "):
			revoked++
		case strings.HasPrefix(line, "not tried "):
			notTried++
		}
	}
	gone := len(ids) - p.sim.CountTokens(ids)
	if gone != revoked {
		t.Fatalf("the server revoked %d tokens, chatkeys reported %d\n%s", gone, revoked, out)
	}
	if notTried == 0 || revoked+notTried != len(ids) || !strings.Contains(out.String(), fmt.Sprintf("Revoked %d;", revoked)) {
		t.Fatalf("revoked %d, not tried %d of %d:\n%s\n%s", revoked, notTried, len(ids), out, errOut)
	}
}

// paneTUI is the TUI of profile main running in a 100×30 pane of a tmux
// server of its own: a real terminal, whose screen capture-pane reads
// and into whose input send-keys writes.
type paneTUI struct {
	t    *testing.T
	sock string
}

// startTUI runs the TUI in a pane, logged in through CHATKEYS_TOKEN; it
// skips the test where tmux is not installed.
func (p *procAccount) startTUI(t *testing.T) *paneTUI {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CHATKEYS_REQUIRE_TMUX") != "" {
			t.Fatal("tmux is not installed, and CHATKEYS_REQUIRE_TMUX is set: apt-get install -y tmux")
		}
		t.Skip("tmux is not installed: no terminal to run the TUI in")
	}
	dir, err := os.MkdirTemp("", "tmux") // short: a socket's path is short
	if err != nil {
		t.Fatal(err)
	}
	s := &paneTUI{t: t, sock: filepath.Join(dir, "s")}
	t.Cleanup(func() {
		exec.Command("tmux", "-S", s.sock, "kill-server").Run()
		os.RemoveAll(dir)
	})
	tok := p.sim.MintToken(p.sim.Admin().ID, p.sim.DemoClient().ClientIdentifier, "read write", time.Hour)
	args := append([]string{"-S", s.sock, "new-session", "-d", "-x", "100", "-y", "30", "env", "-i"}, p.env...)
	args = append(args, "TERM=xterm-256color", "CHATKEYS_TOKEN="+tok.AccessToken, p.bin, "--profile", "main")
	if out, err := exec.Command("tmux", args...).CombinedOutput(); err != nil {
		t.Fatalf("tmux: %v\n%s", err, out)
	}
	s.waitFor("clients ·")
	return s
}

// screen is the pane's text as shown.
func (s *paneTUI) screen() string {
	out, err := exec.Command("tmux", "-S", s.sock, "capture-pane", "-p").Output()
	if err != nil {
		s.t.Fatalf("capture-pane: %v (has chatkeys exited?)", err)
	}
	return string(out)
}

// waitFor waits until the screen shows text, and returns the screen.
func (s *paneTUI) waitFor(text string) string {
	s.t.Helper()
	var screen string
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if screen = s.screen(); strings.Contains(screen, text) {
			return screen
		}
	}
	s.t.Fatalf("the screen never showed %q:\n%s", text, screen)
	return ""
}

// input writes bytes to the pane's input as a terminal would.
func (s *paneTUI) input(b string) {
	s.t.Helper()
	if out, err := exec.Command("tmux", "-S", s.sock, "send-keys", "-l", b).CombinedOutput(); err != nil {
		s.t.Fatalf("send-keys: %v\n%s", err, out)
	}
}

// click presses and releases the left button on the last cell of the
// lowest line that shows text, as an SGR mouse report (1-based cells).
func (s *paneTUI) click(text string) {
	s.t.Helper()
	lines := strings.Split(s.screen(), "\n")
	for y := len(lines) - 1; y >= 0; y-- {
		if i := strings.LastIndex(lines[y], text); i >= 0 {
			x := ansi.StringWidth(lines[y][:i]) + ansi.StringWidth(text)
			s.input(fmt.Sprintf("\x1b[<0;%d;%dM\x1b[<0;%d;%dm", x, y+1, x, y+1))
			return
		}
	}
	s.t.Fatalf("the screen does not show %q:\n%s", text, s.screen())
}

// revokes counts the revocations that reached the server.
func (p *procAccount) revokes() int {
	return p.sim.RequestCount("DELETE", "/api/v2/chat/oauth/tokens/")
}

func TestInARealTerminalAClickSwitchesTabsAndPressesADialogsButtons(t *testing.T) {
	p := newProcAccount(t, chatsim.Options{})
	tui := p.startTUI(t)
	tui.click("2 Tokens")
	tui.waitFor("Refresh Token")
	tui.input("x")
	tui.waitFor("Revoke token")
	tui.click("Revoke")
	tui.waitFor("Revoked 1.")
	if n := p.revokes(); n != 1 {
		t.Fatalf("the Revoke button sent %d revocations, want 1", n)
	}
	tui.click("Close")
	if screen := tui.waitFor("Revoked 1 token."); strings.Contains(screen, "enter closes") {
		t.Fatalf("Close left the summary open:\n%s", screen)
	}
}

func TestInARealTerminalWithMouseFalseTheSameClicksDoNothing(t *testing.T) {
	p := newProcAccount(t, chatsim.Options{})
	path := filepath.Join(p.home, "chatkeys", "config.toml")
	cfg, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(cfg), "[main]\n", "[main]\nmouse = false\n", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	tui := p.startTUI(t)
	tui.click("2 Tokens")
	tui.input("?") // after the click: once the full help shows, the click was read
	if screen := tui.waitFor("prev tab"); strings.Contains(screen, "Refresh Token") || !strings.Contains(screen, "Redirect URIs") {
		t.Fatalf("a click with mouse = false left Clients:\n%s", screen)
	}
	tui.input("?2x")
	tui.waitFor("Revoke token")
	tui.click("Revoke")
	tui.input("n") // No closes the confirm: the click came first
	for deadline := time.Now().Add(15 * time.Second); strings.Contains(tui.screen(), "Revoke token"); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("n did not close the confirm:\n%s", tui.screen())
		}
	}
	if n := p.revokes(); n != 0 {
		t.Fatalf("a click on Revoke with mouse = false sent %d revocations", n)
	}
}
