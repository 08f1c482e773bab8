package cli

import (
	"os"
	"testing"
)

func TestProcessEnvTakesChatkeysVariablesOutOfTheEnvironmentChildrenInherit(t *testing.T) {
	t.Setenv("CHATKEYS_TOKEN", "tok-SECRET")
	t.Setenv("CHATKEYS_CLIENT_SECRET", "cs-SECRET")
	t.Setenv("KEEP_ME", "kept")
	getenv := ProcessEnv()
	if os.Getenv("CHATKEYS_TOKEN") != "" || os.Getenv("CHATKEYS_CLIENT_SECRET") != "" {
		t.Fatal("a child would still inherit a CHATKEYS_ secret")
	}
	if getenv("CHATKEYS_TOKEN") != "tok-SECRET" || getenv("CHATKEYS_CLIENT_SECRET") != "cs-SECRET" || getenv("KEEP_ME") != "kept" {
		t.Fatal("chatkeys itself no longer sees its settings")
	}
	if os.Getenv("KEEP_ME") != "kept" {
		t.Fatal("another variable was taken away")
	}
}
