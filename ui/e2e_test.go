package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// keys presses each key in turn, running what it starts to completion.
func keys(t testing.TB, a *App, ks ...string) {
	t.Helper()
	for _, k := range ks {
		send(t, a, k)
	}
}

func TestEndToEndCreateRotateAndRevokeAgainstTheSimulator(t *testing.T) {
	a, sim := newSimApp(t)
	before := len(sim.Clients())

	// Create a client through the form.
	keys(t, a, "1", "n")
	typeText("E2E bot", func(k tea.KeyPressMsg) { send(t, a, string(k.Text)) })
	keys(t, a, "ctrl+s")
	clients := sim.Clients()
	if len(clients) != before+1 || clients[len(clients)-1].Name != "E2E bot" {
		t.Fatalf("the simulator has %d clients, last %q", len(clients), clients[len(clients)-1].Name)
	}
	created := clients[len(clients)-1]
	modal, ok := a.front().(*secretModal)
	if !ok || modal.value != created.ClientSecret {
		t.Fatal("the new client's secret is not in the copy-once modal")
	}
	keys(t, a, "c", "enter")
	if a.front() != nil {
		t.Fatal("the modal did not close after copying")
	}

	// Rotate its secret: the last row, s, confirm.
	keys(t, a, "G", "s", "y")
	modal, ok = a.front().(*secretModal)
	rotated := sim.Clients()[len(sim.Clients())-1]
	if !ok || rotated.ClientSecret == created.ClientSecret || modal.value != rotated.ClientSecret {
		t.Fatal("the rotated secret is not the simulator's new one")
	}
	keys(t, a, "c", "enter")

	// Revoke two tokens from the Tokens tab.
	tokensBefore := sim.Tokens()
	keys(t, a, "2", "space", "space", "x", "y")
	if d, ok := a.front().(*revokeDialog); !ok || d.results == nil {
		t.Fatalf("the revoke dialog did not finish: %#v", a.front())
	}
	mustContain(t, viewOf(a), "Revoked 2.")
	keys(t, a, "enter")
	after := sim.Tokens()
	if len(after) != len(tokensBefore)-2 {
		t.Fatalf("%d tokens left, want %d", len(after), len(tokensBefore)-2)
	}
	for _, tok := range after {
		if tok.ID == tokensBefore[0].ID || tok.ID == tokensBefore[1].ID {
			t.Fatalf("token %d survived", tok.ID)
		}
	}
	if strings.Contains(viewOf(a), tokensBefore[0].AccessToken) {
		t.Fatal("a whole token is on screen")
	}
}
