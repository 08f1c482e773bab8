package ui

import (
	"testing"
	"time"
)

func TestTheSummarySaysWhenTheRowsCameAndThatAReloadRuns(t *testing.T) {
	c := newTestCommon()
	now := testNow
	c.now = func() time.Time { return now }
	s := newTokensScreen(c)
	s.HandleMsg(tokensLoadedMsg{list: fakeTokens(5)})
	now = now.Add(2 * time.Minute)
	mustContain(t, viewAt(s, 100, 20), "5 tokens · updated 2m ago")
	s.HandleKey(press("r"))
	mustContain(t, viewAt(s, 100, 20), "reloading… · updated 2m ago")
	before := c.tokenLoads
	s.HandleKey(press("r"))
	if c.tokenLoads != before {
		t.Fatal("r started a second load while one runs")
	}
}

func TestAutoRefreshReloadsOnEachTickButNeverTwoAtOnceAndStopsWithR(t *testing.T) {
	c := newTestCommon()
	s := newClientsScreen(c)
	s.HandleMsg(clientsLoadedMsg{list: fakeClients()})
	if cmd := s.HandleKey(press("R")); cmd == nil || !c.auto.on {
		t.Fatal("R did not start the auto-refresh")
	}
	mustContain(t, viewAt(s, 100, 20), "auto-refresh 30s")
	tick := autoRefreshMsg{reply: reply{s.id}, gen: c.auto.gen}
	s.HandleMsg(tick)
	if c.tokenLoads != 1 || !s.loading {
		t.Fatalf("the tick started %d loads", c.tokenLoads)
	}
	if cmd := s.HandleMsg(tick); cmd == nil || c.tokenLoads != 1 {
		t.Fatalf("a tick during a load: %d loads, next tick set %v", c.tokenLoads, cmd != nil)
	}
	s.HandleMsg(clientsLoadedMsg{list: fakeClients()})
	s.HandleKey(press("R"))
	if cmd := s.HandleMsg(tick); cmd != nil || c.tokenLoads != 1 {
		t.Fatal("a tick after R turned it off reloaded")
	}
	mustLack(t, viewAt(s, 100, 20), "auto-refresh")
}
