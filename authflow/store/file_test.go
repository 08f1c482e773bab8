package store_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"chatkeys/authflow/store"
)

func TestTheFileIsPrivateEvenInAnExistingOpenDirectory(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "chatkeys")
	if err := os.Mkdir(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	s := store.New(store.Options{Dir: dir, Keyring: store.FailingKeyring(errors.New("no keyring"))})
	if _, err := s.Save("default", sampleRecord()); err != nil {
		t.Fatal(err)
	}
	assertMode(t, dir, 0o700)
	assertMode(t, s.Path(), 0o600)
	assertEntries(t, dir, store.FileName, store.LockName)
}

func TestTheFileHoldsProfilesByName(t *testing.T) {
	t.Parallel()
	s := store.New(store.Options{Dir: t.TempDir(), Keyring: store.FailingKeyring(errors.New("no keyring"))})
	if _, err := s.Save("work", sampleRecord()); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"profiles": {`) || !strings.Contains(string(data), `"work": {`) {
		t.Fatalf("credentials.json = %s", data)
	}
	if strings.Contains(string(data), "password") {
		t.Fatalf("credentials.json has a password field: %s", data)
	}
}

func TestConcurrentSavesOfDifferentProfilesLoseNothing(t *testing.T) {
	t.Parallel()
	s := store.New(store.Options{Dir: t.TempDir(), Keyring: store.FailingKeyring(errors.New("no keyring"))})
	const n = 24
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			r := sampleRecord()
			r.AgentID = int64(i)
			if _, err := s.Save(fmt.Sprintf("p%d", i), r); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	for i := range n {
		r, loc, err := s.Load(fmt.Sprintf("p%d", i))
		if err != nil || loc.Kind != store.KindFile || r.AgentID != int64(i) {
			t.Errorf("p%d: %v, %+v, %v", i, r, loc, err)
		}
	}
}

func TestAStaleTemporaryFileDoesNotDisturbASave(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	stale := filepath.Join(dir, "."+store.FileName+".123.tmp")
	if err := os.WriteFile(stale, []byte("{garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := store.New(store.Options{Dir: dir, Keyring: store.FailingKeyring(errors.New("no keyring"))})
	if _, err := s.Save("default", sampleRecord()); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Load("default"); err != nil {
		t.Fatal(err)
	}
	assertEntries(t, dir, store.FileName, store.LockName, filepath.Base(stale))
}

func TestAMalformedFileIsReportedByNameAndNotOverwritten(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, store.FileName)
	garbage := []byte(`{"profiles": {"default": {"access_token": "LEAKY-TOKEN-VALUE"`)
	if err := os.WriteFile(path, garbage, 0o600); err != nil {
		t.Fatal(err)
	}
	s := store.New(store.Options{Dir: dir, Keyring: store.FailingKeyring(errors.New("no keyring"))})

	_, _, err := s.Load("default")
	if err == nil || !strings.Contains(err.Error(), path) || strings.Contains(err.Error(), "LEAKY") {
		t.Fatalf("Load = %v, want an error naming %s and quoting nothing", err, path)
	}
	if _, err := s.Save("other", sampleRecord()); err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("Save = %v, want an error naming %s", err, path)
	}
	if data, _ := os.ReadFile(path); string(data) != string(garbage) {
		t.Fatal("the malformed file was overwritten")
	}
}

func assertMode(t *testing.T, path string, want fs.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("%s has mode %o, want %o", path, got, want)
	}
}

// assertEntries fails unless dir holds exactly names: no temporary file may
// be left behind.
func assertEntries(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	for _, e := range entries {
		if !want[e.Name()] {
			t.Errorf("unexpected %s in %s", e.Name(), dir)
		}
		delete(want, e.Name())
	}
	for n := range want {
		t.Errorf("%s missing from %s", n, dir)
	}
}
