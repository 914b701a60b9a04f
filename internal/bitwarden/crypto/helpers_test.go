package crypto

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"sync"
	"testing"
)

// testRSAKeys returns the two RSA-2048 test keys in testdata/keys. They are
// fixed rather than generated because key generation is slow, especially in
// coverage-instrumented fuzzing workers. TestGenerateKeyPair covers
// generation.
var testRSAKeys = sync.OnceValues(func() ([2]*PrivateKey, error) {
	var keys [2]*PrivateKey
	for i, name := range []string{"testdata/keys/rsa-2048-a.pem", "testdata/keys/rsa-2048-b.pem"} {
		data, err := os.ReadFile(name)
		if err != nil {
			return keys, err
		}
		block, _ := pem.Decode(data)
		if block == nil {
			return keys, fmt.Errorf("%s: no PEM block", name)
		}
		k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			return keys, fmt.Errorf("%s: %v", name, err)
		}
		keys[i] = &PrivateKey{k: k.(*rsa.PrivateKey)}
	}
	return keys, nil
})

func rsaKeys(tb testing.TB) (a, b *PrivateKey) {
	tb.Helper()
	keys, err := testRSAKeys()
	if err != nil {
		tb.Fatal(err)
	}
	return keys[0], keys[1]
}

// seqKey returns the V6 key: bytes 0x00…0x3f.
func seqKey(tb testing.TB) *SymmetricKey {
	tb.Helper()
	b := make([]byte, 64)
	for i := range b {
		b[i] = byte(i)
	}
	return mustKey(tb, b)
}

// legacyKey returns a 32-byte legacy key: bytes 0x40…0x5f.
func legacyKey(tb testing.TB) *SymmetricKey {
	tb.Helper()
	b := make([]byte, 32)
	for i := range b {
		b[i] = byte(0x40 + i)
	}
	return mustKey(tb, b)
}

// legacyEncrypt makes a type 0 EncString under a legacy key, which the
// package itself never writes.
func legacyEncrypt(tb testing.TB, k *SymmetricKey, iv [16]byte, plaintext []byte) EncString {
	tb.Helper()
	full := newSymmetricKey(k.enc[:], make([]byte, 32))
	e := full.encryptWithIV(iv, plaintext)
	return EncString{typ: EncAesCbc256, iv: e.iv, data: e.data}
}

func mustPanic(t *testing.T, name string, f func()) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Errorf("%s did not panic", name)
		}
	}()
	f()
}
