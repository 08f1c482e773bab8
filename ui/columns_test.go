package ui

import (
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"

	"chatkeys/api"
)

// pickColumns opens the picker on s with C, plays keys in it, and hands
// s the message the picker's last action sends, if any.
func pickColumns(t *testing.T, s Screen, keys ...string) {
	t.Helper()
	open, ok := findMsg[openDialogMsg](collect(t, s.HandleKey(press("C"))))
	if !ok {
		t.Fatal("C opened no dialog")
	}
	d := open.dialog.(*columnsDialog)
	for _, k := range keys {
		if a, ok := d.HandleMsg(press(k)).(actionClose); ok {
			if a.then != nil {
				for _, m := range collect(t, a.then) {
					s.HandleMsg(m)
				}
			}
			return
		}
	}
}

func TestTheColumnsPickerHidesAColumnOnEnterAndKeepsThemOnEsc(t *testing.T) {
	s := loadedTokensScreen(t, 10)
	pickColumns(t, s, "down", "down", "space", "esc")
	mustContain(t, headerLine(s, 100, 20), "Client")
	pickColumns(t, s, "down", "down", "space", "enter")
	h := headerLine(s, 100, 20)
	mustLack(t, h, "Client")
	mustContain(t, h, "ID", "Agent", "Token")
	mustLack(t, viewAt(s, 100, 20), "Reporting") // the cells go with the title
	pickColumns(t, s, "down", "down", "space", "enter")
	mustContain(t, headerLine(s, 100, 20), "Client")
}

func TestTheColumnsPickerKeepsTheLastColumnShown(t *testing.T) {
	s := newClientsScreen(newTestCommon())
	s.HandleMsg(clientsLoadedMsg{list: fakeClients()})
	var keys []string
	for range len(s.table.columns) {
		keys = append(keys, "space", "down")
	}
	pickColumns(t, s, append(keys, "enter")...)
	if shown := len(s.table.columns) - countTrue(s.table.hidden); shown != 1 {
		t.Fatalf("%d columns shown, want the last one kept", shown)
	}
	mustContain(t, headerLine(s, 100, 20)+viewAt(s, 100, 20), "Updated")
}

// At 200 columns nothing the table has room for is cut: the capped
// columns' cells beyond their caps go to the redirect URIs; in wide mode
// (w) no column is capped, so a long name shows whole too.
func TestAt200ColumnsRedirectURIsAreWholeAndWideModeLiftsTheCaps(t *testing.T) {
	clients := fakeClients()
	clients[0].Name = "A client name longer than the thirty-two cell cap"
	clients[0].RedirectURIs = api.RedirectURIs{"https://a-rather-long-host.example/oauth/callback", "https://another-host.example/cb"}
	s := newClientsScreen(newTestCommon())
	s.HandleMsg(clientsLoadedMsg{list: clients})
	view := plain(viewAt(s, 200, 20))
	mustContain(t, view, clients[0].RedirectURIs.String())
	mustLack(t, view, clients[0].Name)
	s.HandleKey(press("w"))
	view = plain(viewAt(s, 200, 20))
	mustContain(t, view, clients[0].Name, clients[0].RedirectURIs.String())
	for line := range strings.SplitSeq(view, "\n") {
		if w := cellWidth(line); w > 200 {
			t.Fatalf("a line is %d cells wide at 200", w)
		}
	}
}

func TestTheIDColumnFitsTheLargestID(t *testing.T) {
	list := fakeTokens(5)
	list[3].ID = 123456789012
	s := newTokensScreen(newTestCommon())
	s.HandleMsg(tokensLoadedMsg{list: list})
	mustContain(t, viewAt(s, 100, 20), "123456789012 ")
	more := append(list, fakeTokens(8)[5:]...)
	more[6].ID = 98765432109876 // a streamed part brings a longer one
	s.HandleMsg(tokensLoadedMsg{list: more[:5], partial: true})
	s.HandleMsg(tokensLoadedMsg{list: more})
	mustContain(t, viewAt(s, 100, 20), "98765432109876 ")
}

// TestAWideIDColumnNarrowsTheOthersSoNoRowRunsPast80Columns loads the
// six-digit ids of a large account at 80 columns: the other columns give
// up the cells, and no line of the table is wider than the screen (it
// wrapped, and the count line fell off the screen).
func TestAWideIDColumnNarrowsTheOthersSoNoRowRunsPast80Columns(t *testing.T) {
	for _, id := range []int64{100001, 123456789012} {
		list := fakeTokens(5)
		list[2].ID = id
		s := newTokensScreen(newTestCommon())
		s.HandleMsg(tokensLoadedMsg{list: list})
		view := viewAt(s, 80, 20)
		mustContain(t, view, strconv.FormatInt(id, 10)+" ")
		for _, line := range strings.Split(view, "\n") {
			if w := lipgloss.Width(line); w > 80 {
				t.Fatalf("id %d: a line %d cells wide: %q", id, w, line)
			}
		}
	}
}

func TestGoldenColumnsPickerListsTheColumnsWithTheirBoxes(t *testing.T) {
	a, _ := newSimApp(t)
	a.Update(tea.WindowSizeMsg{Width: goldenW, Height: goldenH})
	keys(t, a, "1", "C", "down", "down", "space", "down")
	mustContain(t, a.render(), "Columns", "[ ] Company")
	requireGolden(t, colorprofile.Ascii, a.render())
}
