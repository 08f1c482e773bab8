package api

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Error is a non-2xx reply from the Chat API or the token endpoint, reduced
// to what a user can act on: the status, the server's error code, the field
// at fault and a short sanitised message. The raw body is never kept. What
// to do about it is for each front end to word (NeedsAdmin, NeededScope and
// the status say which case it is).
type Error struct {
	Status  int
	Code    string // the server's "error" value, e.g. "Unauthorized" or "invalid_client"
	Message string // short, single-line, control characters removed
	Field   string // the request field at fault, when the server names one (400s)
	Method  string
	Path    string // relative to the API base; never carries a query
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s (HTTP %d)", e.Message, e.Status)
}

// NeedsAdmin reports whether the reply is a 403 saying that only account
// administrators may do this.
func (e *Error) NeedsAdmin() bool {
	return e.Status == 403 && strings.Contains(strings.ToLower(e.Message), "admin")
}

// NeededScope is the scope a 403 that is not about administrators asks
// for: read for a GET, write for the rest; "" for any other reply.
func (e *Error) NeededScope() string {
	switch {
	case e.Status != 403 || e.NeedsAdmin():
		return ""
	case e.Method == "GET":
		return "read"
	}
	return "write"
}

// RateLimitError is returned when the server answered 429 and the request
// was not retried: it was not idempotent, or the wait exceeded the bound.
type RateLimitError struct {
	RetryAfter time.Duration
	Err        *Error
}

func (e *RateLimitError) Error() string {
	if e.Err == nil { // the Client's pause held it back: nothing was sent
		return fmt.Sprintf("not sent: paused for the server's rate limit; try again in %s", e.RetryAfter.Round(time.Second))
	}
	return fmt.Sprintf("rate limited: try again in %s (HTTP 429)", e.RetryAfter.Round(time.Second))
}

func (e *RateLimitError) Unwrap() error {
	if e.Err == nil {
		return nil
	}
	return e.Err
}

// StatusOf returns the HTTP status of the *Error in err's chain, or 0.
func StatusOf(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.Status
	}
	return 0
}

// IsNotFound reports whether err is a 404 from the API.
func IsNotFound(err error) bool { return StatusOf(err) == 404 }

// IsUnauthorized reports whether err is a 401: the token is missing, bad or
// expired.
func IsUnauthorized(err error) bool { return StatusOf(err) == 401 }

// IsForbidden reports whether err is a 403: a missing scope or not an admin.
func IsForbidden(err error) bool { return StatusOf(err) == 403 }

// IsRateLimited reports whether err is a 429 and how long the server asked
// to wait.
func IsRateLimited(err error) (time.Duration, bool) {
	var rl *RateLimitError
	if errors.As(err, &rl) {
		return rl.RetryAfter, true
	}
	return 0, false
}
