package api

import (
	"context"
	"fmt"
	"iter"
)

// OAuthTokensService lists and revokes the account's OAuth tokens
// (/oauth/tokens). Every endpoint is for administrators.
type OAuthTokensService service

// List returns every token of the account, with full token values: treat
// the result as secret.
func (s *OAuthTokensService) List(ctx context.Context) ([]OAuthToken, error) {
	return collect(s.All(ctx))
}

// All yields every token of the account as it is decoded, so that even a
// million need not be held at once; the pointer is the loop's own and is
// not reused. Breaking out of the loop stops reading. An error ends it.
func (s *OAuthTokensService) All(ctx context.Context) iter.Seq2[*OAuthToken, error] {
	return seq[OAuthToken](ctx, s.client, "oauth/tokens", "list tokens")
}

// Revoke deletes one token. It succeeds only when the reply confirms it
// (ConfirmDelete); otherwise the error says why it is not known to be
// done.
func (s *OAuthTokensService) Revoke(ctx context.Context, id int64) error {
	err := s.client.do(ctx, "DELETE", tokenPath(id), nil, nil)
	s.client.record(ActionTokenRevoke, tokenTarget(id, err))
	return wrapRevoke(id, err)
}

func wrapRevoke(id int64, err error) error {
	if err != nil {
		return fmt.Errorf("revoke token %d: %w", id, err)
	}
	return nil
}

func tokenPath(id int64) string { return fmt.Sprintf("oauth/tokens/%d", id) }
