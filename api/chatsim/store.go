package chatsim

import (
	"cmp"
	"crypto/subtle"
	"slices"
	"time"

	"chatkeys/api"
)

// The account's records and their lookups. Every function here expects
// the caller to hold s.mu (or to be New, before the Sim is shared).

// cloneClient copies a client so that no caller shares its slice.
func cloneClient(c *api.OAuthClient) api.OAuthClient {
	out := *c
	out.RedirectURIs = slices.Clone(c.RedirectURIs)
	return out
}

func (s *Sim) clientByID(id int64) *api.OAuthClient {
	i, ok := slices.BinarySearchFunc(s.clients, id, func(c *api.OAuthClient, id int64) int { return cmp.Compare(c.ID, id) })
	if !ok {
		return nil
	}
	return s.clients[i]
}

func (s *Sim) clientByIdent(ident string) *api.OAuthClient {
	if ident == "" {
		return nil
	}
	for _, c := range s.clients {
		if c.ClientIdentifier == ident {
			return c
		}
	}
	return nil
}

// addClient records c under the next id.
func (s *Sim) addClient(c *api.OAuthClient) {
	c.ID = s.nextClientID
	s.nextClientID++
	s.clients = append(s.clients, c)
}

// removeClient deletes a client and every token issued to it.
func (s *Sim) removeClient(c *api.OAuthClient) {
	s.clients = slices.DeleteFunc(s.clients, func(x *api.OAuthClient) bool { return x == c })
	for _, t := range slices.Clone(s.tokens) {
		if t.ClientIdentifier == c.ClientIdentifier {
			s.removeToken(t.ID)
		}
	}
}

func (s *Sim) agentByID(id int64) *Agent {
	for i := range s.agents {
		if s.agents[i].ID == id {
			return &s.agents[i]
		}
	}
	return nil
}

func (s *Sim) agentByEmail(email string) *Agent {
	for i := range s.agents {
		if s.agents[i].Email == email {
			return &s.agents[i]
		}
	}
	return nil
}

// tokenRecord is what a new token is made of; the access token string,
// the refresh token string (when refresh is set) and the id are generated.
type tokenRecord struct {
	agentID          int64
	clientIdent      string
	scopes           string
	created, expires time.Time
	refresh          bool
}

// addToken records a token under the next id. The refresh token is drawn
// before the access token: that order is part of what a seed reproduces.
func (s *Sim) addToken(rec tokenRecord) *api.OAuthToken {
	created, expires := rec.created, rec.expires
	var refresh string
	if rec.refresh {
		refresh = s.randomString(tokenLen)
	}
	t := &api.OAuthToken{
		ID: s.nextTokenID, AccessToken: s.randomString(tokenLen), AgentID: rec.agentID,
		ClientIdentifier: rec.clientIdent, CreateDate: &created, ExpireDate: &expires,
		RefreshToken: refresh, Scopes: rec.scopes, TokenType: "Bearer",
	}
	if refresh != "" {
		s.byRefresh[refresh] = t
	}
	s.nextTokenID++
	s.tokens = append(s.tokens, t)
	s.byAccess[t.AccessToken] = t
	return t
}

// removeToken deletes a token by id, so that its access and refresh
// tokens stop working, and reports whether it existed.
func (s *Sim) removeToken(id int64) bool {
	i, ok := slices.BinarySearchFunc(s.tokens, id, func(t *api.OAuthToken, id int64) int { return cmp.Compare(t.ID, id) })
	if !ok {
		return false
	}
	t := s.tokens[i]
	delete(s.byAccess, t.AccessToken)
	if t.RefreshToken != "" {
		delete(s.byRefresh, t.RefreshToken)
	}
	s.tokens = slices.Delete(s.tokens, i, i+1)
	return true
}

const alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// Lengths of generated values, as on Zendesk Chat: a 50-character
// client_identifier, a 64-character secret shown as an 8-character
// prefix, 64-character tokens, and a 20-character code.
const (
	identifierLen   = 50
	secretLen       = 64
	secretPrefixLen = 8
	tokenLen        = 64
	codeLen         = 20
)

// randomString returns n alphanumerics from the seeded generator. The
// simulator's values are predictable from Options.Seed by design: they are
// demo and test credentials on loopback, never real ones. Callers hold
// s.mu (or are New).
func (s *Sim) randomString(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphanumerics[s.rng.IntN(len(alphanumerics))]
	}
	return string(b)
}

// equalSecret compares a credential in constant time, as a real server
// must; the simulator does too so that it is a fair model to test against.
func equalSecret(want, got string) bool {
	return want != "" && subtle.ConstantTimeCompare([]byte(want), []byte(got)) == 1
}
