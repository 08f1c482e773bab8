package store

import (
	"encoding/json"
	"fmt"
	"path/filepath"
)

// FileName is the fallback file's name inside the chatkeys directory.
const FileName = "credentials.json"

// LockName is the lock file beside it that every change holds, across
// processes.
const LockName = FileName + ".lock"

// credentialsFile is the fallback file's content: {"profiles": {name: Record}}.
type credentialsFile struct {
	Profiles map[string]Record `json:"profiles"`
}

// path is where the fallback file lives.
func (s *Store) path() string { return filepath.Join(s.dir, FileName) }

// readFile loads the fallback file; a missing one, or none configured, is
// empty. A malformed one is an error that names the file but quotes none of
// it. A file that is not a regular file, is a link or is too large is
// refused (privfile.Read).
func (s *Store) readFile() (credentialsFile, error) {
	cf := credentialsFile{Profiles: map[string]Record{}}
	if s.dir == "" {
		return cf, nil
	}
	data, notice, err := s.file.Read()
	s.note(notice)
	if err != nil {
		return cf, fmt.Errorf("read credentials: %w", err)
	}
	return decodeFile(s.path(), data)
}

func decodeFile(path string, data []byte) (credentialsFile, error) {
	cf := credentialsFile{Profiles: map[string]Record{}}
	if len(data) == 0 {
		return cf, nil
	}
	if err := json.Unmarshal(data, &cf); err != nil {
		return cf, fmt.Errorf("%s is not a chatkeys credentials file: fix or delete it, then log in again", path)
	}
	if cf.Profiles == nil {
		cf.Profiles = map[string]Record{}
	}
	return cf, nil
}

// changeFile re-reads the file and applies change to it, then writes it
// back atomically (removing it when no profile is left). The caller holds
// the cross-process lock (Store.locked), so no other process's change can
// come in between and be lost.
func (s *Store) changeFile(change func(cf *credentialsFile) (bool, error)) error {
	cf, err := s.readFile()
	if err != nil {
		return err
	}
	changed, err := change(&cf)
	if err != nil || !changed {
		return err
	}
	if len(cf.Profiles) == 0 {
		return s.file.Write(nil)
	}
	data, err := json.MarshalIndent(cf, "", "  ")
	if err != nil {
		return fmt.Errorf("encode credentials: %w", err)
	}
	return s.file.Write(data)
}
