package vault_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/sandboxtest"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// editEnv is a seeded sandbox with a clock the test can move (the server
// refuses stale edits only when revisions differ by more than a second)
// and a count of requests.
type editEnv struct {
	url  string
	m    *demodata.Manifest
	reqs atomic.Int64

	mu  sync.Mutex
	off time.Duration
}

func (e *editEnv) now() time.Time { e.mu.Lock(); defer e.mu.Unlock(); return time.Now().Add(e.off) }
func (e *editEnv) tick()          { e.mu.Lock(); e.off += 3 * time.Second; e.mu.Unlock() }

func newEditEnv(t *testing.T) *editEnv {
	t.Helper()
	e := &editEnv{}
	env := sandboxtest.New(t, sandboxtest.Options{Now: e.now, Wrap: func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			e.reqs.Add(1)
			h.ServeHTTP(w, r)
		})
	}})
	e.url, e.m = env.URL(), env.Manifest
	return e
}

// session is a logged-in account that can sync and unlock again.
type session struct {
	c       *api.Client
	userKey *crypto.SymmetricKey
	ref     vault.AccountRef
	top     *testing.T // locks the vaults at its end, not a subtest's
}

func (e *editEnv) login(t *testing.T, email string) *session {
	t.Helper()
	a := e.m.Account(email)
	c, err := api.New(e.url, api.Options{})
	if err != nil {
		t.Fatal(err)
	}
	mk, err := crypto.DeriveMasterKey([]byte(a.Password), a.Email, a.KDF)
	if err != nil {
		t.Fatal(err)
	}
	lr, err := c.LoginPassword(t.Context(), a.Email, mk.ServerHash([]byte(a.Password)), nil)
	if err != nil {
		t.Fatal(err)
	}
	uk, err := mk.DecryptUserKey(*lr.UserKey())
	if err != nil {
		t.Fatal(err)
	}
	return &session{c: c, userKey: uk, ref: vault.AccountRef{ID: a.UserID, Email: a.Email, Server: e.url}, top: t}
}

// unlock syncs and unlocks: the way callers see their writes.
func (s *session) unlock(t *testing.T) *vault.Vault {
	t.Helper()
	sr, err := s.c.Sync(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	v, err := vault.Unlock(t.Context(), s.ref, s.userKey, sr)
	if err != nil {
		t.Fatal(err)
	}
	s.top.Cleanup(v.Lock)
	return v
}

// editOf reads an item back as the user would edit it: ItemJSON parsed.
func editOf(t *testing.T, v *vault.Vault, id string) *vault.EditItem {
	t.Helper()
	b, err := v.ItemJSON(id)
	if err != nil {
		t.Fatal(err)
	}
	e, err := vault.ParseItemJSON(b)
	if err != nil {
		t.Fatalf("ParseItemJSON(ItemJSON(%s)): %v\n%s", id, err, b)
	}
	return e
}

func sameEdit(t *testing.T, what string, got, want *vault.EditItem) {
	t.Helper()
	g, w := *got, *want
	g.CollectionIDs = slices.Sorted(slices.Values(g.CollectionIDs))
	w.CollectionIDs = slices.Sorted(slices.Values(w.CollectionIDs))
	if !reflect.DeepEqual(&g, &w) {
		gj, _ := json.Marshal(g)
		wj, _ := json.Marshal(w)
		t.Errorf("%s:\n got %s\nwant %s", what, gj, wj)
	}
}

func mustParse(t *testing.T, s string) *vault.EditItem {
	t.Helper()
	e, err := vault.ParseItemJSON([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestEditSandbox(t *testing.T) {
	env := newEditEnv(t)
	ctx := t.Context()
	tech := env.login(t, demodata.TechEmail)
	v := tech.unlock(t)

	bx := env.m.Org("Business X")
	coll := func(name string) string {
		for _, c := range bx.Collections {
			if c.Name == name {
				return c.ID
			}
		}
		t.Fatalf("no collection %s", name)
		return ""
	}
	folder := ""
	for _, f := range env.m.Folders {
		if f.Owner == demodata.TechEmail {
			folder = f.ID
			break
		}
	}

	inputs := map[string]string{
		"login": `{"type":1,"name":"Core router","notes":"rack 2","favorite":true,"folderId":"` + folder + `","reprompt":1,
			"login":{"username":"admin","password":"pw-1","totp":"otpauth://totp/R?secret=JBSWY3DPEHPK3PXP",
				"uris":[{"uri":"https://10.0.0.1","match":1},{"uri":"ssh://10.0.0.1","match":null},{"uri":"^https://r\\.example/","match":4}]},
			"fields":[{"name":"text","value":"plain","type":0},{"name":"enable","value":"en-secret","type":1},
				{"name":"flag","value":"true","type":2},{"name":"pw link","type":3,"linkedId":101},{"name":"user link","type":3,"linkedId":100}],
			"passwordHistory":[{"lastUsedDate":"2025-05-01T10:00:00.123Z","password":"pw-0"}]}`,
		"note": `{"type":2,"name":"Alarm codes","notes":"front: 1234\nback: 5678","secureNote":{"type":0}}`,
		"card": `{"type":3,"name":"Company Visa","card":{"cardholderName":"Sam Rivera","brand":"Visa","number":"4111111111111111",
			"expMonth":"12","expYear":"2030","code":"123"},"fields":[{"name":"num","type":3,"linkedId":305}]}`,
		"identity": `{"type":4,"name":"Sam","identity":{"title":"Mx","firstName":"Sam","middleName":"Q","lastName":"Rivera",
			"address1":"1 Main St","address2":"Unit 2","address3":"Floor 3","city":"Springfield","state":"IL","postalCode":"62701",
			"country":"US","company":"MSP","email":"sam@msp.example","phone":"+1 555 0100","ssn":"123-45-6789","username":"sam",
			"passportNumber":"X1234567","licenseNumber":"D123"},"fields":[{"name":"full","type":3,"linkedId":418}]}`,
		"org login": `{"type":1,"name":"Client firewall","organizationId":"` + bx.ID + `","collectionIds":["` + coll("Network") + `","` + coll("Servers") + `"],
			"login":{"username":"fw","password":"fw-pw","uris":[{"uri":"https://fw.businessx.example"}]}}`,
	}
	ids := map[string]string{}
	want := map[string]*vault.EditItem{}
	for name, in := range inputs {
		e := mustParse(t, in)
		before := *e
		c, err := v.Create(ctx, tech.c, e)
		if err != nil {
			t.Fatalf("Create %s: %v", name, err)
		}
		if c.Key == nil || c.ID == "" {
			t.Errorf("Create %s: no per-item key (%v) or id", name, c.Key)
		}
		if !reflect.DeepEqual(*e, before) {
			t.Errorf("Create %s changed its input", name)
		}
		ids[name], want[name] = c.ID, e
	}

	v = tech.unlock(t)
	t.Run("round trip", func(t *testing.T) {
		for name, id := range ids {
			sameEdit(t, name, editOf(t, v, id), want[name])
		}
		// Every URI has a checksum of its plaintext under the item key.
		sr, _ := tech.c.GetCipher(ctx, ids["login"])
		for _, u := range sr.Login.URIs {
			uri, err := v.Keyring().Decrypt(vault.ItemKey(sr.ID), *u.URI)
			if err != nil || u.URIChecksum == nil {
				t.Fatalf("uri: %v, checksum %v", err, u.URIChecksum)
			}
			sum, err := v.Keyring().Decrypt(vault.ItemKey(sr.ID), *u.URIChecksum)
			h := sha256.Sum256(uri)
			if err != nil || string(sum) != base64.StdEncoding.EncodeToString(h[:]) {
				t.Errorf("checksum of %s = %q, %v", uri, sum, err)
			}
		}
		// The JSON itself has bw's shape.
		b, _ := v.ItemJSON(ids["note"])
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		if m["object"] != "item" || m["id"] != ids["note"] || m["secureNote"] == nil || m["attachments"] == nil || m["login"] != nil {
			t.Errorf("note json = %s", b)
		}
		if _, ok := m["organizationId"]; ok {
			t.Errorf("null organizationId printed: %s", b)
		}
		if rd, _ := m["revisionDate"].(string); len(rd) != len("2006-01-02T15:04:05.000Z") {
			t.Errorf("revisionDate %q not cut to milliseconds", rd)
		}
	})

	stale := v // the copy everything below was made from
	t.Run("edit password", func(t *testing.T) {
		id := ids["login"]
		e, err := v.EditItem(id)
		if err != nil {
			t.Fatal(err)
		}
		e.Login.Password = "pw-2"
		e.Fields[1].Value = "en-secret-2"
		env.tick()
		if _, err := v.Update(ctx, tech.c, id, e); err != nil {
			t.Fatal(err)
		}
		v = tech.unlock(t)
		it, err := v.Item(id)
		if err != nil {
			t.Fatal(err)
		}
		defer it.Clear()
		var hist []string
		for _, h := range it.PasswordHistory {
			hist = append(hist, h.Password.Reveal())
		}
		if want := []string{"pw-1", "enable: en-secret", "pw-0"}; !slices.Equal(hist, want) {
			t.Errorf("history = %q, want %q", hist, want)
		}
		if it.Login.Password.Reveal() != "pw-2" || it.Login.PasswordRevisionDate == nil || time.Since(*it.Login.PasswordRevisionDate) > time.Hour {
			t.Errorf("password %q revised %v", it.Login.Password.Reveal(), it.Login.PasswordRevisionDate)
		}
		if !it.PasswordHistory[0].LastUsed.After(time.Now().Add(-time.Hour)) {
			t.Errorf("lastUsedDate = %v", it.PasswordHistory[0].LastUsed)
		}
		// Unchanged otherwise.
		got := editOf(t, v, id)
		got.PasswordHistory, got.Login.Password, got.Fields[1].Value = nil, "pw-1", "en-secret"
		w := *want["login"]
		w.PasswordHistory = nil
		sameEdit(t, "after edit", got, &w)
	})

	t.Run("history keeps 5", func(t *testing.T) {
		id := ids["org login"]
		for i := range 7 {
			e, err := v.EditItem(id)
			if err != nil {
				t.Fatal(err)
			}
			e.Login.Password = "next-" + string(rune('a'+i))
			env.tick()
			if _, err := v.Update(ctx, tech.c, id, e); err != nil {
				t.Fatal(err)
			}
			v = tech.unlock(t)
		}
		it, _ := v.Item(id)
		defer it.Clear()
		if len(it.PasswordHistory) != 5 || it.PasswordHistory[0].Password.Reveal() != "next-f" {
			t.Errorf("history has %d entries, newest %q", len(it.PasswordHistory), it.PasswordHistory[0].Password.Reveal())
		}
	})

	t.Run("conflict", func(t *testing.T) {
		id := ids["login"]
		e, err := stale.EditItem(id)
		if err != nil {
			t.Fatal(err)
		}
		e.Name = "from a stale copy"
		before := *e
		_, err = stale.Update(ctx, tech.c, id, e)
		var se *api.StatusError
		if !errors.Is(err, vault.ErrConflict) || !errors.As(err, &se) {
			t.Fatalf("stale Update: err = %v, want ErrConflict wrapping the api error", err)
		}
		if !reflect.DeepEqual(*e, before) {
			t.Error("Update changed its input")
		}
		v = tech.unlock(t)
		if s, _ := v.Summary(id); s.Name != "Core router" {
			t.Errorf("server item renamed to %q", s.Name)
		}
		// Re-applied on the fresh copy, it goes through.
		env.tick()
		if _, err := v.Update(ctx, tech.c, id, e); err != nil {
			t.Fatalf("re-applied: %v", err)
		}
		v = tech.unlock(t)
		if s, _ := v.Summary(id); s.Name != "from a stale copy" {
			t.Errorf("re-applied: name %q", s.Name)
		}
	})

	t.Run("share", func(t *testing.T) {
		cols := []string{coll("M365"), coll("Backups")}
		// One item with its own key, one seeded without.
		noKey := ""
		for _, it := range env.m.Items {
			if it.Owner == demodata.TechEmail && !it.ItemKey && !it.Deleted && it.Type == api.CipherLogin {
				noKey = it.ID
				break
			}
		}
		if noKey == "" {
			t.Fatal("no personal demo login without an item key")
		}
		for _, id := range []string{ids["card"], noKey} {
			before := editOf(t, v, id)
			env.tick()
			c, err := v.Share(ctx, tech.c, id, bx.ID, cols)
			if err != nil {
				t.Fatalf("Share: %v", err)
			}
			if c.OrganizationID != bx.ID || c.Key == nil {
				t.Errorf("shared: org %q key %v", c.OrganizationID, c.Key)
			}
			v = tech.unlock(t)
			after := editOf(t, v, id)
			if after.OrganizationID != bx.ID || !slices.Equal(slices.Sorted(slices.Values(after.CollectionIDs)), slices.Sorted(slices.Values(cols))) {
				t.Errorf("shared: org %q collections %q", after.OrganizationID, after.CollectionIDs)
			}
			before.OrganizationID, before.CollectionIDs = after.OrganizationID, after.CollectionIDs
			before.FolderID = after.FolderID
			sameEdit(t, "shared", after, before)
		}
	})

	t.Run("set collections", func(t *testing.T) {
		id := ids["card"]
		env.tick()
		c, err := v.SetCollections(ctx, tech.c, id, []string{coll("Servers")})
		if err != nil {
			t.Fatal(err)
		}
		if c == nil || !slices.Equal(c.CollectionIDs, []string{coll("Servers")}) {
			t.Errorf("SetCollections = %+v", c)
		}
		v = tech.unlock(t)
		if s, _ := v.Summary(id); !slices.Equal(s.CollectionIDs, []string{coll("Servers")}) {
			t.Errorf("collections after sync = %q", s.CollectionIDs)
		}
		if _, err := v.SetCollections(ctx, tech.c, ids["note"], []string{coll("Servers")}); !errors.Is(err, vault.ErrInvalidItem) {
			t.Errorf("personal item: err = %v", err)
		}
	})

	t.Run("move to folder", func(t *testing.T) {
		id := ids["note"]
		if err := v.MoveToFolder(ctx, tech.c, []string{id, ids["identity"]}, folder); err != nil {
			t.Fatal(err)
		}
		v = tech.unlock(t)
		if s, _ := v.Summary(id); s.FolderID != folder {
			t.Errorf("folder = %q, want %q", s.FolderID, folder)
		}
		if err := v.MoveToFolder(ctx, tech.c, []string{id}, ""); err != nil {
			t.Fatal(err)
		}
		v = tech.unlock(t)
		if s, _ := v.Summary(id); s.FolderID != "" {
			t.Errorf("folder = %q, want none", s.FolderID)
		}
	})

	t.Run("clone", func(t *testing.T) {
		c, err := v.Clone(ctx, tech.c, ids["identity"])
		if err != nil {
			t.Fatal(err)
		}
		v = tech.unlock(t)
		got, orig := editOf(t, v, c.ID), editOf(t, v, ids["identity"])
		orig.Name += vault.CloneSuffix
		sameEdit(t, "clone", got, orig)
	})

	t.Run("trash restore delete", func(t *testing.T) {
		id := ids["note"]
		if err := v.Trash(ctx, tech.c, id); err != nil {
			t.Fatal(err)
		}
		v = tech.unlock(t)
		if s, _ := v.Summary(id); !s.Deleted {
			t.Error("not in the trash")
		}
		if c, err := v.Restore(ctx, tech.c, id); err != nil || c.DeletedDate != nil {
			t.Fatalf("Restore = %v, %v", c, err)
		}
		v = tech.unlock(t)
		if s, _ := v.Summary(id); s.Deleted {
			t.Error("still in the trash")
		}
		if err := v.Delete(ctx, tech.c, id); err != nil {
			t.Fatal(err)
		}
		v = tech.unlock(t)
		if _, err := v.Summary(id); !errors.Is(err, vault.ErrNotFound) {
			t.Errorf("after Delete: %v", err)
		}
	})

	t.Run("read-only and hidden", func(t *testing.T) {
		it := env.login(t, "it@businessx.example")
		iv := it.unlock(t)
		var ro, hidden string
		for _, m := range env.m.Items {
			s, err := iv.Summary(m.ID)
			if err != nil || s.Deleted {
				continue
			}
			if !s.CanEdit && ro == "" {
				ro = m.ID
			}
			if !s.CanViewPassword && s.Type == api.CipherLogin && m.Password != "" && len(m.PasswordHistory) > 0 && hidden == "" {
				hidden = m.ID
			}
		}
		if ro == "" || hidden == "" {
			t.Fatalf("no read-only (%q) or hidden (%q) item for %s", ro, hidden, it.ref.Email)
		}
		e, err := iv.EditItem(ro)
		if err != nil {
			t.Fatal(err)
		}
		n := env.reqs.Load()
		if _, err := iv.Update(ctx, it.c, ro, e); !errors.Is(err, vault.ErrReadOnly) {
			t.Errorf("Update read-only: err = %v", err)
		}
		if err := iv.Trash(ctx, it.c, ro); !errors.Is(err, vault.ErrReadOnly) {
			t.Errorf("Trash read-only: err = %v", err)
		}
		if err := iv.Delete(ctx, it.c, ro); !errors.Is(err, vault.ErrReadOnly) {
			t.Errorf("Delete read-only: err = %v", err)
		}
		if _, err := iv.SetCollections(ctx, it.c, ro, nil); !errors.Is(err, vault.ErrReadOnly) {
			t.Errorf("SetCollections read-only: err = %v", err)
		}
		if got := env.reqs.Load(); got != n {
			t.Errorf("%d requests sent for read-only items", got-n)
		}

		b, err := iv.ItemJSON(hidden)
		if err != nil {
			t.Fatal(err)
		}
		var m struct {
			PasswordHistory json.RawMessage            `json:"passwordHistory"`
			Login           map[string]json.RawMessage `json:"login"`
			Fields          []map[string]json.RawMessage
		}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		if m.PasswordHistory != nil || string(m.Login["password"]) != "null" || string(m.Login["totp"]) != "null" || m.Login["username"] == nil {
			t.Errorf("hidden item json: %s", b)
		}
		for _, f := range m.Fields {
			if string(f["type"]) == "1" && string(f["value"]) != "null" {
				t.Errorf("hidden field printed: %s", b)
			}
		}
		if strings.Contains(string(b), env.m.Items[slices.IndexFunc(env.m.Items, func(x demodata.Item) bool { return x.ID == hidden })].Password) {
			t.Errorf("password in hidden item json")
		}
		if _, err := iv.Clone(ctx, it.c, hidden); !errors.Is(err, vault.ErrHiddenByAccess) {
			t.Errorf("Clone hidden: err = %v", err)
		}

		// Editing an item whose passwords are hidden keeps them.
		s, _ := iv.Summary(hidden)
		if !s.CanEdit {
			t.Skipf("hidden item %s is read-only too", hidden)
		}
		before := editOf(t, tech.unlock(t), hidden)
		e, err = iv.EditItem(hidden)
		if err != nil {
			t.Fatal(err)
		}
		if e.Login.Password != "" || e.PasswordHistory != nil {
			t.Fatalf("EditItem of a hidden item has secrets")
		}
		e.Notes = "edited without seeing the password"
		env.tick()
		if _, err := iv.Update(ctx, it.c, hidden, e); err != nil {
			t.Fatal(err)
		}
		after := editOf(t, tech.unlock(t), hidden)
		before.Notes = e.Notes
		sameEdit(t, "hidden edit", after, before)
	})
}
