package ui

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"chatkeys/api"
)

func TestParseFilterReadsFieldTermsAndKeepsOtherWordsPlain(t *testing.T) {
	q := parseFilter("expired client:zap agent:100000203 scope:write expires<24h created>30d read https://x.example/cb nope:1")
	if want := []string{"read", "https://x.example/cb", "nope:1"}; !slices.Equal(q.words, want) {
		t.Fatalf("plain words %q, want %q", q.words, want)
	}
	want := []fieldTerm{
		{field: fieldExpired},
		{field: fieldClient, op: ':', value: "zap"},
		{field: fieldAgent, op: ':', value: "100000203"},
		{field: fieldScope, op: ':', value: "write"},
		{field: fieldExpires, op: '<', span: 24 * time.Hour},
		{field: fieldCreated, op: '>', span: 30 * 24 * time.Hour},
	}
	if !slices.Equal(q.terms, want) {
		t.Fatalf("terms %+v, want %+v", q.terms, want)
	}
	if len(q.problems) != 0 {
		t.Fatalf("problems %q", q.problems)
	}
}

func TestParseFilterNamesEveryFieldTermItCannotRead(t *testing.T) {
	q := parseFilter("agent:bob client: expires<abc created:3d expires<24 scope>1h")
	if len(q.terms) != 0 || len(q.words) != 0 {
		t.Fatalf("terms %+v, words %q: each was written wrong", q.terms, q.words)
	}
	want := []string{"agent:bob: write agent:ID", "client:: write client:NAME", "expires<abc: write expires<24h or expires>7d",
		"created:3d: write created<1h or created>30d", "expires<24: write expires<24h or expires>7d", "scope>1h: write scope:SCOPE"}
	if !slices.Equal(q.problems, want) {
		t.Fatalf("problems %q, want %q", q.problems, want)
	}
}

func TestParseSpanReadsUnitsAndJoinedSpansAndRefusesOverflow(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"90s": 90 * time.Second, "15m": 15 * time.Minute, "24h": 24 * time.Hour, "30d": 30 * 24 * time.Hour,
		"2w": 14 * 24 * time.Hour, "1d12h": 36 * time.Hour, "0h": 0,
	} {
		if got, err := parseSpan(in); err != nil || got != want {
			t.Errorf("parseSpan(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "h", "24", "24x", "1d2", "-1h", "99999999999999999999h", "36500d36500d", "9223372036854775807s"} {
		if got, err := parseSpan(in); err == nil {
			t.Errorf("parseSpan(%q) = %v, want an error", in, got)
		}
	}
}

// Each query is held to a plain test of every token's fields; the fake
// tokens' agents, scopes, clients, expiries and creations repeat in
// different cycles, so every combination occurs.
func TestFieldFilterKeepsExactlyTheTokensItsTermsDescribe(t *testing.T) {
	now := testNow
	expired := func(tok api.OAuthToken) bool { return tok.Expired(now) }
	soon := func(tok api.OAuthToken) bool { return !tok.Expired(now) && tok.ExpireDate.Sub(now) < 24*time.Hour }
	cases := map[string]func(tok api.OAuthToken) bool{
		"expired":                 expired,
		"client:chat":             func(tok api.OAuthToken) bool { return tok.ClientIdentifier == "client-1" },
		"client:client-2":         func(tok api.OAuthToken) bool { return tok.ClientIdentifier == "client-2" },
		"agent:100000203":         func(tok api.OAuthToken) bool { return tok.AgentID == 100000203 },
		"scope:write":             func(tok api.OAuthToken) bool { return strings.Contains(tok.Scopes, "write") },
		"scope:ch":                func(tok api.OAuthToken) bool { return strings.Contains(tok.Scopes, "chat") },
		"expires<24h":             soon,
		"expires>40h":             func(tok api.OAuthToken) bool { return tok.ExpireDate.Sub(now) > 40*time.Hour },
		"created>30h":             func(tok api.OAuthToken) bool { return now.Sub(*tok.CreateDate) > 30*time.Hour },
		"created<10h":             func(tok api.OAuthToken) bool { return now.Sub(*tok.CreateDate) < 10*time.Hour },
		"expired scope:write":     func(tok api.OAuthToken) bool { return expired(tok) && strings.Contains(tok.Scopes, "write") },
		"agent:100000201 agent:2": func(api.OAuthToken) bool { return false },
		"expires<24h 5 client:zap": func(tok api.OAuthToken) bool {
			return soon(tok) && tok.ClientIdentifier == "client-2" &&
				strings.Contains(strconv.FormatInt(tok.ID, 10)+" "+strconv.FormatInt(tok.AgentID, 10), "5")
		},
	}
	s := loadedTokensScreen(t, 420)
	for query, want := range cases {
		s.filter.Clear()
		typeFilter(s, query)
		var got, wantIDs []int64
		for _, tok := range visibleTokens(s) {
			got = append(got, tok.ID)
		}
		for _, tok := range s.all {
			if want(tok) {
				wantIDs = append(wantIDs, tok.ID)
			}
		}
		if len(wantIDs) == 0 && query != "agent:100000201 agent:2" {
			t.Fatalf("%q: the fake tokens hold no match, the case tests nothing", query)
		}
		if !slices.Equal(got, wantIDs) {
			t.Errorf("%q kept %d tokens, want %d", query, len(got), len(wantIDs))
		}
	}
}

// Typing a field term one key at a time passes through values that keep
// other rows (agent:1 keeps none, agent:10000020 none, agent:100000203
// some): the memo narrows the rows of a word that grows, but a field
// term that changes starts again from every row.
func TestTypingAFieldTermKeyByKeyEndsWithTheRowsOfTheWholeTerm(t *testing.T) {
	s := loadedTokensScreen(t, 100)
	typeFilter(s, "1 agent:100000203") // 1: a word, which the memo narrows
	if len(s.visible) != 20 {
		t.Fatalf("1 agent:100000203 keeps %d rows, want 20", len(s.visible))
	}
	s.HandleKey(press("backspace"))
	if len(s.visible) != 0 {
		t.Fatalf("agent:10000020 keeps %d rows, want none", len(s.visible))
	}
	s.HandleKey(press("4"))
	if len(s.visible) != 20 || s.all[s.visible[0]].AgentID != 100000204 {
		t.Fatalf("agent:100000204 keeps %d rows", len(s.visible))
	}
}

func TestAnUnreadableTermIsNamedOnTheFilterLineAndLeftOut(t *testing.T) {
	s := loadedTokensScreen(t, 30)
	typeFilter(s, "expires<abc")
	mustContain(t, viewAt(s, 100, 20), "expires<abc: write expires<24h or expires>7d", "30 tokens")
}

func FuzzParseFilter(f *testing.F) {
	for _, seed := range []string{"expired client:zap", "agent:100000203 scope:write", "expires<24h created>30d",
		"expires<1d12h read", "created:3d", "a:b<c>d", "expires<99999999999999999999h", "\x00\x1b[31m:<>", ""} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, q string) {
		got := parseFilter(q)
		words := strings.Fields(q)
		if n := min(len(words), maxFilterTerms); len(got.words)+len(got.terms)+len(got.problems) != n {
			t.Fatalf("%q: %d words read into %d parts", q, n, len(got.words)+len(got.terms)+len(got.problems))
		}
		for _, term := range got.terms {
			if term.span < 0 || term.span > maxSpan {
				t.Fatalf("%q: span %v out of range", q, term.span)
			}
			r := term.rangeOf(testNow)
			_ = r.holds(testNow.Unix())
		}
		if got.key(testNow) != parseFilter(q).key(testNow) {
			t.Fatalf("%q: the key differs between two reads", q)
		}
	})
}
