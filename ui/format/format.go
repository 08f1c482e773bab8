// Package format turns API values into the short text that tables, detail
// views and the command line show. It is shared so that the TUI and the
// scripting commands say the same thing the same way.
//
// It imports nothing of the module.
package format

import (
	"fmt"
	"strings"
	"time"
)

// Span renders a duration as its largest whole unit: "45s", "12m", "5h",
// "3d", "4mo", "2y".
func Span(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d/time.Hour))
	case d < 60*24*time.Hour:
		return fmt.Sprintf("%dd", int(d/(24*time.Hour)))
	case d < 730*24*time.Hour:
		return fmt.Sprintf("%dmo", int(d/(30*24*time.Hour)))
	default:
		return fmt.Sprintf("%dy", int(d/(365*24*time.Hour)))
	}
}

// Ago renders a past time relative to now ("3d ago"), a future one as "in
// 5h", and nil as "—".
func Ago(t *time.Time, now time.Time) string {
	if t == nil {
		return "—"
	}
	d := now.Sub(*t)
	switch {
	case d > -time.Second && d < 10*time.Second:
		return "just now"
	case d < 0:
		return "in " + Span(d)
	default:
		return Span(d) + " ago"
	}
}

// Expiry renders when a token stops working: "in 5h", "expired 2d ago", or
// "never" when it has no expiry.
func Expiry(t *time.Time, now time.Time) string {
	if t == nil {
		return "never"
	}
	d := t.Sub(now)
	if d <= 0 {
		return "expired " + Span(d) + " ago"
	}
	return "in " + Span(d)
}

// Absolute renders a time for detail views: UTC, to the second.
func Absolute(t *time.Time) string {
	if t == nil {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC")
}

// Prefix shows the first n characters of a secret followed by an ellipsis,
// so the text never pretends to be the whole value.
func Prefix(secret string, n int) string {
	if secret == "" {
		return "—"
	}
	r := []rune(secret)
	if len(r) > n {
		r = r[:n]
	}
	return string(r) + "…"
}

// Scopes renders a space-separated scope string as "read write", or "—".
func Scopes(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return strings.Join(f, " ")
	}
	return "—"
}

// YesNo renders a flag as "yes" or "no".
func YesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// Plural is "s" unless n is 1.
func Plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// IsAre is the verb for n things: "is" for one, else "are".
func IsAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// FewOf names up to limit of items, joined by commas, and says how many
// more there are: "a, b, c and 297 more". A question stays short however
// many clients a bulk action touches.
func FewOf(items []string, limit int) string {
	if len(items) <= limit {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:limit], ", "), len(items)-limit)
}
