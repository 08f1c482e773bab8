package cli

import (
	"fmt"
	"io"
	"strings"
	"time"

	"chatkeys/api"
	"chatkeys/ui/format"
)

// secretPrefixLen is how much of a secret is ever shown outside the
// create and generate replies; the API itself returns eight characters.
const secretPrefixLen = 8

// clientJSON is the stable --json shape of a client (README: "JSON output").
type clientJSON struct {
	ID               int64      `json:"id"`
	Name             string     `json:"name"`
	Company          string     `json:"company"`
	ClientIdentifier string     `json:"client_identifier"`
	ClientType       string     `json:"client_type"`
	Scopes           []string   `json:"scopes"`
	RedirectURIs     []string   `json:"redirect_uris"`
	SecretPrefix     string     `json:"secret_prefix"`
	ClientSecret     string     `json:"client_secret,omitempty"`
	AgentID          int64      `json:"agent_id"`
	CreateDate       *time.Time `json:"create_date"`
	UpdateDate       *time.Time `json:"update_date"`
}

// toClientJSON converts a client. The whole secret is included only when
// full is true: in the reply to create.
func toClientJSON(c api.OAuthClient, full bool) clientJSON {
	out := clientJSON{
		ID: c.ID, Name: c.Name, Company: c.Company, ClientIdentifier: c.ClientIdentifier,
		ClientType: c.Type(), Scopes: nonNil(c.ScopeList()), RedirectURIs: nonNil(c.RedirectURIs),
		SecretPrefix: prefixOnly(c.ClientSecret, secretPrefixLen), AgentID: c.AgentID,
		CreateDate: c.CreateDate, UpdateDate: c.UpdateDate,
	}
	if full {
		out.ClientSecret = c.ClientSecret
	}
	return out
}

// prefixOnly cuts a secret to n characters, without an ellipsis (for JSON).
func prefixOnly(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// writeClientsTable prints the clients table, aligned for a terminal.
func writeClientsTable(w io.Writer, aligned bool, list []api.OAuthClient, now time.Time) error {
	tw := newTable(w, aligned)
	tw.row("ID", "NAME", "COMPANY", "TYPE", "SCOPES", "REDIRECT URIS", "SECRET", "UPDATED")
	for _, c := range list {
		updated := c.UpdateDate
		if updated == nil {
			updated = c.CreateDate
		}
		tw.row(fmt.Sprint(c.ID), c.Name, c.Company, c.Type(), format.Scopes(c.Scopes), c.RedirectURIs.String(),
			format.Prefix(c.ClientSecret, secretPrefixLen), tw.date(updated, format.Ago(updated, now)))
	}
	return tw.flush()
}

// writeClientDetail prints every field of one client, dates absolute.
func writeClientDetail(w io.Writer, c api.OAuthClient, tokenCount int) error {
	tw := newFields(w)
	rows := [][2]string{
		{"ID", fmt.Sprint(c.ID)},
		{"Name", c.Name},
		{"Company", c.Company},
		{"Client ID", c.ClientIdentifier},
		{"Type", c.Type()},
		{"Scopes", format.Scopes(c.Scopes)},
		{"Redirect URIs", strings.Join(c.RedirectURIs, ", ")}, // sanitised by writeField
		{"Secret", format.Prefix(c.ClientSecret, secretPrefixLen) + " (truncated)"},
		{"Agent", fmt.Sprint(c.AgentID)},
		{"Created", format.Absolute(c.CreateDate)},
		{"Updated", format.Absolute(c.UpdateDate)},
	}
	if tokenCount >= 0 {
		rows = append(rows, [2]string{"Tokens", fmt.Sprint(tokenCount)})
	}
	for _, r := range rows {
		tw.field(r[0], r[1])
	}
	return tw.flush()
}
