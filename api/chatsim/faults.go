package chatsim

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// nginxError is the HTML 500 page a reader of the tutorial got back,
// byte for byte (CRLF line ends included).
const nginxError = "<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n<body>\r\n" +
	"<center><h1>500 Internal Server Error</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"

// faults sits in front of the routes. It injects what a real account does
// to a client — latency, 429s, HTML 500s — and counts what the client
// did, so tests can prove its behaviour under them.
type faults struct {
	limiter *rateLimiter
	logf    func(format string, args ...any)

	mu          sync.Mutex
	latency     time.Duration
	htmlErrors  int
	inflight    int
	maxInflight int
	requests    map[requestKey]int
}

// requestKey is what RequestCount matches on.
type requestKey struct{ method, path string }

func newFaults(now func() time.Time, latency time.Duration, limit int, window time.Duration, logf func(string, ...any)) *faults {
	return &faults{
		limiter:  newRateLimiter(now, limit, window),
		logf:     logf,
		latency:  latency,
		requests: map[requestKey]int{},
	}
}

func (f *faults) setLatency(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.latency = d
}

func (f *faults) injectHTML(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.htmlErrors = max(n, 0)
}

func (f *faults) inFlight() (now, most int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.inflight, f.maxInflight
}

func (f *faults) resetMax() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.maxInflight = f.inflight
}

func (f *faults) count(method, prefix string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for k, c := range f.requests {
		if k.method == method && strings.HasPrefix(k.path, prefix) {
			n += c
		}
	}
	return n
}

// arrive records a request and returns the latency to add and whether an
// injected HTML error answers it. A REST request is counted in flight
// until depart.
func (f *faults) arrive(r *http.Request, rest bool) (latency time.Duration, html bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests[requestKey{r.Method, r.URL.Path}]++
	if rest {
		f.inflight++
		f.maxInflight = max(f.maxInflight, f.inflight)
	}
	if f.htmlErrors > 0 {
		f.htmlErrors--
		html = true
	}
	return f.latency, html
}

func (f *faults) depart() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.inflight--
}

// wrap returns next behind the faults.
func (f *faults) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rest := strings.HasPrefix(r.URL.Path, "/api/")
		latency, html := f.arrive(r, rest)
		if rest {
			defer f.depart()
		}
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		if f.logf != nil {
			// The escaped path only: queries and bodies carry codes,
			// tokens and secrets, and a hostile path must not put
			// control characters into someone's log.
			defer func() { f.logf("chatsim: %s %s %d", r.Method, r.URL.EscapedPath(), rec.status) }()
		}
		if !sleep(r, latency) {
			rec.status = 499 // nginx's "client closed request"
			return
		}
		switch {
		case html:
			rec.Header().Set("Content-Type", "text/html")
			rec.WriteHeader(http.StatusInternalServerError)
			io.WriteString(rec, nginxError)
		case rest:
			wait, ok, left := f.limiter.admit()
			if !ok {
				rec.Header().Set("Retry-After", strconv.Itoa(retryAfterSeconds(wait)))
				writeError(rec, http.StatusTooManyRequests, "Too Many Requests", "rate limit exceeded")
				return
			}
			if left.limit > 0 {
				// The headers Zendesk's other APIs send, and the IETF
				// draft's: the limit, what is left of it, and when the
				// window next has room.
				h := rec.Header()
				h.Set("X-Rate-Limit", strconv.Itoa(left.limit))
				h.Set("Ratelimit-Policy", strconv.Itoa(left.limit)+";w="+strconv.Itoa(int(f.limiter.window/time.Second)))
				h.Set("X-Rate-Limit-Remaining", strconv.Itoa(left.remaining))
				h.Set("Ratelimit-Remaining", strconv.Itoa(left.remaining))
				h.Set("Ratelimit-Reset", strconv.Itoa(retryAfterSeconds(left.reset)))
			}
			next.ServeHTTP(rec, r)
		default:
			next.ServeHTTP(rec, r)
		}
	})
}

// sleep waits d, and reports false if the client went away first. A Go
// timer on Linux fires up to a millisecond late, which would add 5 % to
// a 20 ms latency; so the timer waits all but timerSlack, and the thread
// sleeps the rest to the deadline (preciseSleep).
func sleep(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	deadline := time.Now().Add(d)
	if coarse := d - timerSlack; coarse > 0 {
		t := time.NewTimer(coarse)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return false
		}
	}
	preciseSleep(time.Until(deadline))
	return r.Context().Err() == nil
}

// statusRecorder remembers the status for the log line.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the real writer.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// defaultRateWindow is the span a rate limit counts over unless told:
// Zendesk states its limits per minute.
const defaultRateWindow = time.Minute

// rateLimiter admits at most limit requests in any sliding window on the
// simulator's clock, so that Retry-After can say exactly when the window
// frees and a test can advance a fake clock past it. Refused requests do
// not count against the window.
type rateLimiter struct {
	now    func() time.Time
	window time.Duration

	mu       sync.Mutex
	limit    int
	admitted []time.Time // when the requests still inside the window came, oldest first
}

// rateLeft is what an admitted request is told of the limit.
type rateLeft struct {
	limit, remaining int
	reset            time.Duration // until the oldest request leaves the window
}

func newRateLimiter(now func() time.Time, limit int, window time.Duration) *rateLimiter {
	if window <= 0 {
		window = defaultRateWindow
	}
	return &rateLimiter{now: now, limit: limit, window: window}
}

// setLimit changes the limit and starts a fresh window.
func (l *rateLimiter) setLimit(limit int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.limit, l.admitted = limit, nil
}

// admit reports whether a request may proceed now; if not, wait is how
// long until the window has room for it. An admitted request learns what
// is left.
func (l *rateLimiter) admit() (wait time.Duration, ok bool, left rateLeft) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.limit <= 0 {
		return 0, true, rateLeft{}
	}
	now := l.now()
	expired := 0
	for expired < len(l.admitted) && now.Sub(l.admitted[expired]) >= l.window {
		expired++
	}
	l.admitted = append(l.admitted[:0], l.admitted[expired:]...)
	if len(l.admitted) >= l.limit {
		oldest := l.admitted[len(l.admitted)-l.limit]
		return oldest.Add(l.window).Sub(now), false, rateLeft{}
	}
	l.admitted = append(l.admitted, now)
	return 0, true, rateLeft{limit: l.limit, remaining: l.limit - len(l.admitted), reset: l.admitted[0].Add(l.window).Sub(now)}
}

// retryAfterSeconds rounds a wait up to whole seconds, the unit of
// Retry-After, and never says 0: a client told to wait 0 would retry at
// once and be refused again.
func retryAfterSeconds(wait time.Duration) int {
	return max(int((wait+time.Second-1)/time.Second), 1)
}
