package ui

import (
	"fmt"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"chatkeys/authflow/history"
	"chatkeys/ui/format"
)

// HistoryReader reads chatkeys' history of admin actions, as
// history.Recorder.Read does.
type HistoryReader func(history.Filter) (history.Log, error)

// historyScreen is the history of admin actions, read-only: one row per
// target of each action, newest last, the cursor starting on it. It reads
// the history when it opens and on r.
type historyScreen struct {
	passive
	owned
	c     *common
	read  HistoryReader // nil: there is no history to read
	where string        // the history's file, "" when kept in memory
	rows  []history.Row
	table *listTable

	loading bool
	skipped int
	err     error
}

var _ Screen = (*historyScreen)(nil)

// historyReadMsg answers the history view with what was read.
type historyReadMsg struct {
	reply
	log history.Log
	err error
}

// History columns.
const (
	hcTime = iota
	hcProfile
	hcAccount
	hcAgent
	hcAction
	hcTarget
	hcResult
)

func newHistoryScreen(c *common, read HistoryReader, where string) *historyScreen {
	return &historyScreen{owned: c.own(), c: c, read: read, where: where, loading: read != nil,
		table: newListTable(
			column{title: "Time", width: 19},
			column{title: "Profile", min: 7, max: 16, flex: 1},
			column{title: "Account", min: 7, max: 30, flex: 2},
			column{title: "Agent", width: 9},
			column{title: "Action", min: 14, max: 20, flex: 2},
			column{title: "Target", min: 10, flex: 2},
			column{title: "Result", min: 9, max: 26, flex: 3},
		)}
}

func (s *historyScreen) Init() tea.Cmd { return s.load() }

// load reads the history in a command.
func (s *historyScreen) load() tea.Cmd {
	if s.read == nil {
		return nil
	}
	s.loading = true
	read, to := s.read, s.id
	return func() tea.Msg {
		log, err := read(history.Filter{})
		return historyReadMsg{reply{to}, log, err}
	}
}

func (s *historyScreen) Title() string   { return "History" }
func (s *historyScreen) Capturing() bool { return false }

// HandleMsg takes what was read, the cursor on the newest row.
func (s *historyScreen) HandleMsg(msg tea.Msg) tea.Cmd {
	m, ok := msg.(historyReadMsg)
	if !ok {
		return nil
	}
	s.loading, s.err = false, m.err
	if m.err != nil {
		return reportErr(fmt.Errorf("read the history: %w", m.err))
	}
	s.rows, s.skipped = history.Rows(m.log.Entries), m.log.Skipped
	s.table.SetLen(len(s.rows))
	s.table.SetCursor(len(s.rows) - 1)
	return nil
}

// HandleKey moves through the rows and reloads; esc, the root's, goes
// back.
func (s *historyScreen) HandleKey(msg tea.KeyPressMsg) tea.Cmd {
	if s.table.HandleKey(s.c.keys.List, msg) {
		return nil
	}
	if key.Matches(msg, s.c.keys.List.Reload) {
		return s.load()
	}
	return nil
}

// narrowHistory is the width below which times leave out the seconds.
const narrowHistory = 100

// timeLayout is how the Time column writes a time at the table's width.
func (s *historyScreen) timeLayout() string {
	if s.table.width < narrowHistory {
		return "2006-01-02 15:04"
	}
	return time.DateTime
}

// SetSize fits the table above its summary line; a narrow one gives the
// times less room.
func (s *historyScreen) SetSize(width, height int) {
	s.table.columns[hcTime].width = len(time.DateTime)
	if width < narrowHistory {
		s.table.columns[hcTime].width = len("2006-01-02 15:04")
	}
	s.table.SetSize(width, height-1)
}

// View draws the table, or why there are no rows, and a summary.
func (s *historyScreen) View() string {
	st := s.c.styles
	switch {
	case s.read == nil:
		return st.Text.Muted.Render("No history: chatkeys keeps it in $XDG_STATE_HOME/chatkeys, else ~/.local/state/chatkeys, and neither is set.")
	case s.loading && s.rows == nil:
		return st.Text.Muted.Render("Reading the history…")
	case s.err != nil && s.rows == nil:
		return st.Text.Muted.Render("Could not read the history. Press r to try again.")
	}
	body := s.table.Render(st, s.cell, nil)
	if len(s.rows) == 0 {
		body += "\n" + st.Text.Muted.Render("No admin action recorded yet.")
	}
	where := "kept in memory for this session"
	if s.where != "" {
		where = s.where
	}
	summary := fmt.Sprintf("%s rows · newest last · %s", s.table.ScrollInfo(), where)
	if s.skipped > 0 {
		summary += fmt.Sprintf(" · %d line%s skipped", s.skipped, format.Plural(s.skipped))
	}
	h := s.table.height
	return lipgloss.NewStyle().Height(h).MaxHeight(h).Render(body) + "\n" + st.Text.Muted.Render(fitWidth(summary, s.table.width))
}

// cell is one cell of the visible rows, the time in the clock's zone.
// The table sanitises every cell: the history file may hold anything.
func (s *historyScreen) cell(row, col int) string {
	r := &s.rows[row]
	switch col {
	case hcTime:
		return r.Time.In(s.c.now().Location()).Format(s.timeLayout())
	case hcProfile:
		return r.Profile
	case hcAccount:
		return r.Account
	case hcAgent:
		return r.Agent
	case hcAction:
		return r.Action
	case hcTarget:
		return r.Target
	case hcResult:
		return r.Result
	}
	return ""
}

func (s *historyScreen) ShortHelp() []key.Binding {
	lk := s.c.keys.List
	return []key.Binding{lk.Up, lk.Down, lk.Reload, s.c.keys.Global.Back}
}

func (s *historyScreen) FullHelp() [][]key.Binding {
	lk := s.c.keys.List
	return [][]key.Binding{{lk.Up, lk.Down, lk.Top, lk.Bottom, lk.PageUp, lk.PageDown}, {lk.Reload, s.c.keys.Global.Back}}
}
