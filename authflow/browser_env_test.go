package authflow

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestTheBrowserCommandGetsNoChatkeysSecrets(t *testing.T) {
	dir := t.TempDir()
	dump := filepath.Join(dir, "env")
	script := filepath.Join(dir, "browser.sh")
	if err := os.WriteFile(script, []byte("#!/bin/sh\nenv > "+dump+".tmp && mv "+dump+".tmp "+dump+"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("CHATKEYS_TOKEN", "env-token-SECRET-1")
	t.Setenv("CHATKEYS_CLIENT_SECRET", "env-client-SECRET-2")
	t.Setenv("CHATKEYS_API_URL", "http://127.0.0.1:1/api")
	t.Setenv("KEEP_ME", "kept")
	open := SystemOpener(func(k string) string {
		if k == "BROWSER" {
			return script
		}
		return os.Getenv(k)
	})
	if err := open("http://127.0.0.1:1/authorize"); err != nil {
		t.Fatal(err)
	}
	var env []byte
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if b, err := os.ReadFile(dump); err == nil {
			env = b
			break
		}
	}
	if !strings.Contains(string(env), "KEEP_ME=kept") {
		t.Fatalf("the browser's environment was not captured: %q", env)
	}
	for _, leak := range []string{"SECRET-1", "SECRET-2", "CHATKEYS_"} {
		if strings.Contains(string(env), leak) {
			t.Errorf("the browser's environment holds %q", leak)
		}
	}
}
