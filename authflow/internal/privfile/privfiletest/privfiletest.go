// Package privfiletest checks what a privfile write leaves on disk: the
// modes of the file and its directory, and that no temporary file is
// left beside it. The config file's and the credential store's tests
// share it.
//
// It is for tests only; nothing outside a _test.go file imports it.
package privfiletest

import (
	"io/fs"
	"os"
	"testing"
)

// AssertMode fails t unless path's permission bits are want.
func AssertMode(t testing.TB, path string, want fs.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("%s has mode %o, want %o", path, got, want)
	}
}

// AssertEntries fails t unless dir holds exactly names: no temporary file
// may be left behind, and none of names may be missing.
func AssertEntries(t testing.TB, dir string, names ...string) {
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
