package ui

import (
	"testing"
)

func TestTypingWhileTheFullHelpShowsFiltersItToTheMatchingKeys(t *testing.T) {
	a := newTestApp(t)
	send(t, a, "?")
	mustContain(t, viewOf(a), "page down", "rotate secret", "find token")
	typeInto(a, "rot")
	mustContain(t, viewOf(a), "search: rot", "rotate secret")
	mustLack(t, viewOf(a), "page down", "find token")
	if len(a.stacks[tabClients]) != 1 || a.front() != nil {
		t.Fatal("a letter typed into the help search acted on the screen")
	}
	send(t, a, "backspace")
	send(t, a, "backspace")
	send(t, a, "backspace")
	mustContain(t, viewOf(a), "page down", "find token")
}

func TestASearchOfTheHelpOrThePaletteThatMatchesNothingSaysSo(t *testing.T) {
	for opener, says := range map[string]string{"?": "no key matches", ":": "No action matches."} {
		a := newTestApp(t)
		send(t, a, opener)
		typeInto(a, "zzz")
		mustContain(t, viewOf(a), says)
	}
}

func TestEnterInTheHelpSearchRunsTheFirstKeyFound(t *testing.T) {
	a := newTestApp(t)
	send(t, a, "?")
	typeInto(a, "histo")
	send(t, a, "enter")
	if a.fullHelp.shown {
		t.Fatal("enter left the full help open")
	}
	if _, ok := a.screen().(*historyScreen); !ok {
		t.Fatalf("enter on \"histo\" shows %T, not the history", a.screen())
	}
}

func TestEscClosesTheFullHelpAndForgetsTheSearch(t *testing.T) {
	a := newTestApp(t)
	send(t, a, "?")
	typeInto(a, "rot")
	send(t, a, "esc")
	if a.fullHelp.shown || a.fullHelp.query != "" {
		t.Fatalf("after esc: full help %v, query %q", a.fullHelp.shown, a.fullHelp.query)
	}
	send(t, a, "?")
	mustContain(t, viewOf(a), "page down")
}
