// Package clocktest is a clock a test moves by hand, for code that reads
// the time through a func() time.Time. It sits under api, the lowest
// layer, so that the tests of every package can share it.
//
// It is for tests only; nothing outside a _test.go file imports it.
package clocktest

import (
	"sync"
	"time"
)

// Clock reads the same time until Advance moves it. Its methods are safe
// to call from several goroutines.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// New returns a Clock that reads start until it is advanced.
func New(start time.Time) *Clock { return &Clock{now: start} }

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
