package ui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"chatkeys/api"
	"chatkeys/api/safetext"
	"chatkeys/authflow/audit"
	"chatkeys/ui/format"
)

// clientDetail shows every field of one client, dates absolute, and how
// many tokens it has; the client keys work here too. Its deletes and
// rotations answer the Clients list, which outlives it: a secret rotated
// from here is shown even if the detail was closed meanwhile.
type clientDetail struct {
	passive
	sized
	owned
	c      *common
	list   ownerID // the Clients list
	client api.OAuthClient
	// tokens counts the client's tokens as the Clients list knows them
	// now, so a token list that arrives while the detail opens counts.
	tokens func() int
	// radius is what depends on the client, as the Clients list knows it
	// now (nil while its tokens load), for the rotation's confirm.
	radius func() *audit.Radius
	scroll detailScroll
}

var _ Screen = (*clientDetail)(nil)

func newClientDetail(c *common, list ownerID, cl api.OAuthClient, tokens func() int, radius func() *audit.Radius) *clientDetail {
	return &clientDetail{owned: c.own(), c: c, list: list, client: cl, tokens: tokens, radius: radius}
}

func (d *clientDetail) Title() string   { return safetext.Sanitize(d.client.Name, 30) }
func (d *clientDetail) Capturing() bool { return false }

// HandleMsg follows reloads, and closes the view once the client is gone.
func (d *clientDetail) HandleMsg(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case clientsLoadedMsg:
		for _, cl := range msg.list {
			if cl.ID == d.client.ID {
				d.client = cl
			}
		}
	case clientRemovedMsg:
		if msg.id == d.client.ID {
			return closeScreen(d)
		}
	}
	return nil
}

// HandleKey scrolls, copies the client's id or identifier, and takes
// the client keys.
func (d *clientDetail) HandleKey(msg tea.KeyPressMsg) tea.Cmd {
	if d.scroll.handleKey(d.c.keys.List, msg, len(d.lines()), d.height) {
		return nil
	}
	ck, dk := d.c.keys.Clients, d.c.keys.Detail
	switch {
	case key.Matches(msg, dk.CopyID):
		return copyField(d.c, d.id, "the client id", strconv.FormatInt(d.client.ID, 10))
	case key.Matches(msg, dk.CopyIdent):
		return copyField(d.c, d.id, "the client identifier", d.client.ClientIdentifier)
	case key.Matches(msg, ck.Edit):
		cl := d.client
		return pushScreen(newClientForm(d.c, &cl))
	case key.Matches(msg, ck.Delete):
		return confirmDeleteClient(d.c, d.list, d.client)
	case key.Matches(msg, ck.Rotate):
		return confirmRotate(d.c, d.list, d.client, d.radius())
	case key.Matches(msg, ck.Tokens):
		return showTokensOf(d.client.ClientIdentifier)
	}
	return nil
}

func (d *clientDetail) View() string { return d.scroll.view(d.c.styles, d.lines(), d.height) }

// lines are the detail's lines at its width.
func (d *clientDetail) lines() []string {
	cl := d.client
	typ := cl.Type()
	if typ == api.ClientTypePublic {
		typ += "  (password and client-credentials grants need confidential: e)"
	}
	login := ""
	if d.c.isLoginClient(cl.ClientIdentifier) {
		login = "  · chatkeys logs in with this client"
	}
	rows := []detailRow{
		{"ID", strconv.FormatInt(cl.ID, 10)},
		{"Name", safetext.Sanitize(cl.Name, 200)},
		{"Company", safetext.Sanitize(cl.Company, 200)},
		{"Client ID", cl.ClientIdentifier + login},
		{"Type", typ},
		{"Scopes", format.Scopes(cl.Scopes)},
		{"Redirect URIs", strings.Join(cl.RedirectURIs, ", ")},
		{"Secret", format.Prefix(cl.ClientSecret, 8) + "  (truncated: Zendesk shows it whole only once; s rotates)"},
		{"Created by", "agent " + strconv.FormatInt(cl.AgentID, 10)},
		{"Created", format.Absolute(cl.CreateDate)},
		{"Updated", format.Absolute(cl.UpdateDate)},
		{"Tokens", fmt.Sprintf("%d  (t lists them)", d.tokens())},
	}
	return detailLines(d.c.styles, "Client "+strconv.FormatInt(cl.ID, 10), rows, d.width)
}

func (d *clientDetail) ShortHelp() []key.Binding {
	ck := d.c.keys.Clients
	return []key.Binding{ck.Edit, ck.Delete, ck.Rotate, ck.Tokens, d.c.keys.Global.Back, d.c.keys.Detail.CopyID}
}

func (d *clientDetail) FullHelp() [][]key.Binding {
	lk := d.c.keys.List
	return [][]key.Binding{append(d.ShortHelp(), d.c.keys.Detail.CopyIdent), {lk.Up, lk.Down, lk.PageUp, lk.PageDown}}
}
