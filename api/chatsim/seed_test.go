package chatsim

import (
	"slices"
	"strings"
	"testing"
	"time"

	"chatkeys/api"
)

// auditSubjects finds, in a seeded account, what the account audit reads.
type auditSubjects struct {
	unused, plainHTTP, relative  []int64 // clients
	orphans, overScoped, forever []int64 // tokens
}

func findAuditSubjects(clients []api.OAuthClient, tokens []api.OAuthToken) auditSubjects {
	var a auditSubjects
	byIdent := map[string]api.OAuthClient{}
	used := map[string]bool{}
	for _, c := range clients {
		byIdent[c.ClientIdentifier] = c
	}
	for _, t := range tokens {
		used[t.ClientIdentifier] = true
		c, ok := byIdent[t.ClientIdentifier]
		if t.ExpireDate == nil {
			a.forever = append(a.forever, t.ID)
		}
		if !ok {
			a.orphans = append(a.orphans, t.ID)
			continue
		}
		if !scopesAllowed(&c, t.ScopeList()) {
			a.overScoped = append(a.overScoped, t.ID)
		}
	}
	for _, c := range clients {
		if !used[c.ClientIdentifier] {
			a.unused = append(a.unused, c.ID)
		}
		for _, u := range c.RedirectURIs {
			switch {
			case strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "http://localhost") && !strings.HasPrefix(u, "http://127.0.0.1"):
				a.plainHTTP = append(a.plainHTTP, c.ID)
			case !strings.Contains(u, "://"):
				a.relative = append(a.relative, c.ID)
			}
		}
	}
	return a
}

func TestTheSeedHoldsASubjectForEveryAuditFinding(t *testing.T) {
	for _, seed := range []int64{0, 1, 2, 3, 42} {
		s := New(Options{Seed: seed, Now: NewClock().Now})
		got := findAuditSubjects(s.Clients(), s.Tokens())
		wiki := s.Clients()[len(seedClients)]
		want := auditSubjects{
			unused: []int64{wiki.ID}, plainHTTP: []int64{wiki.ID}, relative: []int64{wiki.ID},
			orphans:    []int64{firstSeedTokenID + seedTokenCount},
			overScoped: []int64{firstSeedTokenID + seedTokenCount + 1},
			forever:    []int64{firstSeedTokenID + seedTokenCount + 2},
		}
		if !slices.Equal(got.unused, want.unused) || !slices.Equal(got.plainHTTP, want.plainHTTP) ||
			!slices.Equal(got.relative, want.relative) || !slices.Equal(got.orphans, want.orphans) ||
			!slices.Equal(got.overScoped, want.overScoped) || !slices.Equal(got.forever, want.forever) {
			t.Errorf("seed %d: subjects %+v, want %+v", seed, got, want)
		}
		if wiki.Name != "Intranet wiki" || wiki.ID != int64(len(seedClients)+1) {
			t.Errorf("seed %d: the audit's client is %d %q", seed, wiki.ID, wiki.Name)
		}
	}
}

func TestTheAuditSubjectsLeaveTheUsualValuesAsTheyWere(t *testing.T) {
	// The first seeded tokens of seed 1, as the README's screen shows them,
	// and the values drawn after New: the audit's subjects come from a
	// generator of their own.
	s := New(Options{Seed: 1, Now: NewClock().Now})
	tokens := s.Tokens()
	if !strings.HasPrefix(tokens[0].AccessToken, "0HzKmd") || !strings.HasPrefix(tokens[1].AccessToken, "7V2ZFU") {
		t.Errorf("the usual tokens changed: %.6s %.6s", tokens[0].AccessToken, tokens[1].AccessToken)
	}
	again := New(Options{Seed: 1, Now: NewClock().Now})
	if !slices.EqualFunc(s.Clients(), again.Clients(), func(a, b api.OAuthClient) bool { return a.ClientIdentifier == b.ClientIdentifier }) ||
		!slices.EqualFunc(tokens, again.Tokens(), func(a, b api.OAuthToken) bool { return a.AccessToken == b.AccessToken }) {
		t.Error("one seed gave two accounts")
	}
	other := New(Options{Seed: 2, Now: NewClock().Now}).Tokens()
	if other[len(other)-1].AccessToken == tokens[len(tokens)-1].AccessToken {
		t.Error("two seeds gave the audit's tokens the same values")
	}
}

func TestALargeAccountGivesTheAuditsSubjectsNoTokens(t *testing.T) {
	s := New(Options{Seed: 1, Tokens: 2000, Now: NewClock().Now})
	got := findAuditSubjects(s.Clients(), s.Tokens())
	wiki := int64(len(seedClients) + 1)
	if !slices.Contains(got.unused, wiki) || len(got.orphans) != 1 || len(got.overScoped) != 1 || len(got.forever) != 1 {
		t.Errorf("subjects in a large account: unused %v, orphans %v, over-scoped %v, without expiry %v",
			got.unused, got.orphans, got.overScoped, got.forever)
	}
	if n := len(s.Clients()); n != len(seedClients)+1+LargeAccountClients {
		t.Errorf("%d clients", n)
	}
}

func TestLeakedTokenToTry(t *testing.T) {
	for _, seed := range []int64{0, 1, 2, 3, 42} {
		f := newFixture(t, Options{Seed: seed})
		leaked := f.sim.LeakedTokenToTry()
		if leaked == "" || leaked == f.admin || leaked != f.sim.LeakedTokenToTry() {
			t.Fatalf("seed %d: leaked token %.6s…, admin's %.6s…", seed, leaked, f.admin)
		}
		i := slices.IndexFunc(f.sim.Tokens(), func(tok api.OAuthToken) bool { return tok.AccessToken == leaked })
		if i < 0 {
			t.Fatalf("seed %d: the leaked token is not the account's", seed)
		}
		tok := f.sim.Tokens()[i]
		if tok.ID >= firstSeedTokenID+seedTokenCount || tok.AgentID == f.sim.Admin().ID ||
			tok.ClientIdentifier == f.sim.DemoClient().ClientIdentifier || tok.RefreshToken == "" ||
			!tok.ExpireDate.After(f.clock.Now().Add(24*time.Hour)) {
			t.Errorf("seed %d: the leaked token is %d, of agent %d", seed, tok.ID, tok.AgentID)
		}
		// It works, as a leaked token would.
		if r := f.call(t, "GET", "/api/v2/chat/oauth/clients", leaked, ""); r.status == 401 {
			t.Errorf("seed %d: the leaked token is refused", seed)
		}
		if r := f.call(t, "DELETE", "/api/v2/chat/oauth/tokens/"+itoa(tok.ID), f.admin, ""); r.status != 204 {
			t.Fatalf("revoke: %d", r.status)
		}
		if next := f.sim.LeakedTokenToTry(); next == leaked {
			t.Errorf("seed %d: a revoked token is still the one to try", seed)
		}
	}
}
