package crypto

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"errors"
	"hash"
	"math/big"
	"testing"
)

func TestGenerateKeyPair(t *testing.T) {
	priv, err := GenerateKeyPair()
	if err != nil {
		t.Fatal(err)
	}
	if bits := priv.k.N.BitLen(); bits != 2048 {
		t.Errorf("GenerateKeyPair made an RSA-%d key, want RSA-2048", bits)
	}
	pub, err := ParsePublicKey(priv.Public().SPKI())
	if err != nil {
		t.Fatalf("ParsePublicKey(generated SPKI): %v", err)
	}
	k := GenerateSymmetricKey()
	e, err := pub.WrapKey(k)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := priv.UnwrapKey(e); err != nil || !got.Equal(k) {
		t.Errorf("UnwrapKey(WrapKey(k)) = %v, %v, want k", got, err)
	}
}

func TestRSAWrapUnwrap(t *testing.T) {
	priv, other := rsaKeys(t)
	pub := priv.Public()
	k := GenerateSymmetricKey()

	e, err := pub.WrapKey(k)
	if err != nil {
		t.Fatal(err)
	}
	if e.Type() != EncRsa2048OaepSha1 || len(e.data) != 256 {
		t.Errorf("WrapKey gave %v with %d bytes, want type 4 with 256", e.Type(), len(e.data))
	}
	if got, err := priv.UnwrapKey(mustParse(t, e.String())); err != nil || !got.Equal(k) {
		t.Errorf("UnwrapKey(WrapKey(k)) = %v, %v, want k", got, err)
	}
	if _, err := other.UnwrapKey(e); !errors.Is(err, ErrWrongKey) {
		t.Errorf("UnwrapKey with another private key: error = %v, want ErrWrongKey", err)
	}

	// Types 3, 5 and 6, which other clients may have written.
	mac := b64s(bytes.Repeat([]byte{7}, 32))
	for _, tc := range []struct {
		typ    string
		h      func() hash.Hash
		suffix string
	}{
		{"3.", sha256.New, ""},
		{"5.", sha256.New, "|" + mac},
		{"6.", sha1.New, "|" + mac},
	} {
		ct, err := rsa.EncryptOAEP(tc.h(), rand.Reader, pub.k, k.Bytes(), nil)
		if err != nil {
			t.Fatal(err)
		}
		s := tc.typ + b64s(ct) + tc.suffix
		if got, err := priv.UnwrapKey(mustParse(t, s)); err != nil || !got.Equal(k) {
			t.Errorf("UnwrapKey(type %s) = %v, %v, want k", tc.typ, got, err)
		}
	}
}

func TestPrivateKeyEncryptDecrypt(t *testing.T) {
	priv, other := rsaKeys(t)
	uk := GenerateSymmetricKey()
	e, err := uk.EncryptPrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	got, err := uk.DecryptPrivateKey(mustParse(t, e.String()))
	if err != nil || !got.Equal(priv) || got.Equal(other) {
		t.Errorf("DecryptPrivateKey(EncryptPrivateKey(k)) = %v, %v, want k", got, err)
	}
	if !got.Public().Equal(priv.Public()) || !bytes.Equal(got.Public().SPKI(), priv.Public().SPKI()) {
		t.Error("decrypted private key has a different public key")
	}
	got.Clear()
	if got.Equal(priv) {
		t.Error("cleared key still equals the original")
	}
	mustPanic(t, "UnwrapKey after Clear", func() { got.UnwrapKey(EncString{typ: EncRsa2048OaepSha1, data: []byte{1}}) })
	mustPanic(t, "Public after Clear", func() { got.Public() })
	// The original must be untouched by clearing a parsed copy.
	if _, err := uk.EncryptPrivateKey(priv); err != nil {
		t.Errorf("EncryptPrivateKey after clearing a copy: %v", err)
	}
}

func TestPublicKeySPKIRoundTrip(t *testing.T) {
	priv, _ := rsaKeys(t)
	spki := priv.Public().SPKI()
	pub, err := ParsePublicKey(spki)
	if err != nil {
		t.Fatal(err)
	}
	if !pub.Equal(priv.Public()) || !bytes.Equal(pub.SPKI(), spki) {
		t.Error("ParsePublicKey(SPKI()) differs")
	}
	if got := pub.String(); got != "PublicKey(RSA-2048)" {
		t.Errorf("PublicKey.String() = %q", got)
	}
	if got, want := Fingerprint("id", pub), Fingerprint("id", priv.Public()); len(got) != 5 || got[0] != want[0] {
		t.Errorf("Fingerprint = %v, want %v", got, want)
	}
}

func spkiOf(tb testing.TB, pub any) []byte {
	tb.Helper()
	b, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// fakeRSA returns the SPKI of an RSA "key" with an arbitrary modulus: parsing
// does not check that the modulus is a product of two primes, so hostile
// sizes need no slow key generation.
func fakeRSA(tb testing.TB, bits uint, e int, odd bool) []byte {
	tb.Helper()
	n := new(big.Int).Lsh(big.NewInt(1), bits-1)
	if odd {
		n.SetBit(n, 0, 1)
	}
	return spkiOf(tb, &rsa.PublicKey{N: n, E: e})
}

func TestParsePublicKeyHostile(t *testing.T) {
	priv, _ := rsaKeys(t)
	good := priv.Public().SPKI()
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	edPub, _, _ := ed25519.GenerateKey(rand.Reader)
	for _, tc := range []struct {
		name string
		in   []byte
		want error
	}{
		{"RSA-1024", fakeRSA(t, 1024, 65537, true), ErrKeyKind},
		{"RSA-2047", fakeRSA(t, 2047, 65537, true), ErrKeyKind},
		{"RSA-4097", fakeRSA(t, 4097, 65537, true), ErrKeyKind},
		{"RSA-8192", fakeRSA(t, 8192, 65537, true), ErrKeyKind},
		{"RSA-16384", fakeRSA(t, 16384, 65537, true), ErrKeyKind},
		{"even modulus", fakeRSA(t, 2048, 65537, false), ErrKeyKind},
		{"exponent 1", fakeRSA(t, 2048, 1, true), ErrKeyKind},
		{"even exponent", fakeRSA(t, 2048, 65536, true), ErrKeyKind},
		{"ECDSA P-256", spkiOf(t, &ec.PublicKey), ErrKeyKind},
		{"Ed25519", spkiOf(t, edPub), ErrKeyKind},
		{"1 MiB", make([]byte, 1<<20), ErrKeyKind},
		{"empty", nil, ErrMalformed},
		{"garbage", []byte("this is not a public key at all"), ErrMalformed},
		{"truncated", good[:len(good)-1], ErrMalformed},
		{"trailing byte", append(bytes.Clone(good), 0), ErrMalformed},
		{"PKCS#1 instead of SPKI", x509.MarshalPKCS1PublicKey(&priv.k.PublicKey), ErrMalformed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pub, err := ParsePublicKey(tc.in)
			if pub != nil || !errors.Is(err, tc.want) {
				t.Errorf("ParsePublicKey(%s) = %v, %v, want nil, %v", tc.name, pub, err, tc.want)
			}
		})
	}
	// Sanity check: the fake keys are only refused for their size or shape.
	if _, err := ParsePublicKey(fakeRSA(t, 3072, 65537, true)); err != nil {
		t.Errorf("ParsePublicKey(RSA-3072) = %v, want nil", err)
	}
}

// TestUnlockChain builds an account the way a client registers one, then
// unwraps it the way a client unlocks it (§5.1, §5.10), through the text
// form of every EncString.
func TestUnlockChain(t *testing.T) {
	password := []byte("correct horse battery staple")
	const email = "Alice@Example.com"
	p := KDFParams{Type: KDFPBKDF2, Iterations: minPBKDF2Iterations}

	// Registration, organization creation and sharing, item creation.
	mk, err := DeriveMasterKey(password, email, p)
	if err != nil {
		t.Fatal(err)
	}
	userKey := GenerateSymmetricKey()
	protectedUserKey, err := mk.EncryptUserKey(userKey)
	if err != nil {
		t.Fatal(err)
	}
	priv, _ := rsaKeys(t)
	publicKey := b64s(priv.Public().SPKI())
	encPrivateKey, err := userKey.EncryptPrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	orgKey := GenerateSymmetricKey()
	pub, err := ParsePublicKey(mustB64(t, publicKey))
	if err != nil {
		t.Fatal(err)
	}
	encOrgKey, err := pub.WrapKey(orgKey)
	if err != nil {
		t.Fatal(err)
	}
	itemKey := GenerateSymmetricKey()
	encItemKey, err := orgKey.WrapKey(itemKey)
	if err != nil {
		t.Fatal(err)
	}
	encPassword, err := itemKey.EncryptString("hunter2")
	if err != nil {
		t.Fatal(err)
	}
	encFolder, err := userKey.EncryptString("Work")
	if err != nil {
		t.Fatal(err)
	}
	serverHash := mk.ServerHash(password)
	mk.Clear()

	// Unlock, from the strings a server would send.
	mk2, err := DeriveMasterKey(password, " alice@example.com ", p)
	if err != nil {
		t.Fatal(err)
	}
	if got := mk2.ServerHash(password); got != serverHash {
		t.Errorf("ServerHash after re-derivation = %s, want %s", got, serverHash)
	}
	uk, err := mk2.DecryptUserKey(mustParse(t, protectedUserKey.String()))
	if err != nil {
		t.Fatalf("DecryptUserKey: %v", err)
	}
	pk, err := uk.DecryptPrivateKey(mustParse(t, encPrivateKey.String()))
	if err != nil {
		t.Fatalf("DecryptPrivateKey: %v", err)
	}
	ok, err := pk.UnwrapKey(mustParse(t, encOrgKey.String()))
	if err != nil {
		t.Fatalf("UnwrapKey(org key): %v", err)
	}
	ik, err := ok.UnwrapKey(mustParse(t, encItemKey.String()))
	if err != nil {
		t.Fatalf("UnwrapKey(item key): %v", err)
	}
	if got, err := ik.DecryptString(mustParse(t, encPassword.String())); err != nil || got != "hunter2" {
		t.Errorf("DecryptString(password) = %q, %v, want %q", got, err, "hunter2")
	}
	if got, err := uk.DecryptString(mustParse(t, encFolder.String())); err != nil || got != "Work" {
		t.Errorf("DecryptString(folder) = %q, %v, want %q", got, err, "Work")
	}
	if !uk.Equal(userKey) || !ok.Equal(orgKey) || !ik.Equal(itemKey) || !pk.Equal(priv) {
		t.Error("unwrapped keys differ from the originals")
	}
}

func mustB64(tb testing.TB, s string) []byte {
	tb.Helper()
	b, err := b64.DecodeString(s)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
