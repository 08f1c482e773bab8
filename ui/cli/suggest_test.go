package cli

import (
	"strings"
	"testing"
)

func TestMistypedCommandSuggestsTheNearestOneWithExitTwo(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"client", "list"}, `chatkeys: unknown command "client" for chatkeys — did you mean chatkeys clients?`},
		{[]string{"statsu"}, `did you mean chatkeys status?`},
		{[]string{"tokens", "lst"}, `unknown command "lst" for chatkeys tokens — did you mean chatkeys tokens list?`},
	} {
		r := h.script(t, tc.args...)
		if r.code != exitUsage {
			t.Errorf("%v: exit %d, want %d", tc.args, r.code, exitUsage)
		}
		if strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: stderr %q, want one line with %q", tc.args, r.stderr, tc.want)
		}
		if r.stdout != "" {
			t.Errorf("%v: stdout %q", tc.args, r.stdout)
		}
	}
}

func TestUnknownCommandWithNothingCloseNamesTheHelp(t *testing.T) {
	h := newHarness(t)
	r := h.script(t, "clients", "frobnicate")
	if r.code != exitUsage || r.stderr != "chatkeys: unknown command \"frobnicate\" for chatkeys clients — see chatkeys clients --help\n" {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestUnknownCommandIsSanitisedBeforeItIsEchoed(t *testing.T) {
	h := newHarness(t)
	r := h.script(t, "cl\x1b]0;pwned\x07ients")
	if strings.ContainsAny(r.stderr, "\x1b\x07") || r.code != exitUsage {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
}
