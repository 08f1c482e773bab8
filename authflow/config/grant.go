package config

import (
	"fmt"
	"strings"
)

// Grant is an OAuth grant chatkeys runs, named as a profile, a flag or
// CHATKEYS_GRANT spells it. It is the one declaration of the grants:
// authflow runs them, both front ends offer them.
type Grant string

// The grants.
const (
	GrantCode              Grant = "code"
	GrantImplicit          Grant = "implicit"
	GrantPassword          Grant = "password"
	GrantClientCredentials Grant = "client-credentials"
)

// Grants lists the grants in the order they are offered.
func Grants() []Grant {
	return []Grant{GrantCode, GrantImplicit, GrantPassword, GrantClientCredentials}
}

// NeedsBrowser reports whether the grant goes through the consent page,
// and so through the loopback listener.
func (g Grant) NeedsBrowser() bool { return g == GrantCode || g == GrantImplicit }

// NeedsSecret reports whether the grant sends the client secret.
func (g Grant) NeedsSecret() bool { return g != GrantImplicit }

// NormalizeGrant returns the canonical name of a grant. It accepts any
// case, underscores for hyphens and the RFC 6749 spellings people copy
// from docs ("authorization_code", "client_credentials"), so a
// hand-edited file is not refused over spelling. Anything else is an
// error listing the four names.
func NormalizeGrant(name string) (Grant, error) {
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
