package audit

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"chatkeys/api"
)

// ErrNoClient is matched (errors.Is) by a *NoClientError.
var ErrNoClient = errors.New("no client has that id, name or identifier")

// NoClientError is a --client value that names no client. Ident is the
// value as given, from the user: sanitise it before showing it.
type NoClientError struct{ Ident string }

func (e *NoClientError) Error() string {
	return fmt.Sprintf("no client has the id, name or identifier %q", e.Ident)
}

// Is makes a *NoClientError match ErrNoClient.
func (e *NoClientError) Is(target error) bool { return target == ErrNoClient }

// ErrAmbiguousClient is matched (errors.Is) by an *AmbiguousClientError.
var ErrAmbiguousClient = errors.New("several clients have that name")

// AmbiguousClientError is a --client name that several clients share;
// their ids tell them apart.
type AmbiguousClientError struct {
	Name string
	IDs  []int64
}

func (e *AmbiguousClientError) Error() string {
	return fmt.Sprintf("%d clients are named %q", len(e.IDs), e.Name)
}

// Is makes an *AmbiguousClientError match ErrAmbiguousClient.
func (e *AmbiguousClientError) Is(target error) bool { return target == ErrAmbiguousClient }

// ResolveClient finds the client that ident names, the rule every
// --client follows: a client identifier or a numeric id names its client;
// otherwise a name, compared ignoring case, names the one client that has
// it. It returns the client's identifier, which tokens carry. A name that
// several clients share is an *AmbiguousClientError; a value that names
// none is a *NoClientError.
func ResolveClient(ident string, clients []api.OAuthClient) (string, error) {
	id, numErr := strconv.ParseInt(ident, 10, 64)
	var byName []int64
	var byNameIdent string
	for _, cl := range clients {
		switch {
		case cl.ClientIdentifier == ident, numErr == nil && cl.ID == id:
			return cl.ClientIdentifier, nil
		case strings.EqualFold(cl.Name, ident):
			byName = append(byName, cl.ID)
			byNameIdent = cl.ClientIdentifier
		}
	}
	switch len(byName) {
	case 0:
		return "", &NoClientError{Ident: ident}
	case 1:
		return byNameIdent, nil
	}
	return "", &AmbiguousClientError{Name: ident, IDs: byName}
}

// ErrEmptySelector means a selector with no criterion set: it would
// select every token, which a bulk revoke must never do by accident.
var ErrEmptySelector = errors.New("no selector given: name at least one of client, agent, scope, expired, older than or created before")

// Selector picks tokens for a bulk revoke. Every criterion set must hold;
// a zero field is not set.
type Selector struct {
	// Client names a client as ResolveClient reads it.
	Client string
	// Agent is an agent id.
	Agent int64
	// Scope is one scope the token must have (read, write, chat).
	Scope string
	// Expired selects tokens past their expiry.
	Expired bool
	// OlderThan selects tokens created more than this long before now.
	OlderThan time.Duration
	// CreatedBefore selects tokens created strictly before it.
	CreatedBefore time.Time
}

// IsZero reports whether no criterion is set.
func (s Selector) IsZero() bool {
	return strings.TrimSpace(s.Client) == "" && s.Agent == 0 && strings.TrimSpace(s.Scope) == "" &&
		!s.Expired && s.OlderThan == 0 && s.CreatedBefore.IsZero()
}

// Select returns the tokens for which every criterion set holds, in the
// order of tokens. A token without a create date is not known to be old,
// so OlderThan and CreatedBefore never select it. An empty selector is
// ErrEmptySelector, a negative OlderThan an error, and a Client that
// ResolveClient cannot resolve its error: nothing is selected then.
func (s Selector) Select(tokens []api.OAuthToken, clients []api.OAuthClient, now time.Time) ([]api.OAuthToken, error) {
	if s.IsZero() {
		return nil, ErrEmptySelector
	}
	if s.OlderThan < 0 {
		return nil, errors.New("older than must be a positive span")
	}
	var ident string
	if c := strings.TrimSpace(s.Client); c != "" {
		var err error
		if ident, err = ResolveClient(c, clients); err != nil {
			return nil, err
		}
	}
	scope := strings.TrimSpace(s.Scope)
	var out []api.OAuthToken
	for _, t := range tokens {
		switch {
		case ident != "" && t.ClientIdentifier != ident,
			s.Agent != 0 && t.AgentID != s.Agent,
			scope != "" && !slices.Contains(t.ScopeList(), scope),
			s.Expired && !t.Expired(now),
			s.OlderThan > 0 && (t.CreateDate == nil || !t.CreateDate.Before(now.Add(-s.OlderThan))),
			!s.CreatedBefore.IsZero() && (t.CreateDate == nil || !t.CreateDate.Before(s.CreatedBefore)):
			continue
		}
		out = append(out, t)
	}
	return out, nil
}

// maxAgeDays bounds ParseAge's days so the span fits a time.Duration.
const maxAgeDays = 100 * 365

// ParseAge reads a span such as --older-than takes: a whole number of
// days (90d), or a Go duration in hours, minutes or seconds (36h, 1h30m).
// It must be more than zero.
func ParseAge(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	bad := fmt.Errorf("%q is not a span: give days or hours, such as 90d or 36h", s)
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n <= 0 || n > maxAgeDays || strings.HasPrefix(days, "+") {
			return 0, bad
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, bad
	}
	return d, nil
}

// ParseDate reads a date such as --created-before takes: a day
// (2026-01-02, midnight UTC, as the API's dates are UTC) or an RFC 3339
// time (2026-01-02T15:04:05Z).
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%q is not a date: give 2026-01-02 or 2026-01-02T15:04:05Z", s)
}
