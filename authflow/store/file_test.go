package store_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"chatkeys/authflow/internal/privfile/privfiletest"
	"chatkeys/authflow/store"
)

func TestTheFileIsPrivateEvenInAnExistingOpenDirectory(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "chatkeys")
	if err := os.Mkdir(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	s := fileStore(t, dir)
	if _, err := s.Save("default", sampleRecord()); err != nil {
		t.Fatal(err)
	}
	privfiletest.AssertMode(t, dir, 0o700)
	privfiletest.AssertMode(t, s.Path(), 0o600)
	privfiletest.AssertEntries(t, dir, store.FileName, store.LockName)
}

func TestTheFileHoldsProfilesByName(t *testing.T) {
	t.Parallel()
	s := fileStore(t, t.TempDir())
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
	s := fileStore(t, t.TempDir())
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
	s := fileStore(t, dir)
	if _, err := s.Save("default", sampleRecord()); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Load("default"); err != nil {
		t.Fatal(err)
	}
	privfiletest.AssertEntries(t, dir, store.FileName, store.LockName, filepath.Base(stale))
}

func TestAMalformedFileIsReportedByNameAndNotOverwritten(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, store.FileName)
	garbage := []byte(`{"profiles": {"default": {"access_token": "LEAKY-TOKEN-VALUE"`)
	if err := os.WriteFile(path, garbage, 0o600); err != nil {
		t.Fatal(err)
	}
	s := fileStore(t, dir)

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
