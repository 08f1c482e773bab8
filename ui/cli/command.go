package cli

import (
	"context"

	"github.com/spf13/cobra"
)

// spec is what a command says about itself in its help.
type spec struct {
	use, short, long string
	args             cobra.PositionalArgs
}

// command builds a command from s whose run parses the arguments into
// opts (parse may be nil) and then calls run, or runF when a test passed
// one: tests check what the flags and arguments parse into without
// running the command.
func command[O any](s spec, opts *O, parse func(args []string, cmd *cobra.Command) error, run, runF func(context.Context, *O) error) *cobra.Command {
	if runF != nil {
		run = runF
	}
	return &cobra.Command{
		Use: s.use, Short: s.short, Long: s.long, Args: s.args,
		RunE: func(cmd *cobra.Command, args []string) error {
			if parse != nil {
				if err := parse(args, cmd); err != nil {
					return err
				}
			}
			return run(cmd.Context(), opts)
		},
	}
}

// intoID parses a command's one positional id into *id.
func intoID(id *int64) func([]string, *cobra.Command) error {
	return func(args []string, _ *cobra.Command) (err error) {
		*id, err = parseID(args[0])
		return err
	}
}
