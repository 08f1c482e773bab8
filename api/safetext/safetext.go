// Package safetext is chatkeys' one display sanitiser and the check on
// values printed whole. Both front ends call it at their output boundary
// for every string that came from a server, a proxy, a config file or the
// environment; api cleans the messages of its typed errors with it, and
// authflow the answers it shows on its loopback pages. It imports nothing
// of the module, so every layer can use it.
package safetext

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"
)

// replacement stands in, visibly, for an escape sequence, a control
// character or a bidi control.
const replacement = '\uFFFD'

// Sanitize makes text from outside safe to print inside one terminal
// line and one table cell:
//   - every escape sequence (ESC or C1 introduced: CSI, OSC, DCS, SOS, PM,
//     APC and the short forms), with its payload, becomes one "�", so no
//     colour, title, clipboard write, hyperlink or cursor move survives;
//   - every other C0 or C1 control, DEL, invalid UTF-8 and every bidi
//     override, embedding, isolate and mark becomes "�";
//   - zero-width and other invisible format characters are dropped;
//   - line breaks, tabs and other spaces fold into one space, so a
//     newline can never start a new row; the ends are trimmed.
//
// The input is cut to a bound before anything is measured, and the
// result holds at most limit runes plus a closing "…" when it was cut.
func Sanitize(s string, limit int) string {
	limit = max(limit, 1)
	cut := false
	if bound := 4*limit + 64; len(s) > bound {
		for bound > 0 && !utf8.RuneStart(s[bound]) {
			bound--
		}
		s, cut = s[:bound], true
	}
	var b strings.Builder
	b.Grow(min(len(s), 4*limit))
	n := 0         // runes written
	space := false // a space is due before the next rune
	full := false
	put := func(r rune) {
		need := 1
		if space && n > 0 {
			need = 2
		}
		if n+need > limit {
			full = true
			return
		}
		if need == 2 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
		n += need
		space = false
	}
	for i := 0; i < len(s) && !full; {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			i++
			put(replacement)
			continue
		}
		if end, ok := escapeSequenceEnd(s, i, r, size); ok {
			i = end
			put(replacement)
			continue
		}
		i += size
		switch {
		case isFoldedSpace(r):
			space = true
		case isInvisible(r):
			// dropped: it draws nothing, and can hide or join text
		case isControl(r) || isBidiControl(r):
			put(replacement)
		default:
			put(r)
		}
	}
	if cut || full {
		b.WriteRune('…')
	}
	return b.String()
}

// escapeSequenceEnd reports whether the rune r (of size bytes) at s[i]
// opens an escape sequence, and where that sequence ends. An
// unterminated string sequence runs to the end of s.
func escapeSequenceEnd(s string, i int, r rune, size int) (int, bool) {
	j := i + size
	switch r {
	case 0x1b: // ESC
		if j >= len(s) {
			return j, true
		}
		switch c := s[j]; {
		case c == '[':
			return csiEnd(s, j+1), true
		case c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_':
			return stringEnd(s, j+1), true
		case c >= 0x20 && c <= 0x2f: // nF: intermediates, then one final byte
			k := j
			for k < len(s) && s[k] >= 0x20 && s[k] <= 0x2f {
				k++
			}
			if k < len(s) && s[k] >= 0x30 && s[k] <= 0x7e {
				k++
			}
			return k, true
		case c >= 0x30 && c <= 0x7e: // a two-byte escape
			return j + 1, true
		}
		return j, true
	case 0x9b: // CSI
		return csiEnd(s, j), true
	case 0x9d, 0x90, 0x98, 0x9e, 0x9f: // OSC, DCS, SOS, PM, APC
		return stringEnd(s, j), true
	}
	return 0, false
}

// csiEnd skips a CSI's parameter and intermediate bytes and its final
// byte, stopping early at anything a CSI cannot hold.
func csiEnd(s string, j int) int {
	for j < len(s) && s[j] >= 0x20 && s[j] <= 0x3f {
		j++
	}
	if j < len(s) && s[j] >= 0x40 && s[j] <= 0x7e {
		j++
	}
	return j
}

// stringEnd skips a control string (OSC, DCS, …) up to and including its
// terminator: BEL, ESC \ or the C1 string terminator.
func stringEnd(s string, j int) int {
	for j < len(s) {
		switch {
		case s[j] == 0x07:
			return j + 1
		case s[j] == 0x1b && j+1 < len(s) && s[j+1] == '\\':
			return j + 2
		case strings.HasPrefix(s[j:], "\u009c"):
			return j + len("\u009c")
		}
		j++
	}
	return j
}

// isFoldedSpace reports the runes that fold into one space: tabs, line
// and paragraph breaks and every other Unicode space.
func isFoldedSpace(r rune) bool {
	return r == '\t' || r == '\n' || r == '\v' || r == '\f' || r == '\r' || r == 0x85 ||
		r == 0x2028 || r == 0x2029 || (r > 0x7f && unicode.IsSpace(r)) || r == ' '
}

// isControl reports C0 and C1 controls and DEL.
func isControl(r rune) bool { return r < 0x20 || (r >= 0x7f && r <= 0x9f) }

// isBidiControl reports the characters that reorder text: embeddings and
// overrides (U+202A–U+202E), isolates (U+2066–U+2069) and the marks.
func isBidiControl(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c
}

// isInvisible reports zero-width and other format characters that draw
// nothing: ZWSP, ZWNJ, ZWJ, the word joiner, the BOM, the soft hyphen,
// tags, and the rest of Unicode's Cf category that is not a bidi control.
func isInvisible(r rune) bool {
	return !isBidiControl(r) && unicode.Is(unicode.Cf, r)
}

// IsUnsafeRune reports whether r must never reach a terminal as itself:
// a control character (C0, DEL, C1), a line or paragraph separator, a
// bidi control, or a zero-width or other format character. --json output
// escapes exactly these.
func IsUnsafeRune(r rune) bool {
	return isControl(r) || r == 0x2028 || r == 0x2029 || isBidiControl(r) || unicode.Is(unicode.Cf, r)
}

// IsPrintableASCII reports whether s is made only of printable ASCII
// (%x20-7E): what OAuth codes, tokens, token types, scopes and client
// secrets are made of.
func IsPrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// ErrNotPrintable is matched (errors.Is) by CheckWhole's error.
var ErrNotPrintable = errors.New("holds characters that are not printable ASCII")

// CheckWhole is the check on a secret or token that chatkeys must print
// or copy whole, where no sanitiser may touch it: it refuses anything but
// printable ASCII, naming what (for example "the new client secret") and
// never quoting the value.
func CheckWhole(what, value string) error {
	if IsPrintableASCII(value) {
		return nil
	}
	return &notPrintableError{what}
}

type notPrintableError struct{ what string }

func (e *notPrintableError) Error() string {
	return e.what + " " + ErrNotPrintable.Error() + ": refused, nothing was printed or copied"
}

func (e *notPrintableError) Is(target error) bool { return target == ErrNotPrintable }
