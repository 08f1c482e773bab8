package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"chatkeys/api"
	"chatkeys/ui/format"
)

// This file shows the server's rate-limit pauses: the API client reports
// each one on a channel (Options.RateWaits), the root turns it into a
// countdown in the status line, and the revoke dialog shows it too.

// rateWaitMsg is a pause the API client announced.
type rateWaitMsg struct{ wait api.RateWait }

// rateTickMsg redraws the countdown once a second while a pause lasts.
type rateTickMsg struct{}

// rateState is the pause in force, if any; only the root changes it.
type rateState struct {
	until  time.Time
	paused bool // longer than the retry bound: bulk work waits, single requests fail
}

// left is how long the pause still lasts at now; 0 when none does.
func (r *rateState) left(now time.Time) time.Duration {
	if r == nil || !r.until.After(now) {
		return 0
	}
	return r.until.Sub(now)
}

// describe is the countdown line, or "" when no pause lasts.
func (r *rateState) describe(now time.Time) string {
	left := r.left(now)
	if left <= 0 {
		return ""
	}
	secs := (left + time.Second - 1).Truncate(time.Second)
	if r.paused {
		return "⏸ Zendesk's rate limit: work paused for " + format.Span(secs) + " (" + secs.String() + "), as the server asked"
	}
	return "⏳ Zendesk's rate limit: retrying in " + secs.String()
}

// waitForRate receives the next pause from ch.
func waitForRate(ch <-chan api.RateWait) tea.Cmd {
	if ch == nil {
		return nil
	}
	return func() tea.Msg { return rateWaitMsg{<-ch} }
}

func rateTick() tea.Cmd {
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return rateTickMsg{} })
}
