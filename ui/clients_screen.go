package ui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"chatkeys/api"
	"chatkeys/api/safetext"
	"chatkeys/authflow/audit"
	"chatkeys/ui/format"
)

// clientsScreen is the Clients tab: the account's OAuth clients, with
// create, edit, delete, rotate and a jump to their tokens.
type clientsScreen struct {
	listScreen[api.OAuthClient]
	tokens map[string]int // token count per client identifier
	// tokenList is the last token list loaded whole, for a rotation's
	// blast radius; nil while none has been.
	tokenList []api.OAuthToken
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
	s := &clientsScreen{tokens: map[string]int{}}
	s.listScreen = newListScreen[api.OAuthClient](c, s, "clients",
		column{title: "ID", width: 4},
		column{title: "Name", min: 8, max: 32, flex: 3},
		column{title: "Company", min: 6, max: 24, flex: 2},
		column{title: "Type", width: 12},
		column{title: "Scopes", width: 10},
		column{title: "Redirect URIs", min: 8, flex: 3},
		column{title: "Secret", width: 9},
		column{title: "Updated", width: 8},
	)
	s.restoreSort()
	return s
}

func (s *clientsScreen) Init() tea.Cmd { return loadClients(s.c) }
func (s *clientsScreen) Title() string { return "Clients" }

// applyFilter recomputes the visible rows, keeping the cursor on the
// same client when it is still visible.
func (s *clientsScreen) applyFilter() {
	at := s.selectedIndex()
	s.keep("", strings.Fields(s.filter.Value()), func(i int, words []string) bool {
		c := &s.all[i]
		hay := strings.ToLower(fmt.Sprint(c.ID, " ", c.Name, " ", c.Company, " ", c.ClientIdentifier, " ",
			c.Type(), " ", c.Scopes, " ", c.RedirectURIs.String()))
		return matchAll(hay, words)
	})
	s.cursorTo(at)
}

// sortKey is each client's sort key for column col, as the cell shows it.
func (s *clientsScreen) sortKey(col int) func(row int) uint64 {
	all := s.all
	text := func(field func(c *api.OAuthClient) string) func(int) uint64 {
		return rankedText(len(all), func(i int) string { return field(&all[i]) }, func(t string) string { return t })
	}
	switch col {
	case ccID:
		return func(i int) uint64 { return signedKey(all[i].ID) }
	case ccName:
		return text(func(c *api.OAuthClient) string { return c.Name })
	case ccCompany:
		return text(func(c *api.OAuthClient) string { return c.Company })
	case ccType:
		return text(func(c *api.OAuthClient) string { return c.Type() })
	case ccScopes:
		return text(func(c *api.OAuthClient) string { return format.Scopes(c.Scopes) })
	case ccRedirects:
		return text(func(c *api.OAuthClient) string { return c.RedirectURIs.String() })
	case ccSecret:
		return func(i int) uint64 { return textKey(all[i].ClientSecret) }
	case ccUpdated:
		return func(i int) uint64 { return timeKey(all[i].Updated(), 0) }
	}
	return nil
}

// clearFilters: "/" is the Clients table's only filter.
func (s *clientsScreen) clearFilters() {}

func (s *clientsScreen) topLines() []string { return s.filterLine() }

// HandleMsg keeps the list in step with loads and tokens, and follows the
// deletes and rotations asked from here or from a client's detail.
func (s *clientsScreen) HandleMsg(msg tea.Msg) tea.Cmd {
	if cmd, ok := s.handleListMsg(msg); ok {
		return cmd
	}
	switch msg := msg.(type) {
	case clientsLoadedMsg:
		ok, cmd := s.settle(msg.err)
		if ok {
			s.all = msg.list
			w := 0
			for _, c := range msg.list {
				w = max(w, digits(c.ID))
			}
			s.table.fitWidth(ccID, w)
			s.applyFilter()
		}
		return cmd
	case tokensLoadedMsg:
		if msg.err == nil {
			s.countTokens(msg.list)
			s.tokenList = nil
			if !msg.partial {
				s.tokenList = msg.list
			}
		}
	case tokensRevokedMsg:
		// The counts and a rotation's blast radius follow the revoke;
		// while a list is still arriving, its next part brings them.
		if s.tokenList != nil {
			s.tokenList = msg.without(s.tokenList)
			s.countTokens(s.tokenList)
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
		m := s.secretModal(msg)
		m.after = listMintedBefore(s.c, s.id, msg.client, msg.at)
		return tea.Batch(showSecret(m, "the new secret"), loadClients(s.c))
	case mintedBeforeMsg:
		return confirmRevokeOlder(s.c, msg)
	case tea.PasteMsg:
		s.paste(msg)
	}
	return nil
}

// secretModal shows a rotated secret once; s saves it into the profile
// when this is the client chatkeys logs in with.
func (s *clientsScreen) secretModal(msg secretRotatedMsg) *secretModal {
	m := newSecretModal(s.c, fmt.Sprintf("New secret for %q", safetext.Sanitize(msg.client.Name, 40)),
		"The old secret stopped working. Zendesk shows the new one only once, and so does chatkeys.", msg.secret)
	if s.c.isLoginClient(msg.client.ClientIdentifier) && s.c.saveSecret != nil {
		m.withSave("save to profile", s.c.saveSecret)
		m.note += " This is chatkeys' own login client: press s to save the secret into the profile."
	}
	return m
}

// HandleKey implements the Clients keys: the keys every table shares, then
// the client actions.
func (s *clientsScreen) HandleKey(msg tea.KeyPressMsg) tea.Cmd {
	if cmd, ok := s.handleKey(msg); ok {
		return cmd
	}
	lk, ck := s.c.keys.List, s.c.keys.Clients
	sel := s.selected()
	switch {
	case key.Matches(msg, ck.New):
		return pushScreen(newClientForm(s.c, nil))
	case sel == nil:
		return nil
	case key.Matches(msg, lk.Open):
		ident := sel.ClientIdentifier
		return pushScreen(newClientDetail(s.c, s.id, *sel, func() int { return s.tokens[ident] },
			func() *audit.Radius { return s.radius(ident) }))
	case key.Matches(msg, ck.Edit):
		return pushScreen(newClientForm(s.c, sel))
	case key.Matches(msg, ck.Delete):
		return confirmDeleteClient(s.c, s.id, *sel)
	case key.Matches(msg, ck.Rotate):
		return confirmRotate(s.c, s.id, *sel, s.radius(sel.ClientIdentifier))
	case key.Matches(msg, ck.Tokens):
		return showTokensOf(sel.ClientIdentifier)
	}
	return nil
}

// confirmDeleteClient asks before deleting, in red when it is chatkeys' own
// login client. The delete answers the Clients list, to.
func confirmDeleteClient(c *common, to ownerID, cl api.OAuthClient) tea.Cmd {
	warning := ""
	if c.isLoginClient(cl.ClientIdentifier) {
		warning = "This is the client chatkeys logs in with. Deleting it ends chatkeys' login: you will have to set up another client."
	}
	body := fmt.Sprintf("Delete client %d %q? Every token it minted stops working.", cl.ID, safetext.Sanitize(cl.Name, 40))
	return openDialog(newConfirmDialog(c, "Delete client", body, warning, "Delete", deleteClient(c, to, cl.ID)))
}

func (s *clientsScreen) View() string {
	empty := "No clients yet. Press n to create one."
	if len(s.all) > 0 {
		empty = "No client matches the filter. Press esc to clear it."
	}
	return s.view(s.cell, nil, empty, s.c.styles.Text.Muted.Render(s.table.ScrollInfo()+" clients"+s.freshness()))
}

func (s *clientsScreen) cell(row, col int) string {
	c := &s.all[s.visible[row]]
	switch col {
	case ccID:
		return strconv.FormatInt(c.ID, 10)
	case ccName:
		return safetext.Sanitize(c.Name, 80)
	case ccCompany:
		return safetext.Sanitize(c.Company, 80)
	case ccType:
		return c.Type()
	case ccScopes:
		return format.Scopes(c.Scopes)
	case ccRedirects:
		return safetext.Sanitize(c.RedirectURIs.String(), 200)
	case ccSecret:
		return format.Prefix(c.ClientSecret, 8)
	case ccUpdated:
		return format.Ago(c.Updated(), s.c.now())
	}
	return ""
}

func (s *clientsScreen) ShortHelp() []key.Binding {
	lk, ck := s.c.keys.List, s.c.keys.Clients
	return []key.Binding{lk.Open, ck.New, ck.Edit, ck.Delete, ck.Rotate, ck.Tokens, lk.Filter, lk.Sort}
}

func (s *clientsScreen) FullHelp() [][]key.Binding {
	lk, ck := s.c.keys.List, s.c.keys.Clients
	return [][]key.Binding{
		s.moveKeys(),
		{lk.Open, ck.New, ck.Edit, ck.Delete, ck.Rotate, ck.Tokens},
		append([]key.Binding{lk.Filter, lk.ClearFilter, lk.Reload}, s.steerKeys()...),
	}
}

// selectRow puts the cursor on client id, clearing the filter when it
// hides the client; false when no listed client has id.
func (s *clientsScreen) selectRow(id int64) bool {
	if !slices.ContainsFunc(s.all, func(c api.OAuthClient) bool { return c.ID == id }) {
		return false
	}
	if !slices.ContainsFunc(s.visible, func(i int) bool { return s.all[i].ID == id }) {
		s.filter.Clear()
		s.applyFilter()
	}
	s.table.SetCursor(slices.IndexFunc(s.visible, func(i int) bool { return s.all[i].ID == id }))
	return true
}

// radius is what depends on the client with ident, as of the last token
// list loaded whole; nil while none has been.
func (s *clientsScreen) radius(ident string) *audit.Radius {
	if s.tokenList == nil {
		return nil
	}
	r := blastRadius(ident, s.tokenList, s.c.sess.isOwnToken)
	return &r
}

// countTokens counts list's tokens per client identifier.
func (s *clientsScreen) countTokens(list []api.OAuthToken) {
	s.tokens = map[string]int{}
	for _, t := range list {
		s.tokens[t.ClientIdentifier]++
	}
}
