package authflow

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"chatkeys/api"
	"chatkeys/api/chatsim"
	"chatkeys/api/chatsim/consent"
	"chatkeys/authflow/config"
)

func waitFlow(t *testing.T, f *BrowserFlow) (tok, refresh string, err error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	got, err := f.Wait(ctx)
	if err != nil {
		return "", "", err
	}
	return got.AccessToken, got.RefreshToken, nil
}

func TestCodeFlowThroughTheConsentPageMintsARefreshableToken(t *testing.T) {
	s, f := newFlow(t, config.GrantCode)
	s.decideInBackground(t, f, consent.Allow)
	tok, refresh, err := waitFlow(t, f)
	if err != nil {
		t.Fatal(err)
	}
	if tok == "" || refresh == "" {
		t.Fatal("the code grant gave no access or no refresh token")
	}
	if n := s.tokenPosts(); n != 1 {
		t.Errorf("%d token requests, want one exchange", n)
	}
	c, _ := api.NewClient(s.srv.URL+"/api/v2/chat", staticSource(tok))
	if _, err := c.OAuthClients.List(context.Background()); err != nil {
		t.Fatalf("the minted token does not work: %v", err)
	}
}

func TestAuthorizeURLCarriesEveryParameterAndEnoughState(t *testing.T) {
	s := newSimAccount(t, chatsim.Options{Seed: 1})
	s.cfg.Subdomain = "acme"
	f := s.startFlow(t, config.GrantCode)
	u, _ := url.Parse(f.AuthorizeURL())
	q := u.Query()
	for k, want := range map[string]string{"response_type": "code", "client_id": s.cfg.ClientID,
		"redirect_uri": f.RedirectURI(), "scope": "read write", "subdomain": "acme"} {
		if q.Get(k) != want {
			t.Errorf("%s = %q, want %q", k, q.Get(k), want)
		}
	}
	if len(q.Get("state")) < 22 || q.Get("code_challenge") != "" {
		t.Errorf("state %q (want ≥128 bits), challenge %q (want none: PKCE is off)", q.Get("state"), q.Get("code_challenge"))
	}
	s.cfg.PKCE = true
	g := s.startFlow(t, config.GrantCode)
	if q := mustQuery(g.AuthorizeURL()); q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" {
		t.Errorf("PKCE on: %v", q)
	}
}

func TestCodeFlowDenyEndsWithAccessDeniedAndItsHint(t *testing.T) {
	s, f := newFlow(t, config.GrantCode)
	s.decideInBackground(t, f, consent.Deny)
	_, _, err := waitFlow(t, f)
	var ae *AuthError
	if !errors.As(err, &ae) || ae.Code != "access_denied" {
		t.Fatalf("err = %v, want access_denied", err)
	}
	if s.tokenPosts() != 0 {
		t.Error("a denied login still called the token endpoint")
	}
}

func TestImplicitFlowTakesTheTokenFromAPastedFragment(t *testing.T) {
	s, f := newFlow(t, config.GrantImplicit)
	loc := s.allowedRedirect(t, f)
	if !strings.Contains(loc, "#access_token=") {
		t.Fatalf("redirect %q has no fragment token", loc)
	}
	if err := f.Paste(loc); err != nil {
		t.Fatal(err)
	}
	tok, refresh, err := waitFlow(t, f)
	if err != nil || tok == "" || refresh != "" {
		t.Fatalf("err %v, got token %v, refresh %q: want a token and no refresh token", err, tok != "", refresh)
	}
	if s.tokenPosts() != 0 {
		t.Error("the implicit grant called the token endpoint")
	}
}

func TestTwoCallbacksAtOnceLeadToExactlyOneExchange(t *testing.T) {
	s, f := newFlow(t, config.GrantCode)
	loc := s.allowedRedirect(t, f)
	var wg sync.WaitGroup
	for range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if r, err := http.Get(loc); err == nil {
				r.Body.Close()
			}
		}()
	}
	tok, _, err := waitFlow(t, f)
	wg.Wait()
	if err != nil || tok == "" {
		t.Fatal(err)
	}
	if n := s.tokenPosts(); n != 1 {
		t.Fatalf("%d exchanges, want exactly one", n)
	}
}

func TestPastedRedirectWithAForgedStateIsRefusedAndTheFlowWaits(t *testing.T) {
	_, f := newFlow(t, config.GrantCode)
	if err := f.Paste(f.RedirectURI() + "?code=abc&state=forged"); err == nil {
		t.Fatal("a forged state was accepted")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := f.Wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the flow still waiting", err)
	}
}

func TestPasswordGrantMintsARefreshableToken(t *testing.T) {
	s := newSimAccount(t, chatsim.Options{Seed: 1})
	admin := s.sim.Admin()
	tok, err := s.cfg.Password(context.Background(), admin.Email, admin.Password)
	if err != nil || tok.AccessToken == "" || tok.RefreshToken == "" {
		t.Fatalf("tok %v, err %v", tok != nil, err)
	}
	if _, err := s.cfg.Password(context.Background(), admin.Email, "wrong"); !hasCode(err, "invalid_grant") {
		t.Fatalf("a wrong password: %v", err)
	}
}

func TestConfidentialGrantsOnAPublicClientSayHowToFixIt(t *testing.T) {
	s := newSimAccount(t, chatsim.Options{Seed: 1})
	var public api.OAuthClient
	for _, c := range s.sim.Clients() {
		if c.ClientType != api.ClientTypeConfidential {
			public = c
		}
	}
	cfg := s.cfg
	cfg.ClientID, cfg.ClientSecret = public.ClientIdentifier, public.ClientSecret
	admin := s.sim.Admin()
	_, errCC := cfg.ClientCredentials(context.Background())
	_, errPW := cfg.Password(context.Background(), admin.Email, admin.Password)
	for _, err := range []error{errCC, errPW} {
		if !hasReason(err, ReasonNeedsConfidential) {
			t.Errorf("err %v was not read as needing a confidential client", err)
		}
	}
}

func TestClientCredentialsMintsATokenWithoutRefresh(t *testing.T) {
	s := newSimAccount(t, chatsim.Options{Seed: 1})
	tok, err := s.cfg.ClientCredentials(context.Background())
	if err != nil || tok.AccessToken == "" || tok.RefreshToken != "" {
		t.Fatalf("err %v", err)
	}
	if got := TokenScopes(tok, nil); got != "read write" {
		t.Errorf("scopes %q", got)
	}
}

func TestRefreshRotatesAndTheOldRefreshTokenDies(t *testing.T) {
	s := newSimAccount(t, chatsim.Options{Seed: 1})
	admin := s.sim.Admin()
	first, err := s.cfg.Password(context.Background(), admin.Email, admin.Password)
	if err != nil {
		t.Fatal(err)
	}
	second, err := s.cfg.Refresh(context.Background(), first.RefreshToken)
	if err != nil || second.RefreshToken == "" || second.RefreshToken == first.RefreshToken || second.AccessToken == first.AccessToken {
		t.Fatalf("refresh did not rotate: %v", err)
	}
	_, err = s.cfg.Refresh(context.Background(), first.RefreshToken)
	if !hasCode(err, "invalid_grant") || !hasReason(err, ReasonRefreshSpent) {
		t.Fatalf("reusing a refresh token: %v, want it read as a spent refresh token", err)
	}
}

func TestInvalidScopeNamesTheScopesTheClientAllows(t *testing.T) {
	s := newSimAccount(t, chatsim.Options{Seed: 1})
	var readOnly api.OAuthClient
	for _, c := range s.sim.Clients() {
		if c.Scopes == "read" && c.ClientType == api.ClientTypeConfidential {
			readOnly = c
		}
	}
	if readOnly.ID == 0 {
		t.Skip("no confidential read-only client seeded")
	}
	cfg := s.cfg
	cfg.ClientID, cfg.ClientSecret, cfg.Scopes, cfg.ClientScopes = readOnly.ClientIdentifier, readOnly.ClientSecret, []string{"write"}, []string{"read"}
	_, err := cfg.ClientCredentials(context.Background())
	var te *TokenError
	if !hasCode(err, "invalid_scope") || !errors.As(err, &te) || te.Reason != ReasonScopeNotAllowed || !slices.Equal(te.ClientScopes, []string{"read"}) {
		t.Fatalf("err %v: want invalid_scope with the client's scopes [read]", err)
	}
}

func TestHostileTokenEndpointsGiveShortSafeErrors(t *testing.T) {
	cases := map[string]struct {
		status      int
		contentType string
		body        string
		want        string
	}{
		"html 500":         {500, "text/html", "<html><body><h1>500 Internal Server Error</h1>nginx</body></html>", "server error 500 (HTML page)"},
		"empty body":       {502, "", "", "bad gateway"},
		"no access_token":  {200, "application/json", `{"token_type":"bearer","refresh_token":"r-SECRET"}`, "no access_token"},
		"escape sequences": {400, "application/json", `{"error":"invalid_request","error_description":"bad \u001b[31mred\u001b[0m <b>html</b>"}`, "bad \ufffdred\ufffd <b>html</b>"},
		"not json":         {200, "application/json", `<html>oops</html>`, "could not be read"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tc.contentType != "" {
					w.Header().Set("Content-Type", tc.contentType)
				}
				w.WriteHeader(tc.status)
				w.Write([]byte(tc.body))
			}))
			defer srv.Close()
			cfg := Config{TokenURL: srv.URL, ClientID: "id", ClientSecret: "s3cret-value"}
			_, err := cfg.ClientCredentials(context.Background())
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
			for _, leak := range []string{"<html", "\x1b", "r-SECRET", "s3cret-value"} {
				if strings.Contains(err.Error(), leak) {
					t.Errorf("error %q carries %q", err, leak)
				}
			}
		})
	}
}

func TestPlainHTTPTokenURLOffLoopbackIsRefused(t *testing.T) {
	cfg := Config{TokenURL: "http://acme.zendesk.com/oauth2/chat/token", ClientID: "id"}
	if _, err := cfg.ClientCredentials(context.Background()); err == nil || !strings.Contains(err.Error(), "https") {
		t.Fatalf("err = %v", err)
	}
}

func hasCode(err error, code string) bool {
	var te *TokenError
	return errors.As(err, &te) && te.Code == code
}

func mustQuery(raw string) url.Values {
	u, _ := url.Parse(raw)
	return u.Query()
}

func TestTheTokenEndpointIsNeverFollowedThroughARedirect(t *testing.T) {
	var hits int
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits++ }))
	defer target.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.URL, http.StatusTemporaryRedirect)
	}))
	defer srv.Close()
	cfg := Config{TokenURL: srv.URL, ClientID: "id", ClientSecret: "s3cret-value"}
	_, err := cfg.ClientCredentials(context.Background())
	if err == nil || hits != 0 || strings.Contains(err.Error(), "s3cret-value") {
		t.Fatalf("err %v, the redirect target was hit %d times", err, hits)
	}
}

func TestTokenErrorsRedactTheSecretsTheServerEchoes(t *testing.T) {
	var body string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(400)
		w.Write([]byte(`{"error":"invalid_grant","error_description":"bad ` + r.PostForm.Get("refresh_token") + ` for ` + r.PostForm.Get("client_secret") + `"}`))
		body = r.PostForm.Encode()
	}))
	defer srv.Close()
	cfg := Config{TokenURL: srv.URL, ClientID: "id", ClientSecret: "SECRETSECRET"}
	_, err := cfg.Refresh(context.Background(), "REFRESHREFRESH")
	if err == nil || body == "" || strings.Contains(err.Error(), "REFRESHREFRESH") || strings.Contains(err.Error(), "SECRETSECRET") {
		t.Fatalf("err %v", err)
	}
}

// hasReason reports whether err is a *TokenError read as reason.
func hasReason(err error, reason TokenReason) bool {
	var te *TokenError
	return errors.As(err, &te) && te.Reason == reason
}
