package cli

import (
	"os"
	"strings"

	"chatkeys/authflow/config"
)

// ProcessEnv takes every CHATKEYS_ variable, CHATKEYS_TOKEN and
// CHATKEYS_CLIENT_SECRET among them, out of the process's environment, so
// that no process chatkeys or a library starts (a browser through
// xdg-open, a clipboard helper) inherits a secret, and returns a getenv
// that still sees the values as they were. main.go calls it once, first.
func ProcessEnv() func(string) string {
	environ := os.Environ()
	snapshot := make(map[string]string, len(environ))
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok {
			snapshot[k] = v
		}
	}
	kept := map[string]bool{}
	for _, kv := range config.ChildEnv(environ) {
		k, _, _ := strings.Cut(kv, "=")
		kept[k] = true
	}
	for k := range snapshot {
		if !kept[k] {
			os.Unsetenv(k)
		}
	}
	return func(k string) string { return snapshot[k] }
}
