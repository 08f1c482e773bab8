package cli

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"chatkeys/api"
	"chatkeys/ui/format"
)

// tokenPrefixLen is how much of a token the tables show.
const tokenPrefixLen = 6

// tokenJSON is the stable --json shape of a token. It never carries the
// token's value: only a prefix, enough to recognise it.
type tokenJSON struct {
	ID               int64      `json:"id"`
	ClientIdentifier string     `json:"client_identifier"`
	ClientName       string     `json:"client_name"`
	AgentID          int64      `json:"agent_id"`
	Scopes           []string   `json:"scopes"`
	CreateDate       *time.Time `json:"create_date"`
	ExpireDate       *time.Time `json:"expire_date"`
	Expired          bool       `json:"expired"`
	RefreshToken     bool       `json:"refresh_token"`
	TokenPrefix      string     `json:"token_prefix"`
}

func toTokenJSON(t api.OAuthToken, clientNames map[string]string, now time.Time) tokenJSON {
	return tokenJSON{
		ID: t.ID, ClientIdentifier: t.ClientIdentifier, ClientName: clientNames[t.ClientIdentifier],
		AgentID: t.AgentID, Scopes: nonNil(t.ScopeList()), CreateDate: t.CreateDate,
		ExpireDate: t.ExpireDate, Expired: t.Expired(now), RefreshToken: t.RefreshToken != "",
		TokenPrefix: prefixOnly(t.AccessToken, tokenPrefixLen),
	}
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

// writeTokensTable prints the aligned tokens table.
func writeTokensTable(w io.Writer, list []api.OAuthToken, clientNames map[string]string, now time.Time) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	writeRow(tw, "ID", "CLIENT", "AGENT", "SCOPES", "CREATED", "EXPIRES", "REFRESH", "TOKEN")
	for _, t := range list {
		writeRow(tw, fmt.Sprint(t.ID), clientLabel(t.ClientIdentifier, clientNames), fmt.Sprint(t.AgentID),
			format.Scopes(t.Scopes), format.Ago(t.CreateDate, now), format.Expiry(t.ExpireDate, now),
			format.YesNo(t.RefreshToken != ""), format.Prefix(t.AccessToken, tokenPrefixLen))
	}
	return tw.Flush()
}

// clientLabel names a token's client by its name when known, else by a
// short form of its identifier; it is sanitised.
func clientLabel(ident string, names map[string]string) string {
	if n := names[ident]; n != "" {
		return cell(n)
	}
	return cell(format.Prefix(ident, 12))
}
