package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"chatkeys/api"
	"chatkeys/authflow/history"
	"chatkeys/ui"
)

// historyHarness is newHarness with a state directory of its own, so the
// runs record their actions; it returns the history file's path.
func historyHarness(t *testing.T) (*harness, string) {
	t.Helper()
	h := newHarness(t)
	h.env["XDG_STATE_HOME"] = t.TempDir()
	return h, filepath.Join(h.env["XDG_STATE_HOME"], "chatkeys", history.FileName)
}

// historyJSONOf runs chatkeys history --json with args and decodes it.
func historyJSONOf(t *testing.T, h *harness, args ...string) []historyJSON {
	t.Helper()
	r := h.scriptOK(t, append([]string{"history", "--json"}, args...)...)
	var out []historyJSON
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("history --json: %v\n%s", err, r.stdout)
	}
	return out
}

func TestHistoryParsesItsFlagsIntoItsOptions(t *testing.T) {
	o, err := parse(t, newCmdHistory, "--since", "7d", "--profile", "work", "--json")
	if err != nil || o.Since != "7d" || o.Profile != "work" || !o.JSON {
		t.Fatalf("options %+v, %v", o, err)
	}
	o, err = parse(t, newCmdHistory)
	if err != nil || o.Since != "" || o.Profile != "" || o.JSON {
		t.Fatalf("options %+v, %v", o, err)
	}
	for _, bad := range [][]string{{"--since", "soon"}, {"--since", "-3d"}, {"--since", "0h"}, {"extra"}} {
		if o, err := parse(t, newCmdHistory, bad...); !isUsage(err) || o != nil {
			t.Errorf("%q: ran with %+v, err %v", bad, o, err)
		}
	}
}

func TestParseSinceTakesSpansAndDates(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Time{
		"7d":                   now.AddDate(0, 0, -7),
		"2w":                   now.AddDate(0, 0, -14),
		"12h":                  now.Add(-12 * time.Hour),
		"90m":                  now.Add(-90 * time.Minute),
		"1h30m":                now.Add(-90 * time.Minute),
		"2026-03-01":           time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
		"2026-03-01T08:00:00Z": time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC),
	} {
		if got, err := parseSince(in, now); err != nil || !got.Equal(want) {
			t.Errorf("%q: %v, %v; want %v", in, got, err, want)
		}
	}
}

// TestEveryActionFromTheCommandLineIsOneLineWithEachTargetsResult runs
// each command that changes the account over real HTTP and reads the
// history back, as JSON and as the tab-separated rows of a script.
func TestEveryActionFromTheCommandLineIsOneLineWithEachTargetsResult(t *testing.T) {
	h, path := historyHarness(t)
	r := h.scriptOK(t, "clients", "create", "--name", "Hist", "--redirect-uri", "http://localhost:8080", "--scopes", "read", "--json")
	var created clientJSON
	if err := json.Unmarshal([]byte(r.stdout), &created); err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatInt(created.ID, 10)
	h.scriptOK(t, "clients", "update", id, "--company", "Acme")
	h.scriptOK(t, "clients", "rotate-secret", id, "--yes")
	admin := h.sim.Admin().ID
	t1 := h.sim.MintToken(admin, created.ClientIdentifier, "read", time.Hour).ID
	t2 := h.sim.MintToken(admin, created.ClientIdentifier, "read", time.Hour).ID
	if r := h.script(t, "tokens", "revoke", strconv.FormatInt(t1, 10), strconv.FormatInt(t2, 10), "987654", "--yes"); r.code == 0 {
		t.Fatalf("a revoke with an unknown id succeeded:\n%s", r.stdout)
	}
	h.scriptOK(t, "clients", "delete", id, "--yes")
	if r := h.script(t, "clients", "delete", id, "--yes"); r.code == 0 {
		t.Fatal("a second delete succeeded")
	}

	entries := historyJSONOf(t, h)
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
		u, _ := url.Parse(h.srv.URL)
		if e.Profile != "default" || e.Host != u.Host || e.Time.IsZero() {
			t.Errorf("%s: profile %q host %q time %v", e.Action, e.Profile, e.Host, e.Time)
		}
	}
	want := []string{"client.create", "client.update", "client.rotate_secret", "token.revoke", "client.delete", "client.delete"}
	if !slices.Equal(actions, want) {
		t.Fatalf("actions %q, want %q", actions, want)
	}
	target := func(tid, cid int64, ident, result string, status int) historyTargetJSON {
		return historyTargetJSON{TokenID: tid, ClientID: cid, ClientIdentifier: ident, Result: result, Status: status}
	}
	wantTargets := [][]historyTargetJSON{
		{target(0, created.ID, created.ClientIdentifier, "confirmed", 0)},
		{target(0, created.ID, created.ClientIdentifier, "confirmed", 0)},
		{target(0, created.ID, "", "confirmed", 0)},
		{target(t1, 0, "", "confirmed", 0), target(t2, 0, "", "confirmed", 0), target(987654, 0, "", "failed", 404)},
		{target(0, created.ID, "", "confirmed", 0)},
		{target(0, created.ID, "", "failed", 404)},
	}
	for i, e := range entries {
		if !slices.Equal(e.Targets, wantTargets[i]) {
			t.Errorf("%s: targets %+v, want %+v", e.Action, e.Targets, wantTargets[i])
		}
	}

	rows := strings.Split(strings.TrimSuffix(h.scriptOK(t, "history").stdout, "\n"), "\n")
	if len(rows) != 9 || rows[0] != strings.Join(historyHeader, "\t") {
		t.Fatalf("%d rows, want the header and one a target:\n%s", len(rows), strings.Join(rows, "\n"))
	}
	for _, row := range rows {
		if cells := strings.Split(row, "\t"); len(cells) != 7 {
			t.Fatalf("row %q has %d cells", row, len(cells))
		}
	}
	if !strings.Contains(rows[6], "token.revoke\ttoken 987654\tfailed (HTTP 404)") {
		t.Errorf("the failed revoke's row: %q", rows[6])
	}

	if got := historyJSONOf(t, h, "--profile", "other"); len(got) != 0 {
		t.Errorf("--profile other: %d entries", len(got))
	}
	if got := historyJSONOf(t, h, "--since", "1h"); len(got) != len(want) {
		t.Errorf("--since 1h: %d entries", len(got))
	}
	if got := historyJSONOf(t, h, "--since", "2099-01-01"); len(got) != 0 {
		t.Errorf("--since a future date: %d entries", len(got))
	}
	if runtime.GOOS != "windows" {
		if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("the history file: %v, %v", fi, err)
		}
	}
}

func TestListingChangesNothingAndRecordsNothing(t *testing.T) {
	h, path := historyHarness(t)
	h.scriptOK(t, "clients", "list")
	h.scriptOK(t, "tokens", "list")
	h.scriptOK(t, "history")
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("reads were recorded: %v", err)
	}
	if got := historyJSONOf(t, h); len(got) != 0 {
		t.Fatalf("%d entries", len(got))
	}
}

func TestHistoryShowsAHostileFileSanitisedAndCountsWhatItSkips(t *testing.T) {
	h, path := historyHarness(t)
	os.MkdirAll(filepath.Dir(path), 0o700)
	hostile := `{"time":"2026-03-01T12:00:00Z","profile":"p\u001b]52;c;aGk=\u0007","host":"h\u202e","action":"login\u001b[2J","targets":[{"client_identifier":"c\u009b31m","result":"confirmed\r\n"}]}` + "\n" +
		"\x1b[31mgarbage\n"
	if err := os.WriteFile(path, []byte(hostile), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"history"}, {"history", "--json"}} {
		r := h.scriptOK(t, args...)
		for _, out := range []string{r.stdout, r.stderr} {
			for _, c := range out {
				if (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f) || c == '\u202e' {
					t.Fatalf("%v printed %U:\n%q", args, c, out)
				}
			}
		}
		if !strings.Contains(r.stderr, "skipped 1 line") {
			t.Errorf("%v: stderr %q", args, r.stderr)
		}
	}
}

func TestHistoryWithoutAStateDirectorySaysWhereItWouldBe(t *testing.T) {
	h := newHarness(t) // neither XDG_STATE_HOME nor HOME
	r := h.script(t, "history")
	if r.code != exitError || !strings.Contains(r.stderr, "XDG_STATE_HOME") {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	h.scriptOK(t, "tokens", "revoke", strconv.FormatInt(h.sim.MintToken(h.sim.Admin().ID, h.sim.DemoClient().ClientIdentifier, "read", time.Hour).ID, 10), "--yes")
}

func TestAFailedHistoryWriteIsToldOnceAndTheActionStillDone(t *testing.T) {
	h, path := historyHarness(t)
	if err := os.MkdirAll(path, 0o700); err != nil { // a directory where the file goes
		t.Fatal(err)
	}
	ids := []string{}
	for range 3 {
		ids = append(ids, strconv.FormatInt(h.sim.MintToken(h.sim.Admin().ID, h.sim.DemoClient().ClientIdentifier, "read", time.Hour).ID, 10))
	}
	r := h.scriptOK(t, append([]string{"tokens", "revoke", "--yes"}, ids...)...)
	if n := strings.Count(r.stderr, "history of admin actions could not be written"); n != 1 {
		t.Fatalf("told %d times:\n%s", n, r.stderr)
	}
	if !strings.Contains(r.stdout+r.stderr, "revoked") {
		t.Fatalf("the revoke did not report: %q %q", r.stdout, r.stderr)
	}
}

// TestTheTUIRecordsARevokeThroughTheFactorysClient builds the TUI's
// session as chatkeys does (runTUI), runs the App on a terminal, revokes
// the token under the cursor with x and y, and reads the history.
func TestTheTUIRecordsARevokeThroughTheFactorysClient(t *testing.T) {
	h, path := historyHarness(t)
	f := NewFactory(IO{In: strings.NewReader(""), Out: io.Discard, Err: io.Discard,
		Getenv: func(k string) string { return h.env[k] }, Keyring: h.keyring})
	f.tuiRoot = true
	s, logins, err := sessionDepsOf(f).settingsAndLogins()
	if err != nil {
		t.Fatal(err)
	}
	sess, err := newLoginBackend(f, logins, s).session(context.Background())
	if err != nil || sess.Client == nil {
		t.Fatalf("session %+v, %v", sess, err)
	}
	app := ui.New(context.Background(), ui.Options{Session: sess, CopyNative: func(string) error { return nil }})
	tm := teatest.NewTestModel(t, app, teatest.WithInitialTermSize(100, 30))
	var seen []byte
	waitFor := func(text string) {
		t.Helper()
		prev := seen[:len(seen):len(seen)]
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			seen = append(prev, b...)
			return bytes.Contains(seen, []byte(text))
		}, teatest.WithDuration(10*time.Second))
	}
	before := len(h.sim.Tokens())
	tm.Send(press("2"))
	waitFor("Refresh")
	tm.Send(press("x"))
	waitFor("Revoke")
	tm.Send(press("y"))
	var entries []history.Entry
	for start := time.Now(); len(entries) == 0 && time.Since(start) < 10*time.Second; time.Sleep(20 * time.Millisecond) {
		log, err := history.Read(path, history.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		entries = log.Entries
	}
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	if len(entries) != 1 || entries[0].Action != api.ActionTokenRevoke || len(entries[0].Targets) != 1 {
		t.Fatalf("recorded %+v", entries)
	}
	tg := entries[0].Targets[0]
	if tg.Result != api.ResultConfirmed || tg.TokenID == 0 || len(h.sim.Tokens()) != before-1 {
		t.Fatalf("target %+v; tokens %d → %d", tg, before, len(h.sim.Tokens()))
	}
	for _, tok := range h.sim.Tokens() {
		if tok.ID == tg.TokenID {
			t.Fatalf("token %d is recorded revoked but still listed", tg.TokenID)
		}
	}
}

// press is the key k as the terminal sends it.
func press(k string) tea.KeyPressMsg {
	r := []rune(k)
	return tea.KeyPressMsg{Code: r[0], Text: k}
}

func TestTheDemoKeepsItsHistoryInMemory(t *testing.T) {
	h, path := historyHarness(t)
	f := NewFactory(IO{In: strings.NewReader(""), Out: io.Discard, Err: io.Discard, Getenv: func(k string) string { return h.env[k] }})
	f.flags.demo = true
	rec := f.History()
	if rec == nil || rec.Path() != "" {
		t.Fatalf("the demo's recorder: %+v", rec)
	}
	rec.Record(history.Actor{Profile: "demo"}, api.Action{Name: api.ActionLogin, Targets: []api.ActionTarget{{Result: api.ResultConfirmed}}})
	if log, _ := rec.Read(history.Filter{}); len(log.Entries) != 1 {
		t.Fatalf("entries %+v", log.Entries)
	}
	if _, err := os.Stat(filepath.Dir(path)); !os.IsNotExist(err) {
		t.Fatalf("the demo wrote to the state directory: %v", err)
	}
}

func TestWhatTheHistorySaysUnderTheTUIIsPrintedOnceItCloses(t *testing.T) {
	h, path := historyHarness(t)
	os.MkdirAll(path, 0o700) // a directory where the file goes
	var errOut bytes.Buffer
	f := NewFactory(IO{In: strings.NewReader(""), Out: io.Discard, Err: &errOut, Getenv: func(k string) string { return h.env[k] }})
	f.tuiRoot = true
	f.History().Record(history.Actor{}, api.Action{Name: api.ActionLogin, Targets: []api.ActionTarget{{Result: api.ResultConfirmed}}})
	if errOut.Len() != 0 {
		t.Fatalf("written under the TUI's screen: %q", errOut.String())
	}
	f.releaseHistoryNotices()
	if !strings.Contains(errOut.String(), "could not be written") {
		t.Fatalf("stderr %q", errOut.String())
	}
}
