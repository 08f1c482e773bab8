package chatsim_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"chatkeys/api"
	"chatkeys/api/chatsim"
	"chatkeys/api/chatsim/consent"
	"chatkeys/api/clocktest"
)

// account is a simulator on a clock the test can advance, over real HTTP.
type account struct {
	sim   *chatsim.Sim
	srv   *httptest.Server
	demo  api.OAuthClient
	clock *clocktest.Clock // the simulator's
}

const redirect = "http://localhost:8080/callback"

func newAccount(t *testing.T, opts chatsim.Options) *account {
	t.Helper()
	a := &account{clock: chatsim.NewClock()}
	opts.Seed, opts.Now = 1, a.clock.Now
	if opts.DemoRedirectURI == "" {
		opts.DemoRedirectURI = redirect
	}
	a.sim = chatsim.New(opts)
	a.srv = httptest.NewServer(a.sim)
	t.Cleanup(a.srv.Close)
	a.demo = a.sim.DemoClient()
	return a
}

func (a *account) authorizeURL(v url.Values) string {
	return a.srv.URL + "/oauth2/chat/authorizations/new?" + v.Encode()
}

// codeParams is an authorization request for the demo client.
func (a *account) codeParams() url.Values {
	return url.Values{"response_type": {"code"}, "client_id": {a.demo.ClientIdentifier},
		"redirect_uri": {redirect}, "scope": {"read write"}, "state": {"s-123"}, "subdomain": {"acme"}}
}

// consentRedirect signs in as the admin, presses button and returns where
// the browser was sent.
func (a *account) consentRedirect(t *testing.T, v url.Values, button string) *url.URL {
	t.Helper()
	admin := a.sim.Admin()
	resp, err := consent.New("localhost:8080").Decide(a.authorizeURL(v), admin.Email, admin.Password, button)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("status %d, want a redirect", resp.StatusCode)
	}
	u, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// tokenReply is the token endpoint's answer.
type tokenReply struct {
	status int
	header http.Header
	body   map[string]any
}

func (r tokenReply) str(key string) string {
	s, _ := r.body[key].(string)
	return s
}

// postToken posts v to the token endpoint, with HTTP Basic when basic is
// not nil.
func (a *account) postToken(t *testing.T, v url.Values, basic ...string) tokenReply {
	t.Helper()
	req, err := http.NewRequest("POST", a.srv.URL+"/oauth2/chat/token", strings.NewReader(v.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if len(basic) == 2 {
		req.SetBasicAuth(basic[0], basic[1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("the token endpoint answered %d with non-JSON %q", resp.StatusCode, raw)
	}
	return tokenReply{resp.StatusCode, resp.Header, m}
}

// exchange trades a code, with client_id, client_secret, redirect_uri and
// scope in the form body.
func (a *account) exchange(t *testing.T, code string) tokenReply {
	t.Helper()
	v := creds(a.demo, codeGrant(code))
	v.Set("redirect_uri", redirect)
	v.Set("scope", "read write")
	return a.postToken(t, v)
}

// codeGrant is the authorization_code grant of code, without the client's
// credentials.
func codeGrant(code string) url.Values {
	return url.Values{"grant_type": {"authorization_code"}, "code": {code}}
}

// clientWhere returns the first seeded client for which keep is true.
func (a *account) clientWhere(t *testing.T, keep func(api.OAuthClient) bool) api.OAuthClient {
	t.Helper()
	for _, c := range a.sim.Clients() {
		if keep(c) {
			return c
		}
	}
	t.Fatal("no such seeded client")
	return api.OAuthClient{}
}

// tokenOf finds the simulator's record of an access token.
func (a *account) tokenOf(access string) (api.OAuthToken, bool) {
	for _, tk := range a.sim.Tokens() {
		if tk.AccessToken == access {
			return tk, true
		}
	}
	return api.OAuthToken{}, false
}

// creds returns the form fields that authenticate c.
func creds(c api.OAuthClient, extra url.Values) url.Values {
	v := url.Values{"client_id": {c.ClientIdentifier}, "client_secret": {c.ClientSecret}}
	for k, vals := range extra {
		v[k] = vals
	}
	return v
}

// rest sends a REST request without a body, with a bearer token, and
// returns the status.
func (a *account) rest(t *testing.T, method, path, token string) int {
	t.Helper()
	req, err := http.NewRequest(method, a.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
