package ui

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"golang.org/x/oauth2"

	"chatkeys/authflow"
	"chatkeys/authflow/config"
)

// fakeBackend is a LoginBackend whose flows answer when told to.
type fakeBackend struct {
	started  []LoginRequest
	flow     *fakeFlow
	startErr error
	adopted  *oauth2.Token
	defaults atomic.Int32 // calls of Defaults, which run in commands
}

func (b *fakeBackend) Defaults(context.Context) LoginRequest {
	b.defaults.Add(1)
	return LoginRequest{Grant: config.GrantCode, ClientID: "client-1", ClientSecret: "profile-secret", Scopes: "read write", UseAsLogin: true}
}

func (b *fakeBackend) Start(_ context.Context, req LoginRequest) (LoginFlow, error) {
	b.started = append(b.started, req)
	if b.startErr != nil {
		return nil, b.startErr
	}
	b.flow = &fakeFlow{answer: make(chan *oauth2.Token, 1), url: "http://127.0.0.1:8080/authorize?state=x"}
	if !req.Grant.NeedsBrowser() {
		b.flow.url = ""
	}
	return b.flow, nil
}

func (b *fakeBackend) Adopt(_ context.Context, tok *oauth2.Token, req LoginRequest) (*Session, error) {
	b.adopted = tok
	return &Session{Profile: "default", Host: "acme.zendesk.com", Login: &LoginInfo{Scopes: authflow.TokenScopes(tok, strings.Fields(req.Scopes))}}, nil
}

type fakeFlow struct {
	url       string
	answer    chan *oauth2.Token
	cancelled atomic.Bool
	pasted    []string
}

func (f *fakeFlow) AuthorizeURL() string { return f.url }
func (f *fakeFlow) Addrs() []string      { return []string{"127.0.0.1:8080", "[::1]:8080"} }
func (f *fakeFlow) OpenBrowser() error   { return errors.New("no display") }
func (f *fakeFlow) Paste(raw string) error {
	f.pasted = append(f.pasted, raw)
	return errors.New("state mismatch")
}
func (f *fakeFlow) Cancel() { f.cancelled.Store(true) }
func (f *fakeFlow) Wait(ctx context.Context) (*oauth2.Token, error) {
	select {
	case t := <-f.answer:
		return t, nil
	case <-time.After(50 * time.Millisecond):
		return nil, errors.New("test flow: no answer")
	}
}

func newTestLogin(t *testing.T) (*loginScreen, *fakeBackend) {
	t.Helper()
	b := &fakeBackend{}
	s := newLoginScreen(newTestCommon(), b)
	defaults, ok := findMsg[loginDefaultsMsg](collect(t, s.Init()))
	if !ok {
		t.Fatal("Init did not load the defaults")
	}
	s.HandleMsg(defaults)
	s.HandleMsg(clientsLoadedMsg{list: fakeClients()})
	return s, b
}

func TestLoginFormPrefillsFromTheProfileAndOffersTheClients(t *testing.T) {
	s, _ := newTestLogin(t)
	if s.v.grant != config.GrantCode || s.v.clientChoice != "client-1" || strings.Join(s.v.scopes, " ") != "read write" {
		t.Fatalf("values %+v", s.v)
	}
	mustContain(t, viewAt(s, 100, 30), "Authorization code", "read", "write", "chat")
	opts := clientOptions(fakeClients(), "client-1")
	if opts[0].Key != "Chat bot (chatkeys' client)" || opts[len(opts)-1].Value != otherClient {
		t.Fatalf("client choices %v", opts)
	}
}

func TestLoginUsesTheProfileSecretForTheProfileClient(t *testing.T) {
	s, _ := newTestLogin(t)
	req := s.v.request(s.defaults)
	if req.ClientSecret != "profile-secret" || !req.UseAsLogin {
		t.Fatalf("request %+v", req)
	}
	s.v.clientChoice = "client-2"
	if req := s.v.request(s.defaults); req.ClientSecret != "" {
		t.Fatal("another client got the profile's secret")
	}
}

func TestLoginRunningShowsSpinnerListenerAndURLAndPasteBox(t *testing.T) {
	s, b := newTestLogin(t)
	msgs := collect(t, s.start())
	started, ok := findMsg[loginStartedMsg](msgs)
	if !ok || len(b.started) != 1 {
		t.Fatal("start did not start the flow")
	}
	collect(t, s.HandleMsg(started))
	s.HandleMsg(browserOpenedMsg{err: errors.New("no display")})
	mustContain(t, viewAt(s, 100, 30), "Waiting for you to allow access", "127.0.0.1:8080, [::1]:8080",
		"http://127.0.0.1:8080/authorize?state=x", "Could not open a browser")
	s.HandleKey(press("p"))
	if !s.Capturing() {
		t.Fatal("p did not open the paste box")
	}
	typeText("http://localhost:8080/?code=x&state=forged", func(k tea.KeyPressMsg) { s.HandleKey(k) })
	res := collect(t, s.HandleKey(press("enter")))
	s.HandleMsg(res[0])
	if len(b.flow.pasted) != 1 || !strings.Contains(b.flow.pasted[0], "code=x") {
		t.Fatalf("pasted %v", b.flow.pasted)
	}
	mustContain(t, viewAt(s, 100, 30), "That URL was refused", "Still waiting")
}

func TestLoginEscCancelsTheFlowAndReturnsToTheForm(t *testing.T) {
	s, b := newTestLogin(t)
	started, _ := findMsg[loginStartedMsg](collect(t, s.start()))
	s.HandleMsg(started)
	msgs := collect(t, s.HandleKey(press("esc")))
	cancelled, ok := findMsg[loginCancelledMsg](msgs)
	if !ok || !b.flow.cancelled.Load() {
		t.Fatal("esc did not cancel the flow")
	}
	s.HandleMsg(cancelled)
	if s.state != loginForm || s.flow != nil {
		t.Fatalf("state %v after cancel", s.state)
	}
}

func TestLoginShowOnceOpensTheCopyOnceModalThenTheRefreshToken(t *testing.T) {
	s, b := newTestLogin(t)
	s.v.destination = destShow
	started, _ := findMsg[loginStartedMsg](collect(t, s.start()))
	b.flow.answer <- (&oauth2.Token{AccessToken: "fresh-access-token", RefreshToken: "fresh-refresh", Expiry: testNow.Add(10 * time.Hour)}).WithExtra(map[string]any{"scope": "read"})
	done, ok := findMsg[loginDoneMsg](collect(t, s.HandleMsg(started)))
	if !ok {
		t.Fatal("no result")
	}
	open, ok := findMsg[openDialogMsg](collect(t, s.HandleMsg(done)))
	if !ok || b.adopted != nil {
		t.Fatal("show once opened no modal, or adopted the token")
	}
	m := open.dialog.(*secretModal)
	mustContain(t, drawAt(m, 76, 30), "fresh-access-token", "10h left")
	m.HandleMsg(press("c"))
	cl := m.HandleMsg(press("enter")).(actionClose)
	next, ok := findMsg[openDialogMsg](collect(t, cl.then))
	if !ok || next.dialog.(*secretModal).value != "fresh-refresh" {
		t.Fatal("the refresh token was not offered after the access token")
	}
}

func TestLoginUseAsLoginAdoptsTheTokenAndReloads(t *testing.T) {
	b := &fakeBackend{}
	a := New(t.Context(), Options{Session: &Session{Profile: "default", Host: "acme.zendesk.com"}, Login: b})
	a.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	pump(t, a, a.Init())
	s := a.screen().(*loginScreen)
	started, _ := findMsg[loginStartedMsg](collect(t, s.start()))
	b.flow.answer <- (&oauth2.Token{AccessToken: "mine"}).WithExtra(map[string]any{"scope": "read write"})
	msgs := pump(t, a, emit(started))
	if _, ok := findMsg[loginAdoptedMsg](msgs); !ok || b.adopted == nil || b.adopted.AccessToken != "mine" {
		t.Fatal("the token was not adopted")
	}
	if a.tab != tabClients {
		t.Fatalf("tab %v: no switch back to the tables", a.tab)
	}
	if a.c.sess.Login == nil || a.c.sess.Login.Scopes != "read write" || s.c.sess != a.c.sess {
		t.Fatal("the session was not replaced")
	}
	_, clients := findMsg[clientsLoadedMsg](msgs)
	_, tokens := findMsg[tokensLoadedMsg](msgs)
	if !clients || !tokens || !strings.Contains(a.status.text, "Logged in.") || s.state != loginForm {
		t.Fatalf("after adopting: lists reloaded %v/%v, status %q, state %v", clients, tokens, a.status.text, s.state)
	}
}

func TestLoginFailureShowsTheFlowsHint(t *testing.T) {
	s, b := newTestLogin(t)
	b.startErr = hinted("port 8080 is in use", "close the program using it, or register another redirect URL")
	started, _ := findMsg[loginStartedMsg](collect(t, s.start()))
	st, ok := findMsg[statusMsg](collect(t, s.HandleMsg(started)))
	if !ok || st.err == nil || s.state != loginForm {
		t.Fatal("the error did not reach the status line")
	}
}

func TestLoginRefusesToStartWithoutWhatTheGrantNeeds(t *testing.T) {
	s, b := newTestLogin(t)
	s.v.grant = config.GrantPassword
	msgs := collect(t, s.start())
	if st, ok := findMsg[statusMsg](msgs); !ok || !strings.Contains(st.err.Error(), "username and a password") || len(b.started) != 0 {
		t.Fatalf("msgs %v", msgs)
	}
}

func TestAFailedLoginKeepsWhatWasChosen(t *testing.T) {
	s, b := newTestLogin(t)
	s.v.grant, s.v.destination, s.v.scopes = config.GrantClientCredentials, destShow, []string{"read"}
	b.startErr = errors.New("invalid_client")
	started, _ := findMsg[loginStartedMsg](collect(t, s.start()))
	collect(t, s.HandleMsg(started))
	if s.state != loginForm || s.v.grant != config.GrantClientCredentials || s.v.destination != destShow || len(s.v.scopes) != 1 {
		t.Fatalf("values after the failure: %+v", s.v)
	}
}

func TestEscLeavesTheLoginFormEvenFromATextField(t *testing.T) {
	s, _ := newTestLogin(t)
	if sw, ok := findMsg[switchTabMsg](collect(t, s.HandleKey(press("esc")))); !ok || sw.tab != tabClients {
		t.Fatal("esc did not leave the Login tab")
	}
}

func TestASavedSecretReloadsTheLoginDefaults(t *testing.T) {
	b := &fakeBackend{}
	var saved string
	a := New(t.Context(), Options{Session: newTestCommon().sess, Login: b, CopyNative: func(string) error { return nil },
		SaveSecret: func(_ context.Context, secret string) error { saved = secret; return nil }})
	a.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	pump(t, a, a.Init())
	m := newSecretModal(a.c, "New secret", "", "the-new-secret").withSave("save to profile", a.c.saveSecret)
	pump(t, a, showSecret(m, "the secret"))
	before := b.defaults.Load()
	send(t, a, "s")
	if saved != "the-new-secret" || !m.saved {
		t.Fatalf("saved %q; the modal says saved: %v", saved, m.saved)
	}
	if b.defaults.Load() == before {
		t.Fatal("saving a secret did not reload the defaults the login sends")
	}
	s, _ := newTestLogin(t)
	if _, ok := findMsg[loginDefaultsMsg](collect(t, s.HandleMsg(profileSavedMsg{}))); !ok {
		t.Fatal("the news of a saved secret did not reload the defaults")
	}
}

func TestABrowserLoginWithAClientWithoutALoopbackRedirectSaysHowToFixIt(t *testing.T) {
	s, b := newTestLogin(t)
	s.v.clientChoice = "client-0" // Reporting: https redirect only
	st, ok := findMsg[statusMsg](collect(t, s.start()))
	if !ok || st.err == nil || !strings.Contains(st.err.Error(), "Reporting has no redirect URL") || len(b.started) != 0 {
		t.Fatalf("status %+v, starts %d", st, len(b.started))
	}
}

// On the Login tab tab and shift+tab move between the form's fields, not
// the tabs, and the footer names the way out.
func TestTabMovesThroughTheLoginFormAndTheFooterNamesEscAsTheWayOut(t *testing.T) {
	sess := newTestCommon().sess
	a := New(context.Background(), Options{Session: sess, Login: &fakeBackend{}, CopyNative: func(string) error { return nil }})
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	pump(t, a, a.Init())
	send(t, a, "3")
	s := a.screen().(*loginScreen)
	first := s.form.huh.GetFocusedField()
	send(t, a, "tab")
	if a.tab != tabLogin || s.form.huh.GetFocusedField() == first {
		t.Fatalf("tab left the Login tab (%v) or the first field", a.tab)
	}
	send(t, a, "shift+tab")
	if a.tab != tabLogin || s.form.huh.GetFocusedField() != first {
		t.Fatalf("shift+tab left the Login tab (%v) or did not return to the first field", a.tab)
	}
	mustContain(t, viewOf(a), "esc back")
	send(t, a, "esc")
	if a.tab != tabClients {
		t.Fatalf("esc from the Login form shows %v", a.tab)
	}
}
