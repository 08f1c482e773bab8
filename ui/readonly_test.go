package ui

import (
	"strings"
	"testing"
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
