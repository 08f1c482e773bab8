package cli

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"chatkeys/api"
	"chatkeys/authflow/config"
)

// completionTimeout bounds how long a completion waits for the API: a
// shell's tab must never hang on a slow or unreachable account.
const completionTimeout = 3 * time.Second

// completer completes values: the profiles in config.toml, the grants,
// and the account's client ids and names and token ids, fetched with a
// short timeout. Every failure completes nothing, silently.
type completer struct{ f *Factory }

// registerCompletions gives the commands under root their value
// completions, all in this one place.
func registerCompletions(root *cobra.Command, f *Factory) {
	c := completer{f}
	root.RegisterFlagCompletionFunc("profile", c.profiles)
	oneClient := c.first(c.clientIDs)
	for path, fn := range map[string]cobra.CompletionFunc{
		"clients show":          oneClient,
		"clients update":        oneClient,
		"clients delete":        oneClient,
		"clients rotate-secret": oneClient,
		"tokens revoke":         c.tokenIDs,
		"profiles use":          c.first(c.profiles),
		"profiles remove":       c.first(c.profiles),
	} {
		if cmd, _, err := root.Find(strings.Fields(path)); err == nil && cmd.CommandPath() == "chatkeys "+path {
			cmd.ValidArgsFunction = fn
		}
	}
	var walk func(*cobra.Command)
	walk = func(cmd *cobra.Command) {
		if cmd.Flags().Lookup("client") != nil {
			cmd.RegisterFlagCompletionFunc("client", c.clientIdents)
		}
		if cmd.Flags().Lookup("grant") != nil {
			cmd.RegisterFlagCompletionFunc("grant", c.grants)
		}
		for _, s := range cmd.Commands() {
			walk(s)
		}
	}
	walk(root)
}

const noFiles = cobra.ShellCompDirectiveNoFileComp

// first completes only the first positional argument.
func (c completer) first(fn cobra.CompletionFunc) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, noFiles
		}
		return fn(cmd, args, toComplete)
	}
}

func (c completer) profiles(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	names, err := c.f.profileNames()
	if err != nil {
		return nil, noFiles
	}
	var out []cobra.Completion
	for _, n := range names {
		out = append(out, oneLine(n))
	}
	return out, noFiles
}

func (c completer) grants(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var out []cobra.Completion
	for _, g := range config.Grants() {
		out = append(out, string(g))
	}
	return out, noFiles
}

// withAPI runs fn with the account's client under completionTimeout;
// nil when anything fails.
func (c completer) withAPI(cmd *cobra.Command, fn func(context.Context, *api.Client) ([]cobra.Completion, error)) ([]cobra.Completion, cobra.ShellCompDirective) {
	ctx, cancel := context.WithTimeout(cmd.Context(), completionTimeout)
	defer cancel()
	client, _, err := c.f.APIClient(ctx)
	if err != nil {
		return nil, noFiles
	}
	out, err := fn(ctx, client)
	if err != nil {
		return nil, noFiles
	}
	return out, noFiles
}

// clientIDs are the account's client ids, each described by its name.
func (c completer) clientIDs(cmd *cobra.Command, _ []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return c.clients(cmd, false)
}

// clientIdents are what --client takes: each client's id (described by
// its name) and its name.
func (c completer) clientIdents(cmd *cobra.Command, _ []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return c.clients(cmd, true)
}

// clients completes the account's client ids, and with names their
// names too.
func (c completer) clients(cmd *cobra.Command, names bool) ([]cobra.Completion, cobra.ShellCompDirective) {
	return c.withAPI(cmd, func(ctx context.Context, a *api.Client) ([]cobra.Completion, error) {
		list, err := a.OAuthClients.List(ctx)
		var out []cobra.Completion
		for _, cl := range list {
			out = append(out, cobra.CompletionWithDesc(strconv.FormatInt(cl.ID, 10), cell(cl.Name)))
			if name := oneLine(cl.Name); names && name != "" {
				out = append(out, name)
			}
		}
		return out, err
	})
}

// tokenIDs are the account's token ids not given yet, each described by
// its client and agent.
func (c completer) tokenIDs(cmd *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return c.withAPI(cmd, func(ctx context.Context, a *api.Client) ([]cobra.Completion, error) {
		tokens, err := a.OAuthTokens.List(ctx)
		if err != nil {
			return nil, err
		}
		names := map[string]string{}
		if clients, err := a.OAuthClients.List(ctx); err == nil {
			for _, cl := range clients {
				names[cl.ClientIdentifier] = cl.Name
			}
		}
		var out []cobra.Completion
		for _, t := range tokens {
			id := strconv.FormatInt(t.ID, 10)
			if slices.Contains(args, id) {
				continue
			}
			out = append(out, cobra.CompletionWithDesc(id, clientLabel(t.ClientIdentifier, names)+", agent "+strconv.FormatInt(t.AgentID, 10)))
		}
		return out, nil
	})
}
