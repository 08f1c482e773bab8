package api

import (
	"context"
	"fmt"
)

// OAuthClientsService manages the account's OAuth API clients
// (/oauth/clients). Every endpoint is for administrators.
type OAuthClientsService service

// List returns every client of the account. Secrets are truncated.
func (s *OAuthClientsService) List(ctx context.Context) ([]OAuthClient, error) {
	return collect(seq[OAuthClient](ctx, s.client, "oauth/clients", "list clients"))
}

// Get returns one client. Its secret is truncated.
func (s *OAuthClientsService) Get(ctx context.Context, id int64) (*OAuthClient, error) {
	var c OAuthClient
	if err := s.client.do(ctx, "GET", clientPath(id), nil, &c); err != nil {
		return nil, fmt.Errorf("show client %d: %w", id, err)
	}
	return &c, nil
}

// Create registers a client and returns it with its full secret, the only
// time the API shows it. The API ignores client_type on create, so when p
// asks for a type Create follows with an Update; if that fails, the client
// exists and is returned together with the error.
func (s *OAuthClientsService) Create(ctx context.Context, p ClientParams) (*OAuthClient, error) {
	wantType := p.ClientType
	p.ClientType = nil
	var c OAuthClient
	if err := s.client.do(ctx, "POST", "oauth/clients", p, &c); err != nil {
		s.client.record(ActionClientCreate, clientTarget(0, nil, err))
		return nil, fmt.Errorf("create client: %w", err)
	}
	s.client.record(ActionClientCreate, clientTarget(0, &c, nil))
	if wantType == nil || *wantType == c.ClientType {
		return &c, nil
	}
	updated, err := s.Update(ctx, c.ID, ClientParams{ClientType: wantType})
	if err != nil {
		return &c, fmt.Errorf("client %d was created, but setting its type to %s failed: %w", c.ID, *wantType, err)
	}
	updated.ClientSecret = c.ClientSecret
	return updated, nil
}

// Update changes the fields set in p. It is the only way to set
// client_type.
func (s *OAuthClientsService) Update(ctx context.Context, id int64, p ClientParams) (*OAuthClient, error) {
	var c OAuthClient
	if err := s.client.do(ctx, "PUT", clientPath(id), p, &c); err != nil {
		s.client.record(ActionClientUpdate, clientTarget(id, nil, err))
		return nil, fmt.Errorf("update client %d: %w", id, err)
	}
	s.client.record(ActionClientUpdate, clientTarget(id, &c, nil))
	return &c, nil
}

// Delete removes a client. Tokens it minted stop working.
func (s *OAuthClientsService) Delete(ctx context.Context, id int64) error {
	err := s.client.do(ctx, "DELETE", clientPath(id), nil, nil)
	s.client.record(ActionClientDelete, clientTarget(id, nil, err))
	if err != nil {
		return fmt.Errorf("delete client %d: %w", id, err)
	}
	return nil
}

// GenerateSecret replaces the client's secret and returns the new one in
// full. The endpoint may be at either of two paths: /client_secret is
// tried first and, on 404 or 405, the bare client path once.
func (s *OAuthClientsService) GenerateSecret(ctx context.Context, id int64) (string, error) {
	var out generatedSecret
	err := s.client.do(ctx, "POST", clientPath(id)+"/client_secret", nil, &out)
	if st := StatusOf(err); st == 404 || st == 405 {
		out = generatedSecret{}
		err = s.client.do(ctx, "POST", clientPath(id), nil, &out)
	}
	if err != nil {
		s.client.record(ActionClientRotateSecret, clientTarget(id, nil, err))
		return "", fmt.Errorf("generate secret for client %d: %w", id, err)
	}
	if out.ClientSecret == "" {
		// The server said yes but showed no secret: it may have replaced
		// the old one all the same.
		s.client.record(ActionClientRotateSecret, ActionTarget{ClientID: id, Result: ResultNotConfirmed})
		return "", fmt.Errorf("generate secret for client %d: the reply held no client_secret", id)
	}
	s.client.record(ActionClientRotateSecret, clientTarget(id, nil, nil))
	return out.ClientSecret, nil
}

func clientPath(id int64) string { return fmt.Sprintf("oauth/clients/%d", id) }
