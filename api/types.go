package api

import (
	"cmp"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Client types a Chat OAuth client can have. The API sets the type only on
// update; a client is created public.
const (
	ClientTypePublic       = "public"
	ClientTypeConfidential = "confidential"
)

// OAuthClient is an API client registered on the Chat account. Its shape
// follows the Chat API's JSON; ClientSecret is whole only in the replies
// to create and to generate-secret, and a prefix everywhere else.
type OAuthClient struct {
	ID               int64        `json:"id"`
	AgentID          int64        `json:"agent_id,omitempty"`
	ClientIdentifier string       `json:"client_identifier,omitempty"`
	ClientSecret     string       `json:"client_secret,omitempty"`
	ClientType       string       `json:"client_type,omitempty"`
	Company          string       `json:"company,omitempty"`
	Name             string       `json:"name,omitempty"`
	RedirectURIs     RedirectURIs `json:"redirect_uris,omitempty"`
	Scopes           string       `json:"scopes,omitempty"`
	CreateDate       *time.Time   `json:"create_date"`
	UpdateDate       *time.Time   `json:"update_date"`
}

// Type is the client's type, public when the reply left it out.
func (c *OAuthClient) Type() string {
	if c.ClientType == "" {
		return ClientTypePublic
	}
	return c.ClientType
}

// ScopeList returns the client's allowed scopes as separate words.
func (c *OAuthClient) ScopeList() []string { return strings.Fields(c.Scopes) }

// Updated is when the client last changed: its update date, else its
// creation date; nil when the server gave neither.
func (c *OAuthClient) Updated() *time.Time { return cmp.Or(c.UpdateDate, c.CreateDate) }

// OAuthToken is an OAuth access token issued on the account. AccessToken and
// RefreshToken are live credentials: show a prefix, never the whole value,
// unless the user asked for it.
type OAuthToken struct {
	ID               int64      `json:"id"`
	AccessToken      string     `json:"access_token,omitempty"`
	AgentID          int64      `json:"agent_id,omitempty"`
	ClientIdentifier string     `json:"client_identifier,omitempty"`
	CreateDate       *time.Time `json:"create_date"`
	ExpireDate       *time.Time `json:"expire_date"`
	RefreshToken     string     `json:"refresh_token,omitempty"`
	Scopes           string     `json:"scopes,omitempty"`
	TokenType        string     `json:"token_type,omitempty"`
}

// ScopeList returns the token's scopes as separate words.
func (t *OAuthToken) ScopeList() []string { return strings.Fields(t.Scopes) }

// Expired reports whether the token's expiry is at or before now. A token
// without an expiry never expires.
func (t *OAuthToken) Expired(now time.Time) bool {
	return t.ExpireDate != nil && !t.ExpireDate.After(now)
}

// RedirectURIs is a client's list of redirect URLs. Every real reply carries
// it as one JSON string, so it decodes from a string (split on whitespace)
// or from an array of strings, and encodes as a space-separated string.
type RedirectURIs []string

// MarshalJSON encodes the list as one space-separated string, the form the
// API accepts.
func (r RedirectURIs) MarshalJSON() ([]byte, error) {
	return json.Marshal(strings.Join(r, " "))
}

// UnmarshalJSON accepts a string, an array of strings, or null.
func (r *RedirectURIs) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*r = splitNonEmpty(strings.Fields(s))
		return nil
	}
	var list []string
	if err := json.Unmarshal(b, &list); err != nil {
		return fmt.Errorf("redirect_uris: want a string or an array of strings")
	}
	var out []string
	for _, item := range list {
		out = append(out, strings.Fields(item)...)
	}
	*r = splitNonEmpty(out)
	return nil
}

// splitNonEmpty returns nil for an empty list so that "" and [] decode alike.
func splitNonEmpty(list []string) RedirectURIs {
	if len(list) == 0 {
		return nil
	}
	return RedirectURIs(list)
}

// String joins the URIs with spaces.
func (r RedirectURIs) String() string { return strings.Join(r, " ") }

// ClientParams holds the writable fields of a client for Create and Update.
// A nil pointer leaves the field out of the request, so an update sends only
// what changed.
type ClientParams struct {
	Name         *string      `json:"name,omitempty"`
	Company      *string      `json:"company,omitempty"`
	RedirectURIs RedirectURIs `json:"redirect_uris,omitempty"`
	Scopes       *string      `json:"scopes,omitempty"`
	// ClientType is sent only by Update; see OAuthClientsService.Create.
	ClientType *string `json:"client_type,omitempty"`
}

// String returns a pointer to s, for ClientParams fields.
func String(s string) *string { return &s }

// generatedSecret is the reply to generate-secret.
type generatedSecret struct {
	ClientSecret string `json:"client_secret"`
}

// IsEmpty reports whether p sets no field at all.
func (p ClientParams) IsEmpty() bool {
	return p.Name == nil && p.Company == nil && len(p.RedirectURIs) == 0 && p.Scopes == nil && p.ClientType == nil
}
