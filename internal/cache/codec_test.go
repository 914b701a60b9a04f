package cache

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
)

func TestRowCodec(t *testing.T) {
	uk, _ := testKeys(t)
	sync, _ := buildSync(t, uk, 20, "codec")

	// Items round-trip through CBOR exactly, times to the nanosecond.
	for i := range sync.Ciphers {
		b, err := encodeRow(&sync.Ciphers[i])
		if err != nil || b[0] != cborTag {
			t.Fatalf("encodeRow(cipher) = %.8x…, %v; want a CBOR row", b, err)
		}
		var got api.Cipher
		if err := decodeRow(b, &got); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, sync.Ciphers[i]) {
			t.Fatalf("cipher %d after CBOR = %+v\nwant %+v", i, got, sync.Ciphers[i])
		}
	}

	// An organization's key is RSA, which has no binary form: that row is
	// JSON, and reads back the same.
	org := &sync.Profile.Organizations[0]
	b, err := encodeRow(org)
	if err != nil || b[0] != '{' {
		t.Fatalf("encodeRow(org) = %.8x…, %v; want a JSON row", b, err)
	}
	var gotOrg api.ProfileOrganization
	if err := decodeRow(b, &gotOrg); err != nil || !reflect.DeepEqual(gotOrg, *org) {
		t.Fatalf("org after JSON = %+v, %v", gotOrg, err)
	}

	// Rows written as JSON by earlier versions still read.
	old, _ := json.Marshal(&sync.Ciphers[0])
	var got api.Cipher
	if err := decodeRow(old, &got); err != nil || !reflect.DeepEqual(got, sync.Ciphers[0]) {
		t.Fatalf("a JSON cipher row = %+v, %v", got, err)
	}
	if err := decodeRow([]byte{cborTag, 0xff, 0x00}, &got); err == nil {
		t.Error("a broken CBOR row decoded")
	}
}
