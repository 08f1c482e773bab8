// Package store keeps chatkeys' credentials, one record per profile: in the
// OS keyring when there is a usable one, else in a private plain-text file
// whose use is always announced.
//
// Every change holds a cross-process lock (authflow/internal/privfile).
// It imports authflow/config (the grant type) and privfile, nothing else
// of the module.
package store

import (
	"fmt"
	"log/slog"
	"strings"
	"time"

	"chatkeys/authflow/config"
)

// Record is what chatkeys keeps for a profile's login. It deliberately has
// no field for a password: the password grant's password is never stored.
//
// Its String, GoString and LogValue show only a short prefix of the tokens
// and nothing of the secret, so an accidental %v, %#v or slog call cannot
// leak them. JSON encoding is not redacted: it is how the record is stored.
type Record struct {
	AccessToken  string    `json:"access_token"`
	RefreshToken string    `json:"refresh_token,omitempty"`
	TokenType    string    `json:"token_type,omitempty"`
	Scopes       string    `json:"scopes,omitempty"`
	Expiry       time.Time `json:"expiry,omitzero"` // zero = unknown
	ClientID     string    `json:"client_id,omitempty"`
	// ClientSecret is the login client's secret, kept when refresh needs it.
	ClientSecret string       `json:"client_secret,omitempty"`
	Grant        config.Grant `json:"grant,omitempty"`
	AgentID      int64        `json:"agent_id,omitempty"` // who the token is, when known
	SavedAt      time.Time    `json:"saved_at,omitzero"`
}

var (
	_ fmt.Stringer   = Record{}
	_ fmt.GoStringer = Record{}
	_ slog.LogValuer = Record{}
)

// String describes the record without its secrets.
func (r Record) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Record{access_token=%s refresh_token=%s", redact(r.AccessToken), redact(r.RefreshToken))
	fmt.Fprintf(&b, " token_type=%q scopes=%q expiry=%s", r.TokenType, r.Scopes, formatTime(r.Expiry))
	fmt.Fprintf(&b, " client_id=%q client_secret=%s grant=%q", r.ClientID, hidden(r.ClientSecret), r.Grant)
	fmt.Fprintf(&b, " agent_id=%d saved_at=%s}", r.AgentID, formatTime(r.SavedAt))
	return b.String()
}

// GoString makes %#v as safe as %v.
func (r Record) GoString() string { return "store." + r.String() }

// LogValue lets slog log a record, redacted.
func (r Record) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("access_token", redact(r.AccessToken)),
		slog.String("refresh_token", redact(r.RefreshToken)),
		slog.String("token_type", r.TokenType),
		slog.String("scopes", r.Scopes),
		slog.String("expiry", formatTime(r.Expiry)),
		slog.String("client_id", r.ClientID),
		slog.String("client_secret", hidden(r.ClientSecret)),
		slog.String("grant", string(r.Grant)),
		slog.Int64("agent_id", r.AgentID),
		slog.String("saved_at", formatTime(r.SavedAt)),
	)
}

// redact shows enough of a token to tell two apart: its first four
// characters, and only when that is a small part of it.
func redact(token string) string {
	switch {
	case token == "":
		return `""`
	case len(token) < 16:
		return "…"
	}
	return token[:4] + "…"
}

// hidden says whether a secret is set, and nothing more of it.
func hidden(secret string) string {
	if secret == "" {
		return `""`
	}
	return "[set]"
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	return t.UTC().Format(time.RFC3339)
}
