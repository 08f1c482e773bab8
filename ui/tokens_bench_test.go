package ui

import (
	"fmt"
	"runtime"
	"testing"
)

// BenchmarkTokensView measures View of the tokens screen at 100×30. Only
// the visible rows are drawn, so the time must not grow with the rows.
func BenchmarkTokensView(b *testing.B) {
	for _, n := range []int{100, 10_000, 100_000, 1_000_000} {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			s := benchTokensScreen(n)
			s.table.SetCursor(n / 2)
			b.ReportAllocs()
			for b.Loop() {
				_ = viewAt(s, 100, 30)
			}
		})
	}
}

// BenchmarkTokensFilter measures one keystroke of filtering: the filter
// text changes by one letter, typed or erased, and the visible rows are
// recomputed (the target is one 60 Hz frame, 16 ms, at a million rows).
func BenchmarkTokensFilter(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			s := benchTokensScreen(n)
			typeFilter(s, "chat")
			runtime.GC()
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			typeAndErase(b, s, "b")
			b.ReportMetric(float64(m.HeapInuse)/(1<<20), "heap-MB")
		})
	}
}

// BenchmarkTokensFilterFresh measures the keystrokes no earlier query
// answers, one at a time: a first letter matched against every row
// (key=letter), and the backspace from it to no filter (key=erase).
func BenchmarkTokensFilterFresh(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		for _, timed := range []string{"letter", "erase"} {
			b.Run(fmt.Sprintf("rows=%d/key=%s", n, timed), func(b *testing.B) {
				s := benchTokensScreen(n)
				s.HandleKey(press("/"))
				letters := "abcdefghij"
				i := 0
				for b.Loop() {
					letter := press(string(letters[i%len(letters)]))
					i++
					if timed == "letter" {
						s.HandleKey(letter)
						b.StopTimer()
						s.HandleKey(press("backspace"))
						b.StartTimer()
					} else {
						b.StopTimer()
						s.HandleKey(letter)
						b.StartTimer()
						s.HandleKey(press("backspace"))
					}
				}
			})
		}
	}
}

// BenchmarkTokensLoad measures what the Tokens screen does with a list
// once it is decoded, up to its first frame at 100×30.
func BenchmarkTokensLoad(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			list := fakeTokens(n)
			clients := fakeClients()
			for b.Loop() {
				s := newTokensScreen(newTestCommon())
				s.HandleMsg(clientsLoadedMsg{list: clients})
				s.HandleMsg(tokensLoadedMsg{list: list})
				_ = viewAt(s, 100, 30)
			}
		})
	}
}

// BenchmarkTokensSort measures one press of a sort key: every row's key
// for the column is read and the rows put in its order (the target is
// one 60 Hz frame, 16 ms, at 100,000 rows). key=o cycles the columns;
// key=O flips the direction of the Scopes column, whose texts are ranked,
// the dearest to sort; so every press sorts anew.
func BenchmarkTokensSort(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		for _, k := range []string{"o", "O"} {
			b.Run(fmt.Sprintf("rows=%d/key=%s", n, k), func(b *testing.B) {
				s := benchTokensScreen(n)
				s.table.SetCursor(n / 2)
				if k == "O" {
					for s.sort.col != tcScopes {
						s.HandleKey(press("o"))
					}
				}
				b.ReportAllocs()
				for b.Loop() {
					s.HandleKey(press(k))
				}
			})
		}
	}
}

// benchTokensScreen is a Tokens screen with n fake tokens loaded.
func benchTokensScreen(n int) *tokensScreen {
	s := newTokensScreen(newTestCommon())
	s.HandleMsg(clientsLoadedMsg{list: fakeClients()})
	s.HandleMsg(tokensLoadedMsg{list: fakeTokens(n)})
	return s
}

// BenchmarkTokensFieldFilter measures one keystroke of a field filter:
// "scope:write expires<24" gains and loses its h, so the expiry term
// comes and goes and every keystroke tests every row anew (the target
// is one 60 Hz frame, 16 ms, at 100,000 rows).
func BenchmarkTokensFieldFilter(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			s := benchTokensScreen(n)
			typeFilter(s, "scope:write expires<24")
			typeAndErase(b, s, "h")
		})
	}
}

// typeAndErase times the filter's keystrokes, typing letter and erasing
// it in turn, so every iteration is one keystroke that changes the
// filter.
func typeAndErase(b *testing.B, s *tokensScreen, letter string) {
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if i%2 == 0 {
			s.HandleKey(press(letter))
		} else {
			s.HandleKey(press("backspace"))
		}
		i++
	}
}
