package ui

import (
	"fmt"
	"runtime"
	"testing"
)

// BenchmarkTokensView measures View of the tokens screen at 100×30. Only
// the visible rows are drawn, so the time must not grow with the rows.
func BenchmarkTokensView(b *testing.B) {
	for _, n := range []int{100, 10_000, 100_000} {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			s := newTokensScreen(newTestCommon())
			s.HandleMsg(clientsLoadedMsg{list: fakeClients()})
			s.HandleMsg(tokensLoadedMsg{list: fakeTokens(n)})
			s.table.SetCursor(n / 2)
			b.ReportAllocs()
			for b.Loop() {
				_ = viewAt(s, 100, 30)
			}
		})
	}
}

// BenchmarkTokensFilter measures one keystroke of filtering over 100,000
// tokens: the filter text changes and the visible rows are recomputed.
func BenchmarkTokensFilter(b *testing.B) {
	b.Run("rows=100000", func(b *testing.B) {
		s := newTokensScreen(newTestCommon())
		s.HandleMsg(clientsLoadedMsg{list: fakeClients()})
		s.HandleMsg(tokensLoadedMsg{list: fakeTokens(100_000)})
		typeFilter(s, "chat")
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			// Alternate typing and erasing one letter, so every iteration
			// is one keystroke that changes the filter.
			if i%2 == 0 {
				s.HandleKey(press("b"))
			} else {
				s.HandleKey(press("backspace"))
			}
			i++
		}
		b.ReportMetric(float64(m.HeapInuse)/(1<<20), "heap-MB-with-100k-tokens")
	})
}
