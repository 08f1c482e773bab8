// Package chatsim is a faithful, in-process simulated Zendesk Chat account:
// the seeds' REST endpoints for OAuth clients and tokens, the OAuth
// authorization page (a real HTML sign-in and consent form), and the token
// endpoint for every grant. It backs chatkeys --demo, chatkeys sim, and
// every test in the repository.
//
// It follows the seeds and, beyond them, RFC 6749: secrets are whole only
// in the replies to create and generate, client_type is settable only by
// update, codes are single-use and last 10 minutes, refresh tokens rotate,
// client credentials need a confidential client, and scopes are checked per
// endpoint. Faults (latency, 429s, HTML 500s) can be injected.
package chatsim

import (
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"chatkeys/api"
)

// SecretPaths says which generate-secret paths are served; the seed
// documents both and nothing settles which is real.
type SecretPaths int

const (
	// BothPaths serves /oauth/clients/{id}/client_secret and the bare path.
	BothPaths SecretPaths = iota
	// BareOnly serves only POST /oauth/clients/{id}.
	BareOnly
	// SuffixOnly serves only POST /oauth/clients/{id}/client_secret.
	SuffixOnly
)

// Options configure a simulator.
type Options struct {
	// Seed makes the clients, agents, tokens and every generated value
	// deterministic.
	Seed int64
	// Now is the clock; nil means time.Now. Seeded dates are relative to
	// Now() when New runs.
	Now func() time.Time
	// Latency is added to every request.
	Latency time.Duration
	// RateLimit is how many REST requests a minute are allowed before 429;
	// 0 means no limit.
	RateLimit int
	// SecretPaths picks the generate-secret paths served.
	SecretPaths SecretPaths
	// DemoRedirectURI is the seeded demo client's redirect URI; "" means
	// http://localhost:8080, what the tutorial registers.
	DemoRedirectURI string
	// OmitExpiresIn leaves expires_in out of token replies, as Zendesk's
	// documented replies do.
	OmitExpiresIn bool
	// Password replaces the seeded agents' password ("demo"), for tests
	// that search outputs for it.
	Password string
	// Logf, if set, receives one line per request: method, path, status.
	// It never receives a token or a secret.
	Logf func(format string, args ...any)
}

// Token and code lifetimes. The seed's example token expires 10 hours
// after it was created.
const (
	tokenLifetime = 10 * time.Hour
	codeLifetime  = 10 * time.Minute
)

// Sim is the simulated account. It is an http.Handler and safe for
// concurrent use.
type Sim struct {
	opts Options
	now  func() time.Time
	mux  *http.ServeMux

	mu           sync.Mutex
	rng          *rand.Rand
	agents       []Agent
	clients      []*api.OAuthClient // by id
	tokens       []*api.OAuthToken  // by id
	codes        map[string]*authCode
	sessions     map[string]*session
	nextClientID int64
	nextTokenID  int64
	demoClientID int64

	faults faults
}

// Agent is a seeded agent of the account.
type Agent struct {
	ID       int64
	Name     string
	Email    string
	Password string
	Admin    bool
}

// authCode is an issued authorization code.
type authCode struct {
	clientIdent string
	redirectURI string // as given at authorize; "" when omitted
	scopes      string
	agentID     int64
	expires     time.Time
	used        bool
	tokenIDs    []int64 // tokens minted from it, revoked if it is replayed
}

// session is a browser's sign-in on the authorization page.
type session struct {
	agentID int64 // 0 until signed in
	csrf    string
}

// New returns a seeded simulator.
func New(opts Options) *Sim {
	s := &Sim{
		opts:     opts,
		now:      opts.Now,
		codes:    map[string]*authCode{},
		sessions: map[string]*session{},
		rng:      rand.New(rand.NewPCG(uint64(opts.Seed), 0x636861746b657973)),
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.faults.latency = opts.Latency
	s.faults.rateLimit = opts.RateLimit
	s.seed()
	s.mux = s.routes()
	return s
}

// ServeHTTP applies the injected faults, then routes.
func (s *Sim) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.faults.serve(w, r, s.mux, s.opts.Logf)
}

// SetLatency changes the delay added to every request.
func (s *Sim) SetLatency(d time.Duration) { s.faults.setLatency(d) }

// SetRateLimit changes the REST requests allowed per minute; 0 is no limit.
func (s *Sim) SetRateLimit(perMinute int) { s.faults.setRateLimit(perMinute) }

// InjectHTMLErrors makes the next n requests, on any endpoint, fail with
// an nginx-style HTML 500 page.
func (s *Sim) InjectHTMLErrors(n int) { s.faults.injectHTML(n) }

// InFlight reports the REST requests being served now, and the most seen
// at once since the last ResetMaxInFlight.
func (s *Sim) InFlight() (now, max int) { return s.faults.inFlight() }

// ResetMaxInFlight restarts the maximum count.
func (s *Sim) ResetMaxInFlight() { s.faults.resetMax() }

// RequestCount counts the requests with this method whose path starts
// with pathPrefix.
func (s *Sim) RequestCount(method, pathPrefix string) int {
	return s.faults.count(method, pathPrefix)
}
