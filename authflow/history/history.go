// Package history keeps chatkeys' local history of admin actions: every
// change a Client made on an account (api.WithRecorder) and every login
// kept and forgotten (authflow.Logins) becomes one JSON line in
// history.jsonl under $XDG_STATE_HOME/chatkeys, appended under a
// cross-process lock, in a private file rotated past a size bound. Read
// reads it back, tolerating lines that are cut short or not its own.
//
// What a line can hold is fixed by its types: times, ids, statuses, the
// action's and the results' names from api's lists, and the profile,
// subdomain, host and client identifiers, which are not secret. No field
// takes free text from a caller, so no token, secret, code or password
// can be written.
//
// It imports api (the actions, their names and results), api/safetext and
// authflow/internal/privfile (the lock), nothing else of the module; it
// must not import authflow, which imports it.
package history

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"time"

	"chatkeys/api"
	"chatkeys/api/safetext"
)

// FileName is the history's name inside its directory; the one old file
// kept by rotation is FileName + ".1".
const FileName = "history.jsonl"

// DefaultMaxSize is the size past which the history is rotated.
const DefaultMaxSize = 10 << 20

// Entry is one line of the history: one action, from one profile, with
// every target it was done to.
type Entry struct {
	// Time is when the action ended, in UTC, to the second.
	Time      time.Time `json:"time"`
	Profile   string    `json:"profile"`
	Subdomain string    `json:"subdomain,omitempty"`
	// Host is the account's host, which names it when the profile gives
	// only URLs (a simulator, a proxy).
	Host string `json:"host,omitempty"`
	// AgentID is the agent chatkeys acted as; 0 when it is not known
	// (CHATKEYS_TOKEN, or an agent who cannot list tokens).
	AgentID int64 `json:"agent_id,omitempty"`
	// Action is one of api's action names (api.ActionNames).
	Action  string   `json:"action"`
	Targets []Target `json:"targets"`
	// Part and Parts number the lines of an action with more targets than
	// one line holds (MaxTargetsPerLine); both are 0 for an action on one
	// line.
	Part  int `json:"part,omitempty"`
	Parts int `json:"parts,omitempty"`
}

// Target is what one action was done to, and how it went.
type Target struct {
	TokenID          int64  `json:"token_id,omitempty"`
	ClientID         int64  `json:"client_id,omitempty"`
	ClientIdentifier string `json:"client_identifier,omitempty"`
	// Result is api.ResultConfirmed, api.ResultNotConfirmed or
	// api.ResultFailed.
	Result string `json:"result"`
	// Status is the HTTP status behind a result that is not confirmed or
	// failed, when a reply came.
	Status int `json:"status,omitempty"`
}

// MaxTargetsPerLine bounds the targets one line holds, so a bulk revoke
// of a million tokens writes lines a reader can take.
const MaxTargetsPerLine = 1000

// Actor is who acted: the profile and its account, and the agent.
type Actor struct {
	Profile   string
	Subdomain string
	Host      string
	AgentID   int64
}

// Limits of the text fields, in runes.
const (
	profileMax    = 100
	hostMax       = 255
	identifierMax = 128
)

// errUnknown is returned for an action or result name api does not list.
var errUnknown = errors.New("not a name the history records")

// entries turns an action into the lines it is written as. Every text
// field is cut and cleaned, a subdomain that is not one is left out, and
// an action or result api does not name is refused.
func entries(now time.Time, who Actor, a api.Action) ([]Entry, error) {
	if !slices.Contains(api.ActionNames(), a.Name) {
		return nil, fmt.Errorf("action %q: %w", safetext.Sanitize(a.Name, 40), errUnknown)
	}
	if len(a.Targets) == 0 {
		return nil, nil
	}
	targets := make([]Target, len(a.Targets))
	for i, t := range a.Targets {
		switch t.Result {
		case api.ResultConfirmed, api.ResultNotConfirmed, api.ResultFailed:
		default:
			return nil, fmt.Errorf("result %q: %w", safetext.Sanitize(t.Result, 40), errUnknown)
		}
		targets[i] = Target{TokenID: t.TokenID, ClientID: t.ClientID,
			ClientIdentifier: safetext.Sanitize(t.ClientIdentifier, identifierMax), Result: t.Result, Status: t.Status}
	}
	base := Entry{
		Time:    now.UTC().Truncate(time.Second),
		Profile: safetext.Sanitize(who.Profile, profileMax),
		Host:    safetext.Sanitize(who.Host, hostMax),
		AgentID: who.AgentID,
		Action:  a.Name,
	}
	if sub, err := api.NormalizeSubdomain(who.Subdomain); err == nil && who.Subdomain != "" {
		base.Subdomain = sub
	}
	parts := (len(targets) + MaxTargetsPerLine - 1) / MaxTargetsPerLine
	out := make([]Entry, 0, parts)
	for i := 0; i < len(targets); i += MaxTargetsPerLine {
		e := base
		e.Targets = targets[i:min(i+MaxTargetsPerLine, len(targets))]
		if parts > 1 {
			e.Part, e.Parts = len(out)+1, parts
		}
		out = append(out, e)
	}
	return out, nil
}

// ErrNoStateDir is matched when neither XDG_STATE_HOME nor HOME says
// where the history goes.
var ErrNoStateDir = errors.New("no state directory: set XDG_STATE_HOME or HOME")

// DefaultPath is $XDG_STATE_HOME/chatkeys/history.jsonl, else
// ~/.local/state/chatkeys/history.jsonl. Both come from getenv alone (on
// Windows, USERPROFILE stands in for HOME), so a caller that injects an
// environment decides where the history goes.
func DefaultPath(getenv func(string) string) (string, error) {
	if xdg := getenv("XDG_STATE_HOME"); xdg != "" && filepath.IsAbs(xdg) {
		return filepath.Join(xdg, "chatkeys", FileName), nil
	}
	home := getenv("HOME")
	if home == "" {
		home = getenv("USERPROFILE")
	}
	if home == "" || !filepath.IsAbs(home) {
		return "", ErrNoStateDir
	}
	return filepath.Join(home, ".local", "state", "chatkeys", FileName), nil
}

// rotated is the path of the one old file rotation keeps.
func rotated(path string) string { return path + ".1" }
