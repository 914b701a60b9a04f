package keychain

import "sync"

// FakeStore is an in-memory Store for tests of the macOS and Windows code
// paths, which have no Secret Service to test against. On Linux, tests use
// the real Secret Service (see scripts/keyring-test.sh), not this fake.
//
// It goes through the same encoding and validation as [System], so only the
// OS keychain itself is faked.
type FakeStore struct {
	store
}

// NewMacOSWindowsFake returns an empty FakeStore.
func NewMacOSWindowsFake() *FakeStore {
	return &FakeStore{store{b: &memBackend{m: map[[2]string]string{}}, service: Service}}
}

// memBackend is a map-backed backend.
type memBackend struct {
	mu sync.Mutex           // guards m
	m  map[[2]string]string // {service, user} -> secret
}

func (b *memBackend) Set(service, user, secret string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.m[[2]string{service, user}] = secret
	return nil
}

func (b *memBackend) Get(service, user string) (string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	v, ok := b.m[[2]string{service, user}]
	if !ok {
		return "", backendNotFound
	}
	return v, nil
}

func (b *memBackend) Delete(service, user string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	k := [2]string{service, user}
	if _, ok := b.m[k]; !ok {
		return backendNotFound
	}
	delete(b.m, k)
	return nil
}
