package authflow

import (
	"fmt"

	"chatkeys/api/safetext"
)

// Result is what a redirect carried back, after every check: the state
// matched, and exactly one code or token came with it.
type Result struct {
	Code        string // authorization-code flow
	AccessToken string // implicit flow
	TokenType   string
	Scope       string
	ExpiresIn   int // seconds; 0 when absent or implausible, -1 when 0 or less (expired on arrival)
}

// String keeps the code and the token out of logs and test failures: a
// Result printed with %v or %+v says only whether they are set.
func (r Result) String() string {
	return fmt.Sprintf("authflow.Result{Code:%s AccessToken:%s TokenType:%q Scope:%q ExpiresIn:%d}",
		redacted(r.Code), redacted(r.AccessToken), r.TokenType, r.Scope, r.ExpiresIn)
}

// GoString does the same for %#v.
func (r Result) GoString() string { return r.String() }

func redacted(s string) string {
	if s == "" {
		return `""`
	}
	return "<redacted>"
}

// Limits on the text an error= answer may show. The text came from the
// URL, so from anyone who could send the browser there.
const (
	maxErrorCodeLen        = 64
	maxErrorDescriptionLen = 300
)

// AuthError is the authorization server's error= answer, such as
// access_denied, carried back with the login's own state. Both fields came
// from the URL: they are sanitised (no control characters or escape
// sequences, bounded length) before they reach a page or a terminal.
type AuthError struct {
	Code        string // RFC 6749 error code
	Description string // error_description, sanitised; may be empty
}

// newAuthError builds an AuthError from raw URL values.
func newAuthError(code, description string) *AuthError {
	e := &AuthError{
		Code:        safetext.Sanitize(code, maxErrorCodeLen),
		Description: safetext.Sanitize(description, maxErrorDescriptionLen),
	}
	if e.Code == "" {
		e.Code = "unknown_error" // nothing printable was left
	}
	return e
}

func (e *AuthError) Error() string {
	if e.Description == "" || e.Description == e.Code {
		return "authorization failed: " + e.Code
	}
	return "authorization failed: " + e.Code + ": " + e.Description
}

// deniedAccess reports whether the user said no on the consent page.
func (e *AuthError) deniedAccess() bool { return e.Code == "access_denied" }
