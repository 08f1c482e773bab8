package ui

import (
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
