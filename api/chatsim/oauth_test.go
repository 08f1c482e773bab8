package chatsim_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"chatkeys/api"
	"chatkeys/api/chatsim"
	"chatkeys/api/chatsim/consent"
)

// account is a simulator with a settable clock, over real HTTP.
type account struct {
	sim   *chatsim.Sim
	srv   *httptest.Server
	mu    sync.Mutex
	clock time.Time
	demo  api.OAuthClient
}

const redirect = "http://localhost:8080/callback"

func newAccount(t *testing.T) *account {
	a := &account{clock: time.Now()}
	a.sim = chatsim.New(chatsim.Options{Seed: 1, Now: a.now, DemoRedirectURI: redirect})
	a.srv = httptest.NewServer(a.sim)
	t.Cleanup(a.srv.Close)
	a.demo = a.sim.DemoClient()
	return a
}

func (a *account) now() time.Time {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.clock
}

func (a *account) advance(d time.Duration) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.clock = a.clock.Add(d)
}

func (a *account) authorizeURL(v url.Values) string {
	return a.srv.URL + "/oauth2/chat/authorizations/new?" + v.Encode()
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

func (a *account) token(t *testing.T, v url.Values) (int, map[string]any) {
	t.Helper()
	resp, err := http.PostForm(a.srv.URL+"/oauth2/chat/token", v)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	json.NewDecoder(resp.Body).Decode(&m)
	return resp.StatusCode, m
}

func (a *account) codeParams() url.Values {
	return url.Values{"response_type": {"code"}, "client_id": {a.demo.ClientIdentifier},
		"redirect_uri": {redirect}, "scope": {"read write"}, "state": {"s-123"}}
}

func (a *account) exchange(t *testing.T, code string) (int, map[string]any) {
	return a.token(t, url.Values{"grant_type": {"authorization_code"}, "code": {code}, "client_id": {a.demo.ClientIdentifier},
		"client_secret": {a.demo.ClientSecret}, "redirect_uri": {redirect}, "scope": {"read write"}})
}

func TestCodeFlowThroughTheFormsEchoesStateAndCodesAreSingleUse(t *testing.T) {
	a := newAccount(t)
	u := a.consentRedirect(t, a.codeParams(), consent.Allow)
	q := u.Query()
	if u.Path != "/callback" || q.Get("state") != "s-123" || q.Get("code") == "" {
		t.Fatalf("redirect %s", u)
	}
	st, tok := a.exchange(t, q.Get("code"))
	if st != 200 || tok["access_token"] == nil || tok["refresh_token"] == nil || tok["scope"] != "read write" {
		t.Fatalf("exchange %d %v", st, tok)
	}
	if st, e := a.exchange(t, q.Get("code")); st != 400 || e["error"] != "invalid_grant" {
		t.Fatalf("replay %d %v", st, e)
	}
	for _, tk := range a.sim.Tokens() {
		if tk.AccessToken == tok["access_token"] {
			t.Fatal("a replayed code left its token alive")
		}
	}
}

func TestCodesExpireAfterTenMinutes(t *testing.T) {
	a := newAccount(t)
	code := a.consentRedirect(t, a.codeParams(), consent.Allow).Query().Get("code")
	a.advance(10*time.Minute + time.Second)
	if st, e := a.exchange(t, code); st != 400 || !strings.Contains(e["error_description"].(string), "expired") {
		t.Fatalf("%d %v", st, e)
	}
}

func TestRedirectURIMustMatchAtAuthorizeAndAtExchange(t *testing.T) {
	a := newAccount(t)
	v := a.codeParams()
	v.Set("redirect_uri", "http://localhost:9999/evil")
	resp, _ := http.Get(a.authorizeURL(v))
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Fatalf("an unregistered redirect got %d, want an error page", resp.StatusCode)
	}
	code := a.consentRedirect(t, a.codeParams(), consent.Allow).Query().Get("code")
	st, e := a.token(t, url.Values{"grant_type": {"authorization_code"}, "code": {code}, "client_id": {a.demo.ClientIdentifier},
		"client_secret": {a.demo.ClientSecret}, "redirect_uri": {"http://localhost:8080/other"}})
	if st != 400 || e["error"] != "invalid_grant" {
		t.Fatalf("mismatched redirect at exchange: %d %v", st, e)
	}
}

func TestRedirectURIMayBeOmittedWithOneRegistered(t *testing.T) {
	a := newAccount(t)
	v := a.codeParams()
	v.Del("redirect_uri")
	if u := a.consentRedirect(t, v, consent.Allow); u.Path != "/callback" || u.Query().Get("code") == "" {
		t.Fatalf("redirect %s", u)
	}
}

func TestImplicitGrantAnswersInTheFragment(t *testing.T) {
	a := newAccount(t)
	v := a.codeParams()
	v.Set("response_type", "token")
	u := a.consentRedirect(t, v, consent.Allow)
	frag, _ := url.ParseQuery(u.Fragment)
	if u.RawQuery != "" || frag.Get("access_token") == "" || frag.Get("state") != "s-123" || frag.Get("token_type") != "Bearer" {
		t.Fatalf("redirect %s", u)
	}
	for _, tk := range a.sim.Tokens() {
		if tk.AccessToken == frag.Get("access_token") && tk.RefreshToken != "" {
			t.Fatal("the implicit grant issued a refresh token")
		}
	}
}

func TestDenyRedirectsWithAccessDenied(t *testing.T) {
	a := newAccount(t)
	u := a.consentRedirect(t, a.codeParams(), consent.Deny)
	if u.Query().Get("error") != "access_denied" || u.Query().Get("state") != "s-123" {
		t.Fatalf("redirect %s", u)
	}
	v := a.codeParams()
	v.Set("response_type", "token")
	frag, _ := url.ParseQuery(a.consentRedirect(t, v, consent.Deny).Fragment)
	if frag.Get("error") != "access_denied" {
		t.Fatalf("implicit deny fragment %v", frag)
	}
}

func TestScopesBeyondTheClientsAreRefused(t *testing.T) {
	a := newAccount(t)
	var readOnly api.OAuthClient
	for _, c := range a.sim.Clients() {
		if c.Scopes == "read" {
			readOnly = c
		}
	}
	v := url.Values{"response_type": {"code"}, "client_id": {readOnly.ClientIdentifier}, "scope": {"read write"}, "state": {"x"}}
	target, _ := url.Parse(readOnly.RedirectURIs[0])
	resp, err := consent.New(target.Host).Decide(a.authorizeURL(v), "", "", consent.Allow)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, _ := url.Parse(resp.Header.Get("Location"))
	if loc.Query().Get("error") != "invalid_scope" || !strings.Contains(loc.Query().Get("error_description"), "read") {
		t.Fatalf("redirect %s", loc)
	}
}

func TestPasswordAndClientCredentialsNeedAConfidentialClient(t *testing.T) {
	a := newAccount(t)
	admin := a.sim.Admin()
	var public api.OAuthClient
	for _, c := range a.sim.Clients() {
		if c.ClientType == api.ClientTypePublic {
			public = c
		}
	}
	for _, grant := range []url.Values{
		{"grant_type": {"client_credentials"}},
		{"grant_type": {"password"}, "username": {admin.Email}, "password": {admin.Password}},
	} {
		grant.Set("client_id", public.ClientIdentifier)
		grant.Set("client_secret", public.ClientSecret)
		if st, e := a.token(t, grant); st != 400 || e["error"] != "unauthorized_client" {
			t.Errorf("%s on a public client: %d %v", grant.Get("grant_type"), st, e)
		}
		grant.Set("client_id", a.demo.ClientIdentifier)
		grant.Set("client_secret", a.demo.ClientSecret)
		st, tok := a.token(t, grant)
		if st != 200 || (grant.Get("grant_type") == "client_credentials") != (tok["refresh_token"] == nil) {
			t.Errorf("%s on the confidential client: %d %v", grant.Get("grant_type"), st, tok)
		}
	}
}

func TestRefreshRotatesAndOldTokensDie(t *testing.T) {
	a := newAccount(t)
	admin := a.sim.Admin()
	_, first := a.token(t, url.Values{"grant_type": {"password"}, "username": {admin.Email}, "password": {admin.Password},
		"client_id": {a.demo.ClientIdentifier}, "client_secret": {a.demo.ClientSecret}})
	refresh := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {first["refresh_token"].(string)},
		"client_id": {a.demo.ClientIdentifier}, "client_secret": {a.demo.ClientSecret}}
	st, second := a.token(t, refresh)
	if st != 200 || second["refresh_token"] == first["refresh_token"] || second["access_token"] == first["access_token"] {
		t.Fatalf("refresh %d %v", st, second)
	}
	if st, e := a.token(t, refresh); st != 400 || e["error"] != "invalid_grant" {
		t.Fatalf("reused refresh token: %d %v", st, e)
	}
	for _, tk := range a.sim.Tokens() {
		if tk.AccessToken == first["access_token"] {
			t.Fatal("the old access token still works")
		}
	}
}

func TestWrongSecretAfterRotationIsInvalidClient(t *testing.T) {
	a := newAccount(t)
	tok := a.sim.MintToken(a.sim.Admin().ID, a.demo.ClientIdentifier, "read write", time.Hour)
	req, _ := http.NewRequest("POST", a.srv.URL+"/api/v2/chat/oauth/clients/1/client_secret", nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	resp, _ := http.DefaultClient.Do(req)
	resp.Body.Close()
	st, e := a.token(t, url.Values{"grant_type": {"client_credentials"}, "client_id": {a.demo.ClientIdentifier}, "client_secret": {a.demo.ClientSecret}})
	if st != 401 || e["error"] != "invalid_client" {
		t.Fatalf("old secret: %d %v", st, e)
	}
}

func TestSignInRefusesAWrongPasswordAndEscapesWhatItEchoes(t *testing.T) {
	a := newAccount(t)
	v := a.codeParams()
	v.Set("state", `"><script>alert(1)</script>`)
	resp, err := consent.New("localhost:8080").Decide(a.authorizeURL(v), a.sim.Admin().Email, "wrong", consent.Allow)
	if err == nil {
		resp.Body.Close()
		if resp.StatusCode != 401 {
			t.Fatalf("a wrong password got %d", resp.StatusCode)
		}
	}
	page, err := http.Get(a.authorizeURL(v))
	if err != nil {
		t.Fatal(err)
	}
	defer page.Body.Close()
	body, _ := io.ReadAll(page.Body)
	if strings.Contains(string(body), "<script>alert(1)") {
		t.Fatal("the page echoes markup unescaped")
	}
	if page.Header.Get("Cache-Control") != "no-store" || page.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Fatal("the page lacks no-store or no-referrer")
	}
}
