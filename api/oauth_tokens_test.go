package api_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"chatkeys/api"
	"chatkeys/api/chatsim"
)

func TestListTokensReturnsEveryTokenWithDates(t *testing.T) {
	f := setup(t, chatsim.Options{Seed: 1})
	list, err := f.client.OAuthTokens.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if want := len(f.sim.Tokens()); len(list) != want || len(list) < 50 {
		t.Fatalf("got %d tokens, want %d (about 60)", len(list), want)
	}
	expired := 0
	for _, tok := range list {
		if tok.ExpireDate == nil || tok.CreateDate == nil || tok.AccessToken == "" {
			t.Fatalf("token %d lacks dates or value: %+v", tok.ID, tok)
		}
		if tok.Expired(time.Now()) {
			expired++
		}
	}
	if expired == 0 {
		t.Error("no seeded token is expired")
	}
}

func TestRevokeTokenMakesItUnusable(t *testing.T) {
	f := setup(t, chatsim.Options{Seed: 1})
	victim := f.sim.MintToken(f.sim.Admin().ID, f.sim.DemoClient().ClientIdentifier, "read", time.Hour)
	if err := f.client.OAuthTokens.Revoke(context.Background(), victim.ID); err != nil {
		t.Fatal(err)
	}
	_, err := newClient(t, f.srv.URL, victim.AccessToken).OAuthClients.List(context.Background())
	if !api.IsUnauthorized(err) {
		t.Fatalf("revoked token still works: %v", err)
	}
}

func TestRevokeUnknownTokenIsNotFound(t *testing.T) {
	f := setup(t, chatsim.Options{Seed: 1})
	if err := f.client.OAuthTokens.Revoke(context.Background(), 987654); !api.IsNotFound(err) {
		t.Fatalf("err = %v, want 404", err)
	}
}

func TestRevokeManyReportsEachResultAndNeverClaimsAFailure(t *testing.T) {
	f := setup(t, chatsim.Options{Seed: 1})
	tokens := f.sim.Tokens()
	ids := []int64{tokens[0].ID, 987654, tokens[1].ID, 987655, tokens[2].ID}
	var calls int
	results := f.client.OAuthTokens.RevokeMany(context.Background(), ids, api.RevokeOptions{
		Concurrency: 3, Progress: func(done, total int) { calls++ },
	})
	if len(results) != len(ids) || calls != len(ids) {
		t.Fatalf("%d results, %d progress calls, want %d", len(results), calls, len(ids))
	}
	for i, r := range results {
		if r.ID != ids[i] {
			t.Fatalf("result %d is for %d, want %d (input order)", i, r.ID, ids[i])
		}
		wantFail := ids[i] >= 987654
		if (r.Err != nil) != wantFail {
			t.Errorf("token %d: err = %v, want failure %v", r.ID, r.Err, wantFail)
		}
	}
	left := map[int64]bool{}
	for _, tok := range f.sim.Tokens() {
		left[tok.ID] = true
	}
	for _, id := range []int64{tokens[0].ID, tokens[1].ID, tokens[2].ID} {
		if left[id] {
			t.Errorf("token %d reported revoked but still in the simulator", id)
		}
	}
}

func TestRevokeManyKeepsAtMostTheConcurrencyInFlight(t *testing.T) {
	f := setup(t, chatsim.Options{Seed: 1, Latency: 5 * time.Millisecond})
	var ids []int64
	for range 40 {
		ids = append(ids, f.sim.MintToken(f.sim.Admin().ID, f.sim.DemoClient().ClientIdentifier, "read", time.Hour).ID)
	}
	f.sim.ResetMaxInFlight()
	results := f.client.OAuthTokens.RevokeMany(context.Background(), ids, api.RevokeOptions{})
	for _, r := range results {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	if _, max := f.sim.InFlight(); max > api.DefaultRevokeConcurrency || max < 2 {
		t.Fatalf("max in flight = %d, want 2..%d", max, api.DefaultRevokeConcurrency)
	}
}

func TestRevokeManyStopsWhenCancelled(t *testing.T) {
	f := setup(t, chatsim.Options{Seed: 1})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	results := f.client.OAuthTokens.RevokeMany(ctx, []int64{f.sim.Tokens()[0].ID}, api.RevokeOptions{})
	if !errors.Is(results[0].Err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", results[0].Err)
	}
	if len(f.sim.Tokens()) == 0 || f.sim.Tokens()[0].ID != results[0].ID {
		t.Error("a cancelled revoke still removed the token")
	}
}
