package authflow

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"chatkeys/api"
	"chatkeys/api/chatsim"
	"chatkeys/authflow/config"
	"chatkeys/authflow/store"
)

// memSaver records what a LoginSource saves.
type memSaver struct {
	mu    sync.Mutex
	saved []store.Record
}

func (m *memSaver) Update(_ string, change func(*store.Record) (*store.Record, error)) (store.Location, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var cur *store.Record
	if len(m.saved) > 0 {
		c := m.saved[len(m.saved)-1]
		cur = &c
	}
	next, err := change(cur)
	if err == nil && next != nil {
		m.saved = append(m.saved, *next)
	}
	return store.Location{Kind: store.KindKeyring}, err
}

func (m *memSaver) last() store.Record {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.saved[len(m.saved)-1]
}

func staticSource(tok string) oauth2.TokenSource {
	return oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok})
}

// loggedIn returns a LoginSource for a fresh password-grant login.
func loggedIn(t *testing.T, s *simAccount, expiry time.Time) (*LoginSource, *memSaver, store.Record) {
	t.Helper()
	admin := s.sim.Admin()
	tok, err := s.cfg.Password(context.Background(), admin.Email, admin.Password)
	if err != nil {
		t.Fatal(err)
	}
	rec := store.Record{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken, Expiry: expiry,
		ClientID: s.cfg.ClientID, ClientSecret: s.cfg.ClientSecret, Grant: config.GrantPassword}
	saver := &memSaver{saved: []store.Record{rec}}
	return NewLoginSource(s.cfg, saver, "default", rec), saver, rec
}

func TestLoginSourceRefreshesNearExpiryAndSavesTheRotatedPair(t *testing.T) {
	s := newSimAccount(t, chatsim.Options{Seed: 1})
	src, saver, rec := loggedIn(t, s, time.Now().Add(30*time.Second))
	tok, err := src.Token()
	if err != nil {
		t.Fatal(err)
	}
	if tok.AccessToken == rec.AccessToken {
		t.Fatal("a token 30 s from expiry was not refreshed")
	}
	saved := saver.last()
	if saved.AccessToken != tok.AccessToken || saved.RefreshToken == rec.RefreshToken || saved.RefreshToken == "" {
		t.Fatal("the rotated pair was not saved")
	}
	if !src.IsOwn(tok.AccessToken) || src.IsOwn(rec.AccessToken) {
		t.Fatal("IsOwn does not follow the refresh")
	}
}

func TestLoginSourceRefreshesOnceOnA401AndRetries(t *testing.T) {
	var rejected atomic.Bool
	s := newSimAccount(t, chatsim.Options{Seed: 1}, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.URL.Path, "/api/") && rejected.CompareAndSwap(false, true) {
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			next.ServeHTTP(w, r)
		})
	})
	src, saver, rec := loggedIn(t, s, time.Now().Add(time.Hour))
	c, _ := api.NewClient(s.srv.URL+"/api/v2/chat", src)
	before := s.tokenPosts()
	if _, err := c.OAuthClients.List(context.Background()); err != nil {
		t.Fatalf("the request was not retried after refreshing: %v", err)
	}
	if n := s.tokenPosts() - before; n != 1 {
		t.Fatalf("%d refreshes for one 401, want one", n)
	}
	if saver.last().AccessToken == rec.AccessToken {
		t.Fatal("the refreshed token was not saved")
	}
}

func TestConcurrentRejectionsShareOneRefresh(t *testing.T) {
	s := newSimAccount(t, chatsim.Options{Seed: 1})
	src, _, rec := loggedIn(t, s, time.Now().Add(time.Hour))
	rejected := &oauth2.Token{AccessToken: rec.AccessToken}
	before := s.tokenPosts()
	var wg sync.WaitGroup
	tokens := make([]string, 10)
	for i := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tok, err := src.RefreshRejected(context.Background(), rejected)
			if err == nil {
				tokens[i] = tok.AccessToken
			}
		}()
	}
	wg.Wait()
	if n := s.tokenPosts() - before; n != 1 {
		t.Fatalf("%d refresh requests, want exactly one", n)
	}
	for _, tok := range tokens {
		if tok == "" || tok != tokens[0] {
			t.Fatalf("callers got different tokens: %v", tokens)
		}
	}
}

func TestRefreshWithADeadRefreshTokenSaysLogInAgain(t *testing.T) {
	s := newSimAccount(t, chatsim.Options{Seed: 1})
	src, _, rec := loggedIn(t, s, time.Now().Add(time.Hour))
	if _, err := s.cfg.Refresh(context.Background(), rec.RefreshToken); err != nil {
		t.Fatal(err) // rotates behind the source's back
	}
	_, err := src.RefreshRejected(context.Background(), &oauth2.Token{AccessToken: rec.AccessToken})
	if !hasCode(err, "invalid_grant") || !hasReason(err, ReasonRefreshSpent) {
		t.Fatalf("err %v, want it read as a spent refresh token", err)
	}
}

func TestARefreshUsesThePairAnotherProcessAlreadyRotated(t *testing.T) {
	s := newSimAccount(t, chatsim.Options{Seed: 1})
	src, saver, rec := loggedIn(t, s, time.Now().Add(30*time.Second))
	// Another chatkeys refreshed first and saved its new pair.
	other, err := s.cfg.Refresh(context.Background(), rec.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	theirs := rec
	theirs.AccessToken, theirs.RefreshToken, theirs.Expiry = other.AccessToken, other.RefreshToken, time.Now().Add(time.Hour)
	saver.saved = append(saver.saved, theirs)
	before := s.tokenPosts()

	tok, err := src.Token()
	if err != nil {
		t.Fatalf("the login broke: %v", err)
	}
	if tok.AccessToken != other.AccessToken || s.tokenPosts() != before {
		t.Fatalf("got %q after %d token requests, want the other process's token and none", tok.AccessToken, s.tokenPosts()-before)
	}
	if src.Record().RefreshToken != other.RefreshToken {
		t.Fatal("the source kept the spent refresh token")
	}
}

func TestARefreshAfterALogoutElsewhereSaysLogInAgain(t *testing.T) {
	s := newSimAccount(t, chatsim.Options{Seed: 1})
	src, saver, _ := loggedIn(t, s, time.Now().Add(-time.Second))
	saver.saved = nil // chatkeys logout, in another process
	if _, err := src.Token(); !errors.Is(err, ErrLoggedOutElsewhere) {
		t.Fatalf("err = %v", err)
	}
}

// lockedOut is a store whose lock another process holds past the timeout.
type lockedOut struct{}

func (lockedOut) Update(string, func(*store.Record) (*store.Record, error)) (store.Location, error) {
	return store.Location{}, errors.New("lock credentials.json: another chatkeys has held it for 45s")
}

func TestARefreshThatCannotTakeTheLockSpendsNothing(t *testing.T) {
	s := newSimAccount(t, chatsim.Options{Seed: 1})
	_, _, rec := loggedIn(t, s, time.Now().Add(30*time.Second))
	before := s.tokenPosts()
	src := NewLoginSource(s.cfg, lockedOut{}, "default", rec)
	tok, err := src.Token()
	if err != nil || tok.AccessToken != rec.AccessToken {
		t.Fatalf("a token still valid for 30 s: %v, %v", tok, err)
	}
	expired := rec
	expired.Expiry = time.Now().Add(-time.Second)
	if _, err := NewLoginSource(s.cfg, lockedOut{}, "default", expired).Token(); err == nil || !strings.Contains(err.Error(), "could not be refreshed") {
		t.Fatalf("an expired token: err = %v", err)
	}
	if n := s.tokenPosts() - before; n != 0 {
		t.Fatalf("%d refresh requests went out without the lock: another process may be spending the same refresh token", n)
	}
}

func TestRecordAndIsOwnDoNotWaitForARefresh(t *testing.T) {
	s := newSimAccount(t, chatsim.Options{Seed: 1})
	src, _, rec := loggedIn(t, s, time.Now().Add(time.Hour))
	src.mu.Lock() // a refresh in progress holds it
	defer src.mu.Unlock()
	done := make(chan bool, 1)
	go func() { done <- src.IsOwn(rec.AccessToken) && src.Record().AccessToken == rec.AccessToken }()
	select {
	case ok := <-done:
		if !ok {
			t.Fatal("IsOwn or Record is wrong")
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Record and IsOwn waited for the refresh: the TUI would freeze")
	}
}
