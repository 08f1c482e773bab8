package cli

import (
	"context"

	"github.com/spf13/cobra"
)

// Main runs chatkeys with args (without the program name) and returns the
// exit code: 0 ok, 1 error, 2 usage.
func Main(ctx context.Context, args []string, stdio IO) int {
	f := NewFactory(stdio)
	f.args = args
	defer f.close()
	root := newCmdRoot(f)
	root.SetArgs(args)
	root.SetIn(stdio.In)
	root.SetOut(stdio.Out)
	root.SetErr(stdio.Err)
	err := f.finishJQ(ctx, root.ExecuteContext(ctx))
	f.tuiRoot = false // the TUI is gone: what the store says now goes to stderr
	f.storeNotices()
	f.releaseHistoryNotices()
	if err != nil {
		return report(stdio.Err, err, f.flags.profile)
	}
	return exitOK
}

// newCmdRoot is the chatkeys command: the TUI, or the demo, and every
// subcommand. Persistent flags land in f before any command runs.
func newCmdRoot(f *Factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "chatkeys",
		Short: "Manage Zendesk Chat OAuth clients and tokens, and mint tokens",
		Long: "chatkeys manages a Zendesk Chat account's OAuth API clients and tokens, and runs the OAuth flows\n" +
			"that mint tokens. Settings come from flags, then CHATKEYS_* environment variables, then the\n" +
			"profile in $XDG_CONFIG_HOME/chatkeys/config.toml.",
		Args:          noArgs,
		SilenceErrors: true,
		SilenceUsage:  true,
		Version:       buildVersion(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			f.tuiRoot = true
			if f.flags.demoTokens != 0 && !f.flags.demo {
				return usagef("--tokens seeds the simulated account of --demo: give both, or neither")
			}
			if f.flags.demo {
				return runDemo(cmd.Context(), f, f.flags.demoTokens)
			}
			return runTUI(cmd.Context(), f)
		},
	}
	root.Flags().BoolVar(&f.flags.demo, "demo", false, "open the TUI on a built-in simulated account (no Zendesk needed)")
	root.Flags().IntVar(&f.flags.demoTokens, "tokens", 0, "with --demo, seed N more tokens (and 300 clients, 400 agents): a large account")
	root.SetVersionTemplate("{{.Version}}")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{err} })
	pf := root.PersistentFlags()
	pf.StringVar(&f.flags.profile, "profile", "", "profile name in config.toml (default: $CHATKEYS_PROFILE, else \"default\")")
	pf.StringVar(&f.flags.configPath, "config", "", "config file (default: $XDG_CONFIG_HOME/chatkeys/config.toml)")
	pf.StringVar(&f.flags.debugLog, "debug-log", "", "append a debug log to FILE (requests only; secrets are never logged)")
	pf.StringVar(&f.flags.apiURL, "api-url", "", "API base URL (default: derived from the subdomain)")
	pf.StringVar(&f.flags.subdomain, "subdomain", "", "Zendesk subdomain, e.g. acme for acme.zendesk.com")
	pf.BoolVar(&f.flags.readonly, "readonly", false, "refuse every command that would change the account (as readonly = true in a profile does)")
	pf.StringVar(&f.flags.rate, "rate", "", "at most N requests per span to the API, e.g. 100/min (default: $CHATKEYS_RATE, the profile's rate, else none)")
	root.AddCommand(newCmdClients(f), newCmdTokens(f), newCmdSim(f), newCmdLogin(f, nil), newCmdLogout(f, nil),
		newCmdStatus(f, nil), newCmdToken(f, nil), newCmdHistory(f, nil), newCmdAudit(f), newCmdAPI(f, nil), newCmdMan(f), newCmdProfiles(f))
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	setExamples(root)
	registerCompletions(root, f)
	addAllProfiles(root, f)
	addJQFlags(root, &f.flags.jq)
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		if err := f.refuseReadonly(cmd); err != nil {
			return err
		}
		return f.startJQ(cmd)
	}
	return root
}
