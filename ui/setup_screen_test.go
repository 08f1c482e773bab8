package ui

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"chatkeys/api"
	"chatkeys/authflow"
	"chatkeys/authflow/config"
)

type fakeSetup struct{ saved []SetupValues }

func (f *fakeSetup) Save(_ context.Context, v SetupValues) (*Session, error) {
	f.saved = append(f.saved, v)
	return &Session{Profile: "default", Host: v.Subdomain + ".zendesk.com", Notice: "token stored in plain text"}, nil
}

func TestSetupRefusesANonSubdomainWithAnExample(t *testing.T) {
	err := validateSubdomain("acme.example.com")
	if err == nil || !strings.Contains(err.Error(), "enter acme") {
		t.Fatalf("err %v", err)
	}
	if validateSubdomain("https://acme.zendesk.com/agent") != nil {
		t.Fatal("a pasted agent URL was refused")
	}
}

// setupRedirectProblems fills the first-run form with redirect and
// returns what the form says of it once the redirect field is left.
func setupRedirectProblems(redirect string) []error {
	s := newSetupScreen(newTestCommon(), &fakeSetup{})
	s.v = SetupValues{Subdomain: "acme", ClientID: "id-1", RedirectURI: redirect, Grant: config.GrantCode}
	s.build()
	s.form.Init()
	s.form.huh.NextGroup()
	s.form.huh.NextField() // leave the redirect field: it validates
	return s.form.huh.Errors()
}

func TestTheSetupFormAcceptsExactlyTheRedirectsTheListenerServes(t *testing.T) {
	for _, bad := range []string{"https://app.example.com/cb", "http://127.0.0.2:8080", "http://app.localhost:8080",
		"http://localhost:8080/#frag", "http://user@localhost:8080"} {
		if authflow.CheckLoopbackRedirect(bad) == nil {
			t.Fatalf("the listener serves %s", bad)
		}
		if len(setupRedirectProblems(bad)) == 0 {
			t.Errorf("the setup form accepts %s, which the listener refuses", bad)
		}
	}
	for _, good := range []string{"http://localhost:8080", "http://127.0.0.1:9000/callback", "http://[::1]:8080"} {
		if errs := setupRedirectProblems(good); len(errs) != 0 {
			t.Errorf("the setup form refuses %s: %v", good, errs)
		}
	}
}

func TestTheLoginScreenPicksOnlyARedirectTheListenerServes(t *testing.T) {
	clients := []api.OAuthClient{{ClientIdentifier: "c", RedirectURIs: api.RedirectURIs{
		"http://127.0.0.2:8080", "http://app.localhost:8080", "http://localhost:8080/#x", "http://u@localhost:8080", "http://localhost:9000/cb"}}}
	if got := loopbackRedirectOf(clients, "c"); got != "http://localhost:9000/cb" {
		t.Fatalf("picked %q", got)
	}
}

func TestSetupSavesTheNormalisedProfileThenOpensLogin(t *testing.T) {
	b := &fakeSetup{}
	login := &fakeBackend{}
	a := New(t.Context(), Options{Session: &Session{Profile: "default"}, Setup: b, Login: login})
	a.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	s := a.screen().(*setupScreen)
	s.v = SetupValues{Subdomain: " https://Acme.zendesk.com/agent ", ClientID: " id-1 ", ClientSecret: "sek",
		RedirectURI: "http://localhost:8080", Grant: config.GrantCode}
	before := login.defaults.Load()
	msgs := pump(t, a, s.save())
	if _, ok := findMsg[setupSavedMsg](msgs); !ok || len(b.saved) != 1 {
		t.Fatal("save did not reach the backend")
	}
	if got := b.saved[0]; got.Subdomain != "acme" || got.ClientID != "id-1" {
		t.Fatalf("saved %+v", got)
	}
	if _, ok := findMsg[setupDoneMsg](msgs); !ok || login.defaults.Load() == before {
		t.Fatal("the Login tab was not told to reload")
	}
	if p, ok := findMsg[popScreenMsg](msgs); !ok || p.screen != s {
		t.Fatal("the setup screen did not close itself")
	}
	if _, ok := a.screen().(*loginScreen); !ok || a.tab != tabLogin {
		t.Fatalf("showing %T on tab %v, want the Login screen", a.screen(), a.tab)
	}
	if st, _ := findMsg[statusMsg](msgs); !strings.Contains(st.text, "plain text") || !strings.Contains(a.status.text, "plain text") {
		t.Fatalf("the storage notice was not shown: %q", st.text)
	}
	if a.c.sess.Host != "acme.zendesk.com" {
		t.Fatalf("session host %q", a.c.sess.Host)
	}
}

func TestFirstRunOpensTheSetupForm(t *testing.T) {
	a := New(t.Context(), Options{Session: &Session{Profile: "default"}, Setup: &fakeSetup{}, Login: &fakeBackend{}})
	if a.tab != tabLogin {
		t.Fatalf("tab %v", a.tab)
	}
	setup, ok := a.screen().(*setupScreen)
	if !ok {
		t.Fatalf("front screen %T", a.screen())
	}
	for _, m := range collect(t, setup.Init()) {
		setup.HandleMsg(m)
	}
	mustContain(t, viewAt(setup, 80, 20), "Zendesk subdomain")
}
