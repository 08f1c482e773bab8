package ui

import (
	"strconv"
	"strings"

	"chatkeys/api"
)

// tokenSearch is what the Tokens tab's "/" filter matches on: each row's
// search text, made once per load, and its client as a number. Client
// names, which may arrive after the tokens, are kept apart and matched
// per keystroke over the few clients, so a late name changes no row.
type tokenSearch struct {
	text     []string // per row: lower-cased id, client identifier, agent and scopes
	clientOf []int32  // per row: an index into idents
	idents   []string
	number   map[string]int32 // client identifier → its index in idents
	// lowerNames are the clients' names lower-cased, by identifier;
	// namesGen counts their loads, for the filter's memo.
	lowerNames map[string]string
	namesGen   int
}

// reset forgets every row, for a new list of n rows.
func (x *tokenSearch) reset(n int) {
	x.text = make([]string, 0, n)
	x.clientOf = make([]int32, 0, n)
	x.idents = x.idents[:0]
	x.number = map[string]int32{}
}

// rows is how many rows have been added.
func (x *tokenSearch) rows() int { return len(x.text) }

// add indexes the next row.
func (x *tokenSearch) add(t *api.OAuthToken) {
	x.text = append(x.text, strings.ToLower(strconv.FormatInt(t.ID, 10)+" "+t.ClientIdentifier+" "+
		strconv.FormatInt(t.AgentID, 10)+" "+t.Scopes))
	n, ok := x.number[t.ClientIdentifier]
	if !ok {
		n = int32(len(x.idents))
		x.number[t.ClientIdentifier] = n
		x.idents = append(x.idents, t.ClientIdentifier)
	}
	x.clientOf = append(x.clientOf, n)
}

// setNames takes the clients' names.
func (x *tokenSearch) setNames(clients []api.OAuthClient) {
	x.lowerNames = make(map[string]string, len(clients))
	for _, c := range clients {
		x.lowerNames[c.ClientIdentifier] = strings.ToLower(c.Name)
	}
	x.namesGen++
}

// matcher returns the filter for words, limited to the client with
// identifier only when it is not "": nil when it keeps every row. It is
// safe to call from several goroutines at once.
func (x *tokenSearch) matcher(words []string, only string) func(i int, words []string) bool {
	if len(words) == 0 && only == "" {
		return nil
	}
	hits := x.nameHits(words)
	client := int32(-1)
	if only != "" {
		client = int32(len(x.idents)) // a client without tokens: no row
		if n, ok := x.number[only]; ok {
			client = n
		}
	}
	return func(i int, words []string) bool {
		c := x.clientOf[i]
		if client >= 0 && c != client {
			return false
		}
		for w, word := range words {
			if !strings.Contains(x.text[i], word) && (hits[w] == nil || !hits[w][c]) {
				return false
			}
		}
		return true
	}
}

// nameHits is, for each word, which clients (by number) have a
// lower-cased name that holds it; nil for a word no name holds.
func (x *tokenSearch) nameHits(words []string) [][]bool {
	hits := make([][]bool, len(words))
	for i, w := range words {
		for n, ident := range x.idents {
			if name, ok := x.lowerNames[ident]; ok && strings.Contains(name, w) {
				if hits[i] == nil {
					hits[i] = make([]bool, len(x.idents))
				}
				hits[i][n] = true
			}
		}
	}
	return hits
}
