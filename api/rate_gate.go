package api

import (
	"cmp"
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
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

// rateGate is the Client's one pace keeper: every request, from every
// worker, passes it before it is sent. A 429 closes it until
// Retry-After. Between 429s it paces to what the replies say of the
// limit (the remaining requests and when the window resets), counting
// the requests it let through since, so that eight workers do not all
// run into the limit at once; and to a ceiling set by hand (WithRate).
type rateGate struct {
	mu        sync.Mutex
	until     time.Time
	announced time.Time // the last until the front end was told of
	bound     time.Duration
	notify    func(RateWait)

	// budget is how many more requests the server's window is known to
	// take, -1 when nothing is known; it is good until resetAt.
	budget   int
	resetAt  time.Time
	inflight int
	replied  bool // a reply came, with or without rate headers
	// limit and window are the server's limit once a reply stated it
	// (X-Rate-Limit, with the window from RateLimit-Policy or else a
	// minute), and sent the times of the last limit requests let
	// through, oldest first: a request goes when the window holds room
	// for it, as the server counts.
	limit  int
	window time.Duration
	sent   []time.Time

	// ceiling, when set, is the hand-set limit (a token bucket).
	ceiling *rate.Limiter
}

// newRateGate returns an open gate.
func newRateGate(bound time.Duration, notify func(RateWait), ceiling *rate.Limiter) *rateGate {
	return &rateGate{bound: bound, notify: notify, budget: -1, ceiling: ceiling}
}

// take spends one of the budget for a request about to go out, or says
// how long until the window resets when none is left.
func (g *rateGate) take() time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := time.Now()
	if g.budget >= 0 && !now.Before(g.resetAt) {
		g.budget = -1 // the window has reset: unknown until a reply says
	}
	if g.budget == 0 {
		return g.resetAt.Sub(now)
	}
	if !g.replied && g.inflight > 0 {
		// The first reply says whether and how the server limits: until
		// it comes, one request at a time, so eight workers do not meet
		// an unknown limit together.
		return firstReplyPoll
	}
	if g.limit > 0 && len(g.sent) >= g.limit {
		if free := g.sent[len(g.sent)-g.limit].Add(g.window + windowMargin); now.Before(free) {
			return free.Sub(now)
		}
	}
	if g.budget > 0 {
		g.budget--
	}
	// Every send is kept (the limit may be learnt only from its replies),
	// as many as the limit needs, or maxSentKept while it is unknown.
	g.sent = append(g.sent, now)
	if keep := cmp.Or(g.limit, maxSentKept); len(g.sent) > 2*keep {
		g.sent = append(g.sent[:0], g.sent[len(g.sent)-keep:]...)
	}
	g.inflight++
	return 0
}

// firstReplyPoll is how often a request waiting for the first reply
// looks again.
const firstReplyPoll = 2 * time.Millisecond

// maxSentKept bounds the send times kept while the limit is unknown.
const maxSentKept = 1000

// windowMargin is how much later than the window strictly needs a
// request is let through, for the clocks of client and server.
const windowMargin = 25 * time.Millisecond

// done counts a request as answered (h nil: it failed on the way) and
// reads the reply's rate headers: the limit and its window, and, while
// the budget is unknown, what remains of it less the requests still in
// flight, which the server will count too, and when the window resets.
func (g *rateGate) done(h http.Header) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.inflight = max(g.inflight-1, 0)
	g.replied = g.replied || h != nil
	if limit, ok := headerInt(h, "X-Rate-Limit"); ok && limit > 0 {
		g.limit, g.window = limit, policyWindow(h.Get("Ratelimit-Policy"))
	}
	remaining, ok := headerInt(h, "Ratelimit-Remaining", "X-Rate-Limit-Remaining")
	reset, okReset := headerInt(h, "Ratelimit-Reset")
	if !ok || !okReset {
		return
	}
	if g.budget >= 0 {
		// Already counted here: the replies to requests in flight would
		// count some of them twice.
		return
	}
	g.budget = max(remaining-g.inflight, 0)
	g.resetAt = time.Now().Add(time.Duration(reset) * time.Second)
}

// policyWindow reads the window of a RateLimit-Policy such as "50;w=10",
// a minute when it says none.
func policyWindow(policy string) time.Duration {
	for _, part := range strings.Split(policy, ";") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(part), "w="); ok {
			if secs, err := strconv.Atoi(v); err == nil && secs > 0 {
				return time.Duration(secs) * time.Second
			}
		}
	}
	return time.Minute
}

// headerInt is the first of names that holds a whole number.
func headerInt(h http.Header, names ...string) (int, bool) {
	for _, name := range names {
		if v, err := strconv.Atoi(strings.TrimSpace(h.Get(name))); err == nil && v >= 0 {
			return v, true
		}
	}
	return 0, false
}

// hold closes the gate for d from now, unless it already stays closed
// longer; the budget is spent.
func (g *rateGate) hold(d time.Duration) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if until := time.Now().Add(d); until.After(g.until) {
		g.until = until
	}
	g.budget, g.resetAt = 0, g.until
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
		if err := sleepOrStop(ctx, bulk, d+jitter(d)); err != nil {
			return err
		}
	}
}

// pace waits, after the gate is open, for the budget the replies told of
// and for the hand-set ceiling, then counts the request as sent.
func (g *rateGate) pace(ctx context.Context, bulk *bulkRun) error {
	if g.ceiling != nil {
		r := g.ceiling.Reserve()
		if err := sleepOrStop(ctx, bulk, r.Delay()); err != nil {
			r.Cancel()
			return err
		}
	}
	for {
		d := g.take()
		if d <= 0 {
			return nil
		}
		if bulk == nil && d > g.bound {
			return &RateLimitError{RetryAfter: d.Round(time.Second)}
		}
		if err := sleepOrStop(ctx, bulk, d+jitter(d)); err != nil {
			return err
		}
	}
}

// jitter spreads the workers waiting out one pause over up to a tenth of
// it (at most 250 ms), so they do not all arrive at the same instant.
func jitter(d time.Duration) time.Duration {
	spread := min(d/10, 250*time.Millisecond)
	if spread <= 0 {
		return 0
	}
	return rand.N(spread)
}

// sleepOrStop waits d, or until ctx ends or bulk work is stopped.
func sleepOrStop(ctx context.Context, bulk *bulkRun, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	var stop <-chan struct{}
	if bulk != nil {
		stop = bulk.stop
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-stop:
		return errStopped
	case <-t.C:
		return nil
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
