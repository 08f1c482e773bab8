package ui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"chatkeys/api"
	"chatkeys/ui/format"
)

// showClientTokensMsg filters the Tokens tab to one client (t on Clients).
type showClientTokensMsg struct{ clientIdentifier string }

// clientsScreen is the Clients tab: the account's OAuth clients, with
// create, edit, delete, rotate and a jump to their tokens.
type clientsScreen struct {
	passive
	c         *common
	all       []api.OAuthClient
	visible   []int
	tokens    map[string]int // token count per client identifier
	filter    filterBar
	table     *listTable
	loading   bool
	loaded    bool
	loggedOut bool  // no token: the table says how to log in
	loadErr   error // the last load failed: the table says so
}

var _ Screen = (*clientsScreen)(nil)

const (
	ccID = iota
	ccName
	ccCompany
	ccType
	ccScopes
	ccRedirects
	ccSecret
	ccUpdated
)

func newClientsScreen(c *common) *clientsScreen {
	return &clientsScreen{
		c:      c,
		tokens: map[string]int{},
		filter: newFilterBar(c),
		table: newListTable(
			column{title: "ID", width: 4},
			column{title: "Name", min: 8, max: 32, flex: 3},
			column{title: "Company", min: 6, max: 24, flex: 2},
			column{title: "Type", width: 12},
			column{title: "Scopes", width: 10},
			column{title: "Redirect URIs", min: 8, flex: 3},
			column{title: "Secret", width: 9},
			column{title: "Updated", width: 8},
		),
		loading: true,
	}
}

func (s *clientsScreen) Init() tea.Cmd   { return loadClients(s.c) }
func (s *clientsScreen) Title() string   { return "Clients" }
func (s *clientsScreen) Capturing() bool { return s.filter.Active() }

func (s *clientsScreen) applyFilter() {
	words := strings.Fields(s.filter.Value())
	s.visible = s.visible[:0]
	for i, c := range s.all {
		hay := strings.ToLower(fmt.Sprint(c.ID, " ", c.Name, " ", c.Company, " ", c.ClientIdentifier, " ",
			c.Type(), " ", c.Scopes, " ", c.RedirectURIs.String()))
		if matchAll(hay, words) {
			s.visible = append(s.visible, i)
		}
	}
	s.table.SetLen(len(s.visible))
}

func (s *clientsScreen) selected() *api.OAuthClient {
	if i := s.table.Cursor(); i >= 0 && i < len(s.visible) {
		return &s.all[s.visible[i]]
	}
	return nil
}

// HandleMsg keeps the list in step with loads, saves, deletes and tokens.
func (s *clientsScreen) HandleMsg(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case clientsLoadedMsg:
		s.loading = false
		s.loggedOut = errors.Is(msg.err, errNoClient)
		s.loadErr = msg.err
		if msg.err != nil && !s.loggedOut {
			return reportErr(msg.err)
		}
		if msg.err != nil {
			return nil
		}
		s.loaded = true
		s.all = msg.list
		s.applyFilter()
	case tokensLoadedMsg:
		if msg.err == nil {
			s.tokens = map[string]int{}
			for _, t := range msg.list {
				s.tokens[t.ClientIdentifier]++
			}
		}
	case clientSavedMsg:
		if msg.client != nil { // also when the type update after a create failed
			return loadClients(s.c)
		}
	case clientDeletedMsg:
		if msg.err != nil {
			return reportErr(msg.err)
		}
		return tea.Batch(info(fmt.Sprintf("Deleted client %d.", msg.id)), loadClients(s.c), loadTokens(s.c))
	case secretRotatedMsg:
		if msg.err != nil {
			return reportErr(msg.err)
		}
		return tea.Batch(showSecret(s.secretModal(msg), "the new secret"), loadClients(s.c))
	case tea.PasteMsg:
		if s.filter.Active() && s.filter.HandlePaste(msg) {
			s.applyFilter()
		}
	}
	return nil
}

// secretModal shows a rotated secret once; s saves it into the profile
// when this is the client chatkeys logs in with.
func (s *clientsScreen) secretModal(msg secretRotatedMsg) *secretModal {
	m := newSecretModal(s.c, fmt.Sprintf("New secret for %q", api.Sanitize(msg.client.Name, 40)),
		"The old secret stopped working. Zendesk shows the new one only once, and so does chatkeys.", msg.secret)
	if s.c.isLoginClient(msg.client.ClientIdentifier) && s.c.saveSecret != nil {
		m.withSave("save to profile", s.c.saveSecret)
		m.note += " This is chatkeys' own login client: press s to save the secret into the profile."
	}
	return m
}

// HandleKey implements the Clients keys: an active filter takes every key,
// then the table's movement keys, then the list and client actions.
func (s *clientsScreen) HandleKey(msg tea.KeyPressMsg) tea.Cmd {
	if s.filter.Active() {
		changed, cmd := s.filter.HandleKey(msg)
		if changed {
			s.applyFilter()
		}
		return cmd
	}
	lk, ck := s.c.keys.List, s.c.keys.Clients
	if s.table.HandleKey(lk, msg) {
		return nil
	}
	sel := s.selected()
	switch {
	case key.Matches(msg, lk.Filter):
		return s.filter.Start()
	case key.Matches(msg, lk.ClearFilter):
		s.filter.Clear()
		s.applyFilter()
	case key.Matches(msg, lk.Reload):
		s.loading = true
		return tea.Batch(loadClients(s.c), loadTokens(s.c))
	case key.Matches(msg, ck.New):
		return pushScreen(newClientForm(s.c, nil))
	case sel == nil:
		return nil
	case key.Matches(msg, lk.Open):
		return pushScreen(newClientDetail(s.c, *sel, s.tokens[sel.ClientIdentifier]))
	case key.Matches(msg, ck.Edit):
		return pushScreen(newClientForm(s.c, sel))
	case key.Matches(msg, ck.Delete):
		return confirmDeleteClient(s.c, *sel)
	case key.Matches(msg, ck.Rotate):
		return confirmRotate(s.c, *sel)
	case key.Matches(msg, ck.Tokens):
		return showTokensOf(sel.ClientIdentifier)
	}
	return nil
}

// confirmDeleteClient asks before deleting, in red when it is chatkeys' own
// login client.
func confirmDeleteClient(c *common, cl api.OAuthClient) tea.Cmd {
	warning := ""
	if c.isLoginClient(cl.ClientIdentifier) {
		warning = "This is the client chatkeys logs in with. Deleting it ends chatkeys' login: you will have to set up another client."
	}
	body := fmt.Sprintf("Delete client %d %q? Every token it minted stops working.", cl.ID, api.Sanitize(cl.Name, 40))
	return openDialog(newConfirmDialog(c, "Delete client", body, warning, "Delete", deleteClient(c, cl.ID)))
}

// confirmRotate asks before generating a new secret.
func confirmRotate(c *common, cl api.OAuthClient) tea.Cmd {
	body := fmt.Sprintf("Generate a new secret for %q? The old secret stops working at once.", api.Sanitize(cl.Name, 40))
	warning := ""
	switch {
	case c.isLoginClient(cl.ClientIdentifier) && c.saveSecret != nil:
		warning = "chatkeys logs in with this client: save the new secret into the profile (s) in the next step, or refresh will fail."
	case c.isLoginClient(cl.ClientIdentifier):
		warning = "chatkeys logs in with this client: afterwards, update its secret where chatkeys reads it (CHATKEYS_CLIENT_SECRET), or refresh will fail."
	}
	return openDialog(newConfirmDialog(c, "Rotate secret", body, warning, "Rotate", rotateSecret(c, cl)))
}

// showTokensOf switches to the Tokens tab, filtered to one client.
func showTokensOf(ident string) tea.Cmd {
	return tea.Sequence(emit(showClientTokensMsg{ident}), switchTab(tabTokens))
}

// SetSize fits the filter line, the table and the count into
// width×height.
func (s *clientsScreen) SetSize(width, height int) {
	s.filter.SetWidth(width)
	top := 0
	if s.filter.Shown() {
		top = 1
	}
	s.table.SetSize(width, height-top-1)
}

func (s *clientsScreen) View() string {
	var top []string
	if f := s.filter.View(); f != "" {
		top = append(top, f)
	}
	tableH := s.table.height
	var body string
	switch {
	case s.loggedOut:
		body = s.c.styles.Text.Muted.Render("Not logged in. Press 3 to log in.")
	case s.loadErr != nil && !s.loaded:
		body = s.c.styles.Text.Muted.Render("Could not load the clients. Press r to try again.")
	case s.loading && !s.loaded:
		body = s.c.styles.Text.Muted.Render("Loading clients…")
	case len(s.visible) == 0 && s.loaded:
		empty := "No clients yet. Press n to create one."
		if len(s.all) > 0 {
			empty = "No client matches the filter. Press esc to clear it."
		}
		body = s.table.Render(s.c.styles, nil, nil) + "\n" + s.c.styles.Text.Muted.Render(empty)
	default:
		body = s.table.Render(s.c.styles, s.cell, nil)
	}
	summary := s.c.styles.Text.Muted.Render(s.table.ScrollInfo() + " clients")
	return strings.Join(append(top, lipgloss.NewStyle().Height(tableH).MaxHeight(tableH).Render(body), summary), "\n")
}

func (s *clientsScreen) cell(row, col int) string {
	c := &s.all[s.visible[row]]
	switch col {
	case ccID:
		return strconv.FormatInt(c.ID, 10)
	case ccName:
		return api.Sanitize(c.Name, 80)
	case ccCompany:
		return api.Sanitize(c.Company, 80)
	case ccType:
		return c.Type()
	case ccScopes:
		return format.Scopes(c.Scopes)
	case ccRedirects:
		return api.Sanitize(c.RedirectURIs.String(), 200)
	case ccSecret:
		return format.Prefix(c.ClientSecret, 8)
	case ccUpdated:
		updated := c.UpdateDate
		if updated == nil {
			updated = c.CreateDate
		}
		return format.Ago(updated, s.c.now())
	}
	return ""
}

func (s *clientsScreen) ShortHelp() []key.Binding {
	lk, ck := s.c.keys.List, s.c.keys.Clients
	return []key.Binding{lk.Open, ck.New, ck.Edit, ck.Delete, ck.Rotate, ck.Tokens, lk.Filter}
}

func (s *clientsScreen) FullHelp() [][]key.Binding {
	lk, ck := s.c.keys.List, s.c.keys.Clients
	return [][]key.Binding{
		{lk.Up, lk.Down, lk.Top, lk.Bottom, lk.PageUp, lk.PageDown},
		{lk.Open, ck.New, ck.Edit, ck.Delete, ck.Rotate, ck.Tokens},
		{lk.Filter, lk.ClearFilter, lk.Reload},
	}
}
