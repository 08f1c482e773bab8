package ui

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"chatkeys/api"
	"chatkeys/authflow/history"
)

// historyEntries are three actions of two profiles, oldest first.
func historyEntries() []history.Entry {
	at := func(h int) time.Time { return testNow.Add(-time.Duration(h) * time.Hour) }
	return []history.Entry{
		{Time: at(30), Profile: "default", Subdomain: "acme", AgentID: 100000200, Action: api.ActionLogin},
		{Time: at(5), Profile: "default", Subdomain: "acme", AgentID: 100000200, Action: api.ActionClientRotateSecret,
			Targets: []history.Target{{ClientID: 2, ClientIdentifier: "client-1", Result: api.ResultConfirmed}}},
		{Time: at(1), Profile: "staging", Host: "chatsim 127.0.0.1:1", Action: api.ActionTokenRevoke,
			Targets: []history.Target{{TokenID: 1003, Result: api.ResultConfirmed}, {TokenID: 1004, Result: api.ResultNotConfirmed, Status: 404},
				{TokenID: 1005, Result: api.ResultFailed, Status: 500}}},
	}
}

// historyApp is newTestApp reading entries as its history.
func historyApp(t *testing.T, entries []history.Entry, err error) *App {
	t.Helper()
	a := New(context.Background(), Options{Session: newTestCommon().sess, Now: func() time.Time { return testNow },
		CopyNative: func(string) error { return nil }, HistoryPath: "/home/a/.local/state/chatkeys/history.jsonl",
		History: func(history.Filter) (history.Log, error) { return history.Log{Entries: entries, Skipped: 1}, err }})
	a.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	a.Update(clientsLoadedMsg{list: fakeClients()})
	a.Update(tokensLoadedMsg{list: fakeTokens(30)})
	return a
}

func TestHOpensTheHistoryFromEveryTabNewestLastAndEscGoesBack(t *testing.T) {
	a := historyApp(t, historyEntries(), nil)
	for _, tab := range []string{"1", "2", "3", "4"} {
		send(t, a, tab)
		before := a.screen()
		send(t, a, "H")
		s, ok := a.screen().(*historyScreen)
		if !ok {
			t.Fatalf("H on tab %s shows %T", tab, a.screen())
		}
		if len(s.rows) != 5 || s.table.Cursor() != 4 {
			t.Fatalf("%d rows, cursor on %d; want 5, the cursor on the newest", len(s.rows), s.table.Cursor())
		}
		send(t, a, "H") // not a second view
		send(t, a, "esc")
		if a.screen() != before {
			t.Fatalf("esc from the history on tab %s shows %T", tab, a.screen())
		}
	}
}

func TestTheHistoryViewHasTheColumnsOfChatkeysHistory(t *testing.T) {
	a := historyApp(t, historyEntries(), nil)
	a.Update(tea.WindowSizeMsg{Width: 140, Height: 30})
	send(t, a, "H")
	view := viewOf(a)
	mustContain(t, view, "Time", "Profile", "Account", "Agent", "Action", "Target", "Result",
		"2026-11-21 06:00:00", "login", "client.rotate_secret", "client 2 (client-1)",
		"token 1003", "confirmed", "not confirmed (HTTP 404)", "failed (HTTP 500)", "chatsim 127.0.0.1", "100000200",
		"5/5 rows · newest last", "history.jsonl", "1 line skipped")
	lines := strings.Split(view, "\n")
	row := func(text string) int {
		for i, l := range lines {
			if strings.Contains(l, text) {
				return i
			}
		}
		t.Fatalf("no row holds %q", text)
		return 0
	}
	if !(row(" login ") < row("rotate_secret") && row("rotate_secret") < row("token 1003") && row("token 1003") < row("token 1005")) {
		t.Fatalf("the rows are not oldest first, newest last:\n%s", view)
	}
}

func TestTheHistoryViewSaysWhenThereIsNoHistoryOrItCannotBeRead(t *testing.T) {
	a := New(context.Background(), Options{Session: newTestCommon().sess, Now: func() time.Time { return testNow }})
	a.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	send(t, a, "H")
	mustContain(t, viewOf(a), "No history: chatkeys keeps it in $XDG_STATE_HOME/chatkeys")
	a = historyApp(t, nil, errors.New("history.jsonl is a symbolic link"))
	send(t, a, "H")
	mustContain(t, viewOf(a), "Could not read the history. Press r to try again.", "read the history: history.jsonl is a symbolic link")
	a = historyApp(t, nil, nil)
	send(t, a, "H")
	mustContain(t, viewOf(a), "No admin action recorded yet.")
}

// A revoke made in the TUI is recorded by the API client; the view reads
// it back from the file.
func TestTheHistoryViewShowsARevokeMadeInTheTUI(t *testing.T) {
	path := filepath.Join(t.TempDir(), history.FileName)
	rec := history.New(history.Options{Path: path, Now: func() time.Time { return testNow }})
	sess, sim := simSession(t, api.WithRecorder(rec.For(func() history.Actor { return history.Actor{Profile: "demo", Host: "chatsim"} })))
	a := New(context.Background(), Options{Session: sess, Now: func() time.Time { return testNow },
		CopyNative: func(string) error { return nil }, History: rec.Read, HistoryPath: rec.Path()})
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
	pump(t, a, a.Init())
	first := sim.Tokens()[0]
	keys(t, a, "2", "x", "y", "enter", "H")
	mustContain(t, viewOf(a), "token "+strconv.FormatInt(first.ID, 10), "token.revoke", "confirmed", "1/1 rows")
	second := sim.Tokens()[0]
	if err := sess.Client.OAuthTokens.Revoke(context.Background(), second.ID); err != nil {
		t.Fatal(err)
	}
	mustContain(t, viewOf(a), "1/1 rows") // the view has not read the file again
	send(t, a, "r")                       // r in the view reads again
	mustContain(t, viewOf(a), "token "+strconv.FormatInt(second.ID, 10), "2/2 rows")
}

func TestHistoryTextIsDrawnInert(t *testing.T) {
	evil := "\x1b]0;pwned\x07\x1b[2J\u202e"
	entries := []history.Entry{{Time: testNow, Profile: evil, Host: evil, Action: "token.revoke" + evil,
		Targets: []history.Target{{ClientIdentifier: evil, ClientID: 9, Result: evil}}}}
	a := historyApp(t, entries, nil)
	for _, size := range [][2]int{{80, 24}, {200, 50}} {
		a.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		send(t, a, "H")
		mustDrawInert(t, "history", a, size[0], size[1])
		send(t, a, "esc")
	}
}
