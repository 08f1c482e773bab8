package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// everyCommand is the whole command tree, built as a run builds it.
func everyCommand(t *testing.T) []*cobra.Command {
	t.Helper()
	var all []*cobra.Command
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		all = append(all, c)
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(newCmdRoot(NewFactory(IO{Getenv: func(string) string { return "" }})))
	return all
}

func TestEveryCommandsHelpHasAnExample(t *testing.T) {
	for _, c := range everyCommand(t) {
		if strings.TrimSpace(c.Example) == "" {
			t.Errorf("%s has no Example", c.CommandPath())
		}
	}
	help := newHarness(t).scriptOK(t, "tokens", "revoke", "--help").stdout
	if want := "Examples:\n  chatkeys tokens revoke 38 39"; !strings.Contains(help, want) {
		t.Errorf("--help lacks %q:\n%s", want, help)
	}
}

func TestManWritesAPageForEveryCommandFromItsHelp(t *testing.T) {
	h := newHarness(t)
	dir := filepath.Join(t.TempDir(), "man1")
	r := h.scriptOK(t, "man", dir)
	for _, c := range everyCommand(t) {
		if !c.IsAvailableCommand() && c.HasParent() {
			continue
		}
		page, err := os.ReadFile(filepath.Join(dir, manName(c)+".1"))
		if err != nil {
			t.Errorf("%s: %v", c.CommandPath(), err)
			continue
		}
		for _, want := range []string{".TH \"" + strings.ToUpper(manName(c)) + "\" 1", ".SH NAME\n" + roff(manName(c)) + " \\- ", ".SH EXAMPLES\n"} {
			if !strings.Contains(string(page), want) {
				t.Errorf("%s's page lacks %q", c.CommandPath(), want)
			}
		}
	}
	revoke, _ := os.ReadFile(filepath.Join(dir, "chatkeys-tokens-revoke.1"))
	for _, want := range []string{"\\fB\\-\\-dry\\-run\\fR\n", ".SH GLOBAL OPTIONS\n", "\\fB\\-\\-profile\\fR \\fIstring\\fR", "chatkeys\\-tokens(1)"} {
		if !strings.Contains(string(revoke), want) {
			t.Errorf("chatkeys-tokens-revoke.1 lacks %q:\n%s", want, revoke)
		}
	}
	if !strings.Contains(r.stderr, "man pages into") {
		t.Errorf("stderr %q", r.stderr)
	}
}

func TestManPageTextCannotStartARoffRequest(t *testing.T) {
	got := roffLines(".SH injected\n'also\nback\\slash -x")
	want := "\\&.SH injected\n\\&'also\nback\\eslash \\-x\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
