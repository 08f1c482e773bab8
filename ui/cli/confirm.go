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
	fmt.Fprintf(stdio.Err, "%s [y/N] ", safetext.Sanitize(onWhat(stdio, question), 2000))
	line, _ := bufio.NewReader(stdio.In).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return nil
	}
	return fmt.Errorf("%s: not confirmed", action)
}

// onWhat prefixes a question with the account and profile it acts on,
// so production is never mistaken for staging.
func onWhat(stdio IO, question string) string {
	if stdio.actsOn == nil {
		return question
	}
	if where := stdio.actsOn(); where != "" {
		return "[" + where + "] " + question
	}
	return question
}

// askDefaultYes asks a yes/no question on the terminal, defaulting to
// yes. It reads one line, a byte at a time, so a question asked after it
// gets the next line.
func askDefaultYes(stdio IO, question string) bool {
	fmt.Fprintf(stdio.Err, "%s [Y/n] ", safetext.Sanitize(onWhat(stdio, question), 2000))
	var line []byte
	b := make([]byte, 1)
	for len(line) < 256 {
		n, err := stdio.In.Read(b)
		if n == 1 {
			if b[0] == '\n' {
				break
			}
			line = append(line, b[0])
		}
		if err != nil {
			break
		}
	}
	switch strings.ToLower(strings.TrimSpace(string(line))) {
	case "", "y", "yes":
		return true
	}
	return false
}
