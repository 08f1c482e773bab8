package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"chatkeys/api"
	"chatkeys/api/safetext"
	"chatkeys/authflow"
	"chatkeys/ui/hint"
)

func newCmdClients(f *Factory) *cobra.Command {
	return commandGroup("clients", "List, show, create, update and delete OAuth API clients",
		newCmdClientsList(f, nil), newCmdClientsShow(f, nil), newCmdClientsCreate(f, nil),
		newCmdClientsUpdate(f, nil), newCmdClientsDelete(f, nil), newCmdClientsRotate(f, nil))
}

// clientsListOptions are chatkeys clients list's.
type clientsListOptions struct {
	apiDeps
	JSON bool
}

func newCmdClientsList(f *Factory, runF func(context.Context, *clientsListOptions) error) *cobra.Command {
	opts := &clientsListOptions{apiDeps: apiDepsOf(f)}
	cmd := apiCommand(spec{"list", "List the account's OAuth clients", "", noArgs}, opts, &opts.apiDeps, nil, clientsListRun, runF)
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	return cmd
}

func clientsListRun(ctx context.Context, c *api.Client, _ *authflow.Login, opts *clientsListOptions) error {
	list, err := c.OAuthClients.List(ctx)
	if err != nil {
		return err
	}
	if opts.JSON {
		out := make([]clientJSON, 0, len(list))
		for _, cl := range list {
			out = append(out, toClientJSON(cl, false))
		}
		return writeJSON(opts.IO.Out, out)
	}
	return writeClientsTable(opts.IO.Out, opts.IO.StdoutIsTerminal, list, opts.Now())
}

// clientsShowOptions are chatkeys clients show's.
type clientsShowOptions struct {
	apiDeps
	ID   int64
	JSON bool
}

func newCmdClientsShow(f *Factory, runF func(context.Context, *clientsShowOptions) error) *cobra.Command {
	opts := &clientsShowOptions{apiDeps: apiDepsOf(f)}
	cmd := apiCommand(spec{"show ID", "Show every field of one client, and how many tokens it has", "", oneID},
		opts, &opts.apiDeps, intoID(&opts.ID), clientsShowRun, runF)
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	return cmd
}

func clientsShowRun(ctx context.Context, c *api.Client, _ *authflow.Login, opts *clientsShowOptions) error {
	cl, err := c.OAuthClients.Get(ctx, opts.ID)
	if err != nil {
		return err
	}
	if opts.JSON {
		return writeJSON(opts.IO.Out, toClientJSON(*cl, false))
	}
	count := -1
	if tokens, err := c.OAuthTokens.List(ctx); err == nil {
		count = 0
		for _, t := range tokens {
			if t.ClientIdentifier == cl.ClientIdentifier {
				count++
			}
		}
	}
	return writeClientDetail(opts.IO.Out, *cl, count)
}

// clientFlags are the writable fields shared by create and update.
type clientFlags struct {
	name, company, scopes, clientType string
	redirects                         []string
}

func (f *clientFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.name, "name", "", "client name, shown on the consent page")
	cmd.Flags().StringVar(&f.company, "company", "", "company name, shown on the consent page")
	cmd.Flags().StringArrayVar(&f.redirects, "redirect-uri", nil, "redirect URL (repeat for several): https, or http://localhost")
	cmd.Flags().StringVar(&f.scopes, "scopes", "", `allowed scopes: "read", "write" or "read write"`)
	cmd.Flags().StringVar(&f.clientType, "type", "", "client type: public or confidential")
}

// requireForCreate names every flag a new client needs that was not given
// (or given empty), before any request is sent.
func (f *clientFlags) requireForCreate() error {
	var missing []string
	if strings.TrimSpace(f.name) == "" {
		missing = append(missing, "--name")
	}
	if len(strings.Fields(strings.Join(f.redirects, " "))) == 0 {
		missing = append(missing, "--redirect-uri")
	}
	if strings.TrimSpace(f.scopes) == "" {
		missing = append(missing, "--scopes")
	}
	if len(missing) > 0 {
		return usagef("clients create needs %s (see chatkeys clients create --help)", strings.Join(missing, ", "))
	}
	return nil
}

// params builds the request from the flags the user set.
func (f *clientFlags) params(cmd *cobra.Command) (api.ClientParams, error) {
	var p api.ClientParams
	set := cmd.Flags().Changed
	if set("name") {
		p.Name = api.String(f.name)
	}
	if set("company") {
		p.Company = api.String(f.company)
	}
	for _, r := range f.redirects {
		p.RedirectURIs = append(p.RedirectURIs, strings.Fields(r)...)
	}
	if set("scopes") {
		p.Scopes = api.String(strings.Join(strings.Fields(f.scopes), " "))
	}
	if set("type") {
		if f.clientType != api.ClientTypePublic && f.clientType != api.ClientTypeConfidential {
			return p, usagef("--type must be public or confidential, not %q", f.clientType)
		}
		p.ClientType = api.String(f.clientType)
	}
	return p, nil
}

// clientsWriteOptions are chatkeys clients create's and update's.
type clientsWriteOptions struct {
	apiDeps
	ID     int64 // update only
	Params api.ClientParams
	JSON   bool
}

func newCmdClientsCreate(f *Factory, runF func(context.Context, *clientsWriteOptions) error) *cobra.Command {
	opts := &clientsWriteOptions{apiDeps: apiDepsOf(f)}
	var flags clientFlags
	parse := func(_ []string, cmd *cobra.Command) (err error) {
		if err := flags.requireForCreate(); err != nil {
			return err
		}
		opts.Params, err = flags.params(cmd)
		return err
	}
	cmd := apiCommand(spec{"create --name NAME --redirect-uri URL --scopes SCOPES [--company C] [--type confidential]",
		"Create a client and print its secret, once",
		"Create a client and print it with its whole secret, which the API shows only this once.\n" +
			"The API sets client_type only on update, so --type confidential sends an update right after the create.",
		noArgs}, opts, &opts.apiDeps, parse, clientsCreateRun, runF)
	flags.register(cmd)
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON (client_secret included, once)")
	return cmd
}

func clientsCreateRun(ctx context.Context, c *api.Client, _ *authflow.Login, opts *clientsWriteOptions) error {
	cl, err := c.OAuthClients.Create(ctx, opts.Params)
	if cl == nil {
		return err
	}
	// The client exists either way; its secret is shown only if it can be
	// shown whole and harmless.
	bad := safetext.CheckWhole("the new client's secret", cl.ClientSecret)
	if bad != nil {
		cl.ClientSecret = ""
	}
	if opts.JSON {
		if werr := writeJSON(opts.IO.Out, toClientJSON(*cl, bad == nil)); werr != nil {
			return werr
		}
	} else {
		writeClientDetail(opts.IO.Out, *cl, -1)
		if bad == nil {
			fmt.Fprintf(opts.IO.Out, "Client secret:  %s\n", cl.ClientSecret)
			fmt.Fprintln(opts.IO.Err, "chatkeys: the secret is shown only once: store it now")
		}
	}
	if bad != nil {
		return hint.With(fmt.Errorf("client %d was created, but %w", cl.ID, bad),
			fmt.Sprintf("rotate its secret to get a usable one: chatkeys clients rotate-secret %d", cl.ID))
	}
	return err
}

func newCmdClientsUpdate(f *Factory, runF func(context.Context, *clientsWriteOptions) error) *cobra.Command {
	opts := &clientsWriteOptions{apiDeps: apiDepsOf(f)}
	var flags clientFlags
	parse := func(args []string, cmd *cobra.Command) (err error) {
		opts.ID, _ = parseID(args[0])
		if opts.Params, err = flags.params(cmd); err != nil {
			return err
		}
		if opts.Params.IsEmpty() {
			return usagef("nothing to update: pass at least one of --name, --company, --redirect-uri, --scopes, --type")
		}
		return nil
	}
	cmd := apiCommand(spec{"update ID [--name N] [--company C] [--redirect-uri URL]... [--scopes S] [--type T]",
		"Change a client's fields; the only way to make it confidential", "", oneID}, opts, &opts.apiDeps, parse, clientsUpdateRun, runF)
	flags.register(cmd)
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	return cmd
}

func clientsUpdateRun(ctx context.Context, c *api.Client, _ *authflow.Login, opts *clientsWriteOptions) error {
	cl, err := c.OAuthClients.Update(ctx, opts.ID, opts.Params)
	if err != nil {
		return err
	}
	if opts.JSON {
		return writeJSON(opts.IO.Out, toClientJSON(*cl, false))
	}
	return writeClientDetail(opts.IO.Out, *cl, -1)
}

// clientsChangeOptions are chatkeys clients delete's and rotate-secret's.
type clientsChangeOptions struct {
	apiDeps
	ID   int64
	Yes  bool
	JSON bool // rotate-secret only

	// The rest are rotate-secret's. RevokeTokens revokes the tokens the
	// client minted before the rotation; StoreSecret stores the new secret
	// in the profile, without asking, when chatkeys' own login uses the
	// client.
	RevokeTokens bool
	StoreSecret  bool
	// Logins stores that secret; nil leaves the admin a hint instead.
	Logins func() (*authflow.Logins, error)
}

func newCmdClientsDelete(f *Factory, runF func(context.Context, *clientsChangeOptions) error) *cobra.Command {
	opts := &clientsChangeOptions{apiDeps: apiDepsOf(f)}
	cmd := apiCommand(spec{"delete ID", "Delete a client; the tokens it minted stop working", "", oneID},
		opts, &opts.apiDeps, intoID(&opts.ID), clientsDeleteRun, runF)
	cmd.Flags().BoolVarP(&opts.Yes, "yes", "y", false, "do not ask for confirmation")
	return cmd
}

func clientsDeleteRun(ctx context.Context, c *api.Client, login *authflow.Login, opts *clientsChangeOptions) error {
	id := opts.ID
	question := fmt.Sprintf("Delete client %d? Its tokens stop working.", id)
	if cl, err := c.OAuthClients.Get(ctx, id); err == nil {
		question = fmt.Sprintf("Delete client %d %q? Its tokens stop working.", id, cell(cl.Name))
		if own := login.Settings.ClientID; own != "" && cl.ClientIdentifier == own {
			question = "This is the client chatkeys logs in with: you will have to set up another. " + question
		}
	}
	if err := confirm(opts.IO, opts.Yes, "delete a client", question); err != nil {
		return err
	}
	if err := c.OAuthClients.Delete(ctx, id); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Err, "chatkeys: deleted client %d (the server confirmed it)\n", id)
	return nil
}

func newCmdClientsRotate(f *Factory, runF func(context.Context, *clientsChangeOptions) error) *cobra.Command {
	opts := &clientsChangeOptions{apiDeps: apiDepsOf(f), Logins: f.Logins}
	cmd := command(spec{"rotate-secret ID [--revoke-tokens] [--store-secret]", "Generate a new secret for a client and print it once, on stdout",
		"Generate a new client secret. The old one stops working at once. The new secret is printed once, alone on stdout, so it can be captured.\n" +
			"Before asking, it shows what depends on the client: its tokens by agent, their creation dates, and whether chatkeys logs in with it.\n" +
			"Tokens the client issued before the rotation are not assumed to stop working: --revoke-tokens revokes them (on a terminal it offers to).\n" +
			"When chatkeys' own login uses the client, --store-secret stores the new secret with it (on a terminal it offers to).",
		oneID}, opts, intoID(&opts.ID), clientsRotateRun, runF)
	cmd.Flags().BoolVarP(&opts.Yes, "yes", "y", false, "do not ask for confirmation")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&opts.RevokeTokens, "revoke-tokens", false, "then revoke the client's tokens created before the rotation")
	cmd.Flags().BoolVar(&opts.StoreSecret, "store-secret", false, "store the new secret with chatkeys' own login when it uses this client")
	return cmd
}

// parseID reads a positive numeric id.
func parseID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, usagef("%q is not an id: ids are positive numbers (see the list command)", s)
	}
	return id, nil
}

// oneID accepts exactly one positional id.
func oneID(cmd *cobra.Command, args []string) error {
	if len(args) != 1 {
		return usagef("%s takes one ID", cmd.CommandPath())
	}
	_, err := parseID(args[0])
	return err
}

// noArgs refuses positional arguments; on a command that has
// subcommands (the root), a word is a mistyped command.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 && cmd.HasAvailableSubCommands() {
		return unknownCommand(cmd, args[0])
	}
	if len(args) > 0 {
		return usagef("%s takes no arguments (got %q)", cmd.CommandPath(), args[0])
	}
	return nil
}
