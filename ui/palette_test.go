package ui

import (
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// Every binding of the key map is replayed by a press that the binding
// matches, so the palette can run any action it lists.
func TestEveryBindingsFirstKeyIsReplayedAsAPressTheBindingMatches(t *testing.T) {
	km := DefaultKeyMap()
	groups := [][]key.Binding{
		{km.Global.Quit, km.Global.ForceQuit, km.Global.Help, km.Global.Back, km.Global.NextTab, km.Global.PrevTab, km.Global.Palette},
		{km.List.Up, km.List.Down, km.List.Top, km.List.PageUp, km.List.PageDown, km.List.Open, km.List.Filter},
		{km.Clients.Save, km.Tokens.Mark, km.Confirm.Toggle, km.Confirm.No, km.Login.Cancel},
	}
	for _, g := range groups {
		for _, b := range g {
			press, ok := bindingPress(b)
			if !ok {
				t.Errorf("no press built for %q", b.Keys()[0])
				continue
			}
			if !key.Matches(press, b) || press.String() != b.Keys()[0] {
				t.Errorf("the press built for %q reads %q and matches its binding: %v", b.Keys()[0], press.String(), key.Matches(press, b))
			}
		}
	}
	if _, ok := keyPress("hyper+x"); ok {
		t.Error("a keystroke with an unknown modifier was built")
	}
}

// openPalette presses k, which opens the palette on a, failing unless it is in front.
func openPalette(t *testing.T, a *App, k string) *paletteDialog {
	t.Helper()
	msg, _ := keyPress(k)
	_, cmd := a.Update(msg)
	pump(t, a, cmd)
	p, ok := a.front().(*paletteDialog)
	if !ok {
		t.Fatalf("%s opened %T, not the palette", k, a.front())
	}
	return p
}

func TestThePaletteListsTheScreensKeysAndTheGlobalOnesButNotItself(t *testing.T) {
	a := newTestApp(t)
	p := openPalette(t, a, ":")
	view := drawAt(p, 76, 60)
	mustContain(t, view, "rotate secret", "its tokens", "find token", "history", "next tab")
	mustLack(t, view, "commands")
}

func TestTypingInThePaletteFiltersItsActionsByKeyOrWords(t *testing.T) {
	a := newTestApp(t)
	p := openPalette(t, a, ":")
	typeInto(a, "rot sec")
	if len(p.shown) != 1 || p.actions[p.shown[0]].binding.Help().Desc != "rotate secret" {
		t.Fatalf("after \"rot sec\" the palette shows %d actions", len(p.shown))
	}
	mustLack(t, viewOf(a), "its tokens")
}

// Running "its tokens" from the palette does what t does on Clients: the
// Tokens tab shows the client's tokens.
func TestEnterInThePaletteRunsTheChosenActionOnTheScreenUnderIt(t *testing.T) {
	a := newTestApp(t)
	openPalette(t, a, ":")
	typeInto(a, "its tok")
	send(t, a, "enter")
	if a.front() != nil {
		t.Fatalf("the palette stayed open: %T", a.front())
	}
	if a.tab != tabTokens {
		t.Fatalf("the action ran nothing: the tab is %v", a.tab)
	}
}

func TestTheArrowsChooseAnotherActionAndEnterRunsIt(t *testing.T) {
	a := newTestApp(t)
	p := openPalette(t, a, ":")
	typeInto(a, "tab") // next tab, prev tab
	if len(p.shown) < 2 || p.actions[p.shown[1]].binding.Help().Desc != "prev tab" {
		t.Fatalf("\"tab\" shows %d actions", len(p.shown))
	}
	send(t, a, "down")
	send(t, a, "enter")
	if a.tab != tabAudit {
		t.Fatalf("prev tab from Clients shows %v", a.tab)
	}
}

func TestEscClosesThePaletteAndRunsNothing(t *testing.T) {
	a := newTestApp(t)
	openPalette(t, a, "ctrl+p")
	send(t, a, "esc")
	if a.front() != nil || a.tab != tabClients || len(a.stacks[tabClients]) != 1 {
		t.Fatalf("esc left %T in front, tab %v", a.front(), a.tab)
	}
}

// In the client form every key is typed: ":" is a character of the name,
// and ctrl+p alone opens the palette, which offers the form's keys only.
func TestColonIsTypedInATextFieldAndOnlyCtrlPOpensThePaletteThere(t *testing.T) {
	a := newTestApp(t)
	send(t, a, "n")
	form := a.screen().(*clientForm)
	send(t, a, ":")
	if a.front() != nil || form.v.name != ":" {
		t.Fatalf(": opened %T; the name is %q", a.front(), form.v.name)
	}
	p := openPalette(t, a, "ctrl+p")
	mustLack(t, drawAt(p, 76, 60), "find token", "next tab")
	mustContain(t, drawAt(p, 76, 60), "save")
}

func TestThePaletteOverADialogOffersAndRunsTheDialogsKeys(t *testing.T) {
	a := newTestApp(t)
	send(t, a, "d") // the confirm of a delete
	if _, ok := a.front().(*confirmDialog); !ok {
		t.Fatalf("d opened %T", a.front())
	}
	openPalette(t, a, ":")
	typeInto(a, "no")
	send(t, a, "enter")
	if a.front() != nil {
		t.Fatalf("the confirm's no left %T open", a.front())
	}
}

func TestGoldenCommandPaletteOnTheClientsTab(t *testing.T) {
	goldenScreen(t, newGoldenApp(t), "Commands", ":|Commands")
}

func TestGoldenCommandPaletteFilteredToRevoke(t *testing.T) {
	g := startGolden(t, newGoldenApp(t), colorprofile.Ascii)
	g.waitFor("Support bot")
	g.play("2|1003", ":|Commands", "r", "e", "v") // the final frame is drawn after every key is handled
	g.finish()
}

func TestGoldenFullHelpSearchedForSort(t *testing.T) {
	g := startGolden(t, newGoldenApp(t), colorprofile.Ascii)
	g.waitFor("Support bot")
	g.play("2|1003", "?|type to search the keys", "s", "o", "r", "t")
	g.finish()
}

func TestAQueryWordMatchesTheStartOfAWordOrTheWholeKey(t *testing.T) {
	km := DefaultKeyMap()
	for _, c := range []struct {
		query string
		b     key.Binding
		want  bool
	}{
		{"rev", km.Tokens.Revoke, true},
		{"rev", km.Global.PrevTab, false},
		{"ROT SEC", km.Clients.Rotate, true},
		{"rot tok", km.Clients.Rotate, false},
		{"?", km.Global.Help, true},
		{"tab", km.Global.PrevTab, true},
		{"", km.Global.Quit, true},
	} {
		if got := matchesQuery(c.b, c.query); got != c.want {
			t.Errorf("%q matches %q: %v, want %v", c.query, c.b.Help().Desc, got, c.want)
		}
	}
}

// typeInto types s into a, one key press a rune.
func typeInto(a *App, s string) { typeText(s, func(k tea.KeyPressMsg) { a.Update(k) }) }
