package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// newCmdMan writes a man page per command, generated from the commands
// themselves, so the pages never drift from --help.
func newCmdMan(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "man DIR",
		Short: "Write a man page for every command into DIR (section 1)",
		Long: "Write chatkeys.1 and a page for every subcommand (chatkeys-tokens-revoke.1, ...) into DIR,\n" +
			"generated from the commands' help. Add DIR's parent to MANPATH, or write into ~/.local/share/man/man1.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			n, err := writeManPages(cmd.Root(), args[0])
			if err != nil {
				return err
			}
			fmt.Fprintf(f.IO.Err, "chatkeys: wrote %d man pages into %s\n", n, oneLine(args[0]))
			return nil
		},
	}
}

// writeManPages writes the page of root and of every command under it
// that is not hidden into dir, and returns how many.
func writeManPages(root *cobra.Command, dir string) (int, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, fmt.Errorf("man pages: %w", err)
	}
	n := 0
	var walk func(*cobra.Command) error
	walk = func(cmd *cobra.Command) error {
		if cmd.Hidden || (!cmd.IsAvailableCommand() && cmd != root) {
			return nil
		}
		path := filepath.Join(dir, manName(cmd)+".1")
		if err := os.WriteFile(path, []byte(manPage(cmd)), 0o644); err != nil {
			return fmt.Errorf("man pages: %w", err)
		}
		n++
		for _, c := range cmd.Commands() {
			if err := walk(c); err != nil {
				return err
			}
		}
		return nil
	}
	return n, walk(root)
}

// manName is a command's page name: chatkeys-tokens-revoke.
func manName(cmd *cobra.Command) string { return strings.ReplaceAll(cmd.CommandPath(), " ", "-") }

// manPage renders cmd's help as a roff man page.
func manPage(cmd *cobra.Command) string {
	var b strings.Builder
	name := manName(cmd)
	fmt.Fprintf(&b, ".TH %q 1 \"\" \"chatkeys\" \"chatkeys manual\"\n", strings.ToUpper(name))
	b.WriteString(".SH NAME\n" + roff(name) + " \\- " + roff(cmd.Short) + "\n")
	b.WriteString(".SH SYNOPSIS\n.B " + roff(cmd.CommandPath()) + "\n")
	if use := strings.TrimSpace(strings.TrimPrefix(cmd.Use, cmd.Name())); use != "" {
		b.WriteString(roff(use) + "\n")
	}
	desc := cmd.Long
	if desc == "" {
		desc = cmd.Short
	}
	b.WriteString(".SH DESCRIPTION\n" + roffBlock(desc))
	writeManFlags(&b, "OPTIONS", cmd.NonInheritedFlags())
	writeManFlags(&b, "GLOBAL OPTIONS", cmd.InheritedFlags())
	if cmd.Example != "" {
		b.WriteString(".SH EXAMPLES\n.nf\n" + roffLines(cmd.Example) + ".fi\n")
	}
	var see []string
	if cmd.HasParent() {
		see = append(see, roff(manName(cmd.Parent()))+"(1)")
	}
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() {
			see = append(see, roff(manName(c))+"(1)")
		}
	}
	if len(see) > 0 {
		b.WriteString(".SH SEE ALSO\n" + strings.Join(see, ", ") + "\n")
	}
	return b.String()
}

// writeManFlags lists flags under a section heading, if there are any.
func writeManFlags(b *strings.Builder, heading string, flags *pflag.FlagSet) {
	if !flags.HasAvailableFlags() {
		return
	}
	b.WriteString(".SH " + heading + "\n")
	flags.VisitAll(func(fl *pflag.Flag) {
		if fl.Hidden {
			return
		}
		b.WriteString(".TP\n")
		if fl.Shorthand != "" {
			b.WriteString("\\fB\\-" + roff(fl.Shorthand) + "\\fR, ")
		}
		b.WriteString("\\fB\\-\\-" + roff(fl.Name) + "\\fR")
		if fl.Value.Type() != "bool" {
			b.WriteString(" \\fI" + roff(fl.Value.Type()) + "\\fR")
		}
		b.WriteString("\n" + roff(fl.Usage))
		if fl.DefValue != "" && fl.DefValue != "false" && fl.DefValue != "[]" && fl.DefValue != "0" {
			b.WriteString(" (default " + roff(fl.DefValue) + ")")
		}
		b.WriteString("\n")
	})
}

// roff escapes text for a roff line: backslashes and hyphens.
func roff(s string) string {
	return strings.NewReplacer(`\`, `\e`, "-", `\-`).Replace(s)
}

// roffLines escapes each line of s and keeps a line from starting with
// a control character ('.' or ”') by a zero-width \&.
func roffLines(s string) string {
	var b strings.Builder
	for line := range strings.SplitSeq(strings.TrimRight(s, "\n"), "\n") {
		line = roff(line)
		if strings.HasPrefix(line, ".") || strings.HasPrefix(line, "'") {
			line = `\&` + line
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

// roffBlock is a paragraph whose lines are kept as written.
func roffBlock(s string) string { return ".nf\n" + roffLines(s) + ".fi\n" }
