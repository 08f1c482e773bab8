package chatsim

import (
	"net/http"

	"chatkeys/api"
)

// listTokens lists every token of the account, whole values included.
// routes serves it on the legacy path too, where HTTP Basic with an
// agent's email and password is also accepted.
func (s *Sim) listTokens(w http.ResponseWriter, r *http.Request, _ caller) {
	writeList(w, r, s.opts.PageSize, "tokens", s.tokens, func(t *api.OAuthToken) any { return t })
}

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
