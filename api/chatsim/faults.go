package chatsim

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// nginxError is the HTML 500 page a reader of the tutorial got back.
const nginxError = "<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n<body>\r\n" +
	"<center><h1>500 Internal Server Error</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"

// faults injects latency, rate limiting and HTML errors, and counts
// requests, so tests can prove how a client behaves.
type faults struct {
	mu          sync.Mutex
	latency     time.Duration
	rateLimit   int
	windowStart time.Time
	windowCount int
	htmlErrors  int
	inflight    int
	maxInflight int
	requests    map[string]int // "METHOD path" → count
}

func (f *faults) setLatency(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.latency = d
}

func (f *faults) setRateLimit(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rateLimit, f.windowCount = n, 0
}

func (f *faults) injectHTML(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.htmlErrors = n
}

func (f *faults) inFlight() (int, int) {
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
		m, path, _ := strings.Cut(k, " ")
		if m == method && strings.HasPrefix(path, prefix) {
			n += c
		}
	}
	return n
}

// admit records a request and decides whether a fault answers it instead:
// an injected HTML error, or a 429 for a REST request over the limit.
func (f *faults) admit(r *http.Request, rest bool) (latency time.Duration, html bool, retryAfter int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.requests == nil {
		f.requests = map[string]int{}
	}
	f.requests[r.Method+" "+r.URL.Path]++
	if f.htmlErrors > 0 {
		f.htmlErrors--
		return f.latency, true, 0
	}
	if rest && f.rateLimit > 0 {
		now := time.Now()
		if now.Sub(f.windowStart) >= time.Minute {
			f.windowStart, f.windowCount = now, 0
		}
		if f.windowCount >= f.rateLimit {
			left := time.Minute - now.Sub(f.windowStart)
			return f.latency, false, max(int((left+time.Second-1)/time.Second), 1)
		}
		f.windowCount++
	}
	return f.latency, false, 0
}

func (f *faults) enter() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.inflight++
	f.maxInflight = max(f.maxInflight, f.inflight)
}

func (f *faults) leave() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.inflight--
}

// serve runs one request through the faults and then next.
func (f *faults) serve(w http.ResponseWriter, r *http.Request, next http.Handler, logf func(string, ...any)) {
	rest := strings.HasPrefix(r.URL.Path, "/api/")
	if rest {
		f.enter()
		defer f.leave()
	}
	latency, html, retryAfter := f.admit(r, rest)
	if latency > 0 {
		t := time.NewTimer(latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	rec := &statusRecorder{ResponseWriter: w, status: 200}
	switch {
	case html:
		rec.Header().Set("Content-Type", "text/html")
		rec.WriteHeader(http.StatusInternalServerError)
		fmt.Fprint(rec, nginxError)
	case retryAfter > 0:
		rec.Header().Set("Retry-After", strconv.Itoa(retryAfter))
		writeError(rec, http.StatusTooManyRequests, "Too Many Requests", "rate limit exceeded")
	default:
		next.ServeHTTP(rec, r)
	}
	if logf != nil {
		logf("%s %s %d", r.Method, r.URL.Path, rec.status)
	}
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
