package crypto

import (
	"bytes"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

func BenchmarkDecryptField32(b *testing.B) {
	k := GenerateSymmetricKey()
	e, _ := k.Encrypt(bytes.Repeat([]byte{'a'}, 32))
	b.SetBytes(32)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := k.Decrypt(e); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseDecryptField32 adds parsing the text form, as when fields
// come from JSON or the cache.
func BenchmarkParseDecryptField32(b *testing.B) {
	k := GenerateSymmetricKey()
	e, _ := k.Encrypt(bytes.Repeat([]byte{'a'}, 32))
	s := e.String()
	b.SetBytes(32)
	b.ReportAllocs()
	for b.Loop() {
		e, err := ParseEncString(s)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := k.Decrypt(e); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncryptField32(b *testing.B) {
	k := GenerateSymmetricKey()
	p := bytes.Repeat([]byte{'a'}, 32)
	b.SetBytes(32)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := k.Encrypt(p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPBKDF2_600k(b *testing.B) {
	p := KDFParams{Type: KDFPBKDF2, Iterations: 600_000}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DeriveMasterKey([]byte("correct horse battery staple"), "alice@example.com", p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkArgon2id_3i_64MiB_4p(b *testing.B) {
	p := KDFParams{Type: KDFArgon2id, Iterations: 3, MemoryMiB: 64, Parallelism: 4}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DeriveMasterKey([]byte("correct horse battery staple"), "alice@example.com", p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRSAUnwrapKey(b *testing.B) {
	priv, _ := rsaKeys(b)
	e, _ := priv.Public().WrapKey(GenerateSymmetricKey())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := priv.UnwrapKey(e); err != nil {
			b.Fatal(err)
		}
	}
}

// benchItem is a vault item as a sync delivers it: a per-item key wrapped
// under the user or organization key, and eight encrypted fields.
type benchItem struct {
	org    bool
	key    EncString
	fields [8]EncString
}

// fieldLengths are realistic plaintext lengths of a login's fields: name,
// username, password, URI, notes, TOTP secret, custom field name and value.
var fieldLengths = [8]int{18, 24, 20, 42, 120, 32, 10, 24}

// BenchmarkDecryptVault10k unwraps the item key of 10,000 items and decrypts
// their eight fields each, on runtime.GOMAXPROCS(0) goroutines: the work of
// unlocking a large vault.
func BenchmarkDecryptVault10k(b *testing.B) {
	const n = 10_000
	userKey, orgKey := GenerateSymmetricKey(), GenerateSymmetricKey()
	items := make([]benchItem, n)
	var total int64
	for i := range items {
		it := &items[i]
		it.org = i%2 == 1
		wrapping := userKey
		if it.org {
			wrapping = orgKey
		}
		ik := GenerateSymmetricKey()
		var err error
		if it.key, err = wrapping.WrapKey(ik); err != nil {
			b.Fatal(err)
		}
		for j, l := range fieldLengths {
			l += i % 7 // vary the lengths a little
			if it.fields[j], err = ik.Encrypt(bytes.Repeat([]byte{'x'}, l)); err != nil {
				b.Fatal(err)
			}
			total += int64(l)
		}
	}
	workers := runtime.GOMAXPROCS(0)
	b.SetBytes(total)
	b.ReportAllocs()
	for b.Loop() {
		var next atomic.Int64
		var failed atomic.Bool
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for {
					i := next.Add(1) - 1
					if i >= n {
						return
					}
					it := &items[i]
					wrapping := userKey
					if it.org {
						wrapping = orgKey
					}
					ik, err := wrapping.UnwrapKey(it.key)
					if err != nil {
						failed.Store(true)
						return
					}
					for _, f := range it.fields {
						pt, err := ik.Decrypt(f)
						if err != nil {
							failed.Store(true)
						}
						clear(pt)
					}
					ik.Clear()
				}
			})
		}
		wg.Wait()
		if failed.Load() {
			b.Fatal("decryption failed")
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/item")
}
