package ui

import (
	"strings"
	"testing"
)

type fakeSetup struct{ saved []SetupValues }

func (f *fakeSetup) Save(v SetupValues) (*Session, error) {
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
	if validateLoopbackRedirect("https://app.example.com/cb") == nil || validateLoopbackRedirect("http://localhost:8080") != nil {
		t.Fatal("the setup redirect must be one chatkeys can listen on")
	}
}

func TestSetupSavesTheNormalisedProfileThenOpensLogin(t *testing.T) {
	c := newTestCommon()
	b := &fakeSetup{}
	s := newSetupScreen(c, b)
	s.v = SetupValues{Subdomain: " https://Acme.zendesk.com/agent ", ClientID: " id-1 ", ClientSecret: "sek",
		RedirectURI: "http://localhost:8080", Grant: GrantCode}
	saved, ok := findMsg[setupSavedMsg](collect(s.save()))
	if !ok || len(b.saved) != 1 {
		t.Fatal("save did not reach the backend")
	}
	if got := b.saved[0]; got.Subdomain != "acme" || got.ClientID != "id-1" {
		t.Fatalf("saved %+v", got)
	}
	msgs := collect(s.HandleMsg(saved))
	if _, ok := findMsg[setupDoneMsg](msgs); !ok {
		t.Fatal("the Login tab was not told to reload")
	}
	if p, ok := findMsg[popScreenMsg](msgs); !ok || p.screen != s {
		t.Fatal("the setup screen did not close itself")
	}
	if st, _ := findMsg[statusMsg](msgs); !strings.Contains(st.text, "plain text") {
		t.Fatalf("the storage notice was not shown: %q", st.text)
	}
	if c.sess.Host != "acme.zendesk.com" {
		t.Fatalf("session host %q", c.sess.Host)
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
	for _, m := range collect(setup.Init()) {
		setup.HandleMsg(m)
	}
	mustContain(t, setup.View(80, 20), "Zendesk subdomain")
}
