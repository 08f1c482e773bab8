package api

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	jsonv2 "github.com/go-json-experiment/json"
)

// plainDecoder is a list item that can read its common shape itself,
// faster than the general decoder (OAuthToken.decodePlainPrefix).
type plainDecoder interface {
	// decodePlainPrefix decodes the item b starts with when it is whole
	// and plain, and returns its length; 0 otherwise, when the item may
	// be partly written.
	decodePlainPrefix(b []byte, store *listStore) int
}

// arrayReader reads a reply that is a JSON array, item by item as the
// bytes arrive. It finds where each item ends, then decodes the item:
// by its own plain reader when it has one and the item is plain, else by
// the general decoder, which also refuses an item that is not valid
// JSON. Between items it accepts only JSON's commas and white space.
type arrayReader struct {
	r    io.Reader
	buf  []byte
	i    int   // next unread byte of buf
	base int64 // offset in the reply of buf[0]
	eof  bool

	// beforeFill, when set, runs before each read of the reply, which may
	// wait for the network; it reports false to stop the reading.
	beforeFill func() bool
}

const arrayChunk = 64 << 10

// errReadStopped ends the reading of a list whose consumer stopped.
var errReadStopped = errors.New("the list's reader stopped")

// fill reads more of the reply; it reports false at its end.
func (a *arrayReader) fill() (bool, error) {
	if a.eof {
		return false, nil
	}
	if a.beforeFill != nil && !a.beforeFill() {
		return false, errReadStopped
	}
	if a.i > 0 && a.i >= len(a.buf)/2 {
		n := copy(a.buf, a.buf[a.i:])
		a.base += int64(a.i)
		a.buf, a.i = a.buf[:n], 0
	}
	if cap(a.buf)-len(a.buf) < arrayChunk/2 {
		a.buf = append(a.buf, make([]byte, arrayChunk)...)[:len(a.buf)]
	}
	for {
		n, err := a.r.Read(a.buf[len(a.buf):cap(a.buf)])
		a.buf = a.buf[:len(a.buf)+n]
		if errors.Is(err, io.EOF) {
			a.eof = true
			return n > 0, nil
		}
		if err != nil {
			return n > 0, err
		}
		if n > 0 {
			return true, nil
		}
	}
}

// peek returns the next byte that is not white space, reading as needed;
// ok is false at the reply's end.
func (a *arrayReader) peek() (c byte, ok bool, err error) {
	for {
		for a.i < len(a.buf) {
			switch c := a.buf[a.i]; c {
			case ' ', '\t', '\n', '\r':
				a.i++
			default:
				return c, true, nil
			}
		}
		more, err := a.fill()
		if err != nil || !more {
			return 0, false, err
		}
	}
}

// item returns the bytes of the value that starts at a.i, and moves past
// it. It finds the end by brackets and strings alone: the decoder checks
// the rest.
func (a *arrayReader) item() ([]byte, error) {
	start, depth, inString := a.i, 0, false
	for j := start; ; j++ {
		for j >= len(a.buf) {
			off := j - start
			a.i = start
			more, err := a.fill()
			if err != nil {
				return nil, err
			}
			start = a.i // the buffer may have moved
			j = start + off
			if !more {
				if depth == 0 && !inString && off > 0 {
					a.i = j
					return a.buf[start:j], nil // a scalar ends at the reply's end
				}
				return nil, io.ErrUnexpectedEOF
			}
		}
		c := a.buf[j]
		switch {
		case inString:
			// To the next quote that no backslash escapes.
			q := bytes.IndexByte(a.buf[j:], '"')
			if q < 0 {
				j = len(a.buf) - 1 // read more, then look on from there
				continue
			}
			j += q
			if escapedAt(a.buf[start:j]) {
				continue
			}
			inString = false
			if depth == 0 {
				a.i = j + 1
				return a.buf[start : j+1], nil
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			if depth == 0 {
				a.i = j
				return a.buf[start:j], nil // a scalar ends at the closer
			}
			if depth--; depth == 0 {
				a.i = j + 1
				return a.buf[start : j+1], nil
			}
		case depth == 0 && (c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r'):
			a.i = j
			return a.buf[start:j], nil
		}
	}
}

// escapedAt reports whether the byte after b is escaped: b ends in an odd
// number of backslashes.
func escapedAt(b []byte) bool {
	n := 0
	for n < len(b) && b[len(b)-1-n] == '\\' {
		n++
	}
	return n%2 == 1
}

// syntaxError is the reply's invalid byte at a.i.
func (a *arrayReader) syntaxError() error {
	return fmt.Errorf("malformed JSON reply: invalid JSON at byte %d", a.base+int64(a.i))
}

// arrayBatch bounds how many decoded items wait for the consumer at once.
const arrayBatch = 512

// arrayItems reads the array after its opening bracket and calls each with
// every item. Items are found and decoded on a goroutine of their own,
// while each handles the ones before (printing them, say), and handed
// over in batches: a batch goes when it is full and whenever the bytes
// read so far are used up, so an item is never held back waiting for the
// network. A batch sent before it is full leaves the rest of its array
// to the items after it, so the items of a reply take one array per
// arrayBatch of them however the bytes arrive; no item's place is ever
// used twice. Once each fails, no item is handed over again; the
// decoding goroutine ends at its next item, or when the reply's body is
// closed.
func arrayItems[T any](a *arrayReader, each func(*T) error) error {
	batches := make(chan []T, 2)
	stop := make(chan struct{})
	var decodeErr error // set before batches is closed
	go func() {
		defer close(batches)
		batch := make([]T, 0, arrayBatch)
		send := func() bool {
			if len(batch) == 0 {
				return true
			}
			select {
			case batches <- batch[:len(batch):len(batch)]:
				if batch = batch[len(batch):]; cap(batch) == 0 {
					batch = make([]T, 0, arrayBatch)
				}
				return true
			case <-stop:
				return false
			}
		}
		a.beforeFill = send
		pending := false // the last slot is not decoded yet
		decodeErr = decodeArray(a, func() *T {
			var zero T
			batch, pending = append(batch, zero), true
			return &batch[len(batch)-1]
		}, func() bool {
			pending = false
			return len(batch) < cap(batch) || send()
		})
		if pending {
			batch = batch[:len(batch)-1] // an item that failed to decode
		}
		send()
	}()
	for batch := range batches {
		for i := range batch {
			if err := each(&batch[i]); err != nil {
				close(stop)
				return &consumerError{err}
			}
		}
	}
	return decodeErr
}

// decodeArray finds and decodes each item of the array after its
// opening bracket into the place slot gives it, and calls decoded after
// each, until decoded reports false.
func decodeArray[T any](a *arrayReader, slot func() *T, decoded func() bool) error {
	var zero T
	fresh := new(T)
	p, plain := any(fresh).(plainDecoder)
	store := listStore{}
	for n := 0; ; n++ {
		c, ok, err := a.peek()
		switch {
		case err != nil:
			return err
		case !ok:
			return jsonErr(io.ErrUnexpectedEOF)
		case c == ']':
			return nil
		case n > 0 && c != ',':
			return a.syntaxError()
		case n > 0:
			a.i++
			if _, ok, err := a.peek(); err != nil || !ok {
				return firstErr(err, jsonErr(io.ErrUnexpectedEOF))
			}
		}
		// A plain item already read whole is decoded where it lies, in
		// one pass; any other is framed first, then decoded plain if it
		// is (it was not whole yet) or by the general decoder. The slot
		// is taken only once the item's bytes are read: reading more
		// hands the batch over.
		if plain {
			*fresh = zero
			if n := p.decodePlainPrefix(a.buf[a.i:], &store); n > 0 {
				a.i += n
				*slot() = *fresh
				if !decoded() {
					return nil
				}
				continue
			}
		}
		raw, err := a.item()
		if err != nil {
			return jsonErr(err)
		}
		item := slot()
		if plain {
			// An item ends at its last byte, so a plain one takes it all.
			*fresh = zero
			if n := p.decodePlainPrefix(raw, &store); n > 0 && n == len(raw) {
				*item = *fresh
				if !decoded() {
					return nil
				}
				continue
			}
		}
		if err := jsonv2.Unmarshal(raw, item, decodeOptions); err != nil {
			return jsonErr(err)
		}
		if !decoded() {
			return nil
		}
	}
}

// firstErr is the first error that is not nil.
func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
