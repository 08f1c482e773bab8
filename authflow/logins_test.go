package authflow

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"chatkeys/api/chatsim"
	"chatkeys/authflow/config"
	"chatkeys/authflow/store"
)

// loginsAccount is chatsim with Logins over an in-memory store.
type loginsAccount struct {
	*simAccount
	store  *store.Store
	logins *Logins
	s      config.Settings
}

func newLoginsAccount(t *testing.T) *loginsAccount {
	t.Helper()
	acc := newSimAccount(t, chatsim.Options{Seed: 1, Password: "pw-for-tests"})
	st := store.New(store.Options{Keyring: store.NewMemoryKeyring()})
	return &loginsAccount{simAccount: acc, store: st, logins: NewLogins(LoginsOptions{Store: st}), s: config.Settings{
		Profile: "work", APIURL: acc.srv.URL + "/api/v2/chat", TokenURL: acc.cfg.TokenURL,
		AuthorizeURL: acc.cfg.AuthorizeURL, ClientID: acc.cfg.ClientID, Scopes: "read write",
	}}
}

// minted is a token the simulator issued to agent, as a token reply
// would carry it: no agent, and no expiry when noExpiry.
func (a *loginsAccount) minted(agent int64, noExpiry bool) *oauth2.Token {
	tok := a.sim.MintToken(agent, a.cfg.ClientID, "read write", time.Hour)
	out := &oauth2.Token{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken, TokenType: "Bearer"}
	if !noExpiry {
		out.Expiry = *tok.ExpireDate
	}
	return out
}

// keepAdminLogin keeps a token minted for the admin, with its expiry, as
// the profile's login by the code grant.
func (a *loginsAccount) keepAdminLogin(t *testing.T) (*oauth2.Token, *Kept) {
	t.Helper()
	tok := a.minted(a.sim.Admin().ID, false)
	kept, err := a.logins.Keep(context.Background(), a.s, a.cfg, config.GrantCode, tok)
	if err != nil {
		t.Fatal(err)
	}
	return tok, kept
}

func TestKeepLearnsTheAgentAndTheMissingExpiryFromTheTokenList(t *testing.T) {
	a := newLoginsAccount(t)
	tok := a.minted(a.sim.Admin().ID, true)
	kept, err := a.logins.Keep(context.Background(), a.s, a.cfg, config.GrantCode, tok)
	if err != nil {
		t.Fatal(err)
	}
	if kept.Record.AgentID != a.sim.Admin().ID {
		t.Errorf("agent = %d, want %d", kept.Record.AgentID, a.sim.Admin().ID)
	}
	if kept.Record.Expiry.IsZero() {
		t.Error("the expiry the list gives was not filled in")
	}
	stored, _, err := a.store.Load("work")
	if err != nil || stored.AccessToken != tok.AccessToken || stored.AgentID != a.sim.Admin().ID || stored.Expiry.IsZero() {
		t.Fatalf("stored %v, %v", stored, err)
	}
	if stored.ClientSecret != a.cfg.ClientSecret {
		t.Error("a login with a refresh token must keep the client secret that refreshes it")
	}
	if kept.EnvOverrides || kept.Login.FromEnv() || !kept.Login.IsOwn(tok.AccessToken) {
		t.Errorf("kept login = %+v", kept)
	}
}

func TestKeepStoresNoSecretWithoutARefreshTokenAndNoAgentForANonAdmin(t *testing.T) {
	a := newLoginsAccount(t)
	var agent chatsim.Agent
	for _, ag := range a.sim.Agents() {
		if !ag.Admin {
			agent = ag
			break
		}
	}
	tok := a.minted(agent.ID, false)
	tok.RefreshToken = ""
	kept, err := a.logins.Keep(context.Background(), a.s, a.cfg, config.GrantClientCredentials, tok)
	if err != nil {
		t.Fatal(err)
	}
	if kept.Record.ClientSecret != "" {
		t.Error("the secret was stored though nothing will refresh with it")
	}
	if kept.Record.AgentID != 0 {
		t.Errorf("an agent who cannot list tokens was identified as %d", kept.Record.AgentID)
	}
}

func TestKeepUnderCHATKEYS_TOKENSaysTheEnvironmentStillWins(t *testing.T) {
	a := newLoginsAccount(t)
	a.s.Token = "env-token-value"
	_, kept := a.keepAdminLogin(t)
	if !kept.EnvOverrides || !kept.Login.FromEnv() || !kept.Login.IsOwn("env-token-value") {
		t.Fatalf("kept = %+v, want the environment's token in effect", kept)
	}
	if _, _, err := a.store.Load("work"); err != nil {
		t.Fatalf("the new login was not stored: %v", err)
	}
}

func TestKeepWithACancelledContextStoresNothing(t *testing.T) {
	a := newLoginsAccount(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := a.logins.Keep(ctx, a.s, a.cfg, config.GrantCode, a.minted(a.sim.Admin().ID, false)); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if _, _, err := a.store.Load("work"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a cancelled keep stored a login: %v", err)
	}
}

func TestResolvePrefersCHATKEYS_TOKENAndTreatsASecretAloneAsNotLoggedIn(t *testing.T) {
	a := newLoginsAccount(t)
	ctx := context.Background()
	if _, err := a.logins.Resolve(ctx, a.s); !errors.Is(err, ErrNotLoggedIn) {
		t.Fatalf("empty store: err = %v", err)
	}
	if _, err := a.logins.StoreSecret(ctx, "work", a.cfg.ClientID, "setup-secret"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.logins.Resolve(ctx, a.s); !errors.Is(err, ErrNotLoggedIn) {
		t.Fatalf("secret only: err = %v", err)
	}
	if got := a.logins.StoredSecret(ctx, a.s); got != "setup-secret" {
		t.Errorf("StoredSecret = %q", got)
	}
	other := a.s
	other.ClientID = "another-client"
	if got := a.logins.StoredSecret(ctx, other); got != "" {
		t.Error("the secret of one client was offered for another")
	}
	tok, _ := a.keepAdminLogin(t)
	l, err := a.logins.Resolve(ctx, a.s)
	if err != nil || l.FromEnv() || !l.IsOwn(tok.AccessToken) {
		t.Fatalf("stored login: %+v, %v", l, err)
	}
	env := a.s
	env.Token = "env-token-value"
	l, err = a.logins.Resolve(ctx, env)
	if err != nil || !l.FromEnv() || l.IsOwn(tok.AccessToken) || !l.IsOwn("env-token-value") {
		t.Fatalf("env login: %+v, %v", l, err)
	}
}

func TestForgetWithRevokeRevokesOnTheServerThenForgets(t *testing.T) {
	a := newLoginsAccount(t)
	ctx := context.Background()
	tok, _ := a.keepAdminLogin(t)
	before := len(a.sim.Tokens())
	if err := a.logins.Forget(ctx, a.s, true); err != nil {
		t.Fatal(err)
	}
	if after := len(a.sim.Tokens()); after != before-1 {
		t.Errorf("tokens on the server %d → %d, want one revoked", before, after)
	}
	for _, listed := range a.sim.Tokens() {
		if listed.AccessToken == tok.AccessToken {
			t.Fatal("chatkeys' own token is still on the server")
		}
	}
	if _, _, err := a.store.Load("work"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("the login is still stored: %v", err)
	}
	if err := a.logins.Forget(ctx, a.s, false); !errors.Is(err, ErrNoStoredLogin) {
		t.Fatalf("second forget: err = %v", err)
	}
}

func TestForgetKeepsTheLoginWhenTheServerRevokeFails(t *testing.T) {
	a := newLoginsAccount(t)
	ctx := context.Background()
	tok, _ := a.keepAdminLogin(t)
	// Revoked by someone else first: the server now answers 401.
	if err := a.logins.RevokeOwn(ctx, a.s, tok.AccessToken); err != nil {
		t.Fatal(err)
	}
	if err := a.logins.Forget(ctx, a.s, true); err == nil {
		t.Fatal("forget --revoke succeeded though the server refused")
	}
	if _, _, err := a.store.Load("work"); err != nil {
		t.Fatalf("a failed revoke removed the login: %v", err)
	}
}

func TestRevokeOwnOfATokenMissingFromTheListSendsNoDelete(t *testing.T) {
	var deletes atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodDelete {
			deletes.Add(1)
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `[{"id": 7, "access_token": "someone-elses-token"}]`)
	}))
	t.Cleanup(srv.Close)
	l := NewLogins(LoginsOptions{Store: store.New(store.Options{Keyring: store.NewMemoryKeyring()})})
	err := l.RevokeOwn(context.Background(), config.Settings{Profile: "p", APIURL: srv.URL + "/api/v2/chat"}, "my-own-token")
	if !errors.Is(err, ErrOwnTokenNotListed) {
		t.Fatalf("err = %v, want ErrOwnTokenNotListed", err)
	}
	if deletes.Load() != 0 {
		t.Error("a DELETE was sent for a token that is not chatkeys' own")
	}
}

func TestStoreSecretAfterARotationReachesTheLiveLoginAndTheStore(t *testing.T) {
	a := newLoginsAccount(t)
	ctx := context.Background()
	_, kept := a.keepAdminLogin(t)
	if _, err := a.logins.StoreSecret(ctx, "work", a.cfg.ClientID, "rotated-secret"); err != nil {
		t.Fatal(err)
	}
	if got := kept.Login.Record().ClientSecret; got != "rotated-secret" {
		t.Errorf("live login refreshes with %q", got)
	}
	stored, _, err := a.store.Load("work")
	if err != nil || stored.ClientSecret != "rotated-secret" || stored.AccessToken != kept.Record.AccessToken {
		t.Fatalf("stored %v, %v: want the same login with the new secret", stored, err)
	}
}
