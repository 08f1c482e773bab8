// Package cli is chatkeys' command line (cobra): the scripting commands,
// the simulator command, and the entry to the TUI, which it wires to
// authflow and the credential store (its LoginBackend and SetupBackend).
// main.go only calls Main. Every command writes through an IO, so tests
// run it in-process, and through output.go, the command line's output
// boundary.
//
// It is the composition root: it may import every package of the module.
// Nothing imports it but main.
package cli
