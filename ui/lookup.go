package ui

// This file holds the leaked-token lookup's request: it lists the
// account, matches the value given and describes each token found.

import (
	"context"
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"chatkeys/api"
	"chatkeys/authflow/audit"
	"chatkeys/ui/format"
	"chatkeys/ui/hint"
)

// tokenLookedUpMsg answers the lookup dialog: the tokens the value named,
// or why none. It never holds the value looked up.
type tokenLookedUpMsg struct {
	reply
	kind     audit.MatchKind
	found    []foundToken
	searched int // tokens compared
	err      error
}

// foundToken is one token a lookup found, without its values, with what
// its follow-up actions need about its client.
type foundToken struct {
	audit.Owner
	*foundClient
}

// foundClient is what the follow-up actions need about the client of the
// tokens found: the client (nil when it is gone), the ids of every token
// it has, whether chatkeys' own token is among them, and what depends on
// it. The tokens found of one client share it.
type foundClient struct {
	client    *api.OAuthClient
	clientIDs []int64
	// clientOwn is chatkeys' own token when the client has it, else 0.
	clientOwn int64
	radius    audit.Radius
}

// lookupToken looks value up among the account's tokens (audit.Match) and
// answers the dialog to. value lives in this command alone.
func lookupToken(c *common, to ownerID, value string) tea.Cmd {
	isOwn, now := c.sess.ownCheck(), c.now
	return apiCall(c, func(ctx context.Context, cl *api.Client) tea.Msg {
		clients, tokens, err := listAccount(ctx, cl)
		if err != nil {
			return tokenLookedUpMsg{reply: reply{to}, err: err}
		}
		res, err := audit.Match(tokens, value)
		value = ""
		if err != nil {
			return tokenLookedUpMsg{reply: reply{to}, searched: len(tokens), err: lookupRefusal(err)}
		}
		msg := tokenLookedUpMsg{reply: reply{to}, kind: res.Kind, searched: len(tokens)}
		owners := audit.Describe(res, clients, "", now())
		byClient := describeClients(owners, clients, tokens, isOwn)
		for _, o := range owners {
			o.Own = isOwn(o.Token.AccessToken)
			// The card shows the prefix (TokenPrefix) and whether a refresh
			// token exists (RefreshToken), no more: the values stay out of
			// the answer.
			o.Token.AccessToken, o.Token.RefreshToken = "", ""
			msg.found = append(msg.found, foundToken{Owner: o, foundClient: byClient[o.ClientIdentifier]})
		}
		if len(msg.found) == 0 {
			msg.err = hint.With(fmt.Errorf("no token of the account matches (%d token%s searched)", len(tokens), format.Plural(len(tokens))),
				"check it was copied whole, and that it belongs to this profile's account")
		}
		return msg
	}, func(err error) tea.Msg { return tokenLookedUpMsg{reply: reply{to}, err: err} })
}

// describeClients describes the client of each owner, once per client,
// in one pass over the tokens: a fragment may name every token of a large
// account.
func describeClients(owners []audit.Owner, clients []api.OAuthClient, tokens []api.OAuthToken, isOwn func(string) bool) map[string]*foundClient {
	out := map[string]*foundClient{}
	for _, o := range owners {
		out[o.ClientIdentifier] = &foundClient{}
	}
	for i := range clients {
		if f, ok := out[clients[i].ClientIdentifier]; ok && f.client == nil {
			f.client = &clients[i]
		}
	}
	mine := map[string][]api.OAuthToken{}
	for _, t := range tokens {
		if f, ok := out[t.ClientIdentifier]; ok {
			f.clientIDs = append(f.clientIDs, t.ID)
			if isOwn(t.AccessToken) {
				f.clientOwn = t.ID
			}
			mine[t.ClientIdentifier] = append(mine[t.ClientIdentifier], t)
		}
	}
	for ident, f := range out {
		f.radius = blastRadius(ident, mine[ident], isOwn)
	}
	return out
}

// lookupRefusal words audit.Match's refusals for the TUI; none quotes the
// value.
func lookupRefusal(err error) error {
	switch {
	case errors.Is(err, audit.ErrEmpty):
		return hint.With(err, "paste it into the field, then press enter")
	case errors.Is(err, audit.ErrFragmentTooShort):
		return hint.With(err, "paste more of the token")
	}
	return err
}

// listAccount lists the account's clients and tokens at once. Without
// the clients every token would look orphaned, so their failure fails it.
func listAccount(ctx context.Context, cl *api.Client) ([]api.OAuthClient, []api.OAuthToken, error) {
	var clients []api.OAuthClient
	var clientsErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		clients, clientsErr = cl.OAuthClients.List(ctx)
	}()
	tokens, err := cl.OAuthTokens.List(ctx)
	<-done
	switch {
	case err != nil:
		return nil, nil, fmt.Errorf("list tokens: %w", err)
	case clientsErr != nil:
		return nil, nil, fmt.Errorf("list clients: %w", clientsErr)
	}
	return clients, tokens, nil
}

// blastRadius is what depends on the client with ident (audit.BlastRadius),
// chatkeys' own token told by isOwn: the TUI never holds that token.
func blastRadius(ident string, tokens []api.OAuthToken, isOwn func(string) bool) audit.Radius {
	r := audit.BlastRadius(ident, tokens, "")
	for i := range tokens {
		if tokens[i].ClientIdentifier == ident && isOwn(tokens[i].AccessToken) {
			r.OwnLogin = true
			break
		}
	}
	return r
}
