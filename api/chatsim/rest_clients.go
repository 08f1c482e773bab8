package chatsim

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"

	"chatkeys/api"
)

// maxBody bounds a request body.
const maxBody = 1 << 20

// clientBody is what create and update accept. Unknown fields are ignored.
type clientBody struct {
	Name         *string           `json:"name"`
	Company      *string           `json:"company"`
	RedirectURIs *api.RedirectURIs `json:"redirect_uris"`
	Scopes       *string           `json:"scopes"`
	ClientType   *string           `json:"client_type"`
}

// decodeClientBody reads a JSON object; the seed's own create example has
// a missing comma, and gets this 400 as it would from a real server.
func decodeClientBody(w http.ResponseWriter, r *http.Request) (clientBody, bool) {
	var b clientBody
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		writeError(w, http.StatusRequestEntityTooLarge, "Request Entity Too Large", "the body is over 1 MiB")
		return b, false
	}
	if err := json.Unmarshal(data, &b); err != nil {
		if strings.Contains(err.Error(), "redirect_uris") {
			writeFieldError(w, "redirect_uris", "redirect_uris must be a string or an array of strings")
			return b, false
		}
		writeError(w, http.StatusBadRequest, "Bad Request", "invalid JSON body: "+describeJSONError(err))
		return b, false
	}
	return b, true
}

// truncated is how list, show and update show a client: the secret cut to
// its first characters.
func truncated(c *api.OAuthClient) api.OAuthClient {
	out := cloneClient(c)
	if len(out.ClientSecret) > secretPrefixLen {
		out.ClientSecret = out.ClientSecret[:secretPrefixLen]
	}
	return out
}

func (s *Sim) listClients(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.authenticate(w, r, false, true); !ok {
		return
	}
	out := make([]api.OAuthClient, 0, len(s.clients))
	for _, c := range s.clients {
		out = append(out, truncated(c))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Sim) showClient(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.authenticate(w, r, false, true); !ok {
		return
	}
	c := s.clientFromPath(r)
	if c == nil {
		notFound(w)
		return
	}
	writeJSON(w, http.StatusOK, truncated(c))
}

// createClient registers a client. client_type is ignored: the API sets it
// only on update, and a new client is public.
func (s *Sim) createClient(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	who, ok := s.authenticate(w, r, false, true)
	if !ok {
		return
	}
	b, ok := decodeClientBody(w, r)
	if !ok || !validateClient(w, b, true) {
		return
	}
	now := s.now().UTC().Truncate(time.Second)
	c := &api.OAuthClient{
		ID: s.nextClientID, AgentID: who.agent.ID, ClientIdentifier: s.randomString(identifierLen),
		ClientSecret: s.randomString(secretLen), ClientType: api.ClientTypePublic, Name: *b.Name,
		RedirectURIs: *b.RedirectURIs, Scopes: normalizeScopes(*b.Scopes), CreateDate: &now,
	}
	if b.Company != nil {
		c.Company = *b.Company
	}
	s.nextClientID++
	s.clients = append(s.clients, c)
	writeJSON(w, http.StatusCreated, cloneClient(c))
}

func (s *Sim) updateClient(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.authenticate(w, r, false, true); !ok {
		return
	}
	c := s.clientFromPath(r)
	if c == nil {
		notFound(w)
		return
	}
	b, ok := decodeClientBody(w, r)
	if !ok || !validateClient(w, b, false) {
		return
	}
	if b.Name != nil {
		c.Name = *b.Name
	}
	if b.Company != nil {
		c.Company = *b.Company
	}
	if b.RedirectURIs != nil {
		c.RedirectURIs = *b.RedirectURIs
	}
	if b.Scopes != nil {
		c.Scopes = normalizeScopes(*b.Scopes)
	}
	if b.ClientType != nil {
		c.ClientType = *b.ClientType
	}
	now := s.now().UTC().Truncate(time.Second)
	c.UpdateDate = &now
	writeJSON(w, http.StatusOK, truncated(c))
}

func (s *Sim) deleteClient(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.authenticate(w, r, false, true); !ok {
		return
	}
	c := s.clientFromPath(r)
	if c == nil {
		notFound(w)
		return
	}
	for i, x := range s.clients {
		if x == c {
			s.clients = append(s.clients[:i], s.clients[i+1:]...)
			break
		}
	}
	kept := s.tokens[:0]
	for _, t := range s.tokens {
		if t.ClientIdentifier != c.ClientIdentifier {
			kept = append(kept, t)
		}
	}
	s.tokens = kept
	w.WriteHeader(http.StatusNoContent)
}

func (s *Sim) generateSecretBare(w http.ResponseWriter, r *http.Request) {
	if s.opts.SecretPaths == SuffixOnly {
		methodNotAllowed(w, r)
		return
	}
	s.generateSecret(w, r)
}

func (s *Sim) generateSecretSuffix(w http.ResponseWriter, r *http.Request) {
	if s.opts.SecretPaths == BareOnly {
		notFound(w)
		return
	}
	s.generateSecret(w, r)
}

// generateSecret replaces the secret; the old one stops working at once.
func (s *Sim) generateSecret(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.authenticate(w, r, false, true); !ok {
		return
	}
	c := s.clientFromPath(r)
	if c == nil {
		notFound(w)
		return
	}
	c.ClientSecret = s.randomString(secretLen)
	now := s.now().UTC().Truncate(time.Second)
	c.UpdateDate = &now
	writeJSON(w, http.StatusOK, map[string]string{"client_secret": c.ClientSecret})
}

func (s *Sim) clientFromPath(r *http.Request) *api.OAuthClient {
	id, ok := pathID(r)
	if !ok {
		return nil
	}
	return s.clientByID(id)
}
