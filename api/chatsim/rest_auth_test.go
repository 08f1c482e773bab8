package chatsim

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestRESTErrorsFollowTheChatAPIsShape(t *testing.T) {
	f := newFixture(t, Options{Seed: 1})
	demo := f.sim.DemoClient().ClientIdentifier
	admin := f.sim.Admin().ID
	readOnly := f.sim.MintToken(admin, demo, "read", time.Hour).AccessToken
	writeOnly := f.sim.MintToken(admin, demo, "write", time.Hour).AccessToken
	chatOnly := f.sim.MintToken(admin, demo, "chat", time.Hour).AccessToken
	agent := f.agentWhere(t, func(a Agent) bool { return !a.Admin })
	ordinary := f.sim.MintToken(agent.ID, demo, "read write", time.Hour).AccessToken
	expired := f.sim.MintToken(admin, demo, "read write", -time.Minute).AccessToken
	revoked := f.sim.MintToken(admin, demo, "read write", time.Hour)
	if r := f.call(t, "DELETE", "/api/v2/chat/oauth/tokens/"+itoa(revoked.ID), f.admin, ""); r.status != 204 {
		t.Fatalf("revoke: %d", r.status)
	}
	cases := []struct {
		name, method, path, token string
		status                    int
		errorCode, description    string
	}{
		{"no token", "GET", clientsPath, "", 401, "Unauthorized", "token is required"},
		{"unknown token", "GET", clientsPath, "nope", 401, "Unauthorized", "invalid or was revoked"},
		{"revoked token", "GET", clientsPath, revoked.AccessToken, 401, "Unauthorized", "invalid or was revoked"},
		{"expired token", "GET", clientsPath, expired, 401, "Unauthorized", "expired"},
		{"read token may read", "GET", clientsPath, readOnly, 200, "", ""},
		{"read token may not write", "DELETE", clientsPath + "/2", readOnly, 403, "Forbidden", "this token lacks the write scope"},
		{"write token may not read", "GET", clientsPath, writeOnly, 403, "Forbidden", "this token lacks the read scope"},
		{"chat token may do neither", "GET", "/api/v2/chat/oauth/tokens", chatOnly, 403, "Forbidden", "lacks the read scope"},
		{"not an admin: clients", "GET", clientsPath, ordinary, 403, "Forbidden", "only account administrators can use this endpoint"},
		{"not an admin: tokens", "GET", "/api/v2/chat/oauth/tokens", ordinary, 403, "Forbidden", "only account administrators"},
		{"unknown client id", "GET", clientsPath + "/999", f.admin, 404, "Not Found", ""},
		{"non-numeric id", "PUT", clientsPath + "/abc", f.admin, 404, "Not Found", ""},
		{"unknown token id", "DELETE", "/api/v2/chat/oauth/tokens/1", f.admin, 404, "Not Found", ""},
		{"wrong method", "PATCH", clientsPath + "/1", f.admin, 405, "Method Not Allowed", "PATCH"},
		{"wrong method on a list", "DELETE", clientsPath, f.admin, 405, "Method Not Allowed", ""},
		{"unknown path", "GET", "/api/v2/chat/nothing", f.admin, 404, "Not Found", ""},
		{"account for any agent", "GET", "/api/v2/chat/account", ordinary, 200, "", ""},
		{"chats for any agent", "GET", "/api/v2/chat/chats", ordinary, 200, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := f.call(t, c.method, c.path, c.token, "")
			if r.status != c.status || r.str("error") != c.errorCode || !strings.Contains(r.str("description"), c.description) {
				t.Fatalf("%d %s, want %d %s %q", r.status, r.raw, c.status, c.errorCode, c.description)
			}
			if c.status == 404 && c.errorCode == "Not Found" && r.body["description"] != nil && c.description == "" {
				t.Errorf("404 carries a description: %s", r.raw)
			}
		})
	}
}

func TestMethodNotAllowedNamesTheAllowedMethods(t *testing.T) {
	f := newFixture(t, Options{Seed: 1})
	for path, allow := range map[string]string{
		clientsPath:                       "GET, POST",
		clientsPath + "/1":                "DELETE, GET, POST, PUT",
		"/api/v2/chat/oauth/tokens/1":     "DELETE",
		"/oauth2/chat/token":              "POST",
		"/oauth2/chat/authorizations/new": "GET",
	} {
		if r := f.call(t, "PATCH", path, f.admin, ""); r.status != 405 || r.header.Get("Allow") != allow {
			t.Errorf("PATCH %s: %d, Allow %q; want 405, %q", path, r.status, r.header.Get("Allow"), allow)
		}
	}
}

func TestBearerSchemeIsCaseInsensitive(t *testing.T) {
	f := newFixture(t, Options{Seed: 1})
	req, _ := http.NewRequest("GET", f.srv.URL+clientsPath, nil)
	req.Header.Set("Authorization", "bearer "+f.admin)
	if r := f.do(t, req); r.status != 200 {
		t.Fatalf("%d %s", r.status, r.raw)
	}
}

func TestLegacyTokensPathTakesBasicAuthAsTheSeedShows(t *testing.T) {
	f := newFixture(t, Options{Seed: 1})
	admin := f.sim.Admin()
	agent := f.agentWhere(t, func(a Agent) bool { return !a.Admin })
	victim := f.sim.MintToken(agent.ID, f.sim.DemoClient().ClientIdentifier, "read", time.Hour)
	basic := func(method, path, email, password string) reply {
		req, _ := http.NewRequest(method, f.srv.URL+path, nil)
		req.SetBasicAuth(email, password)
		return f.do(t, req)
	}
	if r := basic("GET", "/api/v2/oauth/tokens", admin.Email, admin.Password); r.status != 200 || !strings.Contains(string(r.raw), victim.AccessToken) {
		t.Fatalf("list on the legacy path: %d", r.status)
	}
	if r := basic("GET", "/api/v2/oauth/tokens", admin.Email, "wrong"); r.status != 401 {
		t.Fatalf("a wrong password: %d", r.status)
	}
	if r := basic("GET", "/api/v2/oauth/tokens", agent.Email, agent.Password); r.status != 403 {
		t.Fatalf("a non-admin: %d", r.status)
	}
	if r := basic("DELETE", "/api/v2/oauth/tokens/"+itoa(victim.ID), admin.Email, admin.Password); r.status != 204 {
		t.Fatalf("revoke on the legacy path: %d", r.status)
	}
	if r := basic("GET", "/api/v2/chat/oauth/tokens", admin.Email, admin.Password); r.status != 401 {
		t.Fatalf("basic auth on the current path: %d, want 401", r.status)
	}
	if r := f.call(t, "GET", "/api/v2/oauth/tokens", f.admin, ""); r.status != 200 {
		t.Fatalf("a bearer token on the legacy path: %d", r.status)
	}
}
