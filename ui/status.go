package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"chatkeys/api/safetext"
)

// infoLifetime is how long an info message stays in the status line.
const infoLifetime = 4 * time.Second

// status is the footer's message: info that expires, or an error that
// stays until the next key and carries a hint.
type status struct {
	text string
	hint string
	err  bool
	seq  int
}

// set replaces the status and returns the command that will expire it.
func (s *status) set(m statusMsg) tea.Cmd {
	s.seq++
	if m.err != nil {
		s.text = safetext.Sanitize(m.err.Error(), 300)
		s.hint = safetext.Sanitize(hintFor(m.err), 200)
		s.err = true
		return nil
	}
	if s.err {
		return nil // an error stays until the next key; news can wait
	}
	s.text, s.hint, s.err = safetext.Sanitize(m.text, 300), "", false
	seq := s.seq
	return tea.Tick(infoLifetime, func(time.Time) tea.Msg { return statusExpiredMsg{seq} })
}

// expire clears an info message if no newer one replaced it.
func (s *status) expire(seq int) {
	if seq == s.seq && !s.err {
		*s = status{seq: s.seq}
	}
}

// clearError drops an error once the user has pressed a key.
func (s *status) clearError() {
	if s.err {
		*s = status{seq: s.seq + 1}
	}
}
