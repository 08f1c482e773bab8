package api_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"chatkeys/api"
	"chatkeys/api/chatsim"
)

func TestStoppingARevokeLetsInFlightRequestsFinishAndSendsADELETEOnlyForEachTokenRevoked(t *testing.T) {
	f := setup(t, chatsim.Options{Seed: 1, Latency: 30 * time.Millisecond})
	ids := f.mintTokens(40)
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
	left := remaining(f, ids...)
	var revoked, notTried int
	var sentDeletes []sent
	for _, r := range results {
		switch r.Outcome() {
		case "revoked":
			revoked++
			sentDeletes = append(sentDeletes, deletes(r.ID)...)
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
	if sent := f.sim.RequestCount("DELETE", tokensPath+"/"); sent != revoked {
		t.Errorf("the server saw %d DELETEs but %d were reported revoked", sent, revoked)
	}
	f.checkSentAnyOrder(t, sentDeletes...)
	if revoked < 2 || revoked > 2+4 || notTried != len(ids)-revoked {
		t.Fatalf("revoked %d, not tried %d of %d: want the 2 done and those in flight, and the rest not tried", revoked, notTried, len(ids))
	}
}

func TestALongRetryAfterPausesABulkRevokeInsteadOfFailingEveryToken(t *testing.T) {
	f := seeded(t, firstN(1, "DELETE", tooManyRequests("2"))) // beyond the bound set below
	var waits []api.RateWait
	c := newClient(t, f.srv.URL, f.token, api.WithMaxRetryWait(500*time.Millisecond),
		api.WithRetryNotify(func(w api.RateWait) { waits = append(waits, w) }))
	ids := f.mintTokens(6)
	start := time.Now()
	results := c.OAuthTokens.RevokeMany(context.Background(), ids, api.RevokeOptions{Concurrency: 1})
	for _, r := range results {
		if r.Err != nil {
			t.Fatalf("token %d: %v, want every token revoked after the pause", r.ID, r.Err)
		}
	}
	f.checkSent(t, deletes(append([]int64{ids[0]}, ids...)...)...) // the first twice: refused, then sent again
	if time.Since(start) < 1500*time.Millisecond {
		t.Error("the work did not wait out Retry-After")
	}
	if len(waits) != 1 || !waits[0].Paused {
		t.Fatalf("waits = %+v, want one pause announced as such", waits)
	}
}

func TestStoppingDuringARateLimitPauseEndsItAtOnceAndSendsNothingMore(t *testing.T) {
	f := seeded(t, firstN(1, "DELETE", tooManyRequests("600")))
	stop := make(chan struct{})
	var once sync.Once
	c := newClient(t, f.srv.URL, f.token, api.WithRetryNotify(func(w api.RateWait) {
		if w.Paused {
			once.Do(func() { close(stop) })
		}
	}))
	ids := f.mintTokens(3)
	start := time.Now()
	results := c.OAuthTokens.RevokeMany(context.Background(), ids, api.RevokeOptions{Concurrency: 1, Stop: stop})
	if time.Since(start) > 5*time.Second {
		t.Fatal("the pause was not cut short")
	}
	f.checkSent(t, deletes(ids[0])...)
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

func TestLastIsRevokedAloneAfterEveryOtherTokenSoNoneFailsForIt(t *testing.T) {
	f := seeded(t)
	var own int64
	for _, tok := range f.sim.Tokens() {
		if tok.AccessToken == f.token {
			own = tok.ID
		}
	}
	ids := append([]int64{own}, f.mintTokens(3*api.DefaultRevokeConcurrency)...)
	var mu sync.Mutex
	var seen []int
	results := f.client.OAuthTokens.RevokeMany(context.Background(), ids, api.RevokeOptions{Last: own,
		Progress: func(done, total int) {
			mu.Lock()
			defer mu.Unlock()
			if total != len(ids) {
				t.Errorf("progress total %d, want %d", total, len(ids))
			}
			seen = append(seen, done)
		}})
	revoked, failed, notTried := api.Tally(results)
	if len(revoked) != len(ids) || len(failed)+len(notTried) != 0 {
		t.Fatalf("revoked %d of %d, failed %d, not tried %d", len(revoked), len(ids), len(failed), len(notTried))
	}
	if results[len(results)-1].ID != own {
		t.Errorf("the last result is token %d, not Last (%d)", results[len(results)-1].ID, own)
	}
	if len(seen) != len(ids) || seen[len(seen)-1] != len(ids) {
		t.Errorf("progress %v, want 1 to %d", seen, len(ids))
	}
}
