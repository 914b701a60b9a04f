package sandbox

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

var (
	uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	dateRE = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$`)
)

// volatileKeys hold random values that are not ids, dates or EncStrings.
var volatileKeys = map[string]string{
	"access_token": "<jwt>", "refresh_token": "<token>", "securityStamp": "<stamp>", "publicKey": "<spki>",
}

// canonical masks volatile values (ids, dates, EncStrings, tokens) and
// re-encodes with sorted keys, so that only the shape is compared.
func canonical(t *testing.T, data []byte) []byte {
	t.Helper()
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, data)
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(mask(v, "")); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func mask(v any, key string) any {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			t[k] = mask(x, k)
		}
		return t
	case []any:
		for i := range t {
			t[i] = mask(t[i], key)
		}
		return t
	case string:
		if m, ok := volatileKeys[key]; ok {
			return m
		}
		switch {
		case uuidRE.MatchString(t):
			return "<id>"
		case dateRE.MatchString(t):
			return "<date>"
		}
		if e, err := crypto.ParseEncString(t); err == nil {
			return "<enc type " + itoa(int(e.Type())) + ">"
		}
	}
	return v
}

func checkGolden(t *testing.T, name string, data []byte) {
	t.Helper()
	got := canonical(t, data)
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s (go test -update rewrites it):\n%s", name, path, diffLines(string(want), string(got)))
	}
}

// diffLines shows the lines that differ, enough to find a shape change.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			b.WriteString("line " + itoa(i+1) + ":\n- " + wl + "\n+ " + gl + "\n")
		}
	}
	return b.String()
}

func TestGoldenShapes(t *testing.T) {
	e := newEnv(t)
	a := e.register("golden@example.com")

	code, token := e.form(a.loginForm())
	if code != 200 {
		t.Fatalf("login = %d", code)
	}
	checkGolden(t, "token", token)

	orgID, orgKey := e.createOrg(a, "Golden Org", 0)
	var folder struct{ ID string }
	e.ok("POST", "/api/folders", a.token, map[string]string{"name": enc(t, a.userKey, "Folder")}, &folder)
	personal := loginCipher(t, a.userKey, "personal", "me", "pw")
	personal["folderId"] = folder.ID
	personal["favorite"] = true
	code, cipher := e.do("POST", "/api/ciphers", a.token, personal)
	if code != 200 {
		t.Fatalf("create = %d %s", code, cipher)
	}
	checkGolden(t, "cipher", cipher)

	var colls struct{ Data []struct{ ID string } }
	e.ok("GET", "/api/organizations/"+orgID+"/collections", a.token, nil, &colls)
	note := map[string]any{"type": 2, "name": enc(t, orgKey, "note"), "notes": enc(t, orgKey, "text"),
		"secureNote": map[string]any{"type": 0}, "organizationId": orgID}
	e.ok("POST", "/api/ciphers/create", a.token, map[string]any{"cipher": note, "collectionIds": []string{colls.Data[0].ID}}, nil)
	e.ok("POST", "/api/accounts/key-management/user-key-id", a.token, map[string]string{"userKeyId": "key-1"}, nil)

	code, sync := e.do("GET", "/api/sync", a.token, nil)
	if code != 200 {
		t.Fatalf("sync = %d", code)
	}
	checkGolden(t, "sync", sync)
}
