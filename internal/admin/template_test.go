package admin_test

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vaultdesk/vaultdesk/internal/accounts"
	"github.com/vaultdesk/vaultdesk/internal/admin"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

func TestTemplateParseErrors(t *testing.T) {
	tests := []struct {
		file string
		line int
		msg  string // the error after "file:line: "
	}{
		{"unknown-collection.yaml", 7, `group "Helpdesk": collection "Serverz" is not in the template`},
		{"unknown-key.yaml", 3, `template: unknown key "colections"`},
		{"unknown-group-key.yaml", 5, `group: unknown key "acess"`},
		{"bad-level.yaml", 8, `group "Helpdesk": "Servers": unknown access "read-write"`},
		{"bad-all.yaml", 5, `group "Technicians": all: unknown access "admin"`},
		{"duplicate-collection.yaml", 4, `collection "network": named twice (first at line 2)`},
		{"duplicate-group.yaml", 8, `group "helpdesk": named twice (first at line 4)`},
		{"empty-collection.yaml", 3, `collection: the name is empty`},
		{"empty-group-name.yaml", 4, `group: the name is empty`},
		{"no-group-name.yaml", 4, `group: it has no name`},
		{"duplicate-key.yaml", 6, `group: key "all" repeated (first at line 5)`},
		{"bad-yaml.yaml", 6, `not valid YAML`},
		{"duplicate-access.yaml", 7, `group "Helpdesk": collection "NETWORK" named twice`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", "templates", tt.file)
			_, err := admin.LoadTemplate(path)
			var te *admin.TemplateError
			if !errors.As(err, &te) {
				t.Fatalf("LoadTemplate(%s) = %v, want a *TemplateError", tt.file, err)
			}
			if te.Line != tt.line {
				t.Errorf("LoadTemplate(%s): error at line %d (%v), want line %d", tt.file, te.Line, err, tt.line)
			}
			prefix := path + ":"
			if !strings.HasPrefix(err.Error(), prefix) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("LoadTemplate(%s) = %q, want %q…%q", tt.file, err, prefix, tt.msg)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("LoadTemplate(%s) = %q: more than one line", tt.file, err)
			}
		})
	}
}

func TestTemplateParseExample(t *testing.T) {
	tpl, err := admin.LoadTemplate(filepath.Join("..", "..", "templates", "msp-standard.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	wantColls := []string{"Network", "Network/Firewalls", "Servers", "M365", "Line of business"}
	if !slices.Equal(tpl.Collections, wantColls) {
		t.Errorf("collections = %q, want %q", tpl.Collections, wantColls)
	}
	if len(tpl.Groups) != 2 {
		t.Fatalf("groups = %+v, want Technicians and Client IT", tpl.Groups)
	}
	tech, it := tpl.Groups[0], tpl.Groups[1]
	if tech.Name != "Technicians" || len(tech.Access) != len(wantColls) {
		t.Errorf("Technicians = %+v, want manage on all %d collections", tech, len(wantColls))
	}
	for _, a := range tech.Access {
		if a.Level != admin.LevelManage {
			t.Errorf("Technicians on %s = %s, want manage", a.Collection, a.Level)
		}
	}
	wantIT := []admin.TemplateAccess{{"Network", admin.LevelView}, {"M365", admin.LevelViewExceptPasswords}, {"Line of business", admin.LevelEdit}}
	if it.Name != "Client IT" || !slices.Equal(it.Access, wantIT) {
		t.Errorf("Client IT = %+v, want %+v", it, wantIT)
	}

	// "all" with an override.
	tpl, err = admin.ParseTemplate("t.yaml", []byte("collections: [A, B]\ngroups:\n  - name: G\n    all: view\n    access: {b: manage}\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []admin.TemplateAccess{{"A", admin.LevelView}, {"B", admin.LevelManage}}
	if !slices.Equal(tpl.Groups[0].Access, want) {
		t.Errorf("all+access = %+v, want %+v", tpl.Groups[0].Access, want)
	}
	for _, bad := range []string{"", "description: only\n", "[1, 2]\n"} {
		if _, err := admin.ParseTemplate("t.yaml", []byte(bad)); err == nil {
			t.Errorf("ParseTemplate(%q) = nil error, want one", bad)
		}
	}
}

// orgState is an organization as the server has it: collection names
// (decrypted) → id, groups by name with their access.
type orgState struct {
	colls  map[string]string
	ncolls int
	groups map[string]api.GroupDetails
	ngrps  int
}

func readOrg(t *testing.T, m *accounts.Manager, orgID string) orgState {
	t.Helper()
	st := orgState{colls: map[string]string{}, groups: map[string]api.GroupDetails{}}
	err := m.Admin(t.Context(), "", func(v *vault.Vault, c *api.Client) error {
		cs, err := c.ListCollections(t.Context(), orgID)
		if err != nil {
			return err
		}
		st.ncolls = len(cs)
		for _, col := range cs {
			b, err := v.Keyring().Decrypt(vault.OrgKey(orgID), col.Name)
			if err != nil {
				return err
			}
			st.colls[string(b)] = col.ID
		}
		gs, err := c.ListGroupDetails(t.Context(), orgID)
		if err != nil {
			return err
		}
		st.ngrps = len(gs)
		for _, g := range gs {
			st.groups[g.Name] = g
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func access(g api.GroupDetails, collID string) (api.AccessSelection, bool) {
	for _, a := range g.Collections {
		if a.ID == collID {
			return a, true
		}
	}
	return api.AccessSelection{}, false
}

func TestTemplateApplyTwice(t *testing.T) {
	e := seeded(t)
	m := e.login(t, demodata.TechEmail)
	tpl, err := admin.LoadTemplate(filepath.Join("..", "..", "templates", "msp-standard.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var created *admin.CreatedOrg
	err = adminDo(t, m, func(s *admin.Session) error {
		created, err = s.CreateOrg(t.Context(), admin.NewOrg{Name: "Template Twice Ltd", BillingEmail: "billing@twice.example", Template: tpl})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	r := created.Template
	if len(r.CollectionsCreated) != 5 || len(r.GroupsCreated) != 2 || len(r.CollectionsKept)+len(r.GroupsUpdated)+len(r.GroupsKept) != 0 {
		t.Errorf("first apply = %+v, want 5 collections and 2 groups created", r)
	}
	first := readOrg(t, m, created.ID)
	if first.ncolls != 6 || first.ngrps != 2 { // with General
		t.Fatalf("after the first apply: %d collections, %d groups; want 6 and 2", first.ncolls, first.ngrps)
	}
	for _, n := range append([]string{"General"}, tpl.Collections...) {
		if first.colls[n] == "" {
			t.Errorf("collection %q missing after apply", n)
		}
	}
	ci := first.groups["Client IT"]
	if a, ok := access(ci, first.colls["M365"]); !ok || !a.ReadOnly || !a.HidePasswords || a.Manage {
		t.Errorf("Client IT on M365 = %+v (%v), want view-except-passwords", a, ok)
	}
	if a, ok := access(ci, first.colls["Line of business"]); !ok || a.ReadOnly || a.HidePasswords {
		t.Errorf("Client IT on Line of business = %+v (%v), want edit", a, ok)
	}
	if _, ok := access(ci, first.colls["Servers"]); ok {
		t.Errorf("Client IT has access to Servers; the template gives none")
	}
	if a, ok := access(first.groups["Technicians"], first.colls["Network/Firewalls"]); !ok || !a.Manage {
		t.Errorf("Technicians on Network/Firewalls = %+v (%v), want manage", a, ok)
	}

	// Again, by name, on the synced vault: nothing new.
	var again *admin.ApplyResult
	err = adminDo(t, m, func(s *admin.Session) error {
		again, err = s.ApplyTemplate(t.Context(), "template twice ltd", tpl)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if again.Changed() || len(again.CollectionsKept) != 5 || len(again.GroupsKept) != 2 {
		t.Errorf("second apply = %+v, want everything kept", again)
	}
	second := readOrg(t, m, created.ID)
	if second.ncolls != first.ncolls || second.ngrps != first.ngrps {
		t.Errorf("second apply: %d collections, %d groups; want %d and %d", second.ncolls, second.ngrps, first.ncolls, first.ngrps)
	}
}

func TestTemplateApplyToDemoOrg(t *testing.T) {
	e := newSeeded(t) // changes Business Y
	m := e.login(t, demodata.TechEmail)
	org := e.m.Org("Business Y")
	// Business Y has Network, Servers, M365, Line of business but no
	// Network/Firewalls; its "Client IT" group has the template's access
	// already; it has no "Technicians" group but "MSP technicians".
	tpl, err := admin.LoadTemplate(filepath.Join("..", "..", "templates", "msp-standard.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	tpl.Groups[1].Access = append(tpl.Groups[1].Access, admin.TemplateAccess{Collection: "Servers", Level: admin.LevelEditExceptPasswords})
	before := readOrg(t, m, org.ID)

	var r *admin.ApplyResult
	err = adminDo(t, m, func(s *admin.Session) error {
		r, err = s.ApplyTemplate(t.Context(), org.ID, tpl)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(r.CollectionsCreated, []string{"Network/Firewalls"}) {
		t.Errorf("created collections %q, want only Network/Firewalls", r.CollectionsCreated)
	}
	if !slices.Equal(r.GroupsCreated, []string{"Technicians"}) || !slices.Equal(r.GroupsUpdated, []string{"Client IT"}) {
		t.Errorf("groups created %q updated %q, want Technicians created and Client IT updated", r.GroupsCreated, r.GroupsUpdated)
	}
	after := readOrg(t, m, org.ID)
	if after.ncolls != before.ncolls+1 || after.ngrps != before.ngrps+1 {
		t.Errorf("collections %d→%d, groups %d→%d; want one more of each", before.ncolls, after.ncolls, before.ngrps, after.ngrps)
	}
	ci := after.groups["Client IT"]
	if a, ok := access(ci, after.colls["Servers"]); !ok || a.ReadOnly || !a.HidePasswords {
		t.Errorf("Client IT on Servers = %+v (%v), want edit-except-passwords added", a, ok)
	}
	// What it had is kept, members too.
	for _, old := range before.groups["Client IT"].Collections {
		if a, ok := access(ci, old.ID); !ok || a != old {
			t.Errorf("Client IT's access %+v became %+v (%v)", old, a, ok)
		}
	}
	var users []string
	err = m.Admin(t.Context(), "", func(v *vault.Vault, c *api.Client) error {
		users, err = c.GroupUsers(t.Context(), org.ID, ci.ID)
		return err
	})
	if err != nil || len(users) != 2 {
		t.Errorf("Client IT members after apply = %v (%v), want its 2 members kept", users, err)
	}
	if g, ok := after.groups["MSP technicians"]; !ok || len(g.Collections) != len(before.groups["MSP technicians"].Collections) {
		t.Errorf("MSP technicians changed: %+v", g)
	}
}

func TestTemplateApplyRefused(t *testing.T) {
	e := seeded(t)
	// it@businessx.example is a User in Business X.
	m := e.login(t, "it@businessx.example")
	tpl, err := admin.ParseTemplate("t.yaml", []byte("collections: [Refused collection]\n"))
	if err != nil {
		t.Fatal(err)
	}
	err = adminDo(t, m, func(s *admin.Session) error {
		_, err := s.ApplyTemplate(t.Context(), "Business X", tpl)
		return err
	})
	if !errors.Is(err, admin.ErrNotAllowed) {
		t.Fatalf("apply as a User = %v, want ErrNotAllowed", err)
	}
}
