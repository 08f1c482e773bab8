package config

import (
	"fmt"
	"path/filepath"
	"strings"

	"chatkeys/authflow/internal/privfile"
)

// The current profile, chosen by chatkeys profiles use, lives in its own
// small file beside config.toml: config.toml holds only profile tables,
// so a hand-written file never has a setting outside one.

// currentFile is the file naming the current profile for the config
// file at configPath.
func currentFile(configPath string) privfile.File {
	return privfile.File{Path: filepath.Join(filepath.Dir(configPath), "current_profile")}
}

// LoadCurrent returns the profile profiles use chose for configPath, or
// "" when none was chosen.
func LoadCurrent(configPath string) (string, error) {
	data, _, err := currentFile(configPath).Read()
	if err != nil {
		return "", fmt.Errorf("read the current profile: %w", err)
	}
	return strings.TrimSpace(string(data)), nil
}

// SetCurrent makes name the current profile of the config file at
// configPath, written atomically under its own cross-process lock; ""
// forgets the choice. The caller checks that the profile exists.
func SetCurrent(configPath, name string) error {
	_, err := currentFile(configPath).Update(func([]byte) ([]byte, error) {
		if name == "" {
			return nil, nil
		}
		return []byte(name + "\n"), nil
	})
	return err
}
