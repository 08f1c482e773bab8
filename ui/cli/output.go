package cli

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"unicode/utf16"
	"unicode/utf8"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"chatkeys/api/safetext"
)

// This file is the command line's output boundary: every table cell, every
// JSON document and every value printed whole goes out through it, so no
// text from a server, a proxy or a config file reaches the terminal raw.

// cellMax bounds one table cell, fieldMax one value of a detail view.
const (
	cellMax  = 60
	fieldMax = 500
)

// cell makes outside text safe for one table cell: safetext.Sanitize, and "—"
// for nothing.
func cell(s string) string {
	if s = safetext.Sanitize(s, cellMax); s == "" {
		return "—"
	}
	return s
}

// stdout is the Factory's standard output. Under --jq it holds what the
// command prints (one JSON document) instead of writing it, so that the
// query runs over the whole document after the command ends; otherwise it
// writes straight through.
type stdout struct {
	w    io.Writer
	held *bytes.Buffer
}

func (o *stdout) Write(p []byte) (int, error) {
	if o.held != nil {
		return o.held.Write(p)
	}
	return o.w.Write(p)
}

// writeJSON prints v indented, with a trailing newline. Beyond what
// encoding/json escapes, every control character (DEL and C1 included),
// line separator, bidi control and zero-width or other format character
// is written as a \uXXXX escape, so a JSON document piped to a terminal
// cannot act on it either.
func writeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := jsontext.NewEncoder(&buf, jsonOutput, jsontext.WithIndent("  "))
	if err := jsonv2.MarshalEncode(enc, v, jsonOutput); err != nil {
		return err
	}
	_, err := w.Write(escapeUnsafe(buf.Bytes()))
	return err
}

// jsonOutput makes go-json-experiment/json write what encoding/json's
// Encoder wrote before it: HTML characters escaped, nil slices and maps
// as null, map keys sorted, invalid UTF-8 replaced. It encodes about
// twice as fast, and indents as it goes instead of in a second pass.
var jsonOutput = jsonv2.JoinOptions(jsontext.EscapeForHTML(true), jsontext.AllowInvalidUTF8(true),
	jsonv2.FormatNilSliceAsNull(true), jsonv2.FormatNilMapAsNull(true), jsonv2.Deterministic(true))

// escapeUnsafe rewrites the unsafe runes of an encoded JSON document as
// \uXXXX escapes (UTF-16 pairs beyond the BMP). Outside strings a JSON
// document is ASCII, so every such rune is inside a string, where the
// escape means the same rune.
func escapeUnsafe(doc []byte) []byte {
	if plainASCII(doc) {
		return doc
	}
	var out []byte
	last := 0
	for i := 0; i < len(doc); {
		if c := doc[i]; c < utf8.RuneSelf && c != 0x7f {
			// encoding/json has escaped every C0 control inside strings;
			// the newlines left are the indentation's.
			i++
			continue
		}
		r, size := utf8.DecodeRune(doc[i:])
		if !safetext.IsUnsafeRune(r) {
			i += size
			continue
		}
		if out == nil {
			out = make([]byte, 0, len(doc)+32)
		}
		out = append(out, doc[last:i]...)
		if r1, r2 := utf16.EncodeRune(r); r1 != utf8.RuneError {
			out = fmt.Appendf(out, `\u%04x\u%04x`, r1, r2)
		} else {
			out = fmt.Appendf(out, `\u%04x`, r)
		}
		i += size
		last = i
	}
	if out == nil {
		return doc
	}
	return append(out, doc[last:]...)
}

// plainASCII reports whether doc has no byte at or above DEL, so there
// is nothing to escape: most of a token list, read eight bytes at a time.
func plainASCII(doc []byte) bool {
	if bytes.IndexByte(doc, 0x7f) >= 0 {
		return false
	}
	i := 0
	for ; i+8 <= len(doc); i += 8 {
		if binary.LittleEndian.Uint64(doc[i:])&0x8080808080808080 != 0 {
			return false
		}
	}
	for ; i < len(doc); i++ {
		if doc[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// printWhole prints a secret or token that must be shown in full, alone
// on its line, after safetext.CheckWhole: a value holding anything but
// printable ASCII is refused and nothing is printed.
func printWhole(w io.Writer, what, value string) error {
	if err := safetext.CheckWhole(what, value); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, value)
	return err
}

// oneLine sanitises outside text for a sentence on stderr or stdout.
func oneLine(s string) string { return safetext.Sanitize(s, 200) }
