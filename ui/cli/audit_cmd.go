package cli

import (
	"errors"

	"github.com/spf13/cobra"
)

// newCmdAudit is chatkeys audit: being built, hidden until then.
func newCmdAudit(_ *Factory) *cobra.Command {
	return &cobra.Command{Use: "audit", Hidden: true, RunE: func(*cobra.Command, []string) error {
		return errors.New("audit is not built yet")
	}}
}
