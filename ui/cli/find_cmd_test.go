package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"chatkeys/api"
	"chatkeys/authflow/audit"
	"chatkeys/ui/format"
)

// simToken is the simulator's token whose access or refresh token is
// value.
func (h *harness) simToken(t *testing.T, value string) api.OAuthToken {
	t.Helper()
	for _, tok := range h.sim.Tokens() {
		if tok.AccessToken == value || tok.RefreshToken == value {
			return tok
		}
	}
	t.Fatalf("no token has the value %.4s…", value)
	return api.OAuthToken{}
}

// simClient is the simulator's client whose identifier is ident.
func (h *harness) simClient(t *testing.T, ident string) api.OAuthClient {
	t.Helper()
	for _, c := range h.sim.Clients() {
		if c.ClientIdentifier == ident {
			return c
		}
	}
	t.Fatalf("no client %s", ident)
	return api.OAuthClient{}
}

// ownerBlock is how tokens find prints one token it found.
func ownerBlock(tok api.OAuthToken, client api.OAuthClient, kind, field, own string) string {
	now := time.Now()
	expires := "never"
	if tok.ExpireDate != nil {
		expires = format.Absolute(tok.ExpireDate) + " (" + format.Expiry(tok.ExpireDate, now) + ")"
	}
	return fmt.Sprintf("\n"+
		"Token:      %d, value %s\n"+
		"Matched:    %s, in the %s\n"+
		"Client:     %s (client %d)\n"+
		"Client ID:  %s\n"+
		"Agent:      %d\n"+
		"Scopes:     %s\n"+
		"Created:    %s (%s)\n"+
		"Expires:    %s\n"+
		"Refresh:    %s\n"+
		"Own login:  %s\n",
		tok.ID, tok.AccessToken[:6]+"…", kind, field, client.Name, client.ID, client.ClientIdentifier, tok.AgentID,
		tok.Scopes, format.Absolute(tok.CreateDate), format.Ago(tok.CreateDate, now), expires,
		format.YesNo(tok.RefreshToken != ""), own)
}

func TestTokensFindNamesTheClientAndAgentOfAnExactAccessTokenPipedOnStdin(t *testing.T) {
	h := newHarness(t)
	leaked := h.sim.LeakedTokenToTry()
	tok := h.simToken(t, leaked)
	r := h.run(t, leaked+"\n", false, "tokens", "find").mustSucceed(t)
	want := fmt.Sprintf("Exact match: token %d's access_token.\n", tok.ID) +
		ownerBlock(tok, h.simClient(t, tok.ClientIdentifier), "exact", "access_token", "no")
	if r.stdout != want || r.stderr != "" {
		t.Fatalf("stdout:\n%s\nwant:\n%s\nstderr: %q", r.stdout, want, r.stderr)
	}
}

func TestTokensFindMatchesAnExactRefreshToken(t *testing.T) {
	h := newHarness(t)
	tok := h.simToken(t, h.sim.LeakedTokenToTry())
	r := h.run(t, "  "+tok.RefreshToken+"\r\n", false, "tokens", "find").mustSucceed(t)
	want := fmt.Sprintf("Exact match: token %d's refresh_token.\n", tok.ID) +
		ownerBlock(tok, h.simClient(t, tok.ClientIdentifier), "exact", "refresh_token", "no")
	if r.stdout != want {
		t.Fatalf("stdout:\n%s\nwant:\n%s", r.stdout, want)
	}
}

// sharedFragment is what fragmentHarness's token list gives two tokens
// in common.
const sharedFragment = "SHAREDxFRAGMENT"

// fragmentHarness is a harness whose API answers the token list with
// tokens a and b holding sharedFragment inside their access tokens: the
// simulator's values are random, so no two of them share eight
// characters. Everything else, revokes included, is the simulator's.
func fragmentHarness(t *testing.T) (h *harness, a, b api.OAuthToken) {
	t.Helper()
	h = newHarness(t)
	tokens := h.sim.Tokens()
	a, b = tokens[2], tokens[5]
	rewrite := map[string]string{
		a.AccessToken: a.AccessToken[:10] + sharedFragment + a.AccessToken[10+len(sharedFragment):],
		b.AccessToken: b.AccessToken[:30] + sharedFragment + b.AccessToken[30+len(sharedFragment):],
	}
	a.AccessToken, b.AccessToken = rewrite[a.AccessToken], rewrite[b.AccessToken]
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || !strings.HasSuffix(r.URL.Path, "/oauth/tokens") {
			h.sim.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		h.sim.ServeHTTP(rec, r)
		body := rec.Body.String()
		for from, to := range rewrite {
			body = strings.Replace(body, from, to, 1)
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Del("Content-Length")
		w.WriteHeader(rec.Code)
		io.WriteString(w, body)
	}))
	t.Cleanup(proxy.Close)
	h.env["CHATKEYS_API_URL"] = proxy.URL + "/api/v2/chat"
	return h, a, b
}

func TestTokensFindListsEveryTokenAFragmentIsPartOf(t *testing.T) {
	h, a, b := fragmentHarness(t)
	r := h.run(t, sharedFragment[2:12], false, "tokens", "find").mustSucceed(t)
	want := "The fragment is part of 2 tokens.\n" +
		ownerBlock(a, h.simClient(t, a.ClientIdentifier), "fragment", "access_token", "no") +
		ownerBlock(b, h.simClient(t, b.ClientIdentifier), "fragment", "access_token", "no")
	if r.stdout != want {
		t.Fatalf("stdout:\n%s\nwant:\n%s", r.stdout, want)
	}
}

func TestTokensFindFollowUpsRefuseWhenSeveralTokensMatch(t *testing.T) {
	for _, flag := range []string{"--revoke", "--revoke-client", "--rotate"} {
		h, _, _ := fragmentHarness(t)
		r := h.run(t, sharedFragment, false, "tokens", "find", flag, "--yes")
		if r.code != exitUsage || !strings.HasPrefix(r.stderr, "chatkeys: refusing to ") ||
			!strings.Contains(r.stderr, ": 2 tokens match; paste more of the token") {
			t.Errorf("%s: exit %d, stderr %q", flag, r.code, r.stderr)
		}
		if n := h.sim.RequestCount("DELETE", "/") + h.sim.RequestCount("POST", "/api/"); n != 0 {
			t.Errorf("%s: %d changes sent", flag, n)
		}
	}
}

func TestTokensFindRefusesAFragmentShorterThanEightCharacters(t *testing.T) {
	h := newHarness(t)
	r := h.run(t, h.sim.LeakedTokenToTry()[20:27]+"\n", false, "tokens", "find")
	want := "chatkeys: a fragment must have at least 8 characters, and this one has 7 — paste more of the token\n"
	if r.code != exitUsage || r.stdout != "" || r.stderr != want {
		t.Fatalf("exit %d\nstdout %q\nstderr %q", r.code, r.stdout, r.stderr)
	}
}

func TestTokensFindExitsOneWhenNothingMatches(t *testing.T) {
	h := newHarness(t)
	n := len(h.sim.Tokens())
	for _, args := range [][]string{{"tokens", "find"}, {"tokens", "find", "--json"}} {
		r := h.run(t, "no-such-token-anywhere\n", false, args...)
		wantOut := ""
		if slices.Contains(args, "--json") {
			wantOut = "[]\n"
		}
		want := fmt.Sprintf("chatkeys: no token of the account matches (%d tokens searched) — "+
			"check it was copied whole, and that it belongs to this profile's account\n", n)
		if r.code != exitError || r.stdout != wantOut || r.stderr != want {
			t.Errorf("%v: exit %d\nstdout %q\nstderr %q", args, r.code, r.stdout, r.stderr)
		}
	}
}

func TestTokensFindSaysWhenTheTokenIsChatkeysOwnLogin(t *testing.T) {
	h := newHarness(t)
	own := h.env["CHATKEYS_TOKEN"]
	tok := h.simToken(t, own)
	r := h.run(t, own, false, "tokens", "find").mustSucceed(t)
	want := fmt.Sprintf("Exact match: token %d's access_token.\n", tok.ID) +
		ownerBlock(tok, h.sim.DemoClient(), "exact", "access_token", "yes: chatkeys is logged in with this token")
	if r.stdout != want {
		t.Fatalf("stdout:\n%s\nwant:\n%s", r.stdout, want)
	}
}

func TestTokensFindJSONPrintsEachOwnerAsATokenReportWithItsMatch(t *testing.T) {
	h := newHarness(t)
	own := h.env["CHATKEYS_TOKEN"]
	tok := h.simToken(t, own)
	r := h.run(t, own[10:30], false, "tokens", "find", "--json").mustSucceed(t)
	var raw []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &raw); err != nil || len(raw) != 1 {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range raw[0] {
			if !yield(k) {
				return
			}
		}
	})
	wantKeys := []string{"agent_id", "client_found", "client_id", "client_identifier", "client_name", "create_date",
		"expire_date", "expired", "field", "id", "match", "own", "refresh_token", "scopes", "token_prefix"}
	if !slices.Equal(keys, wantKeys) {
		t.Errorf("keys %v, want %v", keys, wantKeys)
	}
	var got []audit.Owner
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatal(err)
	}
	demo := h.sim.DemoClient()
	o := got[0]
	if o.ID != tok.ID || o.Match != audit.Fragment || o.Field != audit.FieldAccess || !o.Own || !o.ClientFound ||
		o.ClientID != demo.ID || o.ClientName != demo.Name || o.ClientIdentifier != demo.ClientIdentifier ||
		o.AgentID != tok.AgentID || !slices.Equal(o.Scopes, []string{"read", "write"}) || o.TokenPrefix != own[:6] ||
		!o.RefreshToken || o.Expired || !o.ExpireDate.Equal(*tok.ExpireDate) || !o.CreateDate.Equal(*tok.CreateDate) {
		t.Errorf("owner %+v", o)
	}
}

func TestTokensFindRefusesAnArgumentWithoutQuotingItOrCallingTheAPI(t *testing.T) {
	h := newHarness(t)
	leaked := h.sim.LeakedTokenToTry()
	for _, arg := range []string{leaked, "-" + leaked} {
		r := h.script(t, "tokens", "find", arg)
		if r.code != exitUsage || strings.Contains(r.stderr, leaked[6:]) || !strings.Contains(r.stderr, "stdin") {
			t.Errorf("exit %d, stderr %q", r.code, r.stderr)
		}
	}
	if n := h.sim.RequestCount("GET", "/"); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

func TestTokensFindRefusesAValueWithControlCharactersWithoutEchoingIt(t *testing.T) {
	h := newHarness(t)
	r := h.run(t, "abc\x1b]0;pwned\x07defgh\x00ij\n", false, "tokens", "find")
	want := "chatkeys: the value holds characters that are not printable ASCII, which no token has\n"
	if r.code != exitUsage || r.stdout != "" || r.stderr != want {
		t.Fatalf("exit %d\nstdout %q\nstderr %q", r.code, r.stdout, r.stderr)
	}
}

func TestTokensFindRefusesMoreThan64KiBOnStdin(t *testing.T) {
	h := newHarness(t)
	r := h.run(t, strings.Repeat("a", 64<<10+1), false, "tokens", "find")
	if r.code != exitUsage || !strings.Contains(r.stderr, "more than 64 KiB") {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
}

// remainingIDs is the simulator's token ids.
func (h *harness) remainingIDs() []int64 {
	var ids []int64
	for _, tok := range h.sim.Tokens() {
		ids = append(ids, tok.ID)
	}
	return ids
}

func TestTokensFindRevokeYesRevokesThatTokenAndNoOther(t *testing.T) {
	h := newHarness(t)
	leaked := h.sim.LeakedTokenToTry()
	tok := h.simToken(t, leaked)
	before := h.remainingIDs()
	r := h.run(t, leaked, false, "tokens", "find", "--revoke", "--yes").mustSucceed(t)
	if !strings.HasSuffix(r.stdout, fmt.Sprintf("Own login:  no\nrevoked %d\nRevoked 1.\n", tok.ID)) {
		t.Errorf("stdout:\n%s", r.stdout)
	}
	want := slices.DeleteFunc(before, func(id int64) bool { return id == tok.ID })
	if got := h.remainingIDs(); !slices.Equal(got, want) {
		t.Errorf("tokens left %v, want %v", got, want)
	}
	if n := h.sim.RequestCount("DELETE", "/"); n != 1 {
		t.Errorf("%d DELETEs, want 1", n)
	}
}

func TestTokensFindRevokeClientYesRevokesEveryTokenOfItsClientAndNoOther(t *testing.T) {
	h := newHarness(t)
	tok := h.simToken(t, h.sim.LeakedTokenToTry())
	var want, gone []int64
	for _, s := range h.sim.Tokens() {
		if s.ClientIdentifier == tok.ClientIdentifier {
			gone = append(gone, s.ID)
		} else {
			want = append(want, s.ID)
		}
	}
	r := h.run(t, tok.RefreshToken, false, "tokens", "find", "--revoke-client", "--yes").mustSucceed(t)
	if !strings.HasSuffix(r.stdout, fmt.Sprintf("\nRevoked %d.\n", len(gone))) || len(gone) < 2 {
		t.Errorf("%d tokens of the client; stdout:\n%s", len(gone), r.stdout)
	}
	if got := h.remainingIDs(); !slices.Equal(got, want) {
		t.Errorf("tokens left %v, want %v", got, want)
	}
	if n := h.sim.RequestCount("DELETE", "/"); n != len(gone) {
		t.Errorf("%d DELETEs, want %d", n, len(gone))
	}
}

func TestTokensFindRotateYesGivesItsClientANewSecretAndNoOther(t *testing.T) {
	h := newHarness(t)
	tok := h.simToken(t, h.sim.LeakedTokenToTry())
	before, tokens := h.sim.Clients(), h.remainingIDs()
	r := h.run(t, tok.AccessToken, false, "tokens", "find", "--rotate", "--yes").mustSucceed(t)
	for i, c := range h.sim.Clients() {
		switch changed := c.ClientSecret != before[i].ClientSecret; {
		case c.ClientIdentifier == tok.ClientIdentifier && !changed:
			t.Errorf("client %d kept its secret", c.ID)
		case c.ClientIdentifier == tok.ClientIdentifier && !strings.HasSuffix(r.stdout, "\n"+c.ClientSecret+"\n"):
			t.Errorf("the new secret is not printed once, last on stdout:\n%s", r.stdout)
		case c.ClientIdentifier != tok.ClientIdentifier && changed:
			t.Errorf("client %d got a new secret too", c.ID)
		}
	}
	if !slices.Equal(h.remainingIDs(), tokens) || h.sim.RequestCount("DELETE", "/") != 0 {
		t.Error("a rotation revoked tokens")
	}
}

func TestTokensFindOnATerminalReadsTheValueThenAsksBeforeRevokingChatkeysOwnToken(t *testing.T) {
	h := newHarness(t)
	own := h.env["CHATKEYS_TOKEN"]
	tok := h.simToken(t, own)
	r := h.run(t, own+"\nn\n", true, "tokens", "find", "--revoke")
	want := "Paste the token or a fragment of it (hidden), then press Enter: \n" +
		h.on() + fmt.Sprintf("This is the token chatkeys is using: you will have to log in again. Revoke token %d of client %d (%s)? [y/N] ",
		tok.ID, h.sim.DemoClient().ID, h.sim.DemoClient().Name) +
		"chatkeys: revoke a token: not confirmed\n"
	if r.code != exitError || r.stderr != want {
		t.Fatalf("exit %d\nstderr %q\nwant   %q", r.code, r.stderr, want)
	}
	if n := h.sim.RequestCount("DELETE", "/"); n != 0 {
		t.Errorf("%d DELETEs after a no", n)
	}
	if strings.Contains(r.stdout+r.stderr, own[6:]) {
		t.Error("the value was echoed")
	}
}

func TestTokensFindFollowUpWithoutATerminalNeedsYes(t *testing.T) {
	h := newHarness(t)
	r := h.run(t, h.sim.LeakedTokenToTry(), false, "tokens", "find", "--revoke")
	if r.code != exitUsage || !strings.HasSuffix(r.stderr, "stdin is not a terminal; pass --yes\n") {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	if n := h.sim.RequestCount("DELETE", "/"); n != 0 {
		t.Errorf("%d DELETEs", n)
	}
}

func TestTokensFindTakesOneFollowUpAtATime(t *testing.T) {
	h := newHarness(t)
	r := h.run(t, h.sim.LeakedTokenToTry(), false, "tokens", "find", "--revoke", "--rotate", "--yes")
	if r.code != exitUsage || r.stderr != "chatkeys: give one of --revoke, --revoke-client and --rotate\n" {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("stdout %q", r.stdout)
	}
}
