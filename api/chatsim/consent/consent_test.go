package consent_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"chatkeys/api/chatsim"
	"chatkeys/api/chatsim/consent"
)

func authorizeURL(srv *httptest.Server, sim *chatsim.Sim) string {
	return srv.URL + "/oauth2/chat/authorizations/new?" + url.Values{"response_type": {"code"},
		"client_id": {sim.DemoClient().ClientIdentifier}, "scope": {"read"}, "state": {"st"}}.Encode()
}

func TestDecideSignsInAndStopsAtTheCallbackHost(t *testing.T) {
	sim := chatsim.New(chatsim.Options{Seed: 1, DemoRedirectURI: "http://localhost:8080/cb"})
	srv := httptest.NewServer(sim)
	defer srv.Close()
	admin := sim.Admin()
	for button, want := range map[string]string{consent.Allow: "code", consent.Deny: "error"} {
		resp, err := consent.New("localhost:8080").Decide(authorizeURL(srv, sim), admin.Email, admin.Password, button)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		loc, _ := url.Parse(resp.Header.Get("Location"))
		if resp.StatusCode != http.StatusFound || loc.Path != "/cb" || loc.Query().Get(want) == "" || loc.Query().Get("state") != "st" {
			t.Fatalf("%s: %d, Location %s", button, resp.StatusCode, loc)
		}
	}
}

func TestDecideReturnsTheSignInPageOnAWrongPassword(t *testing.T) {
	sim := chatsim.New(chatsim.Options{Seed: 1})
	srv := httptest.NewServer(sim)
	defer srv.Close()
	resp, err := consent.New("localhost:8080").Decide(authorizeURL(srv, sim), sim.Admin().Email, "wrong", consent.Allow)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("%d, want the 401 sign-in page", resp.StatusCode)
	}
}
