package chatsim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"chatkeys/api"
)

// maxClientBody bounds a create or update body; a real one is a few
// hundred bytes.
const maxClientBody = 64 << 10

// clientBody is what create and update accept. A nil field was absent or
// null: update leaves it as it is. Unknown and read-only fields (id,
// client_secret, …) are ignored, as the API ignores them.
type clientBody struct {
	Name         *string
	Company      *string
	RedirectURIs *api.RedirectURIs
	Scopes       *string
	ClientType   *string
}

// bodyError is a 400 about the body as a whole: it is not a JSON object.
type bodyError struct{ reason string }

func (e *bodyError) Error() string { return "invalid JSON body: " + e.reason }

// decodeClientBody parses a create or update body. The error is a
// *bodyError when the body is not a JSON object (a create body with a
// missing comma between fields is one), or a *fieldError naming a field
// of the wrong type. It never echoes the body: it may hold a secret.
func decodeClientBody(data []byte) (clientBody, error) {
	var b clientBody
	if len(bytes.TrimSpace(data)) == 0 {
		return b, &bodyError{"the body is empty"}
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		return b, &bodyError{describeJSONError(err)}
	}
	if fields == nil {
		return b, &bodyError{"the body must be a JSON object"}
	}
	var err error
	if b.Name, err = stringField(fields, "name"); err != nil {
		return b, err
	}
	if b.Company, err = stringField(fields, "company"); err != nil {
		return b, err
	}
	if raw := fields["redirect_uris"]; !isAbsent(raw) {
		var v api.RedirectURIs
		if json.Unmarshal(raw, &v) != nil {
			return b, &fieldError{"redirect_uris", "redirect_uris must be a string of space-separated URLs or an array of strings"}
		}
		b.RedirectURIs = &v
	}
	if b.Scopes, err = stringField(fields, "scopes"); err != nil {
		return b, err
	}
	b.ClientType, err = stringField(fields, "client_type")
	return b, err
}

// stringField decodes one string field; nil when absent or null.
func stringField(fields map[string]json.RawMessage, name string) (*string, error) {
	raw := fields[name]
	if isAbsent(raw) {
		return nil, nil
	}
	var v string
	if json.Unmarshal(raw, &v) != nil {
		return nil, &fieldError{name, name + " must be a string"}
	}
	return &v, nil
}

// isAbsent reports whether a field was left out or sent as null.
func isAbsent(raw json.RawMessage) bool {
	return raw == nil || string(bytes.TrimSpace(raw)) == "null"
}

// describeJSONError says where the JSON broke without echoing the body.
func describeJSONError(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("syntax error at byte %d", syn.Offset)
	case errors.As(err, &typ):
		return "the body must be a JSON object"
	}
	return "the body is not JSON"
}

// validate applies the rules the dashboard states: a name, redirect URLs
// that are "absolute and not relative, https or localhost", and scopes
// read and/or write. On create the three are required and client_type is
// ignored (the API sets it only on update); on update each is checked
// only when sent.
func (b clientBody) validate(create bool) *fieldError {
	switch {
	case create && b.Name == nil, b.Name != nil && strings.TrimSpace(*b.Name) == "":
		return &fieldError{"name", "name is required"}
	case create && (b.RedirectURIs == nil || len(*b.RedirectURIs) == 0),
		b.RedirectURIs != nil && len(*b.RedirectURIs) == 0:
		return &fieldError{"redirect_uris", "redirect_uris is required: at least one redirect URL"}
	case b.RedirectURIs != nil:
		if e := checkRedirectURIs(*b.RedirectURIs); e != nil {
			return e
		}
	}
	switch {
	case create && b.Scopes == nil:
		return &fieldError{"scopes", `scopes is required: "read", "write" or "read write"`}
	case b.Scopes != nil && !validClientScopes(*b.Scopes):
		return &fieldError{"scopes", `scopes must be "read" and/or "write", separated by a space`}
	case !create && b.ClientType != nil && *b.ClientType != api.ClientTypePublic && *b.ClientType != api.ClientTypeConfidential:
		return &fieldError{"client_type", `client_type must be "public" or "confidential"`}
	}
	return nil
}

// checkRedirectURIs describes the first redirect URL that breaks the
// rules: absolute, https or http on a loopback host, and no fragment
// (RFC 6749 §3.1.2: the server adds its own).
func checkRedirectURIs(list api.RedirectURIs) *fieldError {
	for _, raw := range list {
		u, err := url.Parse(raw)
		switch {
		case err != nil || !u.IsAbs() || u.Host == "":
			return &fieldError{"redirect_uris", fmt.Sprintf("redirect URL %q must be absolute, like https://example.com/callback", raw)}
		case u.Fragment != "" || strings.Contains(raw, "#"):
			return &fieldError{"redirect_uris", fmt.Sprintf("redirect URL %q must not have a #fragment", raw)}
		case u.Scheme == "https":
		case u.Scheme == "http" && isLoopbackHost(u.Hostname()):
		default:
			return &fieldError{"redirect_uris", fmt.Sprintf("redirect URL %q must be https, or http on localhost", raw)}
		}
	}
	return nil
}

// isLoopbackHost reports whether host names this machine: the only hosts
// where plain http is allowed.
func isLoopbackHost(host string) bool {
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}

// validClientScopes reports whether s is a client's scopes: one or both of
// read and write. (A token may also carry chat; a client may not.)
func validClientScopes(s string) bool {
	words := strings.Fields(s)
	for _, w := range words {
		if w != "read" && w != "write" {
			return false
		}
	}
	return len(words) > 0
}

// normalizeScopes orders and de-duplicates: "write read read" is
// "read write".
func normalizeScopes(s string) string {
	have := map[string]bool{}
	for _, w := range strings.Fields(s) {
		have[w] = true
	}
	var out []string
	for _, w := range []string{"read", "write", "chat"} {
		if have[w] {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}
