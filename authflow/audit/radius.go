package audit

import (
	"cmp"
	"slices"
	"time"

	"chatkeys/api"
)

// AgentCount is how many of a client's tokens one agent holds.
type AgentCount struct {
	AgentID int64 `json:"agent_id"`
	Tokens  int   `json:"tokens"`
}

// Radius is what depends on a client: its tokens, by agent, their span of
// create dates, and whether chatkeys' own login is one of them.
type Radius struct {
	ClientIdentifier string `json:"client_identifier"`
	// Tokens counts the listed tokens of the client.
	Tokens int `json:"tokens"`
	// ByAgent counts them per agent, most tokens first, then by agent id.
	ByAgent []AgentCount `json:"by_agent"`
	// Oldest and Newest are the earliest and latest create dates; nil
	// when no token of the client has one.
	Oldest *time.Time `json:"oldest"`
	Newest *time.Time `json:"newest"`
	// Undated counts the tokens without a create date, which Oldest and
	// Newest leave out.
	Undated int `json:"undated"`
	// OwnLogin is true when chatkeys' own login is a token of the client.
	OwnLogin bool `json:"own_login"`
}

// BlastRadius measures what depends on the client with clientIdentifier,
// shown before its secret is rotated. ownAccess is chatkeys' own access
// token ("" when unknown): OwnLogin is set when the listed token holding it
// belongs to the client.
func BlastRadius(clientIdentifier string, tokens []api.OAuthToken, ownAccess string) Radius {
	r := Radius{ClientIdentifier: clientIdentifier, ByAgent: []AgentCount{}}
	perAgent := map[int64]int{}
	for _, t := range tokens {
		if t.ClientIdentifier != clientIdentifier {
			continue
		}
		r.Tokens++
		perAgent[t.AgentID]++
		if IsOwn(t, ownAccess) {
			r.OwnLogin = true
		}
		if t.CreateDate == nil {
			r.Undated++
			continue
		}
		if r.Oldest == nil || t.CreateDate.Before(*r.Oldest) {
			r.Oldest = timePtr(*t.CreateDate)
		}
		if r.Newest == nil || t.CreateDate.After(*r.Newest) {
			r.Newest = timePtr(*t.CreateDate)
		}
	}
	for id, n := range perAgent {
		r.ByAgent = append(r.ByAgent, AgentCount{AgentID: id, Tokens: n})
	}
	slices.SortFunc(r.ByAgent, func(a, b AgentCount) int {
		return cmp.Or(cmp.Compare(b.Tokens, a.Tokens), cmp.Compare(a.AgentID, b.AgentID))
	})
	return r
}

// MintedBefore returns the tokens of the client with clientIdentifier
// that were created strictly before t, for revoking what a client issued
// before its secret was rotated; and, apart, the client's tokens without a
// create date. Those are not known to be older than t, so they are not in
// before: a front end lists them and lets the admin decide. Both keep the
// order of tokens.
func MintedBefore(clientIdentifier string, tokens []api.OAuthToken, t time.Time) (before, undated []api.OAuthToken) {
	for _, tok := range tokens {
		switch {
		case tok.ClientIdentifier != clientIdentifier:
		case tok.CreateDate == nil:
			undated = append(undated, tok)
		case tok.CreateDate.Before(t):
			before = append(before, tok)
		}
	}
	return before, undated
}

func timePtr(t time.Time) *time.Time { return &t }
