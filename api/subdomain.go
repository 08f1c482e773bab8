package api

import (
	"fmt"
	"net/url"
	"strings"
)

// Endpoints are the URLs a Chat account is reached at. Each can be
// overridden in a profile; Endpoints derives the defaults from a subdomain.
type Endpoints struct {
	// API is the REST base, for example https://acme.zendesk.com/api/v2/chat.
	API string
	// Authorize is the OAuth authorization page.
	Authorize string
	// Token is the OAuth token endpoint.
	Token string
}

// EndpointsFor derives the account's URLs from a normalised subdomain:
// all three are on https://{subdomain}.zendesk.com.
func EndpointsFor(subdomain string) Endpoints {
	host := "https://" + subdomain + ".zendesk.com"
	return Endpoints{
		API:       host + "/api/v2/chat",
		Authorize: host + "/oauth2/chat/authorizations/new",
		Token:     host + "/oauth2/chat/token",
	}
}

// SubdomainError says why a subdomain was refused, with an example of what
// is accepted.
type SubdomainError struct {
	Input  string
	Reason string
}

func (e *SubdomainError) Error() string {
	return fmt.Sprintf("invalid subdomain %q: %s (for https://acme.zendesk.com, enter acme)", e.Input, e.Reason)
}

// NormalizeSubdomain reduces what users paste ("acme", "acme.zendesk.com",
// "https://acme.zendesk.com/agent") to the bare label "acme". The tutorial's
// readers lost time to a full domain giving a 400, so anything that is not a
// valid DNS label after reduction is refused with an example.
func NormalizeSubdomain(input string) (string, error) {
	s := strings.TrimSpace(input)
	if s == "" {
		return "", &SubdomainError{Input: input, Reason: "it is empty"}
	}
	if strings.Contains(s, "://") {
		u, err := url.Parse(s)
		if err != nil || u.Hostname() == "" {
			return "", &SubdomainError{Input: input, Reason: "it is not a URL or a name"}
		}
		s = u.Hostname()
	} else if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	s = strings.ToLower(strings.TrimSuffix(s, "."))
	for _, suffix := range []string{".zendesk.com", ".zopim.com"} {
		if strings.HasSuffix(s, suffix) {
			s = strings.TrimSuffix(s, suffix)
			break
		}
	}
	if strings.Contains(s, ".") {
		return "", &SubdomainError{Input: input, Reason: "it is not a zendesk.com address"}
	}
	if !isDNSLabel(s) {
		return "", &SubdomainError{Input: input, Reason: "use letters, digits and hyphens only"}
	}
	return s, nil
}

// isDNSLabel reports whether s is a valid DNS label: 1–63 letters, digits or
// hyphens, not starting or ending with a hyphen.
func isDNSLabel(s string) bool {
	if len(s) == 0 || len(s) > 63 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
