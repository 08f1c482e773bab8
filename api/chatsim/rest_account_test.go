package chatsim

import (
	"encoding/json"
	"testing"
	"time"

	"chatkeys/api"
)

const tokensPath = "/api/v2/chat/oauth/tokens"

func TestTokensListInTheSeedsShape(t *testing.T) {
	f := newFixture(t, Options{Seed: 1})
	r := f.call(t, "GET", tokensPath, f.admin, "")
	var raw []map[string]any
	if err := json.Unmarshal(r.raw, &raw); err != nil || r.status != 200 {
		t.Fatalf("%d %v", r.status, err)
	}
	if len(raw) != len(f.sim.Tokens()) {
		t.Fatalf("listed %d of %d tokens", len(raw), len(f.sim.Tokens()))
	}
	for _, key := range []string{"access_token", "agent_id", "client_identifier", "create_date", "expire_date", "id", "scopes", "token_type"} {
		if _, ok := raw[0][key]; !ok {
			t.Errorf("a token lacks %s: %v", key, raw[0])
		}
	}
	var tokens []api.OAuthToken
	json.Unmarshal(r.raw, &tokens)
	for i, tok := range tokens {
		if i > 0 && tok.ID <= tokens[i-1].ID {
			t.Fatal("tokens are not ordered by id")
		}
		if tok.CreateDate.Location() != time.UTC || tok.TokenType != "Bearer" {
			t.Fatalf("token %d: %+v", tok.ID, tok)
		}
	}
}

func TestRevokeDeletesTheTokenAndItStopsWorking(t *testing.T) {
	f := newFixture(t, Options{Seed: 1})
	victim := f.sim.MintToken(f.sim.Admin().ID, f.sim.DemoClient().ClientIdentifier, "read write", time.Hour)
	if r := f.call(t, "DELETE", tokensPath+"/"+itoa(victim.ID), f.admin, ""); r.status != 204 || len(r.raw) != 0 {
		t.Fatalf("revoke: %d %s", r.status, r.raw)
	}
	if r := f.call(t, "GET", clientsPath, victim.AccessToken, ""); r.status != 401 {
		t.Fatalf("the revoked token: %d", r.status)
	}
	if r := f.call(t, "DELETE", tokensPath+"/"+itoa(victim.ID), f.admin, ""); r.status != 404 {
		t.Fatalf("a second revoke: %d", r.status)
	}
	demo := f.sim.DemoClient()
	r := f.postToken(t, map[string][]string{"grant_type": {"refresh_token"}, "refresh_token": {victim.RefreshToken},
		"client_id": {demo.ClientIdentifier}, "client_secret": {demo.ClientSecret}})
	if r.status != 400 || r.str("error") != "invalid_grant" {
		t.Fatalf("the revoked token's refresh token: %d %s", r.status, r.raw)
	}
}

func TestAccountNamesTheCallingAgent(t *testing.T) {
	f := newFixture(t, Options{Seed: 1})
	r := f.call(t, "GET", "/api/v2/chat/account", f.admin, "")
	agent, _ := r.body["agent"].(map[string]any)
	if r.status != 200 || agent["email"] != f.sim.Admin().Email || agent["role"] != "administrator" {
		t.Fatalf("%d %s", r.status, r.raw)
	}
}
