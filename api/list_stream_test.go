package api_test

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"chatkeys/api"
	"chatkeys/api/chatsim"
)

func TestAPaginatedTokenListIsFollowedPageByPage(t *testing.T) {
	f := setup(t, chatsim.Options{Seed: 1, PageSize: 25})
	want := f.sim.Tokens()
	got, err := f.client.OAuthTokens.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) || len(want) < 51 {
		t.Fatalf("%d tokens listed, the account has %d", len(got), len(want))
	}
	for i := range want {
		if got[i].ID != want[i].ID || got[i].AccessToken != want[i].AccessToken {
			t.Fatalf("token %d: got id %d, want %d", i, got[i].ID, want[i].ID)
		}
	}
	pages := []sent{{method: "GET", path: "/api/v2/chat/oauth/tokens"}}
	for p := 2; (p-1)*25 < len(want); p++ {
		pages = append(pages, sent{method: "GET", path: "/api/v2/chat/oauth/tokens?page=" + strconv.Itoa(p)})
	}
	f.checkSent(t, pages...)
}

func TestAPaginatedClientListIsFollowedToo(t *testing.T) {
	f := setup(t, chatsim.Options{Seed: 1, PageSize: 2})
	got, err := f.client.OAuthClients.List(context.Background())
	if err != nil || len(got) != len(f.sim.Clients()) {
		t.Fatalf("%d clients, %v; the account has %d", len(got), err, len(f.sim.Clients()))
	}
	f.checkSent(t, sent{method: "GET", path: "/api/v2/chat/oauth/clients"},
		sent{method: "GET", path: "/api/v2/chat/oauth/clients?page=2"},
		sent{method: "GET", path: "/api/v2/chat/oauth/clients?page=3"})
}

func TestBreakingOutOfAllStopsReadingTheList(t *testing.T) {
	f := setup(t, chatsim.Options{Seed: 1, PageSize: 10})
	n := 0
	for tok, err := range f.client.OAuthTokens.All(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		if tok.ID == 0 {
			t.Fatal("an empty token")
		}
		if n++; n == 15 {
			break
		}
	}
	f.checkSent(t, sent{method: "GET", path: "/api/v2/chat/oauth/tokens"}, sent{method: "GET", path: "/api/v2/chat/oauth/tokens?page=2"})
}

// listReply answers the token list with body, whatever the request.
func listReply(body string) func(http.Handler) http.Handler {
	return func(http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, body)
		})
	}
}

func TestListShapesAProxyMightSendAreRead(t *testing.T) {
	cases := map[string]string{
		"array":                  `[{"id":1},{"id":2}]`,
		"object with extras":     `{"meta":{"a":[1,{"b":[2]}]},"tokens":[{"id":1},{"id":2}],"next_page":null,"count":2}`,
		"list after other lists": `{"tokens":[{"id":1},{"id":2}],"links":[{"id":9}]}`,
		"unknown fields":         `[{"id":1,"new_field":{"x":[1]}},{"ID":2}]`,
		"invalid UTF-8":          "[{\"id\":1,\"scopes\":\"r\xffd\"},{\"id\":2}]",
	}
	for name, body := range cases {
		f := seeded(t, listReply(body))
		got, err := f.client.OAuthTokens.List(context.Background())
		if err != nil || len(got) != 2 || got[0].ID != 1 || got[1].ID != 2 {
			t.Errorf("%s: %+v, %v", name, got, err)
		}
	}
}

func TestMalformedListsFailWithoutQuotingTheBody(t *testing.T) {
	for _, body := range []string{`{"count":2}`, `"tokens"`, `[{"id":1},`, `[{"id":"x-secret-looking"}]`, `{"tokens":[{"id":1}]`} {
		f := seeded(t, listReply(body))
		_, err := f.client.OAuthTokens.List(context.Background())
		if err == nil || !strings.Contains(err.Error(), "malformed JSON") || strings.Contains(err.Error(), "secret-looking") {
			t.Errorf("%q: err = %v", body, err)
		}
	}
}

func TestANextPageAtAnotherOriginIsNotRequested(t *testing.T) {
	f := seeded(t, listReply(`{"tokens":[{"id":1}],"next_page":"https://evil.example/steal?page=2"}`))
	_, err := f.client.OAuthTokens.List(context.Background())
	if err == nil || !strings.Contains(err.Error(), "another origin") {
		t.Fatalf("err = %v", err)
	}
	f.checkSent(t, sent{method: "GET", path: "/api/v2/chat/oauth/tokens"})
}

func TestAListThatNeverEndsIsCutOff(t *testing.T) {
	var base string
	f := seeded(t, func(http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, `{"tokens":[],"next_url":"`+base+`/api/v2/chat/oauth/tokens?page=again"}`)
		})
	})
	base = f.srv.URL
	_, err := f.client.OAuthTokens.List(context.Background())
	if err == nil || !strings.Contains(err.Error(), "pages") {
		t.Fatalf("err = %v", err)
	}
	if n := len(f.wire.take()); n != api.MaxPages {
		t.Fatalf("%d requests, want %d", n, api.MaxPages)
	}
}
