package ui

import (
	"fmt"
	"math"
	"strings"
	"sync"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"chatkeys/api"
	"chatkeys/api/safetext"
	"chatkeys/ui/format"
)

// revokeDialog runs a bulk revoke and shows its progress, the rate-limit
// pause when there is one, then exactly what happened: which tokens were
// revoked, which failed and which were not tried. esc stops a running
// revoke gently: requests in flight finish, nothing new is sent. It
// cannot be closed before the outcome of every token is known.
type revokeDialog struct {
	sized
	owned
	c   *common
	ids []int64
	// ownID is chatkeys' own token when ids hold it, else 0: it is
	// revoked last.
	ownID       int64
	done, total int
	results     []api.RevokeResult
	bar         progress.Model
	barMemo     barMemo
	box         liveBox // the box while the revoke runs

	stop      chan struct{}
	stopOnce  *sync.Once
	stopping  bool
	quitAsked bool // a quit came while running: it stopped the work first
}

var _ Dialog = (*revokeDialog)(nil)

func newRevokeDialog(c *common, ids []int64, own int64) *revokeDialog {
	bar := progress.New(progress.WithDefaultBlend(), progress.WithoutPercentage())
	return &revokeDialog{owned: c.own(), c: c, ids: ids, ownID: own, total: len(ids), bar: bar, stop: make(chan struct{}), stopOnce: &sync.Once{}}
}

// Init starts the revoke.
func (d *revokeDialog) Init() tea.Cmd { return revokeTokens(d.c, d.id, d.ids, d.ownID, d.stop) }

// HandleMsg follows progress, stops on esc, then waits for enter.
func (d *revokeDialog) HandleMsg(msg tea.Msg) Action {
	switch msg := msg.(type) {
	case revokeProgressMsg:
		d.done, d.total = msg.done, msg.total
		return actionRun{msg.next}
	case revokeDoneMsg:
		d.results = msg.results
		d.done = len(msg.results)
		return actionRun{reportErr(d.failure())}
	case tea.KeyPressMsg:
		closeKey := key.Matches(msg, d.c.keys.Secret.Close) || key.Matches(msg, d.c.keys.Global.Back)
		switch {
		case d.results != nil && closeKey:
			return actionClose{then: d.summaryStatus()}
		case d.results == nil && key.Matches(msg, d.c.keys.Global.Back):
			d.halt()
		}
	}
	return actionNone{}
}

// halt stops the work gently: what was sent finishes, nothing new goes.
func (d *revokeDialog) halt() {
	d.stopping = true
	d.stopOnce.Do(func() { close(d.stop) })
}

// ConfirmQuit, while the revoke runs, stops it gently instead, so the
// summary can say what happened to every token; asked again, it lets the
// quit through (and the requests in flight are cancelled).
func (d *revokeDialog) ConfirmQuit() bool {
	if d.results != nil || d.quitAsked {
		return false
	}
	d.quitAsked = true
	d.halt()
	return true
}

// failure is the error shown in the status line when some were not
// revoked.
func (d *revokeDialog) failure() error {
	revoked, failed, notTried := api.Tally(d.results)
	switch {
	case len(failed) > 0:
		return fmt.Errorf("%d of %d tokens were not revoked (%d failed, %d not tried); they stay marked: %w",
			len(failed)+len(notTried), len(d.results), len(failed), len(notTried), failed[0].Err)
	case len(notTried) > 0:
		return fmt.Errorf("stopped: revoked %d of %d; %d not tried stay marked", len(revoked), len(d.results), len(notTried))
	}
	return nil
}

func (d *revokeDialog) summaryStatus() tea.Cmd {
	if revoked, failed, notTried := api.Tally(d.results); len(failed)+len(notTried) == 0 {
		return info(fmt.Sprintf("Revoked %d token%s.", len(revoked), format.Plural(len(revoked))))
	}
	return nil
}

// SetSize fits the dialog, and its progress bar, into width×height.
func (d *revokeDialog) SetSize(width, height int) {
	d.sized.SetSize(width, height)
	d.bar.SetWidth(width - d.c.styles.Dialog.Frame.GetHorizontalFrameSize())
}

// Draw shows the bar and any rate-limit pause while running, and the
// outcome of every token at the end.
func (d *revokeDialog) Draw() string {
	b := d.layout()
	if d.results == nil {
		return d.box.draw(b.frame, d.c.styles.Dark, b.width, b.parts, revokeLiveLines...)
	}
	return b.draw()
}

// revokeLiveLines are the lines of the running box that change as the
// revoke goes: the bar and the count.
var revokeLiveLines = []int{2, 3}

// layout is the box: while running, the bar, any rate-limit pause and a
// Stop button that a click presses as esc; at the end, the outcome of
// every token and a Close button that a click presses as enter.
func (d *revokeDialog) layout() *dialogBox {
	s := d.c.styles.Dialog
	b := newDialogBox(s.Frame, d.width)
	inner := b.inner()
	b.add(d.progressLines()...)
	if d.results == nil {
		if wait := d.c.rate.describe(d.c.now()); wait != "" {
			b.add(d.c.styles.Text.Warning.Width(inner).Render(wait))
		}
		b.add("")
		switch {
		case d.quitAsked:
			b.add(s.Muted.Width(inner).Render("Stopping before quitting: the requests already sent finish, so the summary can say what was done. ctrl+c again quits at once."))
		case d.stopping:
			b.add(s.Muted.Width(inner).Render("Stopping: the requests already sent finish; nothing new is sent."))
		default:
			b.buttons(buttonGap, dialogLabel{s.Button.Render("Stop"), pressing(d, d.c.keys.Global.Back)},
				dialogLabel{text: s.Muted.Render("esc stops (what was sent finishes)")})
		}
		return b
	}
	revoked, failed, notTried := api.Tally(d.results)
	b.add("", d.c.styles.Text.Success.Render(fmt.Sprintf("Revoked %d.", len(revoked))))
	room := max(d.height-16, 3)
	if len(failed) > 0 {
		stay := "they stay"
		if len(failed) == 1 {
			stay = "it stays"
		}
		b.add(s.Danger.Render(fmt.Sprintf("%d not revoked; %s marked:", len(failed), stay)))
		for i, r := range failed {
			if i == room {
				b.add(fmt.Sprintf("… and %d more", len(failed)-room))
				break
			}
			b.add(s.Body.Width(inner).Render(fmt.Sprintf("#%d: %s", r.ID, safetext.Sanitize(r.Err.Error(), 100))))
		}
	}
	if len(notTried) > 0 {
		b.add(d.c.styles.Text.Warning.Width(inner).Render(
			fmt.Sprintf("%d not tried (stopped first); they stay marked: %s", len(notTried), idList(notTried, 12))))
	}
	b.add("")
	b.buttons(buttonGap, dialogLabel{s.ActiveButton.Render("Close"), pressing(d, d.c.keys.Secret.Close)},
		dialogLabel{text: s.Muted.Render("enter closes")})
	return b
}

// progressLines are the lines of the box down to the count.
func (d *revokeDialog) progressLines() []string {
	return []string{d.c.styles.Dialog.Title.Render("Revoking tokens"), "",
		d.barMemo.view(&d.bar, d.done, d.total), fmt.Sprintf("%d of %d done", d.done, d.total)}
}

// barMemo keeps the progress bar drawn last. The bar has one cell a step
// (of its width), so it changes about every total/width tokens while
// progress comes up to sixty times a second; each filled cell of its
// blend is styled on its own, which makes drawing it the dearest part of
// the box. The bar's blend spans its whole width however much is filled,
// so a bar with n cells filled is the first n cells of the full bar
// followed by the empty cells: the full bar's cells are drawn once for
// each width, and checked against the bar itself half filled.
type barMemo struct {
	width, filled int
	drawn         string
	ok            bool

	// cells are the cells of the full bar cellsW wide, each as drawn; nil
	// when they could not be told apart, or did not make the bar.
	cellsW int
	cells  []string
}

// view draws bar with done of total done: full cells for the share done,
// rounded to the nearest cell, as the bar itself rounds it.
func (m *barMemo) view(bar *progress.Model, done, total int) string {
	w, filled := bar.Width(), 0
	if total > 0 && w > 0 {
		filled = max(0, min(w, int(math.Round(float64(w)*float64(done)/float64(total)))))
	}
	if m.ok && m.width == w && m.filled == filled {
		return m.drawn
	}
	if m.cellsW != w || !m.ok {
		m.cellsW, m.cells = w, barCells(bar)
	}
	m.width, m.filled, m.ok = w, filled, true
	if m.cells == nil {
		m.drawn = bar.ViewAs(barShare(filled, w))
	} else {
		m.drawn = strings.Join(m.cells[:filled], "") + emptyCells(bar, w-filled)
	}
	return m.drawn
}

// barShare is the share of a bar w cells wide that fills n of them.
func barShare(n, w int) float64 {
	if w <= 0 {
		return 0
	}
	return float64(n) / float64(w)
}

// barCells splits bar, drawn full, into its cells, each ending in the
// reset that closes its style; nil unless the cells and no empty ones
// make the full bar, and half of them and empty ones the bar half filled,
// as bar draws them.
func barCells(bar *progress.Model) []string {
	w := bar.Width()
	if w <= 0 {
		return nil
	}
	full := bar.ViewAs(1)
	pieces := strings.SplitAfter(full, ansi.ResetStyle)
	if len(pieces) < w {
		return nil
	}
	cells := pieces[:w]
	if strings.Join(cells, "")+emptyCells(bar, 0) != full {
		return nil
	}
	if half := w / 2; strings.Join(cells[:half], "")+emptyCells(bar, w-half) != bar.ViewAs(barShare(half, w)) {
		return nil
	}
	return cells
}

// emptyCells are n empty cells of bar, as bar draws them.
func emptyCells(bar *progress.Model, n int) string {
	return lipgloss.NewStyle().Foreground(bar.EmptyColor).Render(strings.Repeat(string(bar.Empty), max(n, 0)))
}

// idList names up to n ids, then how many more.
func idList(results []api.RevokeResult, n int) string {
	var parts []string
	for i, r := range results {
		if i == n {
			parts = append(parts, fmt.Sprintf("and %d more", len(results)-n))
			break
		}
		parts = append(parts, fmt.Sprintf("#%d", r.ID))
	}
	return strings.Join(parts, " ")
}

func (d *revokeDialog) ShortHelp() []key.Binding {
	if d.results == nil {
		if d.stopping {
			return nil
		}
		return []key.Binding{key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back"))}
	}
	return []key.Binding{d.c.keys.Secret.Close}
}

func (d *revokeDialog) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }
