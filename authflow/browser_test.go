package authflow

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSystemOpenerRunsBrowserFromTheEnvironmentWithTheURL(t *testing.T) {
	dir := t.TempDir()
	got := filepath.Join(dir, "opened")
	script := filepath.Join(dir, "fake-browser")
	if err := os.WriteFile(script, []byte("#!/bin/sh\nprintf '%s\\n' \"$@\" > "+got+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	open := SystemOpener(func(k string) string {
		if k == "BROWSER" {
			return script + " --new-window"
		}
		return ""
	})
	if err := open("http://127.0.0.1:1/authorize?a=1&b=2"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(got); err == nil && len(b) > 0 {
			if string(b) != "--new-window\nhttp://127.0.0.1:1/authorize?a=1&b=2\n" {
				t.Fatalf("the browser got %q", b)
			}
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("$BROWSER was not run")
}

func TestSystemOpenerReportsABrowserThatCannotStart(t *testing.T) {
	open := SystemOpener(func(k string) string { return map[string]string{"BROWSER": "/nonexistent/browser"}[k] })
	if err := open("http://127.0.0.1:1/"); err == nil || !strings.Contains(err.Error(), "$BROWSER") {
		t.Fatalf("err %v", err)
	}
}
