package authflow

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
)

// NewState returns a fresh OAuth state: 256 bits from crypto/rand,
// URL-safe. It binds a redirect to the login that asked for it.
func NewState() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("make the login's state: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// statesEqual compares states in constant time, so a forged redirect
// learns nothing from how long the check took.
func statesEqual(got, want string) bool {
	return want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}
