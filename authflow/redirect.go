package authflow

import (
	"errors"
	"net/url"
	"strconv"
	"strings"

	"chatkeys/api"
)

// Result is what a redirect carried back, after every check.
type Result struct {
	Code        string // authorization-code flow
	AccessToken string // implicit flow
	TokenType   string
	Scope       string
	ExpiresIn   int // seconds; 0 when absent
}

// AuthError is the authorization server's error= answer, such as
// access_denied. Its text came from outside: it is sanitised.
type AuthError struct {
	Code        string
	Description string
}

func (e *AuthError) Error() string {
	if e.Description == "" || e.Description == e.Code {
		return "authorization failed: " + e.Code
	}
	return "authorization failed: " + e.Code + ": " + e.Description
}

// ErrorHint says what the error means for the user.
func (e *AuthError) ErrorHint() string {
	switch e.Code {
	case "access_denied":
		return "access was denied in the browser"
	case "invalid_scope":
		return "ask only for scopes the client allows (see chatkeys clients show ID)"
	case "unauthorized_client", "invalid_client":
		return "check the client id, and that this redirect URL is registered on the client"
	}
	return ""
}

// Redirect check failures. None of them quotes the values it checked.
var (
	ErrStateMismatch = errors.New("the redirect's state does not match this login (a stale or forged link)")
	errMissingState  = errors.New("the redirect carries no state, so it cannot be tied to this login")
	errRepeated      = errors.New("the redirect repeats a parameter")
	errNothing       = errors.New("the address carries no code, token or error")
	errBoth          = errors.New("the redirect carries both a code and a token")
	errTooLong       = errors.New("the address is too long to be a redirect")
)

// maxRedirectLen bounds a pasted or relayed redirect.
const maxRedirectLen = 16 << 10

// ParseRedirect checks a redirect URL pasted by the user, for when the
// browser cannot reach the listener: ?code=…&state=…, #access_token=…&
// state=… or error=…. It applies the listener's checks. A good error=
// answer comes back as an *AuthError.
func ParseRedirect(raw, wantState string) (*Result, error) {
	raw = strings.Trim(strings.TrimSpace(raw), `"'<>`)
	if len(raw) > maxRedirectLen {
		return nil, errTooLong
	}
	query, fragment := raw, ""
	if i := strings.IndexByte(raw, '#'); i >= 0 {
		query, fragment = raw[:i], raw[i+1:]
	}
	if i := strings.IndexByte(query, '?'); i >= 0 {
		query = query[i+1:]
	} else if strings.Contains(query, "://") || !strings.Contains(query, "=") {
		query = ""
	}
	params, err := url.ParseQuery(fragment)
	if err != nil || !hasAnswer(params) {
		if params, err = url.ParseQuery(query); err != nil {
			return nil, errors.New("the address is not a redirect URL")
		}
	}
	return checkParams(params, wantState)
}

func hasAnswer(v url.Values) bool {
	return v.Has("code") || v.Has("access_token") || v.Has("error")
}

// checkParams applies the rules every answer must pass, wherever it came
// from: exactly one state, equal to the login's; exactly one code, token
// or error.
func checkParams(v url.Values, wantState string) (*Result, error) {
	for _, k := range []string{"state", "code", "access_token", "error", "token_type", "scope", "expires_in"} {
		if len(v[k]) > 1 {
			return nil, errRepeated
		}
	}
	switch {
	case !v.Has("state") || v.Get("state") == "":
		return nil, errMissingState
	case !statesEqual(v.Get("state"), wantState):
		return nil, ErrStateMismatch
	case v.Get("error") != "":
		return nil, &AuthError{Code: api.Sanitize(v.Get("error"), 64), Description: api.Sanitize(v.Get("error_description"), 300)}
	case v.Get("code") != "" && v.Get("access_token") != "":
		return nil, errBoth
	case v.Get("code") != "":
		return &Result{Code: v.Get("code")}, nil
	case v.Get("access_token") != "":
		r := &Result{AccessToken: v.Get("access_token"), TokenType: v.Get("token_type"), Scope: v.Get("scope")}
		if n, err := strconv.Atoi(v.Get("expires_in")); err == nil && n > 0 {
			r.ExpiresIn = n
		}
		return r, nil
	}
	return nil, errNothing
}
