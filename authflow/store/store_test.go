package store_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"chatkeys/authflow/internal/privfile/privfiletest"
	"chatkeys/authflow/store"
)

// Tests that call keyring.MockInit change go-keyring's package state, so
// they do not run in parallel; the others inject their own Keyring.

func TestSaveUsesTheSystemKeyringWhenItWorks(t *testing.T) {
	keyring.MockInit()
	dir := t.TempDir()
	c := newClock()
	s := store.New(store.Options{Dir: dir, Now: c.Now})

	loc, err := s.Save("default", sampleRecord())
	if err != nil {
		t.Fatal(err)
	}
	if loc.Kind != store.KindKeyring || loc.Notice != "" {
		t.Fatalf("Location = %+v, want the keyring without a notice", loc)
	}
	if _, err := os.Stat(filepath.Join(dir, store.FileName)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("credentials.json exists though the keyring worked: %v", err)
	}
	raw, err := keyring.Get("chatkeys", "default")
	if err != nil || !strings.Contains(raw, `"access_token":"AT-0123456789abcdefSECRET"`) {
		t.Fatalf("keyring entry = %q, %v", raw, err)
	}

	got, loc, err := s.Load("default")
	if err != nil || loc.Kind != store.KindKeyring {
		t.Fatalf("Load = %v, %+v", err, loc)
	}
	want := *sampleRecord()
	want.SavedAt = c.Now()
	if *got != want {
		t.Fatalf("Load = %#v\nwant %#v", got, want)
	}
}

func TestSaveFallsBackToAPrivateFileWithANoticeWhenTheKeyringFails(t *testing.T) {
	keyring.MockInitWithError(errors.New("dbus: no secret service"))
	dir := filepath.Join(t.TempDir(), "chatkeys")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	s := store.New(store.Options{Dir: dir})

	loc, err := s.Save("default", sampleRecord())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, store.FileName)
	if loc.Kind != store.KindFile || loc.Path != path {
		t.Fatalf("Location = %+v, want the file %s", loc, path)
	}
	for _, part := range []string{"plain text", path, "no secret service", "0600"} {
		if !strings.Contains(loc.Notice, part) {
			t.Errorf("notice %q lacks %q", loc.Notice, part)
		}
	}
	privfiletest.AssertMode(t, dir, 0o700)
	privfiletest.AssertMode(t, path, 0o600)

	got, loc, err := s.Load("default")
	if err != nil || loc.Kind != store.KindFile || !strings.Contains(loc.Notice, "plain text") {
		t.Fatalf("Load = %v, %+v", err, loc)
	}
	if got.AccessToken != sampleRecord().AccessToken {
		t.Fatalf("Load = %v", got)
	}
}

func TestSaveFallsBackToTheFileWhenTheKeyringHangs(t *testing.T) {
	t.Parallel()
	kr := newHangingKeyring(t)
	s := store.New(store.Options{Dir: t.TempDir(), Keyring: kr, Timeout: 20 * time.Millisecond})

	start := time.Now()
	loc, err := s.Save("default", sampleRecord())
	if err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Fatalf("Save took %s despite a 20ms timeout", elapsed)
	}
	if loc.Kind != store.KindFile || !strings.Contains(loc.Notice, "did not answer") {
		t.Fatalf("Location = %+v, want the file with a timeout notice", loc)
	}

	// Once the keyring has hung, later calls do not wait on it again.
	if _, loc, err := s.Load("default"); err != nil || loc.Kind != store.KindFile {
		t.Fatalf("Load = %v, %+v", err, loc)
	}
	if err := s.Delete("default"); err != nil {
		t.Fatal(err)
	}
	if n := kr.calls.Load(); n != 1 {
		t.Fatalf("the hung keyring was called %d times, want 1", n)
	}
}

func TestLoadReturnsAFileRecordEvenOnceTheKeyringWorksAgain(t *testing.T) {
	t.Parallel()
	kr := store.NewMemoryKeyring()
	kr.Fail(errors.New("locked"))
	s := store.New(store.Options{Dir: t.TempDir(), Keyring: kr})
	if _, err := s.Save("default", sampleRecord()); err != nil {
		t.Fatal(err)
	}
	kr.Fail(nil)
	got, loc, err := s.Load("default")
	if err != nil || loc.Kind != store.KindFile || got.AccessToken != sampleRecord().AccessToken {
		t.Fatalf("Load = %v, %+v, %v", got, loc, err)
	}
}

func TestLoadPrefersTheMoreRecentlySavedRecord(t *testing.T) {
	t.Parallel()
	kr := store.NewMemoryKeyring()
	c := newClock()
	s := store.New(store.Options{Dir: t.TempDir(), Keyring: kr, Now: c.Now})

	old := sampleRecord()
	old.AccessToken = "old-token-in-the-keyring"
	if loc, err := s.Save("default", old); err != nil || loc.Kind != store.KindKeyring {
		t.Fatalf("Save = %+v, %v", loc, err)
	}
	c.Advance(time.Hour)
	kr.Fail(errors.New("locked"))
	fresh := sampleRecord()
	fresh.AccessToken = "fresh-token-in-the-file"
	if loc, err := s.Save("default", fresh); err != nil || loc.Kind != store.KindFile {
		t.Fatalf("Save = %+v, %v", loc, err)
	}
	kr.Fail(nil)

	got, loc, err := s.Load("default")
	if err != nil || got.AccessToken != "fresh-token-in-the-file" || loc.Kind != store.KindFile {
		t.Fatalf("Load = %v, %+v, %v; want the newer file record", got, loc, err)
	}
}

func TestAKeyringSaveRemovesTheOlderPlainTextCopy(t *testing.T) {
	t.Parallel()
	kr := store.NewMemoryKeyring()
	dir := t.TempDir()
	s := store.New(store.Options{Dir: dir, Keyring: kr})
	kr.Fail(errors.New("locked"))
	if _, err := s.Save("default", sampleRecord()); err != nil {
		t.Fatal(err)
	}
	kr.Fail(nil)
	if loc, err := s.Save("default", sampleRecord()); err != nil || loc.Kind != store.KindKeyring {
		t.Fatalf("Save = %+v, %v", loc, err)
	}
	if _, err := os.Stat(filepath.Join(dir, store.FileName)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the plain-text copy is still there: %v", err)
	}
}

func TestLoadOfAnUnknownProfileIsErrNotFound(t *testing.T) {
	t.Parallel()
	for _, kr := range []store.Keyring{store.NewMemoryKeyring(), store.FailingKeyring(errors.New("no keyring"))} {
		_, _, err := store.New(store.Options{Dir: t.TempDir(), Keyring: kr}).Load("nobody")
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Load = %v, want ErrNotFound", err)
		}
	}
}

func TestDeleteRemovesTheRecordFromKeyringAndFile(t *testing.T) {
	keyring.MockInit()
	c := newClock()
	dir := t.TempDir()
	s := store.New(store.Options{Dir: dir, Now: c.Now})
	// Both places hold a record: the keyring's, then a newer one saved to
	// the file by a store whose keyring failed.
	if _, err := s.Save("default", sampleRecord()); err != nil {
		t.Fatal(err)
	}
	c.Advance(time.Minute)
	broken := store.New(store.Options{Dir: dir, Keyring: store.FailingKeyring(errors.New("locked")), Now: c.Now})
	if loc, err := broken.Save("default", sampleRecord()); err != nil || loc.Kind != store.KindFile {
		t.Fatalf("Save = %+v, %v", loc, err)
	}

	if err := s.Delete("default"); err != nil {
		t.Fatal(err)
	}
	if _, err := keyring.Get("chatkeys", "default"); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("keyring still holds the record: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, store.FileName)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("credentials.json still exists: %v", err)
	}
	if _, _, err := s.Load("default"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Load after Delete = %v", err)
	}
	if err := s.Delete("default"); err != nil {
		t.Fatalf("deleting nothing = %v, want nil", err)
	}
}

func TestDeleteReportsAKeyringItCouldNotReach(t *testing.T) {
	t.Parallel()
	kr := store.FailingKeyring(errors.New("locked"))
	s := store.New(store.Options{Dir: t.TempDir(), Keyring: kr})
	if err := s.Delete("default"); err == nil || !strings.Contains(err.Error(), "locked") {
		t.Fatalf("Delete = %v, want the keyring failure", err)
	}
	// With the record in the file, the failing keyring is the expected
	// state and removing the file copy is the whole job.
	if _, err := s.Save("default", sampleRecord()); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete("default"); err != nil {
		t.Fatalf("Delete = %v", err)
	}
}

func TestSaveErrorsAndNoticesNeverQuoteSecrets(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "not-a-dir")
	if err := os.WriteFile(dir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	// The keyring quotes its input and the file cannot be written, so
	// Save fails with both reasons.
	s := store.New(store.Options{Dir: dir, Keyring: quotingKeyring{}})
	_, err := s.Save("default", sampleRecord())
	if err == nil {
		t.Fatal("Save succeeded with neither keyring nor file")
	}
	assertNoSecrets(t, err.Error())

	s = store.New(store.Options{Dir: t.TempDir(), Keyring: quotingKeyring{}})
	loc, err := s.Save("default", sampleRecord())
	if err != nil {
		t.Fatal(err)
	}
	assertNoSecrets(t, loc.Notice)
	if !strings.Contains(loc.Notice, "[redacted]") {
		t.Fatalf("notice %q lost the keyring's reason", loc.Notice)
	}
}

func TestLocationSaysWhereForAStatusLine(t *testing.T) {
	t.Parallel()
	if got := (store.Location{Kind: store.KindKeyring}).String(); got != "the OS keyring" {
		t.Errorf("keyring = %q", got)
	}
	if got := (store.Location{Kind: store.KindFile, Path: "/c/credentials.json"}).String(); got != "/c/credentials.json (plain text)" {
		t.Errorf("file = %q", got)
	}
}

func assertNoSecrets(t *testing.T, text string) {
	t.Helper()
	r := sampleRecord()
	for _, secret := range []string{r.AccessToken, r.RefreshToken, r.ClientSecret} {
		if strings.Contains(text, secret) {
			t.Errorf("%q reveals %q", text, secret)
		}
	}
}
