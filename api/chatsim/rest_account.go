package chatsim

import (
	"net/http"
	"slices"

	"chatkeys/api"
)

// takeTokens is the token list's items, whole values included: the
// tokens as they are now (a token is never changed in place, only
// removed). routes serves the list on the legacy path too, where HTTP
// Basic with an agent's email and password is also accepted. It runs
// holding s.mu.
func (s *Sim) takeTokens() []*api.OAuthToken { return slices.Clone(s.tokens) }

// revokeToken deletes one token, so that its access and refresh tokens
// stop working: 204, or 404 for an unknown id.
func (s *Sim) revokeToken(w http.ResponseWriter, r *http.Request, _ caller) {
	id, ok := pathID(r)
	if !ok || !s.removeToken(id) {
		notFound(w)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// accountKey names the simulated account in the replies that show it.
const accountKey = "chatsim"

// account answers GET /api/v2/chat/account, the call that tests a token,
// with the account and the calling agent. Any agent may call it, with the
// read scope.
func (s *Sim) account(w http.ResponseWriter, r *http.Request, who caller) {
	role := "agent"
	if who.agent.Admin {
		role = "administrator"
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"account_key": accountKey, "status": "active", "plan": map[string]string{"name": "enterprise"},
		"agent": map[string]any{"id": who.agent.ID, "display_name": who.agent.Name, "email": who.agent.Email, "role": role},
	})
}

// chats answers the tutorial's other test call (GET /api/v2/chats, here
// under the Chat base) with an account that has no chats yet.
func (s *Sim) chats(w http.ResponseWriter, r *http.Request, _ caller) {
	writeJSON(w, http.StatusOK, map[string]any{"chats": []any{}, "count": 0, "next_url": nil})
}
