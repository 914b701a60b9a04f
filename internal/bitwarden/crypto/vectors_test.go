package crypto

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// A vector is one test case from testdata/vectors, in the spirit of age's
// testkit: "# comment" lines, then "key: value" header lines. A value that
// starts with a double quote is a Go string literal (for leading spaces or an
// empty value).
type vector struct {
	name   string // file name without .txt
	fields map[string]string
}

func parseVector(name string, data []byte) (vector, error) {
	v := vector{name: name, fields: map[string]string{}}
	for i, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, val, ok := strings.Cut(line, ": ")
		if !ok {
			return v, fmt.Errorf("%s:%d: no \": \" in header line", name, i+1)
		}
		if strings.HasPrefix(val, `"`) {
			u, err := strconv.Unquote(val)
			if err != nil {
				return v, fmt.Errorf("%s:%d: %v", name, i+1, err)
			}
			val = u
		}
		if _, dup := v.fields[key]; dup {
			return v, fmt.Errorf("%s:%d: duplicate key %q", name, i+1, key)
		}
		v.fields[key] = val
	}
	return v, nil
}

func loadVectors(tb testing.TB) []vector {
	tb.Helper()
	files, err := filepath.Glob("testdata/vectors/*.txt")
	if err != nil || len(files) == 0 {
		tb.Fatalf("no vectors in testdata/vectors (err %v)", err)
	}
	var vs []vector
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		v, err := parseVector(strings.TrimSuffix(filepath.Base(f), ".txt"), data)
		if err != nil {
			tb.Fatal(err)
		}
		vs = append(vs, v)
	}
	return vs
}

func (v vector) has(key string) bool { _, ok := v.fields[key]; return ok }

func (v vector) str(tb testing.TB, key string) string {
	tb.Helper()
	s, ok := v.fields[key]
	if !ok {
		tb.Fatalf("vector %s has no %q", v.name, key)
	}
	return s
}

func (v vector) hex(tb testing.TB, key string) []byte {
	tb.Helper()
	b, err := hex.DecodeString(v.str(tb, key))
	if err != nil {
		tb.Fatalf("vector %s: %s: %v", v.name, key, err)
	}
	return b
}

func (v vector) b64(tb testing.TB, key string) []byte {
	tb.Helper()
	b, err := base64.StdEncoding.DecodeString(v.str(tb, key))
	if err != nil {
		tb.Fatalf("vector %s: %s: %v", v.name, key, err)
	}
	return b
}

func (v vector) int(tb testing.TB, key string) int {
	tb.Helper()
	n, err := strconv.Atoi(v.str(tb, key))
	if err != nil {
		tb.Fatalf("vector %s: %s: %v", v.name, key, err)
	}
	return n
}

func (v vector) kdfParams(tb testing.TB) KDFParams {
	tb.Helper()
	switch kdf := v.str(tb, "kdf"); kdf {
	case "pbkdf2":
		return KDFParams{Type: KDFPBKDF2, Iterations: v.int(tb, "iterations")}
	case "argon2id":
		return KDFParams{Type: KDFArgon2id, Iterations: v.int(tb, "iterations"),
			MemoryMiB: v.int(tb, "memory"), Parallelism: v.int(tb, "parallelism")}
	default:
		tb.Fatalf("vector %s: unknown kdf %q", v.name, kdf)
		return KDFParams{}
	}
}

// vectorByName returns the vector in testdata/vectors/<name>.txt.
func vectorByName(tb testing.TB, name string) vector {
	tb.Helper()
	for _, v := range loadVectors(tb) {
		if v.name == name {
			return v
		}
	}
	tb.Fatalf("no vector %s", name)
	return vector{}
}

func mustKey(tb testing.TB, b []byte) *SymmetricKey {
	tb.Helper()
	k, err := SymmetricKeyFromBytes(b)
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

func mustParse(tb testing.TB, s string) EncString {
	tb.Helper()
	e, err := ParseEncString(s)
	if err != nil {
		tb.Fatalf("ParseEncString(%q): %v", s, err)
	}
	return e
}

func TestVectors(t *testing.T) {
	vs := loadVectors(t)
	kinds := map[string]int{}
	for _, v := range vs {
		kind := v.str(t, "kind")
		kinds[kind]++
		t.Run(v.name, func(t *testing.T) {
			run, ok := vectorRunners[kind]
			if !ok {
				t.Fatalf("unknown kind %q", kind)
			}
			run(t, v)
		})
	}
	// Every kind of §7 must have at least one case on disk.
	for kind := range vectorRunners {
		if kinds[kind] == 0 {
			t.Errorf("no vector of kind %q in testdata/vectors", kind)
		}
	}
}

var vectorRunners = map[string]func(*testing.T, vector){
	"master-key":      testMasterKeyVector,
	"stretch":         testStretchVector,
	"password-hash":   testPasswordHashVector,
	"aes-cbc-hmac":    testAESCBCHMACVector,
	"encstring":       testEncStringVector,
	"binary":          testBinaryVector,
	"legacy-user-key": testLegacyUserKeyVector,
	"hkdf-expand":     testHKDFExpandVector,
	"shareable-key":   testShareableKeyVector,
	"fingerprint":     testFingerprintVector,
}

// V1, V2.
func testMasterKeyVector(t *testing.T, v vector) {
	password, salt, p := []byte(v.str(t, "password")), v.str(t, "salt"), v.kdfParams(t)
	want := v.hex(t, "expect")
	mk := deriveMasterKey(password, []byte(salt), p)
	if !bytes.Equal(mk.key[:], want) {
		t.Errorf("deriveMasterKey(%q, %q, %+v) = %x, want %x", password, salt, p, mk.key, want)
	}
	// The exported function gives the same key when the parameters are in
	// range, and refuses them otherwise.
	got, err := DeriveMasterKey(password, salt, p)
	if p.Validate() != nil {
		if !errors.Is(err, ErrKDFParams) {
			t.Errorf("DeriveMasterKey(%+v) error = %v, want ErrKDFParams", p, err)
		}
		return
	}
	if err != nil {
		t.Fatalf("DeriveMasterKey(%+v): %v", p, err)
	}
	if !got.Equal(mk) {
		t.Errorf("DeriveMasterKey and deriveMasterKey differ")
	}
}

// V3.
func testStretchVector(t *testing.T, v vector) {
	mk := &MasterKey{ok: true}
	copy(mk.key[:], v.hex(t, "prk"))
	sk := mk.Stretch()
	if want := v.hex(t, "expect-enc"); !bytes.Equal(sk.enc[:], want) {
		t.Errorf("Stretch() enc = %x, want %x", sk.enc, want)
	}
	if want := v.hex(t, "expect-mac"); !bytes.Equal(sk.mac[:], want) {
		t.Errorf("Stretch() mac = %x, want %x", sk.mac, want)
	}
}

// V4, V5.
func testPasswordHashVector(t *testing.T, v vector) {
	password, email, p := []byte(v.str(t, "password")), v.str(t, "email"), v.kdfParams(t)
	mk, err := DeriveMasterKey(password, email, p)
	if err != nil {
		t.Fatalf("DeriveMasterKey(%q, %q, %+v): %v", password, email, p, err)
	}
	if want := v.str(t, "expect-master-key"); base64.StdEncoding.EncodeToString(mk.key[:]) != want {
		t.Errorf("DeriveMasterKey(%q, %q, %+v) = %s, want %s", password, email, p,
			base64.StdEncoding.EncodeToString(mk.key[:]), want)
	}
	if got, want := mk.ServerHash(password), v.str(t, "expect"); got != want {
		t.Errorf("ServerHash() = %s, want %s", got, want)
	}
	if v.has("expect-local-hash") {
		if got, want := mk.LocalHash(password), v.str(t, "expect-local-hash"); got != want {
			t.Errorf("LocalHash() = %s, want %s", got, want)
		}
	}
}

// V6: raw ciphertext and MAC.
func testAESCBCHMACVector(t *testing.T, v vector) {
	k := mustKey(t, v.hex(t, "key"))
	var iv [16]byte
	copy(iv[:], v.hex(t, "iv"))
	plaintext := v.str(t, "plaintext")
	wantCT, wantMAC := v.hex(t, "expect-ct"), v.hex(t, "expect-mac")

	e := k.encryptWithIV(iv, []byte(plaintext))
	if !bytes.Equal(e.data, wantCT) {
		t.Errorf("encrypt ct = %x, want %x", e.data, wantCT)
	}
	if !bytes.Equal(e.mac[:], wantMAC) {
		t.Errorf("encrypt mac = %x, want %x", e.mac, wantMAC)
	}

	in := EncString{typ: EncAesCbc256HmacSha256, iv: iv, data: wantCT}
	copy(in.mac[:], wantMAC)
	got, err := k.DecryptString(in)
	if err != nil || got != plaintext {
		t.Errorf("DecryptString() = %q, %v, want %q", got, err, plaintext)
	}

	// Round trip with a random IV.
	e2, err := k.EncryptString(plaintext)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := k.DecryptString(e2); err != nil || got != plaintext {
		t.Errorf("DecryptString(EncryptString()) = %q, %v, want %q", got, err, plaintext)
	}
}

// V6s: the same as an EncString, through parse, decrypt, encrypt and format.
func testEncStringVector(t *testing.T, v vector) {
	k := mustKey(t, v.hex(t, "key"))
	var iv [16]byte
	copy(iv[:], v.hex(t, "iv"))
	plaintext, want := v.str(t, "plaintext"), v.str(t, "expect")

	e := mustParse(t, want)
	if got, err := k.DecryptString(e); err != nil || got != plaintext {
		t.Errorf("DecryptString(%q) = %q, %v, want %q", want, got, err, plaintext)
	}
	if got := k.encryptWithIV(iv, []byte(plaintext)).String(); got != want {
		t.Errorf("encryptWithIV(%x, %q) = %q, want %q", iv, plaintext, got, want)
	}
	if got := e.String(); got != want {
		t.Errorf("ParseEncString(%q).String() = %q", want, got)
	}
}

// V7.
func testBinaryVector(t *testing.T, v vector) {
	s, want := v.str(t, "encstring"), v.hex(t, "expect")
	got, err := mustParse(t, s).MarshalBinary()
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("MarshalBinary(%q) = %x, %v, want %x", s, got, err, want)
	}
	e, err := ParseEncStringBinary(want)
	if err != nil {
		t.Fatalf("ParseEncStringBinary(%x): %v", want, err)
	}
	if e.String() != s {
		t.Errorf("ParseEncStringBinary(%x) = %q, want %q", want, e.String(), s)
	}
}

// V8.
func testLegacyUserKeyVector(t *testing.T, v vector) {
	password, email := []byte(v.str(t, "password")), v.str(t, "email")
	p := KDFParams{Type: KDFPBKDF2, Iterations: v.int(t, "iterations")}
	mk, err := DeriveMasterKey(password, email, p)
	if err != nil {
		t.Fatal(err)
	}
	if v.has("expect-master-key") {
		if want := v.hex(t, "expect-master-key"); !bytes.Equal(mk.key[:], want) {
			t.Errorf("DeriveMasterKey(%q, %q, %+v) = %x, want %x", password, email, p, mk.key, want)
		}
	}
	e := mustParse(t, v.str(t, "encstring"))
	uk, err := mk.DecryptUserKey(e)
	if err != nil {
		t.Fatalf("DecryptUserKey(%v): %v", e, err)
	}
	if want := v.hex(t, "expect-enc"); !bytes.Equal(uk.enc[:], want) {
		t.Errorf("user key enc = %x, want %x", uk.enc, want)
	}
	if want := v.hex(t, "expect-mac"); !bytes.Equal(uk.mac[:], want) {
		t.Errorf("user key mac = %x, want %x", uk.mac, want)
	}
	// The stretched key must not decrypt type 0: it is a 64-byte key.
	if _, err := mk.Stretch().UnwrapKey(e); !errors.Is(err, ErrKeyKind) {
		t.Errorf("Stretch().UnwrapKey(type 0) error = %v, want ErrKeyKind", err)
	}
}

// V9.
func testHKDFExpandVector(t *testing.T, v vector) {
	prk, info, n, want := v.hex(t, "prk"), v.str(t, "info"), v.int(t, "length"), v.hex(t, "expect")
	if got := hkdfExpand(prk, info, n); !bytes.Equal(got, want) {
		t.Errorf("hkdfExpand(%x, %q, %d) = %x, want %x", prk, info, n, got, want)
	}
}

// V10.
func testShareableKeyVector(t *testing.T, v vector) {
	secret, name, info, want := v.str(t, "secret"), v.str(t, "name"), v.str(t, "info"), v.str(t, "expect")
	k, err := DeriveShareableKey([]byte(secret), name, info)
	if err != nil {
		t.Fatal(err)
	}
	if got := base64.StdEncoding.EncodeToString(k.Bytes()); got != want {
		t.Errorf("DeriveShareableKey(%q, %q, %q) = %s, want %s", secret, name, info, got, want)
	}
}

// V11.
func testFingerprintVector(t *testing.T, v vector) {
	material, want := v.str(t, "material"), v.str(t, "expect")
	pub, err := ParsePublicKey(v.b64(t, "public-key"))
	if err != nil {
		t.Fatalf("ParsePublicKey: %v", err)
	}
	if got := strings.Join(Fingerprint(material, pub), "-"); got != want {
		t.Errorf("Fingerprint(%q, pub) = %s, want %s", material, got, want)
	}
}

func TestParseVector(t *testing.T) {
	v, err := parseVector("x", []byte("# c\nkind: k\nemail: \" a@b\"\nempty: \"\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if v.fields["email"] != " a@b" || v.fields["empty"] != "" || v.fields["kind"] != "k" {
		t.Errorf("parseVector fields = %q", v.fields)
	}
	for _, bad := range []string{"novalue\n", "a: 1\na: 2\n", "a: \"unterminated\n"} {
		if _, err := parseVector("x", []byte(bad)); err == nil {
			t.Errorf("parseVector(%q) succeeded, want error", bad)
		}
	}
}
