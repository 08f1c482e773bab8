package ui

import (
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"chatkeys/api"
)

// composed is the frame with the boxes over it as lipgloss composes
// layers on a fresh canvas: what frameMemo.overlay must return.
func composed(frame string, w, h int, boxes []string) string {
	layers := []*lipgloss.Layer{lipgloss.NewLayer(frame)}
	for i, box := range boxes {
		x := max((w-lipgloss.Width(box))/2, 0)
		y := max((h-lipgloss.Height(box))/2, 0)
		layers = append(layers, lipgloss.NewLayer(box).X(x).Y(y).Z(i+1))
	}
	return lipgloss.NewCanvas(w, h).Compose(lipgloss.NewCompositor(layers...)).Render()
}

// One memo draws a run of frames, as View does, each compared with the
// composition made from scratch: lines under the boxes are reused only
// while what covers them is the same.
func TestOverlayIsTheFrameLipglossComposes(t *testing.T) {
	st := NewStyles(true)
	row := func(i int, text string) string {
		return st.Table.Cell.Render(strings.Repeat("ab 日本 ", 6)+text) + st.Text.Muted.Render(" · "+itoa(i))
	}
	screen := func(text string, h int) string {
		lines := make([]string, h)
		for i := range lines {
			lines[i] = row(i, text)
		}
		return strings.Join(lines, "\n")
	}
	box := func(count string) string {
		return st.Dialog.Frame.Width(40).Render(st.Dialog.Title.Render("Revoking tokens") + "\n\n" + count + "\n" + st.Dialog.Muted.Render("esc stops"))
	}
	small := st.Dialog.Frame.Render(st.Text.Warning.Render("⚠ quit?"))
	unreset := "\x1b[31mred line\nstill red\x1b[m" // a style that runs on past its line
	tall := st.Dialog.Frame.Render(strings.Repeat("line\n", 40) + "end")
	steps := []struct {
		name  string
		frame string
		w, h  int
		boxes []string
	}{
		{"first frame", screen("x", 24), 80, 24, []string{box("1 of 9 done")}},
		{"the count changes", screen("x", 24), 80, 24, []string{box("2 of 9 done")}},
		{"nothing changes", screen("x", 24), 80, 24, []string{box("2 of 9 done")}},
		{"the screen changes", screen("y", 24), 80, 24, []string{box("2 of 9 done")}},
		{"a box over a box", screen("y", 24), 80, 24, []string{box("3 of 9 done"), small}},
		{"the front box goes", screen("y", 24), 80, 24, []string{box("3 of 9 done")}},
		{"a style past its line", screen("y", 24), 80, 24, []string{box("3 of 9 done"), unreset}},
		{"a box taller than the screen", screen("y", 24), 80, 24, []string{tall}},
		{"an empty box", screen("y", 24), 80, 24, []string{""}},
		{"a smaller terminal", screen("y", 16), 60, 16, []string{box("4 of 9 done")}},
		{"the count again", screen("y", 16), 60, 16, []string{box("5 of 9 done")}},
	}
	var m frameMemo
	for _, s := range steps {
		got := m.overlay(s.frame, s.w, s.h, s.boxes)
		if want := composed(s.frame, s.w, s.h, s.boxes); got != want {
			t.Fatalf("%s: overlay drew\n%s\nlipgloss composes\n%s", s.name, got, want)
		}
	}
}

// countingScreen is a screen that counts how often it is drawn; a
// bumpMsg changes what it shows.
type countingScreen struct {
	passive
	owned
	sized
	views int
	text  string
}

type bumpMsg struct{ text string }

func (s *countingScreen) Title() string                     { return "Counting" }
func (s *countingScreen) HandleKey(tea.KeyPressMsg) tea.Cmd { return nil }
func (s *countingScreen) Capturing() bool                   { return false }
func (s *countingScreen) ShortHelp() []key.Binding          { return nil }
func (s *countingScreen) FullHelp() [][]key.Binding         { return nil }
func (s *countingScreen) View() string                      { s.views++; return "screen shows " + s.text }
func (s *countingScreen) HandleMsg(msg tea.Msg) tea.Cmd {
	if m, ok := msg.(bumpMsg); ok {
		s.text = m.text
	}
	return nil
}

// While only a dialog changes (its keys, the answers to it), the screen
// behind it is drawn once; whatever may reach the screen (a library's
// step, the clock, a resize) has it drawn again, showing its new state.
func TestTheScreenBehindADialogIsDrawnAgainOnlyWhenItMayHaveChanged(t *testing.T) {
	a := New(t.Context(), Options{Session: &Session{Profile: "default"}, Now: func() time.Time { return testNow }})
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	s := &countingScreen{owned: a.c.own(), text: "one"}
	a.Update(pushScreenMsg{screen: s})
	revoke := newRevokeDialog(a.c, []int64{1, 2, 3}, 0)
	a.Update(openDialogMsg{dialog: revoke})
	confirm := newConfirmDialog(a.c, "Quit?", "", "", "", nil)
	a.Update(openDialogMsg{dialog: confirm})

	before := a.render()
	mustContain(t, plain(before), "screen shows one", "Quit?")
	drawn := s.views
	a.Update(press("tab")) // the confirm dialog's focus moves
	a.Update(revokeProgressMsg{reply: reply{revoke.ID()}, done: 1, total: 3})
	a.Update(revokeProgressMsg{reply: reply{revoke.ID()}, done: 2, total: 3})
	frame := a.render()
	if s.views != drawn {
		t.Errorf("the screen was drawn %d more times for messages only the dialogs took", s.views-drawn)
	}
	if frame == before {
		t.Error("the frame stayed the same though the confirm dialog's focus moved")
	}
	mustContain(t, plain(frame), "screen shows one")
	mustContain(t, plain(revoke.Draw()), "2 of 3 done")

	for _, step := range []struct {
		name string
		msg  tea.Msg
		want string
	}{
		{"a step of the screen's own", bumpMsg{"two"}, "screen shows two"},
		{"the clock", clockMsg{}, "screen shows two"},
		{"a resize", tea.WindowSizeMsg{Width: 100, Height: 30}, "screen shows two"},
	} {
		drawn := s.views
		a.Update(step.msg)
		mustContain(t, plain(a.render()), step.want)
		if s.views != drawn+1 {
			t.Errorf("after %s the screen was drawn %d times, want once", step.name, s.views-drawn)
		}
	}
}

// A revoke's end is news: the Tokens table behind the dialog drops the
// revoked tokens at once, though the frame before had it cached.
func TestTheTokensBehindARevokeDialogFollowItsEnd(t *testing.T) {
	a, d := revokingApp(t, 5)
	a.Update(revokeProgressMsg{reply: reply{d.ID()}, done: 4, total: 5})
	mustContain(t, plain(a.render()), "1/5 tokens", "5 marked")
	var results []api.RevokeResult
	for _, id := range d.ids {
		results = append(results, api.RevokeResult{ID: id})
	}
	a.Update(revokeDoneMsg{reply: reply{d.ID()}, results: results})
	frame := plain(a.render())
	mustContain(t, frame, "0/0 tokens", "Revoked 5.")
	mustLack(t, frame, "5 marked")
}

// The header, the tab bar and the key line are kept only while what they
// show stays: the dialog's keys change with its state, the header with
// the clock.
func TestTheChromeFollowsWhatItShows(t *testing.T) {
	a, d := revokingApp(t, 5)
	now := testNow
	a.c.now = func() time.Time { return now }
	mustContain(t, plain(a.render()), "esc back", "10h left", "2 Tokens")
	a.Update(press("esc"))
	if !d.stopping {
		t.Fatal("esc did not stop the revoke")
	}
	mustLack(t, plain(a.render()), "esc back")
	now = now.Add(3 * time.Hour)
	a.Update(clockMsg{})
	mustContain(t, plain(a.render()), "7h left")
	a.Update(revokeDoneMsg{reply: reply{d.ID()}, results: []api.RevokeResult{{ID: 1}}})
	a.Update(press("enter"))
	a.Update(press("1"))
	frame := plain(a.render())
	mustContain(t, frame, "1/3 clients", "enter detail")
	mustLack(t, frame, "enter closes", "marked")
}
