package chatsim

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"chatkeys/api"
)

const clientsPath = "/api/v2/chat/oauth/clients"

// createClient creates a client through the API and returns the reply.
func (f *fixture) createClient(t *testing.T, body string) reply {
	t.Helper()
	r := f.call(t, "POST", clientsPath, f.admin, body)
	if r.status != 201 {
		t.Fatalf("create: %d %s", r.status, r.raw)
	}
	return r
}

func clientPath(r reply) string {
	return clientsPath + "/" + itoa(int64(r.body["id"].(float64)))
}

func TestSecretsAreWholeOnlyOnCreateAndGenerate(t *testing.T) {
	f := newFixture(t, Options{Seed: 1})
	created := f.createClient(t, `{"name":"client2","company":"client2 company","scopes":"read write","redirect_uris":"https://example.com/cb"}`)
	secret := created.str("client_secret")
	if len(secret) != 64 || len(created.str("client_identifier")) != 50 || created.body["update_date"] != nil ||
		created.str("create_date") == "" || created.str("redirect_uris") != "https://example.com/cb" {
		t.Fatalf("create replied %s", created.raw)
	}
	path := clientPath(created)
	shown := f.call(t, "GET", path, f.admin, "")
	updated := f.call(t, "PUT", path, f.admin, `{"name":"client two"}`)
	for name, got := range map[string]string{"show": shown.str("client_secret"), "update": updated.str("client_secret")} {
		if got != secret[:8] {
			t.Errorf("%s shows secret %q, want the 8-character prefix %q", name, got, secret[:8])
		}
	}
	list := f.call(t, "GET", clientsPath, f.admin, "")
	var clients []api.OAuthClient
	if err := json.Unmarshal(list.raw, &clients); err != nil {
		t.Fatal(err)
	}
	for _, c := range clients {
		if len(c.ClientSecret) != 8 {
			t.Errorf("list shows client %d's secret as %d characters", c.ID, len(c.ClientSecret))
		}
	}
	gen := f.call(t, "POST", path+"/client_secret", f.admin, "")
	if s2 := gen.str("client_secret"); gen.status != 200 || len(s2) != 64 || s2 == secret || len(gen.body) != 1 {
		t.Fatalf("generate replied %d %s", gen.status, gen.raw)
	}
}

func TestClientTypeIsIgnoredOnCreateAndSetByUpdate(t *testing.T) {
	f := newFixture(t, Options{Seed: 1})
	c := f.createClient(t, `{"name":"x","scopes":"read","redirect_uris":["https://a.example"],"client_type":"confidential"}`)
	if c.str("client_type") != "public" {
		t.Fatalf("created as %q", c.str("client_type"))
	}
	path := clientPath(c)
	if u := f.call(t, "PUT", path, f.admin, `{"client_type":"confidential"}`); u.str("client_type") != "confidential" || u.body["update_date"] == nil {
		t.Fatalf("update replied %s", u.raw)
	}
	if r := f.call(t, "PUT", path, f.admin, `{"client_type":"secret"}`); r.status != 400 || r.str("field") != "client_type" {
		t.Fatalf("an unknown type: %d %s", r.status, r.raw)
	}
	if got := f.call(t, "GET", path, f.admin, ""); got.str("client_type") != "confidential" || got.str("name") != "x" {
		t.Fatalf("after the refused update: %s", got.raw)
	}
}

func TestUpdateChangesOnlyTheFieldsSent(t *testing.T) {
	f := newFixture(t, Options{Seed: 1})
	c := f.createClient(t, `{"name":"x","company":"Co","scopes":"write read","redirect_uris":"https://a.example https://b.example"}`)
	if c.str("scopes") != "read write" {
		t.Errorf("scopes stored as %q, want them normalized", c.str("scopes"))
	}
	u := f.call(t, "PUT", clientPath(c), f.admin, `{"redirect_uris":["http://[::1]:9/cb"],"company":null}`)
	if u.status != 200 || u.str("name") != "x" || u.str("company") != "Co" || u.str("redirect_uris") != "http://[::1]:9/cb" {
		t.Fatalf("update replied %d %s", u.status, u.raw)
	}
}

func TestValidationErrorsNameTheirField(t *testing.T) {
	f := newFixture(t, Options{Seed: 1})
	cases := []struct{ name, body, field string }{
		{"name missing", `{"scopes":"read","redirect_uris":"https://a.example"}`, "name"},
		{"name blank", `{"name":" ","scopes":"read","redirect_uris":"https://a.example"}`, "name"},
		{"name not a string", `{"name":1,"scopes":"read","redirect_uris":"https://a.example"}`, "name"},
		{"redirect missing", `{"name":"x","scopes":"read"}`, "redirect_uris"},
		{"redirect empty", `{"name":"x","scopes":"read","redirect_uris":""}`, "redirect_uris"},
		{"redirect http not loopback", `{"name":"x","scopes":"read","redirect_uris":"http://example.com/cb"}`, "redirect_uris"},
		{"redirect relative", `{"name":"x","scopes":"read","redirect_uris":"/relative"}`, "redirect_uris"},
		{"redirect with fragment", `{"name":"x","scopes":"read","redirect_uris":"https://a.example/#x"}`, "redirect_uris"},
		{"redirect other scheme", `{"name":"x","scopes":"read","redirect_uris":"ftp://a.example"}`, "redirect_uris"},
		{"redirect not a list", `{"name":"x","scopes":"read","redirect_uris":{"a":1}}`, "redirect_uris"},
		{"second redirect bad", `{"name":"x","scopes":"read","redirect_uris":"http://127.0.0.1:9/cb ok"}`, "redirect_uris"},
		{"scopes missing", `{"name":"x","redirect_uris":"https://a.example"}`, "scopes"},
		{"scopes unknown", `{"name":"x","scopes":"admin","redirect_uris":"https://a.example"}`, "scopes"},
		{"scopes chat", `{"name":"x","scopes":"read chat","redirect_uris":"https://a.example"}`, "scopes"},
		{"scopes blank", `{"name":"x","scopes":" ","redirect_uris":"https://a.example"}`, "scopes"},
		{"scopes comma", `{"name":"x","scopes":"read,write","redirect_uris":"https://a.example"}`, "scopes"},
	}
	for _, c := range cases {
		r := f.call(t, "POST", clientsPath, f.admin, c.body)
		if r.status != 400 || r.str("error") != "Bad Request" || r.str("field") != c.field || r.str("description") == "" {
			t.Errorf("%s: %d %s, want 400 on %s", c.name, r.status, r.raw, c.field)
		}
	}
	path := clientsPath + "/2"
	for body, field := range map[string]string{`{"name":""}`: "name", `{"redirect_uris":[]}`: "redirect_uris", `{"scopes":"chat"}`: "scopes"} {
		if r := f.call(t, "PUT", path, f.admin, body); r.status != 400 || r.str("field") != field {
			t.Errorf("update %s: %d %s, want 400 on %s", body, r.status, r.raw, field)
		}
	}
	for _, ok := range []string{"http://localhost:8080", "http://127.0.0.1:9/cb", "http://[::1]:8080", "https://a.example/x?y=1"} {
		body, _ := json.Marshal(map[string]string{"name": "x", "scopes": "read", "redirect_uris": ok})
		if r := f.call(t, "POST", clientsPath, f.admin, string(body)); r.status != 201 {
			t.Errorf("%s refused: %s", ok, r.raw)
		}
	}
}

func TestTheSeedsCreateCurlWithItsMissingCommaGetsA400(t *testing.T) {
	f := newFixture(t, Options{Seed: 1})
	// A create body as a broken curl command sends it: a missing comma after
	// "client2 company", and shell line continuations inside the quotes.
	body := "{        \"name\": \"client2\", \\        \"company\": \"client2 company\" \\        \"scopes\": \"read write\", \\        \"redirect_uris\": \"{your_redirect_url}\"      }"
	r := f.call(t, "POST", clientsPath, f.admin, body)
	if r.status != 400 || !strings.HasPrefix(r.str("description"), "invalid JSON body") || r.body["field"] != nil {
		t.Fatalf("%d %s", r.status, r.raw)
	}
	for _, bad := range []string{"", "[]", `"x"`, "null", `{"name":"x"} trailing`} {
		if r := f.call(t, "POST", clientsPath, f.admin, bad); r.status != 400 || !strings.HasPrefix(r.str("description"), "invalid JSON body") {
			t.Errorf("%q: %d %s", bad, r.status, r.raw)
		}
	}
}

func TestAnOversizedBodyIsRefused(t *testing.T) {
	f := newFixture(t, Options{Seed: 1})
	body := `{"name":"` + strings.Repeat("x", maxClientBody) + `"}`
	if r := f.call(t, "POST", clientsPath, f.admin, body); r.status != 413 {
		t.Fatalf("%d", r.status)
	}
}

func TestGenerateSecretPathsFollowTheOption(t *testing.T) {
	for mode, want := range map[SecretPaths][2]int{BothPaths: {200, 200}, BareOnly: {404, 200}, SuffixOnly: {200, 405}} {
		t.Run(mode.String(), func(t *testing.T) {
			f := newFixture(t, Options{Seed: 1, SecretPaths: mode})
			suffix := f.call(t, "POST", clientsPath+"/2/client_secret", f.admin, "")
			bare := f.call(t, "POST", clientsPath+"/2", f.admin, "")
			if [2]int{suffix.status, bare.status} != want {
				t.Fatalf("suffix %d, bare %d; want %v", suffix.status, bare.status, want)
			}
			if bare.status == 405 && bare.header.Get("Allow") != "DELETE, GET, PUT" {
				t.Errorf("405 with Allow %q", bare.header.Get("Allow"))
			}
			if want[0] == 200 && len(suffix.str("client_secret")) != 64 || want[1] == 200 && len(bare.str("client_secret")) != 64 {
				t.Errorf("suffix %s, bare %s", suffix.raw, bare.raw)
			}
		})
	}
}

func TestGeneratingASecretRetiresTheOldOne(t *testing.T) {
	f := newFixture(t, Options{Seed: 1})
	demo := f.sim.DemoClient()
	gen := f.call(t, "POST", clientsPath+"/"+itoa(demo.ID), f.admin, "")
	if gen.status != 200 || f.sim.DemoClient().ClientSecret != gen.str("client_secret") {
		t.Fatalf("generate: %d %s", gen.status, gen.raw)
	}
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {demo.ClientIdentifier}}
	for secret, status := range map[string]int{demo.ClientSecret: 401, gen.str("client_secret"): 200} {
		form.Set("client_secret", secret)
		if r := f.postToken(t, form); r.status != status {
			t.Errorf("secret %s…: %d %s, want %d", secret[:4], r.status, r.raw, status)
		}
	}
}

func TestDeletingAClientRemovesItAndItsTokens(t *testing.T) {
	f := newFixture(t, Options{Seed: 1})
	victim := f.sim.Clients()[1]
	if r := f.call(t, "DELETE", clientsPath+"/"+itoa(victim.ID), f.admin, ""); r.status != 204 || len(r.raw) != 0 {
		t.Fatalf("delete: %d %s", r.status, r.raw)
	}
	if r := f.call(t, "GET", clientsPath+"/"+itoa(victim.ID), f.admin, ""); r.status != 404 {
		t.Fatalf("show after delete: %d", r.status)
	}
	for _, tok := range f.sim.Tokens() {
		if tok.ClientIdentifier == victim.ClientIdentifier {
			t.Fatalf("token %d of the deleted client survived", tok.ID)
		}
	}
}

func TestCreatedClientsTakeTheNextIDAndTheCallerAsAgent(t *testing.T) {
	f := newFixture(t, Options{Seed: 1})
	other := f.agentWhere(t, func(a Agent) bool { return a.Admin && a.ID != f.sim.Admin().ID })
	tok := f.sim.MintToken(other.ID, f.sim.DemoClient().ClientIdentifier, "read write", time.Hour).AccessToken
	seeded := f.sim.Clients()
	r := f.call(t, "POST", clientsPath, tok, `{"name":"x","scopes":"read","redirect_uris":"https://a.example"}`)
	if r.status != 201 || r.body["id"].(float64) != float64(seeded[len(seeded)-1].ID+1) || r.body["agent_id"].(float64) != float64(other.ID) {
		t.Fatalf("create: %d %s", r.status, r.raw)
	}
}
