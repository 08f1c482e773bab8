package ui

import "chatkeys/ui/hint"

// hintFor words what to do about err in the TUI, naming the tab or key
// that helps: the TUI's own hint if it attached one (hint.With), else its
// words for the lower layer's cause. The command line words the same
// causes in its own terms (ui/cli's hintFor).
func hintFor(err error) string { return hint.For(err, hint.TUI) }
