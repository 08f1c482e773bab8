package ui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"chatkeys/api"
	"chatkeys/api/safetext"
	"chatkeys/ui/format"
)

// nearExpiry is when a token's row turns to the warning colour.
const nearExpiry = 24 * time.Hour

// tokensScreen is the Tokens tab: every token of the account, marked,
// filtered and revoked from the keyboard. It keeps the whole list and a
// slice of the indices that pass the filter; only the visible rows are
// ever drawn, so 100,000 tokens cost no more per frame than 100.
type tokensScreen struct {
	listScreen[api.OAuthToken]
	search  tokenSearch
	names   map[string]string
	clients []api.OAuthClient
	marked  map[int64]bool

	clientFilter string // client identifier from the Clients tab's t, or ""

	// load is the token load whose rows are shown; within it, a part
	// adds to the rows of the parts before. streaming is set while parts
	// arrive.
	load      int
	streaming bool
	// cutLoad is a load whose later parts are ignored: a revoke changed
	// the rows while it streamed (r loads the rest).
	cutLoad int
	// idWidth is the digits of the longest id, which the ID column fits.
	idWidth int
}

var _ Screen = (*tokensScreen)(nil)

// Token table columns.
const (
	tcMark = iota
	tcID
	tcClient
	tcAgent
	tcScopes
	tcCreated
	tcExpires
	tcRefresh
	tcToken
)

func newTokensScreen(c *common) *tokensScreen {
	s := &tokensScreen{names: map[string]string{}, marked: map[int64]bool{}, cutLoad: -1}
	s.listScreen = newListScreen[api.OAuthToken](c, s, "tokens",
		column{title: "✓", width: 1},
		column{title: "ID", width: 5},
		column{title: "Client", min: 10, max: 32, flex: 2},
		column{title: "Agent", width: 9},
		column{title: "Scopes", min: 10, max: 16, flex: 1},
		column{title: "Created", width: 8},
		column{title: "Expires", width: 15},
		column{title: "Refresh", width: 7},
		column{title: "Token", width: 7},
	)
	s.filter.input.Placeholder = "filter, or expired client:NAME agent:ID scope:SCOPE expires<24h created>30d"
	s.restoreSort()
	return s
}

func (s *tokensScreen) Init() tea.Cmd { return loadTokens(s.c) }

func (s *tokensScreen) Title() string { return "Tokens" }

// setTokensFrom takes the list of load: a later part of the load shown
// extends its rows, anything else replaces them.
func (s *tokensScreen) setTokensFrom(load int, list []api.OAuthToken) {
	if load == s.load && s.search.rows() > 0 && s.search.rows() <= len(list) {
		s.extendTokens(list)
		return
	}
	s.load = load
	s.setTokens(list)
}

// extendTokens adds the rows a part of the load brought, which share the
// list's first rows: only their search texts are made, and the cursor
// stays where it is.
func (s *tokensScreen) extendTokens(list []api.OAuthToken) {
	current := s.selectedIndex() // the rows before it stay where they are
	s.all = list
	for i := s.search.rows(); i < len(list); i++ {
		s.search.add(&list[i])
		s.idWidth = max(s.idWidth, digits(list[i].ID))
	}
	s.table.fitWidth(tcID, s.idWidth)
	s.filterKeepingIndex(current)
}

// setTokens replaces the list, keeping marks on tokens that still exist
// and precomputing each row's search text once.
func (s *tokensScreen) setTokens(list []api.OAuthToken) {
	current := s.selectedID() // read before the old indices go stale
	s.all = list
	s.search.reset(len(list))
	alive := make(map[int64]bool, len(s.marked))
	s.idWidth = 0
	for i := range list {
		s.search.add(&list[i])
		s.idWidth = max(s.idWidth, digits(list[i].ID))
		if s.marked[list[i].ID] {
			alive[list[i].ID] = true
		}
	}
	s.marked = alive
	s.table.fitWidth(tcID, s.idWidth)
	s.filterKeeping(current)
}

// applyFilter recomputes the visible rows, keeping the cursor on the same
// token when it is still visible.
func (s *tokensScreen) applyFilter() { s.filterKeepingIndex(s.selectedIndex()) }

// selectedID is the id of the token under the cursor, or -1.
func (s *tokensScreen) selectedID() int64 {
	if t := s.selected(); t != nil {
		return t.ID
	}
	return -1
}

// filterKeeping recomputes the visible rows and puts the cursor back on
// token current when it is still visible.
func (s *tokensScreen) filterKeeping(current int64) {
	at := -1
	if current >= 0 {
		at = slices.IndexFunc(s.all, func(t api.OAuthToken) bool { return t.ID == current })
	}
	s.filterKeepingIndex(at)
}

// filterKeepingIndex recomputes the visible rows and puts the cursor
// back on the token at index at of the list when it is still visible.
func (s *tokensScreen) filterKeepingIndex(at int) {
	q, now := parseFilter(s.filter.Value()), s.c.now()
	s.filter.note = strings.Join(q.problems, " · ")
	match := s.search.matcher(q, s.clientFilter, now)
	s.keep(s.clientFilter+"\x00"+strconv.Itoa(s.search.namesGen)+"\x00"+q.key(now), q.words, match)
	s.cursorTo(at)
}

// sortKey is each token's sort key for column col, as the cell shows
// it: clients by name, expiry with "never" last. The marks do not sort.
func (s *tokensScreen) sortKey(col int) func(row int) uint64 {
	all := s.all
	switch col {
	case tcID:
		return func(i int) uint64 { return signedKey(all[i].ID) }
	case tcClient:
		// Through the clients' numbers: a few names are ranked, not a
		// name per row.
		idents, clientOf := s.search.idents, s.search.clientOf
		byNumber := rankedText(len(idents), func(n int) string { return idents[n] }, s.clientName)
		return func(i int) uint64 { return byNumber(int(clientOf[i])) }
	case tcAgent:
		return func(i int) uint64 { return signedKey(all[i].AgentID) }
	case tcScopes:
		return rankedText(len(all), func(i int) string { return all[i].Scopes }, format.Scopes)
	case tcCreated:
		return func(i int) uint64 { return timeKey(all[i].CreateDate, 0) }
	case tcExpires:
		return func(i int) uint64 { return timeKey(all[i].ExpireDate, ^uint64(0)) }
	case tcRefresh:
		return func(i int) uint64 { return boolKey(all[i].RefreshToken != "") }
	case tcToken:
		return func(i int) uint64 { return textKey(all[i].AccessToken) }
	}
	return nil
}

// clearFilters drops the client filter with "/".
func (s *tokensScreen) clearFilters() { s.clientFilter = "" }

// HandleMsg takes the loaded lists, a client to filter to, and the end of
// a revoke.
func (s *tokensScreen) HandleMsg(msg tea.Msg) tea.Cmd {
	if cmd, ok := s.handleListMsg(msg); ok {
		return cmd
	}
	switch msg := msg.(type) {
	case tokensLoadedMsg:
		if msg.load < s.load || msg.load == s.cutLoad {
			return nil // an older load, overtaken, or one cut short by a revoke
		}
		if msg.partial {
			// The rows so far, on screen while the rest is decoded.
			s.streaming = true
			s.loaded = true
			s.setTokensFrom(msg.load, msg.list)
			return nil
		}
		s.streaming = false
		ok, cmd := s.settle(msg.err)
		if ok {
			s.setTokensFrom(msg.load, msg.list)
		}
		return cmd
	case clientsLoadedMsg:
		if msg.err == nil {
			s.clients = msg.list
			s.names = make(map[string]string, len(msg.list))
			for _, c := range msg.list {
				s.names[c.ClientIdentifier] = c.Name
			}
			s.search.setNames(msg.list)
			s.applyFilter() // the search texts stay: names are matched apart
		}
	case showClientTokensMsg:
		s.clientFilter = msg.clientIdentifier
		s.applyFilter()
	case tokensRevokedMsg:
		s.revoked(msg)
	case tea.PasteMsg:
		s.paste(msg)
	}
	return nil
}

// HandleKey implements the Tokens keys: the keys every table shares, then
// the token actions.
func (s *tokensScreen) HandleKey(msg tea.KeyPressMsg) tea.Cmd {
	if cmd, ok := s.handleKey(msg); ok {
		return cmd
	}
	lk, tk := s.c.keys.List, s.c.keys.Tokens
	switch {
	case key.Matches(msg, tk.Mark):
		if t := s.selected(); t != nil {
			s.toggleMark(t.ID)
			s.table.SetCursor(s.table.Cursor() + 1)
		}
	case key.Matches(msg, tk.MarkAll):
		s.markAllVisible()
	case key.Matches(msg, tk.Revoke):
		return s.confirmRevoke()
	case key.Matches(msg, lk.Open):
		if t := s.selected(); t != nil {
			return pushScreen(newTokenDetail(s.c, *t, s.names[t.ClientIdentifier]))
		}
	case key.Matches(msg, tk.Copy):
		return s.confirmCopy()
	}
	return nil
}

func (s *tokensScreen) clientName(ident string) string {
	if n := s.names[ident]; n != "" {
		return safetext.Sanitize(n, 40)
	}
	return safetext.Sanitize(format.Prefix(ident, 10), 12)
}

// topLines are the lines above the table: the filter and the client
// filter, when in use.
func (s *tokensScreen) topLines() []string {
	top := s.filterLine()
	if s.clientFilter != "" {
		top = append(top, s.c.styles.Text.Accent.Render("client: "+s.clientName(s.clientFilter))+
			s.c.styles.Text.Muted.Render("  (esc shows all)"))
	}
	return top
}

// View draws the filter lines, the table and a count.
func (s *tokensScreen) View() string {
	return s.view(s.cell, s.rowStyle, s.emptyText(), s.summary())
}

func (s *tokensScreen) emptyText() string {
	switch {
	case len(s.all) == 0:
		return "No tokens on this account."
	case s.clientFilter != "" && s.filter.Value() == "":
		return "This client has no tokens. Press esc to see every token."
	}
	return "No token matches the filter. Press esc to clear it."
}

func (s *tokensScreen) summary() string {
	text := fmt.Sprintf("%s tokens", s.table.ScrollInfo())
	if len(s.marked) > 0 {
		text += fmt.Sprintf(" · %d marked", len(s.marked))
		if s.c.keys.Tokens.Revoke.Enabled() {
			text += " (x revokes them)"
		}
	}
	if s.streaming {
		text += " · loading…"
	} else {
		text += s.freshness()
	}
	return s.c.styles.Text.Muted.Render(text)
}

// cell renders one visible cell.
func (s *tokensScreen) cell(row, col int) string {
	t := &s.all[s.visible[row]]
	now := s.c.now()
	switch col {
	case tcMark:
		if s.marked[t.ID] {
			return "✓"
		}
		return " "
	case tcID:
		return strconv.FormatInt(t.ID, 10)
	case tcClient:
		return s.clientName(t.ClientIdentifier)
	case tcAgent:
		return strconv.FormatInt(t.AgentID, 10)
	case tcScopes:
		return format.Scopes(t.Scopes)
	case tcCreated:
		return format.Ago(t.CreateDate, now)
	case tcExpires:
		// The words say what the row's colour says, for a terminal
		// without colour: "expired …", or "soon" within a day.
		if t.ExpireDate != nil && !t.Expired(now) && t.ExpireDate.Sub(now) < nearExpiry {
			return format.Expiry(t.ExpireDate, now) + " · soon"
		}
		return format.Expiry(t.ExpireDate, now)
	case tcRefresh:
		if t.RefreshToken != "" {
			return "yes"
		}
		return "no"
	case tcToken:
		return format.Prefix(t.AccessToken, 6)
	}
	return ""
}

// rowStyle dims expired tokens and warns on those expiring within a day.
func (s *tokensScreen) rowStyle(row int) lipgloss.Style {
	t := &s.all[s.visible[row]]
	st := s.c.styles.Table
	now := s.c.now()
	switch {
	case t.Expired(now):
		return st.Dim
	case s.marked[t.ID]:
		return st.Marked
	case t.ExpireDate != nil && t.ExpireDate.Sub(now) < nearExpiry:
		return st.Warning
	}
	return st.Cell
}

func (s *tokensScreen) ShortHelp() []key.Binding {
	lk, tk := s.c.keys.List, s.c.keys.Tokens
	return []key.Binding{tk.Mark, tk.Revoke, lk.Filter, lk.Open, tk.Copy, lk.Sort}
}

func (s *tokensScreen) FullHelp() [][]key.Binding {
	lk, tk := s.c.keys.List, s.c.keys.Tokens
	return [][]key.Binding{
		s.moveKeys(),
		{tk.Mark, tk.MarkAll, tk.Revoke, tk.Copy},
		append([]key.Binding{lk.Filter, lk.ClearFilter, lk.Reload, lk.Open}, s.steerKeys()...),
	}
}
