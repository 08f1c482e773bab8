package chatsim

import (
	"errors"
	"io"
	"net/http"

	"chatkeys/api"
)

// truncated is how list, show and update show a client: the secret cut to
// the prefix the dashboard shows, since it is whole only once.
func truncated(c *api.OAuthClient) api.OAuthClient {
	out := cloneClient(c)
	if len(out.ClientSecret) > secretPrefixLen {
		out.ClientSecret = out.ClientSecret[:secretPrefixLen]
	}
	return out
}

// adminsOnly is what every client and token endpoint asks: an
// administrator.
var adminsOnly = access{admin: true}

// takeClients is the client list's items, secrets cut to their prefix.
// It runs holding s.mu.
func (s *Sim) takeClients() []api.OAuthClient {
	out := make([]api.OAuthClient, len(s.clients))
	for i, c := range s.clients {
		out[i] = truncated(c)
	}
	return out
}

// clientHandler serves a request on one client's path, given the client.
// It runs holding s.mu.
type clientHandler func(w http.ResponseWriter, r *http.Request, c *api.OAuthClient)

// onClient makes h an administrators' endpoint on the client the {id}
// wildcard names: 401 or 403 for a caller that is not admitted, then 404
// when there is no such client.
func (s *Sim) onClient(h clientHandler) http.HandlerFunc {
	return s.rest(adminsOnly, func(w http.ResponseWriter, r *http.Request, _ caller) {
		if c := s.clientFromPath(r); c != nil {
			h(w, r, c)
			return
		}
		notFound(w)
	})
}

// clientFromPath finds the client the {id} wildcard names. Callers hold
// s.mu.
func (s *Sim) clientFromPath(r *http.Request) *api.OAuthClient {
	id, ok := pathID(r)
	if !ok {
		return nil
	}
	return s.clientByID(id)
}

func (s *Sim) showClient(w http.ResponseWriter, r *http.Request, c *api.OAuthClient) {
	writeJSON(w, http.StatusOK, truncated(c))
}

// createClient registers a client and answers 201 with its whole secret,
// the only time besides generate that it is shown. client_type is ignored:
// the API sets it only on update, so a new client is public.
func (s *Sim) createClient(w http.ResponseWriter, r *http.Request, who caller) {
	b, ok := readClientBody(w, r, true)
	if !ok {
		return
	}
	now := s.timestamp()
	c := &api.OAuthClient{
		AgentID: who.agent.ID, ClientIdentifier: s.randomString(identifierLen),
		ClientSecret: s.randomString(secretLen), ClientType: api.ClientTypePublic, Name: *b.Name,
		RedirectURIs: *b.RedirectURIs, Scopes: normalizeScopes(*b.Scopes), CreateDate: &now,
	}
	if b.Company != nil {
		c.Company = *b.Company
	}
	s.addClient(c)
	writeJSON(w, http.StatusCreated, cloneClient(c))
}

// updateClient changes the fields sent, and is the only way to set
// client_type.
func (s *Sim) updateClient(w http.ResponseWriter, r *http.Request, c *api.OAuthClient) {
	b, ok := readClientBody(w, r, false)
	if !ok {
		return
	}
	setIfSent(&c.Name, b.Name)
	setIfSent(&c.Company, b.Company)
	setIfSent(&c.RedirectURIs, b.RedirectURIs)
	if b.Scopes != nil {
		c.Scopes = normalizeScopes(*b.Scopes)
	}
	setIfSent(&c.ClientType, b.ClientType)
	now := s.timestamp()
	c.UpdateDate = &now
	writeJSON(w, http.StatusOK, truncated(c))
}

// setIfSent sets *field to *sent when the body sent that field.
func setIfSent[T any](field *T, sent *T) {
	if sent != nil {
		*field = *sent
	}
}

// deleteClient removes a client and the tokens issued to it.
func (s *Sim) deleteClient(w http.ResponseWriter, r *http.Request, c *api.OAuthClient) {
	s.removeClient(c)
	w.WriteHeader(http.StatusNoContent)
}

// generateSecret replaces a client's secret and answers with it whole. The
// old secret stops working at the token endpoint at once; tokens already
// issued stay valid.
func (s *Sim) generateSecret(w http.ResponseWriter, r *http.Request, c *api.OAuthClient) {
	c.ClientSecret = s.randomString(secretLen)
	now := s.timestamp()
	c.UpdateDate = &now
	writeJSON(w, http.StatusOK, map[string]string{"client_secret": c.ClientSecret})
}

// readClientBody reads, decodes and validates a create or update body,
// writing the 400 (or 413) itself when it is not acceptable.
func readClientBody(w http.ResponseWriter, r *http.Request, create bool) (clientBody, bool) {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxClientBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge, "Request Entity Too Large", "the body is over 64 KiB")
		} else {
			writeError(w, http.StatusBadRequest, "Bad Request", "the body could not be read")
		}
		return clientBody{}, false
	}
	b, err := decodeClientBody(data)
	if err == nil {
		if fe := b.validate(create); fe != nil {
			err = fe
		}
	}
	var fe *fieldError
	switch {
	case errors.As(err, &fe):
		writeFieldError(w, fe)
	case err != nil:
		writeError(w, http.StatusBadRequest, "Bad Request", err.Error())
	default:
		return b, true
	}
	return clientBody{}, false
}
