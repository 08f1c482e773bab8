package cli

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

func TestJQPrintsStringsRawAndOtherValuesAsCompactJSON(t *testing.T) {
	h := newHarness(t)
	r := h.scriptOK(t, "clients", "list", "--jq", ".[].name")
	var names []string
	for _, c := range h.sim.Clients() {
		names = append(names, c.Name)
	}
	if want := strings.Join(names, "\n") + "\n"; r.stdout != want {
		t.Errorf("stdout %q, want %q", r.stdout, want)
	}
	first := h.sim.Tokens()[0]
	r = h.scriptOK(t, "tokens", "list", "--jq", ".[0] | {id, expired}")
	var got struct {
		ID      int64 `json:"id"`
		Expired bool  `json:"expired"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || got.ID != first.ID || strings.Count(r.stdout, "\n") != 1 {
		t.Errorf("stdout %q (%v), want token %d on one line", r.stdout, err, first.ID)
	}
}

func TestJQImpliesJSONOnEveryCommandThatHasIt(t *testing.T) {
	h := newHarness(t)
	r := h.scriptOK(t, "tokens", "list", "--jq", "length")
	if r.stdout != strconv.Itoa(len(h.sim.Tokens()))+"\n" {
		t.Errorf("length printed %q, want %d", r.stdout, len(h.sim.Tokens()))
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Flags().Lookup("json") != nil && c.Flags().Lookup("jq") == nil {
			t.Errorf("%s has --json but no --jq", c.CommandPath())
		}
		if c.Flags().Lookup("json") == nil && c.Flags().Lookup("jq") != nil && c.Annotations[jsonAlways] == "" {
			t.Errorf("%s has --jq without --json", c.CommandPath())
		}
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(newCmdRoot(NewFactory(IO{Getenv: func(string) string { return "" }})))
}

func TestJQExpressionThatDoesNotParseIsAOneLineUsageError(t *testing.T) {
	h := newHarness(t)
	for _, expr := range []string{".[", "nosuchfunction(1)"} {
		r := h.script(t, "clients", "list", "--jq", expr)
		if r.code != exitUsage || r.stdout != "" || strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, "chatkeys: --jq ") {
			t.Errorf("--jq %q: exit %d, stdout %q, stderr %q", expr, r.code, r.stdout, r.stderr)
		}
	}
	if n := h.sim.RequestCount("GET", "/"); n != 0 {
		t.Errorf("a query that does not compile still sent %d requests", n)
	}
}

func TestJQErrorOverTheDataExitsOne(t *testing.T) {
	h := newHarness(t)
	r := h.script(t, "clients", "list", "--jq", ".name")
	if r.code != exitError || !strings.HasPrefix(r.stderr, "chatkeys: --jq: expected an object but got: array") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestJQSeesNoEnvironmentSoItCannotPrintTheToken(t *testing.T) {
	h := newHarness(t)
	r := h.scriptOK(t, "status", "--jq", "[$ENV.CHATKEYS_TOKEN, env.CHATKEYS_TOKEN]")
	if strings.TrimSpace(r.stdout) != "[null,null]" || strings.Contains(r.stdout, h.env["CHATKEYS_TOKEN"]) {
		t.Errorf("stdout %q", r.stdout)
	}
}

func TestJQStringsFromTheServerAreSanitisedAndOtherValuesEscaped(t *testing.T) {
	h := newHarness(t)
	h.scriptOK(t, "clients", "create", "--name", "evil\x1b]52;c;cHduZWQ=\x07\u202e", "--redirect-uri", "http://localhost:9", "--scopes", "read")
	raw := h.scriptOK(t, "clients", "list", "--jq", ".[-1].name")
	obj := h.scriptOK(t, "clients", "list", "--jq", ".[-1] | {name}")
	for _, out := range []string{raw.stdout, obj.stdout} {
		if strings.ContainsAny(out, "\x1b\x07\u202e") {
			t.Errorf("raw control or bidi byte reached stdout: %q", out)
		}
	}
	if !strings.Contains(obj.stdout, `\u001b`) || !strings.Contains(obj.stdout, `\u202e`) {
		t.Errorf("JSON value not escaped: %q", obj.stdout)
	}
}

func TestJQRunsOverTheReportOfACommandThatExitsOne(t *testing.T) {
	h := newHarness(t)
	delete(h.env, "CHATKEYS_TOKEN")
	r := h.script(t, "status", "--jq", ".logged_in")
	if r.code != exitError || r.stdout != "false\n" {
		t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}
