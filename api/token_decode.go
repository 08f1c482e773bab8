package api

import (
	"encoding/binary"
	"math/bits"
	"time"
	"unsafe"
)

// decodePlainPrefix decodes the token of the plain shape that b starts
// with, and returns how many bytes it took; 0 when b does not start with
// a whole one, and t may then be partly written. The plain shape: the
// field names in lower case, each once, strings of printable ASCII
// without escapes, integer ids and dates such as
// "2014-09-09T07:49:20Z". Nearly every token of a list has that shape;
// the general decoder decodes every other value, and fuzz tests hold the
// two to the same result.
func (t *OAuthToken) decodePlainPrefix(b []byte, store *listStore) int {
	return decodePlainToken(b, t, store)
}

// listStore holds what the tokens of one list read share, so that a
// token costs no allocation of its own: one copy of each value the list
// repeats (the tokens of an account share a few hundred client
// identifiers, a few scope lists and one token type), and blocks that
// the other strings and the dates are cut from. It holds at most
// sharedMax repeated values, so a reply of distinct ones costs no more
// than without it. A nil store shares nothing and allocates per token.
type listStore struct {
	repeated map[string]string
	last     [3]string // the value each repeated field took last
	text     []byte    // the unused end of the block strings are cut from
	dates    []time.Time
}

const (
	sharedMax  = 4096
	textBlock  = 16 << 10
	datesBlock = 512
)

// take returns s as a string when the store holds it or has room for
// it; field picks the field's last value, tried before the table.
func (m *listStore) take(field int, s []byte) (string, bool) {
	if m == nil {
		return "", false
	}
	if v := m.last[field]; v == string(s) {
		return v, true
	}
	if m.repeated == nil {
		m.repeated = map[string]string{}
	}
	v, ok := m.repeated[string(s)]
	if !ok {
		if len(m.repeated) >= sharedMax {
			return "", false
		}
		v = string(s)
		m.repeated[v] = v
	}
	m.last[field] = v
	return v, true
}

// block returns n bytes of a block for a token's strings. The bytes
// handed out are never written again: a string made over them stays as
// it was made.
func (m *listStore) block(n int) []byte {
	if n > len(m.text) {
		m.text = make([]byte, max(n, textBlock))
	}
	b := m.text[:n:n]
	m.text = m.text[n:]
	return b
}

// datePair returns room for a token's two dates.
func (m *listStore) datePair() *[2]time.Time {
	if m == nil {
		return new([2]time.Time)
	}
	if len(m.dates) < 2 {
		m.dates = make([]time.Time, datesBlock)
	}
	d := (*[2]time.Time)(m.dates[:2])
	m.dates = m.dates[2:]
	return d
}

// Each field's bit, to tell a repeated name.
const (
	seenID = 1 << iota
	seenAccess
	seenAgent
	seenClient
	seenCreate
	seenExpire
	seenRefresh
	seenScopes
	seenType
)

// decodePlainToken decodes the JSON object of the plain shape that raw
// starts with (after any space), and returns the offset just past its
// closing brace; 0 when raw does not start with one whole. What it
// accepts is valid JSON: a value cut short by raw's end is refused, not
// read as a shorter one.
func decodePlainToken(raw []byte, t *OAuthToken, store *listStore) int {
	p := plainScanner{b: raw, store: store}
	if !p.byte('{') {
		return 0
	}
	if p.byte('}') {
		return p.i
	}
	seen := 0
	for {
		bit, ok := p.name()
		if !ok || seen&bit != 0 || !p.byte(':') || !p.field(bit, t) {
			return 0
		}
		seen |= bit
		if p.byte('}') {
			p.keepStrings()
			return p.i
		}
		if !p.byte(',') {
			return 0
		}
	}
}

// plainScanner reads the plain shape, refusing what is not valid JSON.
type plainScanner struct {
	b []byte
	i int

	// A token's strings, made into one allocation once it is read whole.
	spans [5][]byte
	dsts  [5]*string
	n     int
	dates *[2]time.Time // its dates, in one allocation too
	// store holds what the list's tokens share (nil: nothing).
	store *listStore
}

// keepStrings sets the token's strings, all cut from one allocation:
// the store's block when there is a store.
func (p *plainScanner) keepStrings() {
	total := 0
	for _, s := range p.spans[:p.n] {
		total += len(s)
	}
	if total == 0 {
		return
	}
	var all []byte
	if p.store != nil {
		all = p.store.block(total)
	} else {
		all = make([]byte, total)
	}
	at := 0
	for _, s := range p.spans[:p.n] {
		at += copy(all[at:], s)
	}
	// all is written once, above, and never again.
	whole, at := unsafe.String(unsafe.SliceData(all), total), 0
	for i, s := range p.spans[:p.n] {
		*p.dsts[i] = whole[at : at+len(s)]
		at += len(s)
	}
}

func (p *plainScanner) space() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// byte consumes c, after any space, if it is next.
func (p *plainScanner) byte(c byte) bool {
	p.space()
	if p.i < len(p.b) && p.b[p.i] == c {
		p.i++
		return true
	}
	return false
}

// str reads a string without escapes and of printable ASCII, as bytes
// of raw. It looks at eight bytes at a time for the first that ends the
// string or is outside the plain shape (plainStop).
func (p *plainScanner) str() ([]byte, bool) {
	if !p.byte('"') {
		return nil, false
	}
	start, j := p.i, p.i
	for ; j+8 <= len(p.b); j += 8 {
		if m := plainStop(binary.LittleEndian.Uint64(p.b[j:])); m != 0 {
			j += bits.TrailingZeros64(m) / 8
			return p.strEnd(start, j)
		}
	}
	for ; j < len(p.b); j++ {
		if c := p.b[j]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return p.strEnd(start, j)
		}
	}
	return nil, false
}

// strEnd ends the string that started at start at the stop byte at j:
// only a quote ends a plain one.
func (p *plainScanner) strEnd(start, j int) ([]byte, bool) {
	if p.b[j] != '"' {
		return nil, false
	}
	p.i = j + 1
	return p.b[start:j], true
}

// plainStop marks, in the top bit of each of w's eight bytes, those that
// end a plain string or fall outside it: a quote, a backslash, a control
// byte, DEL and every byte from 0x80. Past a marked byte others may be
// marked wrongly (a borrow carries up), so only the lowest mark counts.
func plainStop(w uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	zero := func(v uint64) uint64 { return (v - ones) & ^v & highs }
	control := (w - 0x20*ones) & ^w & highs
	return control | w&highs | zero(w^'"'*ones) | zero(w^'\\'*ones) | zero(w^0x7f*ones)
}

// int reads an integer that fits an int64.
func (p *plainScanner) int() (int64, bool) {
	p.space()
	neg := p.i < len(p.b) && p.b[p.i] == '-'
	if neg {
		p.i++
	}
	digits := p.i
	var n uint64
	for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
		if n > (1<<63)/10 {
			return 0, false
		}
		n = n*10 + uint64(p.b[p.i]-'0')
		p.i++
	}
	switch {
	case p.i == digits, p.b[digits] == '0' && p.i > digits+1:
		return 0, false // no digits, or a leading zero
	case p.i < len(p.b) && (p.b[p.i] == '.' || p.b[p.i] == 'e' || p.b[p.i] == 'E'):
		return 0, false // not an integer
	case neg && n <= 1<<63:
		return -int64(n), true
	case !neg && n < 1<<63:
		return int64(n), true
	}
	return 0, false
}

// date reads null or a UTC date of the form 2006-01-02T15:04:05Z; which
// is the token's first date or its second. Such a date is 20 bytes
// between quotes, each of which a plain string may hold, so it is read
// in place rather than as a string first.
func (p *plainScanner) date(which int) (*time.Time, bool) {
	p.space()
	if p.i+4 <= len(p.b) && string(p.b[p.i:p.i+4]) == "null" {
		p.i += 4
		return nil, true
	}
	if p.i+22 > len(p.b) || p.b[p.i] != '"' || p.b[p.i+21] != '"' {
		return nil, false
	}
	d, ok := plainDate(p.b[p.i+1 : p.i+21])
	if !ok {
		return nil, false
	}
	p.i += 22
	if p.dates == nil {
		p.dates = p.store.datePair()
	}
	p.dates[which] = d
	return &p.dates[which], true
}

// plainDate parses s when it is exactly 2006-01-02T15:04:05Z with every
// part in range.
func plainDate(s []byte) (time.Time, bool) {
	if len(s) != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z' {
		return time.Time{}, false
	}
	for _, i := range [...]int{0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18} {
		if s[i]-'0' > 9 {
			return time.Time{}, false
		}
	}
	two := func(i int) int { return int(s[i]-'0')*10 + int(s[i+1]-'0') }
	year, month, day := two(0)*100+two(2), two(5), two(8)
	hour, minute, sec := two(11), two(14), two(17)
	if month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	days := daysFromCivil(year, month, day)
	return time.Unix(days*86400+int64(hour*3600+minute*60+sec), 0).UTC(), true
}

// daysIn is the number of days in the month of the year.
func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil counts the days from 1970-01-01 to the date in the
// proleptic Gregorian calendar (years 0 to 9999 here), counting years
// from March so that a leap day falls at a year's end.
func daysFromCivil(year, month, day int) int64 {
	if month <= 2 {
		year--
	}
	era := year / 400
	if year < 0 {
		era = (year - 399) / 400
	}
	yoe := year - era*400
	mp := (month + 9) % 12
	doy := (153*mp+2)/5 + day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// plainName is one of the token's field names and its bit.
type plainName struct {
	name string
	bit  int
}

// plainNames are the token's field names, by their first letter.
var plainNames = [...][]plainName{
	'a': {{"access_token", seenAccess}, {"agent_id", seenAgent}},
	'c': {{"client_identifier", seenClient}, {"create_date", seenCreate}},
	'e': {{"expire_date", seenExpire}},
	'i': {{"id", seenID}},
	'r': {{"refresh_token", seenRefresh}},
	's': {{"scopes", seenScopes}},
	't': {{"token_type", seenType}},
}

// name reads a field name and returns its bit, when it is one of the
// token's; any other name is outside the plain shape.
func (p *plainScanner) name() (int, bool) {
	if !p.byte('"') || p.i >= len(p.b) {
		return 0, false
	}
	if c := p.b[p.i]; int(c) < len(plainNames) {
		for _, n := range plainNames[c] {
			if end := p.i + len(n.name); end < len(p.b) && p.b[end] == '"' && string(p.b[p.i:end]) == n.name {
				p.i = end + 1
				return n.bit, true
			}
		}
	}
	return 0, false
}

// field reads the value of the field of the bit into t; false for a
// value outside the plain shape.
func (p *plainScanner) field(bit int, t *OAuthToken) bool {
	var ok bool
	var dst *string
	repeated := -1 // which of the store's last values the field keeps
	switch bit {
	case seenID:
		t.ID, ok = p.int()
		return ok
	case seenAgent:
		t.AgentID, ok = p.int()
		return ok
	case seenCreate:
		t.CreateDate, ok = p.date(0)
		return ok
	case seenExpire:
		t.ExpireDate, ok = p.date(1)
		return ok
	case seenAccess:
		dst = &t.AccessToken
	case seenRefresh:
		dst = &t.RefreshToken
	case seenClient:
		dst, repeated = &t.ClientIdentifier, 0
	case seenScopes:
		dst, repeated = &t.Scopes, 1
	case seenType:
		dst, repeated = &t.TokenType, 2
	default:
		return false
	}
	s, ok := p.str()
	if !ok {
		return false
	}
	if repeated >= 0 {
		if v, held := p.store.take(repeated, s); held {
			*dst = v
			return true
		}
	}
	// Each name is taken once, so at most five strings are kept.
	p.spans[p.n], p.dsts[p.n] = s, dst
	p.n++
	return true
}
