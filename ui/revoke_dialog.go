package ui

import (
	"chatkeys/ui/format"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	tea "charm.land/bubbletea/v2"

	"chatkeys/api"
)

// revokeDialog runs a bulk revoke and shows its progress, then what failed.
// It cannot be closed while requests are in flight: the outcome of each
// token must be known before the table changes.
type revokeDialog struct {
	c           *common
	ids         []int64
	done, total int
	results     []api.RevokeResult
	bar         progress.Model
}

var _ Dialog = (*revokeDialog)(nil)

func newRevokeDialog(c *common, ids []int64) *revokeDialog {
	bar := progress.New(progress.WithDefaultBlend(), progress.WithoutPercentage())
	return &revokeDialog{c: c, ids: ids, total: len(ids), bar: bar}
}

// Init starts the revoke.
func (d *revokeDialog) Init() tea.Cmd { return revokeTokens(d.c, d.ids, d) }

// HandleMsg follows progress, then waits for enter.
func (d *revokeDialog) HandleMsg(msg tea.Msg) Action {
	switch msg := msg.(type) {
	case revokeProgressMsg:
		if msg.owner != d {
			return actionNone{}
		}
		d.done, d.total = msg.done, msg.total
		return actionRun{msg.next}
	case revokeDoneMsg:
		if msg.owner != d {
			return actionNone{}
		}
		d.results = msg.results
		d.done = len(msg.results)
		return actionRun{reportErr(d.failure())}
	case tea.KeyPressMsg:
		if d.results != nil && (key.Matches(msg, d.c.keys.Secret.Close) || key.Matches(msg, d.c.keys.Global.Back)) {
			return actionClose{then: d.summaryStatus()}
		}
	}
	return actionNone{}
}

func (d *revokeDialog) failed() []api.RevokeResult {
	var out []api.RevokeResult
	for _, r := range d.results {
		if r.Err != nil {
			out = append(out, r)
		}
	}
	return out
}

// failure is the error shown in the status line when some failed.
func (d *revokeDialog) failure() error {
	if f := d.failed(); len(f) > 0 {
		return fmt.Errorf("%d of %d tokens were not revoked; they stay marked: %w", len(f), len(d.results), f[0].Err)
	}
	return nil
}

func (d *revokeDialog) summaryStatus() tea.Cmd {
	if len(d.failed()) > 0 {
		return nil
	}
	return info(fmt.Sprintf("Revoked %d token%s.", len(d.results), format.Plural(len(d.results))))
}

// Draw shows the bar while running, and the failures at the end.
func (d *revokeDialog) Draw(width, height int) string {
	s := d.c.styles.Dialog
	inner := width - s.Frame.GetHorizontalFrameSize()
	lines := []string{s.Title.Render("Revoking tokens"), ""}
	d.bar.SetWidth(inner)
	pct := 0.0
	if d.total > 0 {
		pct = float64(d.done) / float64(d.total)
	}
	lines = append(lines, d.bar.ViewAs(pct), fmt.Sprintf("%d of %d done", d.done, d.total))
	if d.results != nil {
		failed := d.failed()
		ok := len(d.results) - len(failed)
		lines = append(lines, "", d.c.styles.Text.Success.Render(fmt.Sprintf("Revoked %d.", ok)))
		if len(failed) > 0 {
			lines = append(lines, s.Danger.Render(fmt.Sprintf("%d failed and stay marked:", len(failed))))
			room := max(height-14, 3)
			for i, r := range failed {
				if i == room {
					lines = append(lines, fmt.Sprintf("… and %d more", len(failed)-room))
					break
				}
				lines = append(lines, s.Body.Width(inner).Render(fmt.Sprintf("#%d: %s", r.ID, api.Sanitize(r.Err.Error(), 100))))
			}
		}
		lines = append(lines, "", s.Muted.Render("enter closes"))
	}
	return s.Frame.Width(width).Render(strings.Join(lines, "\n"))
}

func (d *revokeDialog) ShortHelp() []key.Binding {
	if d.results == nil {
		return nil
	}
	return []key.Binding{d.c.keys.Secret.Close}
}

func (d *revokeDialog) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }
