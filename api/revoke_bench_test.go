package api_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"chatkeys/api"
	"chatkeys/api/chatsim"
)

// BenchmarkRevokeMany revokes 1,000 tokens against the simulator with 20 ms
// of latency, one at a time and eight at a time. It reports the most
// requests the simulator saw in flight.
func BenchmarkRevokeMany(b *testing.B) {
	for _, conc := range []int{8, 1} {
		b.Run(fmt.Sprintf("concurrency=%d", conc), func(b *testing.B) {
			f := setup(b, chatsim.Options{Seed: 1, Latency: 20 * time.Millisecond})
			maxSeen := 0
			for b.Loop() {
				b.StopTimer()
				ids := f.mintTokens(1000)
				f.wire.take() // the recording would grow with every loop
				f.sim.ResetMaxInFlight()
				b.StartTimer()
				for _, r := range f.client.OAuthTokens.RevokeMany(context.Background(), ids, api.RevokeOptions{Concurrency: conc}) {
					if r.Err != nil {
						b.Fatal(r.Err)
					}
				}
				_, m := f.sim.InFlight()
				maxSeen = max(maxSeen, m)
			}
			b.ReportMetric(float64(maxSeen), "max-in-flight")
		})
	}
}
