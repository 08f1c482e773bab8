// Package config reads chatkeys' profiles from the hand-editable
// config.toml and resolves the settings one run uses, in the order flags,
// environment, profile file, defaults.
//
// It owns the grants' names (Grant) and the environment rule for child
// processes (ChildEnv). It imports api (the subdomain and URL rules) and
// authflow/internal/privfile, nothing else of the module.
package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// FileName is the profile file's name inside the chatkeys directory.
const FileName = "config.toml"

// DefaultDir returns chatkeys' own directory: $XDG_CONFIG_HOME/chatkeys,
// else ~/.config/chatkeys. It holds config.toml and, when there is no usable
// keyring, credentials.json. getenv is injected so tests and callers decide
// what the environment is; $HOME is read through it first, and
// os.UserHomeDir is asked only when getenv has no HOME.
//
// ~/.config is used on every platform, as gh does, so the path is the same
// one a user reads in the README whatever their OS.
func DefaultDir(getenv func(string) string) (string, error) {
	if xdg := getenv("XDG_CONFIG_HOME"); xdg != "" {
		// The XDG spec says a relative value is invalid and must be ignored.
		if filepath.IsAbs(xdg) {
			return filepath.Join(xdg, "chatkeys"), nil
		}
	}
	home := getenv("HOME")
	if home == "" {
		var err error
		if home, err = os.UserHomeDir(); err != nil {
			return "", fmt.Errorf("find the config directory: %w (set XDG_CONFIG_HOME or use --config)", err)
		}
	}
	if home == "" {
		return "", errors.New("find the config directory: no home directory (set XDG_CONFIG_HOME or use --config)")
	}
	return filepath.Join(home, ".config", "chatkeys"), nil
}

// DefaultPath returns the profile file's default location, config.toml in
// DefaultDir.
func DefaultPath(getenv func(string) string) (string, error) {
	dir, err := DefaultDir(getenv)
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, FileName), nil
}
