package crypto

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"testing"
)

func TestEncryptDecrypt(t *testing.T) {
	k := GenerateSymmetricKey()
	for _, n := range []int{0, 1, 15, 16, 17, 31, 32, 33, 100, 1000} {
		plaintext := bytes.Repeat([]byte{'x'}, n)
		e, err := k.Encrypt(plaintext)
		if err != nil {
			t.Fatal(err)
		}
		if want := n/16*16 + 16; len(e.data) != want {
			t.Errorf("Encrypt(%d bytes) ciphertext is %d bytes, want %d", n, len(e.data), want)
		}
		for name, e := range map[string]EncString{
			"direct": e,
			"text":   mustParse(t, e.String()),
			"binary": mustParseBinary(t, e),
		} {
			got, err := k.Decrypt(e)
			if err != nil || !bytes.Equal(got, plaintext) {
				t.Errorf("Decrypt(Encrypt(%d bytes)) via %s = %d bytes, %v, want the plaintext", n, name, len(got), err)
			}
		}
	}
}

func mustParseBinary(tb testing.TB, e EncString) EncString {
	tb.Helper()
	b, err := e.MarshalBinary()
	if err != nil {
		tb.Fatal(err)
	}
	e2, err := ParseEncStringBinary(b)
	if err != nil {
		tb.Fatal(err)
	}
	return e2
}

func TestEncryptFreshIV(t *testing.T) {
	k := seqKey(t)
	ivs := map[[16]byte]bool{}
	cts := map[string]bool{}
	for range 1000 {
		e, err := k.EncryptString("same plaintext")
		if err != nil {
			t.Fatal(err)
		}
		if ivs[e.iv] {
			t.Fatalf("Encrypt reused IV %x", e.iv)
		}
		ivs[e.iv] = true
		cts[string(e.data)] = true
	}
	if len(cts) != 1000 {
		t.Errorf("1000 encryptions of one plaintext gave %d distinct ciphertexts", len(cts))
	}
}

func TestLegacyKeyDecryptsType0(t *testing.T) {
	k := legacyKey(t)
	plaintext := []byte("legacy plaintext, 32 bytes long!")
	e := legacyEncrypt(t, k, [16]byte{1, 2, 3}, plaintext)
	for _, e := range []EncString{e, mustParse(t, e.String()), mustParseBinary(t, e)} {
		if got, err := k.Decrypt(e); err != nil || !bytes.Equal(got, plaintext) {
			t.Errorf("legacy Decrypt = %q, %v, want %q", got, err, plaintext)
		}
	}
}

func TestWrapUnwrapKey(t *testing.T) {
	outer, inner := GenerateSymmetricKey(), GenerateSymmetricKey()
	e, err := outer.WrapKey(inner)
	if err != nil {
		t.Fatal(err)
	}
	if e.Type() != EncAesCbc256HmacSha256 || len(e.data) != 80 {
		t.Errorf("WrapKey gave %v with %d-byte ciphertext, want type 2 with 80", e.Type(), len(e.data))
	}
	got, err := outer.UnwrapKey(mustParse(t, e.String()))
	if err != nil || !got.Equal(inner) {
		t.Errorf("UnwrapKey(WrapKey(k)) = %v, %v, want k", got, err)
	}
	if _, err := inner.UnwrapKey(e); !errors.Is(err, ErrMACMismatch) {
		t.Errorf("UnwrapKey with the wrong key: error = %v, want ErrMACMismatch", err)
	}
}

func TestSymmetricKeyBytes(t *testing.T) {
	k := GenerateSymmetricKey()
	b := k.Bytes()
	if len(b) != 64 {
		t.Fatalf("Bytes() is %d bytes, want 64", len(b))
	}
	k2 := mustKey(t, b)
	if !k2.Equal(k) {
		t.Error("SymmetricKeyFromBytes(k.Bytes()) != k")
	}
	b[0] ^= 1
	if !k2.Equal(k) {
		t.Error("SymmetricKeyFromBytes did not copy its input")
	}
	if got := legacyKey(t).Bytes(); len(got) != 32 {
		t.Errorf("legacy Bytes() is %d bytes, want 32", len(got))
	}
	for _, n := range []int{0, 16, 31, 33, 63, 65, 128} {
		if _, err := SymmetricKeyFromBytes(make([]byte, n)); !errors.Is(err, ErrKeyKind) {
			t.Errorf("SymmetricKeyFromBytes(%d bytes) error = %v, want ErrKeyKind", n, err)
		}
	}
}

func TestSymmetricKeyEqualClear(t *testing.T) {
	a, b := GenerateSymmetricKey(), GenerateSymmetricKey()
	a2 := mustKey(t, a.Bytes())
	if !a.Equal(a2) || a.Equal(b) || a.Equal(nil) || !(*SymmetricKey)(nil).Equal(nil) {
		t.Error("SymmetricKey.Equal is wrong")
	}
	// Same 32 bytes, different kinds.
	full := &SymmetricKey{kind: keyFull}
	legacy := &SymmetricKey{kind: keyLegacy}
	if full.Equal(legacy) {
		t.Error("a full key equals a legacy key with the same bytes")
	}
	e, _ := a.EncryptString("x")
	a.Clear()
	if a.enc != [32]byte{} || a.mac != [32]byte{} {
		t.Error("Clear did not zero the key")
	}
	mustPanic(t, "Decrypt after Clear", func() { a.Decrypt(e) })
	mustPanic(t, "Encrypt after Clear", func() { a.Encrypt(nil) })
	mustPanic(t, "Bytes after Clear", func() { a.Bytes() })
	mustPanic(t, "Encrypt with zero SymmetricKey", func() { new(SymmetricKey).Encrypt(nil) })
	mustPanic(t, "WrapKey of a cleared key", func() { b.WrapKey(a) })
}

func TestUnpad(t *testing.T) {
	block := func(tail ...byte) []byte {
		b := bytes.Repeat([]byte{'a'}, 32)
		return append(b[:32-len(tail)], tail...)
	}
	for _, tc := range []struct {
		in   []byte
		want int // plaintext length, or -1 for ErrPadding
	}{
		{block(1), 31},
		{block(2, 2), 30},
		{block(bytes.Repeat([]byte{16}, 16)...), 16},
		{block(0), -1},
		{block(17), -1},
		{block(255), -1},
		{block(1, 2), -1},
		{block(3, 2, 3), -1},
		{block(append([]byte{15}, bytes.Repeat([]byte{16}, 15)...)...), -1},
	} {
		got, err := unpad(bytes.Clone(tc.in))
		switch {
		case tc.want < 0 && !errors.Is(err, ErrPadding):
			t.Errorf("unpad(…% x) = %d bytes, %v, want ErrPadding", tc.in[16:], len(got), err)
		case tc.want >= 0 && (err != nil || len(got) != tc.want):
			t.Errorf("unpad(…% x) = %d bytes, %v, want %d bytes", tc.in[16:], len(got), err, tc.want)
		}
	}
}

// TestCBCMatchesStdlib checks the hand-written CBC mode against
// crypto/cipher, for every padded length up to 20 blocks.
func TestCBCMatchesStdlib(t *testing.T) {
	k := GenerateSymmetricKey()
	block, err := aes.NewCipher(k.enc[:])
	if err != nil {
		t.Fatal(err)
	}
	for n := 0; n < 20*16; n += 7 {
		plaintext := make([]byte, n)
		rand.Read(plaintext)
		e, err := k.Encrypt(plaintext)
		if err != nil {
			t.Fatal(err)
		}
		padded := append(bytes.Clone(plaintext), bytes.Repeat([]byte{byte(16 - n%16)}, 16-n%16)...)
		want := make([]byte, len(padded))
		cipher.NewCBCEncrypter(block, e.iv[:]).CryptBlocks(want, padded)
		if !bytes.Equal(e.data, want) {
			t.Fatalf("Encrypt(%d bytes) ciphertext differs from crypto/cipher's CBC", n)
		}
		got, err := k.Decrypt(e)
		if err != nil || !bytes.Equal(got, plaintext) {
			t.Fatalf("Decrypt(Encrypt(%d bytes)) = %d bytes, %v", n, len(got), err)
		}
	}
}
