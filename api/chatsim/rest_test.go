package chatsim

import (
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const clientsPath = "/api/v2/chat/oauth/clients"

func TestSecretsAreWholeOnlyOnCreateAndGenerate(t *testing.T) {
	f := newFixture(t, Options{Seed: 1})
	st, created, _ := f.call(t, "POST", clientsPath, f.admin,
		`{"name":"client2","company":"client2 company","scopes":"read write","redirect_uris":"https://example.com/cb"}`)
	secret, _ := created["client_secret"].(string)
	if st != 201 || len(secret) != 64 || created["update_date"] != nil {
		t.Fatalf("create: %d %v", st, created)
	}
	id := int(created["id"].(float64))
	path := clientsPath + "/" + itoa(id)
	_, shown, _ := f.call(t, "GET", path, f.admin, "")
	_, updated, _ := f.call(t, "PUT", path, f.admin, `{"name":"client two"}`)
	_, _, listRaw := f.call(t, "GET", clientsPath, f.admin, "")
	for name, got := range map[string]any{"show": shown["client_secret"], "update": updated["client_secret"]} {
		if got != secret[:8] {
			t.Errorf("%s shows secret %v, want the 8-character prefix", name, got)
		}
	}
	if strings.Contains(string(listRaw), secret) {
		t.Error("list shows the whole secret")
	}
	_, gen, _ := f.call(t, "POST", path+"/client_secret", f.admin, "")
	if s2, _ := gen["client_secret"].(string); len(s2) != 64 || s2 == secret {
		t.Fatalf("generate gave %v", gen)
	}
}

func TestClientTypeIsIgnoredOnCreateAndSetByUpdate(t *testing.T) {
	f := newFixture(t, Options{Seed: 1})
	_, c, _ := f.call(t, "POST", clientsPath, f.admin,
		`{"name":"x","scopes":"read","redirect_uris":["https://a.example"],"client_type":"confidential"}`)
	if c["client_type"] != "public" {
		t.Fatalf("created as %v", c["client_type"])
	}
	path := clientsPath + "/" + itoa(int(c["id"].(float64)))
	if _, u, _ := f.call(t, "PUT", path, f.admin, `{"client_type":"confidential"}`); u["client_type"] != "confidential" || u["update_date"] == nil {
		t.Fatalf("update gave %v", u)
	}
	if st, e, _ := f.call(t, "PUT", path, f.admin, `{"client_type":"secret"}`); st != 400 || e["field"] != "client_type" {
		t.Fatalf("bad type: %d %v", st, e)
	}
}

func TestValidationErrorsNameTheirField(t *testing.T) {
	f := newFixture(t, Options{Seed: 1})
	cases := map[string]string{
		`{"scopes":"read","redirect_uris":"https://a.example"}`:                   "name",
		`{"name":" ","scopes":"read","redirect_uris":"https://a.example"}`:        "name",
		`{"name":"x","scopes":"read"}`:                                            "redirect_uris",
		`{"name":"x","scopes":"read","redirect_uris":"http://example.com/cb"}`:    "redirect_uris",
		`{"name":"x","scopes":"read","redirect_uris":"/relative"}`:                "redirect_uris",
		`{"name":"x","scopes":"read","redirect_uris":{"a":1}}`:                    "redirect_uris",
		`{"name":"x","redirect_uris":"https://a.example"}`:                        "scopes",
		`{"name":"x","scopes":"admin","redirect_uris":"https://a.example"}`:       "scopes",
		`{"name":"x","scopes":"read chat","redirect_uris":"https://a.example"}`:   "scopes",
		`{"name":"x","scopes":"read","redirect_uris":"http://127.0.0.1:9/cb ok"}`: "redirect_uris",
	}
	for body, field := range cases {
		st, e, _ := f.call(t, "POST", clientsPath, f.admin, body)
		if st != 400 || e["field"] != field || e["description"] == "" {
			t.Errorf("%s: %d %v, want 400 on %s", body, st, e, field)
		}
	}
	for _, ok := range []string{"http://localhost:8080", "http://127.0.0.1:9/cb", "https://a.example/x?y=1"} {
		if st, e, _ := f.call(t, "POST", clientsPath, f.admin, `{"name":"x","scopes":"read","redirect_uris":"`+ok+`"}`); st != 201 {
			t.Errorf("%s refused: %v", ok, e)
		}
	}
}

func TestTheSeedsCreateCurlWithItsMissingCommaGetsA400(t *testing.T) {
	f := newFixture(t, Options{Seed: 1})
	body := "{\n        \"name\": \"client2\", \\\n        \"company\": \"client2 company\" \\\n        \"scopes\": \"read write\", \\\n        \"redirect_uris\": \"{your_redirect_url}\"\n      }"
	st, e, _ := f.call(t, "POST", clientsPath, f.admin, body)
	if st != 400 || !strings.Contains(e["description"].(string), "invalid JSON") {
		t.Fatalf("%d %v", st, e)
	}
}

func TestAuthErrors(t *testing.T) {
	f := newFixture(t, Options{Seed: 1})
	readOnly := f.sim.MintToken(f.sim.Admin().ID, f.sim.DemoClient().ClientIdentifier, "read", time.Hour).AccessToken
	var agent Agent
	for _, a := range f.sim.Agents() {
		if !a.Admin {
			agent = a
		}
	}
	ordinary := f.sim.MintToken(agent.ID, f.sim.DemoClient().ClientIdentifier, "read write", time.Hour).AccessToken
	expired := f.sim.MintToken(f.sim.Admin().ID, f.sim.DemoClient().ClientIdentifier, "read write", -time.Minute).AccessToken
	cases := []struct {
		name, method, path, token string
		status                    int
		want                      string
	}{
		{"missing", "GET", clientsPath, "", 401, "required"},
		{"bad", "GET", clientsPath, "nope", 401, "invalid"},
		{"expired", "GET", clientsPath, expired, 401, "expired"},
		{"read token may read", "GET", clientsPath, readOnly, 200, ""},
		{"read token may not write", "DELETE", clientsPath + "/2", readOnly, 403, "write scope"},
		{"not an admin", "GET", "/api/v2/chat/oauth/tokens", ordinary, 403, "administrators"},
		{"unknown id", "GET", clientsPath + "/999", f.admin, 404, ""},
		{"non-numeric id", "GET", clientsPath + "/abc", f.admin, 404, ""},
		{"wrong method", "PATCH", clientsPath + "/1", f.admin, 405, ""},
		{"unknown path", "GET", "/api/v2/chat/nothing", f.admin, 404, ""},
		{"account for any agent", "GET", "/api/v2/chat/account", ordinary, 200, ""},
	}
	for _, c := range cases {
		st, body, raw := f.call(t, c.method, c.path, c.token, "")
		desc, _ := body["description"].(string)
		if st != c.status || !strings.Contains(desc, c.want) {
			t.Errorf("%s: %d %s, want %d %q", c.name, st, raw, c.status, c.want)
		}
	}
}

func TestGenerateSecretPathsFollowTheOption(t *testing.T) {
	for mode, want := range map[SecretPaths][2]int{BothPaths: {200, 200}, BareOnly: {404, 200}, SuffixOnly: {200, 405}} {
		f := newFixture(t, Options{Seed: 1, SecretPaths: mode})
		st1, _, _ := f.call(t, "POST", clientsPath+"/2/client_secret", f.admin, "")
		st2, _, _ := f.call(t, "POST", clientsPath+"/2", f.admin, "")
		if [2]int{st1, st2} != want {
			t.Errorf("mode %d: suffix %d, bare %d; want %v", mode, st1, st2, want)
		}
	}
}

func TestLegacyTokensPathTakesBasicAuthAsTheSeedShows(t *testing.T) {
	f := newFixture(t, Options{Seed: 1})
	admin := f.sim.Admin()
	req, _ := http.NewRequest("GET", f.srv.URL+"/api/v2/oauth/tokens", nil)
	req.SetBasicAuth(admin.Email, admin.Password)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("basic auth on the legacy path: %v %v", resp.StatusCode, err)
	}
	resp.Body.Close()
	req, _ = http.NewRequest("GET", f.srv.URL+"/api/v2/chat/oauth/tokens", nil)
	req.SetBasicAuth(admin.Email, admin.Password)
	if resp, _ := http.DefaultClient.Do(req); resp.StatusCode != 401 {
		t.Fatalf("basic auth on the current path: %d, want 401", resp.StatusCode)
	}
}

func TestRevokeDeletesTheTokenAndItStopsWorking(t *testing.T) {
	f := newFixture(t, Options{Seed: 1})
	victim := f.sim.MintToken(f.sim.Admin().ID, f.sim.DemoClient().ClientIdentifier, "read write", time.Hour)
	if st, _, _ := f.call(t, "DELETE", "/api/v2/chat/oauth/tokens/"+itoa(int(victim.ID)), f.admin, ""); st != 204 {
		t.Fatalf("revoke: %d", st)
	}
	if st, _, _ := f.call(t, "GET", clientsPath, victim.AccessToken, ""); st != 401 {
		t.Fatalf("revoked token: %d", st)
	}
	if st, _, _ := f.call(t, "DELETE", "/api/v2/chat/oauth/tokens/"+itoa(int(victim.ID)), f.admin, ""); st != 404 {
		t.Fatalf("second revoke: %d", st)
	}
}

func TestRateLimitAnswers429WithRetryAfter(t *testing.T) {
	f := newFixture(t, Options{Seed: 1, RateLimit: 2})
	for range 2 {
		if st, _, _ := f.call(t, "GET", clientsPath, f.admin, ""); st != 200 {
			t.Fatal(st)
		}
	}
	req, _ := http.NewRequest("GET", f.srv.URL+clientsPath, nil)
	req.Header.Set("Authorization", "Bearer "+f.admin)
	resp, _ := http.DefaultClient.Do(req)
	resp.Body.Close()
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("%d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
}

func TestInjectedHTMLErrorsAnswerTheNextRequests(t *testing.T) {
	f := newFixture(t, Options{Seed: 1})
	f.sim.InjectHTMLErrors(2)
	for range 2 {
		if st, _, raw := f.call(t, "GET", clientsPath, f.admin, ""); st != 500 || !strings.Contains(string(raw), "<center>nginx</center>") {
			t.Fatalf("%d %s", st, raw)
		}
	}
	if st, _, _ := f.call(t, "GET", clientsPath, f.admin, ""); st != 200 {
		t.Fatalf("after the injected errors: %d", st)
	}
}

func TestLatencyAndInFlightAreMeasured(t *testing.T) {
	f := newFixture(t, Options{Seed: 1, Latency: 30 * time.Millisecond})
	start := time.Now()
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() { defer wg.Done(); f.call(t, "GET", clientsPath, f.admin, "") }()
	}
	wg.Wait()
	if time.Since(start) < 30*time.Millisecond {
		t.Error("no latency was added")
	}
	if now, max := f.sim.InFlight(); now != 0 || max < 2 || max > 4 {
		t.Errorf("in flight now %d, max %d", now, max)
	}
	if n := f.sim.RequestCount("GET", clientsPath); n != 4 {
		t.Errorf("counted %d requests, want 4", n)
	}
}

func TestDeletingAClientRemovesItsTokens(t *testing.T) {
	f := newFixture(t, Options{Seed: 1})
	victim := f.sim.Clients()[1]
	if st, _, _ := f.call(t, "DELETE", clientsPath+"/"+itoa(int(victim.ID)), f.admin, ""); st != 204 {
		t.Fatal(st)
	}
	for _, tok := range f.sim.Tokens() {
		if tok.ClientIdentifier == victim.ClientIdentifier {
			t.Fatalf("token %d of the deleted client survived", tok.ID)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
