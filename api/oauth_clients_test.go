package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"chatkeys/api"
	"chatkeys/api/chatsim"
)

// The simulator's REST paths, from the server's root.
const (
	clientsPath = "/api/v2/chat/oauth/clients"
	tokensPath  = "/api/v2/chat/oauth/tokens"
)

func clientPath(id int64) string { return fmt.Sprintf("%s/%d", clientsPath, id) }
func tokenPath(id int64) string  { return fmt.Sprintf("%s/%d", tokensPath, id) }

func TestListClientsSendsOneGETAndReturnsEverySeededClientWithTruncatedSecrets(t *testing.T) {
	f := seeded(t)
	list := listVia(t, f, f.client.OAuthClients.List, clientsPath)
	want := f.sim.Clients()
	if len(list) != len(want) || len(list) < 3 {
		t.Fatalf("got %d clients, want %d (at least 3)", len(list), len(want))
	}
	for i, c := range list {
		if c.ID != want[i].ID || c.Name != want[i].Name || c.ClientIdentifier != want[i].ClientIdentifier {
			t.Errorf("client %d = %+v, want id %d name %q", i, c, want[i].ID, want[i].Name)
		}
		if c.ClientSecret == want[i].ClientSecret || !strings.HasPrefix(want[i].ClientSecret, c.ClientSecret) {
			t.Errorf("client %d secret %q is not a strict prefix of the real secret", c.ID, c.ClientSecret)
		}
		if c.CreateDate == nil || len(c.RedirectURIs) == 0 {
			t.Errorf("client %d lacks create_date or redirect_uris: %+v", c.ID, c)
		}
	}
}

func TestGetClientSendsAGETOfItsPathAndReturnsOneClient(t *testing.T) {
	f := seeded(t)
	demo := f.sim.DemoClient()
	c, err := f.client.OAuthClients.Get(context.Background(), demo.ID)
	if err != nil {
		t.Fatal(err)
	}
	f.checkSent(t, sent{method: "GET", path: clientPath(demo.ID)})
	if c.ClientIdentifier != demo.ClientIdentifier || c.ClientType != api.ClientTypeConfidential {
		t.Fatalf("got %+v, want the demo client (confidential)", c)
	}
}

func TestGetUnknownClientIsNotFound(t *testing.T) {
	f := seeded(t)
	_, err := f.client.OAuthClients.Get(context.Background(), 999999)
	if !api.IsNotFound(err) {
		t.Fatalf("err = %v, want a 404", err)
	}
}

func TestCreateClientPostsTheGivenFieldsAndReturnsTheFullSecretOnlyOnce(t *testing.T) {
	f := seeded(t)
	ctx := context.Background()
	c, err := f.client.OAuthClients.Create(ctx, api.ClientParams{
		Name: api.String("reporting"), Company: api.String("Acme"),
		RedirectURIs: api.RedirectURIs{"https://example.com/cb", "http://localhost:9000"},
		Scopes:       api.String("read"),
	})
	if err != nil {
		t.Fatal(err)
	}
	f.checkSent(t, sent{method: "POST", path: clientsPath,
		body: `{"name":"reporting","company":"Acme","redirect_uris":"https://example.com/cb http://localhost:9000","scopes":"read"}`})
	if len(c.ClientSecret) < 32 || c.ClientType != api.ClientTypePublic || c.UpdateDate != nil {
		t.Fatalf("created client = %+v, want a full secret, public, no update_date", c)
	}
	if got := strings.Join(c.RedirectURIs, " "); got != "https://example.com/cb http://localhost:9000" {
		t.Errorf("redirect URIs = %q", got)
	}
	again, err := f.client.OAuthClients.Get(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if again.ClientSecret == c.ClientSecret || !strings.HasPrefix(c.ClientSecret, again.ClientSecret) {
		t.Errorf("show returned secret %q, want a truncated prefix", again.ClientSecret)
	}
}

func TestCreateConfidentialClientPostsWithoutTheTypeThenPutsItAndKeepsTheSecret(t *testing.T) {
	f := seeded(t)
	c, err := f.client.OAuthClients.Create(context.Background(), api.ClientParams{
		Name: api.String("backend"), RedirectURIs: api.RedirectURIs{"https://example.com"},
		Scopes: api.String("read write"), ClientType: api.String(api.ClientTypeConfidential),
	})
	if err != nil {
		t.Fatal(err)
	}
	f.checkSent(t,
		sent{method: "POST", path: clientsPath, body: `{"name":"backend","redirect_uris":"https://example.com","scopes":"read write"}`},
		sent{method: "PUT", path: clientPath(c.ID), body: `{"client_type":"confidential"}`})
	if c.ClientType != api.ClientTypeConfidential {
		t.Errorf("type = %q, want confidential", c.ClientType)
	}
	var stored api.OAuthClient
	for _, s := range f.sim.Clients() {
		if s.ID == c.ID {
			stored = s
		}
	}
	if stored.ClientType != api.ClientTypeConfidential || stored.ClientSecret != c.ClientSecret {
		t.Errorf("simulator holds type %q; returned secret matches: %v", stored.ClientType, stored.ClientSecret == c.ClientSecret)
	}
}

func TestCreateClientValidationErrorNamesTheField(t *testing.T) {
	f := seeded(t)
	cases := map[string]api.ClientParams{
		"name":          {RedirectURIs: api.RedirectURIs{"https://x.example"}, Scopes: api.String("read")},
		"redirect_uris": {Name: api.String("x"), RedirectURIs: api.RedirectURIs{"http://example.com/cb"}, Scopes: api.String("read")},
		"scopes":        {Name: api.String("x"), RedirectURIs: api.RedirectURIs{"https://x.example"}, Scopes: api.String("admin")},
	}
	for field, p := range cases {
		_, err := f.client.OAuthClients.Create(context.Background(), p)
		var e *api.Error
		if !asError(err, &e) || e.Status != 400 || e.Field != field || e.Message == "" {
			t.Errorf("%s: err = %#v, want a 400 naming the field", field, err)
		}
	}
}

func TestUpdateClientPutsOnlyTheGivenFieldsAndChangesOnlyThose(t *testing.T) {
	f := seeded(t)
	demo := f.sim.DemoClient()
	c, err := f.client.OAuthClients.Update(context.Background(), demo.ID, api.ClientParams{Name: api.String("renamed")})
	if err != nil {
		t.Fatal(err)
	}
	f.checkSent(t, sent{method: "PUT", path: clientPath(demo.ID), body: `{"name":"renamed"}`})
	if c.Name != "renamed" || c.Company != demo.Company || c.Scopes != demo.Scopes || c.UpdateDate == nil {
		t.Fatalf("updated = %+v, want only the name changed and update_date set", c)
	}
	if c.ClientSecret == demo.ClientSecret {
		t.Error("update returned the full secret")
	}
}

func TestDeleteClientSendsADELETEOfItsPathAndRemovesIt(t *testing.T) {
	f := seeded(t)
	ctx := context.Background()
	id := f.sim.Clients()[1].ID // not the demo client, whose tokens the test logs in with
	if err := f.client.OAuthClients.Delete(ctx, id); err != nil {
		t.Fatal(err)
	}
	f.checkSent(t, sent{method: "DELETE", path: clientPath(id)})
	if _, err := f.client.OAuthClients.Get(ctx, id); !api.IsNotFound(err) {
		t.Fatalf("get after delete: %v, want 404", err)
	}
	if err := f.client.OAuthClients.Delete(ctx, id); !api.IsNotFound(err) {
		t.Fatalf("second delete: %v, want 404", err)
	}
}

// generateSecret asks for the demo client's new secret and checks that it
// is the simulator's, sent by the POSTs want.
func generateSecret(t *testing.T, f *fixture, want ...sent) {
	t.Helper()
	demo := f.sim.DemoClient()
	secret, err := f.client.OAuthClients.GenerateSecret(context.Background(), demo.ID)
	if err != nil {
		t.Fatal(err)
	}
	f.checkSent(t, want...)
	if secret == demo.ClientSecret || secret != f.sim.DemoClient().ClientSecret {
		t.Fatal("the returned secret is not the simulator's new secret")
	}
	if n := f.sim.RequestCount("POST", clientsPath+"/"); n != len(want) {
		t.Errorf("%d POSTs, want %d", n, len(want))
	}
}

func TestGenerateSecretPostsNoBodyToClientSecretAndReturnsTheNewFullSecret(t *testing.T) {
	f := seeded(t)
	generateSecret(t, f, sent{method: "POST", path: clientPath(f.sim.DemoClient().ID) + "/client_secret"})
}

func TestGenerateSecretFallsBackToAPOSTOfTheBarePath(t *testing.T) {
	f := setup(t, chatsim.Options{Seed: 1, SecretPaths: chatsim.BareOnly})
	path := clientPath(f.sim.DemoClient().ID)
	generateSecret(t, f, sent{method: "POST", path: path + "/client_secret"}, sent{method: "POST", path: path})
}

func TestGenerateSecretForUnknownClientIsNotFound(t *testing.T) {
	f := seeded(t)
	if _, err := f.client.OAuthClients.GenerateSecret(context.Background(), 424242); !api.IsNotFound(err) {
		t.Fatalf("err = %v, want 404", err)
	}
}

func TestUpdateUnknownClientIsNotFoundAndABadTypeIsRefused(t *testing.T) {
	f := seeded(t)
	if _, err := f.client.OAuthClients.Update(context.Background(), 4242, api.ClientParams{Name: api.String("x")}); !api.IsNotFound(err) {
		t.Fatalf("unknown id: %v", err)
	}
	_, err := f.client.OAuthClients.Update(context.Background(), f.sim.DemoClient().ID, api.ClientParams{ClientType: api.String("secret")})
	var e *api.Error
	if !asError(err, &e) || e.Status != 400 || e.Field != "client_type" {
		t.Fatalf("bad type: %v", err)
	}
}

func TestListClientsAsAnOrdinaryAgentIsForbidden(t *testing.T) {
	f := seeded(t)
	if _, err := f.clientAs(t, f.nonAdmin(t).ID, "read").OAuthClients.List(context.Background()); !api.IsForbidden(err) {
		t.Fatalf("err %v", err)
	}
}
