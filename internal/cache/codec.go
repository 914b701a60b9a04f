package cache

import (
	"encoding/json"

	"github.com/fxamacker/cbor/v2"
)

// A row's plaintext is CBOR (RFC 8949) after a one-byte tag, or JSON.
// Decoding the JSON of 10,000 items was most of the time it took to open a
// vault; github.com/fxamacker/cbor decodes the same items about four times
// faster, and EncStrings go in their binary form instead of base64. Rows
// CBOR cannot hold (an RSA EncString has no binary form) stay JSON, as do
// the rows earlier versions wrote, and both are still read.
const cborTag = 0x01

var (
	cborEnc cbor.EncMode
	cborDec cbor.DecMode
)

func init() {
	var err error
	// Times keep every digit: revision dates are compared with the
	// server's.
	if cborEnc, err = (cbor.EncOptions{Time: cbor.TimeRFC3339Nano}).EncMode(); err != nil {
		panic(err)
	}
	if cborDec, err = (cbor.DecOptions{DupMapKey: cbor.DupMapKeyEnforcedAPF}).DecMode(); err != nil {
		panic(err)
	}
}

// encodeRow encodes a row's plaintext.
func encodeRow(v any) ([]byte, error) {
	if b, err := cborEnc.Marshal(v); err == nil {
		out := make([]byte, 1+len(b))
		out[0] = cborTag
		copy(out[1:], b)
		clear(b) // plaintext
		return out, nil
	}
	return json.Marshal(v)
}

// decodeRow decodes what encodeRow wrote, or a JSON row.
func decodeRow(b []byte, v any) error {
	if len(b) > 0 && b[0] == cborTag {
		return cborDec.Unmarshal(b[1:], v)
	}
	return json.Unmarshal(b, v)
}
