package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// FileName is the fallback file's name inside the chatkeys directory.
const FileName = "credentials.json"

// credentialsFile is the fallback file's content: {"profiles": {name: Record}}.
type credentialsFile struct {
	Profiles map[string]Record `json:"profiles"`
}

// path is where the fallback file lives.
func (s *Store) path() string { return filepath.Join(s.dir, FileName) }

// readFile loads the fallback file; a missing one, or none configured, is
// empty. A malformed one is an error that names the file but quotes none of
// it.
func (s *Store) readFile() (credentialsFile, error) {
	cf := credentialsFile{Profiles: map[string]Record{}}
	if s.dir == "" {
		return cf, nil
	}
	data, err := os.ReadFile(s.path())
	if errors.Is(err, fs.ErrNotExist) {
		return cf, nil
	}
	if err != nil {
		return cf, fmt.Errorf("read credentials: %w", err)
	}
	if err := json.Unmarshal(data, &cf); err != nil {
		return cf, fmt.Errorf("%s is not a chatkeys credentials file: fix or delete it, then log in again", s.path())
	}
	if cf.Profiles == nil {
		cf.Profiles = map[string]Record{}
	}
	return cf, nil
}

// writeFile replaces the fallback file atomically: a private temporary file
// in the same directory, synced, then renamed over the old one, so a crash
// or a full disk leaves the old file whole. The directory is made 0700 even
// if it already existed, since the file in it is plain text. With no
// profiles left, the file is removed instead.
func (s *Store) writeFile(cf credentialsFile) error {
	if s.dir == "" {
		return errors.New("no directory for credentials.json was configured")
	}
	if len(cf.Profiles) == 0 {
		if err := os.Remove(s.path()); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove credentials: %w", err)
		}
		return nil
	}
	data, err := json.MarshalIndent(cf, "", "  ")
	if err != nil {
		return fmt.Errorf("encode credentials: %w", err)
	}
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return fmt.Errorf("create %s: %w", s.dir, err)
	}
	if err := os.Chmod(s.dir, 0o700); err != nil {
		return fmt.Errorf("make %s private: %w", s.dir, err)
	}
	if err := s.replace(data); err != nil {
		return fmt.Errorf("write %s: %w", s.path(), err)
	}
	syncDir(s.dir)
	return nil
}

// replace writes data to a temporary file and renames it over the
// fallback file, removing the temporary file on any failure.
func (s *Store) replace(data []byte) (err error) {
	tmp, err := os.CreateTemp(s.dir, "."+FileName+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	// CreateTemp already uses 0600; say so explicitly, as the guarantee
	// matters more than the default.
	if err := tmp.Chmod(0o600); err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return s.rename(tmp.Name(), s.path())
}

// syncDir makes the rename durable. It is best effort: some platforms and
// file systems cannot sync a directory, and the rename has happened anyway.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	d.Sync()
	d.Close()
}
