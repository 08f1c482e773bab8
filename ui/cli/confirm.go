package cli

import (
	"bufio"
	"fmt"
	"strings"

	"chatkeys/api/safetext"
)

// confirm asks a yes/no question on the terminal, defaulting to no. Without
// a terminal it refuses unless --yes was given, so a script never deletes
// by accident.
func confirm(stdio IO, yes bool, action, question string) error {
	if yes {
		return nil
	}
	if !stdio.StdinIsTerminal {
		return usagef("refusing to %s without confirmation: stdin is not a terminal; pass --yes", action)
	}
	fmt.Fprintf(stdio.Err, "%s [y/N] ", safetext.Sanitize(question, 2000))
	line, _ := bufio.NewReader(stdio.In).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return nil
	}
	return fmt.Errorf("%s: not confirmed", action)
}
