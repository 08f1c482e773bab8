package ui

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"golang.org/x/oauth2"

	"chatkeys/api"
	"chatkeys/api/chatsim"
	"chatkeys/authflow/history"
)

// leakedToken is the simulator's token to look up, and its record.
func leakedToken(t *testing.T, sim *chatsim.Sim) api.OAuthToken {
	t.Helper()
	value := sim.LeakedTokenToTry()
	for _, tok := range sim.Tokens() {
		if tok.AccessToken == value {
			return tok
		}
	}
	t.Fatal("the simulator has no leaked token to try")
	return api.OAuthToken{}
}

// clientOf is the simulator's client with ident.
func clientOf(t *testing.T, sim *chatsim.Sim, ident string) api.OAuthClient {
	t.Helper()
	for _, c := range sim.Clients() {
		if c.ClientIdentifier == ident {
			return c
		}
	}
	t.Fatalf("no client %s", ident)
	return api.OAuthClient{}
}

// framesWatcher fails the test when a frame drawn after any message shows
// one of secrets.
type framesWatcher struct {
	t       *testing.T
	a       *App
	secrets []string
	frames  int
}

// check draws the App's frame and looks for the secrets in it.
func (w *framesWatcher) check() {
	w.t.Helper()
	w.frames++
	frame := w.a.View().Content
	for _, s := range w.secrets {
		if strings.Contains(frame, s) || strings.Contains(plain(frame), s) {
			w.t.Fatalf("frame %d shows the looked-up value %q", w.frames, s)
		}
	}
}

// update is a.Update followed by a look at the frame, then the same for
// every message its command yields, as the loop would draw them.
func (w *framesWatcher) update(msg tea.Msg) {
	w.t.Helper()
	_, cmd := w.a.Update(msg)
	w.check()
	for _, m := range collect(w.t, cmd) {
		if _, quit := m.(tea.QuitMsg); !quit {
			w.update(m)
		}
	}
}

func (w *framesWatcher) keys(ks ...string) {
	w.t.Helper()
	for _, k := range ks {
		w.update(press(k))
	}
}

// holdsString reports whether v, followed through its fields, slices,
// maps, pointers and interfaces (but not into common, which every part
// shares), holds s in a string or a rune slice.
func holdsString(v reflect.Value, s string, seen map[uintptr]bool) bool {
	switch v.Kind() {
	case reflect.String:
		return strings.Contains(v.String(), s)
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return false
		}
		if v.Kind() == reflect.Pointer {
			if seen[v.Pointer()] || v.Type() == reflect.TypeOf(&common{}) {
				return false
			}
			seen[v.Pointer()] = true
		}
		return holdsString(v.Elem(), s, seen)
	case reflect.Struct:
		for i := range v.NumField() {
			if holdsString(v.Field(i), s, seen) {
				return true
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Int32 {
			r := make([]rune, v.Len())
			for i := range r {
				r[i] = rune(v.Index(i).Int())
			}
			return strings.Contains(string(r), s)
		}
		for i := range v.Len() {
			if holdsString(v.Index(i), s, seen) {
				return true
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if holdsString(it.Key(), s, seen) || holdsString(it.Value(), s, seen) {
				return true
			}
		}
	}
	return false
}

func dialogHolds(d Dialog, s string) bool {
	return holdsString(reflect.ValueOf(d), s, map[uintptr]bool{})
}

func TestFOpensTheLookupOnEveryTabAndItsFieldIsMasked(t *testing.T) {
	a := newTestApp(t)
	for _, tab := range []string{"1", "2", "3"} {
		send(t, a, tab)
		send(t, a, "f")
		d, ok := a.front().(*lookupDialog)
		if !ok {
			t.Fatalf("f on tab %s opened %T, want the lookup", tab, a.front())
		}
		typeText("secretvalue", func(k tea.KeyPressMsg) { a.Update(k) })
		if d.input.Value() != "secretvalue" {
			t.Fatalf("the field holds %q after typing", d.input.Value())
		}
		mustContain(t, viewOf(a), "Find a leaked token", "•••••••••••")
		mustLack(t, viewOf(a), "secretvalue", "secretv")
		send(t, a, "esc")
		if a.front() != nil || dialogHolds(d, "secretvalue") {
			t.Fatalf("esc left the lookup open, or its value in it")
		}
	}
}

func TestTheLookupKeyIsInTheShortAndTheFullHelp(t *testing.T) {
	a := newTestApp(t)
	// At 80 columns the tables' own keys come first and leave it no room.
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 24})
	for _, tab := range []string{"1", "2"} {
		send(t, a, tab)
		mustContain(t, viewOf(a), "f find token")
	}
	send(t, a, "?")
	mustContain(t, viewOf(a), "page down", "find token") // page down: the full help's alone
}

func TestAPasteLandsInTheLookupFieldMasked(t *testing.T) {
	a := newTestApp(t)
	send(t, a, "f")
	d := a.front().(*lookupDialog)
	a.Update(tea.PasteMsg{Content: "pasted-token-value"})
	if d.input.Value() != "pasted-token-value" {
		t.Fatalf("the field holds %q after the paste", d.input.Value())
	}
	mustLack(t, viewOf(a), "pasted-token-value")
	if tokens := a.stacks[tabTokens][0].(*tokensScreen); tokens.filter.Value() != "" {
		t.Fatal("the paste reached a screen behind the dialog")
	}
}

// The value is looked up as pasted; every frame drawn on the way, the
// dialog once answered, and the history file after a revoke it led to,
// are searched for the value and for a part of it longer than the prefix
// the Tokens table shows.
func TestTheLookedUpValueIsNeverDrawnKeptOrWrittenToTheHistory(t *testing.T) {
	path := filepath.Join(t.TempDir(), history.FileName)
	rec := history.New(history.Options{Path: path})
	sess, sim := simSession(t, api.WithRecorder(rec.For(func() history.Actor { return history.Actor{Profile: "demo"} })))
	a := New(context.Background(), Options{Session: sess, Now: func() time.Time { return testNow },
		CopyNative: func(string) error { return nil }})
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	pump(t, a, a.Init())
	leaked := leakedToken(t, sim)
	value := leaked.AccessToken
	w := &framesWatcher{t: t, a: a, secrets: []string{value, value[:7], value[len(value)-8:], leaked.RefreshToken}}
	w.keys("2", "f")
	d := a.front().(*lookupDialog)
	w.update(tea.PasteMsg{Content: value})
	w.keys("enter")
	if len(d.found) != 1 || d.found[0].ID != leaked.ID {
		t.Fatalf("the lookup found %d tokens, want token %d", len(d.found), leaked.ID)
	}
	for _, s := range w.secrets {
		if dialogHolds(d, s) {
			t.Fatalf("the dialog keeps %q once the lookup is done", s)
		}
	}
	w.keys("x", "y", "enter")
	if sim.CountTokens([]int64{leaked.ID}) != 0 {
		t.Fatal("x then y did not revoke the token found")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"token_id":`+strconv.FormatInt(leaked.ID, 10)) {
		t.Fatalf("the history lacks the revoke:\n%s", b)
	}
	for _, s := range w.secrets {
		if strings.Contains(string(b), s) {
			t.Fatalf("the history holds %q", s)
		}
	}
}

func TestAWholeTokenNamesItsClientAgentScopesExpiryAndRefresh(t *testing.T) {
	a, sim := newSimApp(t)
	leaked := leakedToken(t, sim)
	client := clientOf(t, sim, leaked.ClientIdentifier)
	send(t, a, "f")
	a.Update(tea.PasteMsg{Content: "  " + leaked.AccessToken + "\n"})
	send(t, a, "enter")
	d := a.front().(*lookupDialog)
	if len(d.found) != 1 {
		t.Fatalf("found %d tokens", len(d.found))
	}
	mustContain(t, viewOf(a), "Exact match: its access token", strconv.FormatInt(leaked.ID, 10),
		client.Name+" · id "+strconv.FormatInt(client.ID, 10)+" ·", client.ClientIdentifier[:10],
		strconv.FormatInt(leaked.AgentID, 10), strings.Join(leaked.ScopeList(), " "), "Refresh token    yes",
		"chatkeys' login  no", leaked.AccessToken[:6]+"…", "x revoke token", "X revoke client's tokens", "s rotate client secret", "esc back")
}

func TestTheRefreshTokenFindsItsTokenAndChatkeysOwnTokenIsNamed(t *testing.T) {
	a, sim := newSimApp(t)
	leaked := leakedToken(t, sim)
	send(t, a, "f")
	a.Update(tea.PasteMsg{Content: leaked.RefreshToken})
	send(t, a, "enter")
	mustContain(t, viewOf(a), "Exact match: its refresh token", strconv.FormatInt(leaked.ID, 10))

	var own api.OAuthToken
	for _, tok := range sim.Tokens() {
		if a.c.sess.isOwnToken(tok.AccessToken) {
			own = tok
		}
	}
	send(t, a, "f") // look up another
	a.Update(tea.PasteMsg{Content: own.AccessToken})
	send(t, a, "enter")
	mustContain(t, viewOf(a), "chatkeys' login  yes: revoking it logs chatkeys out")
	send(t, a, "x")
	c, ok := a.front().(*confirmDialog)
	if !ok || !strings.Contains(c.warning, "chatkeys itself is logged in with") {
		t.Fatalf("x on chatkeys' own token opened %T without the warning", a.front())
	}
}

func TestAShortFragmentAndANoMatchSaySoAndTheFieldIsReadyAgain(t *testing.T) {
	a, _ := newSimApp(t)
	send(t, a, "f")
	d := a.front().(*lookupDialog)
	a.Update(tea.PasteMsg{Content: "abc12"})
	send(t, a, "enter")
	if !a.status.err || !strings.Contains(a.status.text, "at least 8 characters") || a.status.hint != "paste more of the token" {
		t.Fatalf("status = %+v, want the fragment refused", a.status)
	}
	mustContain(t, viewOf(a), "at least 8 characters, and this one has 5")
	if !d.Capturing() || d.input.Value() != "" {
		t.Fatal("the field is not empty and ready after a refusal")
	}
	a.Update(tea.PasteMsg{Content: "no-such-token-anywhere"})
	send(t, a, "enter")
	if !a.status.err || !strings.Contains(a.status.text, "no token of the account matches") {
		t.Fatalf("status = %+v, want no match", a.status)
	}
	mustContain(t, viewOf(a), "no token of the account matches")
	send(t, a, "enter")
	mustContain(t, viewOf(a), "Nothing to look up")
}

// fakeAccountApp is an App whose API serves clients and fakeTokens(30) and
// nothing else.
func fakeAccountApp(t *testing.T, clients []api.OAuthClient) *App {
	t.Helper()
	mux := http.NewServeMux()
	serve := func(path string, v any) {
		mux.HandleFunc("GET /api/v2/chat/"+path, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(v)
		})
	}
	serve("oauth/clients", clients)
	serve("oauth/tokens", fakeTokens(30))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	c, err := api.NewClient(srv.URL+"/api/v2/chat", oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "t"}))
	if err != nil {
		t.Fatal(err)
	}
	sess := newTestCommon().sess
	sess.Client = c
	a := New(context.Background(), Options{Session: sess, Now: func() time.Time { return testNow },
		CopyNative: func(string) error { return nil }})
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	pump(t, a, a.Init())
	return a
}

// lookupEveryFakeToken pastes a fragment every fake token's value holds
// into the lookup of a fake account, submits it with submit, and returns
// the dialog, which found all 30.
func lookupEveryFakeToken(t *testing.T, submit func(a *App)) (*App, *lookupDialog) {
	t.Helper()
	a := fakeAccountApp(t, fakeClients())
	send(t, a, "f")
	a.Update(tea.PasteMsg{Content: "tok0000000000"})
	submit(a)
	d := a.front().(*lookupDialog)
	if len(d.found) != 30 {
		t.Fatalf("found %d candidates, want 30", len(d.found))
	}
	return a, d
}

// Every fake token's value starts tok000…, so the fragment names all 30;
// the second is of client-1.
func TestAFragmentListsEveryCandidateAndTheActionsFollowTheOneChosen(t *testing.T) {
	a, d := lookupEveryFakeToken(t, func(a *App) { send(t, a, "enter") })
	mustContain(t, viewOf(a), "30 tokens contain this fragment", "1 of 30", "Revoke all 10 of its client")
	if d.found[0].foundClient != d.found[3].foundClient || d.found[0].foundClient == d.found[1].foundClient {
		t.Fatal("the tokens found of one client do not share its description, or two clients share one")
	}
	send(t, a, "down")
	mustContain(t, viewOf(a), "2 of 30", "Token            2 · tok000…", "Chat bot · id 2 · client-1")
	send(t, a, "X")
	c, ok := a.front().(*confirmDialog)
	if !ok || !strings.Contains(c.body, `Revoke all 10 tokens of client 2 "Chat bot"?`) {
		t.Fatalf("X opened %T %+v, want the 10 tokens of client 2", a.front(), c)
	}
	_, cmd := a.Update(press("y"))
	open, ok := findMsg[openDialogMsg](collect(t, cmd))
	rd, isRevoke := open.dialog.(*revokeDialog)
	if !ok || !isRevoke {
		t.Fatal("y opened no revoke")
	}
	var want []int64
	for _, tok := range fakeTokens(30) {
		if tok.ClientIdentifier == "client-1" {
			want = append(want, tok.ID)
		}
	}
	if !slices.Equal(rd.ids, want) {
		t.Fatalf("the revoke takes %v, want every token of client-1 %v", rd.ids, want)
	}
}

func TestATokenOfADeletedClientCannotRotateASecret(t *testing.T) {
	a := fakeAccountApp(t, fakeClients()[:1])
	send(t, a, "f")
	a.Update(tea.PasteMsg{Content: fakeTokens(2)[1].AccessToken})
	send(t, a, "enter")
	mustContain(t, viewOf(a), "Client           unknown client: no listed client has client-1")
	send(t, a, "s")
	if _, ok := a.front().(*lookupDialog); !ok || !a.status.err || !strings.Contains(a.status.text, "there is no secret to rotate") {
		t.Fatalf("s on a token of a deleted client: front %T, status %+v", a.front(), a.status)
	}
}

func TestSOnTheCardAsksToRotateTheFoundTokensClient(t *testing.T) {
	a, sim := newSimApp(t)
	leaked := leakedToken(t, sim)
	client := clientOf(t, sim, leaked.ClientIdentifier)
	send(t, a, "f")
	a.Update(tea.PasteMsg{Content: leaked.AccessToken})
	send(t, a, "enter")
	send(t, a, "s")
	c, ok := a.front().(*confirmDialog)
	if !ok || c.title != "Rotate secret" || !strings.Contains(c.body, client.Name) {
		t.Fatalf("s opened %T %+v, want the rotation of %q", a.front(), c, client.Name)
	}
	n := len(tokensOf(sim, client.ClientIdentifier))
	if !strings.Contains(c.body, "What depends on it: "+strconv.Itoa(n)+" tokens") {
		t.Fatalf("the rotation's confirm lacks the client's %d tokens:\n%s", n, c.body)
	}
	send(t, a, "y")
	if m, ok := a.front().(*secretModal); !ok || !strings.Contains(m.title, client.Name) {
		t.Fatalf("the rotation showed %T", a.front())
	}
	keys(t, a, "c", "enter")
	if c, ok := a.front().(*confirmDialog); !ok || c.title != "Revoke older tokens" {
		t.Fatalf("after the modal: %T, want the offer to revoke the older tokens", a.front())
	}
}

// The demo's first status line says how to try the lookup; doing as it
// says finds the token copied.
func TestTheDemoNoticeNamesTheLookupKeyAndDoingAsItSaysFindsTheToken(t *testing.T) {
	sess, sim := simSession(t)
	sess.Notice = DemoNotice()
	var copied string
	a := New(context.Background(), Options{Session: sess, Now: func() time.Time { return testNow },
		CopyNative: func(s string) error { copied = s; return nil }})
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	pump(t, a, a.Init())
	mustContain(t, viewOf(a), "Demo account: copy a token with c on Tokens, then press f to find its owner.")
	keys(t, a, "2", "c", "y")
	if copied == "" {
		t.Fatal("c then y copied nothing")
	}
	keys(t, a, "f")
	a.Update(tea.PasteMsg{Content: copied})
	send(t, a, "enter")
	d, ok := a.front().(*lookupDialog)
	if !ok || len(d.found) != 1 || d.found[0].ID != sim.Tokens()[0].ID {
		t.Fatalf("the lookup of the token copied shows %T", a.front())
	}
}

func TestAFragmentOfOneTokenNamesItAsTheOneCandidate(t *testing.T) {
	a, sim := newSimApp(t)
	leaked := leakedToken(t, sim)
	send(t, a, "f")
	a.Update(tea.PasteMsg{Content: leaked.AccessToken[10:22]})
	send(t, a, "enter")
	mustContain(t, viewOf(a), "1 token contains this fragment", "Token            "+strconv.FormatInt(leaked.ID, 10))
	mustLack(t, viewOf(a), leaked.AccessToken[10:22])
}

// footerHints are the hints of the footer's last line, split on the help's
// separator, with the ellipsis that marks keys left out dropped.
func footerHints(view string) []string {
	lines := strings.Split(strings.TrimRight(view, "\n"), "\n")
	last := strings.TrimSpace(lines[len(lines)-1])
	last = strings.TrimSpace(strings.TrimSuffix(last, "…"))
	return strings.Split(last, " • ")
}

// Every hint the footer shows at 80 columns is a whole binding of the
// screen or dialog in front, or a global one, and the line fits: with the
// lookup key added, the help would otherwise run a key past the edge.
func TestAt80ColumnsTheFooterShowsOnlyWholeHintsWithinTheWidth(t *testing.T) {
	a, _ := newSimApp(t)
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	for _, step := range []string{"1", "enter", "esc", "2", "enter", "esc", "3", "4", "H", "esc", "f", "esc", "1", "s", "n"} {
		send(t, a, step)
		view := viewOf(a)
		last := strings.Split(view, "\n")[23]
		if w := len([]rune(last)); w > 80 {
			t.Fatalf("after %q the footer is %d cells wide:\n%s", step, w, last)
		}
		var km interface{ FullHelp() [][]key.Binding } = a.screen()
		if d := a.front(); d != nil {
			km = d
		}
		whole := map[string]bool{}
		for _, group := range append(km.FullHelp(), a.globalHelp(), []key.Binding{a.c.keys.Global.Lookup, a.moreKey()}) {
			for _, b := range group {
				whole[b.Help().Key+" "+b.Help().Desc] = true
			}
		}
		for _, b := range km.(interface{ ShortHelp() []key.Binding }).ShortHelp() {
			whole[b.Help().Key+" "+b.Help().Desc] = true
		}
		for _, hint := range footerHints(view) {
			if !whole[hint] {
				t.Fatalf("after %q the footer shows %q, which is no whole hint:\n%s", step, hint, last)
			}
		}
	}
}
