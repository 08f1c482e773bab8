package api_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"chatkeys/api"
	"chatkeys/api/chatsim"
)

// BenchmarkRevokeMany revokes 1,000 tokens against the simulator with 20 ms
// of latency, one at a time and eight at a time. It reports the most
// requests the simulator saw in flight, and the time against the ideal,
// N·RTT divided by the concurrency (the target at eight: 1.05×), where RTT
// is the median of single revokes timed on the same client and
// simulator just before (what one curl -X DELETE takes: the latency and
// the simulator's own work), reported as rtt-ms.
func BenchmarkRevokeMany(b *testing.B) {
	const n, latency = 1000, 20 * time.Millisecond
	for _, conc := range []int{8, 1} {
		b.Run(fmt.Sprintf("concurrency=%d", conc), func(b *testing.B) {
			f := setup(b, chatsim.Options{Seed: 1, Latency: latency})
			rtt := medianRevoke(b, f)
			maxSeen := 0
			var took time.Duration
			for b.Loop() {
				b.StopTimer()
				ids := f.mintTokens(n)
				f.wire.take() // the recording would grow with every loop
				f.sim.ResetMaxInFlight()
				b.StartTimer()
				start := time.Now()
				for _, r := range f.client.OAuthTokens.RevokeMany(context.Background(), ids, api.RevokeOptions{Concurrency: conc}) {
					if r.Err != nil {
						b.Fatal(r.Err)
					}
				}
				took += time.Since(start)
				_, m := f.sim.InFlight()
				maxSeen = max(maxSeen, m)
			}
			ideal := time.Duration(n) * rtt / time.Duration(conc)
			b.ReportMetric(float64(maxSeen), "max-in-flight")
			b.ReportMetric(float64(rtt)/float64(time.Millisecond), "rtt-ms")
			b.ReportMetric(float64(took)/float64(b.N)/float64(ideal), "x-ideal")
		})
	}
}

// medianRevoke is the median time of one revoke alone, over 21 tokens.
func medianRevoke(b *testing.B, f *fixture) time.Duration {
	b.Helper()
	var took []time.Duration
	for _, id := range f.mintTokens(21) {
		start := time.Now()
		if err := f.client.OAuthTokens.Revoke(context.Background(), id); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	return took[len(took)/2]
}

// BenchmarkRevokeManyRateLimited revokes 4R tokens against a limit of R
// requests per window W (R = 50, W = 10 s), eight at a time. The earliest
// the limit allows is the fourth window's start, 3W (plus one round
// trip); it reports the time against that, and the 429s per window (the
// targets: 1.03× and at most one).
func BenchmarkRevokeManyRateLimited(b *testing.B) {
	const limit, window = 50, 10 * time.Second
	f := setup(b, chatsim.Options{Seed: 1, RateWindow: window})
	var took time.Duration
	refused := 0
	for b.Loop() {
		b.StopTimer()
		ids := f.mintTokens(4 * limit)
		f.wire.take()
		f.sim.SetRateLimit(limit) // a fresh window
		sentBefore := f.sim.RequestCount("DELETE", "/api/v2/chat/oauth/tokens/")
		b.StartTimer()
		start := time.Now()
		for _, r := range f.client.OAuthTokens.RevokeMany(context.Background(), ids, api.RevokeOptions{}) {
			if r.Err != nil {
				b.Fatal(r.Err)
			}
		}
		took += time.Since(start)
		b.StopTimer()
		refused += f.sim.RequestCount("DELETE", "/api/v2/chat/oauth/tokens/") - sentBefore - len(ids)
		f.sim.SetRateLimit(0)
		b.StartTimer()
	}
	b.ReportMetric(float64(took)/float64(b.N)/float64(3*window), "x-ideal")
	b.ReportMetric(float64(refused)/float64(b.N)/3, "429/window")
}
