package chatsim_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"chatkeys/api"
	"chatkeys/api/chatsim"
	"chatkeys/api/chatsim/consent"
)

func (a *account) passwordGrant(t *testing.T) tokenReply {
	t.Helper()
	admin := a.sim.Admin()
	r := a.postToken(t, creds(a.demo, url.Values{"grant_type": {"password"}, "username": {admin.Email}, "password": {admin.Password}}))
	if r.status != 200 {
		t.Fatalf("password grant: %d %v", r.status, r.body)
	}
	return r
}

func TestPasswordAndClientCredentialsNeedAConfidentialClient(t *testing.T) {
	a := newAccount(t, chatsim.Options{})
	admin := a.sim.Admin()
	public := a.clientWhere(t, func(c api.OAuthClient) bool { return c.ClientType == api.ClientTypePublic })
	for _, grant := range []url.Values{
		{"grant_type": {"client_credentials"}},
		{"grant_type": {"password"}, "username": {admin.Email}, "password": {admin.Password}},
	} {
		name := grant.Get("grant_type")
		if r := a.postToken(t, creds(public, grant)); r.status != 400 || r.str("error") != "unauthorized_client" ||
			!strings.Contains(r.str("error_description"), "confidential") {
			t.Errorf("%s on a public client: %d %v", name, r.status, r.body)
		}
		r := a.postToken(t, creds(a.demo, grant))
		if r.status != 200 || r.str("scope") != "read write" || (name == "client_credentials") != (r.str("refresh_token") == "") {
			t.Errorf("%s on the confidential client: %d %v", name, r.status, r.body)
		}
		if st := a.rest(t, "GET", "/api/v2/chat/oauth/clients", r.str("access_token")); st != 200 {
			t.Errorf("%s's token on the API: %d", name, st)
		}
	}
}

func TestPasswordGrantRefusesBadCredentials(t *testing.T) {
	a := newAccount(t, chatsim.Options{})
	admin := a.sim.Admin()
	cases := []struct {
		user, password, error string
	}{
		{admin.Email, "wrong", "invalid_grant"},
		{"nobody@example.com", admin.Password, "invalid_grant"},
		{admin.Email, "", "invalid_request"},
		{"", admin.Password, "invalid_request"},
	}
	for _, c := range cases {
		r := a.postToken(t, creds(a.demo, url.Values{"grant_type": {"password"}, "username": {c.user}, "password": {c.password}}))
		if r.status != 400 || r.str("error") != c.error {
			t.Errorf("%q/%q: %d %v, want %s", c.user, c.password, r.status, r.body, c.error)
		}
	}
}

func TestPasswordGrantActsAsTheAgentWhoSignedIn(t *testing.T) {
	a := newAccount(t, chatsim.Options{})
	var agent chatsim.Agent
	for _, ag := range a.sim.Agents() {
		if !ag.Admin {
			agent = ag
		}
	}
	r := a.postToken(t, creds(a.demo, url.Values{"grant_type": {"password"}, "username": {agent.Email}, "password": {agent.Password}}))
	rec, ok := a.tokenOf(r.str("access_token"))
	if r.status != 200 || !ok || rec.AgentID != agent.ID {
		t.Fatalf("%d %v, record %+v", r.status, r.body, rec)
	}
	if st := a.rest(t, "GET", "/api/v2/chat/oauth/clients", r.str("access_token")); st != 403 {
		t.Fatalf("a non-admin's token on an admin endpoint: %d", st)
	}
}

func TestClientCredentialsTokenActsAsTheClientsCreator(t *testing.T) {
	a := newAccount(t, chatsim.Options{})
	r := a.postToken(t, creds(a.demo, url.Values{"grant_type": {"client_credentials"}}))
	rec, ok := a.tokenOf(r.str("access_token"))
	if r.status != 200 || !ok || rec.AgentID != a.demo.AgentID || rec.ClientIdentifier != a.demo.ClientIdentifier ||
		rec.RefreshToken != "" || rec.Scopes != "read write" {
		t.Fatalf("%d %v, record %+v", r.status, r.body, rec)
	}
}

func TestRequestedScopesMustBeAllowedByTheClient(t *testing.T) {
	a := newAccount(t, chatsim.Options{})
	readOnly := a.clientWhere(t, func(c api.OAuthClient) bool {
		return c.ClientType == api.ClientTypeConfidential && c.Scopes == "read"
	})
	for scope, want := range map[string]string{"": "read", "read chat": "read chat", "chat": "chat", "write": "", "read admin": ""} {
		r := a.postToken(t, creds(readOnly, url.Values{"grant_type": {"client_credentials"}, "scope": {scope}}))
		switch {
		case want == "" && (r.status != 400 || r.str("error") != "invalid_scope" || !strings.Contains(r.str("error_description"), "read")):
			t.Errorf("scope %q: %d %v, want invalid_scope naming read", scope, r.status, r.body)
		case want != "" && (r.status != 200 || r.str("scope") != want):
			t.Errorf("scope %q: %d %v, want %q", scope, r.status, r.body, want)
		}
	}
}

func TestRefreshRotatesAndTheOldPairStopsWorking(t *testing.T) {
	a := newAccount(t, chatsim.Options{})
	first := a.passwordGrant(t)
	refresh := creds(a.demo, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {first.str("refresh_token")}})
	second := a.postToken(t, refresh)
	if second.status != 200 || second.str("refresh_token") == "" || second.str("refresh_token") == first.str("refresh_token") ||
		second.str("access_token") == first.str("access_token") || second.str("scope") != "read write" {
		t.Fatalf("refresh %d %v", second.status, second.body)
	}
	if r := a.postToken(t, refresh); r.status != 400 || r.str("error") != "invalid_grant" {
		t.Fatalf("a reused refresh token: %d %v", r.status, r.body)
	}
	if st := a.rest(t, "GET", "/api/v2/chat/account", first.str("access_token")); st != 401 {
		t.Fatalf("the old access token: %d, want 401", st)
	}
	if st := a.rest(t, "GET", "/api/v2/chat/account", second.str("access_token")); st != 200 {
		t.Fatalf("the new access token: %d", st)
	}
}

func TestRefreshMayNarrowTheScopesButNotWidenThem(t *testing.T) {
	a := newAccount(t, chatsim.Options{})
	r := a.postToken(t, creds(a.demo, url.Values{"grant_type": {"refresh_token"},
		"refresh_token": {a.passwordGrant(t).str("refresh_token")}, "scope": {"read"}}))
	if r.status != 200 || r.str("scope") != "read" {
		t.Fatalf("narrowing: %d %v", r.status, r.body)
	}
	w := a.postToken(t, creds(a.demo, url.Values{"grant_type": {"refresh_token"},
		"refresh_token": {r.str("refresh_token")}, "scope": {"read write"}}))
	if w.status != 400 || w.str("error") != "invalid_scope" {
		t.Fatalf("widening: %d %v", w.status, w.body)
	}
}

func TestRefreshChecksTheClient(t *testing.T) {
	a := newAccount(t, chatsim.Options{})
	tok := a.passwordGrant(t)
	other := a.clientWhere(t, func(c api.OAuthClient) bool { return c.ID != a.demo.ID })
	if r := a.postToken(t, creds(other, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok.str("refresh_token")}})); r.status != 400 || r.str("error") != "invalid_grant" {
		t.Fatalf("another client's refresh token: %d %v", r.status, r.body)
	}
	wrong := creds(a.demo, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok.str("refresh_token")}})
	wrong.Set("client_secret", "wrong")
	if r := a.postToken(t, wrong); r.status != 401 || r.str("error") != "invalid_client" {
		t.Fatalf("a wrong secret: %d %v", r.status, r.body)
	}
	noSecret := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok.str("refresh_token")}, "client_id": {a.demo.ClientIdentifier}}
	if r := a.postToken(t, noSecret); r.status != 200 {
		t.Fatalf("no secret (RFC 6749 §6 public refresh): %d %v", r.status, r.body)
	}
}

func TestWrongSecretAfterRotationIsInvalidClient(t *testing.T) {
	a := newAccount(t, chatsim.Options{})
	code := a.consentRedirect(t, a.codeParams(), consent.Allow).Query().Get("code")
	tok := a.sim.MintToken(a.sim.Admin().ID, a.demo.ClientIdentifier, "read write", time.Hour)
	if st := a.rest(t, "POST", "/api/v2/chat/oauth/clients/"+itoa(a.demo.ID)+"/client_secret", tok.AccessToken); st != 200 {
		t.Fatalf("generate: %d", st)
	}
	for _, grant := range []url.Values{{"grant_type": {"client_credentials"}}, codeGrant(code)} {
		if r := a.postToken(t, creds(a.demo, grant)); r.status != 401 || r.str("error") != "invalid_client" {
			t.Errorf("%s with the old secret: %d %v", grant.Get("grant_type"), r.status, r.body)
		}
	}
	current := a.sim.DemoClient()
	exchange := creds(current, codeGrant(code))
	exchange.Set("redirect_uri", redirect)
	if r := a.postToken(t, exchange); r.status != 200 {
		t.Errorf("the code with the new secret: %d %v", r.status, r.body)
	}
}

func TestClientAuthenticationInTheBodyOrAsBasic(t *testing.T) {
	a := newAccount(t, chatsim.Options{})
	cc := url.Values{"grant_type": {"client_credentials"}}
	if r := a.postToken(t, cc, a.demo.ClientIdentifier, a.demo.ClientSecret); r.status != 200 {
		t.Fatalf("HTTP Basic: %d %v", r.status, r.body)
	}
	r := a.postToken(t, cc, a.demo.ClientIdentifier, "wrong")
	if r.status != 401 || r.str("error") != "invalid_client" || !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Basic") {
		t.Fatalf("HTTP Basic with a wrong secret: %d %v %q", r.status, r.body, r.header.Get("WWW-Authenticate"))
	}
	if r := a.postToken(t, creds(a.demo, cc), a.demo.ClientIdentifier, a.demo.ClientSecret); r.status != 400 || r.str("error") != "invalid_request" {
		t.Fatalf("both ways at once: %d %v", r.status, r.body)
	}
	for name, v := range map[string]url.Values{
		"no client_id":      {"grant_type": {"client_credentials"}},
		"unknown client_id": {"grant_type": {"client_credentials"}, "client_id": {"nope"}, "client_secret": {"x"}},
		"no client_secret":  {"grant_type": {"client_credentials"}, "client_id": {a.demo.ClientIdentifier}},
		"wrong secret":      creds(api.OAuthClient{ClientIdentifier: a.demo.ClientIdentifier, ClientSecret: "x"}, cc),
	} {
		if r := a.postToken(t, v); r.status != 401 || r.str("error") != "invalid_client" || r.str("error_description") == "" {
			t.Errorf("%s: %d %v", name, r.status, r.body)
		}
	}
}

func TestTokenEndpointRequestErrors(t *testing.T) {
	a := newAccount(t, chatsim.Options{})
	cases := map[string]struct {
		form  url.Values
		error string
	}{
		"no grant_type":       {creds(a.demo, nil), "invalid_request"},
		"unknown grant_type":  {creds(a.demo, url.Values{"grant_type": {"implicit"}}), "unsupported_grant_type"},
		"no code":             {creds(a.demo, url.Values{"grant_type": {"authorization_code"}}), "invalid_request"},
		"unknown code":        {creds(a.demo, url.Values{"grant_type": {"authorization_code"}, "code": {"nope"}}), "invalid_grant"},
		"no refresh_token":    {creds(a.demo, url.Values{"grant_type": {"refresh_token"}}), "invalid_request"},
		"unknown refresh":     {creds(a.demo, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"nope"}}), "invalid_grant"},
		"password for public": {creds(a.clientWhere(t, func(c api.OAuthClient) bool { return c.ClientType == "public" }), url.Values{"grant_type": {"password"}}), "unauthorized_client"},
	}
	for name, c := range cases {
		if r := a.postToken(t, c.form); r.status != 400 || r.str("error") != c.error || r.header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: %d %v, want 400 %s", name, r.status, r.body, c.error)
		}
	}
	resp, err := http.Post(a.srv.URL+"/oauth2/chat/token", "application/json",
		strings.NewReader(`{"grant_type":"client_credentials","client_id":"`+a.demo.ClientIdentifier+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Fatalf("a JSON body: %d, want 400 invalid_request", resp.StatusCode)
	}
}

func TestAuthorizationCodeFlowEchoesStateAndIssuesARefreshablePair(t *testing.T) {
	a := newAccount(t, chatsim.Options{})
	u := a.consentRedirect(t, a.codeParams(), consent.Allow)
	q := u.Query()
	if u.Host != "localhost:8080" || u.Path != "/callback" || q.Get("state") != "s-123" || len(q.Get("code")) < 16 || u.Fragment != "" {
		t.Fatalf("redirect %s", u)
	}
	tok := a.exchange(t, q.Get("code"))
	if tok.status != 200 || tok.str("token_type") != "Bearer" || tok.str("refresh_token") == "" || tok.str("scope") != "read write" ||
		tok.body["expires_in"] != float64(36000) || tok.header.Get("Cache-Control") != "no-store" {
		t.Fatalf("exchange %d %v", tok.status, tok.body)
	}
	rec, ok := a.tokenOf(tok.str("access_token"))
	if !ok || rec.AgentID != a.sim.Admin().ID || rec.ClientIdentifier != a.demo.ClientIdentifier ||
		rec.ExpireDate.Sub(*rec.CreateDate) != 10*time.Hour || rec.RefreshToken != tok.str("refresh_token") {
		t.Fatalf("the tokens list has %+v", rec)
	}
}

func TestAuthorizationCodeIsSingleUseAndAReplayRevokesItsTokens(t *testing.T) {
	a := newAccount(t, chatsim.Options{})
	code := a.consentRedirect(t, a.codeParams(), consent.Allow).Query().Get("code")
	first := a.exchange(t, code)
	if first.status != 200 {
		t.Fatalf("first use: %d %v", first.status, first.body)
	}
	if r := a.exchange(t, code); r.status != 400 || r.str("error") != "invalid_grant" || !strings.Contains(r.str("error_description"), "already used") {
		t.Fatalf("replay: %d %v", r.status, r.body)
	}
	if _, ok := a.tokenOf(first.str("access_token")); ok {
		t.Fatal("a replayed code left its token alive")
	}
}

func TestAuthorizationCodeExpiresAfterTenMinutes(t *testing.T) {
	a := newAccount(t, chatsim.Options{})
	fresh := a.consentRedirect(t, a.codeParams(), consent.Allow).Query().Get("code")
	stale := a.consentRedirect(t, a.codeParams(), consent.Allow).Query().Get("code")
	a.clock.Advance(10*time.Minute - time.Second)
	if r := a.exchange(t, fresh); r.status != 200 {
		t.Fatalf("just before expiry: %d %v", r.status, r.body)
	}
	a.clock.Advance(time.Second)
	if r := a.exchange(t, stale); r.status != 400 || r.str("error") != "invalid_grant" || !strings.Contains(r.str("error_description"), "expired") {
		t.Fatalf("at expiry: %d %v", r.status, r.body)
	}
}

func TestCodeExchangeGrantsTheConsentedScopes(t *testing.T) {
	a := newAccount(t, chatsim.Options{})
	v := a.codeParams()
	v.Set("scope", "read")
	code := a.consentRedirect(t, v, consent.Allow).Query().Get("code")
	exchange := creds(a.demo, codeGrant(code))
	exchange.Set("redirect_uri", redirect)
	exchange.Set("scope", "read admin")
	if r := a.postToken(t, exchange); r.status != 400 || r.str("error") != "invalid_scope" {
		t.Fatalf("a scope no client has: %d %v", r.status, r.body)
	}
	exchange.Set("scope", "read write") // as the tutorial's curl sends it
	if r := a.postToken(t, exchange); r.status != 200 || r.str("scope") != "read" {
		t.Fatalf("the tutorial's exchange: %d %v, want the consented read", r.status, r.body)
	}
}

func TestAuthorizationCodeIsBoundToItsClient(t *testing.T) {
	a := newAccount(t, chatsim.Options{})
	code := a.consentRedirect(t, a.codeParams(), consent.Allow).Query().Get("code")
	other := a.clientWhere(t, func(c api.OAuthClient) bool { return c.ID != a.demo.ID })
	r := a.postToken(t, creds(other, codeGrant(code)))
	if r.status != 400 || r.str("error") != "invalid_grant" {
		t.Fatalf("another client's code: %d %v", r.status, r.body)
	}
	if r := a.exchange(t, code); r.status != 200 {
		t.Fatalf("the code's own client after that: %d %v", r.status, r.body)
	}
}

func TestRedirectURIMustMatchAtTheExchange(t *testing.T) {
	a := newAccount(t, chatsim.Options{})
	code := a.consentRedirect(t, a.codeParams(), consent.Allow).Query().Get("code")
	for _, sent := range []string{"http://localhost:8080/other", ""} {
		v := creds(a.demo, codeGrant(code))
		if sent != "" {
			v.Set("redirect_uri", sent)
		}
		if r := a.postToken(t, v); r.status != 400 || r.str("error") != "invalid_grant" || !strings.Contains(r.str("error_description"), "redirect_uri") {
			t.Fatalf("redirect_uri %q at the exchange: %d %v", sent, r.status, r.body)
		}
	}
	if r := a.exchange(t, code); r.status != 200 {
		t.Fatalf("with the right redirect_uri: %d %v", r.status, r.body)
	}
}

func TestRedirectURIMayBeOmittedWhenOneIsRegistered(t *testing.T) {
	a := newAccount(t, chatsim.Options{})
	v := a.codeParams()
	v.Del("redirect_uri")
	u := a.consentRedirect(t, v, consent.Allow)
	if u.Path != "/callback" || u.Query().Get("code") == "" {
		t.Fatalf("redirect %s", u)
	}
	r := a.postToken(t, creds(a.demo, codeGrant(u.Query().Get("code"))))
	if r.status != 200 {
		t.Fatalf("an exchange without redirect_uri: %d %v", r.status, r.body)
	}
}

func TestRedirectKeepsTheRegisteredURIsOwnQuery(t *testing.T) {
	a := newAccount(t, chatsim.Options{})
	const withQuery = "http://localhost:8080/cb?tenant=a+b&x=%2F"
	a.sim.SetDemoRedirectURI(withQuery)
	v := a.codeParams()
	v.Set("redirect_uri", withQuery)
	u := a.consentRedirect(t, v, consent.Allow)
	if !strings.HasPrefix(u.String(), withQuery+"&code=") || u.Query().Get("tenant") != "a b" || u.Query().Get("state") != "s-123" {
		t.Fatalf("redirect %s", u)
	}
	v.Set("response_type", "token")
	u = a.consentRedirect(t, v, consent.Allow)
	if u.RawQuery != "tenant=a+b&x=%2F" || !strings.HasPrefix(u.Fragment, "access_token=") {
		t.Fatalf("implicit redirect %s", u)
	}
}

func TestImplicitGrantAnswersInTheFragment(t *testing.T) {
	a := newAccount(t, chatsim.Options{})
	v := a.codeParams()
	v.Set("response_type", "token")
	u := a.consentRedirect(t, v, consent.Allow)
	frag, _ := url.ParseQuery(u.Fragment)
	if u.RawQuery != "" || frag.Get("token_type") != "Bearer" || frag.Get("scope") != "read write" ||
		frag.Get("state") != "s-123" || frag.Get("expires_in") != "36000" || !strings.HasPrefix(u.Fragment, "access_token=") {
		t.Fatalf("redirect %s", u)
	}
	rec, ok := a.tokenOf(frag.Get("access_token"))
	if !ok || rec.RefreshToken != "" || rec.AgentID != a.sim.Admin().ID {
		t.Fatalf("the implicit token's record: %+v (found %v); it must exist and have no refresh token", rec, ok)
	}
}

func TestOmitExpiresInLeavesItOutOfEveryReply(t *testing.T) {
	a := newAccount(t, chatsim.Options{OmitExpiresIn: true})
	v := a.codeParams()
	v.Set("response_type", "token")
	if frag := a.consentRedirect(t, v, consent.Allow).Fragment; strings.Contains(frag, "expires_in") {
		t.Fatalf("implicit fragment %s", frag)
	}
	r := a.postToken(t, creds(a.demo, url.Values{"grant_type": {"client_credentials"}}))
	if _, ok := r.body["expires_in"]; r.status != 200 || ok {
		t.Fatalf("token reply %d %v", r.status, r.body)
	}
}

func TestDenyRedirectsWithAccessDeniedInTheQueryOrFragment(t *testing.T) {
	a := newAccount(t, chatsim.Options{})
	before := len(a.sim.Tokens())
	const want = "error=access_denied&error_description=The+end-user+or+authorization+server+denied+the+request&state=s-123"
	if u := a.consentRedirect(t, a.codeParams(), consent.Deny); u.RawQuery != want {
		t.Fatalf("code deny: %s", u)
	}
	v := a.codeParams()
	v.Set("response_type", "token")
	if u := a.consentRedirect(t, v, consent.Deny); u.EscapedFragment() != want || u.RawQuery != "" {
		t.Fatalf("implicit deny: %s", u)
	}
	if after := len(a.sim.Tokens()); after != before {
		t.Fatal("a denial minted a token")
	}
}
