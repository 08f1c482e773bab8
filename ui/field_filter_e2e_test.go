package ui

import (
	"strconv"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// The whole sequence a user types: / expired enter a x, then y in the
// confirm. Every expired token of the simulated account is revoked and
// every other stays.
func TestSlashExpiredEnterAThenXRevokesEveryExpiredToken(t *testing.T) {
	a, sim := newSimApp(t)
	before := sim.Tokens()
	var expired int
	for _, tok := range before {
		if tok.Expired(testNow) {
			expired++
		}
	}
	if expired == 0 {
		t.Fatal("the simulated account has no expired token")
	}
	keys(t, a, "2", "/")
	typeText("expired", func(k tea.KeyPressMsg) { send(t, a, k.Text) })
	keys(t, a, "enter", "a", "x")
	mustContain(t, viewOf(a), "Revoke "+strconv.Itoa(expired)+" tokens")
	keys(t, a, "y")
	if d, ok := a.front().(*revokeDialog); !ok || d.results == nil {
		t.Fatalf("the revoke dialog did not finish: %#v", a.front())
	}
	after := sim.Tokens()
	if len(after) != len(before)-expired {
		t.Fatalf("%d tokens left, want %d", len(after), len(before)-expired)
	}
	for _, tok := range after {
		if tok.Expired(testNow) {
			t.Fatalf("expired token %d survived", tok.ID)
		}
	}
}
