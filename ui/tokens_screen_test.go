package ui

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"chatkeys/api"
)

func loadedTokensScreen(t *testing.T, n int) *tokensScreen {
	t.Helper()
	s := newTokensScreen(newTestCommon())
	s.HandleMsg(clientsLoadedMsg{list: fakeClients()})
	s.HandleMsg(tokensLoadedMsg{list: fakeTokens(n)})
	return s
}

// typeFilter opens the filter and types text into it.
func typeFilter(s *tokensScreen, text string) {
	s.HandleKey(press("/"))
	typeText(text, func(k tea.KeyPressMsg) { s.HandleKey(k) })
}

func TestTokensScreenShowsEveryColumnWithPrefixesAndRelativeDates(t *testing.T) {
	s := loadedTokensScreen(t, 30)
	view := viewAt(s, 120, 20)
	mustContain(t, view, "✓", "ID", "Client", "Agent", "Scopes", "Created", "Expires", "Refresh", "Token",
		"Reporting", "expired 2d ago", "in 5h", "tok000…", "1/30 tokens")
	if strings.Contains(plain(view), fakeTokens(1)[0].AccessToken) {
		t.Fatal("a whole token is on screen")
	}
}

func TestTokensScreenDrawsOnlyTheRowsThatFit(t *testing.T) {
	s := loadedTokensScreen(t, 1000)
	view := plain(viewAt(s, 100, 12))
	if n := strings.Count(view, "\n") + 1; n > 12 {
		t.Fatalf("view is %d lines, want at most 12", n)
	}
	if strings.Contains(view, "tok000000000000000000000000000000000000000000000000000000000500") {
		t.Fatal("an off-screen row was drawn")
	}
}

func TestTokensFilterNarrowsAsYouTypeAndEscClearsIt(t *testing.T) {
	s := loadedTokensScreen(t, 30)
	s.HandleKey(press("/"))
	if !s.Capturing() {
		t.Fatal("/ did not focus the filter")
	}
	typeText("chat bot", func(k tea.KeyPressMsg) { s.HandleKey(k) })
	if len(s.visible) != 10 {
		t.Fatalf("%d rows match 'chat bot', want the 10 of client-1", len(s.visible))
	}
	for _, i := range s.visible {
		if s.all[i].ClientIdentifier != "client-1" {
			t.Fatalf("row of %s matched", s.all[i].ClientIdentifier)
		}
	}
	s.HandleKey(press("enter"))
	if s.Capturing() || len(s.visible) != 10 {
		t.Fatal("enter should keep the filter and give the keys back")
	}
	s.HandleKey(press("esc"))
	if len(s.visible) != 30 {
		t.Fatalf("esc left %d rows, want all 30", len(s.visible))
	}
}

func TestTokensFilterMatchesAgentScopesAndID(t *testing.T) {
	s := loadedTokensScreen(t, 30)
	typeFilter(s, "100000203 write")
	for _, i := range s.visible {
		tok := s.all[i]
		if tok.AgentID != 100000203 || !strings.Contains(tok.Scopes, "write") {
			t.Fatalf("token %+v matched", tok)
		}
	}
	if len(s.visible) == 0 {
		t.Fatal("nothing matched agent and scope")
	}
}

func TestSpaceMarksAndAMarksEveryVisibleRow(t *testing.T) {
	s := loadedTokensScreen(t, 30)
	s.HandleKey(press("space"))
	if !s.marked[1] || s.table.Cursor() != 1 {
		t.Fatalf("space marked %v and left the cursor at %d", s.marked, s.table.Cursor())
	}
	s.HandleKey(press("space"))
	s.HandleKey(press("up"))
	s.HandleKey(press("space"))
	if len(s.marked) != 1 || s.marked[2] {
		t.Fatalf("marks after unmarking = %v", s.marked)
	}
	typeFilter(s, "zapier")
	s.HandleKey(press("enter"))
	s.HandleKey(press("a"))
	if len(s.marked) != 11 {
		t.Fatalf("a marked %d, want the 10 visible plus the earlier one", len(s.marked))
	}
	s.HandleKey(press("a"))
	if len(s.marked) != 1 {
		t.Fatalf("a again left %d marked, want 1", len(s.marked))
	}
}

func TestRevokeAsksFirstNamingTheCountAndClients(t *testing.T) {
	s := loadedTokensScreen(t, 30)
	s.HandleKey(press("space"))
	s.HandleKey(press("space"))
	msgs := collect(t, s.HandleKey(press("x")))
	open, ok := findMsg[openDialogMsg](msgs)
	if !ok {
		t.Fatal("x opened no dialog")
	}
	d := open.dialog.(*confirmDialog)
	if !strings.Contains(d.body, "Revoke 2 tokens of Chat bot, Reporting") || d.warning != "" {
		t.Fatalf("body %q warning %q", d.body, d.warning)
	}
}

func TestRevokeWarnsWhenChatkeysOwnTokenIsAmongThem(t *testing.T) {
	s := loadedTokensScreen(t, 30)
	own := s.all[0].AccessToken
	s.c.sess.Login.IsOwn = func(tok string) bool { return tok == own }
	open, _ := findMsg[openDialogMsg](collect(t, s.HandleKey(press("x"))))
	d := open.dialog.(*confirmDialog)
	if !strings.Contains(d.warning, "chatkeys itself is logged in with") {
		t.Fatalf("warning = %q", d.warning)
	}
	mustContain(t, drawAt(d, 70, 20), "⚠ One of these is the token chatkeys")
}

func TestRevokePartialFailureKeepsTheFailedRowsMarked(t *testing.T) {
	s := loadedTokensScreen(t, 30)
	for range 3 {
		s.HandleKey(press("space"))
	}
	s.HandleMsg(tokensRevokedMsg{results: []api.RevokeResult{
		{ID: 1}, {ID: 2, Err: errors.New("HTTP 500")}, {ID: 3},
	}})
	if len(s.all) != 28 {
		t.Fatalf("%d tokens left, want 28", len(s.all))
	}
	if !s.marked[2] || len(s.marked) != 1 {
		t.Fatalf("marks = %v, want only the failed token 2", s.marked)
	}
	for _, tok := range s.all {
		if tok.ID == 1 || tok.ID == 3 {
			t.Fatalf("revoked token %d still listed", tok.ID)
		}
	}
}

func TestCopyTokenAsksFirstNamingTheAgent(t *testing.T) {
	s := loadedTokensScreen(t, 30)
	open, ok := findMsg[openDialogMsg](collect(t, s.HandleKey(press("c"))))
	if !ok {
		t.Fatal("c opened no confirm")
	}
	d := open.dialog.(*confirmDialog)
	if !strings.Contains(d.body, "agent 100000200") {
		t.Fatalf("body %q does not name the agent", d.body)
	}
	if act := d.HandleMsg(press("enter")); act.(actionClose).then != nil {
		t.Fatal("enter on the default button copied")
	}
}

func TestEnterOpensTheTokenDetailWithAbsoluteDates(t *testing.T) {
	s := loadedTokensScreen(t, 30)
	push, ok := findMsg[pushScreenMsg](collect(t, s.HandleKey(press("enter"))))
	if !ok {
		t.Fatal("enter pushed no screen")
	}
	mustContain(t, viewAt(push.screen, 100, 20), "Token 1", "UTC", "Reporting (client-0)", "expired")
}

func TestShowClientTokensFiltersToThatClient(t *testing.T) {
	s := loadedTokensScreen(t, 30)
	s.HandleMsg(showClientTokensMsg{clientIdentifier: "client-2"})
	if len(s.visible) != 10 {
		t.Fatalf("%d visible, want client-2's 10", len(s.visible))
	}
	mustContain(t, viewAt(s, 100, 20), "client: Zapier")
	s.HandleKey(press("esc"))
	if len(s.visible) != 30 {
		t.Fatal("esc did not clear the client filter")
	}
}

func TestExpiredRowsAreDimAndNearExpiryRowsWarn(t *testing.T) {
	s := loadedTokensScreen(t, 30)
	st := s.c.styles.Table
	if s.rowStyle(0).GetFaint() != st.Dim.GetFaint() || !s.rowStyle(0).GetFaint() {
		t.Error("expired token 1 is not dim")
	}
	if s.rowStyle(7).GetForeground() != st.Warning.GetForeground() {
		t.Error("token expiring in 5h is not in the warning colour")
	}
	if s.rowStyle(1).GetForeground() != st.Cell.GetForeground() {
		t.Error("an ordinary token is not plain")
	}
}

func TestAShorterListKeepsTheCursorOnItsTokenWithoutCrashing(t *testing.T) {
	s := loadedTokensScreen(t, 30)
	s.HandleKey(press("G"))
	s.HandleMsg(tokensRevokedMsg{results: []api.RevokeResult{{ID: 30}}})
	if len(s.all) != 29 || s.selected() == nil || s.selected().ID != 29 {
		t.Fatalf("after revoking the last row: %d tokens, selected %v", len(s.all), s.selected())
	}
	s.table.SetCursor(5)
	want := s.selected().ID
	s.HandleMsg(tokensLoadedMsg{list: fakeTokens(30)[2:]})
	if s.selected() == nil || s.selected().ID != want {
		t.Fatalf("a reload moved the cursor off token %d", want)
	}
}

// Without colour the rows' styles are gone; the Expires cell still says
// which tokens are expired and which expire within a day.
func TestWithoutColourExpiredAndSoonExpiringTokensSaySoInTheExpiresCell(t *testing.T) {
	s := loadedTokensScreen(t, 30)
	view := plain(viewAt(s, 120, 40))
	for _, tok := range s.all {
		var line string
		for l := range strings.SplitSeq(view, "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), strconv.FormatInt(tok.ID, 10)+" ") {
				line = l
			}
		}
		soon := !tok.Expired(testNow) && tok.ExpireDate.Sub(testNow) < nearExpiry
		if got := strings.Contains(line, "expired"); got != tok.Expired(testNow) {
			t.Errorf("token %d: row %q says expired %v", tok.ID, line, got)
		}
		if got := strings.Contains(line, "soon"); got != soon {
			t.Errorf("token %d: row %q says soon %v, want %v", tok.ID, line, got, soon)
		}
	}
}
