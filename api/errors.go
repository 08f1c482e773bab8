package api

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Error is a non-2xx reply from the Chat API or the token endpoint, reduced
// to what a user can act on: the status, the server's error code, a short
// sanitised message and, where a well-known cause exists, a hint. The raw
// body is never kept.
type Error struct {
	Status  int
	Code    string // the server's "error" value, e.g. "Unauthorized" or "invalid_client"
	Message string // short, single-line, control characters removed
	Field   string // the request field at fault, when the server names one (400s)
	Hint    string // what to do next, or ""
	Method  string
	Path    string // relative to the API base; never carries a query
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s (HTTP %d)", e.Message, e.Status)
}

// ErrorHint returns the hint, so that Hint finds it through wrapping.
func (e *Error) ErrorHint() string { return e.Hint }

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

// ErrorHint says how long to wait.
func (e *RateLimitError) ErrorHint() string {
	return fmt.Sprintf("Zendesk allows about 200 requests a minute; wait %s", e.RetryAfter.Round(time.Second))
}

func (e *RateLimitError) Unwrap() error {
	if e.Err == nil {
		return nil
	}
	return e.Err
}

// Hinter is implemented by errors that know what the user should do next.
type Hinter interface{ ErrorHint() string }

// WithHint attaches a hint to an error chatkeys raises itself; HintFor
// finds it through any wrapping.
func WithHint(err error, hint string) error { return &hintedError{err, hint} }

type hintedError struct {
	err  error
	hint string
}

func (e *hintedError) Error() string     { return e.err.Error() }
func (e *hintedError) Unwrap() error     { return e.err }
func (e *hintedError) ErrorHint() string { return e.hint }

// HintFor returns the first hint found along err's chain, or "".
func HintFor(err error) string {
	for err != nil {
		if h, ok := err.(Hinter); ok && h.ErrorHint() != "" {
			return h.ErrorHint()
		}
		err = errors.Unwrap(err)
	}
	return ""
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

// hintForStatus picks the hint for a well-known failure. method tells which
// scope the request needed: read for GET, write for the rest.
func hintForStatus(status int, method, message string) string {
	needed := "write"
	if method == "GET" {
		needed = "read"
	}
	lower := strings.ToLower(message)
	switch {
	case status == 401:
		return "log in again: chatkeys login"
	case status == 403 && strings.Contains(lower, "admin"):
		return "only account administrators can manage API clients and tokens: log in as an administrator"
	case status == 403:
		return fmt.Sprintf("this action needs a token with the %s scope: chatkeys login --scopes \"read write\"", needed)
	case status == 404:
		return "it may have been deleted: reload the list"
	case status >= 500:
		return "the server failed; try again in a moment"
	}
	return ""
}
