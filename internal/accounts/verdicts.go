package accounts

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"sync"

	"github.com/vaultdesk/vaultdesk/internal/cache"
)

const slotVerdicts = "verdicts"

// Verdicts remembers between runs which passwords the overview's strength
// estimator found weak (it implements admin.Verdicts), so that only new or
// changed passwords are estimated again: zxcvbn takes about a millisecond a
// password. It is sealed in the account's cache like the tokens. A
// password is known only by its HMAC-SHA-256 under a random key kept in
// the same sealed slot.
type Verdicts struct {
	mu   sync.Mutex
	key  []byte
	weak map[[32]byte]bool
	used map[[32]byte]bool // looked up or stored this run: what Save keeps
}

type verdictsFile struct {
	Key  []byte          `json:"key"`
	Weak map[string]bool `json:"weak"` // hex digest → weak
}

func newVerdicts() *Verdicts {
	v := &Verdicts{key: make([]byte, 32), weak: map[[32]byte]bool{}, used: map[[32]byte]bool{}}
	rand.Read(v.key)
	return v
}

// Digest is the password's keyed digest, the same from run to run.
func (v *Verdicts) Digest(password []byte) [32]byte {
	m := hmac.New(sha256.New, v.key)
	m.Write(password)
	var d [32]byte
	m.Sum(d[:0])
	return d
}

// Lookup returns the verdict remembered for digest d.
func (v *Verdicts) Lookup(d [32]byte) (weak, ok bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	weak, ok = v.weak[d]
	if ok {
		v.used[d] = true
	}
	return weak, ok
}

// Store remembers the verdict for digest d.
func (v *Verdicts) Store(d [32]byte, weak bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.weak[d], v.used[d] = weak, true
}

// Verdicts loads the account's remembered verdicts. A slot that does not
// open is only a lost cache: it starts again empty.
func (m *Manager) Verdicts(ctx context.Context, email string) (*Verdicts, error) {
	a, err := m.find(email)
	if err != nil {
		return nil, err
	}
	var v *Verdicts
	err = withUnlocked(a, func() error {
		var f verdictsFile
		err := loadSlot(ctx, a, slotVerdicts, &f)
		if err != nil && !errors.Is(err, cache.ErrNotFound) && !errors.Is(err, cache.ErrCorrupt) {
			return err
		}
		if err != nil || len(f.Key) != 32 {
			v = newVerdicts()
			return nil
		}
		v = &Verdicts{key: f.Key, weak: make(map[[32]byte]bool, len(f.Weak)), used: map[[32]byte]bool{}}
		for h, w := range f.Weak {
			var d [32]byte
			if n, err := hex.Decode(d[:], []byte(h)); err == nil && n == len(d) {
				v.weak[d] = w
			}
		}
		return nil
	})
	return v, err
}

// SaveVerdicts seals the verdicts used in this run back into the account's
// cache; passwords no longer in the vault drop out.
func (m *Manager) SaveVerdicts(ctx context.Context, email string, v *Verdicts) error {
	a, err := m.find(email)
	if err != nil {
		return err
	}
	v.mu.Lock()
	f := verdictsFile{Key: v.key, Weak: make(map[string]bool, len(v.used))}
	for d := range v.used {
		f.Weak[hex.EncodeToString(d[:])] = v.weak[d]
	}
	v.mu.Unlock()
	return withUnlocked(a, func() error { return saveSlot(ctx, a, slotVerdicts, f) })
}
