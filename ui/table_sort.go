package ui

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"chatkeys/api/safetext"
)

// tableSort is a table's sort: a column and a direction, and every row
// in that order. The order is made from one number per row (the
// column's sort key, which the owner computes once per sort), so a sort
// reads each row once and then moves only small fixed-size items: a
// radix sort over them is stable and linear, which keeps a million rows
// within a few frames and a hundred thousand within one.
type tableSort struct {
	col  int // the sorted column; -1: the rows in the order they came
	desc bool
	// order is every row in sort order, made for the rows, first row
	// and filter key recorded with it. A slice once made is never
	// written again: it may be the visible rows.
	order        []int
	rows         int
	first        any
	key          string
	items, spare []sortItem
}

// sortItem is one row's sort key and its index.
type sortItem struct {
	key uint64
	row int32
}

// sortKeyer returns the sort key of each row for column col, or nil when
// the column does not sort. Keys compare as unsigned numbers; rows with
// equal keys keep the order they came in.
type sortKeyer func(col int) func(row int) uint64

// state names the column and direction, for the filter's memo.
func (s *tableSort) state() string {
	if s.col < 0 {
		return ""
	}
	dir := "a"
	if s.desc {
		dir = "d"
	}
	return strconv.Itoa(s.col) + dir
}

// next moves the sort to the next column that sorts, after the last one
// back to the rows' own order; columns is how many there are.
func (s *tableSort) next(columns int, keyer sortKeyer) {
	for c := s.col + 1; c < columns; c++ {
		if keyer(c) != nil {
			s.col, s.order = c, nil
			return
		}
	}
	s.col, s.desc, s.order = -1, false, nil
}

// reverse flips the direction; with no column sorted it sorts the first
// column that sorts, descending.
func (s *tableSort) reverse(columns int, keyer sortKeyer) {
	if s.col < 0 {
		s.next(columns, keyer)
		s.desc = s.col >= 0
		return
	}
	s.desc, s.order = !s.desc, nil
}

// orderOf is every row of n in sort order, nil when nothing is sorted.
// first is the list's first row and key the owner's other state that the
// keys depend on (client names): the order is kept while they and n stay.
func (s *tableSort) orderOf(n int, first any, key string, keyer sortKeyer) []int {
	if s.col < 0 {
		return nil
	}
	if s.order != nil && s.rows == n && s.first == first && s.key == key {
		return s.order
	}
	keyOf := keyer(s.col)
	if keyOf == nil {
		s.col = -1
		return nil
	}
	if cap(s.items) < n {
		s.items, s.spare = make([]sortItem, n), make([]sortItem, n)
	}
	items, spare := s.items[:n], s.spare[:n]
	flip := uint64(0)
	if s.desc {
		flip = ^uint64(0) // descending, ties still in the order they came
	}
	for i := range items {
		items[i] = sortItem{key: keyOf(i) ^ flip, row: int32(i)}
	}
	items = radixSort(items, spare)
	order := make([]int, n)
	for i, it := range items {
		order[i] = int(it.row)
	}
	s.order, s.rows, s.first, s.key = order, n, first, key
	return order
}

// radixSort sorts items by key, stably, using spare (as long) as its
// second buffer, and returns whichever of the two holds the result. Each
// pass sorts on one byte of the key, from the lowest; a byte that is the
// same in every key is skipped, as dates and ids share their high bytes.
func radixSort(items, spare []sortItem) []sortItem {
	var counts [8][256]int
	for _, it := range items {
		for b := range 8 {
			counts[b][byte(it.key>>(8*b))]++
		}
	}
	for b := range 8 {
		c := &counts[b]
		if len(items) == 0 || c[byte(items[0].key>>(8*b))] == len(items) {
			continue
		}
		pos := 0
		for v := range c {
			c[v], pos = pos, pos+c[v]
		}
		shift := 8 * b
		for _, it := range items {
			d := byte(it.key >> shift)
			spare[c[d]] = it
			c[d]++
		}
		items, spare = spare, items
	}
	return items
}

// signedKey orders int64s as unsigned sort keys.
func signedKey(v int64) uint64 { return uint64(v) ^ 1<<63 }

// textKey orders texts by their first eight bytes, lower-cased: enough
// for the short prefixes and flags the tables show.
func textKey(s string) uint64 {
	var k uint64
	for i := range 8 {
		k <<= 8
		if i < len(s) {
			c := s[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			k |= uint64(c)
		}
	}
	return k
}

// timeKey orders times as sort keys; a missing time is missing.
func timeKey(t *time.Time, missing uint64) uint64 {
	if t == nil {
		return missing
	}
	return signedKey(t.Unix())
}

// boolKey orders false before true.
func boolKey(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// rankedText is the sort key of a text column with few distinct values
// (client names, scopes, types): each row's text(i), ranked among the
// distinct texts of the n rows by what shown draws for it, lower-cased.
// The ranks are made on the first call, so asking whether a column sorts
// costs nothing.
func rankedText(n int, text func(i int) string, shown func(string) string) func(row int) uint64 {
	var ranks *textRanks
	return func(i int) uint64 {
		if ranks == nil {
			ranks = newTextRanks(n, text, shown)
		}
		return ranks.keyOf(text(i))
	}
}

// recentTexts is how many of the texts last looked up a textRanks keeps
// beside its map: a long list repeats a few values in turn.
const recentTexts = 8

// textRanks is the rank of each distinct text of a column.
type textRanks struct {
	rank   map[string]uint64
	recent [recentTexts]rankedString
	filled int // how many of recent are in use
	next   int // the one to replace next
}

type rankedString struct {
	text string
	rank uint64
}

func newTextRanks(n int, text func(i int) string, shown func(string) string) *textRanks {
	r := &textRanks{rank: map[string]uint64{}}
	for i := range n {
		r.keyOf(text(i)) // each distinct text once in the map
	}
	distinct := make([]string, 0, len(r.rank))
	drawn := make(map[string]string, len(r.rank))
	for t := range r.rank {
		distinct = append(distinct, t)
		drawn[t] = strings.ToLower(safetext.Sanitize(shown(t), cellBound))
	}
	slices.SortFunc(distinct, func(a, b string) int {
		return cmp.Or(strings.Compare(drawn[a], drawn[b]), strings.Compare(a, b))
	})
	for k, t := range distinct {
		r.rank[t] = uint64(k)
	}
	r.filled, r.next = 0, 0 // the ranks looked up so far were all 0
	return r
}

// keyOf is text's rank: from the texts last looked up when it is one of
// them (equal strings that share memory compare at once), else from the
// map.
func (r *textRanks) keyOf(text string) uint64 {
	for k := range r.filled {
		if r.recent[k].text == text {
			return r.recent[k].rank
		}
	}
	rank, ok := r.rank[text]
	if !ok {
		r.rank[text] = 0
	}
	r.recent[r.next] = rankedString{text, rank}
	r.next = (r.next + 1) % recentTexts
	r.filled = min(r.filled+1, recentTexts)
	return rank
}
