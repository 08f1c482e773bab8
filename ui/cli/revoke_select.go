package cli

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"

	"chatkeys/api"
	"chatkeys/authflow"
	"chatkeys/authflow/audit"
	"chatkeys/ui/format"
	"chatkeys/ui/hint"
)

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

// revokePlan works out the confirmation question for revoking ids: how
// many, from which clients, and whether chatkeys' own token is among them.
func revokePlan(ctx context.Context, c *api.Client, login *authflow.Login, opts *tokensRevokeOptions) ([]int64, string, error) {
	// The question is a nicety: without the list, it only counts.
	tokens, names, _ := tokensByID(ctx, c, opts.IDs)
	return opts.IDs, revokeQuestion(len(opts.IDs), tokens, names, login), nil
}

// revokeQuestion asks whether to revoke n tokens, naming the clients of
// those listed in tokens and saying so first when chatkeys' own token is
// one of them.
func revokeQuestion(n int, tokens []api.OAuthToken, names map[string]string, login *authflow.Login) string {
	clients := map[string]bool{}
	own := false
	for _, t := range tokens {
		clients[clientLabel(t.ClientIdentifier, names)] = true
		own = own || login.IsOwn(t.AccessToken)
	}
	q := fmt.Sprintf("Revoke %d token%s", n, format.Plural(n))
	if len(clients) > 0 {
		q += " of " + format.FewOf(slices.Sorted(maps.Keys(clients)), 3)
	}
	q += "?"
	if own {
		q = selfLockout + " " + q
	}
	return q
}

// selfLockout is said before chatkeys revokes its own token.
const selfLockout = "One of them is the token chatkeys is using: you will have to log in again."

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

// revokeSelected revokes every token opts.Select matches, after showing
// them and asking on a terminal (unless --yes); with --dry-run it shows
// them and sends nothing. Nothing matching is not a failure: it says so
// and succeeds, as the set it would revoke is already gone.
func revokeSelected(ctx context.Context, c *api.Client, login *authflow.Login, opts *tokensRevokeOptions) error {
	if !opts.DryRun && !opts.Yes && !opts.IO.StdinIsTerminal {
		return confirm(opts.IO, false, "revoke tokens", "") // refused before any request
	}
	now := opts.Now()
	account, tokens, err := listAccount(ctx, c)
	if err != nil {
		return err
	}
	clients, listErr := account.list, account.err
	sel := opts.Select
	if sel.Client != "" {
		ident, err := resolveClientIdent(sel.Client, clients, listErr)
		if err != nil {
			return err
		}
		sel.Client = ident
		if listErr != nil {
			// The identifier as given names its client for Select.
			clients = []api.OAuthClient{{ClientIdentifier: ident}}
		}
	}
	selected, err := sel.Select(tokens, clients, now)
	if err != nil {
		return err
	}
	names := make(map[string]string, len(clients))
	for _, cl := range clients {
		names[cl.ClientIdentifier] = cl.Name
	}
	if len(selected) == 0 {
		fmt.Fprintf(opts.IO.Err, "chatkeys: no token matches %s: nothing to revoke\n", describeSelector(opts.Select))
		if opts.JSON {
			return writeJSON(opts.IO.Out, []revokeJSON{})
		}
		return nil
	}
	if opts.DryRun {
		return dryRun(opts, selected, names, login, now)
	}
	if !opts.Yes {
		if err := writeSelection(opts.IO.Err, true, selected, names, now, false); err != nil {
			return err
		}
		if err := confirm(opts.IO, false, "revoke tokens", revokeQuestion(len(selected), selected, names, login)); err != nil {
			return err
		}
	}
	return reportRevoke(opts.IO, revokeOwnLast(ctx, c, login, selected), opts.JSON)
}

// dryRunIDs is tokens revoke ID... --dry-run: the listed tokens among the
// ids, and the ids no listed token has, whose DELETE would fail.
func dryRunIDs(ctx context.Context, c *api.Client, login *authflow.Login, opts *tokensRevokeOptions) error {
	now := opts.Now()
	found, names, err := tokensByID(ctx, c, opts.IDs)
	if err != nil {
		return err
	}
	seen := make(map[int64]bool, len(found))
	for _, t := range found {
		seen[t.ID] = true
	}
	var missing []string
	for _, id := range opts.IDs {
		if !seen[id] {
			missing = append(missing, strconv.FormatInt(id, 10))
		}
	}
	if len(missing) > 0 {
		fmt.Fprintf(opts.IO.Err, "chatkeys: no listed token has the id%s %s: revoking %s would fail\n",
			format.Plural(len(missing)), format.FewOf(missing, 10), map[bool]string{true: "it", false: "them"}[len(missing) == 1])
	}
	return dryRun(opts, found, names, login, now)
}

// dryRun prints the tokens that would be revoked, on stdout, and says on
// stderr how many, and whether chatkeys' own token is one of them.
func dryRun(opts *tokensRevokeOptions, tokens []api.OAuthToken, names map[string]string, login *authflow.Login, now time.Time) error {
	if err := writeSelection(opts.IO.Out, opts.IO.StdoutIsTerminal, tokens, names, now, opts.JSON); err != nil {
		return err
	}
	for _, t := range tokens {
		if login.IsOwn(t.AccessToken) {
			fmt.Fprintf(opts.IO.Err, "chatkeys: token %d is the token chatkeys is using: revoking it, you will have to log in again\n", t.ID)
		}
	}
	fmt.Fprintf(opts.IO.Err, "chatkeys: dry run: %d token%s would be revoked; nothing was sent\n", len(tokens), format.Plural(len(tokens)))
	return nil
}
