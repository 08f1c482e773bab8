package chatsim

import (
	"slices"
	"time"

	"chatkeys/api"
)

// Admin returns the seeded administrator the demo logs in as.
func (s *Sim) Admin() Agent { return s.agents[0] }

// Agents returns every seeded agent.
func (s *Sim) Agents() []Agent { return slices.Clone(s.agents) }

// DemoClient returns the seeded confidential demo client, with its whole
// current secret.
func (s *Sim) DemoClient() api.OAuthClient {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.clientByID(s.demoClientID); c != nil {
		return cloneClient(c)
	}
	return api.OAuthClient{}
}

// SetDemoRedirectURI registers uri as the demo client's only redirect URI.
// The demo's login listener picks a free port after the simulator starts.
func (s *Sim) SetDemoRedirectURI(uri string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.clientByID(s.demoClientID); c != nil {
		c.RedirectURIs = api.RedirectURIs{uri}
	}
}

// MintToken creates a token (with a refresh token) for an agent, as if a
// login had happened, and returns it with its whole values.
func (s *Sim) MintToken(agentID int64, clientIdentifier, scopes string, ttl time.Duration) api.OAuthToken {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now().UTC().Truncate(time.Second)
	t := s.addToken(agentID, clientIdentifier, scopes, now, now.Add(ttl), s.randomString(tokenLen))
	return cloneToken(t)
}

// Clients returns the account's clients, whole secrets included, by id.
func (s *Sim) Clients() []api.OAuthClient {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]api.OAuthClient, len(s.clients))
	for i, c := range s.clients {
		out[i] = cloneClient(c)
	}
	return out
}

// Tokens returns the account's tokens, by id.
func (s *Sim) Tokens() []api.OAuthToken {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]api.OAuthToken, len(s.tokens))
	for i, t := range s.tokens {
		out[i] = cloneToken(t)
	}
	return out
}

func cloneClient(c *api.OAuthClient) api.OAuthClient {
	out := *c
	out.RedirectURIs = slices.Clone(c.RedirectURIs)
	return out
}

func cloneToken(t *api.OAuthToken) api.OAuthToken { return *t }

// Lookups; callers hold mu.

func (s *Sim) clientByID(id int64) *api.OAuthClient {
	for _, c := range s.clients {
		if c.ID == id {
			return c
		}
	}
	return nil
}

func (s *Sim) clientByIdent(ident string) *api.OAuthClient {
	for _, c := range s.clients {
		if c.ClientIdentifier == ident {
			return c
		}
	}
	return nil
}

func (s *Sim) tokenByAccess(access string) *api.OAuthToken {
	for _, t := range s.tokens {
		if t.AccessToken == access {
			return t
		}
	}
	return nil
}

func (s *Sim) tokenByRefresh(refresh string) *api.OAuthToken {
	for _, t := range s.tokens {
		if refresh != "" && t.RefreshToken == refresh {
			return t
		}
	}
	return nil
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

// removeToken deletes a token by id and reports whether it existed.
func (s *Sim) removeToken(id int64) bool {
	for i, t := range s.tokens {
		if t.ID == id {
			s.tokens = slices.Delete(s.tokens, i, i+1)
			return true
		}
	}
	return false
}
