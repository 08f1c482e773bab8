package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"chatkeys/ui/hint"
)

// unknownCommand is the usage error for a word that names none of cmd's
// subcommands. Its hint is the nearest subcommand's whole command line
// when cobra finds one close enough (a typo, a missing letter, a prefix),
// else where the list of commands is.
func unknownCommand(cmd *cobra.Command, name string) error {
	err := fmt.Errorf("unknown command %q for %s", oneLine(name), cmd.CommandPath())
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2
	}
	var paths []string
	for _, s := range cmd.SuggestionsFor(name) {
		paths = append(paths, cmd.CommandPath()+" "+s)
	}
	if len(paths) == 0 {
		return &usageError{hint.With(err, "see "+cmd.CommandPath()+" --help")}
	}
	return &usageError{hint.With(err, "did you mean "+strings.Join(paths, " or ")+"?")}
}
