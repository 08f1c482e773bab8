package ui

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// cellOf is the cell where text first starts in the drawn frame of a.
func cellOf(t *testing.T, a *App, text string) (x, y int) {
	t.Helper()
	for y, line := range strings.Split(plain(a.render()), "\n") {
		if i := strings.Index(line, text); i >= 0 {
			return ansi.StringWidth(line[:i]), y
		}
	}
	t.Fatalf("the frame does not show %q:\n%s", text, plain(a.render()))
	return 0, 0
}

// clickOn left-clicks the cell where text starts and runs what follows.
func clickOn(t *testing.T, a *App, text string) []tea.Msg {
	t.Helper()
	x, y := cellOf(t, a, text)
	_, cmd := a.Update(tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft})
	return pump(t, a, cmd)
}

func TestClickingATabsLabelShowsThatTab(t *testing.T) {
	a := newTestApp(t)
	clickOn(t, a, "2 Tokens")
	if a.tab != tabTokens {
		t.Fatalf("a click on 2 Tokens shows %v", a.tab)
	}
	clickOn(t, a, "Audit")
	if a.tab != tabAudit {
		t.Fatalf("a click on the end of 4 Audit shows %v", a.tab)
	}
}

func TestClickingARowMovesTheCursorAndASecondClickOpensIt(t *testing.T) {
	a := newTestApp(t)
	clients := a.stacks[tabClients][0].(*clientsScreen)
	clickOn(t, a, "Zapier")
	if got := clients.all[clients.visible[clients.table.Cursor()]].Name; got != "Zapier" {
		t.Fatalf("the click put the cursor on %q", got)
	}
	if len(a.stacks[tabClients]) != 1 {
		t.Fatal("the first click opened the row")
	}
	clickOn(t, a, "Zapier")
	d, ok := a.screen().(*clientDetail)
	if !ok {
		t.Fatalf("the second click shows %T, not the client's detail", a.screen())
	}
	mustContain(t, d.View(), "Zapier")
}

func TestAClickBelowTheLastRowMovesNothing(t *testing.T) {
	a := newTestApp(t)
	clients := a.stacks[tabClients][0].(*clientsScreen)
	_, y := cellOf(t, a, "Zapier")
	a.Update(tea.MouseClickMsg{X: 5, Y: y + 2, Button: tea.MouseLeft})
	if clients.table.Cursor() != 0 || len(a.stacks[tabClients]) != 1 {
		t.Fatalf("a click on no row moved the cursor to %d", clients.table.Cursor())
	}
}

func TestTheWheelMovesTheCursorAsTheArrowsDo(t *testing.T) {
	a := newTestApp(t)
	clients := a.stacks[tabClients][0].(*clientsScreen)
	a.Update(tea.MouseWheelMsg{X: 5, Y: 5, Button: tea.MouseWheelDown})
	a.Update(tea.MouseWheelMsg{X: 5, Y: 5, Button: tea.MouseWheelDown})
	if clients.table.Cursor() != 2 {
		t.Fatalf("two turns down put the cursor on row %d", clients.table.Cursor())
	}
	a.Update(tea.MouseWheelMsg{X: 5, Y: 5, Button: tea.MouseWheelUp})
	if clients.table.Cursor() != 1 {
		t.Fatalf("a turn up put the cursor on row %d", clients.table.Cursor())
	}
}

// confirmedMsg is what the test confirm's Yes sends.
type confirmedMsg struct{}

func openTestConfirm(a *App) {
	a.Update(openDialogMsg{newConfirmDialog(a.c, "Drop the thing?", "It goes for good.", "", "Drop it", emit(confirmedMsg{}))})
}

func TestClickingAConfirmsYesButtonRunsItAndNoRunsNothing(t *testing.T) {
	a := newTestApp(t)
	openTestConfirm(a)
	if msgs := clickOn(t, a, "No"); len(msgs) != 0 || a.front() != nil {
		t.Fatalf("No left %T open and sent %v", a.front(), msgs)
	}
	openTestConfirm(a)
	clickOn(t, a, "It goes") // the body is no button
	if a.front() == nil {
		t.Fatal("a click on the body closed the confirm")
	}
	msgs := clickOn(t, a, "Drop it")
	if _, ok := findMsg[confirmedMsg](msgs); !ok || a.front() != nil {
		t.Fatalf("Drop it left %T open and sent %v", a.front(), msgs)
	}
}

func TestWithTheMouseOffTheViewAsksForNoMouseAndClicksDoNothing(t *testing.T) {
	on := newTestApp(t)
	if on.View().MouseMode != tea.MouseModeCellMotion {
		t.Fatal("the mouse is off by default")
	}
	a := New(context.Background(), Options{Session: newTestCommon().sess, NoMouse: true})
	a.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	if a.View().MouseMode != tea.MouseModeNone {
		t.Fatalf("NoMouse asks for mouse mode %v", a.View().MouseMode)
	}
	clickOn(t, a, "2 Tokens")
	if a.tab == tabTokens {
		t.Fatal("a click with the mouse off switched the tab")
	}
}
