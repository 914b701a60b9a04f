package crypto

import (
	"bytes"
	"crypto/pbkdf2"
	"crypto/sha256"
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

func TestKDFParamsValidate(t *testing.T) {
	valid := []KDFParams{
		{Type: KDFPBKDF2, Iterations: 100_000},
		{Type: KDFPBKDF2, Iterations: 600_000},
		{Type: KDFPBKDF2, Iterations: 2_000_000, MemoryMiB: 99999, Parallelism: -5}, // ignored for PBKDF2
		{Type: KDFArgon2id, Iterations: 2, MemoryMiB: 15, Parallelism: 1},
		{Type: KDFArgon2id, Iterations: 10, MemoryMiB: 1024, Parallelism: 16},
		{Type: KDFArgon2id, Iterations: 3, MemoryMiB: 64, Parallelism: 4},
	}
	for _, p := range valid {
		if err := p.Validate(); err != nil {
			t.Errorf("%+v.Validate() = %v, want nil", p, err)
		}
	}
}

// invalidKDFParams are out of every range, some far enough out that
// attempting the derivation would hang the test or exhaust memory.
var invalidKDFParams = map[string]KDFParams{
	"pbkdf2 iterations 0":            {Type: KDFPBKDF2, Iterations: 0},
	"pbkdf2 iterations negative":     {Type: KDFPBKDF2, Iterations: -1},
	"pbkdf2 iterations 99999":        {Type: KDFPBKDF2, Iterations: 99_999},
	"pbkdf2 iterations 2000001":      {Type: KDFPBKDF2, Iterations: 2_000_001},
	"pbkdf2 iterations maxint":       {Type: KDFPBKDF2, Iterations: math.MaxInt},
	"argon2id iterations 1":          {Type: KDFArgon2id, Iterations: 1, MemoryMiB: 64, Parallelism: 4},
	"argon2id iterations 11":         {Type: KDFArgon2id, Iterations: 11, MemoryMiB: 64, Parallelism: 4},
	"argon2id iterations maxint":     {Type: KDFArgon2id, Iterations: math.MaxInt, MemoryMiB: 64, Parallelism: 4},
	"argon2id memory 14":             {Type: KDFArgon2id, Iterations: 3, MemoryMiB: 14, Parallelism: 4},
	"argon2id memory 1025":           {Type: KDFArgon2id, Iterations: 3, MemoryMiB: 1025, Parallelism: 4},
	"argon2id memory 1 TiB":          {Type: KDFArgon2id, Iterations: 3, MemoryMiB: 1 << 20, Parallelism: 4},
	"argon2id memory wraps uint32":   {Type: KDFArgon2id, Iterations: 3, MemoryMiB: 1<<22 + 64, Parallelism: 4},
	"argon2id parallelism 0":         {Type: KDFArgon2id, Iterations: 3, MemoryMiB: 64, Parallelism: 0},
	"argon2id parallelism 17":        {Type: KDFArgon2id, Iterations: 3, MemoryMiB: 64, Parallelism: 17},
	"argon2id parallelism wraps u8":  {Type: KDFArgon2id, Iterations: 3, MemoryMiB: 64, Parallelism: 260},
	"argon2id zero value parameters": {Type: KDFArgon2id},
	"unknown type 2":                 {Type: 2, Iterations: 600_000},
	"unknown type -1":                {Type: -1, Iterations: 600_000},
}

func TestDeriveMasterKeyRefusesBadParams(t *testing.T) {
	for name, p := range invalidKDFParams {
		t.Run(name, func(t *testing.T) {
			if err := p.Validate(); !errors.Is(err, ErrKDFParams) {
				t.Errorf("%+v.Validate() = %v, want ErrKDFParams", p, err)
			}
			// No timing assertion: the math.MaxInt and 1 TiB cases would hang
			// or exhaust memory if any work started before the check.
			mk, err := DeriveMasterKey([]byte("password"), "a@example.com", p)
			if mk != nil || !errors.Is(err, ErrKDFParams) {
				t.Errorf("DeriveMasterKey(%+v) = %v, %v, want nil, ErrKDFParams", p, mk, err)
			}
		})
	}
}

// TestPBKDF2MatchesStdlib checks the hand-written PBKDF2 against
// crypto/pbkdf2, including passwords longer than the HMAC block.
func TestPBKDF2MatchesStdlib(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, pwLen := range []int{0, 1, 31, 32, 63, 64, 65, 200} {
		for _, iter := range []int{1, 2, 3, 1000} {
			pw := make([]byte, pwLen)
			salt := make([]byte, r.IntN(40))
			for i := range pw {
				pw[i] = byte(r.Uint32())
			}
			for i := range salt {
				salt[i] = byte(r.Uint32())
			}
			want, err := pbkdf2.Key(sha256.New, string(pw), salt, iter, 32)
			if err != nil {
				t.Fatal(err)
			}
			if got := pbkdf2SHA256(pw, salt, iter); !bytes.Equal(got[:], want) {
				t.Errorf("pbkdf2SHA256(%d-byte password, %d-byte salt, %d) = %x, want %x", pwLen, len(salt), iter, got, want)
			}
		}
	}
}

func TestNormalizeSalt(t *testing.T) {
	for in, want := range map[string]string{
		"test@bitwarden.com":        "test@bitwarden.com",
		"TEST@Bitwarden.COM":        "test@bitwarden.com",
		" test@bitwarden.com\t\n":   "test@bitwarden.com",
		"\u00a0Ünïcode@Example.org": "ünïcode@example.org",
	} {
		if got := normalizeSalt(in); got != want {
			t.Errorf("normalizeSalt(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMasterKeyUserKeyRoundTrip(t *testing.T) {
	p := KDFParams{Type: KDFPBKDF2, Iterations: minPBKDF2Iterations}
	mk, err := DeriveMasterKey([]byte("correct horse"), "User@Example.com", p)
	if err != nil {
		t.Fatal(err)
	}
	uk := GenerateSymmetricKey()
	e, err := mk.EncryptUserKey(uk)
	if err != nil {
		t.Fatal(err)
	}
	if e.Type() != EncAesCbc256HmacSha256 {
		t.Errorf("EncryptUserKey type = %v, want type 2", e.Type())
	}
	got, err := mk.DecryptUserKey(mustParse(t, e.String()))
	if err != nil || !got.Equal(uk) {
		t.Errorf("DecryptUserKey(EncryptUserKey(k)) = %v, %v, want k", got, err)
	}

	wrong, err := DeriveMasterKey([]byte("correct horsf"), "user@example.com", p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wrong.DecryptUserKey(e); !errors.Is(err, ErrMACMismatch) {
		t.Errorf("DecryptUserKey with the wrong password: error = %v, want ErrMACMismatch", err)
	}
	if mk.ServerHash([]byte("correct horse")) == wrong.ServerHash([]byte("correct horsf")) {
		t.Error("different passwords give the same server hash")
	}
}

func TestMasterKeyEqualClear(t *testing.T) {
	p := KDFParams{Type: KDFPBKDF2, Iterations: 1}
	a := deriveMasterKey([]byte("pw"), []byte("salt"), p)
	b := deriveMasterKey([]byte("pw"), []byte("salt"), p)
	c := deriveMasterKey([]byte("pw2"), []byte("salt"), p)
	if !a.Equal(b) || a.Equal(c) || a.Equal(nil) {
		t.Error("MasterKey.Equal is wrong")
	}
	a.Clear()
	if a.key != [32]byte{} || a.Equal(b) {
		t.Error("Clear did not zero the key")
	}
	mustPanic(t, "Stretch after Clear", func() { a.Stretch() })
	mustPanic(t, "ServerHash after Clear", func() { a.ServerHash([]byte("pw")) })
	mustPanic(t, "ServerHash on zero MasterKey", func() { new(MasterKey).ServerHash(nil) })
}
