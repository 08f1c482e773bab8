package audit

import (
	"time"

	"chatkeys/api"
)

// ReportPrefixLen is how much of a token's value a report shows: enough
// to recognise it, far too little to use it.
const ReportPrefixLen = 6

// TokenReport is how chatkeys reports a token to a script (tokens list
// --json, and each owner tokens find --json prints): what the token is,
// and a prefix of its value, never the value.
type TokenReport struct {
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

// ReportOf reports t, whose client is named clientName ("" when none is
// known), as of now.
func ReportOf(t *api.OAuthToken, clientName string, now time.Time) TokenReport {
	scopes := t.ScopeList()
	if scopes == nil {
		scopes = []string{}
	}
	return TokenReport{
		ID: t.ID, ClientIdentifier: t.ClientIdentifier, ClientName: clientName,
		AgentID: t.AgentID, Scopes: scopes, CreateDate: t.CreateDate,
		ExpireDate: t.ExpireDate, Expired: t.Expired(now), RefreshToken: t.RefreshToken != "",
		TokenPrefix: Prefix(t.AccessToken),
	}
}

// Prefix is the first ReportPrefixLen bytes of a token's value, or all of
// a shorter one.
func Prefix(value string) string {
	if len(value) > ReportPrefixLen {
		return value[:ReportPrefixLen]
	}
	return value
}
