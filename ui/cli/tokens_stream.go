package cli

import (
	"context"
	"fmt"

	"chatkeys/api"
	"chatkeys/api/safetext"
	"chatkeys/ui/hint"
)

// eachToken calls fn with every token of the account, or of one client
// when ident is set, as the tokens are decoded, with a map from client
// identifier to name for display. The client and token lists are asked
// for at once; the first token waits only for the clients' answer. The
// names are a nicety: if the clients cannot be listed, tokens still are.
func eachToken(ctx context.Context, c *api.Client, ident string, fn func(t *api.OAuthToken, names map[string]string) error) error {
	replies := listClients(ctx, c)
	var (
		names   map[string]string
		want    string
		listErr error
		ready   bool
	)
	prepare := func() error {
		r := <-replies
		ready, listErr = true, r.err
		names = make(map[string]string, len(r.list))
		for _, cl := range r.list {
			names[cl.ClientIdentifier] = cl.Name
		}
		if ident == "" {
			return nil
		}
		var err error
		want, err = resolveClientIdent(ident, r.list, r.err)
		return err
	}
	matched := 0
	for t, err := range c.OAuthTokens.All(ctx) {
		if err != nil {
			return err
		}
		if !ready {
			if err := prepare(); err != nil {
				return err
			}
		}
		if ident != "" && t.ClientIdentifier != want {
			continue
		}
		matched++
		if err := fn(t, names); err != nil {
			return err
		}
	}
	if !ready {
		if err := prepare(); err != nil {
			return err
		}
	}
	if ident != "" && listErr != nil && matched == 0 {
		// Without the clients list, an unknown name is told apart from a
		// client without tokens only by the tokens themselves.
		return hint.With(fmt.Errorf("no token belongs to a client %q, and the clients could not be listed to check the name: %w",
			safetext.Sanitize(ident, 80), listErr), "give the client's identifier, as chatkeys tokens list shows it")
	}
	return nil
}

// clientsReply is the clients list, or why it could not be had.
type clientsReply struct {
	list []api.OAuthClient
	err  error
}

// listClients asks for the clients list on a goroutine of its own, so
// that the tokens can be asked for at the same time.
func listClients(ctx context.Context, c *api.Client) <-chan clientsReply {
	replies := make(chan clientsReply, 1)
	go func() {
		list, err := c.OAuthClients.List(ctx)
		replies <- clientsReply{list, err}
	}()
	return replies
}

// listAccount lists the tokens and the clients at once. The tokens' error
// comes first; the clients' is left to the caller, in clients.err.
func listAccount(ctx context.Context, c *api.Client) (clients clientsReply, tokens []api.OAuthToken, err error) {
	replies := listClients(ctx, c)
	tokens, err = c.OAuthTokens.List(ctx)
	clients = <-replies
	return clients, tokens, err
}

// loadTokens is eachToken collected, for the commands that need the whole
// list (a confirmation that counts them).
func loadTokens(ctx context.Context, c *api.Client, ident string) ([]api.OAuthToken, map[string]string, error) {
	var (
		out   []api.OAuthToken
		names map[string]string
	)
	err := eachToken(ctx, c, ident, func(t *api.OAuthToken, n map[string]string) error {
		out, names = append(out, *t), n
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return out, names, nil
}
