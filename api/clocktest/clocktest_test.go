package clocktest

import (
	"testing"
	"time"
)

func TestAClockReadsItsStartUntilAdvanced(t *testing.T) {
	start := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	c := New(start)
	if got := c.Now(); !got.Equal(start) {
		t.Fatalf("Now = %v, want %v", got, start)
	}
	c.Advance(90 * time.Second)
	c.Advance(time.Hour)
	if got, want := c.Now(), start.Add(time.Hour+90*time.Second); !got.Equal(want) {
		t.Fatalf("after advancing: Now = %v, want %v", got, want)
	}
}
