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

// Revoke deletes one token. It succeeds only when the reply confirms it
// (ConfirmDelete); otherwise the error says why it is not known to be
// done.
func (s *OAuthTokensService) Revoke(ctx context.Context, id int64) error {
	return wrapRevoke(id, s.client.do(ctx, "DELETE", tokenPath(id), nil, nil))
}

func wrapRevoke(id int64, err error) error {
	if err != nil {
		return fmt.Errorf("revoke token %d: %w", id, err)
	}
	return nil
}

func tokenPath(id int64) string { return fmt.Sprintf("oauth/tokens/%d", id) }
