package chatsim

import (
	"net/http"

	"chatkeys/api"
)

// listTokens lists every token of the account. The legacy path
// (/api/v2/oauth/tokens, the seed's www.zopim.com curl) also takes HTTP
// Basic with an agent's email and password.
func (s *Sim) listTokens(legacy bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if _, ok := s.authenticate(w, r, legacy, true); !ok {
			return
		}
		out := make([]api.OAuthToken, 0, len(s.tokens))
		for _, t := range s.tokens {
			out = append(out, cloneToken(t))
		}
		writeJSON(w, http.StatusOK, out)
	}
}

// revokeToken deletes one token: 204, or 404 for an unknown id.
func (s *Sim) revokeToken(legacy bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if _, ok := s.authenticate(w, r, legacy, true); !ok {
			return
		}
		id, ok := pathID(r)
		if !ok || !s.removeToken(id) {
			notFound(w)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

// account answers the seed's "test the token" example with the account
// and the calling agent.
func (s *Sim) account(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	who, ok := s.authenticate(w, r, false, false)
	if !ok {
		return
	}
	role := "agent"
	if who.agent.Admin {
		role = "administrator"
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"account_key": "chatsim", "status": "active", "plan": map[string]string{"name": "enterprise"},
		"agent": map[string]any{"id": who.agent.ID, "display_name": who.agent.Name, "email": who.agent.Email, "role": role},
	})
}

// chats answers the tutorial's other test call with an empty list.
func (s *Sim) chats(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.authenticate(w, r, false, false); !ok {
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"chats": []any{}, "count": 0})
}
