package chatsim

import (
	"net/http"
	"slices"
	"strings"
)

// caller is who a REST request acts as.
type caller struct {
	agent Agent
	// password is set for HTTP Basic: a password stands for the agent
	// itself and carries every scope.
	password bool
	scopes   []string // the token's, when not password
}

// access says what an endpoint asks of its caller beyond a valid login.
type access struct {
	// basic accepts HTTP Basic with an agent's email and password
	// (curl -u {email_address}:{password}), as the legacy www.zopim.com
	// endpoint does.
	// Everywhere else the Chat API takes only OAuth bearer tokens.
	basic bool
	// admin limits the endpoint to account administrators: every client and
	// token endpoint is allowed for administrators only.
	admin bool
}

// neededScope is the scope a method needs: read for GET (showing and
// listing), write for the rest (creating, updating and deleting).
func neededScope(method string) string {
	if method == http.MethodGet || method == http.MethodHead {
		return "read"
	}
	return "write"
}

// authenticate checks the credentials, the scope the method needs and,
// where asked, that the agent is an administrator. It writes the 401 or
// 403 itself and returns false when the request may not proceed. Callers
// hold s.mu.
func (s *Sim) authenticate(w http.ResponseWriter, r *http.Request, need access) (caller, bool) {
	c, problem := s.identify(r, need.basic)
	if problem != "" {
		writeError(w, http.StatusUnauthorized, "Unauthorized", problem)
		return c, false
	}
	if scope := neededScope(r.Method); !c.password && !slices.Contains(c.scopes, scope) {
		writeError(w, http.StatusForbidden, "Forbidden", "this token lacks the "+scope+" scope")
		return c, false
	}
	if need.admin && !c.agent.Admin {
		writeError(w, http.StatusForbidden, "Forbidden", "only account administrators can use this endpoint")
		return c, false
	}
	return c, true
}

// restHandler serves a REST request for an admitted caller. It runs
// holding s.mu.
type restHandler func(w http.ResponseWriter, r *http.Request, who caller)

// rest makes h an endpoint: it holds s.mu while it serves and calls h only
// for a caller that authenticate admits with need, which answers the 401
// or 403 otherwise.
// restList serves a list as rest serves any endpoint, except that only
// taking the items holds s.mu: they are written after it, so a slow
// reader of a long list holds up no other request.
func restList[T any](s *Sim, need access, name string, take func() []T) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		_, ok := s.authenticate(w, r, need)
		var items []T
		if ok {
			items = take()
		}
		s.mu.Unlock()
		if ok {
			writeList(w, r, s.opts.PageSize, name, items)
		}
	}
}

func (s *Sim) rest(need access, h restHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if who, ok := s.authenticate(w, r, need); ok {
			h(w, r, who)
		}
	}
}

// identify finds the caller, or says why there is none.
func (s *Sim) identify(r *http.Request, allowBasic bool) (caller, string) {
	if email, password, ok := r.BasicAuth(); ok && allowBasic {
		a := s.agentByEmail(email)
		if a == nil || !equalSecret(a.Password, password) {
			return caller{}, "invalid email or password"
		}
		return caller{agent: *a, password: true}, ""
	}
	scheme, access, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	access = strings.TrimSpace(access)
	if !strings.EqualFold(scheme, "Bearer") || access == "" {
		return caller{}, "an OAuth access token is required: Authorization: Bearer {token}"
	}
	t := s.byAccess[access]
	switch {
	case t == nil:
		return caller{}, "the access token is invalid or was revoked"
	case t.Expired(s.now()):
		return caller{}, "the access token has expired"
	}
	a := s.agentByID(t.AgentID)
	if a == nil {
		return caller{}, "the token's agent no longer exists"
	}
	return caller{agent: *a, scopes: t.ScopeList()}, ""
}
