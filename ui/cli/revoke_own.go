package cli

import (
	"chatkeys/api"
	"errors"

	"github.com/spf13/cobra"
	"golang.org/x/oauth2"

	"chatkeys/authflow/config"
)

// revokeOwn revokes chatkeys' own token: the API revokes by id, so the
// token is first found in the account's list.
func (a *app) revokeOwn(cmd *cobra.Command, s config.Settings, accessToken string) error {
	if err := s.RequireAPI(); err != nil {
		return err
	}
	c, err := a.newAPIClient(s, oauth2.StaticTokenSource(&oauth2.Token{AccessToken: accessToken}))
	if err != nil {
		return err
	}
	list, err := c.OAuthTokens.List(cmd.Context())
	if err != nil {
		return err
	}
	for _, t := range list {
		if t.AccessToken == accessToken {
			return c.OAuthTokens.Revoke(cmd.Context(), t.ID)
		}
	}
	return api.WithHint(errors.New("the token is not on the account's list"), "it may have expired or been revoked already")
}
