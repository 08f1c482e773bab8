package audit_test

import (
	"testing"
	"time"

	"chatkeys/api/chatsim"
	"chatkeys/authflow/audit"
)

// BenchmarkLargeAccount times the pure work on a 100,000-token account,
// its lists already read: the lookup of a whole token, of a fragment, and
// the audit.
func BenchmarkLargeAccount(b *testing.B) {
	sim := chatsim.New(chatsim.Options{Seed: 1, Tokens: 100_000})
	clients, tokens := sim.Clients(), sim.Tokens()
	leaked := sim.LeakedTokenToTry()
	now := time.Now()
	b.Run("exact", func(b *testing.B) {
		for b.Loop() {
			if r, err := audit.Match(tokens, leaked); err != nil || !r.Found() {
				b.Fatal(err)
			}
		}
	})
	b.Run("fragment", func(b *testing.B) {
		for b.Loop() {
			if r, err := audit.Match(tokens, leaked[10:20]); err != nil || !r.Found() {
				b.Fatal(err)
			}
		}
	})
	b.Run("audit", func(b *testing.B) {
		for b.Loop() {
			if len(audit.Audit(audit.Input{Clients: clients, Tokens: tokens, Now: now})) == 0 {
				b.Fatal("no findings")
			}
		}
	})
}
