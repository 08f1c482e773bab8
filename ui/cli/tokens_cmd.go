package cli

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"chatkeys/api"
	"chatkeys/api/safetext"
	"chatkeys/authflow"
	"chatkeys/ui/format"
	"chatkeys/ui/hint"
)

func newCmdTokens(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "tokens",
		Short: "List and revoke OAuth tokens",
		Args:  groupArgs,
		RunE:  groupHelp,
	}
	cmd.AddCommand(newCmdTokensList(f, nil), newCmdTokensRevoke(f, nil))
	return cmd
}

// tokensListOptions are chatkeys tokens list's.
type tokensListOptions struct {
	apiDeps
	ClientIdent string
	JSON        bool
}

func newCmdTokensList(f *Factory, runF func(context.Context, *tokensListOptions) error) *cobra.Command {
	opts := &tokensListOptions{apiDeps: apiDepsOf(f)}
	cmd := command(spec{"list [--client IDENT]", "List the account's OAuth tokens (values shown as a prefix)", "", noArgs},
		opts, nil, tokensListRun, runF)
	cmd.Flags().StringVar(&opts.ClientIdent, "client", "", "only this client's tokens: its id, name or client identifier")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	return cmd
}

func tokensListRun(ctx context.Context, opts *tokensListOptions) error {
	c, _, err := opts.Client(ctx)
	if err != nil {
		return err
	}
	tokens, names, err := loadTokens(ctx, c, opts.ClientIdent)
	if err != nil {
		return err
	}
	now := opts.Now()
	if opts.JSON {
		out := make([]tokenJSON, 0, len(tokens))
		for _, t := range tokens {
			out = append(out, toTokenJSON(t, names, now))
		}
		return writeJSON(opts.IO.Out, out)
	}
	return writeTokensTable(opts.IO.Out, tokens, names, now)
}

// tokensRevokeOptions are chatkeys tokens revoke's: token ids, or every
// token of one client.
type tokensRevokeOptions struct {
	apiDeps
	IDs         []int64
	ClientIdent string
	Yes         bool
	JSON        bool
}

func newCmdTokensRevoke(f *Factory, runF func(context.Context, *tokensRevokeOptions) error) *cobra.Command {
	opts := &tokensRevokeOptions{apiDeps: apiDepsOf(f)}
	parse := func(args []string, _ *cobra.Command) error {
		if (len(args) == 0) == (opts.ClientIdent == "") {
			return usagef("give token ids, or --client, but not both")
		}
		for _, arg := range args {
			id, err := parseID(arg)
			if err != nil {
				return err
			}
			opts.IDs = append(opts.IDs, id)
		}
		return nil
	}
	cmd := command(spec{use: "revoke ID... | revoke --client IDENT", short: "Revoke tokens by id, or every token of a client"},
		opts, parse, tokensRevokeRun, runF)
	cmd.Flags().StringVar(&opts.ClientIdent, "client", "", "revoke every token of this client: its id, name or client identifier")
	cmd.Flags().BoolVarP(&opts.Yes, "yes", "y", false, "do not ask for confirmation")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	return cmd
}

func tokensRevokeRun(ctx context.Context, opts *tokensRevokeOptions) error {
	c, login, err := opts.Client(ctx)
	if err != nil {
		return err
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

// revokePlan works out which ids to revoke and the confirmation question:
// how many, from which clients, and whether chatkeys' own token is among
// them.
func revokePlan(ctx context.Context, c *api.Client, login *authflow.Login, opts *tokensRevokeOptions) ([]int64, string, error) {
	tokens, names, err := loadTokens(ctx, c, opts.ClientIdent)
	if err != nil && opts.ClientIdent != "" {
		return nil, "", err
	}
	byID := make(map[int64]api.OAuthToken, len(tokens))
	for _, t := range tokens {
		byID[t.ID] = t
	}
	ids := opts.IDs
	if opts.ClientIdent != "" {
		for _, t := range tokens {
			ids = append(ids, t.ID)
		}
		if len(ids) == 0 {
			return nil, "", fmt.Errorf("client %q has no tokens", opts.ClientIdent)
		}
	}
	clients := map[string]bool{}
	own := false
	for _, id := range ids {
		t, ok := byID[id]
		if !ok {
			continue
		}
		clients[clientLabel(t.ClientIdentifier, names)] = true
		own = own || login.IsOwn(t.AccessToken)
	}
	q := fmt.Sprintf("Revoke %d token%s", len(ids), format.Plural(len(ids)))
	if len(clients) > 0 {
		q += " of " + strings.Join(slices.Sorted(maps.Keys(clients)), ", ")
	}
	q += "?"
	if own {
		q = "One of them is the token chatkeys is using: you will have to log in again. " + q
	}
	return ids, q, nil
}

// revokeStoppably revokes ids so that an interrupt (Ctrl-C) stops the
// work without losing its outcome: requests in flight finish and report,
// nothing new is sent, and the rest are reported not tried. A second
// interrupt kills the process.
func revokeStoppably(ctx context.Context, c *api.Client, ids []int64) []api.RevokeResult {
	stop := make(chan struct{})
	defer context.AfterFunc(ctx, func() { close(stop) })()
	return c.OAuthTokens.RevokeMany(context.WithoutCancel(ctx), ids, api.RevokeOptions{Stop: stop})
}

// reportRevoke prints each outcome: revoked and not-tried tokens and the
// summary on stdout, each failure on stderr. It fails unless every token
// was revoked, and only a reply that confirmed it counts (api.ConfirmDelete).
func reportRevoke(stdio IO, results []api.RevokeResult, asJSON bool) error {
	out := make([]revokeJSON, 0, len(results))
	for _, r := range results {
		item := revokeJSON{ID: r.ID, Revoked: r.Err == nil, Outcome: r.Outcome()}
		if r.Err != nil {
			item.Error = safetext.Sanitize(r.Err.Error(), 300)
		}
		out = append(out, item)
		switch {
		case asJSON:
		case item.Outcome == api.OutcomeRevoked:
			fmt.Fprintf(stdio.Out, "revoked %d\n", r.ID)
		case item.Outcome == api.OutcomeNotTried:
			fmt.Fprintf(stdio.Out, "not tried %d\n", r.ID)
		default:
			fmt.Fprintf(stdio.Err, "chatkeys: not revoked %d: %s\n", r.ID, item.Error)
		}
	}
	revoked, failed, notTried := api.Tally(results)
	if asJSON {
		if err := writeJSON(stdio.Out, out); err != nil {
			return err
		}
	} else {
		fmt.Fprintln(stdio.Out, revokeSummary(revoked, failed, notTried))
	}
	if n := len(failed) + len(notTried); n > 0 {
		return fmt.Errorf("%d of %d tokens were not revoked", n, len(results))
	}
	return nil
}

// revokeSummary says which tokens were revoked, which failed and which
// were not tried, by id.
func revokeSummary(revoked, failed, notTried []api.RevokeResult) string {
	parts := []string{fmt.Sprintf("Revoked %d", len(revoked))}
	if len(failed) > 0 {
		parts = append(parts, fmt.Sprintf("not revoked %d (%s)", len(failed), joinIDs(failed)))
	}
	if len(notTried) > 0 {
		parts = append(parts, fmt.Sprintf("not tried %d, stopped first (%s)", len(notTried), joinIDs(notTried)))
	}
	return strings.Join(parts, "; ") + "."
}

// joinIDs lists the results' ids, space-separated.
func joinIDs(results []api.RevokeResult) string {
	out := make([]string, len(results))
	for i, r := range results {
		out[i] = strconv.FormatInt(r.ID, 10)
	}
	return strings.Join(out, " ")
}

// loadTokens lists tokens, filtered to one client when ident is set, with a
// map from client identifier to client name for display. The names are a
// nicety: if the clients cannot be listed, tokens still are.
func loadTokens(ctx context.Context, c *api.Client, ident string) ([]api.OAuthToken, map[string]string, error) {
	tokens, err := c.OAuthTokens.List(ctx)
	if err != nil {
		return nil, nil, err
	}
	names := map[string]string{}
	clients, cerr := c.OAuthClients.List(ctx)
	for _, cl := range clients {
		names[cl.ClientIdentifier] = cl.Name
	}
	if ident == "" {
		return tokens, names, nil
	}
	want, err := resolveClientIdent(ident, clients, cerr)
	if err != nil {
		return nil, nil, err
	}
	var out []api.OAuthToken
	for _, t := range tokens {
		if t.ClientIdentifier == want {
			out = append(out, t)
		}
	}
	if cerr != nil && len(out) == 0 {
		// Without the clients list, an unknown name is told apart from a
		// client without tokens only by the tokens themselves.
		return nil, nil, hint.With(fmt.Errorf("no token belongs to a client %q, and the clients could not be listed to check the name: %w",
			safetext.Sanitize(ident, 80), cerr), "give the client's identifier, as chatkeys tokens list shows it")
	}
	return out, names, nil
}

// resolveClientIdent accepts a client's numeric id, its exact name, or its
// client identifier, and returns the identifier tokens carry. One that
// names no client is an error; when the clients could not be listed
// (listErr), ident is taken as an identifier as given.
func resolveClientIdent(ident string, clients []api.OAuthClient, listErr error) (string, error) {
	id, numErr := strconv.ParseInt(ident, 10, 64)
	var byName []string
	for _, cl := range clients {
		switch {
		case cl.ClientIdentifier == ident, numErr == nil && cl.ID == id:
			return cl.ClientIdentifier, nil
		case strings.EqualFold(cl.Name, ident):
			byName = append(byName, cl.ClientIdentifier)
		}
	}
	switch {
	case len(byName) == 1:
		return byName[0], nil
	case len(byName) > 1:
		return "", hint.With(fmt.Errorf("%d clients are named %q", len(byName), safetext.Sanitize(ident, 80)), "use the client's id instead")
	case listErr != nil:
		return ident, nil
	}
	return "", hint.With(fmt.Errorf("no client has the id, name or identifier %q", safetext.Sanitize(ident, 80)), "see chatkeys clients list")
}
