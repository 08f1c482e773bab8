// Package privfile reads and changes chatkeys' own small files, such as
// config.toml and credentials.json, so that neither a hostile file system
// nor another chatkeys process can make chatkeys lose an update or read
// something it should not:
//   - only a regular file of at most MaxSize bytes is read, never through
//     a symbolic link, and never a FIFO, a device or a directory;
//   - a file that group or others may read is made 0600, and the caller
//     is told so, the way ssh treats its keys;
//   - every change is a read-modify-write under a cross-process lock on a
//     lock file beside it (github.com/gofrs/flock), re-reading the file
//     under the lock, and the new content replaces the old atomically.
//
// It imports nothing of chatkeys.
package privfile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/gofrs/flock"
)

// MaxSize is the largest file read: chatkeys' files are a few kilobytes.
const MaxSize = 1 << 20

// LockTimeout bounds how long a change waits for another process's lock.
// It is longer than the longest a holder keeps it: a refresh, with its
// token request, under it takes at most 30 s.
const LockTimeout = 45 * time.Second

// ErrUnsafe is matched (errors.Is) by the error for a file chatkeys will
// not read: a link, not a regular file, or too large.
var ErrUnsafe = errors.New("not a file chatkeys reads")

// UnsafeError names the file and what is wrong with it.
type UnsafeError struct {
	Path string
	Why  string
}

func (e *UnsafeError) Error() string        { return e.Path + ": " + e.Why }
func (e *UnsafeError) Is(target error) bool { return target == ErrUnsafe }

// File is one private file.
type File struct {
	Path string
	// PrivateDir makes Write set the directory's mode to 0700 even when
	// it already existed, for a directory that holds secrets.
	PrivateDir bool
	// Rename replaces os.Rename (tests).
	Rename func(oldpath, newpath string) error
}

// Read returns the file's content, nil when it does not exist. notice is
// set when the file's mode was fixed to 0600.
func (f File) Read() (data []byte, notice string, err error) {
	fi, err := os.Lstat(f.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, "", nil
	}
	if err != nil {
		return nil, "", fmt.Errorf("read %s: %w", f.Path, err)
	}
	if err := check(f.Path, fi); err != nil {
		return nil, "", err
	}
	fh, err := openNoFollow(f.Path)
	if err != nil {
		return nil, "", fmt.Errorf("read %s: %w", f.Path, err)
	}
	defer fh.Close()
	// The path may have been replaced between Lstat and open (another
	// chatkeys renaming a new version over it does so all the time): what
	// counts is what was opened, so check that again.
	opened, err := fh.Stat()
	if err != nil {
		return nil, "", fmt.Errorf("read %s: %w", f.Path, err)
	}
	if err := check(f.Path, opened); err != nil {
		return nil, "", err
	}
	data, err = io.ReadAll(io.LimitReader(fh, MaxSize+1))
	if err != nil {
		return nil, "", fmt.Errorf("read %s: %w", f.Path, err)
	}
	if len(data) > MaxSize {
		return nil, "", &UnsafeError{f.Path, "it is larger than 1 MiB"}
	}
	// Windows reports no real group and other bits (0666 for any writable
	// file), so there is nothing to fix there.
	if perm := opened.Mode().Perm(); perm&0o077 != 0 && runtime.GOOS != "windows" {
		if err := fh.Chmod(0o600); err != nil {
			return nil, "", fmt.Errorf("%s can be read by others (mode %04o) and could not be made private: %w", f.Path, perm, err)
		}
		notice = fmt.Sprintf("%s could be read by others (mode %04o): made it private (0600)", f.Path, perm)
	}
	return data, notice, nil
}

// check refuses what Read must not read.
func check(path string, fi fs.FileInfo) error {
	switch m := fi.Mode(); {
	case m&fs.ModeSymlink != 0:
		target, _ := os.Readlink(path)
		return &UnsafeError{path, fmt.Sprintf("it is a symbolic link (to %s), which chatkeys does not follow", target)}
	case m.IsDir():
		return &UnsafeError{path, "it is a directory, not a file"}
	case m&fs.ModeNamedPipe != 0:
		return &UnsafeError{path, "it is a FIFO, not a regular file"}
	case m&(fs.ModeDevice|fs.ModeCharDevice) != 0:
		return &UnsafeError{path, "it is a device, not a regular file"}
	case !m.IsRegular():
		return &UnsafeError{path, "it is not a regular file"}
	case fi.Size() > MaxSize:
		return &UnsafeError{path, "it is larger than 1 MiB"}
	}
	return nil
}

// Lock takes the cross-process lock that guards the file, on a lock file
// beside it, creating the directory (0700) if need be. It waits for
// another process's lock at most LockTimeout.
func (f File) Lock() (unlock func(), err error) {
	dir := filepath.Dir(f.Path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create %s: %w", dir, err)
	}
	l := flock.New(f.Path+".lock", flock.SetPermissions(0o600))
	ctx, cancel := context.WithTimeout(context.Background(), LockTimeout)
	defer cancel()
	ok, err := l.TryLockContext(ctx, 10*time.Millisecond)
	if err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return nil, fmt.Errorf("lock %s: %w", f.Path, err)
	}
	if !ok {
		return nil, fmt.Errorf("lock %s: another chatkeys has held it for %s; try again", f.Path, LockTimeout)
	}
	return func() { l.Unlock() }, nil
}

// Update changes the file under its lock: it re-reads the file, hands
// the content (nil when there is none) to change, and writes what change
// returns (Write). notice is Read's.
func (f File) Update(change func(old []byte) ([]byte, error)) (notice string, err error) {
	unlock, err := f.Lock()
	if err != nil {
		return "", err
	}
	defer unlock()
	old, notice, err := f.Read()
	if err != nil {
		return notice, err
	}
	data, err := change(old)
	if err != nil {
		return notice, err
	}
	return notice, f.Write(data)
}

// Write replaces the file atomically: a private temporary file in the
// same directory, synced, then renamed over the old one, so a crash or a
// full disk leaves the old file whole. nil data removes the file. A new
// directory is made 0700. The caller holds the lock.
func (f File) Write(data []byte) error {
	if data == nil {
		if err := os.Remove(f.Path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove %s: %w", f.Path, err)
		}
		return nil
	}
	dir := filepath.Dir(f.Path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	if f.PrivateDir {
		if err := os.Chmod(dir, 0o700); err != nil {
			return fmt.Errorf("make %s private: %w", dir, err)
		}
	}
	if err := f.replace(dir, data); err != nil {
		return fmt.Errorf("write %s: %w", f.Path, err)
	}
	syncDir(dir)
	return nil
}

func (f File) replace(dir string, data []byte) (err error) {
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(f.Path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
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
	rename := f.Rename
	if rename == nil {
		rename = os.Rename
	}
	return rename(tmp.Name(), f.Path)
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
