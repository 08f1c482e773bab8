package ui

// This file holds what the Audit tab's keys do with a finding: enter
// shows its subject, F runs its fix through a confirm.

import (
	"fmt"
	"maps"
	"slices"

	tea "charm.land/bubbletea/v2"

	"chatkeys/authflow/audit"
	"chatkeys/ui/format"
)

// jumpTo shows a finding's subject in its tab: a client's row on
// Clients, a token's on Tokens (chatkeys' login by its listed token, else
// the Login tab).
func jumpTo(f audit.Finding) tea.Cmd {
	sub := f.Subject
	switch {
	case sub.Type == audit.SubjectClient:
		return emit(jumpMsg{tab: tabClients, id: sub.ID})
	case sub.ID != 0:
		return emit(jumpMsg{tab: tabTokens, id: sub.ID})
	}
	return switchTab(tabLogin)
}

// fixWords is the fix as the screen offers it: on a read-only profile,
// where F and the keys it names do nothing, it says so instead.
func (s *auditScreen) fixWords(fix audit.Fix, sentence bool) string {
	switch {
	case s.c.keys.Audit.Fix.Enabled():
	case sentence:
		return "The profile is read-only: chatkeys fixes nothing here."
	default:
		return "read-only"
	}
	return fixWords(fix, sentence)
}

// fixWords words a fix as the TUI runs it: short for the list's column,
// or as a sentence for the chosen finding.
func fixWords(fix audit.Fix, sentence bool) string {
	w, ok := fixText[fix]
	if !ok {
		w = [2]string{"—", "Nothing to fix: it is for you to know."}
	}
	if sentence {
		return w[1]
	}
	return w[0]
}

// fixText is each fix's words: for the list's column, and as a sentence.
var fixText = map[audit.Fix][2]string{
	audit.FixRevokeExpired: {"F revokes expired", "F revokes every expired token, after a confirm."},
	audit.FixRevokeOrphans: {"F revokes orphans", "F revokes every token whose client is gone, after a confirm."},
	audit.FixRevokeToken:   {"F revokes it", "F revokes this token, after a confirm."},
	audit.FixEditClient:    {"F shows it, e edits", "F shows the client on Clients, where e edits it."},
	audit.FixDeleteClient:  {"F shows it, d deletes", "F shows the client on Clients, where d deletes it if nothing uses it."},
	audit.FixLogin:         {"F: log in again (3)", "F opens the Login tab (3): log in again, with a refresh token."},
	audit.FixMoveToKeyring: {"keep it in a keyring", "Log in again on a system with a keyring, so the login is not kept in plain text."},
}

// fix runs a finding's fix: the revokes through the confirm and the bulk
// revoke dialog; for the others, it shows where the fix is made.
func (s *auditScreen) fix(f audit.Finding) tea.Cmd {
	switch f.Fix {
	case audit.FixRevokeExpired, audit.FixRevokeOrphans:
		return s.confirmRevoke(audit.FixSet(s.findings, f.Fix), fixNoun(f.Fix))
	case audit.FixRevokeToken:
		return s.confirmRevoke([]int64{f.Subject.ID}, "")
	case audit.FixEditClient, audit.FixDeleteClient, audit.FixLogin:
		return tea.Batch(jumpTo(f), info(fixWords(f.Fix, true)))
	}
	return info(fixWords(f.Fix, true))
}

// fixNoun names the tokens of a set fix in its question.
func fixNoun(fix audit.Fix) string {
	if fix == audit.FixRevokeOrphans {
		return "orphaned "
	}
	return "expired "
}

// confirmRevoke asks before revoking ids, naming how many, what they are
// and their clients, with the warning when chatkeys' own token is one.
func (s *auditScreen) confirmRevoke(ids []int64, what string) tea.Cmd {
	if len(ids) == 0 {
		return nil
	}
	want := make(map[int64]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	names := make(map[string]string, len(s.clients))
	for _, cl := range s.clients {
		names[cl.ClientIdentifier] = cl.Name
	}
	clients := map[string]bool{}
	var own int64
	for _, t := range s.tokens {
		if !want[t.ID] {
			continue
		}
		name := names[t.ClientIdentifier]
		if name == "" {
			name = audit.UnknownClientName
		}
		clients[name] = true
		if s.c.sess.isOwnToken(t.AccessToken) {
			own = t.ID
		}
	}
	body := fmt.Sprintf("Revoke %d %stoken%s of %s? Apps using them stop working at once.", len(ids), what,
		format.Plural(len(ids)), format.FewOf(slices.Sorted(maps.Keys(clients)), questionClients))
	return confirmRevokeTokens(s.c, "Revoke tokens", body, ids, own)
}
