package api_test

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"chatkeys/api"
)

func TestRedirectURIsDecodeFromAStringOrAnArray(t *testing.T) {
	cases := map[string]api.RedirectURIs{
		`"http://localhost:8080"`:                       {"http://localhost:8080"},
		`"https://a.example/cb  http://localhost:1\n"`:  {"https://a.example/cb", "http://localhost:1"},
		`["https://a.example", "http://localhost:2 x"]`: {"https://a.example", "http://localhost:2", "x"},
		`""`:   nil,
		`[]`:   nil,
		`null`: nil,
	}
	for in, want := range cases {
		var got api.RedirectURIs
		if err := json.Unmarshal([]byte(in), &got); err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s decoded to %#v, want %#v", in, got, want)
		}
	}
	var bad api.RedirectURIs
	if err := json.Unmarshal([]byte(`{"a":1}`), &bad); err == nil {
		t.Error("an object decoded as redirect URIs")
	}
}

func TestRedirectURIsEncodeAsOneSpaceSeparatedString(t *testing.T) {
	b, err := json.Marshal(api.ClientParams{RedirectURIs: api.RedirectURIs{"https://a.example", "http://localhost:1"}})
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"redirect_uris":"https://a.example http://localhost:1"}` {
		t.Fatalf("encoded %s", b)
	}
}

func TestClientDecodesTheSeedExampleWithNullDatesAndUnknownFields(t *testing.T) {
	seed := `{"agent_id": 100000203, "client_identifier": "5k6a", "client_secret": "ZptjrMFL", "client_type": "confidential",
	  "company": "client2 company", "create_date": "2014-09-01T10:29:59Z", "id": 256, "name": "client2",
	  "redirect_uris": "{your_redirect_url}", "scopes": "read write", "update_date": null, "brand_new_field": [1,2]}`
	var c api.OAuthClient
	if err := json.Unmarshal([]byte(seed), &c); err != nil {
		t.Fatal(err)
	}
	want := time.Date(2014, 9, 1, 10, 29, 59, 0, time.UTC)
	if c.ID != 256 || c.UpdateDate != nil || c.CreateDate == nil || !c.CreateDate.Equal(want) ||
		!reflect.DeepEqual(c.ScopeList(), []string{"read", "write"}) || c.ClientType != "confidential" {
		t.Fatalf("decoded %+v", c)
	}
}

func TestTokenExpiredComparesAgainstNow(t *testing.T) {
	now := time.Now()
	past, future := now.Add(-time.Minute), now.Add(time.Minute)
	if !(&api.OAuthToken{ExpireDate: &past}).Expired(now) || (&api.OAuthToken{ExpireDate: &future}).Expired(now) ||
		(&api.OAuthToken{}).Expired(now) {
		t.Fatal("Expired is wrong")
	}
}

// TestAClientWasLastUpdatedAtItsUpdateElseAtItsCreation pins Updated.
func TestAClientWasLastUpdatedAtItsUpdateElseAtItsCreation(t *testing.T) {
	created, updated := time.Unix(1, 0), time.Unix(2, 0)
	if got := (&api.OAuthClient{CreateDate: &created, UpdateDate: &updated}).Updated(); got != &updated {
		t.Errorf("with both dates: %v", got)
	}
	if got := (&api.OAuthClient{CreateDate: &created}).Updated(); got != &created {
		t.Errorf("created only: %v", got)
	}
	if got := (&api.OAuthClient{}).Updated(); got != nil {
		t.Errorf("neither: %v", got)
	}
}
