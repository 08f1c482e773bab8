package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"chatkeys/authflow/internal/privfile"
)

// DefaultTimeout bounds each keyring call: a keyring that has not answered
// in 3 s counts as failed.
const DefaultTimeout = 3 * time.Second

// ErrNotFound is matched (errors.Is) when a profile has no stored
// credentials.
var ErrNotFound = errors.New("no stored credentials")

// Where a record was found or put.
const (
	KindKeyring = "keyring"
	KindFile    = "file"
)

// Location says where a record lives, so the UI can show it and, for the
// file, say plainly that the token is stored unencrypted.
type Location struct {
	// Kind is KindKeyring or KindFile.
	Kind string
	// Path is the file's path when Kind is KindFile.
	Path string
	// Notice is set for KindFile: a sentence for the user saying the token
	// is in plain text, where, and why the keyring was not used.
	Notice string
}

// String describes the location for a status line.
func (l Location) String() string {
	if l.Kind == KindFile {
		return l.Path + " (plain text)"
	}
	return "the OS keyring"
}

// Options configure a Store.
type Options struct {
	// Dir is the chatkeys config directory; the fallback credentials.json
	// and its lock file go there.
	Dir string
	// Keyring is the keyring to try first; nil means the OS keyring via
	// github.com/zalando/go-keyring.
	Keyring Keyring
	// Timeout bounds each keyring call; 0 means DefaultTimeout.
	Timeout time.Duration
	// Now stamps SavedAt; nil means time.Now.
	Now func() time.Time
}

// Store keeps one credential record per profile, in the keyring when it
// works and in credentials.json when it does not. Every change, in this
// process or any other chatkeys process, holds a lock on a lock file
// beside credentials.json, re-reads what is stored under it and changes
// only its own profile, so two logins at once lose neither, and a refresh
// never spends a refresh token another process has already spent (see
// Update). Its methods are safe for concurrent use.
type Store struct {
	dir  string
	now  func() time.Time
	file privfile.File

	mu      sync.Mutex
	keyring timedKeyring // guarded by mu
	notices []string     // guarded by mu
}

// New returns a store as opts describe.
func New(opts Options) *Store {
	kr := opts.Keyring
	if kr == nil {
		kr = systemKeyring{}
	}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	s := &Store{
		dir:     opts.Dir,
		now:     now,
		keyring: timedKeyring{kr: kr, timeout: timeout},
	}
	s.file = privfile.File{Path: s.path(), PrivateDir: true}
	return s
}

// Path is where the fallback file is or would be.
func (s *Store) Path() string { return s.path() }

// Notices returns, once, what the store had to tell the user since the
// last call: that it made a file others could read private.
func (s *Store) Notices() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.notices
	s.notices = nil
	return out
}

// note keeps a notice for Notices; the caller holds mu.
func (s *Store) note(notice string) {
	if notice != "" && !slices.Contains(s.notices, notice) {
		s.notices = append(s.notices, notice)
	}
}

// locked runs fn holding the in-process mutex and the cross-process lock.
func (s *Store) locked(fn func() error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dir != "" {
		unlock, err := s.file.Lock()
		if err != nil {
			return err
		}
		defer unlock()
	}
	return fn()
}

// Load returns profile's record and where it was found: the keyring first,
// then the file. When both hold one (the keyring failed on a later save),
// the more recently saved wins. With neither, the error matches
// ErrNotFound.
func (s *Store) Load(profile string) (*Record, Location, error) {
	if profile == "" {
		return nil, Location{}, errors.New("load credentials: no profile name")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.loadLocked(profile)
}

func (s *Store) loadLocked(profile string) (*Record, Location, error) {
	fromKeyring, kerr := s.keyringGet(profile)
	cf, ferr := s.readFile()
	fromFile, inFile := cf.Profiles[profile]
	switch {
	case fromKeyring != nil && (!inFile || !fromFile.SavedAt.After(fromKeyring.SavedAt)):
		return fromKeyring, Location{Kind: KindKeyring}, nil
	case inFile:
		return &fromFile, s.fileLocation(""), nil
	case ferr != nil:
		return nil, Location{}, fmt.Errorf("load credentials for profile %q: %w", profile, ferr)
	case kerr != nil && !errors.Is(kerr, ErrNotFound):
		return nil, Location{}, &unreadableError{profile: profile, kerr: kerr}
	}
	return nil, Location{}, fmt.Errorf("profile %q: %w", profile, ErrNotFound)
}

// Save stores rec for profile, stamping SavedAt on the stored copy. It tries
// the keyring and falls back to the file when the keyring fails or does not
// answer within the timeout; the returned Location then carries a notice
// that the token is in plain text. After a keyring save, any older copy in
// the file is removed, so no stale plain-text token stays behind. Other
// profiles are re-read under the lock and kept as they are.
func (s *Store) Save(profile string, rec *Record) (Location, error) {
	if profile == "" || rec == nil {
		return Location{}, errors.New("save credentials: no profile name or record")
	}
	var loc Location
	err := s.locked(func() (err error) {
		loc, err = s.saveLocked(profile, rec)
		return err
	})
	return loc, err
}

// Update is a read-modify-write of profile's record under the
// cross-process lock: change sees what is stored now (nil when nothing
// is), and the record it returns is saved; nil saves nothing. A refresh
// runs inside change, so that a refresh token another process has just
// spent is seen, and its new pair used, instead of being spent again.
func (s *Store) Update(profile string, change func(cur *Record) (*Record, error)) (Location, error) {
	if profile == "" {
		return Location{}, errors.New("update credentials: no profile name")
	}
	var loc Location
	err := s.locked(func() error {
		cur, where, err := s.loadLocked(profile)
		var unreadable *unreadableError
		switch {
		case errors.As(err, &unreadable):
			// Not known to be absent: the keyring did not answer.
			return err
		case errors.Is(err, ErrNotFound):
			cur = nil
		case err != nil:
			return err
		}
		next, err := change(cur)
		if err != nil || next == nil {
			loc = where
			return err
		}
		loc, err = s.saveLocked(profile, next)
		return err
	})
	return loc, err
}

func (s *Store) saveLocked(profile string, rec *Record) (Location, error) {
	r := *rec
	r.SavedAt = s.now().Round(0).UTC()
	payload, err := json.Marshal(r)
	if err != nil {
		return Location{}, fmt.Errorf("save credentials: %w", err)
	}
	secrets := []string{string(payload), r.AccessToken, r.RefreshToken, r.ClientSecret}
	_, kerr := s.keyring.call("save", func(k Keyring) (string, error) {
		return "", k.Set(keyringService, profile, string(payload))
	}, secrets...)
	if kerr == nil {
		// Best effort: a failure leaves an older record that Load ranks
		// below the keyring's by SavedAt.
		_, _ = s.fileDelete(profile)
		return Location{Kind: KindKeyring}, nil
	}
	if s.dir == "" {
		return Location{}, fmt.Errorf("save credentials for profile %q: no usable keyring (%v), and no directory for credentials.json was configured", profile, kerr)
	}
	err = s.changeFile(func(cf *credentialsFile) (bool, error) {
		cf.Profiles[profile] = r
		return true, nil
	})
	if err != nil {
		return Location{}, fmt.Errorf("save credentials for profile %q: no usable keyring (%v), and %w", profile, kerr, err)
	}
	return s.fileLocation(kerr.Error()), nil
}

// Delete removes profile's record from the keyring and the file. Nothing
// stored is not an error. It fails if the file cannot be rewritten, or if
// the keyring cannot be reached and the file held no record, since a
// token may then remain in the keyring.
func (s *Store) Delete(profile string) error {
	if profile == "" {
		return errors.New("delete credentials: no profile name")
	}
	return s.locked(func() error {
		_, kerr := s.keyring.call("delete", func(k Keyring) (string, error) {
			return "", k.Delete(keyringService, profile)
		})
		removed, ferr := s.fileDelete(profile)
		switch {
		case ferr != nil:
			return fmt.Errorf("delete credentials for profile %q: %w", profile, ferr)
		case kerr != nil && !errors.Is(kerr, ErrNotFound) && !removed:
			return fmt.Errorf("delete credentials for profile %q: %w", profile, kerr)
		}
		return nil
	})
}

// unreadableError is Load's error when nothing was found in the file and
// the keyring failed: it matches ErrNotFound, since no record can be
// used, but Update must not take it for a profile with no record.
type unreadableError struct {
	profile string
	kerr    error
}

func (e *unreadableError) Error() string {
	return fmt.Sprintf("profile %q: %v (and %v)", e.profile, ErrNotFound, e.kerr)
}
func (e *unreadableError) Is(target error) bool { return target == ErrNotFound }
func (e *unreadableError) Unwrap() error        { return e.kerr }

// keyringGet reads and decodes profile's keyring entry.
func (s *Store) keyringGet(profile string) (*Record, error) {
	v, err := s.keyring.call("read", func(k Keyring) (string, error) {
		return k.Get(keyringService, profile)
	})
	if err != nil {
		return nil, err
	}
	var r Record
	if err := json.Unmarshal([]byte(v), &r); err != nil {
		// Not the JSON error: it could quote part of the entry.
		return nil, fmt.Errorf("the keyring entry %s/%s is not a chatkeys record", keyringService, profile)
	}
	return &r, nil
}

// fileDelete removes profile from the file, reporting whether it was there.
// The caller holds the lock.
func (s *Store) fileDelete(profile string) (removed bool, err error) {
	err = s.changeFile(func(cf *credentialsFile) (bool, error) {
		_, removed = cf.Profiles[profile]
		delete(cf.Profiles, profile)
		return removed, nil
	})
	return removed, err
}

// fileLocation describes the file, with the plain-text notice. why is the
// keyring's failure when that is what sent the record here.
func (s *Store) fileLocation(why string) Location {
	notice := fmt.Sprintf("token stored in plain text at %s (mode 0600)", s.path())
	if why != "" {
		notice = fmt.Sprintf("no usable keyring (%s): token saved in plain text at %s (mode 0600)", why, s.path())
	}
	return Location{Kind: KindFile, Path: s.path(), Notice: notice}
}
