package ui

import (
	"context"
	"errors"

	tea "charm.land/bubbletea/v2"

	"chatkeys/api"
)

// Results of the API commands. Each request has one typed result message.
type (
	clientsLoadedMsg struct {
		list []api.OAuthClient
		err  error
	}
	tokensLoadedMsg struct {
		list []api.OAuthToken
		err  error
	}
	clientSavedMsg struct {
		client  *api.OAuthClient
		created bool
		err     error
	}
	clientDeletedMsg struct {
		id  int64
		err error
	}
	secretRotatedMsg struct {
		client api.OAuthClient
		secret string
		err    error
	}
	// revokeProgressMsg and revokeDoneMsg name the dialog that started the
	// revoke (owner), so it alone follows them, wherever it is stacked.
	revokeProgressMsg struct {
		owner       any
		done, total int
		next        tea.Cmd
	}
	revokeDoneMsg struct {
		owner   any
		results []api.RevokeResult
	}
)

// errNoClient is what a screen reports when chatkeys is not logged in.
var errNoClient = errors.New("not logged in")

// apiCall runs fn with the session's client, or fails with errNoClient.
func apiCall(c *common, fn func(ctx context.Context, cl *api.Client) tea.Msg, fail func(error) tea.Msg) tea.Cmd {
	cl := c.sess.Client
	ctx := c.ctx
	return func() tea.Msg {
		if cl == nil {
			return fail(errNoClient)
		}
		return fn(ctx, cl)
	}
}

func loadClients(c *common) tea.Cmd {
	return apiCall(c, func(ctx context.Context, cl *api.Client) tea.Msg {
		list, err := cl.OAuthClients.List(ctx)
		return clientsLoadedMsg{list, err}
	}, func(err error) tea.Msg { return clientsLoadedMsg{err: err} })
}

func loadTokens(c *common) tea.Cmd {
	return apiCall(c, func(ctx context.Context, cl *api.Client) tea.Msg {
		list, err := cl.OAuthTokens.List(ctx)
		return tokensLoadedMsg{list, err}
	}, func(err error) tea.Msg { return tokensLoadedMsg{err: err} })
}

func createClient(c *common, p api.ClientParams) tea.Cmd {
	return apiCall(c, func(ctx context.Context, cl *api.Client) tea.Msg {
		created, err := cl.OAuthClients.Create(ctx, p)
		return clientSavedMsg{client: created, created: true, err: err}
	}, func(err error) tea.Msg { return clientSavedMsg{created: true, err: err} })
}

func updateClient(c *common, id int64, p api.ClientParams) tea.Cmd {
	return apiCall(c, func(ctx context.Context, cl *api.Client) tea.Msg {
		updated, err := cl.OAuthClients.Update(ctx, id, p)
		return clientSavedMsg{client: updated, err: err}
	}, func(err error) tea.Msg { return clientSavedMsg{err: err} })
}

func deleteClient(c *common, id int64) tea.Cmd {
	return apiCall(c, func(ctx context.Context, cl *api.Client) tea.Msg {
		return clientDeletedMsg{id, cl.OAuthClients.Delete(ctx, id)}
	}, func(err error) tea.Msg { return clientDeletedMsg{id, err} })
}

func rotateSecret(c *common, client api.OAuthClient) tea.Cmd {
	return apiCall(c, func(ctx context.Context, cl *api.Client) tea.Msg {
		secret, err := cl.OAuthClients.GenerateSecret(ctx, client.ID)
		return secretRotatedMsg{client, secret, err}
	}, func(err error) tea.Msg { return secretRotatedMsg{client: client, err: err} })
}

// revokeTokens runs RevokeMany and streams its progress: the first message
// arrives when the first token is done, and each progress message carries
// the command that waits for the next one.
// Closing stop ends it gently: what is in flight finishes, the rest is
// reported not tried.
func revokeTokens(c *common, ids []int64, owner any, stop <-chan struct{}) tea.Cmd {
	return apiCall(c, func(ctx context.Context, cl *api.Client) tea.Msg {
		ch := make(chan tea.Msg, 16)
		next := func() tea.Msg { return <-ch }
		go func() {
			results := cl.OAuthTokens.RevokeMany(ctx, ids, api.RevokeOptions{
				Stop: stop,
				Progress: func(done, total int) {
					select { // progress may be dropped when the UI lags; the result never is
					case ch <- revokeProgressMsg{owner: owner, done: done, total: total, next: next}:
					default:
					}
				},
			})
			ch <- revokeDoneMsg{owner, results}
		}()
		return <-ch
	}, func(err error) tea.Msg {
		results := make([]api.RevokeResult, len(ids))
		for i, id := range ids {
			results[i] = api.RevokeResult{ID: id, Err: api.NotTried(err)} // nothing was sent
		}
		return revokeDoneMsg{owner, results}
	})
}
