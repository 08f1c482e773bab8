package audit

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"chatkeys/api"
	"chatkeys/api/safetext"
)

// MinFragment is the shortest fragment Match looks up: shorter ones would
// name too many tokens to tell anything.
const MinFragment = 8

// Errors from Match. None quotes the value looked up.
var (
	// ErrEmpty means there was nothing to look up once whitespace was
	// trimmed.
	ErrEmpty = errors.New("nothing to look up: paste a token or a fragment of one")
	// ErrFragmentTooShort is matched (errors.Is) by a *FragmentTooShortError.
	ErrFragmentTooShort = errors.New("the fragment is too short")
	// ErrNotPrintable means the value holds characters no token has: a
	// token is printable ASCII.
	ErrNotPrintable = errors.New("the value holds characters that are not printable ASCII, which no token has")
)

// FragmentTooShortError is a value shorter than MinFragment that is no
// whole token of the account.
type FragmentTooShortError struct {
	// Len is the length of the value given.
	Len int
}

func (e *FragmentTooShortError) Error() string {
	return fmt.Sprintf("a fragment must have at least %d characters, and this one has %d", MinFragment, e.Len)
}

// Is makes a *FragmentTooShortError match ErrFragmentTooShort.
func (e *FragmentTooShortError) Is(target error) bool { return target == ErrFragmentTooShort }

// Field names which of a token's values matched.
type Field string

// The fields Match compares.
const (
	FieldAccess  Field = "access_token"
	FieldRefresh Field = "refresh_token"
)

// How a value matched.
type MatchKind string

const (
	// Exact: the value is a token's whole access or refresh token.
	Exact MatchKind = "exact"
	// Fragment: the value is part of each candidate's access or refresh
	// token.
	Fragment MatchKind = "fragment"
)

// Candidate is one token a value matched, and the field it matched in (for
// a fragment found in both, the access token).
type Candidate struct {
	Token api.OAuthToken
	Field Field
}

// Result is what Match found: exact or fragment, and the candidates in the
// order of the token list. It holds the account's token records only,
// never the value looked up.
type Result struct {
	Kind       MatchKind
	Candidates []Candidate
}

// Found reports whether anything matched.
func (r Result) Found() bool { return len(r.Candidates) > 0 }

// Match looks a pasted value up among the account's tokens. Surrounding
// whitespace is trimmed. A value equal to a token's whole access_token or
// refresh_token is an exact match, and names that token (each such token,
// should the account list one value twice). Otherwise a value of at least
// MinFragment characters is a fragment, and every token whose access or
// refresh token contains it is a candidate. A shorter value that is no
// whole token is a *FragmentTooShortError; a value that is not printable
// ASCII is ErrNotPrintable. Nothing matching is not an error: the Result
// has no candidates.
func Match(tokens []api.OAuthToken, value string) (Result, error) {
	value = strings.TrimSpace(value)
	switch {
	case value == "":
		return Result{}, ErrEmpty
	case !safetext.IsPrintableASCII(value):
		return Result{}, ErrNotPrintable
	}
	if exact := matchExact(tokens, value); len(exact) > 0 {
		return Result{Kind: Exact, Candidates: exact}, nil
	}
	if len(value) < MinFragment {
		return Result{}, &FragmentTooShortError{Len: len(value)}
	}
	var out []Candidate
	for _, t := range tokens {
		switch {
		case t.AccessToken != "" && strings.Contains(t.AccessToken, value):
			out = append(out, Candidate{Token: t, Field: FieldAccess})
		case t.RefreshToken != "" && strings.Contains(t.RefreshToken, value):
			out = append(out, Candidate{Token: t, Field: FieldRefresh})
		}
	}
	return Result{Kind: Fragment, Candidates: out}, nil
}

// matchExact returns the tokens whose access or refresh token is value.
func matchExact(tokens []api.OAuthToken, value string) []Candidate {
	var out []Candidate
	for _, t := range tokens {
		switch value {
		case t.AccessToken:
			out = append(out, Candidate{Token: t, Field: FieldAccess})
		case t.RefreshToken:
			out = append(out, Candidate{Token: t, Field: FieldRefresh})
		}
	}
	return out
}

// UnknownClientName is what a front end may show for a token whose client
// no longer exists (Owner.ClientFound false).
const UnknownClientName = "unknown client"

// Owner is a candidate joined with its client: what the lookup shows and
// what tokens find --json prints, the token's report followed by the
// match. Token is the record itself, for the follow-up actions, and is
// never marshalled.
type Owner struct {
	Token api.OAuthToken `json:"-"`
	TokenReport
	Match MatchKind `json:"match"`
	Field Field     `json:"field"`
	// ClientFound is false when no listed client has the token's client
	// identifier: the client was deleted. ClientID and ClientName are then
	// zero.
	ClientFound bool  `json:"client_found"`
	ClientID    int64 `json:"client_id,omitzero"`
	// Own is true when the token is chatkeys' own login.
	Own bool `json:"own"`
}

// ClientLabel is the client's name, or UnknownClientName when the client
// no longer exists.
func (o Owner) ClientLabel() string {
	if !o.ClientFound {
		return UnknownClientName
	}
	return o.ClientName
}

// Describe joins each of r's candidates with its client, as of now.
// ownAccess is chatkeys' own access token ("" when unknown); the candidate
// holding it is marked Own.
func Describe(r Result, clients []api.OAuthClient, ownAccess string, now time.Time) []Owner {
	byIdent := clientsByIdent(clients)
	out := make([]Owner, 0, len(r.Candidates))
	for _, c := range r.Candidates {
		t := c.Token
		o := Owner{Token: t, Match: r.Kind, Field: c.Field, Own: IsOwn(t, ownAccess)}
		name := ""
		if cl, ok := byIdent[t.ClientIdentifier]; ok {
			o.ClientFound, o.ClientID, name = true, cl.ID, cl.Name
		}
		o.TokenReport = ReportOf(&t, name, now)
		out = append(out, o)
	}
	return out
}

// IsOwn reports whether t is chatkeys' own login, whose access token is
// ownAccess; an empty ownAccess is nobody's.
func IsOwn(t api.OAuthToken, ownAccess string) bool {
	return ownAccess != "" && subtle.ConstantTimeCompare([]byte(t.AccessToken), []byte(ownAccess)) == 1
}

// clientsByIdent indexes clients by client identifier; the first of a
// repeated identifier wins.
func clientsByIdent(clients []api.OAuthClient) map[string]*api.OAuthClient {
	m := make(map[string]*api.OAuthClient, len(clients))
	for i := range clients {
		c := &clients[i]
		if _, seen := m[c.ClientIdentifier]; !seen && c.ClientIdentifier != "" {
			m[c.ClientIdentifier] = c
		}
	}
	return m
}

// ownToken returns the listed token whose access token is ownAccess.
func ownToken(tokens []api.OAuthToken, ownAccess string) (api.OAuthToken, bool) {
	if ownAccess == "" {
		return api.OAuthToken{}, false
	}
	i := slices.IndexFunc(tokens, func(t api.OAuthToken) bool { return IsOwn(t, ownAccess) })
	if i < 0 {
		return api.OAuthToken{}, false
	}
	return tokens[i], true
}
