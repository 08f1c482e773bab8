package ui

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"chatkeys/api"
	"chatkeys/authflow/config"
)

// savedSort is one call of a session's SaveSort.
type savedSort struct {
	table string
	sort  config.TableSort
}

// recordSaves makes c's session save into the returned list, failing
// with fail's error while it returns one.
func recordSaves(c *common, fail func() error) *[]savedSort {
	var mu sync.Mutex
	saves := &[]savedSort{}
	c.sess.SaveSort = func(table string, s config.TableSort) error {
		mu.Lock()
		defer mu.Unlock()
		if fail != nil {
			if err := fail(); err != nil {
				return err
			}
		}
		*saves = append(*saves, savedSort{table, s})
		return nil
	}
	return saves
}

func TestOAndOSaveTheSortedColumnsTitleAndDirectionAndTheLastColumnSavesNoSort(t *testing.T) {
	c := newTestCommon()
	saves := recordSaves(c, nil)
	s := newTokensScreen(c)
	s.HandleMsg(tokensLoadedMsg{list: fakeTokens(10)})
	for _, k := range []string{"o", "o", "O"} {
		collect(t, s.HandleKey(press(k)))
	}
	want := []savedSort{{"tokens", config.TableSort{Column: "ID"}}, {"tokens", config.TableSort{Column: "Client"}},
		{"tokens", config.TableSort{Column: "Client", Desc: true}}}
	if !slices.Equal(*saves, want) {
		t.Fatalf("saved %v, want %v", *saves, want)
	}
	for range 7 { // Agent … Token, then the rows' own order
		collect(t, s.HandleKey(press("o")))
	}
	if last := (*saves)[len(*saves)-1]; last != (savedSort{"tokens", config.TableSort{}}) {
		t.Fatalf("back to the rows' own order saved %v, want no sort", last)
	}
	cl := newClientsScreen(c)
	cl.HandleMsg(clientsLoadedMsg{list: fakeClients()})
	collect(t, cl.HandleKey(press("O")))
	if last := (*saves)[len(*saves)-1]; last != (savedSort{"clients", config.TableSort{Column: "ID", Desc: true}}) {
		t.Fatalf("O on Clients saved %v", last)
	}
}

func TestASortSaveThatRunsAfterALaterOneLeavesTheLaterOne(t *testing.T) {
	c := newTestCommon()
	saves := recordSaves(c, nil)
	s := newClientsScreen(c)
	s.HandleMsg(clientsLoadedMsg{list: fakeClients()})
	first, second := s.HandleKey(press("o")), s.HandleKey(press("o"))
	collect(t, second)
	collect(t, first)
	if want := []savedSort{{"clients", config.TableSort{Column: "Name"}}}; !slices.Equal(*saves, want) {
		t.Fatalf("saved %v, want only the later choice %v", *saves, want)
	}
}

func TestAFailingSortSaveSaysSoOnceAndAgainOnlyAfterASaveWorked(t *testing.T) {
	c := newTestCommon()
	var failing error = errors.New("write table_sorts: read-only file system")
	recordSaves(c, func() error { return failing })
	s := newClientsScreen(c)
	s.HandleMsg(clientsLoadedMsg{list: fakeClients()})
	said := func() bool {
		m, ok := findMsg[statusMsg](collect(t, s.HandleKey(press("o"))))
		return ok && m.err == failing
	}
	if !said() {
		t.Fatal("the first failing save said nothing")
	}
	if said() || said() {
		t.Fatal("the same failure was said again")
	}
	failing = nil
	said()
	failing = errors.New("write table_sorts: read-only file system")
	if !said() {
		t.Fatal("a failure after a save that worked said nothing")
	}
}

func TestASessionsSavedSortShowsOnItsColumnOnceTheRowsLoad(t *testing.T) {
	c := newTestCommon()
	c.sess.Sorts = map[string]config.TableSort{"tokens": {Column: "Expires", Desc: true}, "clients": {Column: "Name"}}
	s := newTokensScreen(c)
	s.HandleMsg(tokensLoadedMsg{list: fakeTokens(40)})
	mustContain(t, headerLine(s, 120, 20), "Expires ▼")
	got := visibleTokens(s)
	if !slices.IsSortedFunc(got, func(a, b api.OAuthToken) int { return b.ExpireDate.Compare(*a.ExpireDate) }) {
		t.Fatal("the rows are not in the saved order, latest expiry first")
	}
	cl := newClientsScreen(c)
	cl.HandleMsg(clientsLoadedMsg{list: fakeClients()})
	mustContain(t, headerLine(cl, 120, 20), "Name ▲")
}

func TestASavedSortOfAColumnThatIsGoneOrDoesNotSortIsIgnored(t *testing.T) {
	c := newTestCommon()
	c.sess.Sorts = map[string]config.TableSort{"tokens": {Column: "✓"}, "clients": {Column: "Colour", Desc: true}}
	for _, s := range []Screen{newTokensScreen(c), newClientsScreen(c)} {
		s.HandleMsg(tokensLoadedMsg{list: fakeTokens(5)})
		s.HandleMsg(clientsLoadedMsg{list: fakeClients()})
		if h := headerLine(s, 120, 20); strings.ContainsAny(h, "▲▼") {
			t.Errorf("%s: the header shows a sort: %q", s.Title(), h)
		}
	}
}

func TestSwitchingProfileTakesItsSortsAndItsRefreshAndBackTakesTheFirstOnes(t *testing.T) {
	sess, profiles := twoProfiles(t)
	profiles.sessions["prod"].Sorts = map[string]config.TableSort{"clients": {Column: "Name", Desc: true}, "tokens": {Column: "Agent"}}
	profiles.sessions["prod"].Refresh = 45 * time.Second
	profiles.sessions["demo"].Sorts = map[string]config.TableSort{"clients": {Column: "ID"}}
	*sess = *profiles.sessions["demo"]
	a := New(context.Background(), Options{Session: sess, Now: func() time.Time { return testNow },
		CopyNative: func(string) error { return nil }, Profiles: profiles})
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
	pump(t, a, a.Init())
	clients, tokens := a.stacks[tabClients][0], a.stacks[tabTokens][0]
	mustContain(t, headerLine(clients, 120, 20), "ID ▲")
	mustLack(t, viewAt(clients, 120, 20), "auto-refresh")

	keys(t, a, "P", "down", "enter")
	if a.c.sess.Profile != "prod" {
		t.Fatalf("on %q", a.c.sess.Profile)
	}
	mustContain(t, headerLine(clients, 120, 20), "Name ▼")
	mustContain(t, headerLine(tokens, 120, 20), "Agent ▲")
	mustContain(t, viewAt(clients, 120, 20), "auto-refresh 45s")
	mustContain(t, viewAt(tokens, 120, 20), "auto-refresh 45s")

	keys(t, a, "P", "up", "enter")
	mustContain(t, headerLine(clients, 120, 20), "ID ▲")
	if h := headerLine(tokens, 120, 20); strings.ContainsAny(h, "▲▼") {
		t.Fatalf("demo's tokens have no saved sort, yet the header shows one: %q", h)
	}
	mustLack(t, viewAt(clients, 120, 20), "auto-refresh")
}

func TestAProfilesRefreshStartsAtTheFirstLoadAndRTurnsItOffAndOnAtItsInterval(t *testing.T) {
	c := newTestCommon()
	c.sess.Refresh = 2 * time.Minute
	c.auto.follow(c.sess)
	s := newClientsScreen(c)
	mustLack(t, viewAt(s, 100, 20), "auto-refresh")
	if _, cmd := s.settle(errNoClient); cmd != nil || c.auto.on {
		t.Fatal("a load that failed started the auto-refresh")
	}
	s.HandleMsg(clientsLoadedMsg{list: fakeClients()})
	if !c.auto.on {
		t.Fatal("the first load did not start the profile's auto-refresh")
	}
	mustContain(t, viewAt(s, 100, 20), "auto-refresh 2m")
	msgs := collect(t, s.HandleKey(press("R")))
	if m, _ := findMsg[statusMsg](msgs); c.auto.on || m.text != "Auto-refresh off." {
		t.Fatalf("R: on %v, said %q", c.auto.on, m.text)
	}
	s.HandleMsg(clientsLoadedMsg{list: fakeClients()})
	if c.auto.on {
		t.Fatal("a later load started it again after R turned it off")
	}
	msgs = collect(t, s.HandleKey(press("R")))
	if m, _ := findMsg[statusMsg](msgs); !c.auto.on || m.text != "Auto-refresh every 2m." {
		t.Fatalf("R again: on %v, said %q", c.auto.on, m.text)
	}
}
