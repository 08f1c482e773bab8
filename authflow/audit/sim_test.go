package audit_test

import (
	"context"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"chatkeys/api"
	"chatkeys/api/chatsim"
	"chatkeys/api/clocktest"
	"chatkeys/authflow"
	"chatkeys/authflow/audit"
	"chatkeys/authflow/store"
)

// account is chatsim's seeded account over real HTTP, read with the API
// client as the front ends read it, and logged in as chatkeys would be
// after `chatkeys login --grant client-credentials` with no keyring.
type account struct {
	sim     *chatsim.Sim
	clock   *clocktest.Clock
	api     *api.Client
	own     *oauth2.Token
	clients []api.OAuthClient
	tokens  []api.OAuthToken
}

func newAccount(t *testing.T, seed int64) *account {
	t.Helper()
	clock := clocktest.New(time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC))
	sim := chatsim.New(chatsim.Options{Seed: seed, Now: clock.Now})
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	demo := sim.DemoClient()
	cfg := authflow.Config{TokenURL: srv.URL + "/oauth2/chat/token", ClientID: demo.ClientIdentifier,
		ClientSecret: demo.ClientSecret, Scopes: []string{"read", "write"}}
	own, err := cfg.ClientCredentials(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	c, err := api.NewClient(srv.URL+"/api/v2/chat", oauth2.StaticTokenSource(own))
	if err != nil {
		t.Fatal(err)
	}
	a := &account{sim: sim, clock: clock, api: c, own: own}
	a.reload(t)
	return a
}

func (a *account) reload(t *testing.T) {
	t.Helper()
	var err error
	if a.clients, err = a.api.OAuthClients.List(context.Background()); err != nil {
		t.Fatal(err)
	}
	if a.tokens, err = a.api.OAuthTokens.List(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestTheSeededAccountHasAFindingOfEveryKind(t *testing.T) {
	for _, seed := range []int64{1, 2, 3} {
		a := newAccount(t, seed)
		// The login's own expiry is on the real clock, the simulator's on
		// its fake one: leave it unknown, so the listed token's is used.
		own := &audit.OwnLogin{AccessToken: a.own.AccessToken, Refreshable: a.own.RefreshToken != "",
			Location: store.Location{Kind: store.KindFile, Path: "/home/admin/.config/chatkeys/credentials.json"}}
		findings := audit.Audit(audit.Input{Clients: a.clients, Tokens: a.tokens, Now: a.clock.Now(), Own: own})
		count := map[audit.Kind]int{}
		for _, f := range findings {
			count[f.Kind]++
		}
		for _, k := range audit.Kinds {
			if count[k] == 0 {
				t.Errorf("seed %d: no %s finding (%v)", seed, k, count)
			}
		}
		// The own login is the client-credentials token just minted: its
		// subject is that listed token.
		for _, f := range findings {
			if f.Subject.Type == audit.SubjectLogin && (f.Subject.ID == 0 || f.Subject.ClientIdentifier != a.sim.DemoClient().ClientIdentifier) {
				t.Errorf("seed %d: login subject %+v", seed, f.Subject)
			}
		}
		// Without the login, the simulated account alone still has every other kind.
		alone := audit.Audit(audit.Input{Clients: a.clients, Tokens: a.tokens, Now: a.clock.Now()})
		kinds := map[audit.Kind]bool{}
		for _, f := range alone {
			kinds[f.Kind] = true
		}
		if len(kinds) != len(audit.Kinds)-2 || kinds[audit.KindLoginExpiring] || kinds[audit.KindLoginPlainText] {
			t.Errorf("seed %d: the account alone gives %v", seed, kinds)
		}
	}
}

func TestTheFixSetsRevokeExactlyWhatTheyName(t *testing.T) {
	a := newAccount(t, 1)
	findings := audit.Audit(audit.Input{Clients: a.clients, Tokens: a.tokens, Now: a.clock.Now()})
	orphans := audit.FixSet(findings, audit.FixRevokeOrphans)
	expired := audit.FixSet(findings, audit.FixRevokeExpired)
	if len(orphans) != 1 || len(expired) == 0 {
		t.Fatalf("orphans %v, expired %v", orphans, expired)
	}
	both := slices.Compact(slices.Sorted(slices.Values(append(slices.Clone(orphans), expired...))))
	for _, id := range both {
		if err := a.api.OAuthTokens.Revoke(context.Background(), id); err != nil {
			t.Fatalf("revoke %d: %v", id, err)
		}
	}
	before := len(a.tokens)
	a.reload(t)
	if len(a.tokens) != before-len(both) {
		t.Errorf("%d tokens left of %d, after revoking %d", len(a.tokens), before, len(both))
	}
	for _, f := range audit.Audit(audit.Input{Clients: a.clients, Tokens: a.tokens, Now: a.clock.Now()}) {
		if f.Kind == audit.KindTokenOrphan || f.Kind == audit.KindTokenExpired {
			t.Errorf("after the fixes: %s of %d", f.Kind, f.Subject.ID)
		}
	}
}

func TestTheLeakedTokenToTryIsFoundExactlyAndByFragment(t *testing.T) {
	a := newAccount(t, 1)
	leaked := a.sim.LeakedTokenToTry()
	r, err := audit.Match(a.tokens, "  "+leaked+"\n")
	if err != nil || r.Kind != audit.Exact || len(r.Candidates) != 1 {
		t.Fatalf("exact: %v %d candidates, %v", r.Kind, len(r.Candidates), err)
	}
	owners := audit.Describe(r, a.clients, a.own.AccessToken, a.clock.Now())
	o := owners[0]
	if !o.ClientFound || o.ClientName == "" || o.Own || o.AgentID == a.sim.Admin().ID || o.ExpireDate == nil || !o.RefreshToken {
		t.Errorf("owner %+v", o)
	}
	r, err = audit.Match(a.tokens, leaked[20:20+audit.MinFragment])
	if err != nil || r.Kind != audit.Fragment || !slices.ContainsFunc(r.Candidates, func(c audit.Candidate) bool { return c.Token.ID == o.ID }) {
		t.Fatalf("fragment: %v %d candidates, %v", r.Kind, len(r.Candidates), err)
	}
	// chatkeys' own login is found as its own.
	r, _ = audit.Match(a.tokens, a.own.AccessToken)
	if owners := audit.Describe(r, a.clients, a.own.AccessToken, a.clock.Now()); len(owners) != 1 || !owners[0].Own {
		t.Errorf("own login: %+v", owners)
	}
	// The orphan's client is unknown.
	orphan := a.tokens[slices.IndexFunc(a.tokens, func(t api.OAuthToken) bool {
		return !slices.ContainsFunc(a.clients, func(c api.OAuthClient) bool { return c.ClientIdentifier == t.ClientIdentifier })
	})]
	r, _ = audit.Match(a.tokens, orphan.AccessToken)
	if owners := audit.Describe(r, a.clients, "", a.clock.Now()); len(owners) != 1 || owners[0].ClientFound || owners[0].ClientLabel() != audit.UnknownClientName {
		t.Errorf("orphan: %+v", owners)
	}
}

func TestMintedBeforeARotationLeavesTheNewTokens(t *testing.T) {
	a := newAccount(t, 1)
	demo := a.sim.DemoClient()
	radius := audit.BlastRadius(demo.ClientIdentifier, a.tokens, a.own.AccessToken)
	if !radius.OwnLogin || radius.Tokens == 0 || radius.Oldest == nil || radius.Newest == nil {
		t.Fatalf("radius %+v", radius)
	}
	a.clock.Advance(time.Minute)
	rotated := a.clock.Now()
	if _, err := a.api.OAuthClients.GenerateSecret(context.Background(), demo.ID); err != nil {
		t.Fatal(err)
	}
	a.clock.Advance(time.Minute)
	fresh := a.sim.MintToken(a.sim.Admin().ID, demo.ClientIdentifier, "read", time.Hour)
	a.reload(t)
	before, undated := audit.MintedBefore(demo.ClientIdentifier, a.tokens, rotated)
	if len(before) != radius.Tokens || len(undated) != 0 || slices.ContainsFunc(before, func(t api.OAuthToken) bool { return t.ID == fresh.ID }) {
		t.Errorf("%d minted before the rotation (of %d), %d undated; the fresh token among them: %v",
			len(before), radius.Tokens, len(undated), slices.ContainsFunc(before, func(t api.OAuthToken) bool { return t.ID == fresh.ID }))
	}
}
