package ui

// This file holds a secret's rotation: the confirm that shows what
// depends on the client, and the step after the copy-once modal that
// offers to revoke the tokens the client issued before it.

import (
	"context"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"chatkeys/api"
	"chatkeys/api/safetext"
	"chatkeys/authflow/audit"
	"chatkeys/ui/format"
)

// confirmRotate asks before generating a new secret, showing what
// depends on the client (radius; nil while it is not known). The
// rotation answers the Clients list, to.
func confirmRotate(c *common, to ownerID, cl api.OAuthClient, radius *audit.Radius) tea.Cmd {
	body := fmt.Sprintf("Generate a new secret for %q? The old secret stops working at once.", safetext.Sanitize(cl.Name, 40)) +
		"\n\n" + describeRadius(radius)
	if radius == nil || radius.Tokens > 0 {
		body += " Afterwards, chatkeys offers to revoke the tokens it issued before the rotation."
	}
	warning := ""
	switch {
	case c.isLoginClient(cl.ClientIdentifier) && c.saveSecret != nil:
		warning = "chatkeys logs in with this client: save the new secret into the profile (s) in the next step, or refresh will fail."
	case c.isLoginClient(cl.ClientIdentifier):
		warning = "chatkeys logs in with this client: afterwards, update its secret where chatkeys reads it (CHATKEYS_CLIENT_SECRET), or refresh will fail."
	}
	return openDialog(newConfirmDialog(c, "Rotate secret", body, warning, "Rotate", rotateSecret(c, to, cl)))
}

// radiusAgents is how many agents a blast radius names; it counts the
// rest.
const radiusAgents = 3

// describeRadius words what depends on a client: its tokens by agent,
// their span of create dates, and whether chatkeys' own login is one.
func describeRadius(r *audit.Radius) string {
	switch {
	case r == nil:
		return "Its tokens are still loading: what depends on it is not known yet."
	case r.Tokens == 0:
		return "No listed token belongs to it."
	}
	agents := make([]string, len(r.ByAgent))
	for i, a := range r.ByAgent {
		agents[i] = fmt.Sprintf("%d (%d)", a.AgentID, a.Tokens)
	}
	text := fmt.Sprintf("What depends on it: %d token%s, of agent%s %s", r.Tokens, format.Plural(r.Tokens),
		format.Plural(len(agents)), format.FewOf(agents, radiusAgents))
	if r.Oldest != nil {
		text += fmt.Sprintf("; created %s to %s", r.Oldest.UTC().Format(time.DateOnly), r.Newest.UTC().Format(time.DateOnly))
	}
	if r.Undated > 0 {
		text += fmt.Sprintf(" (%d without a date)", r.Undated)
	}
	text += "."
	if r.OwnLogin {
		text += " chatkeys' own login is one of them."
	}
	return text
}

// mintedBeforeMsg answers the Clients list with the tokens its client
// issued before a rotation (audit.MintedBefore), chatkeys' own apart.
type mintedBeforeMsg struct {
	reply
	client  api.OAuthClient
	ids     []int64
	undated int
	own     bool // chatkeys' own token is one of them, left out of ids
	err     error
}

// listMintedBefore lists the tokens after a rotation at at and picks
// those client created before it: a token minted since is kept. It
// answers the Clients list, to.
func listMintedBefore(c *common, to ownerID, client api.OAuthClient, at time.Time) tea.Cmd {
	isOwn := c.sess.ownCheck()
	return apiCall(c, func(ctx context.Context, cl *api.Client) tea.Msg {
		tokens, err := cl.OAuthTokens.List(ctx)
		if err != nil {
			return mintedBeforeMsg{reply: reply{to}, client: client, err: fmt.Errorf("list the tokens issued before the rotation: %w", err)}
		}
		before, undated := audit.MintedBefore(client.ClientIdentifier, tokens, at)
		msg := mintedBeforeMsg{reply: reply{to}, client: client, undated: len(undated)}
		for _, t := range before {
			if isOwn(t.AccessToken) {
				msg.own = true
				continue
			}
			msg.ids = append(msg.ids, t.ID)
		}
		return msg
	}, func(err error) tea.Msg { return mintedBeforeMsg{reply: reply{to}, client: client, err: err} })
}

// confirmRevokeOlder offers to revoke the tokens a rotated client issued
// before the rotation, through the bulk revoke dialog. chatkeys' own
// token is left out: revoked among the others, it would fail the rest.
func confirmRevokeOlder(c *common, msg mintedBeforeMsg) tea.Cmd {
	name := safetext.Sanitize(msg.client.Name, 40)
	if msg.err != nil {
		return reportErr(msg.err)
	}
	var notes string
	if msg.undated > 0 {
		notes += fmt.Sprintf(" %d token%s without a creation date %s kept: not known to predate the rotation.",
			msg.undated, format.Plural(msg.undated), format.IsAre(msg.undated))
	}
	if msg.own {
		notes += " chatkeys' own token is kept: x on Tokens revokes it, and logs chatkeys out."
	}
	if len(msg.ids) == 0 {
		return info(fmt.Sprintf("%q has no other tokens issued before the rotation.%s", name, notes))
	}
	body := fmt.Sprintf("Revoke the %d token%s %q issued before the rotation? Zendesk does not say whether a rotation ends them, "+
		"so chatkeys does not assume it.%s", len(msg.ids), format.Plural(len(msg.ids)), name, notes)
	return confirmRevokeTokens(c, "Revoke older tokens", body, msg.ids, 0)
}
