package ui

// This file holds what the Tokens keys do: mark, revoke and copy.

import (
	"fmt"
	"maps"
	"slices"
	"strconv"

	tea "charm.land/bubbletea/v2"

	"chatkeys/api"
	"chatkeys/api/safetext"
	"chatkeys/ui/format"
)

// revoked drops the tokens the server confirmed and keeps the failures
// marked, so a retry is one key away.
func (s *tokensScreen) revoked(msg tokensRevokedMsg) {
	for _, r := range msg.results {
		if r.Err == nil {
			delete(s.marked, r.ID)
		} else {
			s.marked[r.ID] = true
		}
	}
	if s.streaming {
		// The load's later parts would bring the revoked tokens back.
		s.cutLoad, s.streaming, s.loading = s.load, false, false
	}
	s.setTokens(msg.without(s.all))
}

func (s *tokensScreen) toggleMark(id int64) {
	if s.marked[id] {
		delete(s.marked, id)
	} else {
		s.marked[id] = true
	}
}

// markAllVisible marks every visible row, or unmarks them when all already
// are.
func (s *tokensScreen) markAllVisible() {
	all := true
	for _, i := range s.visible {
		if !s.marked[s.all[i].ID] {
			all = false
			break
		}
	}
	for _, i := range s.visible {
		if all {
			delete(s.marked, s.all[i].ID)
		} else {
			s.marked[s.all[i].ID] = true
		}
	}
}

// targets are the tokens x acts on: the marked ones, else the one under
// the cursor.
func (s *tokensScreen) targets() []api.OAuthToken {
	var out []api.OAuthToken
	if len(s.marked) > 0 {
		for _, t := range s.all {
			if s.marked[t.ID] {
				out = append(out, t)
			}
		}
		return out
	}
	if t := s.selected(); t != nil {
		out = append(out, *t)
	}
	return out
}

// questionClients is how many clients a revoke's question names; it
// counts the rest.
const questionClients = 3

// confirmRevoke opens the confirm dialog: the count, the clients affected,
// and a red warning if chatkeys' own token is among them.
func (s *tokensScreen) confirmRevoke() tea.Cmd {
	targets := s.targets()
	if len(targets) == 0 {
		return nil
	}
	ids := make([]int64, len(targets))
	clients := map[string]bool{}
	var own int64
	for i, t := range targets {
		ids[i] = t.ID
		clients[s.clientName(t.ClientIdentifier)] = true
		if s.c.sess.isOwnToken(t.AccessToken) {
			own = t.ID
		}
	}
	body := fmt.Sprintf("Revoke %d token%s of %s? Apps using them stop working at once.",
		len(ids), format.Plural(len(ids)), format.FewOf(slices.Sorted(maps.Keys(clients)), questionClients))
	if hidden := len(ids) - s.visibleAmong(ids); hidden > 0 {
		body += fmt.Sprintf(" (%d of them are marked but hidden by the filter.)", hidden)
	}
	return confirmRevokeTokens(s.c, "Revoke tokens", body, ids, own)
}

// confirmCopy asks before copying a live token, naming whose it is.
func (s *tokensScreen) confirmCopy() tea.Cmd {
	t := s.selected()
	if t == nil || t.AccessToken == "" {
		return nil
	}
	return confirmCopyToken(s.c, s.id, "token "+strconv.FormatInt(t.ID, 10), t.AccessToken,
		fmt.Sprintf("Copy token %d of agent %d (%s)? Anyone with it can act as that agent.",
			t.ID, t.AgentID, s.clientName(t.ClientIdentifier)))
}

// confirmRevokeTokens asks before revoking ids; yes opens the revoke
// dialog, which runs the revoke and reports it. own is chatkeys' own
// token when ids hold it (0 otherwise): the question warns of it, and
// it is revoked last.
func confirmRevokeTokens(c *common, title, body string, ids []int64, own int64) tea.Cmd {
	warning := ""
	if own != 0 {
		warning = "One of these is the token chatkeys itself is logged in with: you will have to log in again."
	}
	return openRevokeConfirm(c, title, body, warning, ids, own)
}

// confirmRevokeToken is confirmRevokeTokens for one token, own when it
// is chatkeys' own.
func confirmRevokeToken(c *common, title, body string, id int64, own bool) tea.Cmd {
	if !own {
		return openRevokeConfirm(c, title, body, "", []int64{id}, 0)
	}
	return openRevokeConfirm(c, title, body,
		"This is the token chatkeys itself is logged in with: you will have to log in again.", []int64{id}, id)
}

func openRevokeConfirm(c *common, title, body, warning string, ids []int64, own int64) tea.Cmd {
	return openDialog(newConfirmDialog(c, title, body, warning, "Revoke", openDialog(newRevokeDialog(c, ids, own))))
}

// confirmCopyToken asks before copying token, a live token's value; the
// copy reports to the screen to. A value that is not printable ASCII is
// refused at once, named by what.
func confirmCopyToken(c *common, to ownerID, what, token, body string) tea.Cmd {
	if err := safetext.CheckWhole(what, token); err != nil {
		return reportErr(err)
	}
	return openDialog(newConfirmDialog(c, "Copy token", body, "", "Copy", copyText(c, to, "the token", token)))
}

// visibleAmong counts how many of ids the filters show.
func (s *tokensScreen) visibleAmong(ids []int64) int {
	want := make(map[int64]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	n := 0
	for _, i := range s.visible {
		if want[s.all[i].ID] {
			n++
		}
	}
	return n
}

// selectRow puts the cursor on token id, clearing the filters when they
// hide it; false when no listed token has id.
func (s *tokensScreen) selectRow(id int64) bool {
	if !slices.ContainsFunc(s.all, func(t api.OAuthToken) bool { return t.ID == id }) {
		return false
	}
	if s.visibleAmong([]int64{id}) == 0 {
		s.filter.Clear()
		s.clearFilters()
	}
	s.filterKeeping(id)
	return true
}
