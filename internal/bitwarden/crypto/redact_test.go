package crypto

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// TestRedaction checks that fmt (with any verb), log/slog and encoding/json
// never show key material.
func TestRedaction(t *testing.T) {
	priv, _ := rsaKeys(t)
	sym := GenerateSymmetricKey()
	mk := deriveMasterKey([]byte("pw"), []byte("salt"), KDFParams{Type: KDFPBKDF2, Iterations: 1})
	for _, tc := range []struct {
		name   string
		ptr    any // pointer to the key
		val    any // the key by value
		secret [][]byte
	}{
		{"SymmetricKey", sym, *sym, [][]byte{sym.enc[:], sym.mac[:]}},
		{"SymmetricKey", legacyKey(t), *legacyKey(t), [][]byte{legacyKey(t).enc[:]}},
		{"MasterKey", mk, *mk, [][]byte{mk.key[:]}},
		{"PrivateKey", priv, *priv, [][]byte{priv.k.D.Bytes(), priv.k.Primes[0].Bytes()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var secrets []string
			for _, s := range tc.secret {
				secrets = append(secrets, hex.EncodeToString(s), strings.ToUpper(hex.EncodeToString(s)),
					base64.StdEncoding.EncodeToString(s)[:16], strings.Trim(fmt.Sprint(s[:4]), "[]"))
			}
			secrets = append(secrets, priv.k.D.String()[:20])
			want := tc.name + "(REDACTED)"

			var outputs []string
			for _, v := range []any{tc.ptr, tc.val} {
				for _, verb := range []string{"%v", "%+v", "%s", "%d", "%x", "%X", "%q", "%08.3f", "%t"} {
					got := fmt.Sprintf(verb, v)
					if got != want {
						t.Errorf("Sprintf(%q, %T) = %q, want %q", verb, v, got, want)
					}
					outputs = append(outputs, got)
				}
				if got := fmt.Sprintf("%#v", v); got != "crypto."+want {
					t.Errorf("Sprintf(%%#v, %T) = %q, want %q", v, got, "crypto."+want)
				}
				outputs = append(outputs, fmt.Sprint(v), fmt.Sprintln(v), fmt.Sprintf("%v", []any{v}),
					fmt.Sprintf("%+v", struct{ Key any }{v}))

				var buf bytes.Buffer
				for _, h := range []slog.Handler{slog.NewTextHandler(&buf, nil), slog.NewJSONHandler(&buf, nil)} {
					l := slog.New(h)
					l.Info("key", "key", v)
					l.Info("group", slog.Group("g", slog.Any("key", v)))
					l.Info("struct", "s", struct{ Key any }{v})
				}
				if !strings.Contains(buf.String(), `REDACTED`) {
					t.Errorf("slog output has no REDACTED: %s", buf.String())
				}
				outputs = append(outputs, buf.String())

				j, err := json.Marshal(v)
				if err != nil {
					t.Errorf("json.Marshal(%T): %v", v, err)
				}
				outputs = append(outputs, string(j))
			}
			for _, out := range outputs {
				for _, s := range secrets {
					if strings.Contains(out, s) {
						t.Errorf("output %q contains key material %q", out, s)
					}
				}
			}
		})
	}
}
