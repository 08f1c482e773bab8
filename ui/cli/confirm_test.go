package cli

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// destructive is a command that changes the account for good, the id it
// acts on, and a reading of what it changes.
type destructive struct {
	cmd   []string
	id    func(h *harness) int64
	state func(h *harness) string
}

// destructiveCommands are every command that asks before it acts.
var destructiveCommands = []destructive{
	{[]string{"clients", "delete"},
		func(h *harness) int64 { return h.sim.Clients()[1].ID },
		func(h *harness) string { return fmt.Sprint(h.sim.Clients()[1].ID) }},
	{[]string{"clients", "rotate-secret"},
		func(h *harness) int64 { return h.sim.DemoClient().ID },
		func(h *harness) string { return h.sim.DemoClient().ClientSecret }},
	{[]string{"tokens", "revoke"},
		func(h *harness) int64 { return h.sim.Tokens()[0].ID },
		func(h *harness) string { return fmt.Sprint(len(h.sim.Tokens())) }},
}

// args are c's arguments on h's simulator.
func (c destructive) args(h *harness) []string {
	return append(slices.Clone(c.cmd), fmt.Sprint(c.id(h)))
}

func TestDestructiveCommandsWithoutATerminalRefuseUnlessGivenYes(t *testing.T) {
	for _, c := range destructiveCommands {
		t.Run(strings.Join(c.cmd, " "), func(t *testing.T) {
			h := newHarness(t)
			args, before := c.args(h), c.state(h)
			r := h.script(t, args...)
			if r.code != 2 || !strings.Contains(r.stderr, "--yes") {
				t.Fatalf("exit %d, stderr %q; want usage error naming --yes", r.code, r.stderr)
			}
			if c.state(h) != before {
				t.Fatal("it acted without confirmation")
			}
			h.scriptOK(t, append(args, "--yes")...)
			if c.state(h) == before {
				t.Fatal("with --yes it did nothing")
			}
		})
	}
}

func TestDestructiveCommandsOnATerminalAskAndDefaultToNo(t *testing.T) {
	for _, c := range destructiveCommands {
		t.Run(strings.Join(c.cmd, " "), func(t *testing.T) {
			h := newHarness(t)
			args, before := c.args(h), c.state(h)
			r := h.run(t, "\n", true, args...)
			if r.code != 1 || !strings.Contains(r.stderr, "[y/N]") || c.state(h) != before {
				t.Fatalf("exit %d, stderr %q; want a refused prompt", r.code, r.stderr)
			}
			h.run(t, "y\n", true, args...).mustSucceed(t)
			if c.state(h) == before {
				t.Fatal("a confirmed run did nothing")
			}
		})
	}
}
