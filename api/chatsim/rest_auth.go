package chatsim

import (
	"net/http"
	"slices"
	"strings"
)

// caller is who a REST request acts as.
type caller struct {
	agent  Agent
	scopes []string // nil for HTTP Basic (a password has every scope)
}

// authenticate checks the bearer token (or, where allowed, HTTP Basic) and
// the scope the method needs: read for GET, write for the rest, and, for
// the client and token endpoints, an administrator. It writes the error and returns
// false when the request may not proceed. Callers hold mu.
func (s *Sim) authenticate(w http.ResponseWriter, r *http.Request, allowBasic, adminOnly bool) (caller, bool) {
	var c caller
	if email, password, ok := r.BasicAuth(); ok && allowBasic {
		a := s.agentByEmail(email)
		if a == nil || a.Password != password {
			writeError(w, http.StatusUnauthorized, "Unauthorized", "invalid email or password")
			return c, false
		}
		c.agent = *a
	} else {
		access, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || access == "" {
			writeError(w, http.StatusUnauthorized, "Unauthorized", "an OAuth access token is required")
			return c, false
		}
		t := s.tokenByAccess(strings.TrimSpace(access))
		switch {
		case t == nil:
			writeError(w, http.StatusUnauthorized, "Unauthorized", "the access token is invalid or was revoked")
			return c, false
		case t.Expired(s.now()):
			writeError(w, http.StatusUnauthorized, "Unauthorized", "the access token has expired")
			return c, false
		}
		a := s.agentByID(t.AgentID)
		if a == nil {
			writeError(w, http.StatusUnauthorized, "Unauthorized", "the token's agent no longer exists")
			return c, false
		}
		c.agent, c.scopes = *a, t.ScopeList()
	}
	need := "write"
	if r.Method == http.MethodGet {
		need = "read"
	}
	if c.scopes != nil && !slices.Contains(c.scopes, need) {
		writeError(w, http.StatusForbidden, "Forbidden", "this token lacks the "+need+" scope")
		return c, false
	}
	if adminOnly && !c.agent.Admin {
		writeError(w, http.StatusForbidden, "Forbidden", "only account administrators can use this endpoint")
		return c, false
	}
	return c, true
}
