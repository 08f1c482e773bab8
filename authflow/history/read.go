package history

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"chatkeys/authflow/internal/privfile"
)

// Filter picks entries: those at or after Since (zero: all) of Profile
// ("": every profile).
type Filter struct {
	Since   time.Time
	Profile string
}

func (f Filter) match(e *Entry) bool {
	return !e.Time.Before(f.Since) && (f.Profile == "" || e.Profile == f.Profile)
}

// Log is what Read found.
type Log struct {
	// Entries are the entries the filter picked, oldest file first and
	// in each file's order.
	Entries []Entry
	// Skipped counts the lines that are not entries: cut short, garbage,
	// too long, or beyond ReadLimit.
	Skipped int
}

// ReadLimit bounds how much of one file Read reads: of a larger one, only
// the last ReadLimit bytes, the newest entries. The files chatkeys writes
// stay near MaxSize.
const ReadLimit = 64 << 20

// maxLine bounds one line; a longer one is skipped. A line of
// MaxTargetsPerLine targets is well under it.
const maxLine = 1 << 20

// Read returns the history's entries that f picks, from the rotated file
// (path + ".1") and then path. A file that is missing is no entries; one
// that is a symbolic link or not a regular file is an error. Lines that
// are not entries are skipped and counted, never an error: the file may
// have been cut short by a crash or written by someone else. The text it
// returns is as the file holds it: sanitise it before showing it.
func Read(path string, f Filter) (Log, error) {
	var log Log
	files, err := openBoth(path)
	for _, fh := range files {
		if fh != nil {
			defer fh.Close()
		}
	}
	if err != nil {
		return log, err
	}
	for _, fh := range files {
		if fh == nil {
			continue
		}
		if err := readFile(fh, f, &log); err != nil {
			return log, fmt.Errorf("read %s: %w", fh.Name(), err)
		}
	}
	return log, nil
}

// openBoth opens the rotated file and the current one together, under
// the writers' lock when it can be taken, so that a rotation cannot slip
// between the two opens and hide a file's worth of entries. Reading then
// goes on without the lock: rotation renames, and an open file stays what
// it was.
func openBoth(path string) ([2]*os.File, error) {
	var files [2]*os.File
	if !exists(path) && !exists(rotated(path)) {
		return files, nil
	}
	if unlock, err := (privfile.File{Path: path}).Lock(); err == nil {
		defer unlock()
	}
	for i, p := range []string{rotated(path), path} {
		fh, err := openChecked(p)
		if err != nil {
			return files, err
		}
		files[i] = fh
	}
	return files, nil
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// openChecked opens path for reading: nil for a missing file, an error
// for a link or anything but a regular file.
func openChecked(path string) (*os.File, error) {
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case err != nil:
		return nil, err
	case fi.Mode()&fs.ModeSymlink != 0:
		return nil, &privfile.UnsafeError{Path: path, Why: "it is a symbolic link, which chatkeys does not follow"}
	case !fi.Mode().IsRegular():
		return nil, &privfile.UnsafeError{Path: path, Why: "it is not a regular file"}
	}
	fh, err := openRead(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil // rotated away since the Lstat
	}
	if err != nil {
		return nil, err
	}
	if opened, err := fh.Stat(); err != nil || !opened.Mode().IsRegular() {
		fh.Close()
		return nil, &privfile.UnsafeError{Path: path, Why: "it is not a regular file"}
	}
	return fh, nil
}

// readFile adds the entries of one open file to log.
func readFile(fh *os.File, f Filter, log *Log) error {
	fi, err := fh.Stat()
	if err != nil {
		return err
	}
	var r io.Reader = fh
	if size := fi.Size(); size > ReadLimit {
		if _, err := fh.Seek(size-ReadLimit, io.SeekStart); err != nil {
			return err
		}
		log.Skipped++ // what lies before, counted as one
		br := bufio.NewReader(io.LimitReader(fh, ReadLimit))
		if _, err := br.ReadSlice('\n'); err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			return nil
		}
		r = br
	} else {
		r = io.LimitReader(fh, ReadLimit)
	}
	return scan(r, f, log)
}

// scan reads lines from r into log. A line longer than maxLine is
// skipped, and so is one that does not decode as an entry with a time
// and an action.
func scan(r io.Reader, f Filter, log *Log) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var line []byte
	tooLong := false
	for {
		part, err := br.ReadSlice('\n')
		if len(part) > 0 {
			if !tooLong && len(line)+len(part) <= maxLine+1 {
				line = append(line, part...)
			} else {
				tooLong, line = true, line[:0]
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if len(line) > 0 || tooLong {
			if tooLong {
				log.Skipped++
			} else {
				addLine(line, f, log)
			}
		}
		line, tooLong = line[:0], false
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// addLine decodes one line into log.
func addLine(line []byte, f Filter, log *Log) {
	line = bytes.TrimSpace(line)
	if len(line) == 0 {
		return
	}
	var e Entry
	if line[0] != '{' || json.Unmarshal(line, &e) != nil || e.Time.IsZero() || e.Action == "" {
		log.Skipped++
		return
	}
	e.Time = e.Time.UTC()
	if f.match(&e) {
		log.Entries = append(log.Entries, e)
	}
}

// Read returns the entries of the Recorder's history that f picks: its
// file's, or those it keeps in memory.
func (r *Recorder) Read(f Filter) (Log, error) {
	if r == nil {
		return Log{}, nil
	}
	if r.opts.Path != "" {
		return Read(r.opts.Path, f)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	var log Log
	for i := range r.memory {
		if f.match(&r.memory[i]) {
			log.Entries = append(log.Entries, r.memory[i])
		}
	}
	return log, nil
}
