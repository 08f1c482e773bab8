package store

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// failingKeyring sends every save to the file.
type failingKeyring struct{}

func (failingKeyring) Get(string, string) (string, error) { return "", errors.New("no keyring") }
func (failingKeyring) Set(string, string, string) error   { return errors.New("no keyring") }
func (failingKeyring) Delete(string, string) error        { return errors.New("no keyring") }

func TestAFailedRenameLeavesTheOldFileWholeAndNoTemporaryFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := New(Options{Dir: dir, Keyring: failingKeyring{}})
	if _, err := s.Save("default", &Record{AccessToken: "first"}); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(s.Path())
	if err != nil {
		t.Fatal(err)
	}

	s.file.Rename = func(string, string) error { return errors.New("disk full") }
	if _, err := s.Save("default", &Record{AccessToken: "second"}); err == nil {
		t.Fatal("Save succeeded though the rename failed")
	}

	after, err := os.ReadFile(s.Path())
	if err != nil || string(after) != string(before) {
		t.Fatalf("credentials.json changed: %v\n%s", err, after)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 || entries[0].Name() != FileName || entries[1].Name() != LockName {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Fatalf("%s holds %v, want only %s", dir, names, filepath.Base(s.Path()))
	}
}
