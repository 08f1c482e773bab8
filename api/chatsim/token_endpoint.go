package chatsim

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"chatkeys/api"
)

// tokenReply is the token endpoint's success reply.
type tokenReply struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	RefreshToken string `json:"refresh_token,omitempty"`
	Scope        string `json:"scope"`
	ExpiresIn    int    `json:"expires_in,omitempty"`
}

// tokenEndpoint serves every grant. Client credentials come in the form
// body, as the seeds show, or as HTTP Basic.
func (s *Sim) tokenEndpoint(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", "the body must be application/x-www-form-urlencoded")
		return
	}
	f := r.PostForm
	id, secret := f.Get("client_id"), f.Get("client_secret")
	if bid, bsecret, ok := r.BasicAuth(); ok {
		id, secret = bid, bsecret
	}
	grant := f.Get("grant_type")
	c := s.clientByIdent(id)
	switch {
	case c == nil:
		writeOAuthError(w, http.StatusUnauthorized, "invalid_client", "unknown client_id")
		return
	case grant == "":
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", "grant_type is required")
		return
	case secret != c.ClientSecret && !(grant == "refresh_token" && secret == ""):
		writeOAuthError(w, http.StatusUnauthorized, "invalid_client", "client authentication failed: wrong or missing client_secret")
		return
	}
	switch grant {
	case "authorization_code":
		s.grantCode(w, c, f.Get("code"), f.Get("redirect_uri"))
	case "password":
		s.grantPassword(w, c, f.Get("username"), f.Get("password"), f.Get("scope"))
	case "client_credentials":
		s.grantClientCredentials(w, c, f.Get("scope"))
	case "refresh_token":
		s.grantRefresh(w, c, f.Get("refresh_token"))
	default:
		writeOAuthError(w, http.StatusBadRequest, "unsupported_grant_type", "grant_type "+grant+" is not supported")
	}
}

func (s *Sim) grantCode(w http.ResponseWriter, c *api.OAuthClient, code, redirect string) {
	ac := s.codes[code]
	switch {
	case code == "" || ac == nil || ac.clientIdent != c.ClientIdentifier:
		writeOAuthError(w, http.StatusBadRequest, "invalid_grant", "the authorization code is invalid")
	case ac.used:
		for _, id := range ac.tokenIDs { // a replayed code revokes what it minted (RFC 6749 §4.1.2)
			s.removeToken(id)
		}
		writeOAuthError(w, http.StatusBadRequest, "invalid_grant", "the authorization code was already used")
	case !s.now().Before(ac.expires):
		writeOAuthError(w, http.StatusBadRequest, "invalid_grant", "the authorization code has expired")
	case ac.redirectURI != "" && redirect != ac.redirectURI:
		writeOAuthError(w, http.StatusBadRequest, "invalid_grant", "redirect_uri does not match the one used to authorize")
	default:
		ac.used = true
		t := s.issue(w, ac.agentID, c, ac.scopes, true)
		ac.tokenIDs = append(ac.tokenIDs, t.ID)
	}
}

// grantPassword is for confidential clients on Chat-only accounts.
func (s *Sim) grantPassword(w http.ResponseWriter, c *api.OAuthClient, user, password, scope string) {
	if c.ClientType != api.ClientTypeConfidential {
		writeOAuthError(w, http.StatusBadRequest, "unauthorized_client", "the password grant needs a confidential client")
		return
	}
	a := s.agentByEmail(user)
	if a == nil || a.Password != password {
		writeOAuthError(w, http.StatusBadRequest, "invalid_grant", "wrong username or password")
		return
	}
	if scopes, ok := s.grantScopes(w, c, scope); ok {
		s.issue(w, a.ID, c, scopes, true)
	}
}

// grantClientCredentials acts as the admin who created the client.
func (s *Sim) grantClientCredentials(w http.ResponseWriter, c *api.OAuthClient, scope string) {
	if c.ClientType != api.ClientTypeConfidential {
		writeOAuthError(w, http.StatusBadRequest, "unauthorized_client", "the client_credentials grant needs a confidential client")
		return
	}
	if scopes, ok := s.grantScopes(w, c, scope); ok {
		s.issue(w, c.AgentID, c, scopes, false)
	}
}

// grantRefresh rotates: a new pair, and the old refresh and access tokens
// stop working.
func (s *Sim) grantRefresh(w http.ResponseWriter, c *api.OAuthClient, refresh string) {
	old := s.tokenByRefresh(refresh)
	if old == nil || old.ClientIdentifier != c.ClientIdentifier {
		writeOAuthError(w, http.StatusBadRequest, "invalid_grant", "the refresh token is invalid or was already used")
		return
	}
	s.removeToken(old.ID)
	s.issue(w, old.AgentID, c, old.Scopes, true)
}

// grantScopes checks requested scopes against the client's; chat is
// always allowed. No scope means the client's.
func (s *Sim) grantScopes(w http.ResponseWriter, c *api.OAuthClient, scope string) (string, bool) {
	words := strings.Fields(scope)
	if len(words) == 0 {
		return c.Scopes, true
	}
	for _, sc := range words {
		if sc != "chat" && !slices.Contains(c.ScopeList(), sc) {
			writeOAuthError(w, http.StatusBadRequest, "invalid_scope", "this client allows: "+c.Scopes+" (and chat)")
			return "", false
		}
	}
	return normalizeScopes(scope), true
}

// issue mints a token and writes the reply.
func (s *Sim) issue(w http.ResponseWriter, agentID int64, c *api.OAuthClient, scopes string, withRefresh bool) *api.OAuthToken {
	now := s.now().UTC().Truncate(time.Second)
	refresh := ""
	if withRefresh {
		refresh = s.randomString(tokenLen)
	}
	t := s.addToken(agentID, c.ClientIdentifier, scopes, now, now.Add(tokenLifetime), refresh)
	reply := tokenReply{AccessToken: t.AccessToken, TokenType: "Bearer", RefreshToken: refresh, Scope: scopes}
	if !s.opts.OmitExpiresIn {
		reply.ExpiresIn = int(tokenLifetime / time.Second)
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	writeJSON(w, http.StatusOK, reply)
	return t
}
