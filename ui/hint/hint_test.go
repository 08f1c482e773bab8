package hint

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"chatkeys/api"
	"chatkeys/api/chatsim"
	"chatkeys/api/safetext"
	"chatkeys/authflow"
	"chatkeys/authflow/config"
)

// account is chatsim over real HTTP.
type account struct {
	sim *chatsim.Sim
	srv *httptest.Server
}

func newAccount(t *testing.T) *account {
	t.Helper()
	sim := chatsim.New(chatsim.Options{Seed: 1})
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	return &account{sim, srv}
}

func (a *account) client(t *testing.T, token string) *api.Client {
	t.Helper()
	c, err := api.NewClient(a.srv.URL+"/api/v2/chat", oauth2.StaticTokenSource(&oauth2.Token{AccessToken: token}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (a *account) tokenOf(agent int64, scopes string) string {
	return a.sim.MintToken(agent, a.sim.DemoClient().ClientIdentifier, scopes, time.Hour).AccessToken
}

func (a *account) tokenConfig(c api.OAuthClient) authflow.Config {
	return authflow.Config{TokenURL: a.srv.URL + "/oauth2/chat/token", ClientID: c.ClientIdentifier, ClientSecret: c.ClientSecret}
}

func TestClassifyReadsTheAPIsRealRefusals(t *testing.T) {
	a := newAccount(t)
	ctx := context.Background()
	var nonAdmin chatsim.Agent
	for _, ag := range a.sim.Agents() {
		if !ag.Admin {
			nonAdmin = ag
		}
	}
	_, unauthorized := a.client(t, "made-up").OAuthClients.List(ctx)
	readOnly := a.client(t, a.tokenOf(a.sim.Admin().ID, "read"))
	missingWrite := readOnly.OAuthClients.Delete(ctx, a.sim.Clients()[0].ID)
	_, notAdmin := a.client(t, a.tokenOf(nonAdmin.ID, "read write")).OAuthTokens.List(ctx)
	_, notFound := readOnly.OAuthClients.Get(ctx, 999999)
	cases := []struct {
		name string
		err  error
		want Cause
	}{
		{"401", unauthorized, Cause{Kind: LoginEnded}},
		{"403 for want of write", missingWrite, Cause{Kind: MissingScope, Scope: "write"}},
		{"403 for a non-administrator", notAdmin, Cause{Kind: NotAdmin}},
		{"404", fmt.Errorf("show client: %w", notFound), Cause{Kind: NotFound}},
	}
	for _, c := range cases {
		if got := Classify(c.err); !equal(got, c.want) {
			t.Errorf("%s (%v): %+v, want %+v", c.name, c.err, got, c.want)
		}
	}
}

func TestClassifyReadsTheTokenEndpointsRealRefusals(t *testing.T) {
	a := newAccount(t)
	ctx := context.Background()
	var public, readOnly api.OAuthClient
	for _, c := range a.sim.Clients() {
		switch {
		case c.ClientType != api.ClientTypeConfidential:
			public = c
		case c.Scopes == "read":
			readOnly = c
		}
	}
	_, needsConfidential := a.tokenConfig(public).ClientCredentials(ctx)
	bad := a.tokenConfig(a.sim.DemoClient())
	bad.ClientSecret = "rotated-away"
	_, badClient := bad.Exchange(ctx, "some-code", "")
	_, spent := a.tokenConfig(a.sim.DemoClient()).Refresh(ctx, "spent-refresh-token")
	cases := []struct {
		name string
		err  error
		want Cause
	}{
		{"a public client's client credentials", needsConfidential, Cause{Kind: NeedsConfidential, Grant: config.GrantClientCredentials}},
		{"a wrong secret", badClient, Cause{Kind: BadClient, Grant: config.GrantCode}},
		{"a spent refresh token", spent, Cause{Kind: LoginEnded, Grant: "refresh"}},
	}
	if readOnly.ID != 0 {
		cfg := a.tokenConfig(readOnly)
		cfg.Scopes, cfg.ClientScopes = []string{"write"}, []string{"read"}
		_, scope := cfg.ClientCredentials(ctx)
		cases = append(cases, struct {
			name string
			err  error
			want Cause
		}{"a scope the client lacks", scope, Cause{Kind: ScopeNotAllowed, Grant: config.GrantClientCredentials, Scopes: []string{"read"}}})
	}
	for _, c := range cases {
		if got := Classify(c.err); !equal(got, c.want) {
			t.Errorf("%s (%v): %+v, want %+v", c.name, c.err, got, c.want)
		}
	}
}

func TestClassifyReadsEveryTypedCauseThroughWrapping(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("outer: %w", fmt.Errorf("inner: %w", err)) }
	cases := []struct {
		err  error
		want Cause
	}{
		{authflow.ErrNotLoggedIn, Cause{Kind: NotLoggedIn}},
		{authflow.ErrLoginExpired, Cause{Kind: LoginEnded}},
		{authflow.ErrLoggedOutElsewhere, Cause{Kind: LoginEnded}},
		{fmt.Errorf("rejected: %w", authflow.ErrNoRefreshToken), Cause{Kind: LoginEnded}},
		{authflow.ErrNoLifetime, Cause{Kind: NoLifetime}},
		{fmt.Errorf("%w: locked", authflow.ErrRefreshDeferred), Cause{Kind: TryAgain}},
		{authflow.ErrTimeout, Cause{Kind: BrowserTimeout}},
		{authflow.ErrNoClientID, Cause{Kind: NoClientID}},
		{authflow.ErrOwnTokenNotListed, Cause{Kind: OwnTokenNotListed}},
		{&authflow.PortInUseError{Port: 8080}, Cause{Kind: PortInUse, Port: 8080}},
		{&authflow.PortPrivilegedError{Port: 80}, Cause{Kind: PortPrivileged, Port: 80}},
		{safetext.CheckWhole("the secret", "a\x1bb"), Cause{Kind: NotPrintable}},
		{&authflow.TokenError{Reason: authflow.ReasonNotPrintable}, Cause{Kind: NotPrintable}},
		{&api.RateLimitError{RetryAfter: 42 * time.Second}, Cause{Kind: RateLimited, Wait: 42 * time.Second}},
		{&api.NotConfirmedError{Status: 202}, Cause{Kind: NotConfirmed}},
		{&api.RedirectError{Status: 302}, Cause{Kind: Redirected}},
		{&api.Error{Status: 503}, Cause{Kind: TryAgain}},
		{&config.NotConfiguredError{Profile: "staging", ConfigPath: "/c.toml", ProfileMissing: true},
			Cause{Kind: NotConfigured, Profile: "staging", ConfigPath: "/c.toml", ProfileMissing: true}},
		{config.ErrUnsafeFile, Cause{Kind: UnsafeFile}},
		{&authflow.AuthError{Code: "access_denied"}, Cause{Kind: AccessDenied}},
		{&authflow.AuthError{Code: "invalid_scope"}, Cause{Kind: ScopeNotAllowed}},
		{&authflow.AuthError{Code: "unauthorized_client"}, Cause{Kind: AuthRejected}},
		{&authflow.AuthError{Code: "redirect_uri_mismatch"}, Cause{Kind: RedirectNotRegistered}},
		{&authflow.AuthError{Code: "unsupported_response_type"}, Cause{Kind: GrantNotOffered}},
		{&authflow.AuthError{Code: "temporarily_unavailable"}, Cause{Kind: TryAgain}},
		{&authflow.AuthError{Code: "made_up"}, Cause{}},
		{context.Canceled, Cause{}},
		{errors.New("something else"), Cause{}},
		{&api.Error{Status: 400}, Cause{}},
	}
	for _, c := range cases {
		if got := Classify(wrap(c.err)); !equal(got, c.want) {
			t.Errorf("%v: %+v, want %+v", c.err, got, c.want)
		}
	}
}

func TestAFrontEndsOwnHintIsFoundThroughWrapping(t *testing.T) {
	err := fmt.Errorf("outer: %w", With(errors.New("inner"), "do this"))
	if Of(err) != "do this" || err.Error() != "outer: inner" {
		t.Fatalf("Of = %q, Error = %q", Of(err), err)
	}
	if Of(errors.New("plain")) != "" {
		t.Fatal("a hint for an error without one")
	}
}

func equal(a, b Cause) bool {
	return a.Kind == b.Kind && a.Scope == b.Scope && slices.Equal(a.Scopes, b.Scopes) && a.Grant == b.Grant &&
		a.Profile == b.Profile && a.ConfigPath == b.ConfigPath && a.ProfileMissing == b.ProfileMissing && a.Port == b.Port && a.Wait == b.Wait
}

func TestEveryCauseIsWordedForBothFrontEndsWithNothingLeftUnfilled(t *testing.T) {
	full := Cause{Scope: "write", Scopes: []string{"read"}, Profile: "staging", ConfigPath: "/c/config.toml", Port: 8080, Wait: time.Minute}
	for k := NotLoggedIn; k <= UnsafeFile; k++ {
		for _, missing := range []bool{false, true} {
			c := full
			c.Kind, c.ProfileMissing = k, missing
			for _, fe := range []FrontEnd{TUI, CLI} {
				text := Words(c, fe)
				if text == "" || strings.ContainsAny(text, "{}") {
					t.Errorf("kind %d (front end %d, profile missing %v): %q", k, fe, missing, text)
				}
			}
		}
	}
	if got := Words(Cause{}, CLI); got != "" {
		t.Errorf("no cause, yet %q", got)
	}
}

func TestCommandLineHintsNameTheProfileTheCommandRanOnAndQuoteAnOddName(t *testing.T) {
	_, err := newAccount(t).client(t, "made-up").OAuthClients.List(context.Background())
	for profile, want := range map[string]string{
		"":           "log in again: chatkeys login",
		"prod":       "log in again: chatkeys login --profile prod",
		"eu west":    "log in again: chatkeys login --profile 'eu west'",
		"it's; rm x": `log in again: chatkeys login --profile 'it'\''s; rm x'`,
		"-x":         "log in again: chatkeys login --profile=-x",
	} {
		if got := ForProfile(err, CLI, profile); got != want {
			t.Errorf("--profile %q: hint %q, want %q", profile, got, want)
		}
	}
	if got := ForProfile(err, TUI, "prod"); strings.Contains(got, "--profile") {
		t.Errorf("the TUI's hint names a flag: %q", got)
	}
}
