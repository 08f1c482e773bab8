package privfile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestUpdateWritesNothingWhenTheChangeFails(t *testing.T) {
	f := File{Path: filepath.Join(t.TempDir(), "x.json")}
	if _, err := f.Update(func([]byte) ([]byte, error) { return []byte("first"), nil }); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	if _, err := f.Update(func(old []byte) ([]byte, error) {
		if string(old) != "first" {
			t.Errorf("the change saw %q", old)
		}
		return []byte("second"), boom
	}); !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if data, _, _ := f.Read(); string(data) != "first" {
		t.Fatalf("the file holds %q after a failed change", data)
	}
}

func TestReadOfAMissingFileIsNothingAndWritingNilRemovesIt(t *testing.T) {
	f := File{Path: filepath.Join(t.TempDir(), "sub", "x.json")}
	if data, notice, err := f.Read(); data != nil || notice != "" || err != nil {
		t.Fatalf("Read = %q, %q, %v", data, notice, err)
	}
	if _, err := f.Update(func([]byte) ([]byte, error) { return []byte("x"), nil }); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(filepath.Dir(f.Path)); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("the new directory: %v, %v", fi, err)
	}
	if _, err := f.Update(func([]byte) ([]byte, error) { return nil, nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(f.Path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the file is still there: %v", err)
	}
}
