package cli

import (
	"strings"
	"testing"

	"chatkeys/ui/hint"
)

// namesCLIThing reports whether text names something on the command line:
// a command, a flag, an environment variable or a profile setting.
func namesCLIThing(text string) bool {
	for _, s := range []string{"chatkeys ", "--", "CHATKEYS_", "redirect_uri", "api_url"} {
		if strings.Contains(text, s) {
			return true
		}
	}
	return false
}

func TestEveryCauseHasCommandLineWordsAndTheActionableOnesNameACommand(t *testing.T) {
	actionable := map[hint.Kind]bool{
		hint.NotLoggedIn: true, hint.LoginEnded: true, hint.NoLifetime: true, hint.NotAdmin: true, hint.MissingScope: true,
		hint.NotFound: true, hint.NotConfirmed: true, hint.Redirected: true, hint.NotConfigured: true, hint.NoClientID: true,
		hint.NeedsConfidential: true, hint.BadClient: true, hint.ScopeNotAllowed: true, hint.CodeSpent: true,
		hint.AuthRejected: true, hint.RedirectNotRegistered: true, hint.GrantNotOffered: true, hint.BrowserTimeout: true,
		hint.PortPrivileged: true, hint.PortInUse: true, hint.NotPrintable: true,
	}
	for k := hint.NotLoggedIn; k <= hint.UnsafeFile; k++ {
		text := hint.Words(hint.Cause{Kind: k, Scope: "write", Profile: "staging", ProfileMissing: true, Port: 8080}, hint.CLI)
		if text == "" {
			t.Errorf("kind %d has no words on the command line", k)
		}
		if actionable[k] && !namesCLIThing(text) {
			t.Errorf("kind %d: %q names no command, flag or setting", k, text)
		}
	}
	if got := hint.Words(hint.Cause{}, hint.CLI); got != "" {
		t.Errorf("an error without a cause got a hint: %q", got)
	}
}

func TestCommandLineHintsFillInWhatTheCauseNames(t *testing.T) {
	cases := []struct {
		c    hint.Cause
		want string
	}{
		{hint.Cause{Kind: hint.MissingScope, Scope: "read"}, "the read scope"},
		{hint.Cause{Kind: hint.ScopeNotAllowed, Scopes: []string{"read"}}, "allows: read (chat"},
		{hint.Cause{Kind: hint.NotConfigured, Profile: "staging", ConfigPath: "/c/config.toml", ProfileMissing: true}, "no [staging] in /c/config.toml: run chatkeys --profile staging"},
		{hint.Cause{Kind: hint.NotConfigured, Profile: "default"}, "run chatkeys to set up a profile"},
		{hint.Cause{Kind: hint.PortInUse, Port: 8080}, "port 8080"},
		{hint.Cause{Kind: hint.NeedsConfidential}, "chatkeys clients update ID --type confidential"},
	}
	for _, c := range cases {
		if got := hint.Words(c.c, hint.CLI); !strings.Contains(got, c.want) {
			t.Errorf("%+v: %q, want it to contain %q", c.c, got, c.want)
		}
	}
}
