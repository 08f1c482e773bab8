package chatsim

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"chatkeys/api"
)

// validateClient applies the rules the dashboard states: a name, redirect
// URLs that are absolute and https or localhost, and scopes read and/or
// write. On create every one is required. It writes the 400 itself.
func validateClient(w http.ResponseWriter, b clientBody, create bool) bool {
	switch {
	case create && b.Name == nil, b.Name != nil && strings.TrimSpace(*b.Name) == "":
		writeFieldError(w, "name", "name is required")
	case create && (b.RedirectURIs == nil || len(*b.RedirectURIs) == 0), !create && b.RedirectURIs != nil && len(*b.RedirectURIs) == 0:
		writeFieldError(w, "redirect_uris", "redirect_uris is required: at least one redirect URL")
	case b.RedirectURIs != nil && badRedirect(*b.RedirectURIs) != "":
		writeFieldError(w, "redirect_uris", badRedirect(*b.RedirectURIs))
	case create && b.Scopes == nil:
		writeFieldError(w, "scopes", `scopes is required: "read", "write" or "read write"`)
	case b.Scopes != nil && !validScopes(*b.Scopes):
		writeFieldError(w, "scopes", `scopes must be "read" and/or "write"`)
	case !create && b.ClientType != nil && *b.ClientType != api.ClientTypePublic && *b.ClientType != api.ClientTypeConfidential:
		writeFieldError(w, "client_type", `client_type must be "public" or "confidential"`)
	default:
		return true
	}
	return false
}

// badRedirect describes the first redirect URL that breaks the rules.
func badRedirect(list api.RedirectURIs) string {
	for _, raw := range list {
		u, err := url.Parse(raw)
		switch {
		case err != nil || !u.IsAbs() || u.Host == "":
			return fmt.Sprintf("redirect URL %q must be absolute", raw)
		case u.Scheme == "https":
		case u.Scheme == "http" && isLocalhost(u.Hostname()):
		default:
			return fmt.Sprintf("redirect URL %q must be https, or http on localhost", raw)
		}
	}
	return ""
}

func isLocalhost(host string) bool {
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}

func validScopes(s string) bool {
	words := strings.Fields(s)
	if len(words) == 0 {
		return false
	}
	for _, w := range words {
		if w != "read" && w != "write" {
			return false
		}
	}
	return true
}

// normalizeScopes orders and de-duplicates: "write read" is "read write".
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

// describeJSONError says where the JSON broke without echoing the body.
func describeJSONError(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("syntax error at byte %d", syn.Offset)
	case errors.As(err, &typ):
		return fmt.Sprintf("%s has the wrong type", typ.Field)
	}
	return "not a JSON object"
}
