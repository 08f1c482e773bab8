// Command chatkeys manages a Zendesk Chat account's OAuth clients and
// tokens from a terminal UI or scripts. The command line lives in ui/cli;
// this file only wires the process to it.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/charmbracelet/x/term"

	"chatkeys/ui/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	context.AfterFunc(ctx, stop) // after the first interrupt, a second one kills at once
	code := cli.Main(ctx, os.Args[1:], cli.IO{
		In:               os.Stdin,
		Out:              os.Stdout,
		Err:              os.Stderr,
		StdinIsTerminal:  term.IsTerminal(os.Stdin.Fd()),
		StdoutIsTerminal: term.IsTerminal(os.Stdout.Fd()),
		Getenv:           cli.ProcessEnv(),
	})
	stop()
	os.Exit(code)
}
