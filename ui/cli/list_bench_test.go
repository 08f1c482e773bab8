package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"chatkeys/api/chatsim"
)

// staticAccount serves the token and client lists of a large simulated
// account as bytes encoded once, so that a benchmark measures the client
// and not the server's encoding.
func staticAccount(b *testing.B, tokens int) (srv *httptest.Server, token string, size int) {
	b.Helper()
	sim := chatsim.New(chatsim.Options{Seed: 1, Tokens: tokens})
	live := httptest.NewServer(sim)
	defer live.Close()
	tok := sim.MintToken(sim.Admin().ID, sim.DemoClient().ClientIdentifier, "read write", 24*time.Hour).AccessToken
	bodies := map[string][]byte{}
	for _, p := range []string{"/api/v2/chat/oauth/tokens", "/api/v2/chat/oauth/clients"} {
		req, _ := http.NewRequest("GET", live.URL+p, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		bodies[p], _ = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(bodies[r.URL.Path])
	}))
	b.Cleanup(srv.Close)
	return srv, tok, len(bodies["/api/v2/chat/oauth/tokens"])
}

// BenchmarkTokensListJSON runs chatkeys tokens list --json in-process
// against a plain GET of the same bytes to io.Discard (what curl -o
// /dev/null does), side by side, and reports the ratio: the target is 8×
// at 100,000 tokens.
func BenchmarkTokensListJSON(b *testing.B) {
	for _, rows := range []int{100_000} {
		b.Run("rows="+strconv.Itoa(rows), func(b *testing.B) {
			srv, tok, size := staticAccount(b, rows)
			env := map[string]string{"CHATKEYS_API_URL": srv.URL + "/api/v2/chat", "CHATKEYS_TOKEN": tok, "XDG_CONFIG_HOME": b.TempDir()}
			var fetch, list time.Duration
			b.SetBytes(int64(size))
			for b.Loop() {
				t0 := time.Now()
				resp, err := http.Get(srv.URL + "/api/v2/chat/oauth/tokens")
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				t1 := time.Now()
				var errOut bytes.Buffer
				code := Main(context.Background(), []string{"tokens", "list", "--json"}, IO{
					In: strings.NewReader(""), Out: io.Discard, Err: &errOut, Getenv: func(k string) string { return env[k] }})
				if code != 0 {
					b.Fatalf("exit %d: %s", code, errOut.String())
				}
				fetch, list = fetch+t1.Sub(t0), list+time.Since(t1)
			}
			b.ReportMetric(float64(list)/float64(fetch), "x-fetch")
		})
	}
}
