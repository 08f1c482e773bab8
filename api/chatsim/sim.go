// Package chatsim is a faithful, in-process simulated Zendesk Chat account:
// the Chat REST endpoints for OAuth clients and tokens, the OAuth
// authorization page (a real HTML sign-in and consent form), and the token
// endpoint for every grant. It backs chatkeys --demo, chatkeys sim, and
// every test in the repository.
//
// It follows Zendesk Chat and, beyond it, RFC 6749: secrets are whole only
// in the replies to create and generate, client_type is settable only by
// update, codes are single-use and last 10 minutes, refresh tokens rotate,
// the password and client-credentials grants need a confidential client,
// and scopes are checked per endpoint (read for GET, write for the rest).
// Faults a real account shows — latency, 429s with Retry-After, nginx HTML
// 500s — can be injected, and requests in flight are counted, so a test can
// prove how a client behaves under them.
//
// Every value it hands out (ids, identifiers, secrets, tokens, codes)
// comes from a generator seeded by Options.Seed: they are demo values for
// loopback use, predictable by design, never real credentials.
//
// It imports api for its types only. Nothing outside tests, --demo and
// chatkeys sim imports it.
package chatsim

import (
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"time"

	"chatkeys/api"
)

// Sim is the simulated account. It is an http.Handler and safe for
// concurrent use.
type Sim struct {
	opts    Options
	now     func() time.Time
	handler http.Handler
	faults  *faults

	// agents is fixed at New and read without the lock.
	agents []Agent

	mu           sync.Mutex
	rng          *rand.Rand
	clients      []*api.OAuthClient // ordered by id
	tokens       []*api.OAuthToken  // ordered by id
	byAccess     map[string]*api.OAuthToken
	byRefresh    map[string]*api.OAuthToken
	codes        map[string]*authCode
	sessions     map[string]*session
	nextClientID int64
	nextTokenID  int64
	demoClientID int64
}

// Agent is a seeded agent of the account. Every agent can sign in on the
// authorization page and use the password grant; only administrators may
// use the client and token endpoints.
type Agent struct {
	ID       int64
	Name     string
	Email    string
	Password string
	Admin    bool
}

// rngStream is the PCG stream constant; any fixed value keeps the account
// of a given Options.Seed the same from run to run.
const rngStream = 0x636861746b657973 // "chatkeys"

// New returns a simulator seeded from opts.Seed, with dates relative to
// opts.Now() at this moment.
func New(opts Options) *Sim {
	s := &Sim{
		opts:      opts,
		now:       opts.Now,
		rng:       rand.New(rand.NewPCG(uint64(opts.Seed), rngStream)),
		byAccess:  map[string]*api.OAuthToken{},
		byRefresh: map[string]*api.OAuthToken{},
		codes:     map[string]*authCode{},
		sessions:  map[string]*session{},
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.faults = newFaults(s.now, opts.Latency, opts.RateLimit, opts.RateWindow, opts.Logf)
	s.seed()
	s.handler = s.faults.wrap(s.routes())
	return s
}

// ServeHTTP applies the injected faults, then routes.
func (s *Sim) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

// SetLatency changes the delay added to every request.
func (s *Sim) SetLatency(d time.Duration) { s.faults.setLatency(d) }

// SetRateLimit changes the REST requests allowed per window; 0 is no
// limit. The window starts afresh.
func (s *Sim) SetRateLimit(limit int) { s.faults.limiter.setLimit(limit) }

// InjectHTMLErrors makes the next n requests, on any endpoint, fail with
// the nginx HTML 500 page a reader of the tutorial got back.
func (s *Sim) InjectHTMLErrors(n int) { s.faults.injectHTML(n) }

// InFlight reports the REST requests being served now, and the most seen
// at once since the last ResetMaxInFlight (or New).
func (s *Sim) InFlight() (now, max int) { return s.faults.inFlight() }

// ResetMaxInFlight restarts the maximum from the requests in flight now.
func (s *Sim) ResetMaxInFlight() { s.faults.resetMax() }

// RequestCount counts the requests received with this method whose path
// starts with pathPrefix, whatever they were answered.
func (s *Sim) RequestCount(method, pathPrefix string) int {
	return s.faults.count(method, pathPrefix)
}

// timestamp is the clock's now as the API shows dates: UTC, whole seconds.
func (s *Sim) timestamp() time.Time { return s.now().UTC().Truncate(time.Second) }

// Admin returns the seeded administrator the demo logs in as.
func (s *Sim) Admin() Agent { return s.agents[0] }

// Agents returns every seeded agent, administrators included.
func (s *Sim) Agents() []Agent { return slices.Clone(s.agents) }

// DemoClient returns the seeded confidential demo client with its whole
// current secret, or the zero client if it was deleted.
func (s *Sim) DemoClient() api.OAuthClient {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.clientByID(s.demoClientID); c != nil {
		return cloneClient(c)
	}
	return api.OAuthClient{}
}

// SetDemoRedirectURI registers uri as the demo client's only redirect URI.
// The demo's login listener picks a free port after the simulator starts,
// so the URI cannot be known at New.
func (s *Sim) SetDemoRedirectURI(uri string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.clientByID(s.demoClientID); c != nil {
		c.RedirectURIs = api.RedirectURIs{uri}
	}
}

// MintToken records a token with a refresh token for an agent, as if a
// login had happened, and returns it with its whole values. A ttl of zero
// or less gives a token that has already expired, created a token
// lifetime before its expiry.
func (s *Sim) MintToken(agentID int64, clientIdentifier, scopes string, ttl time.Duration) api.OAuthToken {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.timestamp()
	expires := now.Add(ttl)
	created := now
	if ttl <= 0 {
		created = expires.Add(-tokenLifetime)
	}
	t := s.addToken(tokenRecord{agentID: agentID, clientIdent: clientIdentifier, scopes: scopes,
		created: created, expires: expires, refresh: true})
	return *t
}

// Clients returns the account's clients by id, whole secrets included.
func (s *Sim) Clients() []api.OAuthClient {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]api.OAuthClient, len(s.clients))
	for i, c := range s.clients {
		out[i] = cloneClient(c)
	}
	return out
}

// CountTokens returns how many of ids are still tokens of the account.
func (s *Sim) CountTokens(ids []int64) int {
	want := make(map[int64]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, t := range s.tokens {
		if want[t.ID] {
			n++
		}
	}
	return n
}

// Tokens returns the account's live and expired tokens by id; revoked and
// rotated ones are gone, as from the API's list.
func (s *Sim) Tokens() []api.OAuthToken {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]api.OAuthToken, len(s.tokens))
	for i, t := range s.tokens {
		out[i] = *t
	}
	return out
}
