package cli

import (
	"context"
	"time"

	"github.com/spf13/cobra"

	"chatkeys/api"
	"chatkeys/authflow"
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

// apiDeps are what a command that calls the API takes from the Factory.
type apiDeps struct {
	IO  IO
	Now func() time.Time
	// Client builds the API client and resolves the login it uses.
	Client func(context.Context) (*api.Client, *authflow.Login, error)
}

func apiDepsOf(f *Factory) apiDeps { return apiDeps{IO: f.IO, Now: f.Now, Client: f.APIClient} }

// apiCommand is command for a command whose first step is to build the
// API client: once the arguments parsed, deps builds it, and run gets it
// with the login it uses. A test's runF gets the options alone.
func apiCommand[O any](s spec, opts *O, deps *apiDeps, parse func(args []string, cmd *cobra.Command) error,
	run func(context.Context, *api.Client, *authflow.Login, *O) error, runF func(context.Context, *O) error) *cobra.Command {
	return command(s, opts, parse, func(ctx context.Context, opts *O) error {
		c, login, err := deps.Client(ctx)
		if err != nil {
			return err
		}
		return run(ctx, c, login, opts)
	}, runF)
}

// intoID parses a command's one positional id into *id.
func intoID(id *int64) func([]string, *cobra.Command) error {
	return func(args []string, _ *cobra.Command) (err error) {
		*id, err = parseID(args[0])
		return err
	}
}

// commandGroup is a command that only groups subs: alone it shows its
// help, and it refuses an unknown subcommand.
func commandGroup(use, short string, subs ...*cobra.Command) *cobra.Command {
	cmd := &cobra.Command{Use: use, Short: short, Args: groupArgs, RunE: groupHelp}
	cmd.AddCommand(subs...)
	return cmd
}

// groupArgs refuses an unknown subcommand of a command group: cobra would
// print help and exit 0, and a script would believe it worked.
func groupArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return unknownCommand(cmd, args[0])
	}
	return nil
}

// groupHelp shows a group's help when it is called without a subcommand.
func groupHelp(cmd *cobra.Command, _ []string) error { return cmd.Help() }

// revokeFlags are the flags of a command that revokes a set of tokens it
// selects (tokens revoke, audit --fix).
type revokeFlags struct {
	// DryRun shows what would be revoked and sends nothing.
	DryRun bool
	Yes    bool
	JSON   bool
}

// register adds --dry-run, --yes and --json to cmd; when is how the help
// says which use of the command they apply to ("" for every use).
func (f *revokeFlags) register(cmd *cobra.Command, when string) {
	cmd.Flags().BoolVar(&f.DryRun, "dry-run", false, when+"show the tokens it would revoke and send nothing")
	cmd.Flags().BoolVarP(&f.Yes, "yes", "y", false, when+"do not ask for confirmation")
	cmd.Flags().BoolVar(&f.JSON, "json", false, "print JSON")
}
