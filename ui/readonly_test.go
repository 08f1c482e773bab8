package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// TestAReadOnlyProfileHidesAndRefusesEveryKeyThatWouldChangeTheAccount
// presses, on a read-only session, each key that deletes, rotates,
// creates, edits, revokes or fixes: none opens anything, the simulator
// still has every client and token, and no footer or palette offers them.
func TestAReadOnlyProfileHidesAndRefusesEveryKeyThatWouldChangeTheAccount(t *testing.T) {
	sess, sim := simSession(t)
	sess.Readonly, sess.ReadonlyFrom = true, "--readonly"
	a := newSimAppWith(t, sess)
	clients, tokens := len(sim.Clients()), len(sim.Tokens())
	for _, step := range [][]string{{"1", "d"}, {"1", "s"}, {"1", "n"}, {"1", "e"}, {"2", "x"}, {"2", "space", "x"}, {"4", "F"}} {
		keys(t, a, step...)
		if d := a.front(); d != nil {
			t.Fatalf("%v opened %T on a read-only profile", step, d)
		}
		view := plain(viewOf(a))
		mustLack(t, view, "x revoke", "d delete", "s rotate", "n new", "e edit", "F fix")
	}
	keys(t, a, "2", ":")
	mustLack(t, plain(viewOf(a)), "revoke")
	keys(t, a, "esc")
	if len(sim.Clients()) != clients || len(sim.Tokens()) != tokens {
		t.Fatalf("the account changed: %d→%d clients, %d→%d tokens", clients, len(sim.Clients()), tokens, len(sim.Tokens()))
	}
	mustContain(t, plain(viewOf(a)), "READ-ONLY")
}

// TestAWritableProfileStillOffersTheKeysAReadOnlyOneHides is the other
// side: the same session, not read-only, opens the revoke confirm.
func TestAWritableProfileStillOffersTheKeysAReadOnlyOneHides(t *testing.T) {
	a, _ := newSimApp(t)
	mustLack(t, plain(viewOf(a)), "READ-ONLY")
	keys(t, a, "2", "x")
	if _, ok := a.front().(*confirmDialog); !ok {
		t.Fatalf("x opened %T, want the revoke confirm", a.front())
	}
}

// TestEveryConfirmNamesTheAccountAndProfileItActsOn opens a delete and a
// revoke confirm: each says the host and the profile.
func TestEveryConfirmNamesTheAccountAndProfileItActsOn(t *testing.T) {
	sess, _ := simSession(t)
	sess.Profile, sess.Host = "prod", "acme.zendesk.com"
	a := newSimAppWith(t, sess)
	for _, step := range [][]string{{"1", "d"}, {"2", "x"}} {
		keys(t, a, step...)
		mustContain(t, plain(viewOf(a)), "acme.zendesk.com · profile prod")
		keys(t, a, "esc")
	}
}

// TestTheHeaderShowsTheProfileInItsAccentColour draws the header of a
// profile with an accent: the profile's name is drawn in that colour
// (true colour 215;0;95 for #d7005f), and without an accent it is not.
func TestTheHeaderShowsTheProfileInItsAccentColour(t *testing.T) {
	sess, _ := simSession(t)
	sess.Profile, sess.Accent = "prod", "#d7005f"
	a := newSimAppWith(t, sess)
	head := a.header(100)
	at := strings.Index(head, "prod")
	if at < 0 || !strings.Contains(head[:at], "215;0;95") {
		t.Fatalf("the profile is not drawn in its accent: %q", head)
	}
	sess.Accent = ""
	a = newSimAppWith(t, sess)
	if strings.Contains(a.header(100), "215;0;95") {
		t.Fatal("a profile without an accent is drawn in one")
	}
}

// fakeProfiles is a ProfileSwitcher over fixed sessions.
type fakeProfiles struct {
	names    []string
	sessions map[string]*Session
}

func (p *fakeProfiles) Profiles() ([]string, error) { return p.names, nil }

func (p *fakeProfiles) SwitchProfile(_ context.Context, name string) (*Session, error) {
	s, ok := p.sessions[name]
	if !ok {
		return nil, errors.New("no profile " + name)
	}
	return s, nil
}

// twoProfiles is demo's session and a read-only prod on the same account.
func twoProfiles(t *testing.T) (*Session, *fakeProfiles) {
	sess, _ := simSession(t)
	prod := *sess
	prod.Profile, prod.Readonly, prod.ReadonlyFrom, prod.Accent = "prod", true, "readonly = true in [prod]", "#d7005f"
	demo := *sess
	return sess, &fakeProfiles{names: []string{"demo", "prod"}, sessions: map[string]*Session{"demo": &demo, "prod": &prod}}
}

// twoProfileApp is the App at 100×30 on the demo profile of
// twoProfiles, with its picker's profiles, the lists loaded.
func twoProfileApp(t *testing.T) *App {
	t.Helper()
	sess, profiles := twoProfiles(t)
	a := New(context.Background(), Options{Session: sess, Now: func() time.Time { return testNow },
		CopyNative: func(string) error { return nil }, Profiles: profiles})
	a.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	pump(t, a, a.Init())
	return a
}

// TestPSwitchesToTheChosenProfileAndItsReadOnlySettingFollows opens the
// picker with P, chooses prod (read-only) and then demo again: the
// header names each, x revokes nothing on prod and opens the confirm on
// demo again.
func TestPSwitchesToTheChosenProfileAndItsReadOnlySettingFollows(t *testing.T) {
	a := twoProfileApp(t)
	keys(t, a, "P")
	if _, ok := a.front().(*profilePicker); !ok {
		t.Fatalf("P opened %T", a.front())
	}
	mustContain(t, plain(viewOf(a)), "Switch profile", "* demo")
	keys(t, a, "down", "enter")
	if a.front() != nil || a.c.sess.Profile != "prod" {
		t.Fatalf("after choosing prod: on %q, %T in front", a.c.sess.Profile, a.front())
	}
	mustContain(t, plain(viewOf(a)), "prod", "READ-ONLY", "Now on profile prod.")
	keys(t, a, "2", "x")
	if a.front() != nil {
		t.Fatalf("x on a read-only profile opened %T", a.front())
	}
	keys(t, a, "P", "up", "enter", "2", "x")
	if _, ok := a.front().(*confirmDialog); !ok || a.c.sess.Profile != "demo" {
		t.Fatalf("back on %q, x opened %T", a.c.sess.Profile, a.front())
	}
}

// TestPWithoutOtherProfilesSaysSo is the demo's case: no switcher.
func TestPWithoutOtherProfilesSaysSo(t *testing.T) {
	a, _ := newSimApp(t)
	keys(t, a, "P")
	if a.front() != nil {
		t.Fatalf("P opened %T", a.front())
	}
	mustContain(t, plain(viewOf(a)), "no other profile")
}

func TestGoldenProfilePickerMarksTheProfileInUse(t *testing.T) {
	sess, profiles := twoProfiles(t)
	app := New(context.Background(), Options{Session: sess, Now: func() time.Time { return testNow },
		CopyNative: func(string) error { return nil }, Login: &fakeBackend{}, Profiles: profiles})
	goldenScreen(t, app, "the profile in use", "P")
}
