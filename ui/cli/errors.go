package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"chatkeys/api/safetext"
)

// Exit codes: 0 on success, 1 on any failure, 2 on a usage mistake.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// usageError marks a mistake in how chatkeys was called: exit code 2.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// usagef returns a usage error.
func usagef(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

// isCobraUsage recognises cobra's own complaints about arguments, which it
// returns as plain errors.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, prefix := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "flag needs an argument", "invalid argument", "accepts ", "requires at least", "requires at most", "required flag"} {
		if strings.HasPrefix(msg, prefix) {
			return true
		}
	}
	return false
}

// report prints err as one line on w, with its hint for a command run
// with --profile profile ("" for none), and returns the exit code. The
// message is sanitised: it may carry text from a server.
func report(w io.Writer, err error, profile string) int {
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(w, "chatkeys: cancelled")
		return exitError
	}
	line := "chatkeys: " + safetext.Sanitize(err.Error(), 300)
	if hint := hintFor(err, profile); hint != "" {
		line += " — " + safetext.Sanitize(hint, 200)
	}
	fmt.Fprintln(w, line)
	var u *usageError
	if errors.As(err, &u) || isCobraUsage(err) {
		return exitUsage
	}
	return exitError
}
