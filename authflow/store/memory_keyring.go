package store

import "sync"

// MemoryKeyring is a keyring that lives in this process only. The demo
// keeps its login there, so nothing of it reaches the disk or the OS
// keyring; tests use it in place of the OS keyring. Fail makes it behave
// like a machine without a working secret service.
type MemoryKeyring struct {
	mu      sync.Mutex
	entries map[string]string
	err     error
}

var _ Keyring = (*MemoryKeyring)(nil)

// NewMemoryKeyring returns an empty, working keyring.
func NewMemoryKeyring() *MemoryKeyring { return &MemoryKeyring{entries: map[string]string{}} }

// FailingKeyring returns a keyring whose every call fails with err.
func FailingKeyring(err error) *MemoryKeyring {
	k := NewMemoryKeyring()
	k.Fail(err)
	return k
}

// Fail makes every later call return err; nil makes the keyring work again
// with what it held.
func (k *MemoryKeyring) Fail(err error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.err = err
}

func (k *MemoryKeyring) Get(service, user string) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.err != nil {
		return "", k.err
	}
	v, ok := k.entries[service+"/"+user]
	if !ok {
		return "", ErrNotFound
	}
	return v, nil
}

func (k *MemoryKeyring) Set(service, user, secret string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.err != nil {
		return k.err
	}
	k.entries[service+"/"+user] = secret
	return nil
}

func (k *MemoryKeyring) Delete(service, user string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.err != nil {
		return k.err
	}
	if _, ok := k.entries[service+"/"+user]; !ok {
		return ErrNotFound
	}
	delete(k.entries, service+"/"+user)
	return nil
}
