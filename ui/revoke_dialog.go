package ui

import (
	"fmt"
	"strings"
	"sync"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	tea "charm.land/bubbletea/v2"

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
	c           *common
	ids         []int64
	done, total int
	results     []api.RevokeResult
	bar         progress.Model

	stop      chan struct{}
	stopOnce  *sync.Once
	stopping  bool
	quitAsked bool // a quit came while running: it stopped the work first
}

var _ Dialog = (*revokeDialog)(nil)

func newRevokeDialog(c *common, ids []int64) *revokeDialog {
	bar := progress.New(progress.WithDefaultBlend(), progress.WithoutPercentage())
	return &revokeDialog{owned: c.own(), c: c, ids: ids, total: len(ids), bar: bar, stop: make(chan struct{}), stopOnce: &sync.Once{}}
}

// Init starts the revoke.
func (d *revokeDialog) Init() tea.Cmd { return revokeTokens(d.c, d.id, d.ids, d.stop) }

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

// Draw shows the bar and any rate-limit pause while running, and the
// outcome of every token at the end.
// SetSize fits the dialog, and its progress bar, into width×height.
func (d *revokeDialog) SetSize(width, height int) {
	d.sized.SetSize(width, height)
	d.bar.SetWidth(width - d.c.styles.Dialog.Frame.GetHorizontalFrameSize())
}

func (d *revokeDialog) Draw() string {
	s := d.c.styles.Dialog
	width, height := d.width, d.height
	inner := width - s.Frame.GetHorizontalFrameSize()
	lines := []string{s.Title.Render("Revoking tokens"), ""}
	pct := 0.0
	if d.total > 0 {
		pct = float64(d.done) / float64(d.total)
	}
	lines = append(lines, d.bar.ViewAs(pct), fmt.Sprintf("%d of %d done", d.done, d.total))
	if d.results == nil {
		if wait := d.c.rate.describe(d.c.now()); wait != "" {
			lines = append(lines, d.c.styles.Text.Warning.Width(inner).Render(wait))
		}
		switch {
		case d.quitAsked:
			lines = append(lines, "", s.Muted.Width(inner).Render("Stopping before quitting: the requests already sent finish, so the summary can say what was done. ctrl+c again quits at once."))
		case d.stopping:
			lines = append(lines, "", s.Muted.Width(inner).Render("Stopping: the requests already sent finish; nothing new is sent."))
		default:
			lines = append(lines, "", s.Muted.Render("esc stops (what was sent finishes)"))
		}
		return s.Frame.Width(width).Render(strings.Join(lines, "\n"))
	}
	revoked, failed, notTried := api.Tally(d.results)
	lines = append(lines, "", d.c.styles.Text.Success.Render(fmt.Sprintf("Revoked %d.", len(revoked))))
	room := max(height-16, 3)
	if len(failed) > 0 {
		stay := "they stay"
		if len(failed) == 1 {
			stay = "it stays"
		}
		lines = append(lines, s.Danger.Render(fmt.Sprintf("%d not revoked; %s marked:", len(failed), stay)))
		for i, r := range failed {
			if i == room {
				lines = append(lines, fmt.Sprintf("… and %d more", len(failed)-room))
				break
			}
			lines = append(lines, s.Body.Width(inner).Render(fmt.Sprintf("#%d: %s", r.ID, safetext.Sanitize(r.Err.Error(), 100))))
		}
	}
	if len(notTried) > 0 {
		lines = append(lines, d.c.styles.Text.Warning.Width(inner).Render(
			fmt.Sprintf("%d not tried (stopped first); they stay marked: %s", len(notTried), idList(notTried, 12))))
	}
	lines = append(lines, "", s.Muted.Render("enter closes"))
	return s.Frame.Width(width).Render(strings.Join(lines, "\n"))
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
		return []key.Binding{key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "stop"))}
	}
	return []key.Binding{d.c.keys.Secret.Close}
}

func (d *revokeDialog) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }
