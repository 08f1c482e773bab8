package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"chatkeys/api"
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
	return clickAt(t, a, x, y)
}

// clickAt presses and releases the left button on cell (x, y), as a
// terminal reports a click, and runs what follows.
func clickAt(t *testing.T, a *App, x, y int) []tea.Msg {
	t.Helper()
	_, cmd := a.Update(tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft})
	msgs := pump(t, a, cmd)
	_, cmd = a.Update(tea.MouseReleaseMsg{X: x, Y: y, Button: tea.MouseLeft})
	return append(msgs, pump(t, a, cmd)...)
}

// dialogCellOf is the cell of the frame where text starts inside the
// front dialog's box, looked for from the box's last line up: a dialog's
// buttons are at its foot, under any text that names them too.
func dialogCellOf(t *testing.T, a *App, text string) (x, y int) {
	t.Helper()
	d := a.front()
	if d == nil {
		t.Fatalf("no dialog is open to show %q", text)
	}
	ox, oy := a.dialogOrigin(d)
	box := d.Draw()
	lines := strings.Split(plain(a.render()), "\n")
	for y := min(oy+lipgloss.Height(box), len(lines)) - 1; y >= oy; y-- {
		in := ansi.Cut(lines[y], ox, ox+lipgloss.Width(box))
		if i := strings.Index(in, text); i >= 0 {
			return ox + ansi.StringWidth(in[:i]), y
		}
	}
	t.Fatalf("the front dialog does not show %q:\n%s", text, plain(a.render()))
	return 0, 0
}

// clickInDialog clicks the last cell of text in the front dialog and runs
// what follows. (clickOn takes a text's first cell: together they find a
// button's edges.)
func clickInDialog(t *testing.T, a *App, text string) []tea.Msg {
	t.Helper()
	x, y := dialogCellOf(t, a, text)
	return clickAt(t, a, x+ansi.StringWidth(text)-1, y)
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

func TestClickingTheCopyOnceModalsButtonsCopiesSavesAndCloses(t *testing.T) {
	a := newTestApp(t)
	a.Update(tea.WindowSizeMsg{Width: 60, Height: 30}) // the title wraps in the narrowest box
	saves := 0
	note := strings.Repeat("A note long enough to wrap over more than one line of the box. ", 3)
	m := newSecretModal(a.c, `New secret for "A client whose name is rather long indeed"`, note, "s3cr3t-value-0123456789").withSave("save to profile",
		func(to ownerID, _ string) tea.Cmd { saves++; return emit(secretSavedMsg{reply: reply{to}}) })
	a.Update(openDialogMsg{m})
	clickInDialog(t, a, "Close")
	if !m.askingToClose || a.front() != m {
		t.Fatal("Close before a copy did not ask first")
	}
	clickInDialog(t, a, "Go back")
	if m.askingToClose {
		t.Fatal("Go back left the question open")
	}
	clickInDialog(t, a, "note long") // text is no button
	if msgs := clickInDialog(t, a, "Copy"); !m.copied || !setsTerminalClipboard(msgs, "s3cr3t-value-0123456789") {
		t.Fatalf("Copy copied nothing: %v", msgs)
	}
	clickInDialog(t, a, "Save to profile")
	if saves != 1 || !m.saved {
		t.Fatalf("Save to profile saved %d times (saved %v)", saves, m.saved)
	}
	clickInDialog(t, a, "Close")
	if a.front() != nil {
		t.Fatalf("Close after a copy left %T open", a.front())
	}
}

func TestClickingCloseOnTheModalsQuestionDropsTheValue(t *testing.T) {
	a := newTestApp(t)
	m := newSecretModal(a.c, "New secret", "", "s3cr3t-value-0123456789")
	a.Update(openDialogMsg{m})
	clickInDialog(t, a, "Close")
	mustContain(t, viewOf(a), "Close without copying")
	clickInDialog(t, a, "Close") // the question's button, under its text
	if a.front() != nil || m.value != "" {
		t.Fatalf("the question's Close left %T open", a.front())
	}
}

func TestClickingTheRevokesStopStopsItAndCloseClosesItsSummary(t *testing.T) {
	a := newTestApp(t)
	d := newRevokeDialog(a.c, []int64{1, 2, 3}, 0)
	a.Update(openDialogMsg{d}) // its revoke is not run: the test says how it ends
	clickInDialog(t, a, "esc stops")
	if d.stopping {
		t.Fatal("a click on the hint stopped the revoke")
	}
	clickInDialog(t, a, "Stop")
	if !d.stopping || a.front() != d {
		t.Fatal("Stop did not stop the revoke, or closed it before its summary")
	}
	a.Update(revokeDoneMsg{reply: reply{d.ID()}, results: []api.RevokeResult{{ID: 1}, {ID: 2}, {ID: 3}}})
	clickInDialog(t, a, "Revoked 3")
	if a.front() != d {
		t.Fatal("a click on the summary closed it")
	}
	clickInDialog(t, a, "Close")
	if a.front() != nil {
		t.Fatalf("Close left %T open", a.front())
	}
}

func TestClickingAColumnTogglesItAndApplyOrCancelClosesThePicker(t *testing.T) {
	a := newTestApp(t)
	send(t, a, "C")
	d := a.front().(*columnsDialog)
	clickInDialog(t, a, "Company")
	clickInDialog(t, a, "Columns") // the title is no button
	if !d.hidden[2] || d.cursor != 2 || a.front() != d {
		t.Fatalf("a click on Company: hidden %v, cursor %d", d.hidden, d.cursor)
	}
	clickInDialog(t, a, "Apply")
	if a.front() != nil {
		t.Fatal("Apply left the picker open")
	}
	mustLack(t, viewOf(a), "Company")
	send(t, a, "C")
	clickInDialog(t, a, "Name")
	clickInDialog(t, a, "Cancel")
	if a.front() != nil {
		t.Fatal("Cancel left the picker open")
	}
	mustContain(t, viewOf(a), "Name")
}

func TestClickingAProfileInThePickerSwitchesToIt(t *testing.T) {
	a := twoProfileApp(t)
	keys(t, a, "P")
	clickInDialog(t, a, "Switch profile")
	if _, ok := a.front().(*profilePicker); !ok {
		t.Fatalf("a click on the title left %T in front", a.front())
	}
	clickInDialog(t, a, "prod")
	if a.front() != nil || a.c.sess.Profile != "prod" {
		t.Fatalf("a click on prod: on %q, %T in front", a.c.sess.Profile, a.front())
	}
}

func TestClickingAPaletteRowRunsItsAction(t *testing.T) {
	a := newTestApp(t)
	send(t, a, ":")
	clickInDialog(t, a, "Commands") // the title is no row
	if _, ok := a.front().(*paletteDialog); !ok {
		t.Fatalf("a click on the title left %T in front", a.front())
	}
	clickInDialog(t, a, "columns")
	if _, ok := a.front().(*columnsDialog); !ok {
		t.Fatalf("a click on columns opened %T", a.front())
	}
}

func TestClickingTheLookupsButtonsLooksUpChoosesATokenAndActsOnIt(t *testing.T) {
	a, d := lookupEveryFakeToken(t, func(a *App) { clickInDialog(t, a, "Look up") })
	clickInDialog(t, a, "Chat bot") // the second token's row
	if d.cursor != 1 {
		t.Fatalf("a click on the second row chose token %d", d.cursor+1)
	}
	clickInDialog(t, a, "Revoke token")
	c, ok := a.front().(*confirmDialog)
	if !ok || !strings.Contains(c.body, "Revoke token 2 of agent") {
		t.Fatalf("Revoke token opened %T %+v, want the confirm of token 2", a.front(), c)
	}
}

func TestClickingTheClientFormsSaveButtonSavesAsCtrlSDoes(t *testing.T) {
	a, sim := newSimApp(t)
	before := len(sim.Clients())
	keys(t, a, "1", "n")
	msgs := clickOn(t, a, "Save")
	if st, ok := findMsg[statusMsg](msgs); !ok || st.err == nil {
		t.Fatalf("Save on a form without a name said %v", msgs)
	}
	typeText("Clicked bot", func(k tea.KeyPressMsg) { _, cmd := a.Update(k); pump(t, a, cmd) })
	clickOn(t, a, "ctrl+s, or enter") // the text beside the button is no button
	if len(sim.Clients()) != before {
		t.Fatal("a click beside Save saved")
	}
	clickOn(t, a, "Save")
	if len(sim.Clients()) != before+1 {
		t.Fatalf("Save left %d clients, want %d", len(sim.Clients()), before+1)
	}
}

func TestADoubleClickOpensTheRowWhereverTheCursorWentBetweenTheClicks(t *testing.T) {
	a := newTestApp(t)
	clickOn(t, a, "Chat bot")
	send(t, a, "down") // the cursor leaves the row between the two clicks
	clickOn(t, a, "Chat bot")
	if _, ok := a.screen().(*clientDetail); !ok {
		t.Fatalf("the double click shows %T, not the client's detail", a.screen())
	}
}

func TestTwoClicksFurtherApartThanADoubleClickOnlyMoveTheCursor(t *testing.T) {
	a := newTestApp(t)
	now := testNow
	a.c.now = func() time.Time { return now }
	clients := a.stacks[tabClients][0].(*clientsScreen)
	clickOn(t, a, "Chat bot")
	send(t, a, "down")
	now = now.Add(doubleClick + 100*time.Millisecond)
	clickOn(t, a, "Chat bot")
	if len(a.stacks[tabClients]) != 1 || clients.all[clients.visible[clients.table.Cursor()]].Name != "Chat bot" {
		t.Fatalf("the slow second click shows %T", a.screen())
	}
}

func TestWhileADialogIsOpenAClickOutsideItsButtonsActsOnNothing(t *testing.T) {
	a := newTestApp(t)
	clients := a.stacks[tabClients][0].(*clientsScreen)
	openTestConfirm(a)
	for _, text := range []string{"2 Tokens", "1/3 clients"} {
		if msgs := clickOn(t, a, text); len(msgs) != 0 {
			t.Fatalf("a click on %q sent %v", text, msgs)
		}
	}
	if a.tab != tabClients || clients.table.Cursor() != 0 || a.front() == nil {
		t.Fatalf("a click outside the confirm showed %v, moved the cursor to %d or closed it", a.tab, clients.table.Cursor())
	}
}
