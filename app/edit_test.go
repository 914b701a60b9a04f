package app

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/vaultdesk/vaultdesk/internal/accounts"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/sandboxtest"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// editEnv is a seeded sandbox and a Core signed in to it as the demo
// technician, with the events the Core emitted.
type editEnv struct {
	sb  *sandboxtest.Env
	c   *Core
	s   *EditService
	acc accounts.Status

	mu     sync.Mutex
	events []string
}

func newEditEnv(t *testing.T) *editEnv {
	t.Helper()
	sb := sandboxtest.New(t, sandboxtest.Options{})
	e := &editEnv{sb: sb}
	e.c, e.acc = editCore(t, sb, demodata.TechEmail)
	e.c.Attach(func(name string, _ any) {
		e.mu.Lock()
		e.events = append(e.events, name)
		e.mu.Unlock()
	}, func(string) {})
	e.s = NewEditService(e.c)
	return e
}

// editCore opens a Core in a temporary data directory and signs email in
// to the sandbox.
func editCore(t *testing.T, sb *sandboxtest.Env, email string) (*Core, accounts.Status) {
	t.Helper()
	c, err := New(Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	st, err := c.mgr.Login(t.Context(), accounts.LoginRequest{Email: email, Server: sb.URL(), Password: []byte(demodata.TechPassword)})
	if err != nil {
		t.Fatalf("Login(%s): %v", email, err)
	}
	return c, st
}

// changedEvents counts the "vault:changed" events so far.
func (e *editEnv) changedEvents() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for _, name := range e.events {
		if name == "vault:changed" {
			n++
		}
	}
	return n
}

// item opens an item of the technician's vault as it is now.
func (e *editEnv) item(t *testing.T, id string) *vault.Item {
	t.Helper()
	v, err := e.c.mgr.Vault(t.Context(), e.acc.Email)
	if err != nil {
		t.Fatal(err)
	}
	it, err := v.Item(id)
	if err != nil {
		t.Fatalf("Item(%s): %v", id, err)
	}
	t.Cleanup(it.Clear)
	return it
}

// manifestItem finds a seeded live item that passes ok.
func (e *editEnv) manifestItem(t *testing.T, ok func(demodata.Item) bool) demodata.Item {
	t.Helper()
	for _, it := range e.sb.Manifest.Items {
		if !it.Deleted && ok(it) {
			return it
		}
	}
	t.Fatal("no seeded item fits")
	return demodata.Item{}
}

func editPtr[T any](v T) *T { return &v }

// typed is a HiddenValue the user typed.
func editTyped(s string) HiddenValue { return HiddenValue{Value: &s} }

func TestEditService(t *testing.T) {
	e := newEditEnv(t)
	s := e.s
	acct := e.acc.UserID
	bx := e.sb.Manifest.Org("Business X")

	t.Run("CreateEveryTypeAndReadBack", func(t *testing.T) {
		before := e.changedEvents()
		forms := []ItemForm{
			{Type: 1, Name: "Edge router (test)", Notes: "rack 2", Login: &LoginForm{
				Username: "admin", Password: editTyped("s3cret-pass"), TOTP: editTyped("JBSWY3DPEHPK3PXP"),
				URIs: []URIForm{{URI: "https://10.0.0.1", Match: editPtr(3)}, {URI: "  "}},
			}, Fields: []FieldForm{
				{Name: "Site", Type: 0, Value: "HQ"},
				{Name: "PIN", Type: 1, Hidden: editPtr(editTyped("4321"))},
				{Name: "Managed", Type: 2, Value: "true"},
				{Name: "User again", Type: 3, LinkedID: editPtr(100)},
			}},
			{Type: 2, Name: "Door codes (test)", Notes: "front 1234#"},
			{Type: 3, Name: "Company card (test)", Card: &CardForm{CardholderName: "Sam Rivera", Brand: "Visa",
				ExpMonth: "4", ExpYear: "2031", Number: editTyped("4111 1111 1111 1111"), Code: editTyped("123")}},
			{Type: 4, Name: "Office manager (test)", Identity: &IdentityForm{FirstName: "Ada", LastName: "Lovelace",
				Email: "ada@example.com", City: "London", SSN: editTyped("123-45-6789"), PassportNumber: editTyped("P1234567"),
				LicenseNumber: editTyped("L-998")}},
		}
		for _, f := range forms {
			got, err := s.Create(acct, f)
			if err != nil {
				t.Fatalf("Create(%s): %v", f.Name, err)
			}
			if got.ID == "" || got.Name != f.Name || got.RevisionDate == "" {
				t.Fatalf("Create(%s) = %+v, want the new item's id, name and revision", f.Name, got)
			}
			it := e.item(t, got.ID)
			if it.Name != f.Name || int(it.Type) != f.Type || it.OrgID != "" {
				t.Errorf("created %q: name %q, type %d, org %q", f.Name, it.Name, it.Type, it.OrgID)
			}
			switch f.Type {
			case 1:
				l := it.Login
				if l.Username != "admin" || l.Password.Reveal() != "s3cret-pass" || l.TOTP.Reveal() != "JBSWY3DPEHPK3PXP" {
					t.Errorf("login read back as %q / %v / %v", l.Username, l.Password.Len(), l.TOTP.Len())
				}
				if len(l.URIs) != 1 || l.URIs[0].URI != "https://10.0.0.1" || l.URIs[0].Match == nil || *l.URIs[0].Match != api.MatchExact {
					t.Errorf("URIs = %+v, want the one non-empty URI with exact match", l.URIs)
				}
				if it.Notes.Reveal() != "rack 2" || len(it.Fields) != 4 || it.Fields[1].Value.Reveal() != "4321" ||
					it.Fields[2].Value.Reveal() != "true" || it.Fields[3].LinkedID == nil || *it.Fields[3].LinkedID != api.LinkedLoginUsername {
					t.Errorf("notes and fields read back wrong: %d fields", len(it.Fields))
				}
			case 2:
				if it.Notes.Reveal() != "front 1234#" {
					t.Errorf("secure note read back wrong")
				}
			case 3:
				c := it.Card
				if c.Number.Reveal() != "4111 1111 1111 1111" || c.Code.Reveal() != "123" || c.Brand != "Visa" || c.ExpYear != "2031" {
					t.Errorf("card read back wrong: brand %q, year %q", c.Brand, c.ExpYear)
				}
			case 4:
				d := it.Identity
				if d.FirstName != "Ada" || d.City != "London" || d.SSN.Reveal() != "123-45-6789" ||
					d.PassportNumber.Reveal() != "P1234567" || d.LicenseNumber.Reveal() != "L-998" {
					t.Errorf("identity read back wrong: %q %q", d.FirstName, d.City)
				}
			}

			// The form of the new item holds no hidden value, only flags.
			form, err := s.Form(acct, got.ID)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(form)
			for _, secret := range []string{"s3cret-pass", "JBSWY3DPEHPK3PXP", "4321", "4111", "123-45-6789", "P1234567", "L-998"} {
				if strings.Contains(string(b), secret) {
					t.Errorf("Form(%s) JSON holds the hidden value %q", f.Name, secret)
				}
			}
			if form.RevisionDate != got.RevisionDate || form.ReadOnly {
				t.Errorf("Form(%s): revision %q (saved %q), read-only %v", f.Name, form.RevisionDate, got.RevisionDate, form.ReadOnly)
			}
			if f.Type == 1 && (!form.Login.Password.Set || form.Login.Password.Value != nil || form.Login.Password.Tag == "" ||
				!form.Fields[1].Hidden.Set || form.Fields[1].Hidden.Value != nil || form.Fields[0].Value != "HQ") {
				t.Errorf("Form(login) = %+v, want the password and PIN flagged set with no value", form.Login)
			}
			if f.Type == 3 && (!form.Card.Number.Set || form.Card.Number.Value != nil || form.Card.Brand != "Visa") {
				t.Errorf("Form(card) = %+v, want the number flagged set with no value", form.Card)
			}
		}
		if got := e.changedEvents() - before; got < len(forms) {
			t.Errorf("%d vault:changed events for %d creates", got, len(forms))
		}
	})

	t.Run("CreateInOrgNeedsCollections", func(t *testing.T) {
		f := ItemForm{Type: 1, Name: "Firewall X (test)", OrgID: bx.ID, Login: &LoginForm{Username: "fw", Password: editTyped("fw-pass")}}
		_, err := s.Create(acct, f)
		wantCode(t, "Create in an org without collections", err, CodeInvalid)

		net := bx.Collection("Network")
		f.CollectionIDs = []string{net.ID}
		got, err := s.Create(acct, f)
		if err != nil {
			t.Fatal(err)
		}
		it := e.item(t, got.ID)
		if it.OrgID != bx.ID || !slices.Equal(it.CollectionIDs, []string{net.ID}) || it.Login.Password.Reveal() != "fw-pass" {
			t.Errorf("created in org %q, collections %v; want %s, [%s]", it.OrgID, it.CollectionIDs, bx.ID, net.ID)
		}
	})

	t.Run("EditKeepsHiddenValuesAndRecordsHistory", func(t *testing.T) {
		created, err := s.Create(acct, ItemForm{Type: 1, Name: "NAS (test)", Login: &LoginForm{Username: "nas", Password: editTyped("first-pass")},
			Fields: []FieldForm{{Name: "PIN", Type: 1, Hidden: editPtr(editTyped("9999"))}}})
		if err != nil {
			t.Fatal(err)
		}
		form, err := s.Form(acct, created.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Unchanged hidden values are null; a text field goes in front of
		// the hidden one, which keeps its value through its index.
		form.Login.Username = "nas-admin"
		form.Fields = append([]FieldForm{{Name: "Rack", Type: 0, Value: "B3"}}, form.Fields...)
		saved, err := s.Save(acct, created.ID, form)
		if err != nil {
			t.Fatalf("Save: %v", err)
		}
		it := e.item(t, created.ID)
		if it.Login.Username != "nas-admin" || it.Login.Password.Reveal() != "first-pass" || len(it.PasswordHistory) != 0 {
			t.Errorf("after an edit with a null password: username %q, password kept %v, %d old passwords",
				it.Login.Username, it.Login.Password.Reveal() == "first-pass", len(it.PasswordHistory))
		}
		if len(it.Fields) != 2 || it.Fields[1].Name != "PIN" || it.Fields[1].Value.Reveal() != "9999" {
			t.Errorf("the hidden field left null lost its value")
		}
		if saved.RevisionDate == form.RevisionDate {
			t.Errorf("Save returned the old revision %s", saved.RevisionDate)
		}

		// Saving the old form again is an edit from a stale copy.
		_, err = s.Save(acct, created.ID, form)
		wantCode(t, "Save from the form of an older revision", err, CodeConflict)

		form, err = s.Form(acct, created.ID)
		if err != nil {
			t.Fatal(err)
		}
		form.Login.Password = editTyped("second-pass")
		if _, err := s.Save(acct, created.ID, form); err != nil {
			t.Fatalf("Save with a new password: %v", err)
		}
		it = e.item(t, created.ID)
		if it.Login.Password.Reveal() != "second-pass" {
			t.Errorf("the new password was not saved")
		}
		if len(it.PasswordHistory) != 1 || it.PasswordHistory[0].Password.Reveal() != "first-pass" {
			t.Errorf("password history has %d entries, want the old password", len(it.PasswordHistory))
		}
	})

	t.Run("ReadOnlyCollectionRefused", func(t *testing.T) {
		// The client's IT member sees Business X's Network collection
		// read-only.
		net := bx.Collection("Network")
		ro := e.manifestItem(t, func(it demodata.Item) bool {
			return it.OrgID == bx.ID && slices.Equal(it.CollectionIDs, []string{net.ID})
		})
		c2, st := editCore(t, e.sb, "it@businessx.example")
		s2 := NewEditService(c2)
		form, err := s2.Form(st.UserID, ro.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !form.ReadOnly || form.ReadOnlyReason != "Read-only in this collection" {
			t.Errorf("Form of a read-only item: read-only %v, reason %q", form.ReadOnly, form.ReadOnlyReason)
		}
		form.Name += " (changed)"
		_, err = s2.Save(st.UserID, ro.ID, form)
		wantCode(t, "Save of a read-only item", err, CodeNotAllowed)
		wantCode(t, "Trash of a read-only item", s2.Trash(st.UserID, ro.ID), CodeNotAllowed)

		targets, err := s2.Targets(st.UserID)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range targets.Orgs {
			for _, c := range o.Collections {
				if c.ID == net.ID {
					t.Errorf("Targets offers the read-only collection %s", c.Name)
				}
			}
		}
	})

	t.Run("ConflictShowsChangesAndReapplies", func(t *testing.T) {
		created, err := s.Create(acct, ItemForm{Type: 1, Name: "Switch (test)", Login: &LoginForm{Username: "sw", Password: editTyped("sw-pass")}})
		if err != nil {
			t.Fatal(err)
		}
		opened, err := s.Form(acct, created.ID)
		if err != nil {
			t.Fatal(err)
		}

		// A colleague's client edits the item behind the form's back.
		m2, err := accounts.Open(t.TempDir(), accounts.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer m2.Close()
		if _, err := m2.Login(t.Context(), accounts.LoginRequest{Email: demodata.TechEmail, Server: e.sb.URL(), Password: []byte(demodata.TechPassword)}); err != nil {
			t.Fatal(err)
		}
		err = m2.Edit(t.Context(), demodata.TechEmail, func(v *vault.Vault, c vault.CipherAPI) error {
			ei, err := v.EditItem(created.ID)
			if err != nil {
				return err
			}
			ei.Login.Username = "sw-theirs"
			ei.Login.Password = "their-pass"
			_, err = v.Update(t.Context(), c, created.ID, ei)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}

		mine := opened
		mine.Name = "Core switch (test)"
		mine.Notes = "my notes"
		keep, _ := json.Marshal(mine)
		_, err = s.Save(acct, created.ID, mine)
		wantCode(t, "Save after an edit behind the form's back", err, CodeConflict)
		if after, _ := json.Marshal(mine); string(after) != string(keep) {
			t.Errorf("Save changed the form it was given")
		}
		if it := e.item(t, created.ID); it.Name != "Switch (test)" {
			t.Errorf("a refused save changed the name to %q", it.Name)
		}

		changes, err := s.Changes(acct, created.ID, opened)
		if err != nil {
			t.Fatal(err)
		}
		var sawUser, sawPass bool
		for _, c := range changes {
			switch c.Field {
			case "Username":
				sawUser = c.Old == "sw" && c.New == "sw-theirs" && !c.Secret
			case "Password":
				sawPass = c.Secret && c.Old == "" && c.New == ""
			case "Name", "Notes":
				t.Errorf("Changes reports my own edit of %s as a server change", c.Field)
			}
		}
		if !sawUser || !sawPass || len(changes) != 2 {
			t.Errorf("Changes = %+v, want the username old and new and 'Password changed' without values", changes)
		}
		b, _ := json.Marshal(changes)
		if strings.Contains(string(b), "their-pass") || strings.Contains(string(b), "sw-pass") {
			t.Errorf("Changes holds a password: %s", b)
		}

		// "Apply my changes again": my edits on top of the new revision.
		fresh, err := s.Form(acct, created.ID)
		if err != nil {
			t.Fatal(err)
		}
		fresh.Name, fresh.Notes = mine.Name, mine.Notes
		if _, err := s.Save(acct, created.ID, fresh); err != nil {
			t.Fatalf("Save on top of the new revision: %v", err)
		}
		it := e.item(t, created.ID)
		if it.Name != "Core switch (test)" || it.Notes.Reveal() != "my notes" || it.Login.Username != "sw-theirs" || it.Login.Password.Reveal() != "their-pass" {
			t.Errorf("after re-applying: name %q, username %q; want my name and notes over their username and password", it.Name, it.Login.Username)
		}
	})

	t.Run("CloneCopiesHiddenValues", func(t *testing.T) {
		src := e.manifestItem(t, func(it demodata.Item) bool {
			return it.Owner == demodata.TechEmail && it.Type == api.CipherLogin && it.Password != "" &&
				slices.ContainsFunc(it.Fields, func(f demodata.Field) bool { return f.Type == api.FieldHidden })
		})
		form, err := s.Form(acct, src.ID)
		if err != nil {
			t.Fatal(err)
		}
		form.Name += vault.CloneSuffix
		form.Login.Username = "clone-user"
		got, err := s.Clone(acct, src.ID, form)
		if err != nil {
			t.Fatalf("Clone: %v", err)
		}
		if got.ID == src.ID {
			t.Fatal("Clone returned the source's id")
		}
		it := e.item(t, got.ID)
		if it.Name != src.Name+vault.CloneSuffix || it.Login.Username != "clone-user" || it.Login.Password.Reveal() != src.Password {
			t.Errorf("clone: name %q, username %q, password copied %v", it.Name, it.Login.Username, it.Login.Password.Reveal() == src.Password)
		}
		for i, f := range src.Fields {
			if i >= len(it.Fields) || it.Fields[i].Value.Reveal() != f.Value {
				t.Errorf("clone's custom field %q does not hold the source's value", f.Name)
			}
		}
		// The source is untouched.
		if s := e.item(t, src.ID); s.Login.Username != src.Username {
			t.Errorf("cloning changed the source's username to %q", s.Login.Username)
		}
	})

	t.Run("MoveTrashRestoreDelete", func(t *testing.T) {
		created, err := s.Create(acct, ItemForm{Type: 2, Name: "Move me (test)", Notes: "n"})
		if err != nil {
			t.Fatal(err)
		}
		wantCode(t, "MoveToOrg without collections", s.MoveToOrg(acct, created.ID, bx.ID, nil), CodeInvalid)
		servers := bx.Collection("Servers")
		if err := s.MoveToOrg(acct, created.ID, bx.ID, []string{servers.ID}); err != nil {
			t.Fatalf("MoveToOrg: %v", err)
		}
		if it := e.item(t, created.ID); it.OrgID != bx.ID || it.Notes.Reveal() != "n" {
			t.Errorf("after the move: org %q", it.OrgID)
		}
		m365 := bx.Collection("M365")
		if err := s.SetCollections(acct, created.ID, []string{servers.ID, m365.ID}); err != nil {
			t.Fatalf("SetCollections: %v", err)
		}
		if it := e.item(t, created.ID); !slices.Equal(editSorted(it.CollectionIDs), editSorted([]string{servers.ID, m365.ID})) {
			t.Errorf("collections = %v, want Servers and M365", it.CollectionIDs)
		}
		if err := s.Trash(acct, created.ID); err != nil {
			t.Fatal(err)
		}
		if it := e.item(t, created.ID); it.DeletedDate == nil {
			t.Error("Trash: the item is not in the trash")
		}
		form, err := s.Form(acct, created.ID)
		if err != nil || !form.ReadOnly {
			t.Errorf("Form of a trashed item: read-only %v, %v", form.ReadOnly, err)
		}
		if err := s.Restore(acct, created.ID); err != nil {
			t.Fatal(err)
		}
		if it := e.item(t, created.ID); it.DeletedDate != nil {
			t.Error("Restore: the item is still in the trash")
		}
		if err := s.DeletePermanently(acct, created.ID); err != nil {
			t.Fatal(err)
		}
		_, err = s.Form(acct, created.ID)
		wantCode(t, "Form of a deleted item", err, CodeNotFound)
	})

	t.Run("BulkSetCollectionsReportsEachItem", func(t *testing.T) {
		var items []BulkItem
		for _, it := range e.sb.Manifest.Items {
			if it.OrgID == bx.ID && !it.Deleted && len(items) < 2 {
				items = append(items, BulkItem{AccountID: acct, ID: it.ID})
			}
		}
		personal := e.manifestItem(t, func(it demodata.Item) bool { return it.Owner == demodata.TechEmail })
		items = append(items, BulkItem{AccountID: acct, ID: personal.ID}, BulkItem{AccountID: acct, ID: "no-such-item"})
		lob := bx.Collection("Line of business")
		before := e.changedEvents()
		res, err := s.BulkSetCollections(items, []string{lob.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(res) != 4 {
			t.Fatalf("%d results for 4 items", len(res))
		}
		for i, r := range res[:2] {
			if !r.Done || r.Error != nil || r.Name == "" {
				t.Errorf("result %d = %+v, want done with the item's name", i, r)
			}
			if it := e.item(t, r.ID); !slices.Equal(it.CollectionIDs, []string{lob.ID}) {
				t.Errorf("item %s collections = %v, want [%s]", r.ID, it.CollectionIDs, lob.ID)
			}
		}
		if r := res[2]; r.Done || r.Error == nil || r.Error.Code != CodeInvalid {
			t.Errorf("personal item: %+v, want not done with code invalid", r)
		}
		if r := res[3]; r.Done || r.Error == nil || r.Error.Code != CodeNotFound {
			t.Errorf("unknown item: %+v, want not done with code not-found", r)
		}
		if e.changedEvents() == before {
			t.Error("no vault:changed event after a bulk change")
		}
		_, err = s.BulkSetCollections(items, nil)
		wantCode(t, "BulkSetCollections with no collection", err, CodeInvalid)
	})

	t.Run("BulkMoveToFolder", func(t *testing.T) {
		var folder demodata.Folder
		for _, f := range e.sb.Manifest.Folders {
			if f.Owner == demodata.TechEmail {
				folder = f
				break
			}
		}
		a, err := s.Create(acct, ItemForm{Type: 2, Name: "Folder A (test)"})
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.Create(acct, ItemForm{Type: 2, Name: "Folder B (test)"})
		if err != nil {
			t.Fatal(err)
		}
		res, err := s.BulkMoveToFolder([]BulkItem{{acct, a.ID}, {acct, "no-such-item"}, {acct, b.ID}}, folder.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !res[0].Done || !res[2].Done || res[1].Done || res[1].Error == nil || res[1].Error.Code != CodeNotFound {
			t.Errorf("BulkMoveToFolder = %+v, want the two items done and the unknown one not found", res)
		}
		for _, id := range []string{a.ID, b.ID} {
			if it := e.item(t, id); it.FolderID != folder.ID {
				t.Errorf("item %s in folder %q, want %s", id, it.FolderID, folder.ID)
			}
		}
		res, err = s.BulkMoveToFolder([]BulkItem{{"other-account", a.ID}}, folder.ID)
		if err != nil || res[0].Done || res[0].Error == nil || res[0].Error.Code != CodeNotSignedIn {
			t.Errorf("BulkMoveToFolder of another account's item = %+v, %v; want not done, not-signed-in", res, err)
		}
	})

	t.Run("Targets", func(t *testing.T) {
		got, err := s.Targets(acct)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Folders) == 0 {
			t.Error("Targets has no folders")
		}
		i := slices.IndexFunc(got.Orgs, func(o OrgTarget) bool { return o.ID == bx.ID })
		if i < 0 {
			t.Fatalf("Targets.Orgs = %+v, want Business X", got.Orgs)
		}
		if n := len(got.Orgs[i].Collections); n != len(bx.Collections) {
			t.Errorf("Business X offers %d collections to its owner, want %d", n, len(bx.Collections))
		}
	})

	t.Run("SSHKeyIsReadOnly", func(t *testing.T) {
		k := e.manifestItem(t, func(it demodata.Item) bool { return it.Type == api.CipherSSHKey && it.Owner == demodata.TechEmail })
		form, err := s.Form(acct, k.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !form.ReadOnly || form.SSHKey == nil || form.SSHKey.PublicKey == "" || !form.SSHKey.HasPrivateKey {
			t.Fatalf("Form(ssh key) = read-only %v, key %+v", form.ReadOnly, form.SSHKey)
		}
		if b, _ := json.Marshal(form); strings.Contains(string(b), "PRIVATE KEY") {
			t.Error("the SSH key's form holds the private key")
		}
		_, err = s.Save(acct, k.ID, form)
		wantCode(t, "Save of an SSH key", err, CodeNotAllowed)
	})
}

func TestGenerate(t *testing.T) {
	s := &EditService{}
	d := s.GeneratorDefaults()
	pw, err := s.Generate(d.Password)
	if err != nil || len(pw) != d.Password.Length {
		t.Fatalf("Generate(default password) = %d characters, %v; want %d", len(pw), err, d.Password.Length)
	}
	pp, err := s.Generate(d.Passphrase)
	if err != nil || len(strings.Split(pp, d.Passphrase.Separator)) < d.Passphrase.Words {
		t.Fatalf("Generate(default passphrase) = %d words, %v", len(strings.Split(pp, "-")), err)
	}
	o := d.Password
	o.Length, o.AvoidAmbiguous, o.Symbols, o.MinSymbols = 40, true, false, 0
	pw, err = s.Generate(o)
	if err != nil || utf8.RuneCountInString(pw) != 40 || strings.ContainsAny(pw, "IOl01!@#$%^&*") {
		t.Errorf("Generate(40, no symbols, avoid ambiguous) = %d characters, %v, has an excluded character: %v",
			len(pw), err, strings.ContainsAny(pw, "IOl01!@#$%^&*"))
	}

	bad := map[string]func(*GeneratorOptions){
		"too short":        func(o *GeneratorOptions) { o.Length = 3 },
		"too long":         func(o *GeneratorOptions) { o.Length = 500 },
		"no sets":          func(o *GeneratorOptions) { *o = GeneratorOptions{Kind: "password", Length: 20} },
		"min digits":       func(o *GeneratorOptions) { o.MinDigits = 20 },
		"minimums too big": func(o *GeneratorOptions) { o.Length, o.MinDigits, o.MinSymbols = 6, 4, 4 },
		"one word":         func(o *GeneratorOptions) { *o = d.Passphrase; o.Words = 1 },
		"long separator":   func(o *GeneratorOptions) { *o = d.Passphrase; o.Separator = "-----" },
		"unknown kind":     func(o *GeneratorOptions) { o.Kind = "pin" },
	}
	for name, f := range bad {
		o := d.Password
		f(&o)
		got, err := s.Generate(o)
		var ue *UIError
		if !errors.As(err, &ue) || ue.Code != CodeInvalid || got != "" {
			t.Errorf("Generate(%s) = %q, %v; want no output and code invalid", name, got, err)
			continue
		}
		if strings.Contains(ue.Message, "invalid generator options") {
			t.Errorf("Generate(%s) message %q repeats the sentinel", name, ue.Message)
		}
	}
}

func TestApplyForm(t *testing.T) {
	base := &vault.EditItem{Type: api.CipherLogin, Name: "Old", OrganizationID: "org", CollectionIDs: []string{"c"},
		Login:  &vault.EditLogin{Username: "u", Password: "p", TOTP: "t"},
		Fields: []vault.EditField{{Name: "A", Type: api.FieldHidden, Value: "a"}, {Name: "B", Type: api.FieldHidden, Value: "b"}},
	}
	keep := *base
	tests := []struct {
		name string
		form ItemForm
		want func(*vault.EditItem) bool
		code string
	}{
		{"null keeps hidden values", ItemForm{Type: 1, Name: "New", Login: &LoginForm{Username: "u2"}},
			func(e *vault.EditItem) bool {
				return e.Login.Password == "p" && e.Login.TOTP == "t" && e.Login.Username == "u2"
			}, ""},
		{"empty string clears", ItemForm{Type: 1, Name: "N", Login: &LoginForm{Password: editTyped("")}},
			func(e *vault.EditItem) bool { return e.Login.Password == "" && e.Login.TOTP == "t" }, ""},
		{"hidden fields follow their index", ItemForm{Type: 1, Name: "N", Login: &LoginForm{}, Fields: []FieldForm{
			{Name: "B renamed", Type: 1, Hidden: &HiddenValue{}, Index: editPtr(1)}, {Name: "new", Type: 1}, {Name: "A", Type: 1, Index: editPtr(0)}}},
			func(e *vault.EditItem) bool {
				return e.Fields[0].Value == "b" && e.Fields[1].Value == "" && e.Fields[2].Value == "a"
			}, ""},
		{"index out of range is empty", ItemForm{Type: 1, Name: "N", Fields: []FieldForm{{Name: "X", Type: 1, Index: editPtr(7)}}},
			func(e *vault.EditItem) bool { return e.Fields[0].Value == "" }, ""},
		{"no name", ItemForm{Type: 1, Name: "  "}, nil, CodeInvalid},
		{"type change", ItemForm{Type: 2, Name: "N"}, nil, CodeInvalid},
		{"ssh key", ItemForm{Type: 5, Name: "N"}, nil, CodeNotAllowed},
		{"unknown type", ItemForm{Type: 42, Name: "N"}, nil, CodeInvalid},
		{"bad boolean", ItemForm{Type: 1, Name: "N", Fields: []FieldForm{{Name: "F", Type: 2, Value: "maybe"}}}, nil, CodeInvalid},
		{"linked without target", ItemForm{Type: 1, Name: "N", Fields: []FieldForm{{Name: "F", Type: 3}}}, nil, CodeInvalid},
		{"bad match", ItemForm{Type: 1, Name: "N", Login: &LoginForm{URIs: []URIForm{{URI: "x", Match: editPtr(9)}}}}, nil, CodeInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.form.apply(base)
			if tt.code != "" {
				wantCode(t, "apply", err, tt.code)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tt.want(got) {
				t.Errorf("apply = %+v %+v", got, got.Login)
			}
		})
	}
	if !reflect.DeepEqual(*base, keep) || base.Login.Password != "p" {
		t.Error("apply changed its base")
	}
}
