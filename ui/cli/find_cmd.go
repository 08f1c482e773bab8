package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"chatkeys/api"
	"chatkeys/authflow"
	"chatkeys/authflow/audit"
	"chatkeys/ui/format"
	"chatkeys/ui/hint"
)

// maxLookupValue bounds what tokens find reads from stdin: a token is a
// few dozen characters, so anything longer is not one.
const maxLookupValue = 64 << 10

// tokensFindOptions are chatkeys tokens find's. The value looked up is
// read in the run and never kept in them.
type tokensFindOptions struct {
	apiDeps
	JSON         bool
	Revoke       bool
	RevokeClient bool
	Rotate       bool
	Yes          bool
}

func newCmdTokensFind(f *Factory) *cobra.Command {
	opts := &tokensFindOptions{apiDeps: apiDepsOf(f)}
	parse := func(args []string, _ *cobra.Command) error {
		if len(args) > 0 {
			// The arguments are not quoted back: they may be the token.
			return usagef("tokens find takes no argument: pipe the token (or a fragment of at least %d characters) on stdin, "+
				"or run it on a terminal to paste it hidden, so it stays out of the shell history and ps", audit.MinFragment)
		}
		n := 0
		for _, on := range []bool{opts.Revoke, opts.RevokeClient, opts.Rotate} {
			if on {
				n++
			}
		}
		if n > 1 {
			return usagef("give one of --revoke, --revoke-client and --rotate")
		}
		return nil
	}
	cmd := apiCommand(spec{"find [--revoke | --revoke-client | --rotate] [--yes] [--json] < token",
		"Find which client and agent a leaked token (or a fragment of one) belongs to",
		"Reads a token, or a fragment of at least 8 characters, from stdin, or asks for it hidden on a\n" +
			"terminal; it never takes it as an argument. An exact access or refresh token names its token; a\n" +
			"fragment lists every token that contains it. Exit 0 when something matched, 1 when nothing did.\n" +
			"--revoke revokes the token found, --revoke-client every token of its client, --rotate its client's\n" +
			"secret; each needs exactly one token found, and asks first on a terminal (--yes otherwise).\n" +
			"With --json, a follow-up prints its own JSON document after the list.",
		nil}, opts, &opts.apiDeps, parse, tokensFindRun, nil)
	cmd.SetFlagErrorFunc(findFlagError)
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&opts.Revoke, "revoke", false, "then revoke the token found")
	cmd.Flags().BoolVar(&opts.RevokeClient, "revoke-client", false, "then revoke every token of the found token's client")
	cmd.Flags().BoolVar(&opts.Rotate, "rotate", false, "then rotate the secret of the found token's client")
	cmd.Flags().BoolVarP(&opts.Yes, "yes", "y", false, "do not ask for confirmation")
	return cmd
}

func tokensFindRun(ctx context.Context, c *api.Client, login *authflow.Login, opts *tokensFindOptions) error {
	value, err := readLookupValue(opts.IO)
	if err != nil {
		return err
	}
	clients, tokens, err := listAccount(ctx, c)
	if err != nil {
		return err
	}
	if clients.err != nil {
		return fmt.Errorf("list clients: %w", clients.err)
	}
	res, err := audit.Match(tokens, value)
	value = ""
	if err != nil {
		return lookupError(err)
	}
	owners := audit.Describe(res, clients.list, login.Record().AccessToken, opts.Now())
	if opts.JSON {
		if err := writeJSON(opts.IO.Out, nonNil(owners)); err != nil {
			return err
		}
	} else if len(owners) > 0 {
		if err := writeOwners(opts.IO.Out, res, owners, opts.Now()); err != nil {
			return err
		}
	}
	if !res.Found() {
		return hint.With(fmt.Errorf("no token of the account matches (%d token%s searched)", len(tokens), format.Plural(len(tokens))),
			"check it was copied whole, and that it belongs to this profile's account")
	}
	if !opts.Revoke && !opts.RevokeClient && !opts.Rotate {
		return nil
	}
	if len(owners) > 1 {
		return usagef("refusing to %s: %d tokens match; paste more of the token so that one does, or use chatkeys tokens revoke ID",
			findFollowUp(opts), len(owners))
	}
	return findFollowUpRun(ctx, c, login, opts, owners[0], tokens)
}

// findFlagError is a usage error that does not quote an unknown flag: a
// token pasted as an argument may start with a dash.
func findFlagError(_ *cobra.Command, err error) error {
	if strings.HasPrefix(err.Error(), "unknown") {
		return usagef("tokens find was given a flag it does not know (not quoted back: it may be a token); " +
			"pipe the token on stdin, and see chatkeys tokens find --help")
	}
	return &usageError{err}
}

// findFollowUp names the follow-up asked for, for messages.
func findFollowUp(opts *tokensFindOptions) string {
	switch {
	case opts.Revoke:
		return "revoke the token"
	case opts.RevokeClient:
		return "revoke the client's tokens"
	}
	return "rotate the client's secret"
}

// findFollowUpRun revokes the token found, or every token of its client,
// or rotates its client's secret, after a confirmation.
func findFollowUpRun(ctx context.Context, c *api.Client, login *authflow.Login, opts *tokensFindOptions, o audit.Owner, tokens []api.OAuthToken) error {
	client := fmt.Sprintf("client %d (%s)", o.ClientID, cell(o.ClientName))
	if !o.ClientFound {
		client = audit.UnknownClientName
	}
	switch {
	case opts.Rotate:
		if !o.ClientFound {
			return hint.With(fmt.Errorf("token %d's client no longer exists: there is no secret to rotate", o.ID),
				"revoke the token with --revoke")
		}
		return clientsRotateRun(ctx, &clientsChangeOptions{apiDeps: opts.apiDeps, ID: o.ClientID, Yes: opts.Yes, JSON: opts.JSON})
	case opts.Revoke:
		q := fmt.Sprintf("Revoke token %d of %s?", o.ID, client)
		if o.Own || login.IsOwn(o.Token.AccessToken) {
			q = "This is the token chatkeys is using: you will have to log in again. " + q
		}
		if err := confirm(opts.IO, opts.Yes, "revoke a token", q); err != nil {
			return err
		}
		return reportRevoke(opts.IO, revokeStoppably(ctx, c, []int64{o.ID}), opts.JSON)
	}
	var ids []int64
	own := false
	for _, t := range tokens {
		if t.ClientIdentifier == o.ClientIdentifier {
			ids = append(ids, t.ID)
			own = own || login.IsOwn(t.AccessToken)
		}
	}
	q := fmt.Sprintf("Revoke %d token%s of %s?", len(ids), format.Plural(len(ids)), client)
	if own {
		q = "One of them is the token chatkeys is using: you will have to log in again. " + q
	}
	if err := confirm(opts.IO, opts.Yes, "revoke tokens", q); err != nil {
		return err
	}
	return reportRevoke(opts.IO, revokeStoppably(ctx, c, ids), opts.JSON)
}

// lookupError words audit.Match's refusals for the command line: each is
// a usage error, and none quotes the value.
func lookupError(err error) error {
	switch {
	case errors.Is(err, audit.ErrEmpty):
		return &usageError{hint.With(err, "pipe it on stdin: pbpaste | chatkeys tokens find")}
	case errors.Is(err, audit.ErrFragmentTooShort):
		return &usageError{hint.With(err, "paste more of the token")}
	}
	return &usageError{err}
}

// readLookupValue reads the value to look up: hidden from the terminal
// when stdin is one, else all of stdin, bounded. It is never echoed.
func readLookupValue(stdio IO) (string, error) {
	if stdio.StdinIsTerminal {
		fmt.Fprint(stdio.Err, "Paste the token or a fragment of it (hidden), then press Enter: ")
		b, err := readHidden(stdio.In)
		fmt.Fprintln(stdio.Err)
		if err != nil {
			return "", fmt.Errorf("read the token from the terminal: %w", err)
		}
		return string(b), nil
	}
	b, err := io.ReadAll(io.LimitReader(stdio.In, maxLookupValue+1))
	if err != nil {
		return "", fmt.Errorf("read stdin: %w", err)
	}
	if len(b) > maxLookupValue {
		return "", usagef("stdin holds more than %d KiB, far more than a token: pipe the token alone", maxLookupValue>>10)
	}
	return string(b), nil
}

// readHidden reads one line without echoing it: from the terminal itself
// when in is one, else (a test's terminal) a byte at a time, so nothing
// after the line is taken from a confirmation that reads in next.
func readHidden(in io.Reader) ([]byte, error) {
	if f, ok := in.(*os.File); ok && term.IsTerminal(f.Fd()) {
		return term.ReadPassword(f.Fd())
	}
	var (
		line []byte
		one  [1]byte
	)
	for len(line) <= maxLookupValue {
		n, err := in.Read(one[:])
		if n == 1 {
			if one[0] == '\n' {
				return bytes.TrimSuffix(line, []byte("\r")), nil
			}
			line = append(line, one[0])
		}
		if errors.Is(err, io.EOF) {
			return line, nil
		}
		if err != nil {
			return nil, err
		}
	}
	return nil, usagef("the line pasted is longer than %d KiB, far more than a token", maxLookupValue>>10)
}
