package store_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"chatkeys/authflow/internal/privfile/privfiletest"
	"chatkeys/authflow/store"
)

// loadWithin fails the test if Load has not returned after d: a FIFO must
// be refused, not waited on.
func loadWithin(t *testing.T, s *store.Store, d time.Duration) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { _, _, err := s.Load("default"); done <- err }()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		t.Fatal("Load blocked on the file")
		return nil
	}
}

func TestLoadRefusesWhatIsNotARegularFileWithoutBlocking(t *testing.T) {
	t.Parallel()
	for name, create := range map[string]func(path string) error{
		"fifo":             func(p string) error { return syscall.Mkfifo(p, 0o600) },
		"directory":        func(p string) error { return os.Mkdir(p, 0o700) },
		"link to a device": func(p string) error { return os.Symlink("/dev/zero", p) },
		"symlink": func(p string) error {
			real := p + ".real"
			if err := os.WriteFile(real, []byte(`{"profiles":{}}`), 0o600); err != nil {
				return err
			}
			return os.Symlink(real, p)
		},
		"too large": func(p string) error { return os.WriteFile(p, make([]byte, 1<<20+1), 0o600) },
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, store.FileName)
			if err := create(path); err != nil {
				t.Fatal(err)
			}
			s := fileStore(t, dir)
			err := loadWithin(t, s, 5*time.Second)
			if err == nil || errors.Is(err, store.ErrNotFound) || !strings.Contains(err.Error(), path) {
				t.Fatalf("Load = %v, want an error naming %s", err, path)
			}
			if _, err := s.Save("default", sampleRecord()); err == nil {
				t.Fatal("Save wrote over it")
			}
		})
	}
}

func TestAFileOthersCanReadIsMadePrivateAndReported(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := fileStore(t, dir)
	if _, err := s.Save("default", sampleRecord()); err != nil {
		t.Fatal(err)
	}
	s.Notices()
	if err := os.Chmod(s.Path(), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Load("default"); err != nil {
		t.Fatal(err)
	}
	privfiletest.AssertMode(t, s.Path(), 0o600)
	notices := s.Notices()
	if len(notices) != 1 || !strings.Contains(notices[0], "0644") || !strings.Contains(notices[0], s.Path()) {
		t.Fatalf("notices = %q, want one naming the file and its old mode", notices)
	}
	if again := s.Notices(); len(again) != 0 {
		t.Fatalf("the notice was given twice: %q", again)
	}
}

func TestTwoStoresOnOneDirectoryLoseNoProfile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, b := fileStore(t, dir), fileStore(t, dir) // two processes, as far as the file knows
	done := make(chan error, 40)
	for i := range 20 {
		go func() { _, err := a.Save("a"+string(rune('a'+i)), sampleRecord()); done <- err }()
		go func() { _, err := b.Save("b"+string(rune('a'+i)), sampleRecord()); done <- err }()
	}
	for range 40 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	for i := range 20 {
		for _, p := range []string{"a", "b"} {
			if _, _, err := a.Load(p + string(rune('a'+i))); err != nil {
				t.Errorf("profile %s%c lost: %v", p, 'a'+i, err)
			}
		}
	}
}

func TestUpdateSeesWhatAnotherStoreSavedUnderTheLock(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, b := fileStore(t, dir), fileStore(t, dir)
	if _, err := a.Save("default", sampleRecord()); err != nil {
		t.Fatal(err)
	}
	rotated := sampleRecord()
	rotated.RefreshToken = "RT-rotated-by-the-other-process"
	if _, err := b.Save("default", rotated); err != nil {
		t.Fatal(err)
	}
	var seen string
	if _, err := a.Update("default", func(cur *store.Record) (*store.Record, error) {
		seen = cur.RefreshToken
		return nil, nil
	}); err != nil {
		t.Fatal(err)
	}
	if seen != rotated.RefreshToken {
		t.Fatalf("Update saw %q, want the other store's %q", seen, rotated.RefreshToken)
	}
}

func TestUpdateDoesNotTakeAnUnreadableKeyringForNoLogin(t *testing.T) {
	t.Parallel()
	s := store.New(store.Options{Dir: t.TempDir(), Keyring: store.FailingKeyring(errors.New("dbus: the secret service timed out"))})
	called := false
	_, err := s.Update("default", func(cur *store.Record) (*store.Record, error) {
		called = true
		return nil, nil
	})
	if err == nil || called {
		t.Fatalf("err = %v, change called %v: want the keyring's failure, and no change", err, called)
	}
	if _, _, err := s.Load("default"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Load = %v, want it to match ErrNotFound still", err)
	}
}
