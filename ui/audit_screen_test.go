package ui

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"chatkeys/authflow/audit"
	"chatkeys/authflow/store"
)

// auditTab shows a's Audit tab and returns it, audited.
func auditTab(t *testing.T, a *App) *auditScreen {
	t.Helper()
	send(t, a, "4")
	s := a.screen().(*auditScreen)
	if s.audited == 0 || len(s.findings) == 0 {
		t.Fatal("the Audit tab has no findings of the simulated account")
	}
	return s
}

// moveTo presses down until the cursor is on the first finding that
// matches, and returns it.
func moveTo(t *testing.T, a *App, s *auditScreen, match func(audit.Finding) bool) audit.Finding {
	t.Helper()
	i := slices.IndexFunc(s.findings, match)
	if i < 0 {
		t.Fatal("no such finding")
	}
	send(t, a, "g")
	for range i {
		send(t, a, "down")
	}
	return s.findings[s.cursor]
}

func TestTheAuditTabGroupsTheFindingsHighThenWarnThenInfo(t *testing.T) {
	a, _ := newSimApp(t)
	s := auditTab(t, a)
	view := viewOf(a)
	high, warn, info := strings.Index(view, "HIGH · "), strings.Index(view, "WARN · "), strings.Index(view, "INFO · ")
	if high < 0 || warn < high || (info >= 0 && info < warn) {
		t.Fatalf("the headings are not high, warn, info in order:\n%s", view)
	}
	mustContain(t, view, "HIGH · "+strconv.Itoa(s.counts[audit.High]), "F revokes orphans", "the token's client no longer exists",
		s.subject(s.findings[0]))
	send(t, a, "G")
	last := s.findings[len(s.findings)-1]
	mustContain(t, viewOf(a), "INFO · ", "→ "+last.Explanation[:20])
}

func TestEnterOnAFindingShowsItsSubjectsRowInItsTab(t *testing.T) {
	a, _ := newSimApp(t)
	// A filter that hides the subject is cleared by the jump.
	keys(t, a, "2", "/", "z", "z", "z", "enter")
	s := auditTab(t, a)
	f := moveTo(t, a, s, func(f audit.Finding) bool {
		return f.Subject.Type == audit.SubjectToken && f.Kind == audit.KindTokenExpired
	})
	send(t, a, "enter")
	tokens := a.stacks[tabTokens][0].(*tokensScreen)
	if a.tab != tabTokens || tokens.selectedID() != f.Subject.ID {
		t.Fatalf("enter on token %d's finding → tab %v, cursor on token %d", f.Subject.ID, a.tab, tokens.selectedID())
	}
	send(t, a, "4")
	f = moveTo(t, a, s, func(f audit.Finding) bool { return f.Subject.Type == audit.SubjectClient })
	send(t, a, "enter")
	clients := a.stacks[tabClients][0].(*clientsScreen)
	if sel := clients.selected(); a.tab != tabClients || sel == nil || sel.ID != f.Subject.ID {
		t.Fatalf("enter on client %d's finding → tab %v, cursor on %+v", f.Subject.ID, a.tab, sel)
	}
}

func TestFOnAnExpiredTokenFindingRevokesEveryExpiredTokenAfterAConfirm(t *testing.T) {
	a, sim := newSimApp(t)
	s := auditTab(t, a)
	moveTo(t, a, s, func(f audit.Finding) bool { return f.Fix == audit.FixRevokeExpired })
	want := audit.FixSet(s.findings, audit.FixRevokeExpired)
	send(t, a, "F")
	c, ok := a.front().(*confirmDialog)
	if !ok || !strings.Contains(c.body, "Revoke "+strconv.Itoa(len(want))+" expired token") {
		t.Fatalf("F opened %T %+v, want the %d expired tokens", a.front(), c, len(want))
	}
	if sim.CountTokens(want) != len(want) {
		t.Fatal("F revoked before the confirm")
	}
	send(t, a, "y")
	send(t, a, "enter")
	if n := sim.CountTokens(want); n != 0 {
		t.Fatalf("%d expired tokens are still listed", n)
	}
	if slices.ContainsFunc(s.findings, func(f audit.Finding) bool { return f.Kind == audit.KindTokenExpired }) {
		t.Fatal("the Audit tab still lists expired tokens after the revoke")
	}
}

func TestFOnAnOrphanFindingAsksToRevokeTheOrphans(t *testing.T) {
	a, _ := newSimApp(t)
	s := auditTab(t, a)
	moveTo(t, a, s, func(f audit.Finding) bool { return f.Fix == audit.FixRevokeOrphans })
	send(t, a, "F")
	c, ok := a.front().(*confirmDialog)
	if !ok || !strings.Contains(c.body, "orphaned token") || !strings.Contains(c.body, audit.UnknownClientName) {
		t.Fatalf("F opened %T %+v", a.front(), c)
	}
	send(t, a, "n")
	send(t, a, "g")
	moveTo(t, a, s, func(f audit.Finding) bool { return f.Fix == audit.FixEditClient })
	send(t, a, "F")
	if a.tab != tabClients || !strings.Contains(a.status.text, "e edits it") {
		t.Fatalf("F on an edit fix → tab %v, status %q", a.tab, a.status.text)
	}
}

func TestRAuditsAgainAndARevokedSubjectIsGone(t *testing.T) {
	a, _ := newSimApp(t)
	s := auditTab(t, a)
	f := s.findings[slices.IndexFunc(s.findings, func(f audit.Finding) bool { return f.Subject.Type == audit.SubjectToken })]
	if err := a.c.sess.Client.OAuthTokens.Revoke(a.c.ctx, f.Subject.ID); err != nil {
		t.Fatal(err)
	}
	send(t, a, "r")
	if slices.ContainsFunc(s.findings, func(g audit.Finding) bool { return g.Subject.ID == f.Subject.ID && g.Kind == f.Kind }) {
		t.Fatalf("r kept the finding of token %d, revoked since", f.Subject.ID)
	}
}

func TestChatkeysOwnLoginKeptInPlainTextIsAFinding(t *testing.T) {
	sess, _ := simSession(t)
	sess.Login.Audit = func() *audit.OwnLogin {
		return &audit.OwnLogin{AccessToken: "x", Refreshable: true, Location: store.Location{Kind: store.KindFile, Path: "/home/a/credentials.json"}}
	}
	a := newSimAppWith(t, sess)
	s := auditTab(t, a)
	moveTo(t, a, s, func(f audit.Finding) bool { return f.Kind == audit.KindLoginPlainText })
	mustContain(t, viewOf(a), "chatkeys' login", "kept in plain text in /home/a/credentials.json")
}
