package audit

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"chatkeys/api"
)

func radiusTokens() []api.OAuthToken {
	return []api.OAuthToken{
		{ID: 1, ClientIdentifier: "bot", AgentID: 20, AccessToken: "own", CreateDate: at(-48 * time.Hour)},
		{ID: 2, ClientIdentifier: "bot", AgentID: 10, AccessToken: "t2", CreateDate: at(-72 * time.Hour)},
		{ID: 3, ClientIdentifier: "bot", AgentID: 20, AccessToken: "t3", CreateDate: at(-time.Hour)},
		{ID: 4, ClientIdentifier: "other", AgentID: 10, AccessToken: "t4", CreateDate: at(-1000 * time.Hour)},
		{ID: 5, ClientIdentifier: "bot", AgentID: 30, AccessToken: "t5"},
		{ID: 6, ClientIdentifier: "bot", AgentID: 10, AccessToken: "t6", CreateDate: at(0)},
	}
}

func TestBlastRadius(t *testing.T) {
	for _, tc := range []struct {
		name           string
		ident, own     string
		tokens         int
		byAgent        []AgentCount
		oldest, newest *time.Time
		undated        int
		ownLogin       bool
	}{
		{name: "a client chatkeys logs in with", ident: "bot", own: "own", tokens: 5,
			byAgent: []AgentCount{{10, 2}, {20, 2}, {30, 1}}, oldest: at(-72 * time.Hour), newest: at(0), undated: 1, ownLogin: true},
		{name: "the own token is another client's", ident: "other", own: "own", tokens: 1,
			byAgent: []AgentCount{{10, 1}}, oldest: at(-1000 * time.Hour), newest: at(-1000 * time.Hour)},
		{name: "the own token unknown", ident: "bot", own: "", tokens: 5,
			byAgent: []AgentCount{{10, 2}, {20, 2}, {30, 1}}, oldest: at(-72 * time.Hour), newest: at(0), undated: 1},
		{name: "a client without tokens", ident: "none", own: "own", byAgent: []AgentCount{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := BlastRadius(tc.ident, radiusTokens(), tc.own)
			if r.ClientIdentifier != tc.ident || r.Tokens != tc.tokens || !slices.Equal(r.ByAgent, tc.byAgent) ||
				!sameTime(r.Oldest, tc.oldest) || !sameTime(r.Newest, tc.newest) || r.Undated != tc.undated || r.OwnLogin != tc.ownLogin {
				t.Errorf("got %+v", r)
			}
		})
	}
}

func TestBlastRadiusCountsMostTokensFirst(t *testing.T) {
	tokens := []api.OAuthToken{{AgentID: 9, ClientIdentifier: "c"}, {AgentID: 3, ClientIdentifier: "c"},
		{AgentID: 9, ClientIdentifier: "c"}, {AgentID: 1, ClientIdentifier: "c"}}
	want := []AgentCount{{9, 2}, {1, 1}, {3, 1}}
	if got := BlastRadius("c", tokens, "").ByAgent; !slices.Equal(got, want) {
		t.Errorf("by agent = %v, want %v", got, want)
	}
}

func TestBlastRadiusDoesNotShareTheTokensDates(t *testing.T) {
	tokens := radiusTokens()
	r := BlastRadius("bot", tokens, "")
	*r.Oldest = time.Time{}
	if tokens[1].CreateDate.IsZero() {
		t.Fatal("changing the radius changed a token")
	}
}

func TestRadiusJSON(t *testing.T) {
	b, err := json.Marshal(BlastRadius("none", nil, ""))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"client_identifier":"none","tokens":0,"by_agent":[],"oldest":null,"newest":null,"undated":0,"own_login":false}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
}

func TestMintedBefore(t *testing.T) {
	for _, tc := range []struct {
		name    string
		ident   string
		before  time.Time
		want    []int64
		undated []int64
	}{
		{name: "strictly before: a token minted at the rotation stays", ident: "bot", before: t0, want: []int64{1, 2, 3}, undated: []int64{5}},
		{name: "after everything", ident: "bot", before: t0.Add(time.Hour), want: []int64{1, 2, 3, 6}, undated: []int64{5}},
		{name: "before everything", ident: "bot", before: t0.Add(-100 * time.Hour), undated: []int64{5}},
		{name: "only the client's", ident: "other", before: t0, want: []int64{4}},
		{name: "a client with none", ident: "none", before: t0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, undated := MintedBefore(tc.ident, radiusTokens(), tc.before)
			if got := tokenIDs(before); !slices.Equal(got, tc.want) {
				t.Errorf("before = %v, want %v", got, tc.want)
			}
			if got := tokenIDs(undated); !slices.Equal(got, tc.undated) {
				t.Errorf("undated = %v, want %v", got, tc.undated)
			}
		})
	}
}

func tokenIDs(ts []api.OAuthToken) []int64 {
	var out []int64
	for _, t := range ts {
		out = append(out, t.ID)
	}
	return out
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}
