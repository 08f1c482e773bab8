package cli

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/spf13/cobra"

	"chatkeys/ui/hint"
)

// changesAccount says, by command path, when each command that can change
// the account (or forget a login) does: the one list a read-only profile
// is checked against, before any command runs.
func changesAccount() map[string]func(*cobra.Command) bool {
	always := func(*cobra.Command) bool { return true }
	unlessDryRun := func(cmd *cobra.Command) bool { return !flagOn(cmd, "dry-run") }
	return map[string]func(*cobra.Command) bool{
		"chatkeys clients create":        always,
		"chatkeys clients update":        always,
		"chatkeys clients delete":        always,
		"chatkeys clients rotate-secret": always,
		"chatkeys tokens revoke":         unlessDryRun,
		"chatkeys tokens find": func(cmd *cobra.Command) bool {
			return flagOn(cmd, "revoke") || flagOn(cmd, "revoke-client") || flagOn(cmd, "rotate")
		},
		"chatkeys audit":  func(cmd *cobra.Command) bool { return cmd.Flags().Changed("fix") && unlessDryRun(cmd) },
		"chatkeys logout": func(cmd *cobra.Command) bool { return flagOn(cmd, "revoke") },
		"chatkeys api": func(cmd *cobra.Command) bool {
			// Only a GET reads; without -X, fields or a body make a POST.
			if m, _ := cmd.Flags().GetString("method"); cmd.Flags().Changed("method") {
				return !strings.EqualFold(strings.TrimSpace(m), http.MethodGet)
			}
			return cmd.Flags().Changed("raw-field") || cmd.Flags().Changed("field") || cmd.Flags().Changed("input")
		},
	}
}

// flagOn reports whether cmd's boolean flag name is set.
func flagOn(cmd *cobra.Command, name string) bool {
	v, err := cmd.Flags().GetBool(name)
	return err == nil && v
}

// refuseReadonly refuses cmd, before it runs, when it would change the
// account and the profile is read-only (readonly = true, or --readonly).
func (f *Factory) refuseReadonly(cmd *cobra.Command) error {
	changes := changesAccount()[cmd.CommandPath()]
	if changes == nil || !changes(cmd) {
		return nil
	}
	s, err := f.Settings()
	if err != nil || !s.Readonly {
		return nil // the command reports its own settings error
	}
	return hint.With(fmt.Errorf("refusing %s: profile %s is read-only (%s)", cmd.CommandPath(), oneLine(s.Profile), oneLine(s.ReadonlyFrom)),
		"use another profile, or remove readonly from it")
}

// actsOn names the account and profile a destructive question acts on,
// "acme.zendesk.com, profile prod", or "" when the settings do not
// resolve.
func (f *Factory) actsOn() string {
	s, err := f.Settings()
	if err != nil {
		return ""
	}
	where := "profile " + oneLine(s.Profile)
	if host := s.Host(); host != "" {
		where = oneLine(host) + ", " + where
	}
	if s.Subdomain != "" && !strings.HasPrefix(s.Host(), s.Subdomain+".") {
		where = "subdomain " + oneLine(s.Subdomain) + " (" + where + ")"
	}
	return where
}
