package cli

import "chatkeys/ui/hint"

// hintFor words what to do about err on the command line, naming the
// command, flag or setting that helps: the command line's own hint if it
// attached one (hint.With), else its words for the lower layer's cause.
// A command that ran with --profile profile gets hints whose commands
// name it too. The TUI words the same causes in its own terms (ui's
// hintFor).
func hintFor(err error, profile string) string { return hint.ForProfile(err, hint.CLI, profile) }
