// Package cli is chatkeys' command line (cobra): the scripting commands,
// the simulator command, and the entry to the TUI, which it wires to
// authflow.Logins (its LoginBackend and SetupBackend). main.go only calls
// Main.
//
// A Factory builds, once and on first use, what commands need: the
// settings, the logins over the credential store, API clients. Each
// command has an options struct that its flags parse into and a run
// function that does the work (newCmdX(f, runF)), so tests check the
// parsing without running, and run commands in-process through an IO.
// Everything printed goes through output.go, the command line's output
// boundary; hints are worded in hints.go.
//
// It is the composition root: it may import every package of the module.
// Nothing imports it but main.
package cli
