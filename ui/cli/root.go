package cli

import (
	"context"

	"github.com/spf13/cobra"
)

// Main runs chatkeys with args (without the program name) and returns the
// exit code: 0 ok, 1 error, 2 usage.
func Main(ctx context.Context, args []string, stdio IO) int {
	a := newApp(stdio)
	defer a.close()
	root := a.rootCmd()
	root.SetArgs(args)
	root.SetIn(stdio.In)
	root.SetOut(stdio.Out)
	root.SetErr(stdio.Err)
	err := root.ExecuteContext(ctx)
	a.tuiRoot = false // the TUI is gone: what the store says now goes to stderr
	a.storeNotices()
	if err != nil {
		return report(stdio.Err, err)
	}
	return exitOK
}

func (a *app) rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "chatkeys",
		Short: "Manage Zendesk Chat OAuth clients and tokens, and mint tokens",
		Long: "chatkeys manages a Zendesk Chat account's OAuth API clients and tokens, and runs the OAuth flows\n" +
			"that mint tokens. Settings come from flags, then CHATKEYS_* environment variables, then the\n" +
			"profile in $XDG_CONFIG_HOME/chatkeys/config.toml.",
		Args:          noArgs,
		SilenceErrors: true,
		SilenceUsage:  true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a.tuiRoot = true
			if a.flags.demo {
				return a.runDemo(cmd.Context())
			}
			return a.runTUI(cmd.Context())
		},
	}
	root.Flags().BoolVar(&a.flags.demo, "demo", false, "open the TUI on a built-in simulated account (no Zendesk needed)")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{err} })
	pf := root.PersistentFlags()
	pf.StringVar(&a.flags.profile, "profile", "", "profile name in config.toml (default: $CHATKEYS_PROFILE, else \"default\")")
	pf.StringVar(&a.flags.configPath, "config", "", "config file (default: $XDG_CONFIG_HOME/chatkeys/config.toml)")
	pf.StringVar(&a.flags.debugLog, "debug-log", "", "append a debug log to FILE (requests only; secrets are never logged)")
	pf.StringVar(&a.flags.apiURL, "api-url", "", "API base URL (default: derived from the subdomain)")
	pf.StringVar(&a.flags.subdomain, "subdomain", "", "Zendesk subdomain, e.g. acme for acme.zendesk.com")
	root.AddCommand(a.clientsCmd(), a.tokensCmd(), a.simCmd(), a.loginCmd(), a.logoutCmd(), a.statusCmd(), a.tokenCmd())
	return root
}
