package chatsim

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"chatkeys/api"
)

// The grants. Each checks its own parameters and writes either the token
// reply (through issue) or an RFC 6749 §5.2 error. Callers hold s.mu and
// have authenticated the client.

// grantCode exchanges an authorization code. Codes are single-use: a
// replay is refused and, as RFC 6749 §4.1.2 asks, revokes the tokens the
// code gave, since someone else may hold them.
func (s *Sim) grantCode(w http.ResponseWriter, c *api.OAuthClient, f url.Values) {
	code := f.Get("code")
	ac := s.codes[code]
	given := f.Get("redirect_uri")
	switch {
	case code == "":
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", "code is required")
		return
	case ac == nil || ac.clientIdent != c.ClientIdentifier:
		writeOAuthError(w, http.StatusBadRequest, "invalid_grant", "the authorization code is invalid")
		return
	case ac.used:
		for _, id := range ac.tokenIDs {
			s.removeToken(id)
		}
		ac.tokenIDs = nil
		writeOAuthError(w, http.StatusBadRequest, "invalid_grant",
			"the authorization code was already used; the tokens it gave are revoked")
		return
	case !s.now().Before(ac.expires):
		writeOAuthError(w, http.StatusBadRequest, "invalid_grant",
			"the authorization code has expired: codes last 10 minutes, so authorize again")
		return
	case ac.redirectGiven && given != ac.redirect, !ac.redirectGiven && given != "" && given != ac.redirect:
		writeOAuthError(w, http.StatusBadRequest, "invalid_grant",
			"redirect_uri must be the one sent to the authorize page")
		return
	}
	// The token gets the scopes consented to, whatever scope says: the
	// tutorial asks for read at the authorize page and then sends
	// scope=read%20write here, and its readers got tokens. A scope the
	// client may never have is still refused.
	if words := strings.Fields(f.Get("scope")); !scopesAllowed(c, words) {
		writeOAuthError(w, http.StatusBadRequest, "invalid_scope", allowedScopesText(c))
		return
	}
	ac.used = true
	t := s.issue(w, ac.agentID, c, ac.scopes, true)
	ac.tokenIDs = append(ac.tokenIDs, t.ID)
}

// grantPassword trades an agent's email and password for a token. Only
// confidential clients may use it.
func (s *Sim) grantPassword(w http.ResponseWriter, c *api.OAuthClient, f url.Values) {
	if c.ClientType != api.ClientTypeConfidential {
		writeOAuthError(w, http.StatusBadRequest, "unauthorized_client",
			"the password grant needs a confidential client: set client_type to confidential with an update")
		return
	}
	user, password := f.Get("username"), f.Get("password")
	if user == "" || password == "" {
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", "username and password are required")
		return
	}
	a := s.agentByEmail(user)
	if a == nil || !equalSecret(a.Password, password) {
		writeOAuthError(w, http.StatusBadRequest, "invalid_grant", "wrong username or password")
		return
	}
	if scopes, ok := clientScopes(w, c, f.Get("scope")); ok {
		s.issue(w, a.ID, c, scopes, true)
	}
}

// grantClientCredentials gives a confidential client a token that acts
// as the administrator who created it. It has no
// refresh token: the client can always ask again.
func (s *Sim) grantClientCredentials(w http.ResponseWriter, c *api.OAuthClient, f url.Values) {
	if c.ClientType != api.ClientTypeConfidential {
		writeOAuthError(w, http.StatusBadRequest, "unauthorized_client",
			"the client_credentials grant needs a confidential client: set client_type to confidential with an update")
		return
	}
	if scopes, ok := clientScopes(w, c, f.Get("scope")); ok {
		s.issue(w, c.AgentID, c, scopes, false)
	}
}

// grantRefresh rotates: it answers a new access and refresh pair, and the
// old pair stops working, so a refresh token works exactly once.
func (s *Sim) grantRefresh(w http.ResponseWriter, c *api.OAuthClient, f url.Values) {
	refresh := f.Get("refresh_token")
	old := s.byRefresh[refresh]
	switch {
	case refresh == "":
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", "refresh_token is required")
		return
	case old == nil || old.ClientIdentifier != c.ClientIdentifier:
		writeOAuthError(w, http.StatusBadRequest, "invalid_grant",
			"the refresh token is invalid, revoked or already used: refresh tokens work once, so keep the new one")
		return
	}
	scopes, ok := narrowScopes(w, f.Get("scope"), old.Scopes)
	if !ok {
		return
	}
	agent := old.AgentID
	s.removeToken(old.ID)
	s.issue(w, agent, c, scopes, true)
}

// clientScopes checks requested scopes against what the client allows
// (chat always); none requested means the client's own.
func clientScopes(w http.ResponseWriter, c *api.OAuthClient, requested string) (string, bool) {
	words := strings.Fields(requested)
	if len(words) == 0 {
		return normalizeScopes(c.Scopes), true
	}
	if !scopesAllowed(c, words) {
		writeOAuthError(w, http.StatusBadRequest, "invalid_scope", allowedScopesText(c))
		return "", false
	}
	return normalizeScopes(requested), true
}

// narrowScopes checks that requested scopes are among those already
// granted (RFC 6749 §6); none requested means all of them.
func narrowScopes(w http.ResponseWriter, requested, granted string) (string, bool) {
	words := strings.Fields(requested)
	if len(words) == 0 {
		return granted, true
	}
	have := strings.Fields(granted)
	for _, sc := range words {
		if !slices.Contains(have, sc) {
			writeOAuthError(w, http.StatusBadRequest, "invalid_scope",
				"the scope "+sc+" was not granted; this grant allows: "+granted)
			return "", false
		}
	}
	return normalizeScopes(requested), true
}
