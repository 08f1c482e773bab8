package history

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"sync"
	"time"

	"chatkeys/api"
	"chatkeys/authflow/internal/privfile"
)

// Options configure a Recorder.
type Options struct {
	// Path is the history file (DefaultPath); "" keeps the history in
	// memory, for the demo, whose account is not real and whose actions
	// must not reach the disk.
	Path string
	// MaxSize is the size past which the file is rotated before the next
	// line; 0 means DefaultMaxSize.
	MaxSize int64
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Notify, when set, is told once of the first failure to write the
	// history (later ones are kept quiet) and of a history file made
	// private. It is called from the goroutine that recorded, never with
	// the Recorder's lock held.
	Notify func(string)
}

// memoryMax bounds a history kept in memory.
const memoryMax = 10000

// Recorder appends actions to the history. A failure to write never
// reaches the action that was recorded: the first one is kept (Err) and
// told to Options.Notify, and the rest are dropped quietly. Its methods
// are safe for concurrent use, and a nil *Recorder records nothing.
type Recorder struct {
	opts Options

	mu     sync.Mutex
	err    error
	memory []Entry
}

// New returns a Recorder as opts describe.
func New(opts Options) *Recorder {
	if opts.MaxSize <= 0 {
		opts.MaxSize = DefaultMaxSize
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Recorder{opts: opts}
}

// Path is the history file; "" for a history kept in memory.
func (r *Recorder) Path() string {
	if r == nil {
		return ""
	}
	return r.opts.Path
}

// Err is the first failure to write the history, nil when there was
// none.
func (r *Recorder) Err() error {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

// Record appends the action a, done by who, with the time now. An action
// without targets is not written. It returns nothing: see Err.
func (r *Recorder) Record(who Actor, a api.Action) {
	if r == nil {
		return
	}
	lines, err := entries(r.opts.Now(), who, a)
	if err == nil && len(lines) > 0 {
		if r.opts.Path == "" {
			r.keep(lines)
			return
		}
		err = r.append(lines)
	}
	if err != nil {
		r.fail(err)
	}
}

// For is Record as api.WithRecorder takes it, for the actions of a Client
// whose actor who returns (asked at each action, so an agent learnt later
// is named).
func (r *Recorder) For(who func() Actor) func(api.Action) {
	return func(a api.Action) { r.Record(who(), a) }
}

// keep adds lines to a history kept in memory.
func (r *Recorder) keep(lines []Entry) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.memory = append(r.memory, lines...)
	if over := len(r.memory) - memoryMax; over > 0 {
		r.memory = append(r.memory[:0:0], r.memory[over:]...)
	}
}

// fail keeps the first failure and tells it once.
func (r *Recorder) fail(err error) {
	r.mu.Lock()
	first := r.err == nil
	if first {
		r.err = err
	}
	r.mu.Unlock()
	if first && r.opts.Notify != nil {
		r.opts.Notify(fmt.Sprintf("the history of admin actions could not be written (%v); the action itself is not affected, and later failures are not reported", err))
	}
}

// append writes lines at the end of the file, under the cross-process
// lock, rotating the file first whenever a line would take it past
// MaxSize. It never reads or rewrites what is there: its cost does not
// grow with the file.
func (r *Recorder) append(lines []Entry) error {
	encoded := make([][]byte, len(lines))
	for i, e := range lines {
		b, err := json.Marshal(e)
		if err != nil {
			return err
		}
		encoded[i] = append(b, '\n')
	}
	path := r.opts.Path
	unlock, err := privfile.File{Path: path}.Lock()
	if err != nil {
		return err
	}
	defer unlock()
	f, size, err := r.openForAppend(path)
	if err != nil {
		return err
	}
	defer func() {
		if f != nil {
			f.Close()
		}
	}()
	for _, line := range encoded {
		if size > 0 && size+int64(len(line)) > r.opts.MaxSize {
			f.Close()
			f = nil
			if err := os.Rename(path, rotated(path)); err != nil {
				return fmt.Errorf("rotate %s: %w", path, err)
			}
			if f, size, err = r.openForAppend(path); err != nil {
				return err
			}
		}
		n, err := f.Write(line)
		size += int64(n)
		if err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
	}
	if err := f.Close(); err != nil {
		f = nil
		return fmt.Errorf("write %s: %w", path, err)
	}
	f = nil
	return nil
}

// openForAppend opens the file to append to and returns its size. It
// refuses what is not a regular file, makes a file others could read
// private, and ends a last line a crash cut short, so that only that line
// is lost and not the next one too.
func (r *Recorder) openForAppend(path string) (*os.File, int64, error) {
	f, err := openAppend(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, 0, fmt.Errorf("open %s: %w (is it a symbolic link?)", path, err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, fmt.Errorf("open %s: %w", path, err)
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, 0, fmt.Errorf("%s is not a regular file", path)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 && runtime.GOOS != "windows" {
		if err := f.Chmod(0o600); err != nil {
			f.Close()
			return nil, 0, fmt.Errorf("%s can be read by others (mode %04o) and could not be made private: %w", path, perm, err)
		}
		if r.opts.Notify != nil {
			r.opts.Notify(fmt.Sprintf("%s could be read by others (mode %04o): made it private (0600)", path, perm))
		}
	}
	size := fi.Size()
	if size > 0 {
		last := make([]byte, 1)
		if _, err := f.ReadAt(last, size-1); err == nil && last[0] != '\n' {
			n, err := f.Write([]byte{'\n'})
			size += int64(n)
			if err != nil {
				f.Close()
				return nil, 0, fmt.Errorf("write %s: %w", path, err)
			}
		}
	}
	return f, size, nil
}
