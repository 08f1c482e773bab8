package ui

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// filterQuery is the "/" filter read into its parts: plain words, each
// matched as a substring, and field terms, which name what they test.
// Every part must hold for a row to stay.
type filterQuery struct {
	words []string
	terms []fieldTerm
	// problems are the terms that name a field but could not be read,
	// each with how to write it; they are left out of the match.
	problems []string
}

// fieldTerm is one field term: "expired", "client:zap", "expires<24h".
type fieldTerm struct {
	field string
	op    byte // ':' for a value, '<' or '>' for a span of time, 0 alone
	value string
	span  time.Duration
}

// Token filter fields.
const (
	fieldExpired = "expired"
	fieldClient  = "client"
	fieldAgent   = "agent"
	fieldScope   = "scope"
	fieldExpires = "expires"
	fieldCreated = "created"
)

// fieldForms is how each field is written, for the problems.
var fieldForms = map[string]string{
	fieldExpired: "expired",
	fieldClient:  "client:NAME",
	fieldAgent:   "agent:ID",
	fieldScope:   "scope:SCOPE",
	fieldExpires: "expires<24h or expires>7d",
	fieldCreated: "created<1h or created>30d",
}

// maxFilterTerms bounds how many words a query is read into; the filter
// bar holds at most 100 characters anyway.
const maxFilterTerms = 64

// parseFilter reads q, already lower-cased: the words separated by
// white space; a word that names a field ("expired", "client:…",
// "agent:…", "scope:…", "expires<…", "expires>…", "created<…",
// "created>…") is a field term, and any other word, "http://…" among
// them, stays a plain word.
func parseFilter(q string) filterQuery {
	var out filterQuery
	for i, w := range strings.Fields(q) {
		if i == maxFilterTerms {
			break
		}
		t, named, ok := parseTerm(w)
		switch {
		case !named:
			out.words = append(out.words, w)
		case ok:
			out.terms = append(out.terms, t)
		default:
			out.problems = append(out.problems, w+": write "+fieldForms[t.field])
		}
	}
	return out
}

// parseTerm reads one word as a field term: named says whether it names
// a field at all, ok whether it is written right.
func parseTerm(w string) (t fieldTerm, named, ok bool) {
	if w == fieldExpired {
		return fieldTerm{field: fieldExpired}, true, true
	}
	at := strings.IndexAny(w, ":<>")
	if at <= 0 {
		return t, false, false
	}
	t.field, t.op, t.value = w[:at], w[at], w[at+1:]
	switch t.field {
	case fieldClient, fieldScope:
		return t, true, t.op == ':' && t.value != ""
	case fieldAgent:
		_, err := strconv.ParseInt(t.value, 10, 64)
		return t, true, t.op == ':' && err == nil
	case fieldExpires, fieldCreated:
		if t.op == ':' {
			return t, true, false
		}
		span, err := parseSpan(t.value)
		t.span, t.value = span, ""
		return t, true, err == nil
	}
	return t, false, false
}

// maxSpan is the longest span a term takes, so that adding it to a date
// cannot overflow.
const maxSpan = 100 * 365 * 24 * time.Hour

// errSpan says a span of time is not written as the filter reads it.
type errSpan struct{}

func (errSpan) Error() string {
	return "a span is written as 90s, 15m, 24h, 30d or 2w, or joined: 1d12h"
}

// parseSpan reads a span of time written as numbers each followed by a
// unit: s, m, h, d (24h) or w (7d); "1d12h" is a day and a half.
func parseSpan(s string) (time.Duration, error) {
	if s == "" {
		return 0, errSpan{}
	}
	var total time.Duration
	for s != "" {
		n := 0
		for n < len(s) && s[n] >= '0' && s[n] <= '9' {
			n++
		}
		if n == 0 || n == len(s) {
			return 0, errSpan{}
		}
		v, err := strconv.ParseInt(s[:n], 10, 64)
		if err != nil {
			return 0, errSpan{}
		}
		var unit time.Duration
		switch s[n] {
		case 's':
			unit = time.Second
		case 'm':
			unit = time.Minute
		case 'h':
			unit = time.Hour
		case 'd':
			unit = 24 * time.Hour
		case 'w':
			unit = 7 * 24 * time.Hour
		default:
			return 0, errSpan{}
		}
		if v > int64(maxSpan/unit) || total > maxSpan-time.Duration(v)*unit {
			return 0, errSpan{}
		}
		total += time.Duration(v) * unit
		s = s[n+1:]
	}
	return total, nil
}

// dateRange is the range of unix seconds a time term keeps, both ends
// included.
type dateRange struct{ lo, hi int64 }

// noExpiry and noCreation are the unix seconds a row without the date is
// tested with: no expiry is later than every time; no creation is before
// every time and in no range of creation dates.
const (
	noExpiry   = math.MaxInt64
	noCreation = math.MinInt64
)

// rangeOf is the dates a time term keeps, as of now: "expires<24h" the
// tokens that are not expired and expire within a day, "expires>7d"
// those that expire after a week or never, "created<1h" those created
// within the hour, "created>30d" those created more than 30 days ago,
// and "expired" those whose expiry has passed.
func (t fieldTerm) rangeOf(now time.Time) dateRange {
	at := now.Unix()
	span := int64(t.span / time.Second)
	switch {
	case t.field == fieldExpired:
		return dateRange{math.MinInt64, at}
	case t.field == fieldExpires && t.op == '<':
		return dateRange{at + 1, at + span - 1}
	case t.field == fieldExpires:
		return dateRange{at + span + 1, math.MaxInt64}
	case t.op == '<': // created
		return dateRange{at - span + 1, math.MaxInt64} // noCreation is below it
	default: // created>
		return dateRange{noCreation + 1, at - span - 1}
	}
}

// and is the dates both ranges keep.
func (r dateRange) and(o dateRange) dateRange { return dateRange{max(r.lo, o.lo), min(r.hi, o.hi)} }

// holds reports whether unix seconds v are in the range.
func (r dateRange) holds(v int64) bool { return r.lo <= v && v <= r.hi }

// key names the query's field terms as of now, for the filter's memo:
// two queries with the same key keep the same rows but for their words.
func (q filterQuery) key(now time.Time) string {
	var b strings.Builder
	for _, t := range q.terms {
		b.WriteString(t.field)
		b.WriteByte(max(t.op, ' '))
		b.WriteString(t.value)
		if t.field == fieldExpired || t.op == '<' || t.op == '>' {
			r := t.rangeOf(now)
			b.WriteString(strconv.FormatInt(r.lo, 10) + "," + strconv.FormatInt(r.hi, 10))
		}
		b.WriteByte(0)
	}
	return b.String()
}
