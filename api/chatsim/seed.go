package chatsim

import (
	"time"

	"chatkeys/api"
)

// seedAgents are the account's agents; the first is the administrator the
// demo logs in as. Their password is shown on the sign-in page.
var seedAgents = []Agent{
	{ID: 100000200, Name: "Ada Admin", Email: "admin@example.com", Password: "demo", Admin: true},
	{ID: 100000201, Name: "Ben Okafor", Email: "ben@example.com", Password: "demo"},
	{ID: 100000202, Name: "Chloe Martin", Email: "chloe@example.com", Password: "demo"},
	{ID: 100000203, Name: "Dev Patel", Email: "dev@example.com", Password: "demo"},
	{ID: 100000204, Name: "Eve Larsen", Email: "eve@example.com", Password: "demo", Admin: true},
}

// seedClient describes one seeded client.
type seedClient struct {
	name, company, typ, scopes string
	redirects                  []string
	ageDays                    int
	updated                    bool
}

var seedClients = []seedClient{
	{"chatkeys demo", "Example Co", api.ClientTypeConfidential, "read write", nil, 120, true},
	{"Reporting dashboard", "Acme Analytics", api.ClientTypePublic, "read", []string{"https://reports.example.com/oauth/callback"}, 400, false},
	{"Support bot", "Acme", api.ClientTypeConfidential, "read write", []string{"https://bot.example.com/cb", "http://localhost:3000/callback"}, 60, true},
	{"Zapier integration", "Zapier", api.ClientTypePublic, "read write", []string{"https://zapier.com/dashboard/auth/oauth/return/App123CLIAPI/"}, 900, true},
	{"Legacy widget", "Example Co", api.ClientTypeConfidential, "read", []string{"https://widget.example.com/oauth"}, 1500, false},
}

// seedTokenCount is how many tokens the account starts with.
const seedTokenCount = 60

// seed fills the account deterministically from the seed, with dates
// relative to now: clients, agents, and tokens from several clients and
// agents, some expired and some close to expiry.
func (s *Sim) seed() {
	now := s.now().UTC().Truncate(time.Second)
	s.agents = append([]Agent(nil), seedAgents...)
	if s.opts.Password != "" {
		for i := range s.agents {
			s.agents[i].Password = s.opts.Password
		}
	}
	demoRedirect := s.opts.DemoRedirectURI
	if demoRedirect == "" {
		demoRedirect = "http://localhost:8080"
	}
	for i, sc := range seedClients {
		redirects := sc.redirects
		if i == 0 {
			redirects = []string{demoRedirect}
		}
		created := now.Add(-time.Duration(sc.ageDays) * 24 * time.Hour)
		c := &api.OAuthClient{
			ID: int64(i + 1), AgentID: s.agents[0].ID, ClientIdentifier: s.randomString(identifierLen),
			ClientSecret: s.randomString(secretLen), ClientType: sc.typ, Company: sc.company, Name: sc.name,
			RedirectURIs: api.RedirectURIs(redirects), Scopes: sc.scopes, CreateDate: &created,
		}
		if sc.updated {
			updated := created.Add(time.Duration(sc.ageDays/2) * 24 * time.Hour)
			c.UpdateDate = &updated
		}
		s.clients = append(s.clients, c)
	}
	s.demoClientID = 1
	s.nextClientID = int64(len(s.clients) + 1)
	s.nextTokenID = 1001
	for range seedTokenCount {
		s.seedToken(now)
	}
}

// seedToken adds one token: about a fifth expired, a sixth expiring within
// a day, the rest live for longer.
func (s *Sim) seedToken(now time.Time) {
	c := s.clients[s.rng.IntN(len(s.clients))]
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
	default:
		created = now.Add(-time.Duration(s.rng.IntN(72)) * time.Hour)
		expires = created.Add(time.Duration(7+s.rng.IntN(60)) * 24 * time.Hour)
	}
	refresh := ""
	if s.rng.IntN(2) == 0 {
		refresh = s.randomString(tokenLen)
	}
	s.addToken(agent.ID, c.ClientIdentifier, scopes, created, expires, refresh)
}

// addToken records a token. Callers hold mu (or are seeding).
func (s *Sim) addToken(agentID int64, clientIdent, scopes string, created, expires time.Time, refresh string) *api.OAuthToken {
	t := &api.OAuthToken{
		ID: s.nextTokenID, AccessToken: s.randomString(tokenLen), AgentID: agentID, ClientIdentifier: clientIdent,
		CreateDate: &created, ExpireDate: &expires, RefreshToken: refresh, Scopes: scopes, TokenType: "Bearer",
	}
	s.nextTokenID++
	s.tokens = append(s.tokens, t)
	return t
}
