package ui

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"time"
	"unique"

	tea "charm.land/bubbletea/v2"

	"chatkeys/api"
)

// Results of the API commands. Each request has one typed result message.
// The lists are news, which every screen follows; every other result is
// an answer, addressed to the screen or dialog that asked (route.go).
type (
	clientsLoadedMsg struct {
		list []api.OAuthClient
		err  error
	}
	// tokensLoadedMsg is the token list so far: a load sends it as the
	// tokens are decoded (partial, with more to read the rest) and once
	// at the end. list only grows within a load; load numbers the loads,
	// so a screen takes the tokens of the newest only.
	tokensLoadedMsg struct {
		list    []api.OAuthToken
		err     error
		load    int
		partial bool
		next    tea.Cmd // reads the next part; nil at the end
	}
	clientSavedMsg struct {
		reply
		client  *api.OAuthClient
		created bool
		err     error
	}
	clientDeletedMsg struct {
		reply
		id  int64
		err error
	}
	// secretRotatedMsg carries the new secret and when the rotation was
	// asked, to the second (the API's dates are whole seconds).
	secretRotatedMsg struct {
		reply
		client api.OAuthClient
		secret string
		at     time.Time
		err    error
	}
	// revokeProgressMsg and revokeDoneMsg go to the dialog that started
	// the revoke, wherever it is stacked.
	revokeProgressMsg struct {
		reply
		done, total int
		next        tea.Cmd
	}
	revokeDoneMsg struct {
		reply
		results []api.RevokeResult
		own     int64 // chatkeys' own token when it was among them, else 0
	}
	// tokensRevokedMsg is a revoke's outcome as news, announced by its
	// revokeDoneMsg: the screens listing tokens follow it. ownGone says
	// the server confirmed chatkeys' own token revoked.
	tokensRevokedMsg struct {
		results []api.RevokeResult
		ownGone bool
	}
	// clientRemovedMsg is a successful delete as news, announced by its
	// clientDeletedMsg: a detail showing the client closes.
	clientRemovedMsg struct{ id int64 }
)

func (m revokeDoneMsg) announce() news {
	gone := m.own != 0 && slices.ContainsFunc(m.results, func(r api.RevokeResult) bool { return r.ID == m.own && r.Err == nil })
	return tokensRevokedMsg{m.results, gone}
}

// without is list less the tokens the revoke confirmed gone.
func (m tokensRevokedMsg) without(list []api.OAuthToken) []api.OAuthToken {
	gone := map[int64]bool{}
	for _, r := range m.results {
		if r.Err == nil {
			gone[r.ID] = true
		}
	}
	kept := make([]api.OAuthToken, 0, len(list))
	for _, t := range list {
		if !gone[t.ID] {
			kept = append(kept, t)
		}
	}
	return kept
}

func (m clientDeletedMsg) announce() news {
	if m.err != nil {
		return nil
	}
	return clientRemovedMsg{m.id}
}

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

// The first part of a token load is sent after firstTokens tokens, so
// rows are on screen as soon as some are decoded; then a part at most
// every tokensEvery, so a long load shows its progress without a frame
// per token.
const (
	firstTokens = 200
	tokensEvery = 250 * time.Millisecond
)

// loadTokens streams the account's tokens: the list so far goes out in
// parts (tokensLoadedMsg.partial) while the rest is decoded, each part
// asking for the next, which the root runs once. A newer load makes an
// older one stop.
func loadTokens(c *common) tea.Cmd {
	c.tokenLoads++
	load, loads := c.tokenLoads, &c.tokenLoadsSeen
	return apiCall(c, func(ctx context.Context, cl *api.Client) tea.Msg {
		ctx, cancel := context.WithCancel(ctx)
		parts := make(chan tokensLoadedMsg)
		go func() {
			defer cancel()
			var list []api.OAuthToken
			last := time.Time{}
			send := func(m tokensLoadedMsg) bool {
				select {
				case parts <- m:
					return true
				case <-ctx.Done():
					return false
				}
			}
			for t, err := range cl.OAuthTokens.All(ctx) {
				if err != nil {
					send(tokensLoadedMsg{list: list, err: err, load: load})
					return
				}
				// A million tokens share a few hundred client identifiers
				// and a handful of scopes: one copy of each is kept.
				t.ClientIdentifier = unique.Make(t.ClientIdentifier).Value()
				t.Scopes = unique.Make(t.Scopes).Value()
				t.TokenType = unique.Make(t.TokenType).Value()
				keepAccessOnly(t)
				list = append(list, *t)
				if (last.IsZero() && len(list) >= firstTokens) || (!last.IsZero() && time.Since(last) >= tokensEvery) {
					last = time.Now()
					if !send(tokensLoadedMsg{list: list, load: load, partial: true}) {
						return
					}
				}
			}
			send(tokensLoadedMsg{list: list, load: load})
		}()
		var next func() tea.Msg
		next = func() tea.Msg {
			if loads.Load() > int64(load) {
				cancel() // a newer load took over
				return nil
			}
			m, ok := <-parts
			if !ok {
				return nil
			}
			if m.partial {
				m.next = next
			}
			return m
		}
		return next()
	}, func(err error) tea.Msg { return tokensLoadedMsg{err: err, load: load} })
}

// more reads the next part of a token load.
func (m tokensLoadedMsg) more() tea.Cmd { return m.next }

func createClient(c *common, to ownerID, p api.ClientParams) tea.Cmd {
	return apiCall(c, func(ctx context.Context, cl *api.Client) tea.Msg {
		created, err := cl.OAuthClients.Create(ctx, p)
		return clientSavedMsg{reply: reply{to}, client: created, created: true, err: err}
	}, func(err error) tea.Msg { return clientSavedMsg{reply: reply{to}, created: true, err: err} })
}

func updateClient(c *common, to ownerID, id int64, p api.ClientParams) tea.Cmd {
	return apiCall(c, func(ctx context.Context, cl *api.Client) tea.Msg {
		updated, err := cl.OAuthClients.Update(ctx, id, p)
		return clientSavedMsg{reply: reply{to}, client: updated, err: err}
	}, func(err error) tea.Msg { return clientSavedMsg{reply: reply{to}, err: err} })
}

func deleteClient(c *common, to ownerID, id int64) tea.Cmd {
	return apiCall(c, func(ctx context.Context, cl *api.Client) tea.Msg {
		return clientDeletedMsg{reply{to}, id, cl.OAuthClients.Delete(ctx, id)}
	}, func(err error) tea.Msg { return clientDeletedMsg{reply{to}, id, err} })
}

func rotateSecret(c *common, to ownerID, client api.OAuthClient) tea.Cmd {
	now := c.now
	return apiCall(c, func(ctx context.Context, cl *api.Client) tea.Msg {
		at := now().UTC().Truncate(time.Second)
		secret, err := cl.OAuthClients.GenerateSecret(ctx, client.ID)
		return secretRotatedMsg{reply{to}, client, secret, at, err}
	}, func(err error) tea.Msg { return secretRotatedMsg{reply: reply{to}, client: client, err: err} })
}

// revokeTokens runs RevokeMany and streams its progress: the first message
// arrives when the first token is done, and each progress message carries
// the command that waits for the next one.
// Closing stop ends it gently: what is in flight finishes, the rest is
// reported not tried. Every message is addressed to the dialog to.
func revokeTokens(c *common, to ownerID, ids []int64, own int64, stop <-chan struct{}) tea.Cmd {
	return apiCall(c, func(ctx context.Context, cl *api.Client) tea.Msg {
		var done atomic.Int64
		advanced := make(chan struct{}, 1)
		finished := make(chan revokeDoneMsg, 1)
		go func() {
			// chatkeys' own token goes last, alone (Last): revoked with
			// the rest, it would end the login the rest are sent with.
			results := cl.OAuthTokens.RevokeMany(ctx, ids, api.RevokeOptions{Stop: stop, Last: own,
				Progress: func(n, _ int) {
					done.Store(int64(n))
					select {
					case advanced <- struct{}{}:
					default:
					}
				}})
			finished <- revokeDoneMsg{reply{to}, results, own}
		}()
		// At most one progress message per progressEvery reaches Update,
		// and only when the count moved; the result is never held back.
		var next func() tea.Msg
		last := time.Time{}
		next = func() tea.Msg {
			if wait := time.Until(last.Add(progressEvery)); wait > 0 {
				t := time.NewTimer(wait)
				select {
				case r := <-finished:
					t.Stop()
					return r
				case <-t.C:
				}
			}
			select {
			case r := <-finished:
				return r
			case <-advanced:
				last = time.Now()
				return revokeProgressMsg{reply: reply{to}, done: int(done.Load()), total: len(ids), next: next}
			}
		}
		return next()
	}, func(err error) tea.Msg {
		results := make([]api.RevokeResult, len(ids))
		for i, id := range ids {
			results[i] = api.RevokeResult{ID: id, Err: api.NotTried(err)} // nothing was sent
		}
		return revokeDoneMsg{reply: reply{to}, results: results}
	})
}

// progressEvery is how often a bulk revoke reports progress: ten times a
// second reads as continuous for a counter, and each report redraws the
// dialog, so at one report a frame (60 Hz) the TUI spent about 1.7 times
// the CPU of the command line doing the same revokes; at ten a second it
// stays under the 2x budget.
const progressEvery = time.Second / 10

// keepAccessOnly gives t's access token an allocation of its own and
// drops its refresh token's value, keeping only that there is one
// (refreshHeld): the TUI shows whether a token has a refresh token,
// never the value, and the lookup reads the account's lists afresh. The
// list's decoder keeps all of a token's strings in one allocation, which
// the interned strings and the clone let go: some 140 bytes a token, and
// one live credential fewer held for each.
func keepAccessOnly(t *api.OAuthToken) {
	t.AccessToken = strings.Clone(t.AccessToken)
	if t.RefreshToken != "" {
		t.RefreshToken = refreshHeld
	}
}

// refreshHeld stands in a loaded token for a refresh token whose value
// was dropped.
const refreshHeld = "(held by the server)"
