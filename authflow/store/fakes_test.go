package store_test

import (
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"chatkeys/api/clocktest"
	"chatkeys/authflow/store"
)

// quotingKeyring fails the way a careless backend might: by quoting what it
// was given.
type quotingKeyring struct{}

func (quotingKeyring) Get(service, user string) (string, error) { return "", store.ErrNotFound }
func (quotingKeyring) Set(service, user, password string) error {
	return fmt.Errorf("cannot store %q", password)
}
func (quotingKeyring) Delete(service, user string) error { return store.ErrNotFound }

// hangingKeyring never answers, like go-keyring on a locked D-Bus secret
// service. Its calls are released when the test ends.
type hangingKeyring struct {
	release chan struct{}
	calls   atomic.Int32
}

func newHangingKeyring(t *testing.T) *hangingKeyring {
	k := &hangingKeyring{release: make(chan struct{})}
	t.Cleanup(func() { close(k.release) })
	return k
}

func (k *hangingKeyring) wait() error {
	k.calls.Add(1)
	<-k.release
	return store.ErrNotFound
}

func (k *hangingKeyring) Get(service, user string) (string, error) { return "", k.wait() }
func (k *hangingKeyring) Set(service, user, password string) error { return k.wait() }
func (k *hangingKeyring) Delete(service, user string) error        { return k.wait() }

// newClock returns a clock for SavedAt that reads 2025-06-01 12:00 UTC
// until it is advanced.
func newClock() *clocktest.Clock { return clocktest.New(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)) }

// fileStore is a store in dir whose keyring always fails, so every record
// goes to the file.
func fileStore(t *testing.T, dir string) *store.Store {
	return store.New(store.Options{Dir: dir, Keyring: store.FailingKeyring(errors.New("no keyring"))})
}

// sampleRecord has distinctive secret values a test can search output for.
func sampleRecord() *store.Record {
	return &store.Record{
		AccessToken:  "AT-0123456789abcdefSECRET",
		RefreshToken: "RT-0123456789abcdefSECRET",
		TokenType:    "Bearer",
		Scopes:       "read write",
		Expiry:       time.Date(2025, 6, 1, 22, 0, 0, 0, time.UTC),
		ClientID:     "chatkeys-cli",
		ClientSecret: "CS-0123456789abcdefSECRET",
		Grant:        "code",
		AgentID:      42,
	}
}
