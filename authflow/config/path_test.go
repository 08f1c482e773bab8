package config_test

import (
	"path/filepath"
	"testing"

	"chatkeys/authflow/config"
)

// env returns a getenv over a fixed map, so tests never read or change the
// process environment and can run in parallel.
func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestDefaultPathUsesXDGConfigHome(t *testing.T) {
	t.Parallel()
	got, err := config.DefaultPath(env(map[string]string{"XDG_CONFIG_HOME": "/xdg", "HOME": "/home/u"}))
	if err != nil || got != filepath.Join("/xdg", "chatkeys", "config.toml") {
		t.Fatalf("DefaultPath = %q, %v", got, err)
	}
}

func TestDefaultPathFallsBackToDotConfigUnderHome(t *testing.T) {
	t.Parallel()
	for _, xdg := range []string{"", "relative/ignored"} {
		got, err := config.DefaultPath(env(map[string]string{"XDG_CONFIG_HOME": xdg, "HOME": "/home/u"}))
		if err != nil || got != filepath.Join("/home/u", ".config", "chatkeys", "config.toml") {
			t.Errorf("XDG_CONFIG_HOME=%q: DefaultPath = %q, %v", xdg, got, err)
		}
	}
}

func TestDefaultDirIsTheConfigFilesDirectory(t *testing.T) {
	t.Parallel()
	getenv := env(map[string]string{"XDG_CONFIG_HOME": "/xdg"})
	dir, err := config.DefaultDir(getenv)
	if err != nil || dir != filepath.Join("/xdg", "chatkeys") {
		t.Fatalf("DefaultDir = %q, %v", dir, err)
	}
	path, _ := config.DefaultPath(getenv)
	if filepath.Dir(path) != dir {
		t.Fatalf("config.toml %q is not in %q", path, dir)
	}
}
