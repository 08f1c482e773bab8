package cli

import (
	"context"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"chatkeys/api"
	"chatkeys/authflow"
	"chatkeys/authflow/audit"
)

func newCmdTokens(f *Factory) *cobra.Command {
	return commandGroup("tokens", "List and revoke OAuth tokens", newCmdTokensList(f, nil), newCmdTokensRevoke(f, nil), newCmdTokensFind(f))
}

// tokensListOptions are chatkeys tokens list's.
type tokensListOptions struct {
	apiDeps
	ClientIdent string
	JSON        bool
}

func newCmdTokensList(f *Factory, runF func(context.Context, *tokensListOptions) error) *cobra.Command {
	opts := &tokensListOptions{apiDeps: apiDepsOf(f)}
	cmd := apiCommand(spec{"list [--client IDENT]", "List the account's OAuth tokens (values shown as a prefix)", "", noArgs},
		opts, &opts.apiDeps, nil, tokensListRun, runF)
	cmd.Flags().StringVar(&opts.ClientIdent, "client", "", "only this client's tokens: its id, name or client identifier")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	return cmd
}

func tokensListRun(ctx context.Context, c *api.Client, _ *authflow.Login, opts *tokensListOptions) error {
	now := opts.Now()
	if opts.JSON {
		out := newTokenList(opts.IO.Out, now)
		if err := eachToken(ctx, c, opts.ClientIdent, out.add); err != nil {
			out.abort()
			return err
		}
		return out.close()
	}
	table := newTokensTable(opts.IO.Out, opts.IO.StdoutIsTerminal, now)
	if err := eachToken(ctx, c, opts.ClientIdent, table.row); err != nil {
		return err
	}
	return table.flush()
}

// tokensRevokeOptions are chatkeys tokens revoke's: token ids, or
// selectors that every token revoked must match.
type tokensRevokeOptions struct {
	apiDeps
	IDs         []int64
	ClientIdent string
	// Select holds every selector given, ClientIdent among them; it is
	// zero when ids were given.
	Select audit.Selector
	revokeFlags
}

// selectorFlags are tokens revoke's selectors as typed.
var selectorFlags = []string{"client", "agent", "scope", "expired", "older-than", "created-before"}

func newCmdTokensRevoke(f *Factory, runF func(context.Context, *tokensRevokeOptions) error) *cobra.Command {
	opts := &tokensRevokeOptions{apiDeps: apiDepsOf(f)}
	var agent, olderThan, createdBefore string
	parse := func(args []string, cmd *cobra.Command) error {
		var given []string
		for _, name := range selectorFlags {
			if cmd.Flags().Changed(name) {
				given = append(given, "--"+name)
			}
		}
		switch {
		case len(args) == 0 && len(given) == 0:
			return usagef("give token ids, or selectors (--client, --agent, --scope, --expired, --older-than, --created-before)")
		case len(args) > 0 && len(given) > 0:
			return usagef("give token ids, or selectors, but not both (got ids and %s)", strings.Join(given, ", "))
		}
		for _, arg := range args {
			id, err := parseID(arg)
			if err != nil {
				return err
			}
			opts.IDs = append(opts.IDs, id)
		}
		if len(args) > 0 {
			return nil
		}
		return opts.parseSelectors(cmd, agent, olderThan, createdBefore)
	}
	cmd := apiCommand(spec{use: "revoke ID... | revoke SELECTOR... [--dry-run]",
		short: "Revoke tokens by id, or every token the selectors match",
		long: "Revoke tokens by id, or every token that matches all the selectors given:\n" +
			"  --client IDENT         the client's tokens (its id, name or client identifier)\n" +
			"  --agent ID             the agent's tokens\n" +
			"  --scope NAME           tokens that have this scope (read, write, chat)\n" +
			"  --expired              tokens past their expiry\n" +
			"  --older-than SPAN      tokens created more than SPAN ago (90d, 36h)\n" +
			"  --created-before DATE  tokens created before DATE (2026-01-02, midnight UTC, or 2026-01-02T15:04:05Z)\n" +
			"A token without a creation date is never older than anything. --dry-run prints the tokens that would be\n" +
			"revoked and sends nothing; on a terminal, the same list is shown before the question. When nothing\n" +
			"matches, it says so and exits 0."},
		opts, &opts.apiDeps, parse, tokensRevokeRun, runF)
	cmd.Flags().StringVar(&opts.ClientIdent, "client", "", "only this client's tokens: its id, name or client identifier")
	cmd.Flags().StringVar(&agent, "agent", "", "only this agent's tokens: the agent's id")
	cmd.Flags().StringVar(&opts.Select.Scope, "scope", "", "only tokens with this scope: read, write or chat")
	cmd.Flags().BoolVar(&opts.Select.Expired, "expired", false, "only tokens past their expiry")
	cmd.Flags().StringVar(&olderThan, "older-than", "", "only tokens created more than this long ago: 90d, 36h")
	cmd.Flags().StringVar(&createdBefore, "created-before", "", "only tokens created before this date: 2026-01-02 or 2026-01-02T15:04:05Z")
	opts.revokeFlags.register(cmd, "")
	return cmd
}

// parseSelectors reads the selectors given into opts.Select; a value that
// cannot select anything is a usage error.
func (opts *tokensRevokeOptions) parseSelectors(cmd *cobra.Command, agent, olderThan, createdBefore string) error {
	set := cmd.Flags().Changed
	sel := &opts.Select
	sel.Client = opts.ClientIdent
	if set("client") && strings.TrimSpace(opts.ClientIdent) == "" {
		return usagef("--client needs a client's id, name or client identifier")
	}
	if set("agent") {
		id, err := strconv.ParseInt(strings.TrimSpace(agent), 10, 64)
		if err != nil || id <= 0 {
			return usagef("--agent %q is not an agent id: ids are positive numbers (see chatkeys tokens list)", agent)
		}
		sel.Agent = id
	}
	if set("scope") && strings.TrimSpace(sel.Scope) == "" {
		return usagef("--scope needs a scope: read, write or chat")
	}
	if set("expired") && !sel.Expired {
		return usagef("--expired=false selects nothing: leave it out")
	}
	var err error
	if set("older-than") {
		if sel.OlderThan, err = audit.ParseAge(olderThan); err != nil {
			return usagef("--older-than: %v", err)
		}
	}
	if set("created-before") {
		if sel.CreatedBefore, err = audit.ParseDate(createdBefore); err != nil {
			return usagef("--created-before: %v", err)
		}
	}
	return nil
}

func tokensRevokeRun(ctx context.Context, c *api.Client, login *authflow.Login, opts *tokensRevokeOptions) error {
	if len(opts.IDs) == 0 {
		return revokeSelected(ctx, c, login, opts)
	}
	if opts.DryRun {
		return dryRunIDs(ctx, c, login, opts)
	}
	if opts.Yes {
		// Nothing to word a question for: the DELETEs are all it sends.
		return reportRevoke(opts.IO, revokeStoppably(ctx, c, opts.IDs), opts.JSON)
	}
	ids, question, err := revokePlan(ctx, c, login, opts)
	if err != nil {
		return err
	}
	if err := confirm(opts.IO, opts.Yes, "revoke tokens", question); err != nil {
		return err
	}
	return reportRevoke(opts.IO, revokeStoppably(ctx, c, ids), opts.JSON)
}
