package api

import (
	"context"
	"fmt"
)

// OAuthTokensService lists and revokes the account's OAuth tokens
// (/oauth/tokens). Every endpoint is for administrators.
type OAuthTokensService service

// List returns every token of the account, with full token values: treat
// the result as secret.
func (s *OAuthTokensService) List(ctx context.Context) ([]OAuthToken, error) {
	var list []OAuthToken
	if err := s.client.do(ctx, "GET", "oauth/tokens", nil, &list); err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	return list, nil
}

// Revoke deletes one token. It succeeds only on the server's 204 or 200.
func (s *OAuthTokensService) Revoke(ctx context.Context, id int64) error {
	if err := s.client.do(ctx, "DELETE", tokenPath(id), nil, nil); err != nil {
		return fmt.Errorf("revoke token %d: %w", id, err)
	}
	return nil
}

func tokenPath(id int64) string { return fmt.Sprintf("oauth/tokens/%d", id) }
