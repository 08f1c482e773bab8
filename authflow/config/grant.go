package config

import (
	"fmt"
	"strings"
)

// The grant names a profile, a flag or CHATKEYS_GRANT may use.
const (
	GrantCode              = "code"
	GrantImplicit          = "implicit"
	GrantPassword          = "password"
	GrantClientCredentials = "client-credentials"
)

// NormalizeGrant returns the canonical name of a grant ("code", "implicit",
// "password" or "client-credentials"). It accepts any case, underscores for
// hyphens and the RFC 6749 spellings people copy from docs
// ("authorization_code", "client_credentials"), so a hand-edited file is
// not refused over spelling. Anything else is an error listing the four
// names.
func NormalizeGrant(name string) (string, error) {
	switch strings.ReplaceAll(strings.ToLower(strings.TrimSpace(name)), "_", "-") {
	case "code", "authorization-code":
		return GrantCode, nil
	case "implicit", "token":
		return GrantImplicit, nil
	case "password":
		return GrantPassword, nil
	case "client-credentials":
		return GrantClientCredentials, nil
	}
	return "", fmt.Errorf("unknown grant %q: use code, implicit, password or client-credentials", name)
}
