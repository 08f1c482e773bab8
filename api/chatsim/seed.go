package chatsim

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"chatkeys/api"
)

// seedAgents are the account's agents; the first is the administrator the
// demo logs in as, and one other is an administrator too, so that "admin
// only" is a rule about a role and not about one person.
var seedAgents = []Agent{
	{ID: 100000200, Name: "Ada Admin", Email: "admin@example.com", Admin: true},
	{ID: 100000201, Name: "Ben Okafor", Email: "ben@example.com"},
	{ID: 100000202, Name: "Chloe Martin", Email: "chloe@example.com"},
	{ID: 100000203, Name: "Dev Patel", Email: "dev@example.com"},
	{ID: 100000204, Name: "Eve Larsen", Email: "eve@example.com", Admin: true},
}

// seedClient describes one seeded client.
type seedClient struct {
	name, company, typ, scopes string
	redirects                  []string // nil for the demo client: Options.DemoRedirectURI
	ageDays                    int
	updated                    bool
}

// seedClients covers what the screens must show: the confidential demo
// client, public ones, a read-only one, and one with several redirect URIs.
var seedClients = []seedClient{
	{"chatkeys demo", "Example Co", api.ClientTypeConfidential, "read write", nil, 120, true},
	{"Reporting dashboard", "Acme Analytics", api.ClientTypePublic, "read", []string{"https://reports.example.com/oauth/callback"}, 400, false},
	{"Support bot", "Acme", api.ClientTypeConfidential, "read write", []string{"https://bot.example.com/cb", "http://localhost:3000/callback"}, 60, true},
	{"Zapier integration", "Zapier", api.ClientTypePublic, "read write", []string{"https://zapier.com/dashboard/auth/oauth/return/App123CLIAPI/"}, 900, true},
	{"Legacy widget", "Example Co", api.ClientTypeConfidential, "read", []string{"https://widget.example.com/oauth"}, 1500, false},
}

// Seeded ids, in ranges like a real account's: clients from 1, tokens
// from 1001.
const (
	demoClientID     = 1
	firstSeedTokenID = 1001
	seedTokenCount   = 60
)

// seed fills the account deterministically from Options.Seed, with dates
// relative to now. The order of the generator's draws is part of the
// contract: the same seed must give the same account release after
// release, because golden files and the README show it.
func (s *Sim) seed() {
	now := s.timestamp()
	password := s.opts.Password
	if password == "" {
		password = defaultPassword
	}
	s.agents = make([]Agent, len(seedAgents))
	for i, a := range seedAgents {
		a.Password = password
		s.agents[i] = a
	}
	demoRedirect := s.opts.DemoRedirectURI
	if demoRedirect == "" {
		demoRedirect = defaultDemoRedirectURI
	}
	s.nextClientID, s.nextTokenID = demoClientID, firstSeedTokenID
	for _, sc := range seedClients {
		redirects := sc.redirects
		if redirects == nil {
			redirects = []string{demoRedirect}
		}
		created := now.AddDate(0, 0, -sc.ageDays)
		c := &api.OAuthClient{
			AgentID: s.Admin().ID, ClientIdentifier: s.randomString(identifierLen),
			ClientSecret: s.randomString(secretLen), ClientType: sc.typ, Company: sc.company, Name: sc.name,
			RedirectURIs: api.RedirectURIs(redirects), Scopes: sc.scopes, CreateDate: &created,
		}
		if sc.updated {
			updated := created.AddDate(0, 0, sc.ageDays/2)
			c.UpdateDate = &updated
		}
		s.addClient(c)
	}
	s.demoClientID = demoClientID
	usual := slices.Clone(s.clients)
	for range seedTokenCount {
		s.seedToken(now, usual)
	}
	s.seedAuditSubjects(now)
	if s.opts.Tokens > 0 {
		s.seedLarge(now, s.opts.Tokens, usual)
	}
}

// auditStream is the PCG stream of the generator behind the audit's
// subjects. A generator of their own leaves every value the main one
// draws (the usual tokens, the large account, every later secret, token
// and code) what it was before they were added.
const auditStream = 0x6175646974 // "audit"

// seedAuditSubjects adds, after the usual tokens, what gives every
// account-audit finding a subject that the usual account lacks: a client
// no token belongs to, whose redirect URIs are plain http off loopback
// and relative (the API refuses both on create; an account made before
// that rule can still hold them); a token whose client was deleted; a
// token with a scope its client does not allow; and a token without an
// expiry. The usual account already has expired, soon-expiring and
// confidential subjects.
func (s *Sim) seedAuditSubjects(now time.Time) {
	usualRNG := s.rng
	s.rng = rand.New(rand.NewPCG(uint64(s.opts.Seed), auditStream))
	defer func() { s.rng = usualRNG }()
	clientByName := func(name string) *api.OAuthClient {
		i := slices.IndexFunc(s.clients, func(c *api.OAuthClient) bool { return c.Name == name })
		return s.clients[i]
	}
	reporting, zapier := clientByName("Reporting dashboard"), clientByName("Zapier integration")
	created := now.AddDate(0, 0, -700)
	s.addClient(&api.OAuthClient{
		AgentID: s.Admin().ID, ClientIdentifier: s.randomString(identifierLen),
		ClientSecret: s.randomString(secretLen), ClientType: api.ClientTypePublic, Company: "Example Co", Name: "Intranet wiki",
		RedirectURIs: api.RedirectURIs{"http://wiki.example.com/oauth/callback", "oauth/callback"}, Scopes: "read", CreateDate: &created,
	})
	deletedClient := s.randomString(identifierLen)
	s.addToken(tokenRecord{agentID: seedAgents[1].ID, clientIdent: deletedClient, scopes: "read write",
		created: now.AddDate(0, 0, -30), expires: now.AddDate(0, 0, 20), refresh: true})
	s.addToken(tokenRecord{agentID: seedAgents[2].ID, clientIdent: reporting.ClientIdentifier, scopes: "read write",
		created: now.AddDate(0, 0, -3), expires: now.AddDate(0, 0, 27)})
	forever := s.addToken(tokenRecord{agentID: seedAgents[3].ID, clientIdent: zapier.ClientIdentifier, scopes: "read write",
		created: now.AddDate(0, 0, -400), refresh: true})
	forever.ExpireDate = nil
}

// LeakedTokenToTry returns the access token of one of the usual seeded
// tokens, so that the leaked-token lookup can be tried at once: the first
// that belongs to an agent other than the demo administrator and to a
// client other than the demo client, has a refresh token, and stays live
// for more than a day; failing that, the first of another agent; "" when
// none is left. It is a simulated value, printed by chatkeys sim on
// purpose.
func (s *Sim) LeakedTokenToTry() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	soon := s.now().Add(24 * time.Hour)
	fallback := ""
	for _, t := range s.tokens {
		if t.ID >= firstSeedTokenID+seedTokenCount {
			break
		}
		if t.AgentID == s.Admin().ID {
			continue
		}
		if fallback == "" {
			fallback = t.AccessToken
		}
		c := s.clientByIdent(t.ClientIdentifier)
		if c != nil && c.ID != s.demoClientID && t.RefreshToken != "" && t.ExpireDate != nil && t.ExpireDate.After(soon) {
			return t.AccessToken
		}
	}
	return fallback
}

// The size of a large account beyond its tokens.
const (
	LargeAccountClients = 300
	LargeAccountAgents  = 400
)

// seedLarge makes the account large: more clients and agents, then n
// more tokens among the usual clients and the new ones. It draws from the
// generator only after the usual account is seeded, so that account stays
// the same; the audit's subjects get none of its tokens, so they stay
// what they are.
func (s *Sim) seedLarge(now time.Time, n int, usual []*api.OAuthClient) {
	password := s.agents[0].Password
	for i := range LargeAccountAgents {
		id := int64(100001000 + i)
		s.agents = append(s.agents, Agent{ID: id, Name: fmt.Sprintf("Agent %d", i+1),
			Email: fmt.Sprintf("agent%d@example.com", i+1), Password: password, Admin: i%50 == 0})
	}
	pool := slices.Clip(usual)
	for i := range LargeAccountClients {
		sc := seedClients[1+i%(len(seedClients)-1)]
		created := now.AddDate(0, 0, -(1 + s.rng.IntN(1500)))
		s.addClient(&api.OAuthClient{
			AgentID: s.Admin().ID, ClientIdentifier: s.randomString(identifierLen),
			ClientSecret: s.randomString(secretLen), ClientType: sc.typ, Company: sc.company,
			Name: fmt.Sprintf("%s %d", sc.name, i+1), RedirectURIs: api.RedirectURIs(sc.redirects),
			Scopes: sc.scopes, CreateDate: &created,
		})
		pool = append(pool, s.clients[len(s.clients)-1])
	}
	s.tokens = slices.Grow(s.tokens, n)
	for range n {
		s.seedToken(now, pool)
	}
}

// seedToken adds one token of a random client of pool and a random agent:
// about a fifth expired (up to ten days ago), a sixth expiring within a
// day, the rest live for weeks. A quarter add the chat scope, half have a
// refresh token.
func (s *Sim) seedToken(now time.Time, pool []*api.OAuthClient) {
	c := pool[s.rng.IntN(len(pool))]
	agent := s.agents[s.rng.IntN(len(s.agents))]
	scopes := c.Scopes
	if s.rng.IntN(4) == 0 {
		scopes += " chat"
	}
	var created, expires time.Time
	switch r := s.rng.IntN(100); {
	case r < 20:
		expires = now.Add(-time.Duration(1+s.rng.IntN(240)) * time.Hour)
		created = expires.Add(-tokenLifetime)
	case r < 37:
		expires = now.Add(time.Duration(10+s.rng.IntN(23*60)) * time.Minute)
		created = expires.Add(-tokenLifetime)
		if created.After(now) { // a longer-lived token, never one from the future
			created = expires.Add(-3 * tokenLifetime)
		}
	default:
		created = now.Add(-time.Duration(s.rng.IntN(72)) * time.Hour)
		expires = created.Add(time.Duration(7+s.rng.IntN(60)) * 24 * time.Hour)
	}
	s.addToken(tokenRecord{agentID: agent.ID, clientIdent: c.ClientIdentifier, scopes: scopes,
		created: created, expires: expires, refresh: s.rng.IntN(2) == 0})
}
