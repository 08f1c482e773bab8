package cli

import (
	"errors"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"chatkeys/authflow/store"
	"chatkeys/ui/format"
)

func (a *app) logoutCmd() *cobra.Command {
	var revoke bool
	cmd := &cobra.Command{
		Use:   "logout [--revoke]",
		Short: "Forget the stored login; with --revoke, revoke the token on the server first",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := a.settings()
			if err != nil {
				return err
			}
			st, err := a.openStore()
			if err != nil {
				return err
			}
			rec, _, err := st.Load(s.Profile)
			if errors.Is(err, store.ErrNotFound) {
				fmt.Fprintf(a.io.Err, "chatkeys: profile %s has no stored login\n", oneLine(s.Profile))
				return nil
			}
			if err != nil {
				return err
			}
			if revoke {
				if err := a.revokeOwn(cmd, s, rec.AccessToken); err != nil {
					return fmt.Errorf("revoke on the server (the login is still stored): %w", err)
				}
			}
			if err := st.Delete(s.Profile); err != nil {
				return err
			}
			fmt.Fprintf(a.io.Out, "Logged out of profile %s.\n", oneLine(s.Profile))
			if s.FromEnv["token"] {
				fmt.Fprintln(a.io.Err, "chatkeys: CHATKEYS_TOKEN is still set in the environment")
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&revoke, "revoke", false, "also revoke the token on the server")
	return cmd
}

func (a *app) statusCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "status",
		Short: "Show the profile, account, login, scopes, expiry and where the token is stored",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := a.settings()
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(a.io.Out, 0, 4, 2, ' ', 0)
			defer tw.Flush()
			row := func(k, v string) { writeField(tw, k, v) }
			row("Profile", s.Profile)
			row("Config", s.ConfigPath)
			if s.Configured() {
				row("Account", s.Host())
				row("API", s.APIURL)
			} else {
				row("Account", "no API configured (run chatkeys, or set CHATKEYS_SUBDOMAIN)")
			}
			if s.TokenURL != "" {
				row("Token URL", s.TokenURL)
			}
			row("Client", s.ClientID)
			row("Grant", string(s.Grant))
			if s.Token != "" {
				row("Login", "CHATKEYS_TOKEN from the environment (overrides the store)")
				return nil
			}
			l, err := a.currentLogin(s)
			if errors.Is(err, errNotLoggedIn) {
				row("Login", "not logged in (chatkeys login)")
				return nil
			}
			if err != nil {
				return err
			}
			rec := l.stored.Record()
			row("Login", fmt.Sprintf("%s grant%s", rec.Grant, identity{agentID: rec.AgentID}.describe()))
			row("Scopes", format.Scopes(rec.Scopes))
			if rec.Expiry.IsZero() {
				row("Expires", "unknown")
			} else {
				row("Expires", format.Expiry(&rec.Expiry, a.now())+" ("+format.Absolute(&rec.Expiry)+")")
			}
			row("Refresh", format.YesNo(rec.RefreshToken != ""))
			row("Stored in", l.location.String())
			return nil
		},
	}
}

func (a *app) tokenCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "token",
		Short: "Print the current access token alone, for curl",
		Long:  "Print the current access token, refreshing it first if it is about to expire.\nExample: curl -H \"Authorization: Bearer $(chatkeys token)\" ...",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := a.settings()
			if err != nil {
				return err
			}
			l, err := a.currentLogin(s)
			if err != nil {
				return err
			}
			tok, err := l.source.Token()
			if err != nil {
				return err
			}
			if err := printWhole(a.io.Out, "the access token", tok.AccessToken); err != nil {
				return err
			}
			if l.stored != nil && l.stored.SaveErr() != nil {
				fmt.Fprintf(a.io.Err, "chatkeys: the refreshed login could not be saved (%s): the next run will have to log in again\n",
					oneLine(l.stored.SaveErr().Error()))
			}
			return nil
		},
	}
}
