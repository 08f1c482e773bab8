package chatsim

import (
	"mime"
	"net/http"
	"net/url"
	"time"

	"chatkeys/api"
)

// tokenReply is the token endpoint's success reply, in Zendesk Chat's shape.
type tokenReply struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	RefreshToken string `json:"refresh_token,omitempty"`
	Scope        string `json:"scope"`
	ExpiresIn    int    `json:"expires_in,omitempty"`
}

// tokenEndpoint serves every grant. Parameters come as a form body; the
// client authenticates with client_id and client_secret in that body, as
// Zendesk Chat expects, or with HTTP Basic, as RFC 6749 §2.3.1 prefers.
func (s *Sim) tokenEndpoint(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/x-www-form-urlencoded" {
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", "send the parameters as an application/x-www-form-urlencoded body")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
	if err := r.ParseForm(); err != nil {
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", "the form body could not be read")
		return
	}
	f := r.PostForm
	grant := f.Get("grant_type")
	c, ok := s.authenticateClient(w, r, grant)
	if !ok {
		return
	}
	switch grant {
	case "":
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", "grant_type is required")
	case "authorization_code":
		s.grantCode(w, c, f)
	case "password":
		s.grantPassword(w, c, f)
	case "client_credentials":
		s.grantClientCredentials(w, c, f)
	case "refresh_token":
		s.grantRefresh(w, c, f)
	default:
		writeOAuthError(w, http.StatusBadRequest, "unsupported_grant_type",
			"grant_type must be authorization_code, password, client_credentials or refresh_token")
	}
}

// authenticateClient finds the client and checks its CURRENT secret, so a
// rotated secret stops working at once. The one exception is a refresh
// with no secret at all, which RFC 6749 §6 allows a public client; a wrong
// secret is refused there too. It writes the error itself.
func (s *Sim) authenticateClient(w http.ResponseWriter, r *http.Request, grant string) (*api.OAuthClient, bool) {
	f := r.PostForm
	id, secret := f.Get("client_id"), f.Get("client_secret")
	bid, bsecret, basic := r.BasicAuth()
	if basic {
		if f.Has("client_secret") {
			writeOAuthError(w, http.StatusBadRequest, "invalid_request",
				"send the client's credentials once: in the form body or as HTTP Basic, not both")
			return nil, false
		}
		// RFC 6749 §2.3.1: both are form-encoded before Basic encoding.
		id, secret = formUnescape(bid), formUnescape(bsecret)
	}
	refuse := func(description string) (*api.OAuthClient, bool) {
		if basic {
			w.Header().Set("WWW-Authenticate", `Basic realm="chatsim"`)
		}
		writeOAuthError(w, http.StatusUnauthorized, "invalid_client", description)
		return nil, false
	}
	c := s.clientByIdent(id)
	switch {
	case id == "":
		return refuse("client_id is required")
	case c == nil:
		return refuse("unknown client_id")
	case secret == "" && grant == "refresh_token":
		return c, true
	case secret == "":
		return refuse("client_secret is required")
	case !equalSecret(c.ClientSecret, secret):
		return refuse("client authentication failed: wrong client_secret (a generated secret replaces the old one at once)")
	}
	return c, true
}

// formUnescape undoes form encoding, keeping s as it is when it is not
// validly encoded.
func formUnescape(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}

// issue mints a token for an agent, records it, and writes the reply.
// Callers hold s.mu.
func (s *Sim) issue(w http.ResponseWriter, agentID int64, c *api.OAuthClient, scopes string, withRefresh bool) *api.OAuthToken {
	now := s.timestamp()
	t := s.addToken(tokenRecord{agentID: agentID, clientIdent: c.ClientIdentifier, scopes: scopes,
		created: now, expires: now.Add(tokenLifetime), refresh: withRefresh})
	reply := tokenReply{AccessToken: t.AccessToken, TokenType: "Bearer", RefreshToken: t.RefreshToken, Scope: scopes}
	if !s.opts.OmitExpiresIn {
		reply.ExpiresIn = int(tokenLifetime / time.Second)
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	writeJSON(w, http.StatusOK, reply)
	return t
}
