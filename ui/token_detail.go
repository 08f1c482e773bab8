package ui

import (
	"fmt"
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"chatkeys/api"
	"chatkeys/api/safetext"
	"chatkeys/ui/format"
)

// tokenDetail shows every field of one token, dates absolute.
type tokenDetail struct {
	passive
	sized
	owned
	c          *common
	token      api.OAuthToken
	clientName string
	revoked    bool
	scroll     detailScroll
}

var _ Screen = (*tokenDetail)(nil)

func newTokenDetail(c *common, t api.OAuthToken, clientName string) *tokenDetail {
	return &tokenDetail{owned: c.own(), c: c, token: t, clientName: clientName}
}

func (d *tokenDetail) Title() string   { return fmt.Sprintf("Token %d", d.token.ID) }
func (d *tokenDetail) Capturing() bool { return false }

// HandleMsg closes the view once its token is revoked.
func (d *tokenDetail) HandleMsg(msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(tokensRevokedMsg); ok {
		for _, r := range msg.results {
			if r.ID == d.token.ID && r.Err == nil {
				d.revoked = true
				return closeScreen(d)
			}
		}
	}
	return nil
}

// HandleKey scrolls, and offers revoke and copy for this token: its
// value, its id, its client's identifier.
func (d *tokenDetail) HandleKey(msg tea.KeyPressMsg) tea.Cmd {
	if d.scroll.handleKey(d.c.keys.List, msg, len(d.lines()), d.height) {
		return nil
	}
	t, tk, dk := d.token, d.c.keys.Tokens, d.c.keys.Detail
	switch {
	case key.Matches(msg, dk.CopyID):
		return copyField(d.c, d.id, "the token id", strconv.FormatInt(t.ID, 10))
	case key.Matches(msg, dk.CopyIdent):
		return copyField(d.c, d.id, "the client identifier", t.ClientIdentifier)
	case key.Matches(msg, tk.Revoke):
		return confirmRevokeToken(d.c, "Revoke token",
			fmt.Sprintf("Revoke token %d of agent %d? Apps using it stop working at once.", t.ID, t.AgentID), t.ID, d.c.sess.isOwnToken(t.AccessToken))
	case key.Matches(msg, tk.Copy):
		return confirmCopyToken(d.c, d.id, d.Title(), t.AccessToken,
			fmt.Sprintf("Copy token %d of agent %d? Anyone with it can act as that agent.", t.ID, t.AgentID))
	}
	return nil
}

func (d *tokenDetail) View() string { return d.scroll.view(d.c.styles, d.lines(), d.height) }

// lines are the detail's lines at its width.
func (d *tokenDetail) lines() []string {
	t, now := d.token, d.c.now()
	client := t.ClientIdentifier
	if d.clientName != "" {
		client = safetext.Sanitize(d.clientName, 60) + " (" + t.ClientIdentifier + ")"
	}
	status := "active, expires " + format.Expiry(t.ExpireDate, now)
	if t.Expired(now) {
		status = format.Expiry(t.ExpireDate, now)
	}
	if d.c.sess.isOwnToken(t.AccessToken) {
		status += " · chatkeys is logged in with this token"
	}
	rows := []detailRow{
		{"ID", strconv.FormatInt(t.ID, 10)},
		{"Status", status},
		{"Client", client},
		{"Agent", strconv.FormatInt(t.AgentID, 10)},
		{"Scopes", format.Scopes(t.Scopes)},
		{"Type", t.TokenType},
		{"Created", format.Absolute(t.CreateDate)},
		{"Expires", format.Absolute(t.ExpireDate)},
		{"Access token", format.Prefix(t.AccessToken, 6) + "  (c copies it)"},
		{"Refresh token", format.YesNo(t.RefreshToken != "")},
	}
	return detailLines(d.c.styles, "Token "+strconv.FormatInt(t.ID, 10), rows, d.width)
}

func (d *tokenDetail) ShortHelp() []key.Binding {
	tk := d.c.keys.Tokens
	return []key.Binding{tk.Revoke, tk.Copy, d.c.keys.Global.Back, d.c.keys.Detail.CopyID}
}

func (d *tokenDetail) FullHelp() [][]key.Binding {
	lk := d.c.keys.List
	return [][]key.Binding{append(d.ShortHelp(), d.c.keys.Detail.CopyIdent), {lk.Up, lk.Down, lk.PageUp, lk.PageDown}}
}
