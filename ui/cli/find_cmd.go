package cli

import (
	"errors"

	"github.com/spf13/cobra"
)

// newCmdTokensFind is chatkeys tokens find: being built, hidden until then.
func newCmdTokensFind(_ *Factory) *cobra.Command {
	return &cobra.Command{Use: "find", Hidden: true, RunE: func(*cobra.Command, []string) error {
		return errors.New("tokens find is not built yet")
	}}
}
