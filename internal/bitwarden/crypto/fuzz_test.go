package crypto

import (
	"bytes"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// encStringSeeds are the EncStrings of the vectors plus one of each other
// shape, for both fuzz targets.
func encStringSeeds(tb testing.TB) []string {
	tb.Helper()
	var seeds []string
	for _, v := range loadVectors(tb) {
		for _, key := range []string{"encstring", "expect"} {
			if s, ok := v.fields[key]; ok && strings.Contains(s, "|") {
				seeds = append(seeds, s)
			}
		}
	}
	rsaCT := b64s(bytes.Repeat([]byte{0x42}, 256))
	mac := b64s(bytes.Repeat([]byte{0x17}, 32))
	return append(seeds,
		"2NokAMS6llUxk26oueMqrA==|6k0QD71SJLy2WEBDkV4esiTrgkP/z7eoSedSesGLGYE=", // headerless type 0
		"3."+rsaCT, "4."+rsaCT, "5."+rsaCT+"|"+mac, "6."+rsaCT+"|"+mac,
		"1.AAAAAAAAAAAAAAAAAAAAAA==|AAAAAAAAAAAAAAAAAAAAAA==|"+mac,
		"7.oQEm", "2.", "", ".", "|", "9.a|b|c",
	)
}

// FuzzParseEncString checks that parsing never panics, that failures wrap
// exactly one sentinel, and that String re-parses to the same value (and
// reproduces its input exactly when it had a type header).
func FuzzParseEncString(f *testing.F) {
	for _, s := range encStringSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := ParseEncString(s)
		if err != nil {
			checkSentinel(t, err)
			if !reflect.DeepEqual(e, EncString{}) {
				t.Errorf("ParseEncString(%q) returned a non-zero value with error %v", s, err)
			}
			return
		}
		s2 := e.String()
		e2, err := ParseEncString(s2)
		if err != nil {
			t.Fatalf("ParseEncString(%q) ok, but its String() %q does not parse: %v", s, s2, err)
		}
		if !reflect.DeepEqual(e, e2) {
			t.Fatalf("ParseEncString(%q) = %#v, but its String() %q parses to %#v", s, e, s2, e2)
		}
		if strings.Contains(s, ".") && s2 != s {
			t.Errorf("ParseEncString(%q).String() = %q, want the input", s, s2)
		}
		var e3 EncString
		if text, err := e.MarshalText(); err != nil || e3.UnmarshalText(text) != nil || !reflect.DeepEqual(e, e3) {
			t.Errorf("text round trip of %q failed: %v", s, err)
		}
		if e.typ == EncAesCbc256 || e.typ == EncAesCbc256HmacSha256 {
			b, err := e.MarshalBinary()
			if err != nil {
				t.Fatalf("MarshalBinary(%q): %v", s, err)
			}
			if e4, err := ParseEncStringBinary(b); err != nil || !reflect.DeepEqual(e, e4) {
				t.Errorf("binary round trip of %q = %#v, %v", s, e4, err)
			}
		}
	})
}

// FuzzDecrypt feeds random strings, random bytes and well-formed EncStrings
// with random parts to every decryption path under a key made from the
// fuzzer's bytes. Nothing may panic; every failure must wrap exactly one
// sentinel; and a success (possible only with the right key, as in the seeds)
// must be consistent with encryption.
func FuzzDecrypt(f *testing.F) {
	v6 := vectorByName(f, "v06s-encstring")
	v6key, v6iv := v6.hex(f, "key"), v6.hex(f, "iv")
	v6parts := strings.Split(strings.TrimPrefix(v6.str(f, "expect"), "2."), "|")
	v8 := vectorByName(f, "v08-legacy-user-key")
	v8key := v8.hex(f, "expect-master-key")
	v7 := vectorByName(f, "v07-binary")
	for _, s := range encStringSeeds(f) {
		f.Add(v6key, s, v6iv, []byte(nil), []byte(nil))
	}
	f.Add(v6key, v6.str(f, "expect"), mustB64(f, v6parts[0]), mustB64(f, v6parts[1]), mustB64(f, v6parts[2]))
	f.Add(v8key, v8.str(f, "encstring"), []byte(nil), []byte(nil), []byte(nil))
	f.Add([]byte("random key"), string(v7.hex(f, "expect")), bytes.Repeat([]byte{1}, 16), bytes.Repeat([]byte{2}, 32), bytes.Repeat([]byte{3}, 32))

	f.Fuzz(func(t *testing.T, keyBytes []byte, s string, iv, ct, mac []byte) {
		var k *SymmetricKey
		if len(keyBytes) == 32 || len(keyBytes) == 64 {
			k = mustKey(t, keyBytes)
		} else {
			sum := sha512.Sum512(keyBytes)
			k = mustKey(t, sum[:])
		}
		mk := &MasterKey{ok: true}
		copy(mk.key[:], keyBytes)

		// RSA decryption is slow under coverage instrumentation, so it is
		// tried only where useRSA is set.
		check := func(e EncString, useRSA bool) {
			pt, err := k.Decrypt(e)
			if err != nil {
				checkSentinel(t, err)
			} else {
				checkConsistent(t, k, e, pt)
			}
			_, err = k.DecryptString(e)
			checkSentinel(t, err, nil)
			_, err = k.UnwrapKey(e)
			checkSentinel(t, err, nil)
			_, err = k.DecryptPrivateKey(e)
			checkSentinel(t, err, nil)
			_, err = mk.DecryptUserKey(e)
			checkSentinel(t, err, nil)
			if useRSA && e.typ.isRSA() {
				priv, _ := rsaKeys(t)
				_, err = priv.UnwrapKey(e)
				checkSentinel(t, err, nil)
			}
		}

		// The string as it is, and as a binary EncString.
		if e, err := ParseEncString(s); err == nil {
			check(e, true)
		}
		if e, err := ParseEncStringBinary([]byte(s)); err == nil {
			check(e, false)
		}
		// Well-formed strings and binaries with random parts.
		for _, s := range []string{
			"2." + b64s(iv) + "|" + b64s(ct) + "|" + b64s(mac),
			"0." + b64s(iv) + "|" + b64s(ct),
			"4." + b64s(ct),
			"6." + b64s(ct) + "|" + b64s(mac),
		} {
			if e, err := ParseEncString(s); err == nil {
				check(e, len(ct) == 256)
			}
		}
		for _, b := range [][]byte{
			append(append(append([]byte{2}, iv...), mac...), ct...),
			append(append([]byte{0}, iv...), ct...),
		} {
			if e, err := ParseEncStringBinary(b); err == nil {
				check(e, false)
			}
		}
		// Values that did not come through the parser: Decrypt must still
		// check what it relies on.
		for typ := range EncType(9) {
			e := EncString{typ: typ, data: ct}
			copy(e.iv[:], iv)
			copy(e.mac[:], mac)
			check(e, false)
		}
	})
}

// checkSentinel fails unless err wraps exactly one of the sentinels (or is
// one of the allowed values, such as nil).
func checkSentinel(t *testing.T, err error, allowed ...error) {
	t.Helper()
	for _, a := range allowed {
		if err == a {
			return
		}
	}
	n := 0
	for _, s := range sentinels {
		if errors.Is(err, s) {
			n++
		}
	}
	if n != 1 {
		t.Errorf("error %v wraps %d sentinels, want 1", err, n)
	}
}

// checkConsistent checks that a successful decryption of e is the inverse of
// encryption with e's IV.
func checkConsistent(t *testing.T, k *SymmetricKey, e EncString, pt []byte) {
	t.Helper()
	enc := k
	if e.typ == EncAesCbc256 {
		enc = newSymmetricKey(k.enc[:], make([]byte, 32))
	}
	re := enc.encryptWithIV(e.iv, pt)
	if !bytes.Equal(re.data, e.data) {
		t.Fatalf("Decrypt(%v) = %s, which re-encrypts to a different ciphertext", e, hex.EncodeToString(pt))
	}
	if e.typ == EncAesCbc256HmacSha256 && re.mac != e.mac {
		t.Fatalf("Decrypt(%v) succeeded with a MAC encryption does not produce", e)
	}
}
