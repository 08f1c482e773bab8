package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"chatkeys/api"
	"chatkeys/api/chatsim"
	"chatkeys/authflow/config"
	"chatkeys/authflow/store"
	"chatkeys/ui/format"
)

// clockHarness is a harness whose simulator's clock runs ten minutes
// behind the real one, so everything it seeds and mints at first
// predates a rotation chatkeys times by the real clock; after the
// simulator answers a secret rotation, its clock jumps twenty minutes
// ahead and afterRotation runs (to mint a token after the rotation).
type clockHarness struct {
	*harness
	mu            sync.Mutex
	offset        time.Duration
	afterRotation func()
}

func newClockHarness(t *testing.T) *clockHarness {
	t.Helper()
	ch := &clockHarness{offset: -10 * time.Minute}
	sim := chatsim.New(chatsim.Options{Seed: 1, Password: "correct-horse-battery-staple", Now: func() time.Time {
		ch.mu.Lock()
		defer ch.mu.Unlock()
		return time.Now().Add(ch.offset)
	}})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sim.ServeHTTP(w, r)
		if r.Method == "POST" && strings.HasSuffix(r.URL.Path, "/client_secret") {
			ch.mu.Lock()
			ch.offset = 10 * time.Minute
			after := ch.afterRotation
			ch.mu.Unlock()
			if after != nil {
				after()
			}
		}
	}))
	t.Cleanup(srv.Close)
	demo := sim.DemoClient()
	tok := sim.MintToken(sim.Admin().ID, demo.ClientIdentifier, "read write", time.Hour)
	ch.harness = &harness{sim: sim, srv: srv, keyring: store.NewMemoryKeyring(), env: map[string]string{
		"XDG_CONFIG_HOME":    t.TempDir(),
		"CHATKEYS_API_URL":   srv.URL + "/api/v2/chat",
		"CHATKEYS_TOKEN":     tok.AccessToken,
		"CHATKEYS_CLIENT_ID": demo.ClientIdentifier,
	}}
	return ch
}

// lineReader hands out one line per Read, as a terminal does, so each
// question reads its own answer.
type lineReader struct{ lines []string }

func (r *lineReader) Read(p []byte) (int, error) {
	if len(r.lines) == 0 {
		return 0, nil
	}
	n := copy(p, r.lines[0])
	r.lines[0] = r.lines[0][n:]
	if r.lines[0] == "" {
		r.lines = r.lines[1:]
	}
	return n, nil
}

// answer runs chatkeys on a terminal that answers each question with
// the next of answers.
func (h *harness) answer(t *testing.T, answers []string, args ...string) result {
	t.Helper()
	lines := make([]string, len(answers))
	for i, a := range answers {
		lines[i] = a + "\n"
	}
	var out, errOut bytes.Buffer
	code := Main(context.Background(), args, IO{
		In: &lineReader{lines}, Out: &out, Err: &errOut, StdinIsTerminal: true,
		Getenv: func(k string) string { return h.env[k] }, Keyring: h.keyring,
	})
	return result{out.String(), errOut.String(), code}
}

// radiusLines is what rotate-secret says of the demo client before
// asking, worked out from the simulator's own tokens.
func radiusLines(h *harness) string {
	demo := h.sim.DemoClient()
	perAgent := map[int64]int{}
	var dates []time.Time
	for _, tok := range h.sim.Tokens() {
		if tok.ClientIdentifier == demo.ClientIdentifier {
			perAgent[tok.AgentID]++
			dates = append(dates, *tok.CreateDate)
		}
	}
	var agents []string
	for id, n := range perAgent {
		agents = append(agents, fmt.Sprintf("%d (%d)", id, n))
	}
	// Most tokens first, then by agent id.
	slices.SortFunc(agents, func(a, b string) int {
		var ia, na, ib, nb int64
		fmt.Sscanf(a, "%d (%d)", &ia, &na)
		fmt.Sscanf(b, "%d (%d)", &ib, &nb)
		if na != nb {
			return int(nb - na)
		}
		return int(ia - ib)
	})
	oldest, newest := slices.MinFunc(dates, time.Time.Compare), slices.MaxFunc(dates, time.Time.Compare)
	few := strings.Join(agents, ", ")
	if len(agents) > 3 {
		few = fmt.Sprintf("%s and %d more", strings.Join(agents[:3], ", "), len(agents)-3)
	}
	return fmt.Sprintf("chatkeys: client %d %q has %d tokens, of agents %s\n", demo.ID, demo.Name, len(dates), few) +
		fmt.Sprintf("chatkeys: created from %s to %s\n", format.Absolute(&oldest), format.Absolute(&newest)) +
		"chatkeys: chatkeys itself logs in with this client\n"
}

func TestRotateShowsTheBlastRadiusBeforeTheQuestionAndSendsNothingOnANo(t *testing.T) {
	h := newClockHarness(t)
	demo := h.sim.DemoClient()
	r := h.answer(t, []string{"n"}, "clients", "rotate-secret", fmt.Sprint(demo.ID))
	want := radiusLines(h.harness) + h.on() + fmt.Sprintf("Generate a new secret for client %d? The old secret stops working at once. [y/N] ", demo.ID) +
		"chatkeys: rotate a secret: not confirmed\n"
	if r.code != 1 || r.stderr != want || r.stdout != "" {
		t.Fatalf("exit %d\nstdout %q\nstderr %q\nwant   %q", r.code, r.stdout, r.stderr, want)
	}
	if n := h.sim.RequestCount("POST", "/"); n != 0 {
		t.Errorf("%d POSTs after a no", n)
	}
	if h.sim.DemoClient().ClientSecret != demo.ClientSecret {
		t.Error("the secret changed after a no")
	}
}

func TestRotateRadiusCountsEveryAgentsTokensAndNamesThreeAgents(t *testing.T) {
	h := newClockHarness(t)
	demo := h.sim.DemoClient()
	agents := h.sim.Agents()
	// Every agent gets tokens of the demo client, so more than three
	// agents hold some and the line must end in "and N more".
	for i, a := range agents {
		for range i + 1 {
			h.sim.MintToken(a.ID, demo.ClientIdentifier, "read", time.Hour)
		}
	}
	r := h.scriptOK(t, "clients", "rotate-secret", fmt.Sprint(demo.ID), "--yes")
	radius, _, _ := strings.Cut(r.stderr, "chatkeys: new secret")
	if want := radiusLines(h.harness); radius != want {
		t.Fatalf("radius\n%q\nwant\n%q", radius, want)
	}
	if len(agents) < 4 || !strings.Contains(radius, fmt.Sprintf(" and %d more\n", len(agents)-3)) {
		t.Errorf("the agents line does not name three and count the rest: %q", radius)
	}
}

func TestRotateWithYesPrintsTheSecretAloneAndTheRadiusAndAHintOnStderr(t *testing.T) {
	h := newClockHarness(t)
	demo := h.sim.DemoClient()
	tokens := h.tokensOf(demo.ClientIdentifier)
	r := h.scriptOK(t, "clients", "rotate-secret", fmt.Sprint(demo.ID), "--yes")
	secret := h.sim.DemoClient().ClientSecret
	if r.stdout != secret+"\n" || secret == demo.ClientSecret {
		t.Fatalf("stdout %q is not the new secret alone", r.stdout)
	}
	if strings.Contains(r.stderr, secret) {
		t.Fatal("the secret is on stderr too")
	}
	if !strings.HasPrefix(r.stderr, radiusLines(h.harness)) {
		t.Fatalf("stderr %q does not start with the radius", r.stderr)
	}
	rest := strings.TrimPrefix(r.stderr, radiusLines(h.harness))
	hintPrefix := fmt.Sprintf("chatkeys: new secret for client %d (shown only once)\n"+
		"chatkeys: the tokens client %d issued before the rotation are not known to stop working; to revoke them: chatkeys tokens revoke --client %d --created-before ",
		demo.ID, demo.ID, demo.ID)
	if !strings.HasPrefix(rest, hintPrefix) {
		t.Fatalf("after the radius:\n%q\nwant a line starting\n%q", rest, hintPrefix)
	}
	if n := h.sim.RequestCount("DELETE", "/"); n != 0 || h.tokensOf(demo.ClientIdentifier) != tokens {
		t.Fatalf("%d DELETEs without --revoke-tokens", n)
	}
}

func TestRotateJSONCarriesTheSecretAndTheRadius(t *testing.T) {
	h := newClockHarness(t)
	demo := h.sim.DemoClient()
	r := h.scriptOK(t, "clients", "rotate-secret", fmt.Sprint(demo.ID), "--yes", "--json")
	var out struct {
		ID           int64  `json:"id"`
		ClientSecret string `json:"client_secret"`
		Radius       struct {
			Tokens   int  `json:"tokens"`
			OwnLogin bool `json:"own_login"`
			ByAgent  []struct {
				AgentID int64 `json:"agent_id"`
				Tokens  int   `json:"tokens"`
			} `json:"by_agent"`
		} `json:"radius"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatal(err)
	}
	if out.ID != demo.ID || out.ClientSecret != h.sim.DemoClient().ClientSecret ||
		out.Radius.Tokens != h.tokensOf(demo.ClientIdentifier) || !out.Radius.OwnLogin || len(out.Radius.ByAgent) == 0 {
		t.Fatalf("JSON %s", r.stdout)
	}
}

func TestRotateRevokeTokensRevokesOnlyTheClientsTokensCreatedBeforeTheRotation(t *testing.T) {
	h := newClockHarness(t)
	demo := h.sim.DemoClient()
	other := h.sim.Clients()[1]
	h.sim.MintToken(h.sim.Admin().ID, other.ClientIdentifier, "read", time.Hour)
	var older []int64
	for _, tok := range h.sim.Tokens() {
		if tok.ClientIdentifier == demo.ClientIdentifier {
			older = append(older, tok.ID)
		}
	}
	othersBefore := h.tokensOf(other.ClientIdentifier)
	var newer api.OAuthToken
	h.afterRotation = func() {
		newer = h.sim.MintToken(h.sim.Admin().ID, demo.ClientIdentifier, "read", time.Hour)
	}
	r := h.script(t, "clients", "rotate-secret", fmt.Sprint(demo.ID), "--yes", "--revoke-tokens")
	secret := h.sim.DemoClient().ClientSecret
	if r.code != 0 || r.stdout != secret+"\n" {
		t.Fatalf("exit %d, stdout %q (want the secret alone), stderr %s", r.code, r.stdout, r.stderr)
	}
	if n := h.sim.CountTokens(older); n != 0 {
		t.Errorf("%d of the %d older tokens survived", n, len(older))
	}
	if h.sim.CountTokens([]int64{newer.ID}) != 1 {
		t.Errorf("token %d, minted after the rotation, was revoked", newer.ID)
	}
	if got := h.tokensOf(other.ClientIdentifier); got != othersBefore {
		t.Errorf("another client's tokens went from %d to %d", othersBefore, got)
	}
	if n := h.sim.RequestCount("DELETE", "/api/v2/chat/oauth/tokens/"); n != len(older) {
		t.Errorf("%d DELETEs, want %d", n, len(older))
	}
	if !strings.Contains(r.stderr, fmt.Sprintf("Revoked %d.\n", len(older))) || strings.Contains(r.stderr, secret) {
		t.Errorf("stderr %q", r.stderr)
	}
}

func TestRotateOnATerminalOffersToRevokeTheOlderTokensWarningOfChatkeysOwn(t *testing.T) {
	h := newClockHarness(t)
	demo := h.sim.DemoClient()
	older := h.tokensOf(demo.ClientIdentifier)
	r := h.answer(t, []string{"y", "n"}, "clients", "rotate-secret", fmt.Sprint(demo.ID))
	if r.code != 0 || r.stdout != h.sim.DemoClient().ClientSecret+"\n" {
		t.Fatalf("exit %d, stdout %q, stderr %s", r.code, r.stdout, r.stderr)
	}
	q := fmt.Sprintf("One of them is the token chatkeys is using: you will have to log in again. "+
		"Revoke the %d tokens client %d issued before the rotation? [y/N] chatkeys: kept them; to revoke them later: chatkeys tokens revoke --client %d --created-before ",
		older, demo.ID, demo.ID)
	if !strings.Contains(r.stderr, q) {
		t.Fatalf("stderr %q lacks %q", r.stderr, q)
	}
	if n := h.sim.RequestCount("DELETE", "/"); n != 0 {
		t.Errorf("%d DELETEs after a no", n)
	}
}

func TestRotateRevokeTokensWithNothingOlderSaysSo(t *testing.T) {
	h := newClockHarness(t)
	cl := h.sim.Clients()[1]
	for _, tok := range h.sim.Tokens() {
		if tok.ClientIdentifier == cl.ClientIdentifier {
			t.Skip("the simulated account gave the second client tokens")
		}
	}
	r := h.scriptOK(t, "clients", "rotate-secret", fmt.Sprint(cl.ID), "--yes", "--revoke-tokens")
	want := fmt.Sprintf("chatkeys: client %d %q has no tokens\nchatkeys: new secret for client %d (shown only once)\n"+
		"chatkeys: client %d has no tokens created before the rotation: nothing to revoke\n", cl.ID, cl.Name, cl.ID, cl.ID)
	if r.stderr != want {
		t.Fatalf("stderr\n%q\nwant\n%q", r.stderr, want)
	}
}

func TestRotateWithoutATerminalOrYesSendsNothing(t *testing.T) {
	h := newClockHarness(t)
	r := h.script(t, "clients", "rotate-secret", fmt.Sprint(h.sim.DemoClient().ID), "--revoke-tokens")
	if r.code != 2 || h.sim.RequestCount("GET", "/")+h.sim.RequestCount("POST", "/") != 0 {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestRotateSaysCHATKEYS_CLIENT_SECRETHoldsTheOldSecret(t *testing.T) {
	h := newClockHarness(t)
	h.env["CHATKEYS_CLIENT_SECRET"] = h.sim.DemoClient().ClientSecret
	r := h.scriptOK(t, "clients", "rotate-secret", fmt.Sprint(h.sim.DemoClient().ID), "--yes")
	if !strings.Contains(r.stderr, "chatkeys: CHATKEYS_CLIENT_SECRET holds the old secret: set it to the new one\n") {
		t.Fatalf("stderr %q", r.stderr)
	}
}

// storedLogin logs chatkeys in with the password grant, so the profile
// has a stored login of the demo client, and leaves CHATKEYS_CLIENT_SECRET
// unset.
func storedLogin(t *testing.T) *harness {
	t.Helper()
	h := loginHarness(t)
	admin := h.sim.Admin()
	h.run(t, admin.Password+"\n", false, "login", "--grant", "password", "--username", admin.Email, "--password-stdin").mustSucceed(t)
	delete(h.env, "CHATKEYS_CLIENT_SECRET")
	return h
}

// storedSecret is the client secret the profile's stored login holds.
func storedSecret(t *testing.T, h *harness) string {
	t.Helper()
	dir, err := config.DefaultDir(func(k string) string { return h.env[k] })
	if err != nil {
		t.Fatal(err)
	}
	rec, _, err := store.New(store.Options{Dir: dir, Keyring: h.keyring}).Load("default")
	if err != nil {
		t.Fatal(err)
	}
	return rec.ClientSecret
}

func TestRotateStoreSecretStoresTheNewSecretWithChatkeysOwnLogin(t *testing.T) {
	h := storedLogin(t)
	old := storedSecret(t, h)
	r := h.scriptOK(t, "clients", "rotate-secret", fmt.Sprint(h.sim.DemoClient().ID), "--yes", "--store-secret")
	secret := h.sim.DemoClient().ClientSecret
	if got := storedSecret(t, h); got != secret || got == old {
		t.Fatal("the stored login does not hold the new secret")
	}
	if r.stdout != secret+"\n" || strings.Contains(r.stderr, secret) {
		t.Fatalf("stdout %q; the secret must be there alone, and only there", r.stdout)
	}
	if !strings.Contains(r.stderr, "chatkeys itself logs in with this client\n") ||
		!strings.Contains(r.stderr, "chatkeys: stored the new secret in profile default: its login refreshes with it\n") {
		t.Fatalf("stderr %q", r.stderr)
	}
}

func TestRotateWithoutStoreSecretInAScriptSaysTheStoredLoginHoldsTheOldSecret(t *testing.T) {
	h := storedLogin(t)
	old := storedSecret(t, h)
	r := h.scriptOK(t, "clients", "rotate-secret", fmt.Sprint(h.sim.DemoClient().ID), "--yes")
	if storedSecret(t, h) != old {
		t.Fatal("the secret was stored without --store-secret")
	}
	want := "chatkeys: profile default's stored login still holds the old secret: once its token expires, chatkeys token fails" +
		" — log in again with the new secret (CHATKEYS_CLIENT_SECRET=... chatkeys login), or pass --store-secret when rotating\n"
	if !strings.Contains(r.stderr, want) {
		t.Fatalf("stderr %q lacks %q", r.stderr, want)
	}
}

func TestRotateOnATerminalOffersToStoreTheSecretDefaultingToYes(t *testing.T) {
	h := storedLogin(t)
	r := h.answer(t, []string{"y", "", "n"}, "clients", "rotate-secret", fmt.Sprint(h.sim.DemoClient().ID))
	if r.code != 0 {
		t.Fatalf("exit %d, stderr %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "Store the new secret in profile default, so chatkeys' login can refresh its token? [Y/n] ") {
		t.Fatalf("stderr %q", r.stderr)
	}
	if storedSecret(t, h) != h.sim.DemoClient().ClientSecret {
		t.Fatal("an empty answer did not store the secret")
	}
}
