package ui

import (
	"fmt"
	"strings"
	"testing"

	"chatkeys/api"
)

// TestTokenSearchKeepsExactlyTheRowsWhoseTextHoldsEveryWord holds the
// matcher, with its per-row byte bits and its client identifiers kept
// apart, to a plain substring search over each row's whole text: every single byte as a query (letters, digits,
// punctuation, bytes past ASCII), every two-byte piece of the rows, and
// words that only a client's name holds.
func TestTokenSearchKeepsExactlyTheRowsWhoseTextHoldsEveryWord(t *testing.T) {
	tokens := []api.OAuthToken{
		{ID: 1, ClientIdentifier: "Zopim-App", AgentID: 100, Scopes: "read write"},
		{ID: 27, ClientIdentifier: "ünïcode_client", AgentID: 9, Scopes: "read"},
		{ID: 3405, ClientIdentifier: "a.b+c@d", AgentID: 42, Scopes: "chat"},
		{ID: 88, ClientIdentifier: "QQQ", AgentID: 7, Scopes: ""},
	}
	var x tokenSearch
	x.reset(len(tokens))
	for i := range tokens {
		x.add(&tokens[i])
	}
	x.setNames([]api.OAuthClient{{ClientIdentifier: "QQQ", Name: "Quiet Vault"}})
	queries := [][]string{{"vault"}, {"read", "7"}, {"ü"}, {"ï"}, {"zopim-app"}, {"read", "chat"}}
	for c := range 256 {
		queries = append(queries, []string{string(rune(c))}, []string{string([]byte{byte(c)})})
	}
	// text is what a row is searched on: its id, client identifier,
	// agent and scopes, lower-cased.
	text := func(tok api.OAuthToken) string {
		return strings.ToLower(fmt.Sprintf("%d %s %d %s\n", tok.ID, tok.ClientIdentifier, tok.AgentID, tok.Scopes))
	}
	for _, tok := range tokens {
		row := text(tok)
		for j := 0; j+2 <= len(row); j++ {
			queries = append(queries, []string{row[j : j+2]})
		}
	}
	for _, words := range queries {
		if f := strings.Fields(strings.Join(words, " ")); strings.Join(f, " ") != strings.Join(words, " ") {
			continue // no word holds white space: the query is split on it
		}
		match := x.matcher(filterQuery{words: words}, "", testNow)
		for i := range tokens {
			want := true
			for _, w := range words {
				name := x.lowerNames[tokens[i].ClientIdentifier]
				want = want && (strings.Contains(text(tokens[i]), w) || name != "" && strings.Contains(name, w))
			}
			if got := match(i, words); got != want {
				t.Errorf("query %q, row %q: kept %v, want %v", words, text(tokens[i]), got, want)
			}
		}
	}
}
