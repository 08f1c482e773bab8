package chatsim

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"chatkeys/api"
	"chatkeys/api/clocktest"
)

// fixture is a simulator over real HTTP, on a clock the test can advance,
// with an admin token.
type fixture struct {
	sim   *Sim
	srv   *httptest.Server
	admin string
	clock *clocktest.Clock // the simulator's, unless opts.Now was set
}

// NewClock returns the clock the harnesses run a simulator on: it reads
// 2026-03-04 05:06:07 UTC until it is advanced. It is declared in a
// _test.go file, so only this package's own tests, inside the package
// and out, can use it.
func NewClock() *clocktest.Clock {
	return clocktest.New(time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC))
}

func newFixture(t *testing.T, opts Options) *fixture {
	t.Helper()
	f := &fixture{clock: NewClock()}
	if opts.Now == nil {
		opts.Now = f.clock.Now
	}
	f.sim = New(opts)
	f.srv = httptest.NewServer(f.sim)
	t.Cleanup(f.srv.Close)
	f.admin = f.sim.MintToken(f.sim.Admin().ID, f.sim.DemoClient().ClientIdentifier, "read write", time.Hour).AccessToken
	return f
}

// reply is a response, read whole.
type reply struct {
	status int
	header http.Header
	body   map[string]any // nil when the body is not a JSON object
	raw    []byte
}

func (r reply) str(key string) string { s, _ := r.body[key].(string); return s }

// do sends a request to the simulator.
func (f *fixture) do(t *testing.T, req *http.Request) reply {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	json.Unmarshal(raw, &m)
	return reply{status: resp.StatusCode, header: resp.Header, body: m, raw: raw}
}

// call sends one REST request with a bearer token ("" for none).
func (f *fixture) call(t *testing.T, method, path, token, body string) reply {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, f.srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	return f.do(t, req)
}

// agentWhere returns the first seeded agent for which keep is true.
func (f *fixture) agentWhere(t *testing.T, keep func(Agent) bool) Agent {
	t.Helper()
	for _, a := range f.sim.Agents() {
		if keep(a) {
			return a
		}
	}
	t.Fatal("no such seeded agent")
	return Agent{}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

func TestSeedingIsDeterministic(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	clock := func() time.Time { return now }
	a, b := New(Options{Seed: 7, Now: clock}), New(Options{Seed: 7, Now: clock})
	if !equalJSON(a.Clients(), b.Clients()) || !equalJSON(a.Tokens(), b.Tokens()) || !equalJSON(a.Agents(), b.Agents()) {
		t.Fatal("the same seed gave different accounts")
	}
	ma := a.MintToken(a.Admin().ID, a.DemoClient().ClientIdentifier, "read", time.Hour)
	mb := b.MintToken(b.Admin().ID, b.DemoClient().ClientIdentifier, "read", time.Hour)
	if ma.AccessToken != mb.AccessToken || ma.RefreshToken != mb.RefreshToken {
		t.Fatal("the same seed minted different tokens")
	}
	c := New(Options{Seed: 8, Now: clock})
	if equalJSON(a.Tokens(), c.Tokens()) || a.DemoClient().ClientSecret == c.DemoClient().ClientSecret {
		t.Fatal("another seed gave the same account")
	}
}

func TestSeededAccountHasWhatTheDemoNeeds(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	s := New(Options{Seed: 1, Now: func() time.Time { return now }})

	admins := 0
	for _, a := range s.Agents() {
		if a.Admin {
			admins++
		}
		if a.Password != "demo" {
			t.Errorf("agent %s has password %q, want demo", a.Email, a.Password)
		}
	}
	if n := len(s.Agents()); n < 4 || n > 6 || admins < 1 || admins > 2 || !s.Admin().Admin {
		t.Fatalf("%d agents, %d admins, first admin %+v", n, admins, s.Admin())
	}

	clients := s.Clients()
	public, several := false, false
	for _, c := range clients {
		public = public || c.ClientType == api.ClientTypePublic
		several = several || len(c.RedirectURIs) > 1
		if len(c.ClientSecret) != 64 || len(c.ClientIdentifier) != 50 || c.CreateDate == nil {
			t.Errorf("client %d: secret %d chars, identifier %d chars, created %v", c.ID, len(c.ClientSecret), len(c.ClientIdentifier), c.CreateDate)
		}
	}
	demo := s.DemoClient()
	if len(clients) < 3 || len(clients) > 6 || !public || !several {
		t.Fatalf("%d clients, a public one %v, one with several redirect URIs %v", len(clients), public, several)
	}
	if demo.Name != "chatkeys demo" || demo.ClientType != api.ClientTypeConfidential || demo.Scopes != "read write" ||
		demo.RedirectURIs.String() != "http://localhost:8080" || demo.AgentID != s.Admin().ID {
		t.Fatalf("demo client %+v", demo)
	}

	tokens := s.Tokens()
	expired, soon, chat, refresh, forever := 0, 0, 0, 0, 0
	byClient, byAgent := map[string]bool{}, map[int64]bool{}
	for _, tok := range tokens {
		byClient[tok.ClientIdentifier], byAgent[tok.AgentID] = true, true
		switch {
		case tok.CreateDate == nil:
			t.Fatalf("token %d lacks a create date", tok.ID)
		case tok.ExpireDate == nil: // the audit's token without an expiry
			forever++
		case tok.Expired(now):
			expired++
		case tok.ExpireDate.Sub(now) < 24*time.Hour:
			soon++
		}
		if strings.Contains(tok.Scopes, "chat") {
			chat++
		}
		if tok.RefreshToken != "" {
			refresh++
		}
	}
	if len(tokens) < 50 || len(tokens) > 70 {
		t.Fatalf("%d tokens, want about 60", len(tokens))
	}
	if expired == 0 || soon == 0 || expired+soon == len(tokens) || chat == 0 || refresh == 0 || refresh == len(tokens) ||
		len(byClient) < 3 || len(byAgent) < 3 || forever != 1 {
		t.Fatalf("expired %d, within a day %d, with chat %d, with refresh %d, clients %d, agents %d, without an expiry %d",
			expired, soon, chat, refresh, len(byClient), len(byAgent), forever)
	}
}

func TestOptionsChangeTheDemoRedirectAndPassword(t *testing.T) {
	s := New(Options{Seed: 1, DemoRedirectURI: "http://127.0.0.1:9999/cb", Password: "hunter22"})
	if got := s.DemoClient().RedirectURIs.String(); got != "http://127.0.0.1:9999/cb" {
		t.Errorf("demo redirect %q", got)
	}
	if s.Admin().Password != "hunter22" {
		t.Errorf("admin password %q", s.Admin().Password)
	}
	s.SetDemoRedirectURI("http://127.0.0.1:4242/callback")
	if got := s.DemoClient().RedirectURIs.String(); got != "http://127.0.0.1:4242/callback" {
		t.Errorf("after SetDemoRedirectURI: %q", got)
	}
}

func TestSnapshotsAreCopies(t *testing.T) {
	s := New(Options{Seed: 1})
	c := s.Clients()
	c[0].Name, c[0].RedirectURIs[0] = "changed", "https://changed.example"
	tok := s.Tokens()
	tok[0].Scopes = "changed"
	if s.Clients()[0].Name == "changed" || s.Clients()[0].RedirectURIs[0] == "https://changed.example" || s.Tokens()[0].Scopes == "changed" {
		t.Fatal("a snapshot shares memory with the simulator")
	}
}

func TestMintTokenWithANegativeTTLIsExpiredAndListed(t *testing.T) {
	f := newFixture(t, Options{Seed: 1})
	tok := f.sim.MintToken(f.sim.Admin().ID, f.sim.DemoClient().ClientIdentifier, "read", -time.Hour)
	if !tok.Expired(f.clock.Now()) || !tok.CreateDate.Before(*tok.ExpireDate) || tok.RefreshToken == "" {
		t.Fatalf("minted %+v", tok)
	}
	if r := f.call(t, "GET", "/api/v2/chat/oauth/clients", tok.AccessToken, ""); r.status != 401 {
		t.Fatalf("an expired minted token got %d", r.status)
	}
}

// postToken posts a form to the token endpoint.
func (f *fixture) postToken(t *testing.T, v url.Values) reply {
	t.Helper()
	req, err := http.NewRequest("POST", f.srv.URL+tokenPath, strings.NewReader(v.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return f.do(t, req)
}

func TestNoSeededTokenWasCreatedInTheFuture(t *testing.T) {
	now := time.Now()
	for _, seed := range []int64{1, 2, 3, 4, 5} {
		for _, tok := range New(Options{Seed: seed, Now: func() time.Time { return now }}).Tokens() {
			if tok.CreateDate.After(now) || tok.ExpireDate != nil && !tok.ExpireDate.After(*tok.CreateDate) {
				t.Fatalf("seed %d token %d: created %v, expires %v", seed, tok.ID, tok.CreateDate, tok.ExpireDate)
			}
		}
	}
}
