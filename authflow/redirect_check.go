package authflow

import (
	"errors"
	"net/url"
	"strconv"
	"strings"

	"chatkeys/api/safetext"
)

// ErrStateMismatch means a redirect's state is missing or is not this
// login's: a stale link, another login's answer, or a forgery. The error
// never quotes either state.
var ErrStateMismatch = errors.New("the redirect's state does not match this login (a stale or forged link)")

// errMissingState is ErrStateMismatch with a message that says what is
// wrong: there was no state at all.
var errMissingState error = missingStateError{}

type missingStateError struct{}

func (missingStateError) Error() string {
	return "the redirect carries no state, so it cannot be tied to this login"
}
func (missingStateError) Is(target error) bool { return target == ErrStateMismatch }

// The other ways a redirect fails its checks. None quotes a value it
// checked: codes, tokens and states never reach an error string.
var (
	errRepeated      = errors.New("the redirect repeats a parameter")
	errNoAnswer      = errors.New("the redirect carries no code, token or error")
	errAuthorizeLink = errors.New("this is the login link itself: open it in a browser, allow access, then paste the address the browser ends on")
	errCodeAndToken  = errors.New("the redirect carries both a code and a token")
	errTwoAnswers    = errors.New("the address carries an answer in both its query and its fragment")
	errMalformed     = errors.New("the redirect's values hold characters no authorization server sends")
	errNotRedirect   = errors.New("that is not a redirect URL: paste the whole address the browser ended on")
	errTooLong       = errors.New("the address is too long to be a redirect")
)

// maxRedirectLen bounds a pasted or relayed redirect.
const maxRedirectLen = 16 << 10

// maxExpiresIn is the longest expires_in taken at its word (ten years);
// beyond it the value is treated as absent rather than overflowing a
// time.Duration further on.
const maxExpiresIn = 10 * 365 * 24 * 60 * 60

// ParseRedirect checks a redirect URL the user pasted, for when the
// browser cannot reach the listener (SSH, WSL, a headless server). It
// takes the whole address (?code=…&state=… or #access_token=…&state=…, or
// error=… in either), or just its query or fragment, with surrounding
// whitespace or quotes. It applies exactly the listener's checks. An
// error= answer with the right state comes back as an *AuthError.
func ParseRedirect(raw, wantState string) (*Result, error) {
	raw = trimPasted(raw)
	if len(raw) > maxRedirectLen {
		return nil, errTooLong
	}
	query, fragment := splitRedirect(raw)
	qv, qerr := url.ParseQuery(query)
	fv, ferr := url.ParseQuery(fragment)
	switch inQuery, inFragment := hasAnswer(qv), hasAnswer(fv); {
	case inQuery && inFragment:
		return nil, errTwoAnswers
	case inFragment && ferr != nil, inQuery && qerr != nil:
		return nil, errNotRedirect
	case inFragment:
		return checkAnswer(fv, wantState)
	case inQuery:
		return checkAnswer(qv, wantState)
	case qerr != nil || ferr != nil || len(qv) == 0 && len(fv) == 0:
		return nil, errNotRedirect // e.g. "code=%zz" was dropped as unreadable
	case fv.Has("state"):
		return checkAnswer(fv, wantState) // says what is missing
	default:
		return checkAnswer(qv, wantState)
	}
}

// trimPasted drops what a terminal or a chat window wraps around a URL:
// whitespace, quotes, angle brackets, and line breaks inside it (a URL
// never holds a raw one).
func trimPasted(raw string) string {
	raw = strings.NewReplacer("\r", "", "\n", "", "\t", "").Replace(raw)
	return strings.Trim(raw, " \"'`<>")
}

// splitRedirect returns the query and the fragment of a pasted address.
// A bare "code=…&state=…" counts as a query.
func splitRedirect(raw string) (query, fragment string) {
	query, fragment, _ = strings.Cut(raw, "#")
	if _, q, ok := strings.Cut(query, "?"); ok {
		return q, fragment
	}
	if strings.Contains(query, "://") || !strings.Contains(query, "=") {
		return "", fragment // an address without a query
	}
	return query, fragment
}

// hasAnswer reports whether v holds an authorization server's answer.
func hasAnswer(v url.Values) bool {
	return v.Has("code") || v.Has("access_token") || v.Has("error")
}

// checkAnswer applies the rules every answer must pass, wherever it came
// from (the listener's query, the relayed fragment, a paste): no repeated
// parameter; a state equal to the login's, compared in constant time;
// then an error, or exactly one of a code and a token, made of the
// printable ASCII RFC 6749 allows.
func checkAnswer(v url.Values, wantState string) (*Result, error) {
	// A repeat would let a forger slip in a second value that one reader
	// takes and another skips.
	for _, k := range [...]string{"state", "code", "access_token", "token_type", "scope", "expires_in", "error", "error_description"} {
		if len(v[k]) > 1 {
			return nil, errRepeated
		}
	}
	switch state := v.Get("state"); {
	case state == "":
		return nil, errMissingState
	case !statesEqual(state, wantState):
		return nil, ErrStateMismatch
	}
	code, token := v.Get("code"), v.Get("access_token")
	switch {
	case v.Get("error") != "":
		return nil, newAuthError(v.Get("error"), v.Get("error_description"))
	case code != "" && token != "":
		return nil, errCodeAndToken
	case code != "":
		if !safetext.IsPrintableASCII(code) {
			return nil, errMalformed
		}
		return &Result{Code: code}, nil
	case token != "":
		return tokenResult(v)
	case v.Has("response_type") || v.Has("client_id"):
		return nil, errAuthorizeLink
	}
	return nil, errNoAnswer
}

// tokenResult reads an implicit grant's answer. The values end up on the
// user's screen, so anything but printable ASCII is refused.
func tokenResult(v url.Values) (*Result, error) {
	r := &Result{AccessToken: v.Get("access_token"), TokenType: v.Get("token_type"), Scope: v.Get("scope")}
	if !safetext.IsPrintableASCII(r.AccessToken) || !safetext.IsPrintableASCII(r.TokenType) || !safetext.IsPrintableASCII(r.Scope) {
		return nil, errMalformed
	}
	switch n, err := strconv.Atoi(v.Get("expires_in")); {
	case err != nil, n > maxExpiresIn:
	case n <= 0:
		r.ExpiresIn = -1 // expired on arrival
	default:
		r.ExpiresIn = n
	}
	return r, nil
}
