package api

import (
	"context"
	"errors"
	"sync"
	"time"
)

// RateWait describes a pause the server asked for with 429 and
// Retry-After. Every request of the Client waits it out, so a front end
// can show one countdown for all of them.
type RateWait struct {
	// Until is when requests may go again.
	Until time.Time
	// Wait is how long that was when the pause began.
	Wait time.Duration
	// Paused is set when the wait is longer than the Client's retry
	// bound: single requests fail with a *RateLimitError instead of
	// waiting, and bulk work (RevokeMany) pauses until Until.
	Paused bool
}

// errStopped is what a request waiting at the gate returns when bulk work
// was asked to stop.
var errStopped = errors.New("stopped before it was sent")

// rateGate is the Client's one pause: a 429 closes it until Retry-After,
// and every request, from every worker, waits at it before it is sent.
type rateGate struct {
	mu        sync.Mutex
	until     time.Time
	announced time.Time // the last until the front end was told of
	bound     time.Duration
	notify    func(RateWait)
}

// hold closes the gate for d from now, unless it already stays closed
// longer.
func (g *rateGate) hold(d time.Duration) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if until := time.Now().Add(d); until.After(g.until) {
		g.until = until
	}
}

// closed returns how long the gate stays closed and, the first time a
// request waits for this pause, the wait to announce.
func (g *rateGate) closed(bulk bool) (time.Duration, *RateWait) {
	g.mu.Lock()
	defer g.mu.Unlock()
	d := time.Until(g.until)
	if d <= 0 || (!bulk && d > g.bound) || g.announced.Equal(g.until) {
		return d, nil
	}
	g.announced = g.until
	return d, &RateWait{Until: g.until, Wait: d, Paused: d > g.bound}
}

// wait blocks until the gate opens. A single request (bulk nil) does not
// wait beyond the bound: it gets a *RateLimitError at once. Bulk work
// waits however long the server asked, until ctx ends or its stop closes.
func (g *rateGate) wait(ctx context.Context, bulk *bulkRun) error {
	for {
		d, news := g.closed(bulk != nil)
		switch {
		case d <= 0:
			return nil
		case bulk == nil && d > g.bound:
			return &RateLimitError{RetryAfter: d.Round(time.Second)}
		}
		if news != nil && g.notify != nil {
			g.notify(*news)
		}
		var stop <-chan struct{}
		if bulk != nil {
			stop = bulk.stop
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-stop:
			t.Stop()
			return errStopped
		case <-t.C:
		}
	}
}

// bulkRun marks a request as part of bulk work: it waits out any pause,
// however long, and stops waiting when stop closes.
type bulkRun struct{ stop <-chan struct{} }

type bulkKey struct{}

func withBulk(ctx context.Context, b *bulkRun) context.Context {
	return context.WithValue(ctx, bulkKey{}, b)
}

func bulkOf(ctx context.Context) *bulkRun {
	b, _ := ctx.Value(bulkKey{}).(*bulkRun)
	return b
}
