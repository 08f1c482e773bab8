package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"golang.org/x/oauth2"

	"chatkeys/api"
	"chatkeys/authflow/config"
)

// quits reports whether msgs hold the program's quit.
func quits(msgs []tea.Msg) bool {
	_, ok := findMsg[tea.QuitMsg](msgs)
	return ok
}

// openSecret puts a copy-once modal holding value in front of a.
func openSecret(t testing.TB, a *App, value string) *secretModal {
	t.Helper()
	m := newSecretModal(a.c, "New secret", "", value)
	pump(t, a, showSecret(m, "the secret"))
	return m
}

func TestQuittingWithASecretNeitherCopiedNorSavedAsksFirst(t *testing.T) {
	a, _ := newSimApp(t)
	m := openSecret(t, a, "brand-new-secret-value")
	if msgs := send(t, a, "ctrl+c"); quits(msgs) {
		t.Fatal("ctrl+c quit at once with the secret unseen")
	}
	mustContain(t, viewOf(a), "Quit without copying or saving it?", "brand-new-secret-value")
	send(t, a, "n")
	if a.front() != m || m.askingToClose {
		t.Fatal("n did not go back to the secret")
	}
	send(t, a, "ctrl+c")
	if msgs := send(t, a, "y"); !quits(msgs) || m.value != "" {
		t.Fatalf("y did not quit, or kept the value")
	}
}

func TestASecondCtrlCQuitsAndACopiedSecretQuitsAtOnce(t *testing.T) {
	a, _ := newSimApp(t)
	openSecret(t, a, "brand-new-secret-value")
	send(t, a, "ctrl+c")
	if !quits(send(t, a, "ctrl+c")) {
		t.Fatal("a second ctrl+c did not quit")
	}
	a, _ = newSimApp(t)
	openSecret(t, a, "brand-new-secret-value")
	send(t, a, "c")
	if !quits(send(t, a, "ctrl+c")) {
		t.Fatal("ctrl+c after copying did not quit")
	}
}

func TestQuittingBeforeTheRefreshTokenIsShownAsksFirst(t *testing.T) {
	a, _ := newSimApp(t)
	tok := &oauth2.Token{AccessToken: "fresh-access-token", RefreshToken: "fresh-refresh-token"}
	pump(t, a, showSecret(tokenModal(a.c, tok, LoginRequest{Grant: config.GrantCode}), "the access token"))
	send(t, a, "c")
	if quits(send(t, a, "ctrl+c")) {
		t.Fatal("quit with the refresh token still to be shown")
	}
	mustContain(t, viewOf(a), "refresh token that comes next has not been shown")
}

func TestWhileTheTerminalIsTooSmallNoKeyButQuitActs(t *testing.T) {
	a, sim := newSimApp(t)
	before := sim.DemoClient().ClientSecret
	a.Update(tea.WindowSizeMsg{Width: 50, Height: 12})
	mustContain(t, viewOf(a), "needs at least 60×16")
	for _, k := range []string{"s", "y", "enter", "d", "y", "2", "x", "y", "/", "esc"} {
		if msgs := send(t, a, k); len(msgs) != 0 {
			t.Fatalf("%q did something unseen: %v", k, msgs)
		}
	}
	if a.front() != nil || a.tab != tabClients || sim.DemoClient().ClientSecret != before || len(a.stacks[tabClients]) != 1 {
		t.Fatal("a key acted while the terminal was too small")
	}
	if !quits(send(t, a, "q")) {
		t.Fatal("q did not quit")
	}
}

func TestWhileTooSmallAPendingSecretIsNamedAndCtrlCTwiceQuits(t *testing.T) {
	a, _ := newSimApp(t)
	openSecret(t, a, "brand-new-secret-value")
	a.Update(tea.WindowSizeMsg{Width: 50, Height: 12})
	if quits(send(t, a, "ctrl+c")) {
		t.Fatal("quit at once")
	}
	mustContain(t, viewOf(a), "needs your answer")
	if len(send(t, a, "y")) != 0 || a.front() == nil {
		t.Fatal("y answered a question the user cannot see")
	}
	if !quits(send(t, a, "ctrl+c")) {
		t.Fatal("the second ctrl+c did not quit")
	}
}

func TestAPasteNeverConfirmsADialogNorRunsAScreensKeys(t *testing.T) {
	a, sim := newSimApp(t)
	before := len(sim.Tokens())
	keys(t, a, "2", "x")
	if _, ok := a.front().(*confirmDialog); !ok {
		t.Fatal("x opened no confirm")
	}
	for _, text := range []string{"y", "y\n", "\r", "enter"} {
		_, cmd := a.Update(tea.PasteMsg{Content: text})
		pump(t, a, cmd)
	}
	if _, ok := a.front().(*confirmDialog); !ok || len(sim.Tokens()) != before {
		t.Fatal("a paste answered the confirm")
	}
	send(t, a, "n")
	for _, text := range []string{"x", "c", " ", "a", "x\ny"} {
		_, cmd := a.Update(tea.PasteMsg{Content: text})
		pump(t, a, cmd)
	}
	tokens := a.screen().(*tokensScreen)
	if a.front() != nil || len(tokens.marked) != 0 || len(sim.Tokens()) != before {
		t.Fatal("a paste ran a key of the Tokens screen")
	}
	send(t, a, "/")
	_, cmd := a.Update(tea.PasteMsg{Content: "legacy"})
	pump(t, a, cmd)
	if tokens.filter.Value() != "legacy" {
		t.Fatalf("the focused filter did not get the paste: %q", tokens.filter.Value())
	}
}

func TestARateLimitPauseShowsACountdownInTheStatusLineAndTheRevokeDialog(t *testing.T) {
	waits := make(chan api.RateWait, 1)
	sess, _ := simSession(t)
	a := New(context.Background(), Options{Session: sess, Now: func() time.Time { return testNow }, RateWaits: waits})
	a.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	waits <- api.RateWait{Until: testNow.Add(57 * time.Second), Wait: 57 * time.Second}
	msg, ok := findMsg[rateWaitMsg](collect(t, a.Init()))
	if !ok {
		t.Fatal("the root does not listen for rate-limit pauses")
	}
	_, cmd := a.Update(msg)
	if cmd == nil || !a.rateTicking {
		t.Fatal("no countdown tick started")
	}
	mustContain(t, viewOf(a), "rate limit: retrying in 57s")
	d := newRevokeDialog(a.c, []int64{1}, 0)
	a.dialogs = append(a.dialogs, d)
	mustContain(t, drawAt(d, 76, 30), "retrying in 57s", "esc stops")
}

func TestTheLongestOfRateLimitPausesThatArriveOutOfOrderIsShown(t *testing.T) {
	sess, _ := simSession(t)
	a := New(context.Background(), Options{Session: sess, Now: func() time.Time { return testNow }})
	a.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	a.Update(rateWaitMsg{api.RateWait{Until: testNow.Add(90 * time.Second), Paused: true}})
	a.Update(rateWaitMsg{api.RateWait{Until: testNow.Add(5 * time.Second)}})
	if left := a.c.rate.left(testNow); left != 90*time.Second || !a.c.rate.paused {
		t.Fatalf("%v left, paused %v: a shorter wait arriving late replaced the longer pause", left, a.c.rate.paused)
	}
	mustContain(t, viewOf(a), "work paused for")
}

func TestQuittingDuringARevokeStopsItFirstSoTheSummaryIsTrue(t *testing.T) {
	sess, _, ids := slowSimWithTokens(t, 30)
	a := New(context.Background(), Options{Session: sess, Now: func() time.Time { return testNow }})
	a.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	d := newRevokeDialog(a.c, ids, 0)
	a.dialogs = append(a.dialogs, d)
	if _, cmd := a.Update(press("ctrl+c")); cmd != nil || !d.stopping {
		t.Fatal("ctrl+c during a revoke quit at once instead of stopping the work first")
	}
	mustContain(t, viewOf(a), "Stopping before quitting")
	if _, cmd := a.Update(press("ctrl+c")); !quits(collect(t, cmd)) {
		t.Fatal("a second ctrl+c did not quit")
	}
}

func TestEscStopsARunningRevokeAndTheSummarySaysWhatHappenedToEachToken(t *testing.T) {
	sess, sim, ids := slowSimWithTokens(t, 30)
	c := newTestCommon()
	c.sess = sess
	d := newRevokeDialog(c, ids, 0)
	msg := d.Init()()
	act := d.HandleMsg(msg) // the first token is done
	if d.HandleMsg(press("esc")); !d.stopping {
		t.Fatal("esc did not stop the revoke")
	}
	mustContain(t, drawAt(d, 76, 30), "Stopping")
	followRevoke(t, d, act)
	revoked, failed, notTried := api.Tally(d.results)
	if len(failed) != 0 || len(revoked) == 0 || len(notTried) == 0 || len(revoked)+len(notTried) != len(ids) {
		t.Fatalf("revoked %d, failed %d, not tried %d of %d", len(revoked), len(failed), len(notTried), len(ids))
	}
	if gone := len(ids) - sim.CountTokens(ids); gone != len(revoked) {
		t.Fatalf("the server revoked %d, the dialog says %d", gone, len(revoked))
	}
	mustContain(t, drawAt(d, 76, 40), fmt.Sprintf("Revoked %d.", len(revoked)), fmt.Sprintf("%d not tried", len(notTried)))
	if err := d.failure(); err == nil || !strings.Contains(err.Error(), "not tried stay marked") {
		t.Fatalf("status error %v", err)
	}
}

// drive presses keys on the Login screen, feeding it what they start.
func drive(t testing.TB, s *loginScreen, ks ...string) {
	t.Helper()
	for _, k := range ks {
		feed(t, s, s.HandleKey(press(k)), 0)
	}
}

func feed(t testing.TB, s *loginScreen, cmd tea.Cmd, depth int) {
	t.Helper()
	if depth > 8 {
		return
	}
	for _, m := range collect(t, cmd) {
		feed(t, s, s.HandleMsg(m), depth+1)
	}
}

func TestChoosingAnotherClientClearsATypedSecret(t *testing.T) {
	s, b := newTestLogin(t)
	drive(t, s, "enter", "enter", "enter", "enter") // grant, scopes, client, destination: the secret
	if s.form.huh.GetFocusedField().GetKey() != "secret" {
		t.Fatalf("on %q, want the secret", s.form.huh.GetFocusedField().GetKey())
	}
	typeText("typed-for-client-1", func(k tea.KeyPressMsg) { s.HandleKey(k) })
	drive(t, s, "shift+tab", "shift+tab", "down") // back to the client; pick the next one
	if s.v.chosenClient() == "client-1" || s.v.secret != "" {
		t.Fatalf("client %q, secret %q: want another client and no secret", s.v.chosenClient(), s.v.secret)
	}
	drive(t, s, "enter", "enter")
	if f := s.form.huh.GetFocusedField(); f.GetKey() != "secret" || f.GetValue() != "" {
		t.Fatalf("the secret field shows %q", f.GetValue())
	}
	if req := s.v.request(s.defaults); req.ClientSecret != "" {
		t.Fatal("client-1's secret would be sent for another client")
	}
	_ = b
}

func TestASecretTypedForOneClientIsNeverSentForAnother(t *testing.T) {
	s, _ := newTestLogin(t)
	s.v.secret, s.v.secretFor = "typed-for-client-1", "client-1"
	s.v.clientChoice = "client-2" // changed without the form seeing it
	if req := s.v.request(s.defaults); req.ClientSecret != "" {
		t.Fatalf("sent %q for client-2", req.ClientSecret)
	}
}

func TestAFailedLoginReturnsToThePageItWasSubmittedFromWithWhatWasTyped(t *testing.T) {
	s, b := newTestLogin(t)
	b.startErr = errors.New("port 8080 is in use")
	drive(t, s, "enter", "enter", "enter", "enter")
	typeText("typed-secret", func(k tea.KeyPressMsg) { s.HandleKey(k) })
	drive(t, s, "enter") // submits the form; the start fails
	if len(b.started) != 1 {
		t.Fatalf("%d starts", len(b.started))
	}
	if s.state != loginForm {
		t.Fatalf("state %v", s.state)
	}
	f := s.form.huh.GetFocusedField()
	if f.GetKey() != "secret" || f.GetValue() != "typed-secret" {
		t.Fatalf("after the error the form shows %q = %q, want the secret page as typed", f.GetKey(), f.GetValue())
	}
}

func TestSizesAreSetInUpdateSoAKeyBeforeTheFirstFrameMovesAsAfterIt(t *testing.T) {
	a, _ := newSimApp(t) // sized by a WindowSizeMsg; no frame drawn yet
	keys(t, a, "2", "pgdown")
	tokens := a.screen().(*tokensScreen)
	before := tokens.table.Cursor()
	_ = a.View()
	keys(t, a, "g", "pgdown")
	if after := tokens.table.Cursor(); before != after || before != tokens.table.visibleRows() {
		t.Fatalf("page down moved %d rows before the first frame and %d after; the table shows %d", before, after, tokens.table.visibleRows())
	}
	frame := strings.Split(plain(a.View().Content), "\n")
	if len(frame) != 30 {
		t.Fatalf("%d lines", len(frame))
	}
}

func TestARevokeHoldingChatkeysOwnTokenSendsItLastSoEveryOtherTokenIsRevoked(t *testing.T) {
	sess, sim := simSession(t)
	var own int64
	var rest []int64
	for _, tok := range sim.Tokens() {
		switch {
		case sess.isOwnToken(tok.AccessToken):
			own = tok.ID
		default:
			rest = append(rest, tok.ID)
		}
	}
	if own == 0 || len(rest) < 2*api.DefaultRevokeConcurrency {
		t.Fatalf("own token %d and %d others: the simulated account changed", own, len(rest))
	}
	ids := append([]int64{own}, rest...) // first, where a revoke in order sends it first
	c := newTestCommon()
	c.sess = sess
	d := newRevokeDialog(c, ids, own)
	act := d.HandleMsg(d.Init()())
	followRevoke(t, d, act)
	revoked, failed, notTried := api.Tally(d.results)
	if len(revoked) != len(ids) || len(failed)+len(notTried) != 0 {
		t.Fatalf("revoked %d of %d, failed %d, not tried %d", len(revoked), len(ids), len(failed), len(notTried))
	}
	if last := d.results[len(d.results)-1].ID; last != own {
		t.Errorf("the last token revoked is %d, not chatkeys' own %d", last, own)
	}
	if left := sim.CountTokens(ids); left != 0 {
		t.Errorf("the server still lists %d of them", left)
	}
}

func TestRevokingEveryTokenFromTheTokensTabRevokesThemAllChatkeysOwnLastAndTheHeaderSaysTheLoginIsGone(t *testing.T) {
	a, sim := newSimApp(t)
	var ids []int64
	for _, tok := range sim.Tokens() {
		ids = append(ids, tok.ID)
	}
	header := func() string { return strings.SplitN(plain(a.View().Content), "\n", 2)[0] }
	if h := header(); !strings.Contains(h, "logged in") || strings.Contains(h, "revoked") {
		t.Fatalf("before the revoke the header reads %q", h)
	}
	for _, k := range []string{"2", "a", "x", "y"} {
		send(t, a, k)
	}
	if h := header(); !strings.Contains(h, "token revoked") || strings.Contains(h, "logged in") {
		t.Errorf("after chatkeys' own token was revoked the header reads %q", h)
	}
	d, ok := a.front().(*revokeDialog)
	if !ok || d.results == nil {
		t.Fatalf("front dialog %T, want a finished revoke", a.front())
	}
	if d.ownID == 0 || d.results[len(d.results)-1].ID != d.ownID {
		t.Errorf("chatkeys' own token (%d) is not the last revoked", d.ownID)
	}
	if left := sim.CountTokens(ids); left != 0 {
		t.Errorf("the server still lists %d of the %d tokens", left, len(ids))
	}
}

// followRevoke runs the revoke dialog's commands from act on until the
// revoke reports its end (10 s at most).
func followRevoke(t *testing.T, d *revokeDialog, act Action) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); d.results == nil && time.Now().Before(deadline); {
		run, ok := act.(actionRun)
		if !ok {
			t.Fatalf("the revoke stopped reporting: %T", act)
		}
		act = d.HandleMsg(run.cmd())
	}
}
