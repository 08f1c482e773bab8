package api_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"chatkeys/api"
	"chatkeys/api/chatsim"
)

func TestListTokensSendsOneGETAndReturnsEveryTokenWithDates(t *testing.T) {
	f := seeded(t)
	list := listVia(t, f, f.client.OAuthTokens.List, tokensPath)
	if want := len(f.sim.Tokens()); len(list) != want || len(list) < 50 {
		t.Fatalf("got %d tokens, want %d (about 60)", len(list), want)
	}
	expired, forever := 0, 0
	for _, tok := range list {
		if tok.CreateDate == nil || tok.AccessToken == "" {
			t.Fatalf("token %d lacks a create date or value: %+v", tok.ID, tok)
		}
		if tok.ExpireDate == nil { // the simulated account has one token without an expiry, sent as null
			forever++
		}
		if tok.Expired(time.Now()) {
			expired++
		}
	}
	if expired == 0 || forever != 1 {
		t.Errorf("%d seeded tokens expired, %d without an expiry (want 1)", expired, forever)
	}
}

func TestRevokeTokenSendsADELETEOfItsPathAndMakesItUnusable(t *testing.T) {
	f := seeded(t)
	victim := f.mint("read")
	if err := f.client.OAuthTokens.Revoke(context.Background(), victim.ID); err != nil {
		t.Fatal(err)
	}
	f.checkSent(t, sent{method: "DELETE", path: tokenPath(victim.ID)})
	_, err := newClient(t, f.srv.URL, victim.AccessToken).OAuthClients.List(context.Background())
	if !api.IsUnauthorized(err) {
		t.Fatalf("revoked token still works: %v", err)
	}
}

func TestRevokeUnknownTokenIsNotFound(t *testing.T) {
	f := seeded(t)
	if err := f.client.OAuthTokens.Revoke(context.Background(), 987654); !api.IsNotFound(err) {
		t.Fatalf("err = %v, want 404", err)
	}
}

// deletes is one DELETE of each token id.
func deletes(ids ...int64) []sent {
	out := make([]sent, len(ids))
	for i, id := range ids {
		out[i] = sent{method: "DELETE", path: tokenPath(id)}
	}
	return out
}

// remaining returns which of ids the simulator still holds.
func remaining(f *fixture, ids ...int64) map[int64]bool {
	want := map[int64]bool{}
	for _, id := range ids {
		want[id] = true
	}
	left := map[int64]bool{}
	for _, tok := range f.sim.Tokens() {
		if want[tok.ID] {
			left[tok.ID] = true
		}
	}
	return left
}

func TestRevokeManySendsOneDELETEPerIDAndReportsEachResultWithoutClaimingAFailure(t *testing.T) {
	f := seeded(t)
	tokens := f.sim.Tokens()
	ids := []int64{tokens[0].ID, 987654, tokens[1].ID, 987655, tokens[2].ID}
	var calls int
	results := f.client.OAuthTokens.RevokeMany(context.Background(), ids, api.RevokeOptions{
		Concurrency: 3, Progress: func(done, total int) { calls++ },
	})
	f.checkSentAnyOrder(t, deletes(ids...)...)
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
	for id := range remaining(f, tokens[0].ID, tokens[1].ID, tokens[2].ID) {
		t.Errorf("token %d reported revoked but still in the simulator", id)
	}
}

func TestRevokeManySendsEachDELETEOnceWithAtMostTheConcurrencyInFlight(t *testing.T) {
	f := setup(t, chatsim.Options{Seed: 1, Latency: 5 * time.Millisecond})
	ids := f.mintTokens(40)
	f.sim.ResetMaxInFlight()
	results := f.client.OAuthTokens.RevokeMany(context.Background(), ids, api.RevokeOptions{})
	for _, r := range results {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	f.checkSentAnyOrder(t, deletes(ids...)...)
	if _, max := f.sim.InFlight(); max > api.DefaultRevokeConcurrency || max < 2 {
		t.Fatalf("max in flight = %d, want 2..%d", max, api.DefaultRevokeConcurrency)
	}
}

func TestRevokeManyWithACancelledContextSendsNothing(t *testing.T) {
	f := seeded(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	results := f.client.OAuthTokens.RevokeMany(ctx, []int64{f.sim.Tokens()[0].ID}, api.RevokeOptions{})
	if !errors.Is(results[0].Err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", results[0].Err)
	}
	f.checkSent(t)
	if len(f.sim.Tokens()) == 0 || f.sim.Tokens()[0].ID != results[0].ID {
		t.Error("a cancelled revoke still removed the token")
	}
}
