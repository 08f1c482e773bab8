package chatsim

import (
	"net/http"
	"strconv"
)

// routes wires every endpoint. Paths follow DESIGN §3: the API under
// /api/v2/chat, the legacy token list under /api/v2/oauth/tokens, and
// OAuth under /oauth2/chat.
func (s *Sim) routes() *http.ServeMux {
	m := http.NewServeMux()
	const base = "/api/v2/chat"
	m.HandleFunc("GET "+base+"/oauth/clients", s.listClients)
	m.HandleFunc("POST "+base+"/oauth/clients", s.createClient)
	m.HandleFunc("GET "+base+"/oauth/clients/{id}", s.showClient)
	m.HandleFunc("PUT "+base+"/oauth/clients/{id}", s.updateClient)
	m.HandleFunc("DELETE "+base+"/oauth/clients/{id}", s.deleteClient)
	m.HandleFunc("POST "+base+"/oauth/clients/{id}", s.generateSecretBare)
	m.HandleFunc("POST "+base+"/oauth/clients/{id}/client_secret", s.generateSecretSuffix)
	m.HandleFunc("GET "+base+"/oauth/tokens", s.listTokens(false))
	m.HandleFunc("DELETE "+base+"/oauth/tokens/{id}", s.revokeToken(false))
	m.HandleFunc("GET /api/v2/oauth/tokens", s.listTokens(true))
	m.HandleFunc("DELETE /api/v2/oauth/tokens/{id}", s.revokeToken(true))
	m.HandleFunc("GET "+base+"/account", s.account)
	m.HandleFunc("GET "+base+"/chats", s.chats)
	m.HandleFunc("GET /oauth2/chat/authorizations/new", s.authorizePage)
	m.HandleFunc("POST /oauth2/chat/authorizations/session", s.signIn)
	m.HandleFunc("POST /oauth2/chat/authorizations", s.decide)
	m.HandleFunc("POST /oauth2/chat/token", s.tokenEndpoint)
	// A known path with another method is 405; anything else is 404.
	for _, p := range []string{base + "/oauth/clients", base + "/oauth/clients/{id}", base + "/oauth/clients/{id}/client_secret",
		base + "/oauth/tokens", base + "/oauth/tokens/{id}", "/api/v2/oauth/tokens", "/api/v2/oauth/tokens/{id}",
		base + "/account", base + "/chats", "/oauth2/chat/authorizations/new", "/oauth2/chat/authorizations/session",
		"/oauth2/chat/authorizations", "/oauth2/chat/token"} {
		m.HandleFunc(p, methodNotAllowed)
	}
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { notFound(w) })
	return m
}

func methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	writeError(w, http.StatusMethodNotAllowed, "Method Not Allowed", r.Method+" is not allowed here")
}

// pathID reads the {id} wildcard; a non-number is an unknown id.
func pathID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}
