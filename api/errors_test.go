package api_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"chatkeys/api"
	"chatkeys/api/chatsim"
)

func asError(err error, target **api.Error) bool { return errors.As(err, target) }

// firstN answers the first n requests matching method with reply, then
// passes every request to the simulator.
func firstN(n int32, method string, reply http.HandlerFunc) func(http.Handler) http.Handler {
	var seen atomic.Int32
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == method && seen.Add(1) <= n {
				reply(w, r)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

func tooManyRequests(retryAfter string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", retryAfter)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		w.Write([]byte(`{"error":"Too Many Requests","description":"rate limit exceeded"}`))
	}
}

func TestUnauthorizedTokenIsA401ThatNeedsNoScope(t *testing.T) {
	f := seeded(t)
	_, err := newClient(t, f.srv.URL, "not-a-real-token").OAuthClients.List(context.Background())
	if !api.IsUnauthorized(err) {
		t.Fatalf("err = %v, want 401", err)
	}
	var ae *api.Error
	if !errors.As(err, &ae) || ae.NeededScope() != "" || ae.NeedsAdmin() {
		t.Errorf("a 401 read as a scope or administrator problem: %+v", ae)
	}
}

func TestMissingTokenIsUnauthorized(t *testing.T) {
	f := seeded(t)
	_, err := newClient(t, f.srv.URL, "").OAuthTokens.List(context.Background())
	if !api.IsUnauthorized(err) {
		t.Fatalf("err = %v, want 401", err)
	}
}

func TestReadOnlyTokenIsForbiddenToWriteAndToldWhichScope(t *testing.T) {
	f := seeded(t)
	c := f.clientAs(t, f.sim.Admin().ID, "read")
	if _, err := c.OAuthClients.List(context.Background()); err != nil {
		t.Fatalf("a read token cannot list: %v", err)
	}
	err := c.OAuthClients.Delete(context.Background(), f.sim.Clients()[0].ID)
	if !api.IsForbidden(err) {
		t.Fatalf("err = %v, want 403", err)
	}
	var ae *api.Error
	if !strings.Contains(err.Error(), "write") || !errors.As(err, &ae) || ae.NeededScope() != "write" || ae.NeedsAdmin() {
		t.Errorf("error %q does not name the write scope (%+v)", err, ae)
	}
}

func TestNonAdministratorIsForbiddenAsNotAnAdministrator(t *testing.T) {
	f := seeded(t)
	c := f.clientAs(t, f.nonAdmin(t).ID, "read write")
	_, err := c.OAuthTokens.List(context.Background())
	if !api.IsForbidden(err) {
		t.Fatalf("err = %v, want 403", err)
	}
	var ae *api.Error
	if !errors.As(err, &ae) || !ae.NeedsAdmin() || ae.NeededScope() != "" {
		t.Errorf("a non-administrator's 403 was not read as one: %+v", ae)
	}
}

func TestRateLimitedGETWaitsOutRetryAfterThenSucceeds(t *testing.T) {
	f := seeded(t, firstN(1, "GET", tooManyRequests("1")))
	var waits []time.Duration
	c := newClient(t, f.srv.URL, f.token, api.WithRetryNotify(func(w api.RateWait) { waits = append(waits, w.Wait.Round(time.Second)) }))
	start := time.Now()
	if _, err := c.OAuthClients.List(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.checkSent(t, sent{method: "GET", path: clientsPath}, sent{method: "GET", path: clientsPath})
	if len(waits) != 1 || waits[0] != time.Second {
		t.Errorf("waits = %v, want one wait of 1s", waits)
	}
	if time.Since(start) < time.Second {
		t.Error("the retry did not wait for Retry-After")
	}
}

func TestRateLimitedDELETEIsRetried(t *testing.T) {
	f := seeded(t, firstN(1, "DELETE", tooManyRequests("0")))
	id := f.sim.Tokens()[0].ID
	if err := f.client.OAuthTokens.Revoke(context.Background(), id); err != nil {
		t.Fatalf("a 429 on DELETE was not retried: %v", err)
	}
	f.checkSent(t, deletes(id, id)...)
}

func TestRateLimitWaitIsCancellable(t *testing.T) {
	f := seeded(t, firstN(1, "GET", tooManyRequests("30")))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := f.client.OAuthClients.List(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the context's deadline", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Error("cancelling did not cut the wait short")
	}
}

func TestRateLimitedPOSTIsNotRetriedAndSaysHowLongToWait(t *testing.T) {
	f := seeded(t, firstN(1, "POST", tooManyRequests("7")))
	before := f.sim.DemoClient().ClientSecret
	_, err := f.client.OAuthClients.GenerateSecret(context.Background(), f.sim.DemoClient().ID)
	wait, ok := api.IsRateLimited(err)
	if !ok || wait != 7*time.Second {
		t.Fatalf("err = %v (wait %v), want a rate-limit error of 7s", err, wait)
	}
	if !strings.Contains(err.Error(), "7s") {
		t.Errorf("error %q does not say how long to wait", err)
	}
	if f.sim.DemoClient().ClientSecret != before {
		t.Error("the POST was retried: the secret changed")
	}
	f.checkSent(t, sent{method: "POST", path: clientPath(f.sim.DemoClient().ID) + "/client_secret"})
}

func TestRateLimitBeyondTheBoundIsReturnedNotWaited(t *testing.T) {
	f := seeded(t, firstN(1, "GET", tooManyRequests("120")))
	start := time.Now()
	_, err := f.client.OAuthClients.List(context.Background())
	if _, ok := api.IsRateLimited(err); !ok || time.Since(start) > 5*time.Second {
		t.Fatalf("err = %v after %v, want an immediate rate-limit error", err, time.Since(start))
	}
	f.checkSent(t, sent{method: "GET", path: clientsPath})
}

func TestSimulatorRateLimitIsHonoured(t *testing.T) {
	f := setup(t, chatsim.Options{Seed: 1, RateLimit: 1})
	c := newClient(t, f.srv.URL, f.token, api.WithMaxRetryWait(0))
	if _, err := c.OAuthClients.List(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, err := c.OAuthClients.List(context.Background())
	if wait, ok := api.IsRateLimited(err); !ok || wait <= 0 {
		t.Fatalf("second request: %v, want 429 with a positive Retry-After", err)
	}
}

func TestHTMLServerErrorBecomesAShortMessage(t *testing.T) {
	f := seeded(t)
	f.sim.InjectHTMLErrors(1)
	_, err := f.client.OAuthClients.List(context.Background())
	var e *api.Error
	if !asError(err, &e) || e.Status != 500 {
		t.Fatalf("err = %v, want a 500", err)
	}
	if e.Message != "server error 500 (HTML page)" || strings.Contains(err.Error(), "<") {
		t.Errorf("message = %q, want the summary and no markup", e.Message)
	}
}

func TestEmptyErrorBodyUsesTheStatusText(t *testing.T) {
	f := seeded(t, firstN(1, "GET", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
	}))
	_, err := f.client.OAuthClients.List(context.Background())
	var e *api.Error
	if !asError(err, &e) || e.Status != 502 || e.Message != "bad gateway" {
		t.Fatalf("err = %#v, want 502 bad gateway", err)
	}
}

func TestMalformedJSONReplyIsAnError(t *testing.T) {
	f := seeded(t, firstN(1, "GET", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`[{"id": 1, "name": "x"`))
	}))
	_, err := f.client.OAuthClients.List(context.Background())
	if err == nil || !strings.Contains(err.Error(), "malformed JSON") {
		t.Fatalf("err = %v, want a malformed-JSON error", err)
	}
}

func TestEmptySuccessReplyWhereJSONWasExpectedIsAnError(t *testing.T) {
	f := seeded(t, firstN(1, "GET", func(w http.ResponseWriter, r *http.Request) {}))
	if _, err := f.client.OAuthClients.List(context.Background()); err == nil || !strings.Contains(err.Error(), "empty reply") {
		t.Fatalf("err = %v, want an empty-reply error", err)
	}
}

// unauthorizedQuoting answers 401 with the JSON body that body makes of
// the request's bearer token, as a server that quotes what it refuses.
func unauthorizedQuoting(body func(token string) string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(body(strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))))
	}
}

func TestErrorsNeverCarryTheBearerToken(t *testing.T) {
	f := seeded(t, firstN(1, "GET", unauthorizedQuoting(func(token string) string {
		return `{"error":"Unauthorized","description":"token ` + token + ` is bad"}`
	})))
	_, err := f.client.OAuthClients.List(context.Background())
	f.checkSent(t, sent{method: "GET", path: clientsPath}) // it carried f.token
	if err == nil || strings.Contains(err.Error(), f.token) {
		t.Fatalf("err = %v leaks the token", err)
	}
}

func TestNewClientRefusesPlainHTTPToARemoteHost(t *testing.T) {
	for _, u := range []string{"http://acme.zendesk.com/api/v2/chat", "ftp://localhost/x", "not a url"} {
		if _, err := api.NewClient(u, nil); err == nil {
			t.Errorf("%s was accepted", u)
		}
	}
	for _, u := range []string{"https://acme.zendesk.com/api/v2/chat", "http://127.0.0.1:1/x", "http://[::1]:1/", "http://localhost:8900"} {
		if _, err := api.NewClient(u, nil); err != nil {
			t.Errorf("%s refused: %v", u, err)
		}
	}
}

func TestRequestsCarryTheUserAgent(t *testing.T) {
	f := seeded(t)
	if _, err := f.client.OAuthClients.List(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := f.wire.take()
	if len(got) != 1 || !strings.HasPrefix(got[0].header.Get("User-Agent"), "chatkeys/") {
		t.Fatalf("requests %+v, want one with User-Agent chatkeys/…", got)
	}
}

func TestARedirectOffHTTPSIsNotFollowedWithTheToken(t *testing.T) {
	f := seeded(t, firstN(1, "GET", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://chat.example.invalid/api/v2/chat/oauth/clients", http.StatusMovedPermanently)
	}))
	_, err := f.client.OAuthClients.List(context.Background())
	if !errors.Is(err, api.ErrInsecureRedirect) {
		t.Fatalf("err = %v, want the redirect refused", err)
	}
}

func TestATokenStraddlingTheCutIsStillRedacted(t *testing.T) {
	f := seeded(t, firstN(1, "GET", unauthorizedQuoting(func(token string) string {
		return `{"error":"bad ` + token + `","description":"` + strings.Repeat("x", 180) + token + `"}`
	})))
	_, err := f.client.OAuthClients.List(context.Background())
	f.checkSent(t, sent{method: "GET", path: clientsPath}) // it carried f.token
	var e *api.Error
	if !asError(err, &e) || strings.Contains(e.Code, f.token[:8]) || strings.Contains(e.Message, f.token[:8]) {
		t.Fatalf("code %q message %q carry part of the token", e.Code, e.Message)
	}
}
