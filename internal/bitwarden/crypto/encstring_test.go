package crypto

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func b64s(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

func TestParseFormatRoundTrip(t *testing.T) {
	iv, ct, mac := b64s(bytes.Repeat([]byte{1}, 16)), b64s(bytes.Repeat([]byte{2}, 32)), b64s(bytes.Repeat([]byte{3}, 32))
	rsaCT := b64s(bytes.Repeat([]byte{4}, 256))
	for _, tc := range []struct {
		in   string
		typ  EncType
		want string // String() if different from in
	}{
		{in: "0." + iv + "|" + ct, typ: EncAesCbc256},
		{in: iv + "|" + ct, typ: EncAesCbc256, want: "0." + iv + "|" + ct}, // headerless
		{in: "2." + iv + "|" + ct + "|" + mac, typ: EncAesCbc256HmacSha256},
		{in: "3." + rsaCT, typ: EncRsa2048OaepSha256},
		{in: "4." + rsaCT, typ: EncRsa2048OaepSha1},
		{in: "4." + b64s(bytes.Repeat([]byte{5}, 512)), typ: EncRsa2048OaepSha1},
		{in: "5." + rsaCT + "|" + mac, typ: EncRsa2048OaepSha256HmacSha256},
		{in: "6." + rsaCT + "|" + mac, typ: EncRsa2048OaepSha1HmacSha256},
	} {
		e, err := ParseEncString(tc.in)
		if err != nil {
			t.Errorf("ParseEncString(%.20q…): %v", tc.in, err)
			continue
		}
		if e.Type() != tc.typ {
			t.Errorf("ParseEncString(%.20q…).Type() = %v, want %v", tc.in, e.Type(), tc.typ)
		}
		want := tc.want
		if want == "" {
			want = tc.in
		}
		if got := e.String(); got != want {
			t.Errorf("ParseEncString(%.20q…).String() = %.20q…, want %.20q…", tc.in, got, want)
		}
		if e2 := mustParse(t, e.String()); !reflect.DeepEqual(e, e2) {
			t.Errorf("ParseEncString(String()) differs for %v", tc.typ)
		}
	}
}

func TestEncStringJSON(t *testing.T) {
	type wire struct {
		Key      EncString  `json:"key"`
		Notes    *EncString `json:"notes"`
		Password EncString  `json:"password,omitzero"`
	}
	v6s := vectorByName(t, "v06s-encstring").str(t, "expect")
	in := `{"key":"` + v6s + `","notes":null}`
	var w wire
	if err := json.Unmarshal([]byte(in), &w); err != nil {
		t.Fatal(err)
	}
	if w.Key.String() != v6s || w.Notes != nil || !w.Password.IsZero() {
		t.Errorf("json.Unmarshal(%s) = %+v", in, w)
	}
	out, err := json.Marshal(w)
	if err != nil || string(out) != in {
		t.Errorf("json.Marshal = %s, %v, want %s", out, err, in)
	}
	if err := json.Unmarshal([]byte(`{"key":"2.bad"}`), &w); !errors.Is(err, ErrMalformed) {
		t.Errorf("json.Unmarshal of a bad EncString: error = %v, want ErrMalformed", err)
	}
	if _, err := json.Marshal(struct{ K EncString }{}); !errors.Is(err, ErrMalformed) {
		t.Errorf("json.Marshal of a zero EncString: error = %v, want ErrMalformed", err)
	}
	if s := (EncString{}).String(); s != "" {
		t.Errorf("EncString{}.String() = %q, want \"\"", s)
	}
}

func TestBinaryRoundTrip(t *testing.T) {
	k := seqKey(t)
	e, _ := k.EncryptString("attachment body")
	b, err := e.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if b[0] != 2 || len(b) != 1+16+32+16 || !bytes.Equal(b[1:17], e.iv[:]) || !bytes.Equal(b[17:49], e.mac[:]) {
		t.Errorf("MarshalBinary layout wrong: % x", b)
	}
	var e2 EncString
	if err := e2.UnmarshalBinary(b); err != nil || !reflect.DeepEqual(e, e2) {
		t.Errorf("UnmarshalBinary(MarshalBinary(e)) = %v, %v, want e", e2, err)
	}
	b[len(b)-1] ^= 1 // the parsed copy must not alias b
	if !reflect.DeepEqual(e, e2) {
		t.Error("ParseEncStringBinary kept a reference to its input")
	}

	legacy := legacyEncrypt(t, legacyKey(t), [16]byte{9}, []byte("old"))
	b, err = legacy.MarshalBinary()
	if err != nil || b[0] != 0 || len(b) != 1+16+16 {
		t.Errorf("type 0 MarshalBinary = % x, %v", b, err)
	}
	if e2 := mustParseBinary(t, legacy); !reflect.DeepEqual(legacy, e2) {
		t.Error("type 0 binary round trip differs")
	}

	rsaE := mustParse(t, "4."+b64s(make([]byte, 256)))
	if _, err := rsaE.MarshalBinary(); !errors.Is(err, ErrUnknownType) {
		t.Errorf("type 4 MarshalBinary error = %v, want ErrUnknownType", err)
	}
}

func TestEncTypeString(t *testing.T) {
	if got := EncRsa2048OaepSha1.String(); got != "type 4" {
		t.Errorf("EncRsa2048OaepSha1.String() = %q", got)
	}
	if !strings.Contains(KDFArgon2id.String(), "Argon2id") || KDFType(7).String() != "KDFType(7)" {
		t.Errorf("KDFType.String() wrong: %v, %v", KDFArgon2id, KDFType(7))
	}
}
