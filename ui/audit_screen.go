package ui

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"chatkeys/api"
	"chatkeys/api/safetext"
	"chatkeys/authflow/audit"
	"chatkeys/ui/format"
)

// auditScreen is the Audit tab: the account's findings (audit.Audit),
// grouped by severity, high first. It follows the lists every tab loads,
// audits them in a command once both have come, and again after a
// revoke; enter shows a finding's subject in its tab, F runs its fix.
type auditScreen struct {
	passive
	sized
	owned
	c *common
	// clients is the Clients list, which the subjects' tabs are found by.
	clients []api.OAuthClient
	tokens  []api.OAuthToken
	// clientsIn and tokensIn say which lists have come; listErr is the
	// last load's failure.
	clientsIn, tokensIn bool
	listErr             error
	loggedOut           bool

	// gen numbers the audits asked; findings are those of audited, the
	// newest answered.
	gen, audited int
	findings     []audit.Finding
	// rows are the list's lines: a heading (finding -1) before each
	// severity's findings; lineOf is the row of each finding, counts the
	// findings of each severity.
	rows   []auditRow
	lineOf []int
	counts map[audit.Severity]int
	cursor int
	offset int // the first row drawn
}

// auditRow is one line of the Audit list: finding i, or the heading of
// sev when finding is -1.
type auditRow struct {
	finding int
	sev     audit.Severity
}

var _ Screen = (*auditScreen)(nil)

// auditDoneMsg answers the Audit tab with the findings of audit gen.
type auditDoneMsg struct {
	reply
	gen      int
	findings []audit.Finding
}

func newAuditScreen(c *common) *auditScreen { return &auditScreen{owned: c.own(), c: c} }

func (s *auditScreen) Title() string   { return "Audit" }
func (s *auditScreen) Capturing() bool { return false }

// HandleMsg follows the lists and revokes, and takes the audit's answer.
func (s *auditScreen) HandleMsg(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case clientsLoadedMsg:
		if s.clientsIn = s.took(msg.err); s.clientsIn {
			s.clients = msg.list
			return s.audit()
		}
	case tokensLoadedMsg:
		if msg.partial {
			return nil
		}
		if s.tokensIn = s.took(msg.err); s.tokensIn {
			s.tokens = msg.list
			return s.audit()
		}
	case tokensRevokedMsg:
		s.tokens = msg.without(s.tokens)
		return s.audit()
	case auditDoneMsg:
		if msg.gen == s.gen {
			s.audited, s.listErr = msg.gen, nil
			s.setFindings(msg.findings)
		}
	}
	return nil
}

// took notes how a list's load ended, and reports whether it came.
func (s *auditScreen) took(err error) bool {
	s.loggedOut = errors.Is(err, errNoClient)
	if err != nil {
		s.listErr = err
	}
	return err == nil
}

// audit asks for the findings of the lists once both have come.
func (s *auditScreen) audit() tea.Cmd {
	if !s.clientsIn || !s.tokensIn {
		return nil
	}
	s.gen++
	return runAudit(s.c, s.id, s.gen, s.clients, s.tokens)
}

// runAudit audits the lists in a command: over a large account it takes
// longer than a frame. It reads chatkeys' own login there too.
func runAudit(c *common, to ownerID, gen int, clients []api.OAuthClient, tokens []api.OAuthToken) tea.Cmd {
	own, now := c.sess.auditOwn(), c.now
	return func() tea.Msg {
		in := audit.Input{Clients: clients, Tokens: tokens, Now: now()}
		if own != nil {
			in.Own = own()
		}
		return auditDoneMsg{reply: reply{to}, gen: gen, findings: audit.Audit(in)}
	}
}

// HandleKey moves through the findings, reloads, jumps and fixes.
func (s *auditScreen) HandleKey(msg tea.KeyPressMsg) tea.Cmd {
	lk := s.c.keys.List
	if cursor, ok := moveCursor(lk, msg, s.cursor, len(s.findings), s.listHeight()); ok {
		s.cursor = cursor
	}
	switch {
	case key.Matches(msg, lk.Reload):
		s.clientsIn, s.tokensIn, s.listErr = false, false, nil
		return tea.Batch(loadClients(s.c), loadTokens(s.c))
	case key.Matches(msg, s.c.keys.Audit.Show):
		if f := s.selected(); f != nil {
			return jumpTo(*f)
		}
	case key.Matches(msg, s.c.keys.Audit.Fix):
		if f := s.selected(); f != nil {
			return s.fix(*f)
		}
	}
	s.cursor = max(min(s.cursor, len(s.findings)-1), 0)
	s.scroll()
	return nil
}

func (s *auditScreen) selected() *audit.Finding {
	if s.cursor >= 0 && s.cursor < len(s.findings) {
		return &s.findings[s.cursor]
	}
	return nil
}

// SetSize keeps the cursor's line in view.
func (s *auditScreen) SetSize(width, height int) {
	s.sized.SetSize(width, height)
	s.scroll()
}

// Lines the tab draws besides the list: the summary above, and below a
// rule and the chosen finding's explanation.
const auditChromeLines = 1 + 1 + auditDetailLines

// auditDetailLines is how many lines the chosen finding's explanation
// may take.
const auditDetailLines = 3

func (s *auditScreen) listHeight() int { return max(s.height-auditChromeLines, 1) }

// setFindings lays the findings out in rows, keeping the cursor on the
// same place in the list.
func (s *auditScreen) setFindings(findings []audit.Finding) {
	s.findings, s.rows, s.lineOf = findings, s.rows[:0], make([]int, len(findings))
	s.counts = map[audit.Severity]int{}
	for i, f := range findings {
		if i == 0 || f.Severity != findings[i-1].Severity {
			s.rows = append(s.rows, auditRow{finding: -1, sev: f.Severity})
		}
		s.lineOf[i] = len(s.rows)
		s.rows = append(s.rows, auditRow{finding: i, sev: f.Severity})
		s.counts[f.Severity]++
	}
	s.cursor = max(min(s.cursor, len(findings)-1), 0)
	s.scroll()
}

// scroll moves the list so the cursor's line, and its heading when it is
// a group's first, are in view.
func (s *auditScreen) scroll() {
	if len(s.findings) == 0 {
		s.offset = 0
		return
	}
	line, h := s.lineOf[s.cursor], s.listHeight()
	top := line
	if s.cursor == 0 || s.findings[s.cursor].Severity != s.findings[s.cursor-1].Severity {
		top-- // show the heading too
	}
	if top < s.offset {
		s.offset = max(top, 0)
	}
	if line >= s.offset+h {
		s.offset = line - h + 1
	}
}

// View draws the summary, the findings by severity and the chosen one's
// explanation whole.
func (s *auditScreen) View() string {
	st := s.c.styles
	switch {
	case s.loggedOut:
		return st.Text.Muted.Render("Not logged in. Press 3 to log in.")
	case s.listErr != nil && s.audited == 0:
		return st.Text.Muted.Render("Could not load the account to audit it. Press r to try again.")
	case s.audited == 0:
		return st.Text.Muted.Render("Auditing the account…")
	case len(s.findings) == 0:
		return st.Text.Success.Render("No findings: every check passed.") + "\n" + st.Text.Muted.Render("r audits again.")
	}
	h := s.listHeight()
	list := lipgloss.NewStyle().Height(h).MaxHeight(h).Render(strings.Join(s.listLines(s.offset, min(s.offset+h, len(s.rows))), "\n"))
	f := s.findings[s.cursor]
	explain := "→ " + safetext.Sanitize(f.Explanation, 1000) + ". " + s.fixWords(f.Fix, true)
	detail := ansi.Wrap(explain, max(s.width, 20), " ")
	if parts := strings.Split(detail, "\n"); len(parts) > auditDetailLines {
		detail = strings.Join(parts[:auditDetailLines], "\n")
	}
	return strings.Join([]string{s.summary(), list, st.Tabs.Gap.Render(strings.Repeat("─", s.width)),
		st.Text.Normal.Render(detail)}, "\n")
}

// summary counts the findings by severity.
func (s *auditScreen) summary() string {
	count := s.counts
	text := fmt.Sprintf("%d finding%s: %d high · %d warn · %d info · %d/%d", len(s.findings), format.Plural(len(s.findings)),
		count[audit.High], count[audit.Warn], count[audit.Info], s.cursor+1, len(s.findings))
	return s.c.styles.Text.Muted.Render(text)
}

// Widths of the finding lines' subject and fix columns.
const (
	auditSubjectW = 26
	auditFixW     = 21
)

// listLines are the list's rows from to end: a heading per severity,
// then its findings, the cursor's reversed.
func (s *auditScreen) listLines(from, end int) []string {
	st := s.c.styles
	lines := make([]string, 0, end-from)
	explainW := max(s.width-auditSubjectW-auditFixW-4, 10)
	for _, row := range s.rows[from:end] {
		if row.finding < 0 {
			lines = append(lines, s.heading(row.sev))
			continue
		}
		f := s.findings[row.finding]
		line := "  " + pad(s.subject(f), auditSubjectW) + " " + pad(safetext.Sanitize(f.Explanation, 300), explainW) + " " +
			pad(s.fixWords(f.Fix, false), auditFixW)
		style := st.Table.Cell
		if row.finding == s.cursor {
			style = st.Table.Selected
		}
		lines = append(lines, style.Render(line))
	}
	return lines
}

// heading names a severity and how many findings have it.
func (s *auditScreen) heading(sev audit.Severity) string {
	text := fmt.Sprintf("%s · %d", strings.ToUpper(sev.String()), s.counts[sev])
	st := s.c.styles.Text
	switch sev {
	case audit.High:
		return st.Danger.Render(text)
	case audit.Warn:
		return st.Warning.Bold(true).Render(text)
	}
	return st.Accent.Bold(true).Render(text)
}

// subject names a finding's subject: a client by id and name, a token by
// id and agent.
func (s *auditScreen) subject(f audit.Finding) string {
	sub := f.Subject
	switch sub.Type {
	case audit.SubjectClient:
		for _, cl := range s.clients {
			if cl.ID == sub.ID {
				return fmt.Sprintf("client %d %s", sub.ID, safetext.Sanitize(cl.Name, 40))
			}
		}
		return fmt.Sprintf("client %d", sub.ID)
	case audit.SubjectToken:
		return fmt.Sprintf("token %d agent %d", sub.ID, sub.AgentID)
	}
	if sub.ID != 0 {
		return fmt.Sprintf("chatkeys' login (token %d)", sub.ID)
	}
	return "chatkeys' login"
}

// pad fits s into exactly w cells.
func pad(s string, w int) string {
	s = fitWidth(s, w)
	if n := w - ansi.StringWidth(s); n > 0 {
		s += strings.Repeat(" ", n)
	}
	return s
}

func (s *auditScreen) ShortHelp() []key.Binding {
	ak := s.c.keys.Audit
	return []key.Binding{ak.Show, ak.Fix, s.c.keys.List.Reload}
}

func (s *auditScreen) FullHelp() [][]key.Binding {
	lk := s.c.keys.List
	return [][]key.Binding{
		{lk.Up, lk.Down, lk.Top, lk.Bottom, lk.PageUp, lk.PageDown},
		{s.c.keys.Audit.Show, s.c.keys.Audit.Fix, lk.Reload},
	}
}
