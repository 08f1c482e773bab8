package api_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"chatkeys/api"
	"chatkeys/api/chatsim"
)

func mintTokens(f *fixture, n int) []int64 {
	var ids []int64
	for range n {
		ids = append(ids, f.sim.MintToken(f.sim.Admin().ID, f.sim.DemoClient().ClientIdentifier, "read", time.Hour).ID)
	}
	return ids
}

func TestStoppingARevokeLetsInFlightRequestsFinishAndSendsNothingNew(t *testing.T) {
	f := setup(t, chatsim.Options{Seed: 1, Latency: 30 * time.Millisecond})
	ids := mintTokens(f, 40)
	stop := make(chan struct{})
	var once atomic.Bool
	results := f.client.OAuthTokens.RevokeMany(context.Background(), ids, api.RevokeOptions{
		Concurrency: 4, Stop: stop,
		Progress: func(done, total int) {
			if done == 2 && once.CompareAndSwap(false, true) {
				close(stop)
			}
		},
	})
	left := map[int64]bool{}
	for _, tok := range f.sim.Tokens() {
		left[tok.ID] = true
	}
	var revoked, notTried int
	for _, r := range results {
		switch r.Outcome() {
		case "revoked":
			revoked++
			if left[r.ID] {
				t.Errorf("token %d reported revoked but still there", r.ID)
			}
		case "not_tried":
			notTried++
			if !left[r.ID] || !errors.Is(r.Err, api.ErrNotTried) {
				t.Errorf("token %d reported not tried, yet gone (%v)", r.ID, r.Err)
			}
		default:
			t.Errorf("token %d failed: %v (in-flight requests must finish, not be cut)", r.ID, r.Err)
		}
	}
	if sent := f.sim.RequestCount("DELETE", "/api/v2/chat/oauth/tokens/"); sent != revoked {
		t.Errorf("the server saw %d DELETEs but %d were reported revoked", sent, revoked)
	}
	if revoked < 2 || revoked > 2+4 || notTried != len(ids)-revoked {
		t.Fatalf("revoked %d, not tried %d of %d: want the 2 done and those in flight, and the rest not tried", revoked, notTried, len(ids))
	}
}

func TestALongRetryAfterPausesABulkRevokeInsteadOfFailingEveryToken(t *testing.T) {
	var limited atomic.Int32
	f := setup(t, chatsim.Options{Seed: 1}, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == "DELETE" && limited.Add(1) == 1 {
				tooManyRequests("2")(w, r) // beyond the bound set below
				return
			}
			next.ServeHTTP(w, r)
		})
	})
	var waits []api.RateWait
	c := newClient(t, f.srv.URL, f.token, api.WithMaxRetryWait(500*time.Millisecond),
		api.WithRetryNotify(func(w api.RateWait) { waits = append(waits, w) }))
	ids := mintTokens(f, 6)
	start := time.Now()
	results := c.OAuthTokens.RevokeMany(context.Background(), ids, api.RevokeOptions{Concurrency: 1})
	for _, r := range results {
		if r.Err != nil {
			t.Fatalf("token %d: %v, want every token revoked after the pause", r.ID, r.Err)
		}
	}
	if time.Since(start) < 1500*time.Millisecond {
		t.Error("the work did not wait out Retry-After")
	}
	if len(waits) != 1 || !waits[0].Paused {
		t.Fatalf("waits = %+v, want one pause announced as such", waits)
	}
}

func TestStoppingDuringARateLimitPauseEndsItAtOnce(t *testing.T) {
	f := setup(t, chatsim.Options{Seed: 1}, firstN(1, "DELETE", tooManyRequests("600")))
	stop := make(chan struct{})
	var once sync.Once
	c := newClient(t, f.srv.URL, f.token, api.WithRetryNotify(func(w api.RateWait) {
		if w.Paused {
			once.Do(func() { close(stop) })
		}
	}))
	ids := mintTokens(f, 3)
	start := time.Now()
	results := c.OAuthTokens.RevokeMany(context.Background(), ids, api.RevokeOptions{Concurrency: 1, Stop: stop})
	if time.Since(start) > 5*time.Second {
		t.Fatal("the pause was not cut short")
	}
	if results[0].Outcome() != "failed" {
		t.Errorf("the rate-limited token: %s (%v), want failed: it was sent and refused", results[0].Outcome(), results[0].Err)
	}
	if _, ok := api.IsRateLimited(results[0].Err); !ok {
		t.Errorf("the rate-limited token's error %v does not say it was rate limited", results[0].Err)
	}
	for _, r := range results[1:] {
		if r.Outcome() != "not_tried" {
			t.Errorf("token %d: %s (%v), want not tried", r.ID, r.Outcome(), r.Err)
		}
	}
	if n := len(f.sim.Tokens()); n < 3 {
		t.Error("tokens were revoked after the stop")
	}
}
