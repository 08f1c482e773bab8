package authflow

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
)

// stateBytes is the size of a login's state: 256 bits, twice the 128 that
// make guessing it hopeless, so it is out of the question.
const stateBytes = 32

// NewState returns a fresh OAuth state: 32 bytes from crypto/rand,
// base64url without padding. The state ties a redirect to the login that
// asked for it, so a page that sends the browser to the listener with its
// own code (login CSRF) is refused.
func NewState() (string, error) {
	b := make([]byte, stateBytes)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("make the login's state: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// statesEqual compares a state from a redirect with the login's in
// constant time, so a forger learns nothing from how long the check took.
// An empty want matches nothing: a listener without a state must never
// accept an answer.
func statesEqual(got, want string) bool {
	return want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}
