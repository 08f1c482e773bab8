package ui

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"chatkeys/api"
)

// tokenSearch is what the Tokens tab's "/" filter matches on: each row's
// search text, made once per load, and its client as a number. Client
// names, which may arrive after the tokens, are kept apart and matched
// per keystroke over the few clients, so a late name changes no row.
type tokenSearch struct {
	// text holds every row's search text one after another, lower-cased:
	// its id, agent and scopes; row i's is
	// text[ends[i-1]:ends[i]]. One string instead of one per row keeps a
	// scan over a million rows reading memory in order, and saves a
	// string header and an allocation per row.
	text string
	buf  strings.Builder // text is buf's contents
	ends []uint32
	// bytesIn holds, per row, a bit for each letter and digit its text
	// holds, and bits shared by the other bytes (byteBit): a row lacks a
	// word when it lacks one of the word's bits, which is checked before
	// the text is read.
	bytesIn  []uint64
	expect   int     // rows reset was told to expect
	clientOf []int32 // per row: an index into idents
	idents   []string
	// lowerIdents are idents lower-cased: a row's client identifier is
	// matched through its client's number, not kept in every row's text.
	lowerIdents []string
	number      map[string]int32 // client identifier → its index in idents
	// lowerNames are the clients' names lower-cased, by identifier;
	// namesGen counts their loads, for the filter's memo.
	lowerNames map[string]string
	namesGen   int
	// The fields the filter's field terms test, per row: the agent, the
	// expiry and creation in unix seconds (noExpiry, noCreation when
	// missing), and the scopes as an index into scopeWords, each
	// distinct scopes' words lower-cased.
	agent, expires, created []int64
	scopeOf                 []int32
	scopeWords              [][]string
	scopeNumber             map[string]int32
}

// reset forgets every row, for a new list of n rows.
func (x *tokenSearch) reset(n int) {
	x.buf = strings.Builder{}
	x.expect = n
	x.text = ""
	x.ends = make([]uint32, 0, n)
	x.bytesIn = make([]uint64, 0, n)
	x.clientOf = make([]int32, 0, n)
	x.idents = x.idents[:0]
	x.lowerIdents = x.lowerIdents[:0]
	x.number = map[string]int32{}
	x.agent = make([]int64, 0, n)
	x.expires = make([]int64, 0, n)
	x.created = make([]int64, 0, n)
	x.scopeOf = make([]int32, 0, n)
	x.scopeWords = x.scopeWords[:0]
	x.scopeNumber = map[string]int32{}
}

// rows is how many rows have been added.
func (x *tokenSearch) rows() int { return len(x.ends) }

// row is row i's search text.
func (x *tokenSearch) row(i int) string {
	lo := uint32(0)
	if i > 0 {
		lo = x.ends[i-1]
	}
	return x.text[lo:x.ends[i]]
}

// add indexes the next row.
func (x *tokenSearch) add(t *api.OAuthToken) {
	var num [20]byte
	x.writeLower(string(strconv.AppendInt(num[:0], t.ID, 10)))
	x.buf.WriteByte(' ')
	x.writeLower(string(strconv.AppendInt(num[:0], t.AgentID, 10)))
	x.buf.WriteByte(' ')
	x.writeLower(t.Scopes)
	x.buf.WriteByte('\n') // no word holds it, so no match spans two rows
	if len(x.ends) == 0 && x.expect > 1 {
		// Room for the rows expected, if they are like the first, so the
		// text is not copied as it grows.
		x.buf.Grow(x.buf.Len() * x.expect * 5 / 4)
	}
	lo := 0
	if len(x.ends) > 0 {
		lo = int(x.ends[len(x.ends)-1])
	}
	x.text = x.buf.String()
	x.ends = append(x.ends, uint32(len(x.text)))
	x.bytesIn = append(x.bytesIn, bitsOf(x.text[lo:]))
	n, ok := x.number[t.ClientIdentifier]
	if !ok {
		n = int32(len(x.idents))
		x.number[t.ClientIdentifier] = n
		x.idents = append(x.idents, t.ClientIdentifier)
		x.lowerIdents = append(x.lowerIdents, strings.ToLower(t.ClientIdentifier))
	}
	x.clientOf = append(x.clientOf, n)
	x.agent = append(x.agent, t.AgentID)
	x.expires = append(x.expires, unixOr(t.ExpireDate, noExpiry))
	x.created = append(x.created, unixOr(t.CreateDate, noCreation))
	sc, ok := x.scopeNumber[t.Scopes]
	if !ok {
		sc = int32(len(x.scopeWords))
		x.scopeNumber[t.Scopes] = sc
		x.scopeWords = append(x.scopeWords, strings.Fields(strings.ToLower(t.Scopes)))
	}
	x.scopeOf = append(x.scopeOf, sc)
}

// unixOr is t in unix seconds, or missing when there is no t.
func unixOr(t *time.Time, missing int64) int64 {
	if t == nil {
		return missing
	}
	return t.Unix()
}

// writeLower appends s lower-cased as strings.ToLower does, which is how
// the query is lowered, without allocating for ASCII.
func (x *tokenSearch) writeLower(s string) {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			x.buf.WriteString(strings.ToLower(s))
			return
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		x.buf.WriteByte(c)
	}
}

// setNames takes the clients' names.
func (x *tokenSearch) setNames(clients []api.OAuthClient) {
	x.lowerNames = make(map[string]string, len(clients))
	for _, c := range clients {
		x.lowerNames[c.ClientIdentifier] = strings.ToLower(c.Name)
	}
	x.namesGen++
}

// matcher returns the filter for q as of now, limited to the client
// with identifier only when it is not "": nil when it keeps every row.
// Its plain words are passed to it, so the filter's memo can narrow
// them. It is safe to call from several goroutines at once.
func (x *tokenSearch) matcher(q filterQuery, only string, now time.Time) func(i int, words []string) bool {
	if len(q.words) == 0 && len(q.terms) == 0 && only == "" {
		return nil
	}
	hits := x.nameHits(q.words)
	f := x.fieldTest(q, only, now)
	// need is each word's bits; whole says the bits alone answer for it
	// (one letter or digit).
	need, whole := make([]uint64, len(q.words)), make([]bool, len(q.words))
	for w, word := range q.words {
		need[w] = bitsOf(word)
		whole[w] = len(word) == 1 && byteBit[word[0]] < 36
	}
	return func(i int, words []string) bool {
		c := x.clientOf[i]
		if !f.holds(x, i, c) {
			return false
		}
		for w, word := range words {
			in := x.bytesIn[i]&need[w] == need[w] && (whole[w] || strings.Contains(x.row(i), word))
			if !in && (hits[w] == nil || !hits[w][c]) {
				return false
			}
		}
		return true
	}
}

// fieldTest is a query's field terms made ready to test rows with: every
// term on the same field joined into one test.
type fieldTest struct {
	clients []bool // by client number; nil: any client
	scopes  []bool // by scopes number; nil: any scopes
	agent   int64
	byAgent bool
	expires dateRange
	created dateRange
}

func (x *tokenSearch) fieldTest(q filterQuery, only string, now time.Time) fieldTest {
	f := fieldTest{expires: dateRange{math.MinInt64, math.MaxInt64}, created: dateRange{math.MinInt64, math.MaxInt64}}
	keepClients := func(ok func(n int) bool) {
		if f.clients == nil {
			f.clients = make([]bool, len(x.idents))
			for n := range f.clients {
				f.clients[n] = true
			}
		}
		for n := range f.clients {
			f.clients[n] = f.clients[n] && ok(n)
		}
	}
	if only != "" {
		keepClients(func(n int) bool { return x.idents[n] == only })
	}
	for _, t := range q.terms {
		switch t.field {
		case fieldClient:
			keepClients(func(n int) bool {
				name, named := x.lowerNames[x.idents[n]]
				return strings.Contains(x.lowerIdents[n], t.value) || named && strings.Contains(name, t.value)
			})
		case fieldScope:
			if f.scopes == nil {
				f.scopes = make([]bool, len(x.scopeWords))
				for n := range f.scopes {
					f.scopes[n] = true
				}
			}
			for n, words := range x.scopeWords {
				f.scopes[n] = f.scopes[n] && slices.ContainsFunc(words, func(w string) bool { return strings.HasPrefix(w, t.value) })
			}
		case fieldAgent:
			id, _ := strconv.ParseInt(t.value, 10, 64)
			if f.byAgent && f.agent != id {
				f.clients = make([]bool, len(x.idents)) // two agents: no row
			}
			f.agent, f.byAgent = id, true
		case fieldExpired, fieldExpires:
			f.expires = f.expires.and(t.rangeOf(now))
		case fieldCreated:
			f.created = f.created.and(t.rangeOf(now))
		}
	}
	return f
}

// holds reports whether row i, of client number c, passes every term.
func (f *fieldTest) holds(x *tokenSearch, i int, c int32) bool {
	return (f.clients == nil || f.clients[c]) &&
		(f.scopes == nil || f.scopes[x.scopeOf[i]]) &&
		(!f.byAgent || x.agent[i] == f.agent) &&
		f.expires.holds(x.expires[i]) && f.created.holds(x.created[i])
}

// byteBit is each byte's bit in a row's bytesIn: a letter or a digit has
// its own (0 to 35); every other byte shares one of the rest.
var byteBit = func() (b [256]uint8) {
	for c := range 256 {
		switch {
		case c >= 'a' && c <= 'z':
			b[c] = uint8(c - 'a')
		case c >= '0' && c <= '9':
			b[c] = uint8(26 + c - '0')
		default:
			b[c] = uint8(36 + c%28)
		}
	}
	return b
}()

// bitsOf is the bits of the bytes of s.
func bitsOf(s string) uint64 {
	var m uint64
	for i := 0; i < len(s); i++ {
		m |= 1 << byteBit[s[i]]
	}
	return m
}

// nameHits is, for each word, which clients (by number) have a
// lower-cased identifier or name that holds it; nil for a word none
// holds.
func (x *tokenSearch) nameHits(words []string) [][]bool {
	hits := make([][]bool, len(words))
	for i, w := range words {
		for n, ident := range x.idents {
			name, named := x.lowerNames[ident]
			if strings.Contains(x.lowerIdents[n], w) || named && strings.Contains(name, w) {
				if hits[i] == nil {
					hits[i] = make([]bool, len(x.idents))
				}
				hits[i][n] = true
			}
		}
	}
	return hits
}
