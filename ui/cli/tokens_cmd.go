package cli

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"chatkeys/api"
	"chatkeys/api/safetext"
	"chatkeys/authflow"
	"chatkeys/authflow/audit"
	"chatkeys/ui/format"
	"chatkeys/ui/hint"
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
	table := newTokensTable(opts.IO.Out, now)
	if err := eachToken(ctx, c, opts.ClientIdent, table.row); err != nil {
		return err
	}
	return table.flush()
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
	cmd := apiCommand(spec{use: "revoke ID... | revoke --client IDENT", short: "Revoke tokens by id, or every token of a client"},
		opts, &opts.apiDeps, parse, tokensRevokeRun, runF)
	cmd.Flags().StringVar(&opts.ClientIdent, "client", "", "revoke every token of this client: its id, name or client identifier")
	cmd.Flags().BoolVarP(&opts.Yes, "yes", "y", false, "do not ask for confirmation")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	return cmd
}

func tokensRevokeRun(ctx context.Context, c *api.Client, login *authflow.Login, opts *tokensRevokeOptions) error {
	if opts.Yes && len(opts.IDs) > 0 {
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

// errFoundAll stops a token list once every token asked about was seen.
var errFoundAll = errors.New("every token asked about was found")

// tokensByID finds the tokens with ids in the account's list, reading it
// only until the last of them is seen.
func tokensByID(ctx context.Context, c *api.Client, ids []int64) ([]api.OAuthToken, map[string]string, error) {
	left := make(map[int64]bool, len(ids))
	for _, id := range ids {
		left[id] = true
	}
	var (
		found []api.OAuthToken
		names map[string]string
	)
	err := eachToken(ctx, c, "", func(t *api.OAuthToken, n map[string]string) error {
		names = n
		if left[t.ID] {
			delete(left, t.ID)
			found = append(found, *t)
		}
		if len(left) == 0 {
			return errFoundAll
		}
		return nil
	})
	if errors.Is(err, errFoundAll) {
		err = nil
	}
	return found, names, err
}

// revokePlan works out which ids to revoke and the confirmation question:
// how many, from which clients, and whether chatkeys' own token is among
// them.
func revokePlan(ctx context.Context, c *api.Client, login *authflow.Login, opts *tokensRevokeOptions) ([]int64, string, error) {
	var (
		tokens []api.OAuthToken
		names  map[string]string
		err    error
	)
	if opts.ClientIdent != "" {
		if tokens, names, err = loadTokens(ctx, c, opts.ClientIdent); err != nil {
			return nil, "", err
		}
	} else {
		// The question is a nicety: without the list, it only counts.
		tokens, names, _ = tokensByID(ctx, c, opts.IDs)
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
		q += " of " + format.FewOf(slices.Sorted(maps.Keys(clients)), 3)
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

// resolveClientIdent reads --client as audit.ResolveClient does (a
// client's numeric id, its exact name, or its client identifier) and
// returns the identifier tokens carry, with the command line's hints. One
// that names no client is an error; when the clients could not be listed
// (listErr), ident is taken as an identifier as given.
func resolveClientIdent(ident string, clients []api.OAuthClient, listErr error) (string, error) {
	got, err := audit.ResolveClient(ident, clients)
	switch {
	case err == nil:
		return got, nil
	case errors.Is(err, audit.ErrAmbiguousClient):
		return "", hint.With(err, "use the client's id instead")
	case listErr != nil:
		return ident, nil // the list failed: take the value as the identifier
	}
	return "", hint.With(err, "see chatkeys clients list")
}
