package store

import (
	"errors"
	"fmt"
	"strings"
	"time"

	gokeyring "github.com/zalando/go-keyring"
)

// Keyring is the part of an OS keyring the store uses. Get and Delete
// return an error matching ErrNotFound when there is no entry. Tests inject
// their own; nil in Options means the system keyring.
type Keyring interface {
	Get(service, user string) (string, error)
	Set(service, user, password string) error
	Delete(service, user string) error
}

// keyringService is the keyring service every profile's entry is under.
const keyringService = "chatkeys"

// ErrKeyringTimeout is the cause given when the keyring did not answer in
// time, as go-keyring can hang on a locked or absent D-Bus secret service.
var ErrKeyringTimeout = errors.New("the keyring did not answer")

// systemKeyring adapts github.com/zalando/go-keyring. Its package-level
// provider is what keyring.MockInit replaces in tests.
type systemKeyring struct{}

var _ Keyring = systemKeyring{}

func (systemKeyring) Get(service, user string) (string, error) {
	v, err := gokeyring.Get(service, user)
	return v, translateKeyringError(err)
}

func (systemKeyring) Set(service, user, password string) error {
	return translateKeyringError(gokeyring.Set(service, user, password))
}

func (systemKeyring) Delete(service, user string) error {
	return translateKeyringError(gokeyring.Delete(service, user))
}

// translateKeyringError maps go-keyring's not-found onto the store's own, so
// injected keyrings need not import go-keyring.
func translateKeyringError(err error) error {
	if errors.Is(err, gokeyring.ErrNotFound) {
		return ErrNotFound
	}
	return err
}

// timedKeyring runs each call of a Keyring with a deadline. The call itself
// cannot be cancelled, so on timeout it is abandoned in its goroutine, and
// the keyring is then treated as down for the life of the store, so no later
// call waits again.
type timedKeyring struct {
	kr      Keyring
	timeout time.Duration
	// down is set after a timeout; it is guarded by the Store's mutex, the
	// only caller.
	down error
}

// call runs f against the keyring within the timeout. It reports the
// keyring's error, or one matching ErrKeyringTimeout. Secrets in scrub are
// removed from any error text, in case a backend quotes its input.
func (t *timedKeyring) call(op string, f func(Keyring) (string, error), scrub ...string) (string, error) {
	if t.down != nil {
		return "", t.down
	}
	type result struct {
		v   string
		err error
	}
	done := make(chan result, 1) // buffered: an abandoned call must not block forever
	kr := t.kr
	go func() {
		v, err := f(kr)
		done <- result{v, err}
	}()
	timer := time.NewTimer(t.timeout)
	defer timer.Stop()
	select {
	case r := <-done:
		if r.err != nil && !errors.Is(r.err, ErrNotFound) {
			// Only the scrubbed text is kept: the original is not wrapped,
			// so no caller can unwrap its way to a quoted secret.
			return "", fmt.Errorf("keyring %s: %s", op, scrubbed(r.err.Error(), scrub))
		}
		return r.v, r.err
	case <-timer.C:
		t.down = fmt.Errorf("%w within %s", ErrKeyringTimeout, t.timeout)
		return "", t.down
	}
}

// scrubbed replaces every non-empty secret in msg.
func scrubbed(msg string, secrets []string) string {
	for _, s := range secrets {
		if s != "" {
			msg = strings.ReplaceAll(msg, s, "[redacted]")
		}
	}
	return msg
}
