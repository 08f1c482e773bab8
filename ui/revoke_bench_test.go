package ui

import (
	"context"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// revokingApp is an App at 80×24 on the Tokens tab with n tokens, every
// one marked, and a revoke dialog open over them. The revoke itself is
// not started: its progress is sent by hand.
func revokingApp(tb testing.TB, n int) (*App, *revokeDialog) {
	tb.Helper()
	sess := &Session{Profile: "default", Host: "acme.zendesk.com", Login: &LoginInfo{Scopes: "read write", Expiry: testNow.Add(10 * time.Hour)}}
	a := New(context.Background(), Options{Session: sess, Now: func() time.Time { return testNow },
		CopyNative: func(string) error { return nil }})
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	a.Update(switchTabMsg{tab: tabTokens})
	a.Update(clientsLoadedMsg{list: fakeClients()})
	tokens := fakeTokens(n)
	a.Update(tokensLoadedMsg{list: tokens})
	a.Update(press("a"))
	ids := make([]int64, len(tokens))
	for i, t := range tokens {
		ids[i] = t.ID
	}
	d := newRevokeDialog(a.c, ids, 0)
	a.Update(openDialogMsg{dialog: d}) // the revoke it starts is dropped
	return a, d
}

// BenchmarkRevokeFrame measures one frame of a bulk revoke as the root
// draws it: a progress message, then View, over the marked Tokens table
// at 80×24. The table behind the dialog does not change from frame to
// frame; the dialog's count and bar do.
func BenchmarkRevokeFrame(b *testing.B) {
	const n = 1060
	a, d := revokingApp(b, n)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		a.Update(revokeProgressMsg{reply: reply{d.ID()}, done: i % n, total: n})
		_ = a.View()
	}
}
