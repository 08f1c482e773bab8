package cli

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"chatkeys/api"
	"chatkeys/authflow"
	"chatkeys/authflow/audit"
	"chatkeys/ui/format"
)

// auditOptions are chatkeys audit's.
type auditOptions struct {
	apiDeps
	Within time.Duration
	// FailOn is 0 when --fail-on is not given.
	FailOn audit.Severity
	// Fix is "" when --fix is not given.
	Fix audit.Fix
	revokeFlags
}

func newCmdAudit(f *Factory) *cobra.Command {
	opts := &auditOptions{apiDeps: apiDepsOf(f), Within: audit.DefaultWithin}
	var within, failOn, fix string
	parse := func(_ []string, cmd *cobra.Command) error {
		var err error
		if cmd.Flags().Changed("within") {
			if opts.Within, err = audit.ParseAge(within); err != nil {
				return &usageError{fmt.Errorf("--within: %w", err)}
			}
		}
		if failOn != "" {
			if opts.FailOn, err = audit.ParseSeverity(failOn); err != nil {
				return &usageError{fmt.Errorf("--fail-on: %w", err)}
			}
		}
		if fix != "" {
			if opts.Fix, err = audit.ParseFix(fix); err != nil {
				return &usageError{fmt.Errorf("--fix: %w", err)}
			}
		}
		if opts.DryRun && opts.Fix == "" {
			return usagef("--dry-run goes with --fix expired or --fix orphans")
		}
		return nil
	}
	cmd := apiCommand(spec{"audit [--within 7d] [--fail-on warn|high] [--fix expired|orphans [--dry-run] [--yes]] [--json]",
		"List the account's findings: risky clients and tokens, and chatkeys' own login",
		"Lists every finding, high first, with its subject, what it means and the command that fixes it.\n" +
			"--fail-on warn or high exits 1 when a finding at that level or above exists, for CI; it judges\n" +
			"the findings as listed, before any --fix. --fix expired (or orphans) revokes the expired tokens\n" +
			"(or the tokens whose client is gone): it shows the exact set first, then asks on a terminal\n" +
			"(--yes otherwise); --dry-run shows the set and revokes nothing.",
		noArgs}, opts, &opts.apiDeps, parse, auditRun, nil)
	cmd.Flags().StringVar(&within, "within", "7d", "how soon an expiry counts as soon: days or hours, e.g. 7d or 36h")
	cmd.Flags().StringVar(&failOn, "fail-on", "", "exit 1 when a finding at this level or above exists: info, warn or high")
	cmd.Flags().StringVar(&fix, "fix", "", "revoke the tokens of one finding: expired or orphans")
	opts.revokeFlags.register(cmd, "with --fix, ")
	return cmd
}

func auditRun(ctx context.Context, c *api.Client, login *authflow.Login, opts *auditOptions) error {
	clients, tokens, err := listAccount(ctx, c)
	if err != nil {
		return err
	}
	if clients.err != nil {
		// Without the clients every token would look orphaned.
		return fmt.Errorf("list clients: %w", clients.err)
	}
	now := opts.Now()
	findings := audit.Audit(audit.Input{Clients: clients.list, Tokens: tokens, Now: now, Within: opts.Within,
		Own: audit.OwnLoginOf(login)})
	if opts.Fix != "" {
		if err := auditFix(ctx, c, login, opts, findings, tokens, clients.list); err != nil {
			return err
		}
	} else if opts.JSON {
		if err := writeJSON(opts.IO.Out, nonNil(findings)); err != nil {
			return err
		}
	} else if err := writeFindings(opts.IO.Out, opts.IO.StdoutIsTerminal, findings); err != nil {
		return err
	}
	if opts.FailOn != 0 && audit.AtLeast(findings, opts.FailOn) {
		n := 0
		for _, f := range findings {
			if f.Severity >= opts.FailOn {
				n++
			}
		}
		return fmt.Errorf("%d finding%s at %s or above (--fail-on %s)", n, format.Plural(n), opts.FailOn, opts.FailOn)
	}
	return nil
}

// auditFix shows the tokens a set fix revokes, then revokes them once
// confirmed; --dry-run stops after showing them.
func auditFix(ctx context.Context, c *api.Client, login *authflow.Login, opts *auditOptions, findings []audit.Finding,
	tokens []api.OAuthToken, clients []api.OAuthClient) error {
	ids := audit.FixSet(findings, opts.Fix)
	what := fixNames[opts.Fix]
	names := make(map[string]string, len(clients))
	for _, cl := range clients {
		names[cl.ClientIdentifier] = cl.Name
	}
	byID := make(map[int64]*api.OAuthToken, len(ids))
	for i := range tokens {
		byID[tokens[i].ID] = &tokens[i]
	}
	now := opts.Now()
	set := make([]*api.OAuthToken, 0, len(ids))
	for _, id := range ids {
		set = append(set, byID[id])
	}
	if opts.JSON && (opts.DryRun || len(ids) == 0) {
		out := make([]audit.TokenReport, 0, len(set))
		for _, t := range set {
			out = append(out, toTokenJSON(t, names, now))
		}
		return writeJSON(opts.IO.Out, out)
	}
	if len(ids) == 0 {
		fmt.Fprintf(opts.IO.Out, "No %s tokens to revoke.\n", what)
		return nil
	}
	// The set goes to stderr under --json, where stdout is the outcome's.
	list := opts.IO.Out
	if opts.JSON {
		list = opts.IO.Err
	}
	fmt.Fprintf(list, "%d %s token%s to revoke:\n", len(ids), what, format.Plural(len(ids)))
	table := newTokensTable(list, opts.JSON || opts.IO.StdoutIsTerminal, now)
	own := false
	clientLabels := map[string]bool{}
	for _, t := range set {
		table.row(t, names)
		own = own || login.IsOwn(t.AccessToken)
		clientLabels[clientLabel(t.ClientIdentifier, names)] = true
	}
	if err := table.flush(); err != nil {
		return err
	}
	if opts.DryRun {
		fmt.Fprintln(list, "Dry run: nothing was revoked.")
		return nil
	}
	q := fmt.Sprintf("Revoke these %d %s token%s of %s?", len(ids), what, format.Plural(len(ids)),
		format.FewOf(slices.Sorted(maps.Keys(clientLabels)), 3))
	if own {
		q = "One of them is the token chatkeys is using: you will have to log in again. " + q
	}
	if err := confirm(opts.IO, opts.Yes, "revoke tokens", q); err != nil {
		return err
	}
	return reportRevoke(opts.IO, revokeStoppably(ctx, c, ids), opts.JSON)
}
