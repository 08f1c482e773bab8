package chatsim

import (
	"sync"
	"time"
)

// Clock is a clock a test moves by hand; its Now is an Options.Now. It is
// declared in a _test.go file, so only this package's own tests, inside
// the package and out, can use it.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a Clock that reads 2026-03-04 05:06:07 UTC until it is
// advanced.
func NewClock() *Clock { return &Clock{now: time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)} }

// Now reads the clock.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
