package chatsim_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"chatkeys/api"
	"chatkeys/api/chatsim"
	"chatkeys/api/chatsim/consent"
)

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
