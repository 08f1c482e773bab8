package api_test

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

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

// trickle answers the token list in parts, pause apart, then stops for
// stall (0: it ends the list).
func trickle(parts int, pause, stall time.Duration) func(http.Handler) http.Handler {
	return func(http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, "[")
			for i := range parts {
				if i > 0 {
					io.WriteString(w, ",")
				}
				io.WriteString(w, `{"id":`+strconv.Itoa(i+1)+`}`)
				w.(http.Flusher).Flush()
				time.Sleep(pause)
			}
			if stall > 0 {
				select {
				case <-time.After(stall):
				case <-r.Context().Done():
				}
				return
			}
			io.WriteString(w, "]")
		})
	}
}

func TestAListThatKeepsArrivingIsNeverCutShort(t *testing.T) {
	f := seeded(t, trickle(8, 60*time.Millisecond, 0))
	c := newClient(t, f.srv.URL, f.token, api.WithStallTimeout(250*time.Millisecond))
	got, err := c.OAuthTokens.List(context.Background())
	if err != nil || len(got) != 8 {
		t.Fatalf("%d tokens, %v: a list taking longer than the stall bound in all was cut", len(got), err)
	}
}

func TestAReplyThatStopsArrivingFailsAndSaysSo(t *testing.T) {
	f := seeded(t, trickle(2, 0, 10*time.Second))
	c := newClient(t, f.srv.URL, f.token, api.WithStallTimeout(200*time.Millisecond))
	start := time.Now()
	_, err := c.OAuthTokens.List(context.Background())
	if err == nil || !strings.Contains(err.Error(), "stopped arriving") {
		t.Fatalf("err = %v", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Fatal("the stalled reply was waited out")
	}
}
