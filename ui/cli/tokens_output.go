package cli

import (
	"io"
	"strconv"
	"text/tabwriter"
	"time"

	"chatkeys/api"
	"chatkeys/authflow/audit"
	"chatkeys/ui/format"
)

// tokenPrefixLen is how much of a token the tables show, as much as
// --json does.
const tokenPrefixLen = audit.ReportPrefixLen

// toTokenJSON is the stable --json shape of a token, which never carries
// the token's value: only a prefix, enough to recognise it.
func toTokenJSON(t *api.OAuthToken, clientNames map[string]string, now time.Time) audit.TokenReport {
	return audit.ReportOf(t, clientNames[t.ClientIdentifier], now)
}

// revokeJSON is the --json shape of one revocation's outcome.
type revokeJSON struct {
	ID      int64 `json:"id"`
	Revoked bool  `json:"revoked"`
	// Outcome is "revoked", "failed" (the server refused, or its reply did
	// not confirm it) or "not_tried" (stopped before it was sent).
	Outcome string `json:"outcome"`
	Error   string `json:"error,omitempty"`
}

// tokensTable prints the aligned tokens table, a row as each token
// arrives; the alignment needs every row, so flush writes them.
type tokensTable struct {
	tw  *tabwriter.Writer
	now time.Time
}

func newTokensTable(w io.Writer, now time.Time) *tokensTable {
	t := &tokensTable{tw: newTable(w), now: now}
	writeRow(t.tw, "ID", "CLIENT", "AGENT", "SCOPES", "CREATED", "EXPIRES", "REFRESH", "TOKEN")
	return t
}

func (t *tokensTable) row(tok *api.OAuthToken, clientNames map[string]string) error {
	writeRow(t.tw, strconv.FormatInt(tok.ID, 10), clientLabel(tok.ClientIdentifier, clientNames), strconv.FormatInt(tok.AgentID, 10),
		format.Scopes(tok.Scopes), format.Ago(tok.CreateDate, t.now), format.Expiry(tok.ExpireDate, t.now),
		format.YesNo(tok.RefreshToken != ""), format.Prefix(tok.AccessToken, tokenPrefixLen))
	return nil
}

func (t *tokensTable) flush() error { return t.tw.Flush() }

// clientLabel names a token's client by its name when known, else by a
// short form of its identifier; it is sanitised.
func clientLabel(ident string, names map[string]string) string {
	if n := names[ident]; n != "" {
		return cell(n)
	}
	return cell(format.Prefix(ident, 12))
}
