package history

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"chatkeys/api"
)

func TestALineCutShortIsSkippedAndCountedAndTheNextAppendIsWhole(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	r, _ := newRecorder(t, path, 0)
	r.Record(acme, revoke(1))
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"time":"2026-03-01T12:00:09Z","profile":"work","act`) // a crash mid-line
	f.Close()
	r.Record(acme, revoke(2))
	log := mustRead(t, path, Filter{})
	if log.Skipped != 1 || len(log.Entries) != 2 || log.Entries[1].Targets[0].TokenID != 2 {
		t.Fatalf("read %+v", log)
	}
}

func TestReadFiltersBySinceAndProfileAndSkipsGarbage(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	r, _ := newRecorder(t, path, 0)
	other := acme
	other.Profile = "home"
	for i := range 6 {
		who := acme
		if i%2 == 1 {
			who = other
		}
		r.Record(who, revoke(int64(i)))
	}
	f, _ := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	f.WriteString("garbage\n[1,2]\n{\"time\":\"yesterday\",\"action\":\"login\"}\n{\"action\":\"login\"}\n\n" + strings.Repeat("x", maxLine+10) + "\n")
	f.Close()
	r.Record(acme, revoke(6))

	log := mustRead(t, path, Filter{})
	if len(log.Entries) != 7 || log.Skipped != 5 {
		t.Fatalf("%d entries, %d skipped", len(log.Entries), log.Skipped)
	}
	log = mustRead(t, path, Filter{Profile: "work", Since: t0.Add(3 * time.Second)})
	var ids []int64
	for _, e := range log.Entries {
		ids = append(ids, e.Targets[0].TokenID)
	}
	if !slices.Equal(ids, []int64{2, 4, 6}) {
		t.Fatalf("picked %v, want the work profile's from the third second on", ids)
	}
}

func TestAMissingHistoryIsEmptyAndCreatesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "none")
	log, err := Read(filepath.Join(dir, FileName), Filter{})
	if err != nil || len(log.Entries) != 0 || log.Skipped != 0 {
		t.Fatalf("%+v, %v", log, err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("reading created the directory: %v", err)
	}
}

func TestAHistoryInMemoryReadsLikeAFile(t *testing.T) {
	r, _ := newRecorder(t, "", 0)
	r.Record(acme, revoke(1))
	r.Record(Actor{Profile: "demo"}, revoke(2))
	log, err := r.Read(Filter{Profile: "demo"})
	if err != nil || len(log.Entries) != 1 || log.Entries[0].Targets[0].TokenID != 2 {
		t.Fatalf("%+v, %v", log, err)
	}
}

func TestRowsGiveEachTargetARowAndAnEntryWithoutTargetsOne(t *testing.T) {
	at := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	entries := []Entry{
		{Time: at, Profile: "work", Subdomain: "acme", AgentID: 7, Action: "token.revoke", Targets: []Target{
			{TokenID: 12, Result: api.ResultConfirmed},
			{TokenID: 13, Result: api.ResultNotConfirmed, Status: 200},
			{ClientID: 5, ClientIdentifier: "zopim", Result: api.ResultFailed, Status: 403},
			{ClientID: 6, Result: api.ResultConfirmed},
			{ClientIdentifier: "other"},
		}},
		{Time: at, Profile: "work", Host: "chat.example", Action: "logout"},
	}
	want := []Row{
		{at, "work", "acme", "7", "token.revoke", "token 12", "confirmed"},
		{at, "work", "acme", "7", "token.revoke", "token 13", "not confirmed (HTTP 200)"},
		{at, "work", "acme", "7", "token.revoke", "client 5 (zopim)", "failed (HTTP 403)"},
		{at, "work", "acme", "7", "token.revoke", "client 6", "confirmed"},
		{at, "work", "acme", "7", "token.revoke", "client other", ""},
		{at, "work", "chat.example", "", "logout", "", ""},
	}
	if got := Rows(entries); !reflect.DeepEqual(got, want) {
		t.Errorf("rows:\n%+v\nwant\n%+v", got, want)
	}
}
