package ui

import (
	"strconv"
	"time"

	"github.com/charmbracelet/x/ansi"

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

// fitWidth cuts s to w cells, marking the cut with an ellipsis.
func fitWidth(s string, w int) string { return ansi.Truncate(s, w, "…") }
