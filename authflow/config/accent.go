package config

import (
	"fmt"
	"strings"
)

// ParseAccent checks a profile's accent colour: "#rrggbb" in hex, either
// case, returned lower-case; "" is none.
func ParseAccent(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	if len(s) != 7 || s[0] != '#' || strings.Trim(strings.ToLower(s[1:]), "0123456789abcdef") != "" {
		return "", fmt.Errorf("%q is not a colour: write it \"#rrggbb\", e.g. \"#d7005f\"", s)
	}
	return strings.ToLower(s), nil
}
