package ui

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"

	"chatkeys/api"
)

// visibleTokens is the tokens the screen shows, in order.
func visibleTokens(s *tokensScreen) []api.OAuthToken {
	out := make([]api.OAuthToken, len(s.visible))
	for i, r := range s.visible {
		out[i] = s.all[r]
	}
	return out
}

// headerLine is the first line of the table as drawn.
func headerLine(s Screen, w, h int) string {
	for line := range strings.SplitSeq(plain(viewAt(s, w, h)), "\n") {
		if strings.Contains(line, "ID") {
			return line
		}
	}
	return ""
}

func TestSortKeyCyclesThroughTheColumnsAndTheHeaderShowsColumnAndDirection(t *testing.T) {
	s := loadedTokensScreen(t, 40)
	if h := headerLine(s, 120, 20); strings.ContainsAny(h, "▲▼") {
		t.Fatalf("an unsorted header shows a direction: %q", h)
	}
	s.HandleKey(press("o")) // ID: the marks do not sort
	mustContain(t, headerLine(s, 120, 20), "ID ▲")
	s.HandleKey(press("o"))
	mustContain(t, headerLine(s, 120, 20), "Client ▲")
	s.HandleKey(press("O"))
	h := headerLine(s, 120, 20)
	mustContain(t, h, "Client ▼")
	if strings.Count(h, "▲")+strings.Count(h, "▼") != 1 {
		t.Fatalf("header %q marks more than one column", h)
	}
	for range 7 { // Agent … Token, then back to the rows' own order
		s.HandleKey(press("o"))
	}
	if h := headerLine(s, 120, 20); strings.ContainsAny(h, "▲▼") {
		t.Fatalf("after the last column the header still shows a sort: %q", h)
	}
	if !slices.IsSorted(s.visible) {
		t.Fatal("after the last column the rows are not back in the order they came")
	}
}

// Each column is held to a plain stable sort of the tokens by what the
// column shows; agents, scopes, clients and expiry repeat, so ties must
// keep the order the tokens came in, in both directions.
func TestSortOrdersEveryColumnStablyInBothDirections(t *testing.T) {
	s := loadedTokensScreen(t, 200)
	list := slices.Clone(s.all)
	byCol := map[int]func(a, b api.OAuthToken) int{
		tcID: func(a, b api.OAuthToken) int { return cmp.Compare(a.ID, b.ID) },
		tcClient: func(a, b api.OAuthToken) int {
			return strings.Compare(strings.ToLower(s.clientName(a.ClientIdentifier)), strings.ToLower(s.clientName(b.ClientIdentifier)))
		},
		tcAgent:   func(a, b api.OAuthToken) int { return cmp.Compare(a.AgentID, b.AgentID) },
		tcScopes:  func(a, b api.OAuthToken) int { return strings.Compare(a.Scopes, b.Scopes) },
		tcCreated: func(a, b api.OAuthToken) int { return a.CreateDate.Compare(*b.CreateDate) },
		tcExpires: func(a, b api.OAuthToken) int { return a.ExpireDate.Compare(*b.ExpireDate) },
		tcRefresh: func(a, b api.OAuthToken) int {
			return cmp.Compare(boolKey(a.RefreshToken != ""), boolKey(b.RefreshToken != ""))
		},
		tcToken: func(a, b api.OAuthToken) int { return strings.Compare(a.AccessToken[:6], b.AccessToken[:6]) },
	}
	for col := tcID; col <= tcToken; col++ {
		s.HandleKey(press("o"))
		if s.sort.col != col {
			t.Fatalf("o sorted column %d, want %d", s.sort.col, col)
		}
		for _, desc := range []bool{false, true} {
			want := slices.Clone(list)
			slices.SortStableFunc(want, func(a, b api.OAuthToken) int {
				if desc {
					return byCol[col](b, a)
				}
				return byCol[col](a, b)
			})
			got := visibleTokens(s)
			for i := range want {
				if got[i].ID != want[i].ID {
					t.Fatalf("column %d desc %v: row %d is token %d, want %d", col, desc, i, got[i].ID, want[i].ID)
				}
			}
			s.HandleKey(press("O"))
		}
	}
}

func TestSortKeepsTheCursorOnTheSameToken(t *testing.T) {
	s := loadedTokensScreen(t, 50)
	s.table.SetCursor(17)
	id := s.selected().ID
	for _, k := range []string{"o", "o", "O", "o", "O"} {
		s.HandleKey(press(k))
		if got := s.selected().ID; got != id {
			t.Fatalf("after %s the cursor is on token %d, want %d", k, got, id)
		}
	}
}

// A sort orders only the rows the filter keeps, a filter typed after a
// sort keeps its order, and a streamed part joins the sorted rows.
func TestSortOrdersTheFilteredRowsAndTheRowsEachStreamedPartBrings(t *testing.T) {
	list := fakeTokens(300)
	s := newTokensScreen(newTestCommon())
	s.HandleMsg(clientsLoadedMsg{list: fakeClients()})
	s.HandleMsg(tokensLoadedMsg{list: list[:100], partial: true})
	for range 3 { // Agent
		s.HandleKey(press("o"))
	}
	s.HandleKey(press("O"))
	typeFilter(s, "write")
	s.HandleKey(press("enter"))
	s.HandleMsg(tokensLoadedMsg{list: list[:250], partial: true})
	s.HandleMsg(tokensLoadedMsg{list: list})
	var want []api.OAuthToken
	for _, tok := range list {
		if strings.Contains(tok.Scopes, "write") {
			want = append(want, tok)
		}
	}
	slices.SortStableFunc(want, func(a, b api.OAuthToken) int { return cmp.Compare(b.AgentID, a.AgentID) })
	got := visibleTokens(s)
	if len(got) != len(want) {
		t.Fatalf("%d rows shown, want the %d with write", len(got), len(want))
	}
	for i := range want {
		if got[i].ID != want[i].ID {
			t.Fatalf("row %d is token %d, want %d", i, got[i].ID, want[i].ID)
		}
	}
	// Erasing the filter shows every row, still sorted.
	s.HandleKey(press("esc"))
	if len(s.visible) != len(list) || !slices.IsSortedFunc(visibleTokens(s), func(a, b api.OAuthToken) int {
		return cmp.Compare(b.AgentID, a.AgentID)
	}) {
		t.Fatalf("without the filter %d rows shown, sorted %v", len(s.visible), false)
	}
}

func TestSortOrdersTheClientsTableByNameAndTheCursorStays(t *testing.T) {
	s := newClientsScreen(newTestCommon())
	s.HandleMsg(clientsLoadedMsg{list: fakeClients()})
	s.table.SetCursor(1)
	id := s.selected().ID
	s.HandleKey(press("o"))
	s.HandleKey(press("o")) // Name
	mustContain(t, headerLine(s, 120, 20), "Name ▲")
	var names []string
	for _, r := range s.visible {
		names = append(names, strings.ToLower(s.all[r].Name))
	}
	if !slices.IsSorted(names) {
		t.Fatalf("names in order %q", names)
	}
	if s.selected().ID != id {
		t.Fatalf("cursor on client %d, want %d", s.selected().ID, id)
	}
}

// The header of a narrow sorted column keeps its arrow: the title is cut
// instead.
func TestSortedTitleCutsTheTitleToKeepTheArrow(t *testing.T) {
	for _, c := range []struct {
		title string
		width int
		desc  bool
		want  string
	}{
		{"ID", 5, false, "ID ▲"},
		{"Created", 8, true, "Created▼"},
		{"Refresh", 7, false, "Refres▲"},
	} {
		if got := sortedTitle(c.title, c.width, c.desc); got != c.want {
			t.Errorf("sortedTitle(%q, %d) = %q, want %q", c.title, c.width, got, c.want)
		}
	}
}

func TestRadixSortIsAStableSortByKey(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 100, 5000} {
		for _, spread := range []uint64{1, 3, 1 << 20, ^uint64(0)} {
			items := make([]sortItem, n)
			for i := range items {
				items[i] = sortItem{key: r.Uint64() % max(spread, 1), row: int32(i)}
				if spread == ^uint64(0) {
					items[i].key = r.Uint64()
				}
			}
			want := slices.Clone(items)
			slices.SortStableFunc(want, func(a, b sortItem) int { return cmp.Compare(a.key, b.key) })
			got := radixSort(items, make([]sortItem, n))
			if !slices.Equal(got, want) {
				t.Fatalf("n=%d spread=%d: radix order differs from a stable sort", n, spread)
			}
		}
	}
}

func TestTheSortKeysAreInBothTablesHelp(t *testing.T) {
	c := newTestCommon()
	lk := c.keys.List
	for _, s := range []Screen{newTokensScreen(c), newClientsScreen(c)} {
		if !slices.Contains(keyNames(s.ShortHelp()), lk.Sort.Help().Key) {
			t.Errorf("%s: the short help lacks o", s.Title())
		}
		var full []key.Binding
		for _, group := range s.FullHelp() {
			full = append(full, group...)
		}
		for _, b := range []key.Binding{lk.Sort, lk.SortReverse} {
			if !slices.Contains(keyNames(full), b.Help().Key) {
				t.Errorf("%s: the full help lacks %s", s.Title(), b.Help().Key)
			}
		}
	}
}

// keyNames are the keys the bindings show in the help.
func keyNames(bs []key.Binding) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = b.Help().Key
	}
	return out
}
