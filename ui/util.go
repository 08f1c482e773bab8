package ui

import (
	"slices"
	"strconv"
	"time"

	"chatkeys/ui/format"
)

func itoa(n int) string { return strconv.Itoa(n) }

// expiryLeft renders the time a token has left: "9h left", "expired 2h ago".
func expiryLeft(expiry, now time.Time) string {
	if !expiry.After(now) {
		return "expired " + format.Span(now.Sub(expiry)) + " ago"
	}
	return format.Span(expiry.Sub(now)) + " left"
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// sortedSet returns a set's members in order.
func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// hintedErr is an error the UI raises with a hint for the status line.
type hintedErr struct {
	err  error
	hint string
}

func (e hintedErr) Error() string     { return e.err.Error() }
func (e hintedErr) Unwrap() error     { return e.err }
func (e hintedErr) ErrorHint() string { return e.hint }

func withHintErr(err error, hint string) error { return hintedErr{err, hint} }
