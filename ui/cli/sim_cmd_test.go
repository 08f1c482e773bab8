package cli

import (
	"strings"
	"testing"

	"chatkeys/api/chatsim"
)

func TestSimPrintsALeakedTokenToTryAsAShellComment(t *testing.T) {
	sim := chatsim.New(chatsim.Options{Seed: 1})
	var out strings.Builder
	printSimExports(&out, sim, "http://127.0.0.1:8900", 1)
	var leaked, admin string
	for line := range strings.Lines(out.String()) {
		line = strings.TrimSuffix(line, "\n")
		if v, ok := strings.CutPrefix(line, "# a leaked token to try: "); ok {
			leaked = v
		}
		if v, ok := strings.CutPrefix(line, "export CHATKEYS_TOKEN="); ok {
			admin = v
		}
	}
	if leaked == "" || leaked != sim.LeakedTokenToTry() || leaked == admin {
		t.Fatalf("leaked token line %.6s…, the sim's %.6s…, the admin's %.6s…\n", leaked, sim.LeakedTokenToTry(), admin)
	}
}
