package ui

import (
	"strings"
	"testing"
	"time"
)

// The running revoke's box, kept and filled with the bar and the count,
// is the box the frame style draws from its lines, through a run of
// frames: the count and the bar moving, a rate-limit pause coming and
// going, esc, a quit, another palette, another width.
func TestTheRunningRevokeBoxIsTheBoxItsStyleDraws(t *testing.T) {
	c := newTestCommon()
	c.rate = &rateState{}
	now := testNow
	c.now = func() time.Time { return now }
	d := newRevokeDialog(c, make([]int64, 1060), 0)
	d.SetSize(76, 20)
	check := func(step string) {
		t.Helper()
		want := d.layout().draw()
		if got := d.Draw(); got != want {
			t.Fatalf("%s: the box drawn is\n%s\nits style draws\n%s", step, got, want)
		}
	}
	for done := 0; done <= 1060; done += 53 {
		d.done = done
		check("done " + itoa(done))
	}
	c.rate.until = now.Add(5 * time.Second)
	check("a pause")
	now = now.Add(2 * time.Second)
	check("a pause two seconds on")
	c.rate.paused = true
	check("work paused")
	c.rate.until, c.rate.paused = time.Time{}, false
	check("the pause over")
	d.done = 1000
	d.halt()
	check("esc")
	d.ConfirmQuit()
	check("a quit")
	*c.styles = *NewStyles(false)
	check("the light palette")
	d.SetSize(56, 12)
	check("a narrower dialog")
	d.done = 7
	check("the count at one digit")
}

// A kept box is laid out again when a line that is not live changes.
func TestALiveBoxFollowsItsFixedLines(t *testing.T) {
	st := NewStyles(true).Dialog.Frame
	var b liveBox
	for _, title := range []string{"First", "First", "Second title", "Third"} {
		lines := []string{title, "", "12 of 99"}
		want := st.Width(40).Render(strings.Join(lines, "\n"))
		if got := b.draw(st, true, 40, lines, 2); got != want {
			t.Fatalf("title %q: drew\n%s\nwant\n%s", title, got, want)
		}
	}
}

// The bar drawn from the full bar's cells is the bar progress draws, at
// every number of cells filled, done counted up or jumping back.
func TestTheRevokeBarIsTheBarProgressDraws(t *testing.T) {
	for _, w := range []int{70, 51, 2, 1} {
		d := newRevokeDialog(newTestCommon(), make([]int64, 10), 0)
		d.bar.SetWidth(w)
		var m barMemo
		for _, n := range append(seq(0, w), w/2, 0, w) {
			if got, want := m.view(&d.bar, n, w), d.bar.ViewAs(barShare(n, w)); got != want {
				t.Fatalf("width %d, %d filled: drew %q, progress draws %q", w, n, got, want)
			}
		}
		if m.cells == nil {
			t.Errorf("width %d: the full bar's cells were not told apart; every step draws the bar", w)
		}
	}
}

// seq is lo, lo+1, …, hi.
func seq(lo, hi int) []int {
	var out []int
	for i := lo; i <= hi; i++ {
		out = append(out, i)
	}
	return out
}
