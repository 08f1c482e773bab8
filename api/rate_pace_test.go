package api_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"chatkeys/api"
	"chatkeys/api/chatsim"
)

func TestBulkWorkPacedToTheLimitTheRepliesStateMeetsNo429(t *testing.T) {
	f := setup(t, chatsim.Options{Seed: 1, RateWindow: time.Second})
	ids := f.mintTokens(15)
	f.sim.SetRateLimit(5)
	for _, r := range f.client.OAuthTokens.RevokeMany(context.Background(), ids, api.RevokeOptions{}) {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	if sent := f.sim.RequestCount("DELETE", "/api/v2/chat/oauth/tokens/"); sent != len(ids) {
		t.Fatalf("%d DELETEs for %d tokens: %d were refused with 429", sent, len(ids), sent-len(ids))
	}
	if f.sim.CountTokens(ids) != 0 {
		t.Fatal("tokens are left")
	}
}

// arrivals records when each request came.
type arrivals struct {
	mu    sync.Mutex
	times []time.Time
}

func (a *arrivals) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.mu.Lock()
		a.times = append(a.times, time.Now())
		a.mu.Unlock()
		h.ServeHTTP(w, r)
	})
}

func TestAHandSetRateIsACeilingOnEveryRequest(t *testing.T) {
	var a arrivals
	f := setup(t, chatsim.Options{Seed: 1}, a.wrap)
	ids := f.mintTokens(6)
	c := newClient(t, f.srv.URL, f.token, api.WithRate(2, 500*time.Millisecond))
	for _, r := range c.OAuthTokens.RevokeMany(context.Background(), ids, api.RevokeOptions{}) {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	// 2 per half second is one per 250 ms: no two requests closer than
	// that, give or take the timer.
	for i := 1; i < len(a.times); i++ {
		if gap := a.times[i].Sub(a.times[i-1]); gap < 200*time.Millisecond {
			t.Fatalf("requests %d and %d came %v apart under a ceiling of one per 250 ms", i-1, i, gap)
		}
	}
}
