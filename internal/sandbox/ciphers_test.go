package sandbox

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

type cipherResp struct {
	ID           string
	Object       string
	Name         string
	FolderID     *string
	Favorite     bool
	RevisionDate string
	DeletedDate  *string
	Edit         bool
	Login        *struct{ Username, Password, URI string }
}

func TestCipherLifecycle(t *testing.T) {
	e := newEnv(t)
	a := e.register("items@example.com")
	b := e.register("other@example.com")

	rev0 := e.revision(a)
	var folder struct{ ID string }
	e.ok("POST", "/api/folders", a.token, map[string]string{"name": enc(t, a.userKey, "Work")}, &folder)

	body := loginCipher(t, a.userKey, "github", "alice", "s3cret")
	body["folderId"] = folder.ID
	var c cipherResp
	e.ok("POST", "/api/ciphers", a.token, body, &c)
	if c.Object != "cipherDetails" || c.FolderID == nil || *c.FolderID != folder.ID || !c.Edit || c.Login == nil {
		t.Fatalf("created = %+v", c)
	}
	if got, _ := decrypt(t, a, c.Login.Password); got != "s3cret" {
		t.Errorf("password decrypts to %q", got)
	}
	if c.Login.URI == "" {
		t.Errorf("login.uri not filled from uris[0]")
	}
	rev1 := e.revision(a)
	if rev1 <= rev0 {
		t.Errorf("revision date %d did not advance from %d", rev1, rev0)
	}
	revB := e.revision(b)

	// Reads.
	e.ok("GET", "/api/ciphers/"+c.ID, a.token, nil, nil)
	e.ok("GET", "/api/ciphers/"+c.ID+"/details", a.token, nil, nil)
	var lst struct{ Data []cipherResp }
	e.ok("GET", "/api/ciphers", a.token, nil, &lst)
	if len(lst.Data) != 1 {
		t.Fatalf("list = %d ciphers", len(lst.Data))
	}

	// Other accounts cannot see or touch it: 404, and nothing changes.
	e.fail(404, "GET", "/api/ciphers/"+c.ID, b.token, nil)
	e.fail(404, "PUT", "/api/ciphers/"+c.ID, b.token, loginCipher(t, b.userKey, "x", "y", "z"))
	e.fail(404, "DELETE", "/api/ciphers/"+c.ID, b.token, nil)
	e.fail(404, "PUT", "/api/ciphers/delete", b.token, map[string]any{"ids": []string{c.ID}})
	e.fail(404, "PUT", "/api/folders/"+folder.ID, b.token, map[string]string{"name": enc(t, b.userKey, "x")})
	e.fail(404, "GET", "/api/ciphers/not-a-uuid", a.token, nil)
	if e.revision(b) != revB {
		t.Errorf("other account's revision changed")
	}

	// Update with a stale lastKnownRevisionDate is refused.
	upd := loginCipher(t, a.userKey, "github", "alice", "n3w")
	upd["lastKnownRevisionDate"] = "2020-01-01T00:00:00.000Z"
	msg := e.fail(400, "PUT", "/api/ciphers/"+c.ID, a.token, upd)
	if !strings.Contains(msg, "out of date") {
		t.Errorf("stale update message = %q", msg)
	}
	e.clock.Advance(5 * time.Second)
	upd["lastKnownRevisionDate"] = c.RevisionDate
	var u cipherResp
	e.ok("PUT", "/api/ciphers/"+c.ID, a.token, upd, &u)
	if u.RevisionDate <= c.RevisionDate || u.FolderID != nil {
		t.Errorf("updated = %+v", u)
	}
	delete(upd, "lastKnownRevisionDate")
	e.ok("POST", "/api/ciphers/"+c.ID, a.token, upd, nil) // legacy alias

	// Partial: folder and favorite only.
	e.ok("PUT", "/api/ciphers/"+c.ID+"/partial", a.token, map[string]any{"folderId": folder.ID, "favorite": true}, &u)
	if !u.Favorite || u.FolderID == nil {
		t.Errorf("partial = %+v", u)
	}
	// Move to no folder.
	e.ok("PUT", "/api/ciphers/move", a.token, map[string]any{"ids": []string{c.ID}, "folderId": nil}, nil)
	e.ok("GET", "/api/ciphers/"+c.ID, a.token, nil, &u)
	if u.FolderID != nil || !u.Favorite {
		t.Errorf("after move = %+v", u)
	}
	// Deleting the folder leaves items folderless.
	e.ok("PUT", "/api/ciphers/"+c.ID+"/partial", a.token, map[string]any{"folderId": folder.ID, "favorite": true}, nil)
	e.ok("DELETE", "/api/folders/"+folder.ID, a.token, nil, nil)
	e.ok("GET", "/api/ciphers/"+c.ID, a.token, nil, &u)
	if u.FolderID != nil {
		t.Errorf("folder deleted but item still in it")
	}

	// Trash, restore, bulk.
	e.ok("PUT", "/api/ciphers/"+c.ID+"/delete", a.token, nil, nil)
	e.ok("GET", "/api/ciphers/"+c.ID, a.token, nil, &u)
	if u.DeletedDate == nil {
		t.Fatal("soft delete set no deletedDate")
	}
	e.ok("PUT", "/api/ciphers/"+c.ID+"/restore", a.token, nil, &u)
	if u.DeletedDate != nil {
		t.Fatal("restore kept deletedDate")
	}
	var c2 cipherResp
	e.ok("POST", "/api/ciphers", a.token, loginCipher(t, a.userKey, "second", "a", "b"), &c2)
	ids := map[string]any{"ids": []string{c.ID, c2.ID}}
	e.ok("PUT", "/api/ciphers/delete", a.token, ids, nil)
	var restored struct{ Data []cipherResp }
	e.ok("PUT", "/api/ciphers/restore", a.token, ids, &restored)
	if len(restored.Data) != 2 {
		t.Fatalf("bulk restore answered %d ciphers", len(restored.Data))
	}
	e.ok("POST", "/api/ciphers/"+c2.ID+"/delete", a.token, nil, nil)
	e.fail(404, "GET", "/api/ciphers/"+c2.ID, a.token, nil)
	e.ok("DELETE", "/api/ciphers", a.token, map[string]any{"ids": []string{c.ID}}, nil)
	if s := e.syncOf(a); len(s.Ciphers) != 0 {
		t.Fatalf("sync after deletes has %d ciphers", len(s.Ciphers))
	}
}

func decrypt(t *testing.T, a *account, s string) (string, error) {
	t.Helper()
	es, err := parseEnc(s)
	if err != nil {
		return "", err
	}
	return a.userKey.DecryptString(es)
}

func TestCipherTypes(t *testing.T) {
	e := newEnv(t)
	a := e.register("types@example.com")
	k := a.userKey
	bodies := map[string]map[string]any{
		"note":     {"type": 2, "name": enc(t, k, "n"), "secureNote": map[string]any{"type": 0}},
		"card":     {"type": 3, "name": enc(t, k, "c"), "card": map[string]any{"number": enc(t, k, "4111"), "expMonth": enc(t, k, "1")}},
		"identity": {"type": 4, "name": enc(t, k, "i"), "identity": map[string]any{"firstName": enc(t, k, "Ann")}},
		"ssh":      {"type": 5, "name": enc(t, k, "s"), "sshKey": map[string]any{"privateKey": enc(t, k, "p"), "publicKey": enc(t, k, "q"), "keyFingerprint": enc(t, k, "f")}},
		"pascal":   {"Type": 1, "Name": enc(t, k, "P"), "Login": map[string]any{"Username": enc(t, k, "u"), "PasswordRevisionDate": "2024-01-01T00:00:00Z"}},
	}
	for name, b := range bodies {
		var c map[string]any
		e.ok("POST", "/api/ciphers", a.token, b, &c)
		if name == "pascal" {
			login, _ := c["login"].(map[string]any)
			if login["username"] == nil || login["passwordRevisionDate"] != "2024-01-01T00:00:00Z" {
				t.Errorf("PascalCase login stored as %v", login)
			}
		}
	}
	e.fail(400, "POST", "/api/ciphers", a.token, map[string]any{"type": 9, "name": enc(t, k, "x")})
}

// TestCipherBadInput sends bodies that must be refused with 400 and the
// error envelope, without echoing values and without changing anything.
func TestCipherBadInput(t *testing.T) {
	e := newEnv(t)
	a := e.register("bad@example.com")
	var c cipherResp
	e.ok("POST", "/api/ciphers", a.token, loginCipher(t, a.userKey, "keep", "u", "p"), &c)
	before := e.snapshot(a)

	good := enc(t, a.userKey, "value")
	tampered := tamper(good)
	cases := []struct {
		name, method, path string
		body               any
		want               int
		field              string // the message must name it
	}{
		{"malformed JSON", "POST", "/api/ciphers", `{"type":1,`, 400, ""},
		{"not JSON", "POST", "/api/ciphers", `hello`, 400, ""},
		{"empty body", "POST", "/api/ciphers", ``, 400, ""},
		{"trailing data", "POST", "/api/ciphers", `{"type":1} {}`, 400, ""},
		{"type is a string", "POST", "/api/ciphers", map[string]any{"type": "login", "name": good}, 400, "type"},
		{"name is a number", "POST", "/api/ciphers", map[string]any{"type": 1, "name": 5}, 400, "name"},
		{"login is an array", "POST", "/api/ciphers", map[string]any{"type": 1, "name": good, "login": []any{}}, 400, "login"},
		{"no name", "POST", "/api/ciphers", map[string]any{"type": 1}, 400, "name"},
		{"tampered name", "POST", "/api/ciphers", map[string]any{"type": 1, "name": tampered}, 400, "name"},
		{"plaintext password", "POST", "/api/ciphers", map[string]any{"type": 1, "name": good, "login": map[string]any{"password": "hunter2"}}, 400, "login.password"},
		{"bad uri", "POST", "/api/ciphers", map[string]any{"type": 1, "name": good, "login": map[string]any{"uris": []any{map[string]any{"uri": "https://x"}}}}, 400, "login.uris[0].uri"},
		{"bad field", "POST", "/api/ciphers", map[string]any{"type": 1, "name": good, "fields": []any{map[string]any{"name": good, "value": "2.AAAA|BBBB|CCCC", "type": 0}}}, 400, "fields[0].value"},
		{"bad history", "POST", "/api/ciphers", map[string]any{"type": 1, "name": good, "passwordHistory": []any{map[string]any{"password": "old", "lastUsedDate": "2024-01-01T00:00:00Z"}}}, 400, "passwordHistory[0].password"},
		{"short mac", "POST", "/api/ciphers", map[string]any{"type": 1, "name": good[:len(good)-8] + "AAAA"}, 400, "name"},
		{"bad key", "POST", "/api/ciphers", map[string]any{"type": 1, "name": good, "key": "4.xyz"}, 400, "key"},
		{"bad notes type", "POST", "/api/ciphers", map[string]any{"type": 1, "name": good, "notes": true}, 400, "notes"},
		{"update tampered", "PUT", "/api/ciphers/" + c.ID, map[string]any{"type": 1, "name": good, "notes": tampered}, 400, "notes"},
		{"create wrapper without cipher", "POST", "/api/ciphers/create", map[string]any{"collectionIds": []string{}}, 400, "cipher"},
		{"folder of nobody", "POST", "/api/ciphers", map[string]any{"type": 1, "name": good, "folderId": newID()}, 400, "folder"},
		{"foreign encryptedFor", "POST", "/api/ciphers", map[string]any{"type": 1, "name": good, "encryptedFor": newID()}, 400, "encrypted"},
		{"unknown org", "POST", "/api/ciphers", map[string]any{"type": 1, "name": good, "organizationId": newID()}, 404, ""},
		{"import tampered", "POST", "/api/ciphers/import", map[string]any{"ciphers": []any{map[string]any{"type": 1, "name": good}, map[string]any{"type": 1, "name": tampered}}}, 400, "Cipher 1: name"},
		{"import bad relation", "POST", "/api/ciphers/import", map[string]any{"ciphers": []any{map[string]any{"type": 1, "name": good}}, "folders": []any{}, "folderRelationships": []any{map[string]int{"key": 0, "value": 3}}}, 400, "folder"},
		{"bulk ids wrong type", "PUT", "/api/ciphers/delete", map[string]any{"ids": "all"}, 400, "ids"},
		{"bulk ids missing", "PUT", "/api/ciphers/delete", map[string]any{}, 400, "ids"},
		{"folder tampered", "POST", "/api/folders", map[string]any{"name": tampered}, 400, "name"},
		{"oversized body", "POST", "/api/ciphers", bytes.Repeat([]byte(" "), maxBody+10), 413, ""},
		{"unknown route", "GET", "/api/nothing-here", nil, 404, ""},
		{"unknown method", "PATCH", "/api/sync", nil, 404, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, data := e.do(tc.method, tc.path, a.token, tc.body)
			if code != tc.want {
				t.Fatalf("%s %s = %d %s, want %d", tc.method, tc.path, code, data, tc.want)
			}
			msg := checkEnvelope(t, data)
			if tc.field != "" && !strings.Contains(msg, tc.field) {
				t.Errorf("message %q does not name %q", msg, tc.field)
			}
			for _, secret := range []string{tampered, "hunter2", "https://x"} {
				if strings.Contains(string(data), secret) {
					t.Errorf("error body echoes a value: %s", data)
				}
			}
		})
	}
	if after := e.snapshot(a); after != before {
		t.Errorf("refused requests changed stored data:\nbefore %s\nafter  %s", before, after)
	}
}

// snapshot is the account's sync with the volatile parts kept: any change
// to stored data shows up in it.
func (e *env) snapshot(a *account) string {
	e.t.Helper()
	_, body := e.do("GET", "/api/sync", a.token, nil)
	var n int64
	e.ok("GET", "/api/accounts/revision-date", a.token, nil, &n)
	return string(body) + "|" + itoa(int(n))
}

// tamper damages the IV of an EncString so that it no longer parses. (The
// server holds no keys, so a well-formed EncString with a wrong MAC is
// something only clients can detect.)
func tamper(s string) string {
	parts := strings.Split(s, "|")
	parts[1] = "!" + parts[1][1:]
	return strings.Join(parts, "|")
}

func TestImport(t *testing.T) {
	e := newEnv(t)
	a := e.register("import@example.com")
	k := a.userKey
	const n = 2000
	ciphers := make([]any, n)
	rels := []any{}
	for i := range ciphers {
		ciphers[i] = loginCipher(t, k, "item", "u", "p")
		if i%2 == 0 {
			rels = append(rels, map[string]int{"key": i, "value": i % 4 / 2})
		}
	}
	start := time.Now()
	e.ok("POST", "/api/ciphers/import", a.token, map[string]any{
		"ciphers":             ciphers,
		"folders":             []any{map[string]string{"name": enc(t, k, "A")}, map[string]string{"name": enc(t, k, "B")}},
		"folderRelationships": rels,
	}, nil)
	t.Logf("imported %d items in %v", n, time.Since(start))
	s := e.syncOf(a)
	inFolder := 0
	for _, c := range s.Ciphers {
		if c.FolderID != nil {
			inFolder++
		}
	}
	if len(s.Ciphers) != n || len(s.Folders) != 2 || inFolder != n/2 {
		t.Fatalf("after import: %d ciphers, %d folders, %d in a folder", len(s.Ciphers), len(s.Folders), inFolder)
	}
}

func TestFolders(t *testing.T) {
	e := newEnv(t)
	a := e.register("folders@example.com")
	var f struct{ ID, Name, Object string }
	e.ok("POST", "/api/folders", a.token, map[string]string{"name": enc(t, a.userKey, "One")}, &f)
	if f.Object != "folder" {
		t.Fatalf("folder = %+v", f)
	}
	name := enc(t, a.userKey, "Two")
	e.ok("PUT", "/api/folders/"+f.ID, a.token, map[string]string{"name": name}, &f)
	var got struct{ Name string }
	e.ok("GET", "/api/folders/"+f.ID, a.token, nil, &got)
	var lst struct{ Data []json.RawMessage }
	e.ok("GET", "/api/folders", a.token, nil, &lst)
	if got.Name != name || len(lst.Data) != 1 {
		t.Fatalf("folder after update = %+v, list %d", got, len(lst.Data))
	}
	e.ok("POST", "/api/folders/"+f.ID+"/delete", a.token, nil, nil)
	e.fail(404, "GET", "/api/folders/"+f.ID, a.token, nil)
}
