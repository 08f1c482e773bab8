package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

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

// tokensRevokeOptions are chatkeys tokens revoke's: token ids, or
// selectors that every token revoked must match.
type tokensRevokeOptions struct {
	apiDeps
	IDs         []int64
	ClientIdent string
	// Select holds every selector given, ClientIdent among them; it is
	// zero when ids were given.
	Select audit.Selector
	// DryRun shows what would be revoked and sends nothing.
	DryRun bool
	Yes    bool
	JSON   bool
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
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "print what would be revoked and send nothing")
	cmd.Flags().BoolVarP(&opts.Yes, "yes", "y", false, "do not ask for confirmation")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
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
		if err := writeSelection(opts.IO.Err, selected, names, now, false); err != nil {
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
	if err := writeSelection(opts.IO.Out, tokens, names, now, opts.JSON); err != nil {
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

// writeSelection prints tokens as tokens list does: the table, or with
// asJSON its JSON array.
func writeSelection(w io.Writer, tokens []api.OAuthToken, names map[string]string, now time.Time, asJSON bool) error {
	if asJSON {
		out := make([]audit.TokenReport, len(tokens))
		for i := range tokens {
			out[i] = toTokenJSON(&tokens[i], names, now)
		}
		return writeJSON(w, out)
	}
	table := newTokensTable(w, now)
	for i := range tokens {
		table.row(&tokens[i], names)
	}
	return table.flush()
}

// describeSelector words the selectors given, for a message.
func describeSelector(s audit.Selector) string {
	var parts []string
	if s.Client != "" {
		parts = append(parts, "--client "+safetext.Sanitize(s.Client, 80))
	}
	if s.Agent != 0 {
		parts = append(parts, "--agent "+strconv.FormatInt(s.Agent, 10))
	}
	if s.Scope != "" {
		parts = append(parts, "--scope "+safetext.Sanitize(s.Scope, 40))
	}
	if s.Expired {
		parts = append(parts, "--expired")
	}
	if s.OlderThan > 0 {
		parts = append(parts, "--older-than "+ageText(s.OlderThan))
	}
	if !s.CreatedBefore.IsZero() {
		parts = append(parts, "--created-before "+s.CreatedBefore.UTC().Format(time.RFC3339))
	}
	return strings.Join(parts, " ")
}

// ageText writes a span as --older-than reads it: whole days as 90d.
func ageText(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return strconv.FormatInt(int64(d/(24*time.Hour)), 10) + "d"
	}
	return d.String()
}
