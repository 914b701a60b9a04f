package crypto

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
)

// withMAC returns an EncString of type 2 whose ciphertext is the raw CBC
// encryption of blocks (no padding added), with a valid MAC (unless k is a
// legacy key): it reaches the padding check.
func withMAC(tb testing.TB, k *SymmetricKey, blocks []byte) EncString {
	tb.Helper()
	e := EncString{typ: EncAesCbc256HmacSha256, iv: [16]byte{0xaa}, data: make([]byte, len(blocks))}
	block, _ := aes.NewCipher(k.enc[:])
	cipher.NewCBCEncrypter(block, e.iv[:]).CryptBlocks(e.data, blocks)
	if k.kind == keyFull {
		e.mac = k.computeMAC(&e.iv, e.data)
	}
	return e
}

// tamper returns the text form of e with one part (0 = IV, 1 = ct, 2 = MAC)
// changed by flipping a bit.
func tamper(e EncString, part int) string {
	e.data = bytes.Clone(e.data)
	switch part {
	case 0:
		e.iv[3] ^= 0x10
	case 1:
		e.data[len(e.data)-1] ^= 0x01
	case 2:
		e.mac[31] ^= 0x80
	}
	return e.String()
}

// TestErrors checks that each failure wraps the documented sentinel, and
// that no error string carries key material, plaintext or the input.
func TestErrors(t *testing.T) {
	k := seqKey(t)
	legacy := legacyKey(t)
	other := GenerateSymmetricKey()
	priv, otherPriv := rsaKeys(t)
	const plaintext = "correct horse battery staple"
	valid := k.encryptWithIV([16]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, []byte(plaintext))
	vs := valid.String()
	parts := strings.Split(vs[2:], "|")
	iv, ct, mac := parts[0], parts[1], parts[2]
	legacyValid := legacyEncrypt(t, legacy, [16]byte{7}, []byte(plaintext))
	rsaCT := b64s(bytes.Repeat([]byte{9}, 256))
	badUTF8, _ := k.Encrypt([]byte{0xff, 0xfe, 'a'})
	notPKCS8, _ := k.EncryptString(plaintext)
	wrapped32, _ := k.Encrypt(bytes.Repeat([]byte{1}, 32))
	rsa16, err := rsa.EncryptOAEP(sha1.New(), rand.Reader, &priv.k.PublicKey, make([]byte, 16), nil)
	if err != nil {
		t.Fatal(err)
	}
	mk := deriveMasterKey([]byte("pw"), []byte("salt"), KDFParams{Type: KDFPBKDF2, Iterations: 1})
	wrongMK := deriveMasterKey([]byte("pw2"), []byte("salt"), KDFParams{Type: KDFPBKDF2, Iterations: 1})
	protected, _ := mk.EncryptUserKey(other)
	pad := func(tail ...byte) []byte { return append(bytes.Repeat([]byte{'p'}, 32-len(tail)), tail...) }

	parse := func(s string) func() error {
		return func() error { _, err := ParseEncString(s); return err }
	}
	parseBin := func(b []byte) func() error {
		return func() error { _, err := ParseEncStringBinary(b); return err }
	}
	decrypt := func(key *SymmetricKey, s string) func() error {
		return func() error {
			e, err := ParseEncString(s)
			if err != nil {
				t.Fatalf("ParseEncString(%q): %v", s, err)
			}
			_, err = key.Decrypt(e)
			return err
		}
	}
	decryptE := func(key *SymmetricKey, e EncString) func() error {
		return func() error { _, err := key.Decrypt(e); return err }
	}

	tests := []struct {
		name string
		f    func() error
		want error
	}{
		// Parsing.
		{"empty", parse(""), ErrMalformed},
		{"type only", parse("2."), ErrMalformed},
		{"truncated to 2 parts", parse(vs[:strings.LastIndex(vs, "|")]), ErrMalformed},
		{"truncated MAC", parse(vs[:len(vs)-4]), ErrMalformed},
		{"truncated mid-base64", parse(vs[:len(vs)-2]), ErrBase64},
		{"4 parts", parse(vs + "|" + mac), ErrMalformed},
		{"empty MAC part", parse("2." + iv + "|" + ct + "|"), ErrMalformed},
		{"IV of 15 bytes", parse("2." + b64s(make([]byte, 15)) + "|" + ct + "|" + mac), ErrMalformed},
		{"IV of 17 bytes", parse("2." + b64s(make([]byte, 17)) + "|" + ct + "|" + mac), ErrMalformed},
		{"IV of 1000 bytes", parse("2." + b64s(make([]byte, 1000)) + "|" + ct + "|" + mac), ErrMalformed},
		{"MAC of 31 bytes", parse("2." + iv + "|" + ct + "|" + b64s(make([]byte, 31))), ErrMalformed},
		{"MAC of 33 bytes", parse("2." + iv + "|" + ct + "|" + b64s(make([]byte, 33))), ErrMalformed},
		{"ct of 17 bytes", parse("2." + iv + "|" + b64s(make([]byte, 17)) + "|" + mac), ErrMalformed},
		{"ct of 15 bytes", parse("2." + iv + "|" + b64s(make([]byte, 15)) + "|" + mac), ErrMalformed},
		{"empty ct", parse("2." + iv + "||" + mac), ErrMalformed},
		{"type 0 with 3 parts", parse("0." + iv + "|" + ct + "|" + mac), ErrMalformed},
		{"type 0 empty ct", parse("0." + iv + "|"), ErrMalformed},
		{"headerless 1 part", parse(iv), ErrMalformed},
		{"headerless 4 parts", parse(iv + "|" + ct + "|" + mac + "|" + mac), ErrMalformed},
		{"bad base64 IV", parse("2.!!!!" + iv[4:] + "|" + ct + "|" + mac), ErrBase64},
		{"bad base64 ct", parse("2." + iv + "|" + ct[:10] + "*" + ct[11:] + "|" + mac), ErrBase64},
		{"bad base64 MAC", parse("2." + iv + "|" + ct + "|" + strings.Repeat("@", 44)), ErrBase64},
		{"unpadded base64", parse("2." + strings.TrimRight(iv, "=") + "|" + ct + "|" + mac), ErrBase64},
		{"URL-safe base64", parse("2." + base64.URLEncoding.EncodeToString(bytes.Repeat([]byte{0xfb}, 16)) + "|" + ct + "|" + mac), ErrBase64},
		{"non-canonical base64", parse("2." + iv[:21] + "B==" + "|" + ct + "|" + mac), ErrBase64},
		{"line break", parse("2." + iv + "|" + ct[:8] + "\n" + ct[8:] + "|" + mac), ErrBase64},
		{"type 9", parse("9." + iv + "|" + ct + "|" + mac), ErrUnknownType},
		{"type 1", parse("1." + iv + "|" + ct + "|" + mac), ErrUnknownType},
		{"type 7", parse("7." + ct), ErrUnknownType},
		{"type 12", parse("12." + ct), ErrUnknownType},
		{"type 02", parse("02." + iv + "|" + ct + "|" + mac), ErrUnknownType},
		{"non-numeric type", parse("x." + iv + "|" + ct + "|" + mac), ErrUnknownType},
		{"long non-numeric type", parse(strings.Repeat("A", 100) + "." + ct), ErrUnknownType},
		{"empty type", parse("." + iv + "|" + ct + "|" + mac), ErrUnknownType},
		{"negative type", parse("-2." + iv + "|" + ct + "|" + mac), ErrUnknownType},
		{"headerless 3 parts is type 1", parse(iv + "|" + ct + "|" + mac), ErrUnknownType},
		{"RSA empty ct", parse("4."), ErrMalformed},
		{"RSA 2 parts for type 4", parse("4." + rsaCT + "|" + mac), ErrMalformed},
		{"RSA 1 part for type 6", parse("6." + rsaCT), ErrMalformed},
		{"RSA MAC of 31 bytes", parse("5." + rsaCT + "|" + b64s(make([]byte, 31))), ErrMalformed},
		{"RSA ct of 513 bytes", parse("4." + b64s(make([]byte, 513))), ErrMalformed},
		{"RSA ct of 1 MB", parse("3." + b64s(make([]byte, 1<<20))), ErrMalformed},
		{"RSA bad base64", parse("4." + rsaCT[:5] + "-" + rsaCT[6:]), ErrBase64},

		// Binary form.
		{"binary empty", parseBin(nil), ErrMalformed},
		{"binary type 2 short", parseBin(append([]byte{2}, make([]byte, 47)...)), ErrMalformed},
		{"binary type 2 empty ct", parseBin(append([]byte{2}, make([]byte, 48)...)), ErrMalformed},
		{"binary type 2 ct of 17 bytes", parseBin(append([]byte{2}, make([]byte, 48+17)...)), ErrMalformed},
		{"binary type 0 ct of 15 bytes", parseBin(append([]byte{0}, make([]byte, 16+15)...)), ErrMalformed},
		{"binary type 4", parseBin(append([]byte{4}, make([]byte, 256)...)), ErrUnknownType},
		{"binary type 1", parseBin(append([]byte{1}, make([]byte, 80)...)), ErrUnknownType},
		{"binary type 255", parseBin([]byte{255}), ErrUnknownType},

		// Decryption.
		{"tampered IV", decrypt(k, tamper(valid, 0)), ErrMACMismatch},
		{"tampered ct", decrypt(k, tamper(valid, 1)), ErrMACMismatch},
		{"tampered MAC", decrypt(k, tamper(valid, 2)), ErrMACMismatch},
		{"wrong key", decrypt(other, vs), ErrMACMismatch},
		{"ct swapped from another string", decrypt(k, "2."+iv+"|"+b64s(badUTF8.data)+"|"+mac), ErrMACMismatch},
		{"valid MAC, padding byte 0", decryptE(k, withMAC(t, k, pad(0))), ErrPadding},
		{"valid MAC, padding byte 17", decryptE(k, withMAC(t, k, pad(17))), ErrPadding},
		{"valid MAC, inconsistent padding", decryptE(k, withMAC(t, k, pad(1, 3, 3))), ErrPadding},
		{"type 0, bad padding", decryptE(legacy, EncString{typ: EncAesCbc256, data: withMAC(t, legacy, pad(0)).data}), ErrPadding},
		{"type 0, wrong key", decryptE(mustKey(t, make([]byte, 32)), legacyValid), ErrPadding},
		{"32-byte key on type 2", decrypt(legacy, vs), ErrKeyKind},
		{"64-byte key on type 0", decryptE(k, legacyValid), ErrKeyKind},
		{"symmetric key on type 4", decrypt(k, "4."+rsaCT), ErrKeyKind},
		{"symmetric key on type 6", decrypt(k, "6."+rsaCT+"|"+mac), ErrKeyKind},
		{"zero EncString", decryptE(k, EncString{}), ErrKeyKind},
		{"zero EncString, legacy key", decryptE(legacy, EncString{}), ErrMalformed},
		{"legacy key encrypts", func() error { _, err := legacy.EncryptString(plaintext); return err }, ErrKeyKind},
		{"DecryptString of non-UTF-8", func() error { _, err := k.DecryptString(badUTF8); return err }, ErrMalformed},

		// Keys.
		{"unwrap 32-byte key", func() error { _, err := k.UnwrapKey(wrapped32); return err }, ErrWrongKey},
		{"unwrap with wrong key", func() error { _, err := other.UnwrapKey(valid); return err }, ErrMACMismatch},
		{"wrap legacy key", func() error { _, err := k.WrapKey(legacy); return err }, ErrKeyKind},
		{"RSA wrap legacy key", func() error { _, err := priv.Public().WrapKey(legacy); return err }, ErrKeyKind},
		{"RSA unwrap with another private key", func() error {
			e, _ := priv.Public().WrapKey(k)
			_, err := otherPriv.UnwrapKey(e)
			return err
		}, ErrWrongKey},
		{"RSA unwrap of a 16-byte key", func() error {
			_, err := priv.UnwrapKey(EncString{typ: EncRsa2048OaepSha1, data: rsa16})
			return err
		}, ErrWrongKey},
		{"RSA unwrap of garbage", func() error { _, err := priv.UnwrapKey(mustParse(t, "4."+rsaCT)); return err }, ErrWrongKey},
		{"RSA unwrap of a short ct", func() error { _, err := priv.UnwrapKey(mustParse(t, "3."+b64s([]byte{1, 2, 3}))); return err }, ErrWrongKey},
		{"private key on type 2", func() error { _, err := priv.UnwrapKey(valid); return err }, ErrKeyKind},
		{"private key on type 0", func() error { _, err := priv.UnwrapKey(legacyValid); return err }, ErrKeyKind},
		{"DecryptPrivateKey of non-PKCS#8", func() error { _, err := k.DecryptPrivateKey(notPKCS8); return err }, ErrMalformed},
		{"DecryptPrivateKey with wrong key", func() error {
			e, _ := k.EncryptPrivateKey(priv)
			_, err := other.DecryptPrivateKey(e)
			return err
		}, ErrMACMismatch},
		{"DecryptUserKey of type 4", func() error { _, err := mk.DecryptUserKey(mustParse(t, "4."+rsaCT)); return err }, ErrKeyKind},
		{"DecryptUserKey with wrong master key", func() error { _, err := wrongMK.DecryptUserKey(protected); return err }, ErrMACMismatch},
		{"SymmetricKeyFromBytes of 48 bytes", func() error { _, err := SymmetricKeyFromBytes(make([]byte, 48)); return err }, ErrKeyKind},
		{"shareable key secret of 15 bytes", func() error { _, err := DeriveShareableKey(make([]byte, 15), "send", "send"); return err }, ErrMalformed},
		{"MarshalText of zero EncString", func() error { _, err := EncString{}.MarshalText(); return err }, ErrMalformed},
		{"MarshalBinary of zero EncString", func() error { _, err := EncString{}.MarshalBinary(); return err }, ErrMalformed},
		{"KDF params", func() error {
			_, err := DeriveMasterKey([]byte(plaintext), "a@b.c", KDFParams{Type: KDFPBKDF2, Iterations: 5000})
			return err
		}, ErrKDFParams},
	}

	// Nothing secret, and not the input, may appear in an error string.
	var secrets []string
	for _, key := range [][]byte{k.Bytes(), legacy.Bytes(), other.Bytes(), mk.key[:], k.enc[:], k.mac[:], priv.k.D.Bytes()} {
		secrets = append(secrets, hex.EncodeToString(key), strings.ToUpper(hex.EncodeToString(key)),
			base64.StdEncoding.EncodeToString(key), base64.RawStdEncoding.EncodeToString(key)[:20])
	}
	secrets = append(secrets, plaintext, plaintext[:8], vs, iv, ct, mac, rsaCT[:20], "pw")

	seen := map[error]bool{}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.f()
			if !errors.Is(err, tc.want) {
				t.Fatalf("error = %v, want %v", err, tc.want)
			}
			seen[tc.want] = true
			msg := err.Error()
			for _, s := range secrets {
				if strings.Contains(msg, s) {
					t.Errorf("error %q contains the secret or input %q", msg, s)
				}
			}
			if strings.Contains(msg, "failed to") || msg != strings.ToLower(msg[:1])+msg[1:] {
				t.Errorf("error %q should start lower-case and not say \"failed to\"", msg)
			}
			// Exactly one sentinel per error.
			n := 0
			for _, s := range sentinels {
				if errors.Is(err, s) {
					n++
				}
			}
			if n != 1 {
				t.Errorf("error %q wraps %d sentinels, want 1", msg, n)
			}
		})
	}
	for _, s := range sentinels {
		if !seen[s] {
			t.Errorf("no test case for %v", s)
		}
	}
}

var sentinels = []error{ErrMalformed, ErrBase64, ErrUnknownType, ErrMACMismatch, ErrPadding, ErrWrongKey, ErrKeyKind, ErrKDFParams}
