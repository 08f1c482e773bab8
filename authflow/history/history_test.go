package history

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"chatkeys/api"
	"chatkeys/authflow/internal/privfile"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// clock returns a Now that starts at t0 and moves a second a call.
func clock() func() time.Time {
	var mu sync.Mutex
	now := t0
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(time.Second)
		return now
	}
}

// notes collects what a Recorder notifies.
type notes struct {
	mu   sync.Mutex
	seen []string
}

func (n *notes) add(s string) { n.mu.Lock(); n.seen = append(n.seen, s); n.mu.Unlock() }
func (n *notes) all() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return slices.Clone(n.seen)
}

func newRecorder(t *testing.T, path string, max int64) (*Recorder, *notes) {
	t.Helper()
	n := &notes{}
	return New(Options{Path: path, MaxSize: max, Now: clock(), Notify: n.add}), n
}

var acme = Actor{Profile: "work", Subdomain: "acme", Host: "acme.zendesk.com", AgentID: 7}

func revoke(ids ...int64) api.Action {
	a := api.Action{Name: api.ActionTokenRevoke}
	for _, id := range ids {
		a.Targets = append(a.Targets, api.ActionTarget{TokenID: id, Result: api.ResultConfirmed})
	}
	return a
}

func mustRead(t *testing.T, path string, f Filter) Log {
	t.Helper()
	log, err := Read(path, f)
	if err != nil {
		t.Fatal(err)
	}
	return log
}

func TestARecordedActionIsOneLineReadBackWithEveryField(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "chatkeys", FileName)
	r, n := newRecorder(t, path, 0)
	r.Record(acme, api.Action{Name: api.ActionClientDelete, Targets: []api.ActionTarget{
		{ClientID: 5, ClientIdentifier: "app_5", Result: api.ResultNotConfirmed, Status: 202},
	}})
	r.Record(acme, api.Action{Name: api.ActionTokenRevoke, Targets: []api.ActionTarget{
		{TokenID: 1, Result: api.ResultConfirmed}, {TokenID: 2, Result: api.ResultFailed, Status: 403},
	}})
	if err := r.Err(); err != nil || len(n.all()) != 0 {
		t.Fatalf("err %v, notes %q", err, n.all())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines:\n%s", len(lines), data)
	}
	want := `{"time":"2026-03-01T12:00:01Z","profile":"work","subdomain":"acme","host":"acme.zendesk.com","agent_id":7,` +
		`"action":"client.delete","targets":[{"client_id":5,"client_identifier":"app_5","result":"not_confirmed","status":202}]}`
	if lines[0] != want {
		t.Fatalf("line 1\n got %s\nwant %s", lines[0], want)
	}
	log := mustRead(t, path, Filter{})
	if log.Skipped != 0 || len(log.Entries) != 2 {
		t.Fatalf("read %+v", log)
	}
	second := log.Entries[1]
	wantTargets := []Target{{TokenID: 1, Result: "confirmed"}, {TokenID: 2, Result: "failed", Status: 403}}
	if second.Action != "token.revoke" || !second.Time.Equal(t0.Add(2*time.Second)) || !slices.Equal(second.Targets, wantTargets) {
		t.Fatalf("entry 2 = %+v", second)
	}
	if runtime.GOOS != "windows" {
		if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
			t.Errorf("mode %v, want 0600", fi.Mode().Perm())
		}
		if fi, _ := os.Stat(filepath.Dir(path)); fi.Mode().Perm() != 0o700 {
			t.Errorf("directory mode %v, want 0700", fi.Mode().Perm())
		}
	}
}

// TestAnEntryHasNoFieldForFreeText fixes the shape of a line: a new
// field must be added here, on purpose, after asking whether a secret
// could reach it.
func TestAnEntryHasNoFieldForFreeText(t *testing.T) {
	fields := func(v any) (names []string) {
		rt := reflect.TypeOf(v)
		for i := range rt.NumField() {
			f := rt.Field(i)
			names = append(names, f.Name+":"+f.Type.String())
		}
		return names
	}
	wantEntry := []string{"Time:time.Time", "Profile:string", "Subdomain:string", "Host:string", "AgentID:int64",
		"Action:string", "Targets:[]history.Target", "Part:int", "Parts:int"}
	wantTarget := []string{"TokenID:int64", "ClientID:int64", "ClientIdentifier:string", "Result:string", "Status:int"}
	if got := fields(Entry{}); !slices.Equal(got, wantEntry) {
		t.Errorf("Entry's fields are %q", got)
	}
	if got := fields(Target{}); !slices.Equal(got, wantTarget) {
		t.Errorf("Target's fields are %q", got)
	}
	wantAction := []string{"Name:string", "Targets:[]api.ActionTarget"}
	wantActionTarget := []string{"TokenID:int64", "ClientID:int64", "ClientIdentifier:string", "Result:string", "Status:int"}
	if got := fields(api.Action{}); !slices.Equal(got, wantAction) {
		t.Errorf("api.Action's fields are %q", got)
	}
	if got := fields(api.ActionTarget{}); !slices.Equal(got, wantActionTarget) {
		t.Errorf("api.ActionTarget's fields are %q", got)
	}
}

func TestAnActionOrResultNotOnApisListsIsRefusedAndToldOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	r, n := newRecorder(t, path, 0)
	r.Record(acme, api.Action{Name: "secret=hunter2", Targets: []api.ActionTarget{{Result: api.ResultConfirmed}}})
	r.Record(acme, api.Action{Name: api.ActionLogin, Targets: []api.ActionTarget{{Result: "token=abc"}}})
	if !errors.Is(r.Err(), errUnknown) || len(n.all()) != 1 {
		t.Fatalf("err %v, notes %q", r.Err(), n.all())
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("something was written: %v", err)
	}
	r.Record(acme, revoke(1))
	if log := mustRead(t, path, Filter{}); len(log.Entries) != 1 {
		t.Fatalf("a good action after a refused one: %+v", log)
	}
}

func TestTextFieldsAreCleanedAndABadSubdomainLeftOut(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	r, _ := newRecorder(t, path, 0)
	r.Record(Actor{Profile: "a\x1b[31mb\nc", Subdomain: "not a label", Host: strings.Repeat("h", 1000)},
		api.Action{Name: api.ActionClientCreate, Targets: []api.ActionTarget{{ClientID: 1, ClientIdentifier: "id\u202e\x07", Result: api.ResultConfirmed}}})
	e := mustRead(t, path, Filter{}).Entries[0]
	for _, s := range []string{e.Profile, e.Host, e.Targets[0].ClientIdentifier} {
		for _, c := range s {
			if c < 0x20 || c == 0x7f || c == '\u202e' {
				t.Errorf("%q holds %U", s, c)
			}
		}
	}
	if e.Subdomain != "" || len([]rune(e.Host)) > hostMax+1 {
		t.Fatalf("entry %+v", e)
	}
}

func TestAFailedWriteIsKeptAndToldOnceAndNeverPanics(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	if err := os.Mkdir(path, 0o700); err != nil { // a directory where the file goes
		t.Fatal(err)
	}
	r, n := newRecorder(t, path, 0)
	for range 3 {
		r.Record(acme, revoke(1))
	}
	if r.Err() == nil || len(n.all()) != 1 || !strings.Contains(n.all()[0], "not affected") {
		t.Fatalf("err %v, notes %q", r.Err(), n.all())
	}
	if _, err := Read(path, Filter{}); !errors.Is(err, privfile.ErrUnsafe) {
		t.Fatalf("Read of a directory: %v", err)
	}
	var nilRecorder *Recorder
	nilRecorder.Record(acme, revoke(1))
	if nilRecorder.Err() != nil || nilRecorder.Path() != "" {
		t.Fatal("a nil Recorder is not inert")
	}
}

func TestASymbolicLinkIsNeitherWrittenThroughNorRead(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	dir := t.TempDir()
	victim := filepath.Join(dir, "victim")
	if err := os.WriteFile(victim, []byte("keep\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, FileName)
	if err := os.Symlink(victim, path); err != nil {
		t.Fatal(err)
	}
	r, n := newRecorder(t, path, 0)
	r.Record(acme, revoke(1))
	if r.Err() == nil || len(n.all()) != 1 {
		t.Fatalf("err %v notes %q", r.Err(), n.all())
	}
	if data, _ := os.ReadFile(victim); string(data) != "keep\n" {
		t.Fatalf("the link's target was written: %q", data)
	}
	if _, err := Read(path, Filter{}); !errors.Is(err, privfile.ErrUnsafe) {
		t.Fatalf("Read through a link: %v", err)
	}
}

func TestAFileOthersCanReadIsMadePrivateWithANotice(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no group and other bits on Windows")
	}
	path := filepath.Join(t.TempDir(), FileName)
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chmod(path, 0o644)
	r, n := newRecorder(t, path, 0)
	r.Record(acme, revoke(1))
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", fi.Mode().Perm())
	}
	if got := n.all(); len(got) != 1 || !strings.Contains(got[0], "made it private") || r.Err() != nil {
		t.Fatalf("notes %q, err %v", got, r.Err())
	}
}

func TestAppendingNeverReplacesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	r, _ := newRecorder(t, path, 0)
	r.Record(acme, revoke(1))
	before, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 50 {
		r.Record(acme, revoke(int64(i)))
	}
	after, err := os.Stat(path)
	if err != nil || !os.SameFile(before, after) {
		t.Fatalf("the file was replaced (%v): appends must not rewrite it", err)
	}
}

func TestTheFileIsRotatedPastItsBoundKeepingOneOldFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	const bound = 2000
	r, _ := newRecorder(t, path, bound)
	const n = 200
	for i := range n {
		r.Record(acme, revoke(int64(i)))
	}
	if r.Err() != nil {
		t.Fatal(r.Err())
	}
	for _, p := range []string{path, path + ".1"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Size() > bound || fi.Size() == 0 {
			t.Errorf("%s holds %d bytes, bound %d", filepath.Base(p), fi.Size(), bound)
		}
		if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %v", filepath.Base(p), fi.Mode().Perm())
		}
	}
	if matches, _ := filepath.Glob(path + "*"); len(matches) != 3 { // the file, .1 and the lock
		t.Errorf("files: %q", matches)
	}
	log := mustRead(t, path, Filter{})
	if log.Skipped != 0 || len(log.Entries) == 0 || len(log.Entries) >= n {
		t.Fatalf("%d entries, %d skipped", len(log.Entries), log.Skipped)
	}
	// What is kept is the newest entries, in order, with none missing.
	first := log.Entries[0].Targets[0].TokenID
	for i, e := range log.Entries {
		if e.Targets[0].TokenID != first+int64(i) {
			t.Fatalf("entry %d is token %d, want %d", i, e.Targets[0].TokenID, first+int64(i))
		}
	}
	if last := log.Entries[len(log.Entries)-1].Targets[0].TokenID; last != n-1 {
		t.Fatalf("the newest entry is %d", last)
	}
}

func TestAnActionWithManyTargetsIsSplitIntoNumberedLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	r, _ := newRecorder(t, path, 0)
	ids := make([]int64, 2*MaxTargetsPerLine+1)
	for i := range ids {
		ids[i] = int64(i + 1)
	}
	r.Record(acme, revoke(ids...))
	log := mustRead(t, path, Filter{})
	if len(log.Entries) != 3 {
		t.Fatalf("%d lines", len(log.Entries))
	}
	var got []int64
	for i, e := range log.Entries {
		if e.Part != i+1 || e.Parts != 3 || !e.Time.Equal(log.Entries[0].Time) {
			t.Errorf("line %d: part %d of %d at %v", i, e.Part, e.Parts, e.Time)
		}
		for _, tg := range e.Targets {
			got = append(got, tg.TokenID)
		}
	}
	if !slices.Equal(got, ids) {
		t.Fatal("the targets differ from the action's")
	}
	r.Record(acme, api.Action{Name: api.ActionLogout})
	if log := mustRead(t, path, Filter{}); len(log.Entries) != 3 {
		t.Fatal("an action without targets was written")
	}
}

func TestDefaultPathFollowsXDGStateHomeThenHome(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"XDG_STATE_HOME": "/xdg", "HOME": "/home/u"}, filepath.Join("/xdg", "chatkeys", FileName)},
		{map[string]string{"XDG_STATE_HOME": "relative", "HOME": "/home/u"}, filepath.Join("/home/u", ".local", "state", "chatkeys", FileName)},
		{map[string]string{"HOME": "/home/u"}, filepath.Join("/home/u", ".local", "state", "chatkeys", FileName)},
	} {
		if got, err := DefaultPath(env(c.env)); err != nil || got != c.want {
			t.Errorf("%v: %q, %v; want %q", c.env, got, err, c.want)
		}
	}
	if _, err := DefaultPath(env(nil)); !errors.Is(err, ErrNoStateDir) {
		t.Errorf("no environment: %v", err)
	}
}

func TestEveryLineIsOneJSONObjectEndingInANewline(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	r, _ := newRecorder(t, path, 0)
	for i := range 10 {
		r.Record(acme, revoke(int64(i)))
	}
	data, _ := os.ReadFile(path)
	if !bytes.HasSuffix(data, []byte("\n")) {
		t.Fatal("no final newline")
	}
	for i, line := range bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n")) {
		var m map[string]any
		if err := json.Unmarshal(line, &m); err != nil {
			t.Fatalf("line %d: %v", i, err)
		}
	}
}
