package ui

import (
	"regexp"
	"strings"
	"testing"

	"chatkeys/ui/hint"
)

// cliWords matches what only the command line has: a subcommand, a flag,
// an environment variable.
var cliWords = regexp.MustCompile(`chatkeys (login|logout|clients|tokens|status|token)\b|--[a-z]|CHATKEYS_`)

func TestEveryCauseHasTUIWordsThatNameNoCommand(t *testing.T) {
	namesAKeyOrTab := map[hint.Kind]bool{
		hint.NotLoggedIn: true, hint.LoginEnded: true, hint.NoLifetime: true, hint.NotAdmin: true, hint.MissingScope: true,
		hint.NotFound: true, hint.NotConfirmed: true, hint.NeedsConfidential: true, hint.ScopeNotAllowed: true,
		hint.AuthRejected: true, hint.RedirectNotRegistered: true, hint.BrowserTimeout: true, hint.PortPrivileged: true,
		hint.PortInUse: true, hint.TryAgain: true,
	}
	keyOrTab := regexp.MustCompile(`\((1|2|3)\)|\(Clients \(1\)|\br reloads|press [a-z]\b|\b(e|enter)\)`)
	for k := hint.NotLoggedIn; k <= hint.UnsafeFile; k++ {
		text := hint.Words(hint.Cause{Kind: k, Scope: "write", Profile: "staging", ProfileMissing: true, Port: 8080}, hint.TUI)
		if text == "" {
			t.Errorf("kind %d has no words in the TUI", k)
		}
		if cliWords.MatchString(text) {
			t.Errorf("kind %d: %q gives the command line's way", k, text)
		}
		if namesAKeyOrTab[k] && !keyOrTab.MatchString(text) {
			t.Errorf("kind %d: %q names no key or tab", k, text)
		}
	}
}

func TestTheTUISaysClientsEToMakeAClientConfidential(t *testing.T) {
	got := hint.Words(hint.Cause{Kind: hint.NeedsConfidential}, hint.TUI)
	if !strings.Contains(got, "Clients (1)") || !strings.Contains(got, "press e") {
		t.Fatalf("%q", got)
	}
}
