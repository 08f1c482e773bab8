package chatsim

import (
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestRateLimitAnswers429WithRetryAfterUntilTheWindowFrees(t *testing.T) {
	f := newFixture(t, Options{Seed: 1, RateLimit: 2})
	f.call(t, "GET", clientsPath, f.admin, "")
	f.clock.Advance(20 * time.Second)
	f.call(t, "GET", clientsPath, f.admin, "")
	f.clock.Advance(5 * time.Second)

	r := f.call(t, "GET", clientsPath, f.admin, "")
	if r.status != 429 || r.str("error") != "Too Many Requests" || r.str("description") != "rate limit exceeded" {
		t.Fatalf("over the limit: %d %s", r.status, r.raw)
	}
	// The first request leaves the window 60 s after it came: 35 s from now.
	if got := r.header.Get("Retry-After"); got != "35" {
		t.Fatalf("Retry-After %q, want 35", got)
	}
	if tr := f.postToken(t, url.Values{"grant_type": {"client_credentials"}}); tr.status == 429 {
		t.Fatal("the token endpoint is rate limited; only REST is")
	}
	f.clock.Advance(35 * time.Second)
	if r := f.call(t, "GET", clientsPath, f.admin, ""); r.status != 200 {
		t.Fatalf("once the window frees: %d", r.status)
	}
	if r := f.call(t, "GET", clientsPath, f.admin, ""); r.status != 429 || r.header.Get("Retry-After") != "20" {
		t.Fatalf("the next: %d, Retry-After %q, want 429 and 20", r.status, r.header.Get("Retry-After"))
	}
	f.sim.SetRateLimit(0)
	for range 5 {
		if r := f.call(t, "GET", clientsPath, f.admin, ""); r.status != 200 {
			t.Fatalf("with no limit: %d", r.status)
		}
	}
}

func TestRetryAfterIsWholeSecondsAndNeverZero(t *testing.T) {
	for wait, want := range map[time.Duration]int{0: 1, time.Millisecond: 1, time.Second: 1, 1001 * time.Millisecond: 2, time.Minute: 60} {
		if got := retryAfterSeconds(wait); got != want {
			t.Errorf("retryAfterSeconds(%v) = %d, want %d", wait, got, want)
		}
	}
}

func TestInjectedHTMLErrorsAnswerTheNextRequestsOnAnyEndpoint(t *testing.T) {
	f := newFixture(t, Options{Seed: 1})
	f.sim.InjectHTMLErrors(2)
	rest := f.call(t, "GET", clientsPath, f.admin, "")
	oauth := f.postToken(t, url.Values{"grant_type": {"client_credentials"}})
	for _, r := range []reply{rest, oauth} {
		if r.status != 500 || r.raw == nil || string(r.raw) != nginxError || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
			t.Fatalf("%d %q %s", r.status, r.header.Get("Content-Type"), r.raw)
		}
	}
	if r := f.call(t, "GET", clientsPath, f.admin, ""); r.status != 200 {
		t.Fatalf("after the injected errors: %d", r.status)
	}
}

func TestLatencyIsAddedToEveryRequest(t *testing.T) {
	f := newFixture(t, Options{Seed: 1, Latency: 15 * time.Millisecond})
	for _, send := range []func(){
		func() { f.call(t, "GET", clientsPath, f.admin, "") },
		func() { f.postToken(t, url.Values{}) },
	} {
		start := time.Now()
		send()
		if d := time.Since(start); d < 15*time.Millisecond {
			t.Errorf("answered in %v, under the latency", d)
		}
	}
	f.sim.SetLatency(0)
	start := time.Now()
	f.call(t, "GET", clientsPath, f.admin, "")
	if d := time.Since(start); d > time.Second {
		t.Errorf("with no latency: %v", d)
	}
}

func TestInFlightCountsConcurrentRESTRequests(t *testing.T) {
	f := newFixture(t, Options{Seed: 1, Latency: 40 * time.Millisecond})
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() { f.call(t, "GET", clientsPath, f.admin, "") })
	}
	deadline := time.Now().Add(2 * time.Second)
	for now, _ := f.sim.InFlight(); now == 0 && time.Now().Before(deadline); now, _ = f.sim.InFlight() {
		time.Sleep(time.Millisecond)
	}
	wg.Wait()
	if now, most := f.sim.InFlight(); now != 0 || most < 2 || most > 4 {
		t.Fatalf("in flight now %d, max %d", now, most)
	}
	f.sim.ResetMaxInFlight()
	if _, most := f.sim.InFlight(); most != 0 {
		t.Fatalf("after ResetMaxInFlight the max is %d", most)
	}
	f.postToken(t, url.Values{})
	if _, most := f.sim.InFlight(); most != 0 {
		t.Fatal("an OAuth request counted as a REST request in flight")
	}
}

func TestRequestCountMatchesMethodAndPathPrefix(t *testing.T) {
	f := newFixture(t, Options{Seed: 1, RateLimit: 1})
	f.call(t, "GET", clientsPath, f.admin, "")
	f.call(t, "GET", clientsPath+"/2", f.admin, "") // refused with 429, still counted
	f.call(t, "POST", clientsPath+"/2", f.admin, "")
	f.postToken(t, url.Values{})
	for _, c := range []struct {
		method, prefix string
		want           int
	}{{"GET", clientsPath, 2}, {"GET", clientsPath + "/", 1}, {"POST", clientsPath, 1}, {"POST", tokenPath, 1}, {"DELETE", "/", 0}} {
		if got := f.sim.RequestCount(c.method, c.prefix); got != c.want {
			t.Errorf("RequestCount(%s, %s) = %d, want %d", c.method, c.prefix, got, c.want)
		}
	}
}

func TestLogNeverSeesSecretsOrTokens(t *testing.T) {
	var mu sync.Mutex
	var log strings.Builder
	f := newFixture(t, Options{Seed: 1, Logf: func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(&log, format+"\n", args...)
	}})
	demo := f.sim.DemoClient()
	admin := f.sim.Admin()
	created := f.createClient(t, `{"name":"x","scopes":"read","redirect_uris":"https://a.example"}`)
	gen := f.call(t, "POST", clientPath(created)+"/client_secret", f.admin, "")
	pw := f.postToken(t, url.Values{"grant_type": {"password"}, "username": {admin.Email}, "password": {admin.Password},
		"client_id": {demo.ClientIdentifier}, "client_secret": {demo.ClientSecret}})
	f.call(t, "GET", "/api/v2/chat/nothing?access_token="+f.admin, "", "")

	mu.Lock()
	defer mu.Unlock()
	if strings.Count(log.String(), "\n") != 4 || !strings.Contains(log.String(), "POST "+tokenPath+" 200") {
		t.Fatalf("log:\n%s", log.String())
	}
	for _, secret := range []string{f.admin, demo.ClientSecret, admin.Password, created.str("client_secret"),
		gen.str("client_secret"), pw.str("access_token"), pw.str("refresh_token")} {
		if secret == "" || strings.Contains(log.String(), secret) {
			t.Fatalf("the log holds a secret (or the flow failed): %q\n%s", secret, log.String())
		}
	}
}
