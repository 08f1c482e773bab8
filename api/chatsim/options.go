package chatsim

import "time"

// SecretPaths says which generate-secret paths are served. Generating a
// secret may be POST /oauth/clients/{id} or
// POST /oauth/clients/{id}/client_secret, and which one a real account
// serves is unknown, so a client must cope with either: these modes let a
// test prove it.
type SecretPaths int

const (
	// BothPaths serves /oauth/clients/{id}/client_secret and the bare path.
	BothPaths SecretPaths = iota
	// BareOnly serves only POST /oauth/clients/{id}; the suffix path is 404.
	BareOnly
	// SuffixOnly serves only POST /oauth/clients/{id}/client_secret; a POST
	// to the bare path is 405.
	SuffixOnly
)

// String names the mode, for test names and logs.
func (p SecretPaths) String() string {
	switch p {
	case BothPaths:
		return "BothPaths"
	case BareOnly:
		return "BareOnly"
	case SuffixOnly:
		return "SuffixOnly"
	}
	return "SecretPaths(?)"
}

// Options configure a simulator. The zero value is a useful, unlimited,
// seed-0 account on the real clock.
type Options struct {
	// Seed makes the clients, agents, tokens and every value the simulator
	// generates (ids, identifiers, secrets, token strings, codes)
	// deterministic for a given sequence of requests.
	Seed int64
	// Now is the clock; nil means time.Now. Seeded dates are relative to
	// Now() when New runs, and code expiry, token expiry and the rate-limit
	// window all follow it, so a test can advance a fake clock instead of
	// sleeping.
	Now func() time.Time
	// Latency is added to every request, REST and OAuth alike.
	Latency time.Duration
	// RateLimit is how many REST requests the account allows in any
	// window of RateWindow before answering 429; 0 means no limit.
	RateLimit int
	// RateWindow is the span RateLimit counts over; 0 means a minute, the
	// unit Zendesk states its limits in. A short window lets a benchmark
	// meet the limit in seconds.
	RateWindow time.Duration
	// SecretPaths picks the generate-secret paths served.
	SecretPaths SecretPaths
	// DemoRedirectURI is the seeded demo client's redirect URI; "" means
	// http://localhost:8080, what the tutorial registers.
	DemoRedirectURI string
	// OmitExpiresIn leaves expires_in out of token replies and implicit
	// redirects, as Zendesk's documented replies do.
	OmitExpiresIn bool
	// Password replaces the seeded agents' password ("demo"), for tests
	// that search every output for it.
	Password string
	// Tokens seeds that many tokens more, from the same generator after
	// the usual account, with LargeAccountClients clients and
	// LargeAccountAgents agents more for them to belong to: a large
	// account, for benchmarks and chatkeys --demo --tokens N. 0 keeps the
	// usual account of a few clients and 60 tokens.
	Tokens int
	// PageSize, when above 0, makes the client and token lists paginate
	// as the docs do not describe but a proxy or a later API might: an
	// object {"clients"|"tokens": [...], "next_page": URL or null,
	// "count": N}, PageSize items a page, the page in ?page=N.
	PageSize int
	// Logf, if set, receives one line per request: method, path and
	// status. Paths carry no credentials and queries and bodies are never
	// logged, so it never receives a token, code or secret.
	Logf func(format string, args ...any)
}

// Lifetimes. A Zendesk Chat token expires 10 hours after it is created;
// a code is valid only for a short time, and RFC 6749 §4.1.2 recommends
// at most 10 minutes.
const (
	tokenLifetime = 10 * time.Hour
	codeLifetime  = 10 * time.Minute
	// sessionLifetime bounds a browser's sign-in on the authorize page.
	sessionLifetime = 12 * time.Hour
)

// defaultPassword is the seeded agents' password, printed on the sign-in
// page so that a newcomer to --demo can sign in.
const defaultPassword = "demo"

// defaultDemoRedirectURI is what the tutorial registers.
const defaultDemoRedirectURI = "http://localhost:8080"
