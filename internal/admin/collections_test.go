package admin_test

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/vaultdesk/vaultdesk/internal/accounts"
	"github.com/vaultdesk/vaultdesk/internal/admin"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

func TestTree(t *testing.T) {
	colls := []admin.Collection{
		{ID: "1", Name: "Network/Firewalls"},
		{ID: "2", Name: "network"},
		{ID: "3", Name: "Network"},
		{ID: "4", Name: "Servers/Hyper-V/Hosts"}, // neither parent exists
		{ID: "5", Name: "Backups"},
		{ID: "6", Damaged: true},
		{ID: "7", Name: "Network/Wi-Fi"},
	}
	var got []string
	admin.Walk(admin.Tree(colls), func(n *admin.Node, depth int) {
		id := "-"
		if n.Collection != nil {
			id = n.Collection.ID
		}
		got = append(got, strings.Repeat(" ", depth)+n.Name+"="+id)
	})
	want := []string{
		"(name not decryptable)=6",
		"Backups=5",
		"Network=3", // same letters: upper case first
		" Firewalls=1",
		" Wi-Fi=7",
		"network=2",
		"Servers=-",
		" Hyper-V=-",
		"  Hosts=4",
	}
	if !slices.Equal(got, want) {
		t.Errorf("tree:\n got %q\nwant %q", got, want)
	}
	// A duplicate path shows both collections.
	dup := admin.Tree([]admin.Collection{{ID: "a", Name: "X/Y"}, {ID: "b", Name: "X/Y"}})
	if len(dup) != 1 || len(dup[0].Children) != 2 || dup[0].Children[0].Collection.ID == dup[0].Children[1].Collection.ID {
		t.Errorf("duplicate paths: %+v", dup[0].Children)
	}
}

func TestLevels(t *testing.T) {
	wire := map[admin.Level][3]bool{ // readOnly, hidePasswords, manage
		admin.LevelView:                {true, false, false},
		admin.LevelViewExceptPasswords: {true, true, false},
		admin.LevelEdit:                {false, false, false},
		admin.LevelEditExceptPasswords: {false, true, false},
		admin.LevelManage:              {false, false, true},
	}
	names := map[string]bool{}
	for _, l := range admin.Levels {
		p, err := admin.ParseLevel(strings.ToUpper(l.String()))
		if err != nil || p != l {
			t.Errorf("ParseLevel(%q) = %v, %v", l.String(), p, err)
		}
		names[l.String()] = true
		s := l.Selection("id")
		if w := wire[l]; [3]bool{s.ReadOnly, s.HidePasswords, s.Manage} != w || admin.LevelOf(w[0], w[1], w[2]) != l {
			t.Errorf("%v on the wire = %+v, want %v", l, s, w)
		}
		var back admin.Level
		text, _ := l.MarshalText()
		if err := back.UnmarshalText(text); err != nil || back != l {
			t.Errorf("text round trip of %v = %v, %v", l, back, err)
		}
	}
	if len(names) != 5 || !names["view-except-passwords"] || !names["edit-except-passwords"] {
		t.Errorf("level names = %v", names)
	}
	if _, err := admin.ParseLevel("read"); !errors.Is(err, admin.ErrBadLevel) {
		t.Errorf("ParseLevel(read) = %v, want ErrBadLevel", err)
	}
}

func TestCleanCollectionName(t *testing.T) {
	for in, want := range map[string]string{" Network / Firewalls ": "Network/Firewalls", "A": "A"} {
		if got, err := admin.CleanCollectionName(in); err != nil || got != want {
			t.Errorf("CleanCollectionName(%q) = %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "  ", "Network/", "/Network", "A//B", "A/ /B"} {
		if _, err := admin.CleanCollectionName(in); !errors.Is(err, admin.ErrBadName) {
			t.Errorf("CleanCollectionName(%q) = %v, want ErrBadName", in, err)
		}
	}
}

// countingRT counts the requests that reach the network.
type countingRT struct {
	n    atomic.Int64
	next http.RoundTripper
}

func (c *countingRT) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.next.RoundTrip(r)
}

// counted runs f in an admin session whose client counts its requests,
// and returns how many it sent.
func counted(t *testing.T, m *accounts.Manager, f func(s *admin.Session) error) (int64, error) {
	t.Helper()
	var n int64
	err := m.Admin(t.Context(), "", func(v *vault.Vault, c *api.Client) error {
		old := c.HTTP
		next := old.Transport
		if next == nil {
			next = http.DefaultTransport
		}
		rt := &countingRT{next: next}
		c.HTTP = &http.Client{Transport: rt, Timeout: old.Timeout, CheckRedirect: old.CheckRedirect}
		defer func() { c.HTTP = old }()
		err := f(admin.NewSession(v, c))
		n = rt.n.Load()
		return err
	})
	return n, err
}

// collections reads an organization's collections back from the server.
func collections(t *testing.T, m *accounts.Manager, org string) []admin.Collection {
	t.Helper()
	var out []admin.Collection
	if err := adminDo(t, m, func(s *admin.Session) error {
		var err error
		out, err = s.Collections(t.Context(), org)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func byName(cs []admin.Collection, name string) *admin.Collection {
	for i := range cs {
		if cs[i].Name == name {
			return &cs[i]
		}
	}
	return nil
}

func levelOf(as []admin.Assignment, name string) admin.Level {
	for _, a := range as {
		if strings.EqualFold(a.Name, name) {
			return a.Level
		}
	}
	return 0
}

func TestCollectionsLifecycle(t *testing.T) {
	e := seeded(t)
	tech := e.login(t, demodata.TechEmail)
	ctx := t.Context()
	const org = "Business X"
	it := "it@businessx.example"

	// The seeded tree: nested names, access by member and group.
	cs := collections(t, tech, org)
	fw := byName(cs, "Network/Firewalls")
	nw := byName(cs, "Network")
	if fw == nil || nw == nil {
		t.Fatalf("seeded collections missing: %+v", cs)
	}
	if l := levelOf(nw.Members, it); l != admin.LevelView {
		t.Errorf("%s on Network = %v, want view", it, l)
	}
	if l := levelOf(nw.Groups, "Client IT"); l != admin.LevelView {
		t.Errorf("Client IT on Network = %v, want view", l)
	}
	var tree []*admin.Node
	adminDo(t, tech, func(s *admin.Session) (err error) { tree, err = s.CollectionTree(ctx, org); return err })
	found := false
	admin.Walk(tree, func(n *admin.Node, depth int) {
		if n.Path == "Network/Firewalls" {
			found = depth == 1 && n.Name == "Firewalls" && n.Collection != nil && n.Collection.ID == fw.ID
		}
	})
	if !found {
		t.Error("Network/Firewalls is not under Network in the tree")
	}

	// Create a parent, two children and a grandchild with access.
	err := adminDo(t, tech, func(s *admin.Session) error {
		if _, err := s.CreateCollection(ctx, org, "Life/Infra", []admin.Grant{
			{Member: strings.ToUpper(it), Level: admin.LevelEditExceptPasswords},
			{Group: "client it", Level: admin.LevelManage},
		}); err != nil {
			return err
		}
		for _, n := range []string{"Life/Infra/Switches", "Life/Infra/Switches/Core", "Life/Infra/Wi-Fi", "Life/Infrastructure"} {
			if _, err := s.CreateCollection(ctx, org, n, nil); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	cs = collections(t, tech, org)
	infra := byName(cs, "Life/Infra")
	if infra == nil || levelOf(infra.Members, it) != admin.LevelEditExceptPasswords || levelOf(infra.Groups, "Client IT") != admin.LevelManage ||
		len(infra.Members) != 1 || len(infra.Groups) != 1 {
		t.Fatalf("Life/Infra = %+v", infra)
	}
	// The vault decrypts the name vdesk encrypted.
	vcs, _ := vaultCollections(t, tech)
	if !slices.Contains(vcs, "Life/Infra/Switches/Core") {
		t.Errorf("the synced vault does not show the new collection: %v", vcs)
	}

	// Move the parent: its children follow, its access stays, a sibling
	// that only shares a prefix does not move.
	err = adminDo(t, tech, func(s *admin.Session) error {
		_, err := s.RenameCollection(ctx, org, "life/infra", "Life/Moved/Infra")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	cs = collections(t, tech, org)
	for _, n := range []string{"Life/Moved/Infra", "Life/Moved/Infra/Switches", "Life/Moved/Infra/Switches/Core", "Life/Moved/Infra/Wi-Fi", "Life/Infrastructure"} {
		if byName(cs, n) == nil {
			t.Errorf("after the move there is no %q", n)
		}
	}
	for _, n := range []string{"Life/Infra", "Life/Infra/Switches", "Life/Infra/Wi-Fi"} {
		if byName(cs, n) != nil {
			t.Errorf("after the move %q is still there", n)
		}
	}
	moved := byName(cs, "Life/Moved/Infra")
	if moved == nil || moved.ID != infra.ID || levelOf(moved.Members, it) != admin.LevelEditExceptPasswords || levelOf(moved.Groups, "Client IT") != admin.LevelManage {
		t.Errorf("moved collection = %+v, want the same id and access", moved)
	}

	// Moving onto an existing name is refused before any change.
	n, err := counted(t, tech, func(s *admin.Session) error {
		_, err := s.RenameCollection(ctx, org, "Life/Infrastructure", "Life/Moved/Infra")
		return err
	})
	if !errors.Is(err, admin.ErrNameTaken) || n != 1 {
		t.Errorf("rename onto an existing name = %v after %d requests, want ErrNameTaken after 1 (the list)", err, n)
	}

	// Delete: a parent with children needs withChildren.
	err = adminDo(t, tech, func(s *admin.Session) error {
		_, err := s.DeleteCollection(ctx, org, "Life/Moved/Infra", false)
		return err
	})
	if !errors.Is(err, admin.ErrHasChildren) || !strings.Contains(err.Error(), "Life/Moved/Infra/Switches/Core") {
		t.Errorf("delete of a parent = %v, want ErrHasChildren naming the children", err)
	}
	var deleted []string
	err = adminDo(t, tech, func(s *admin.Session) (err error) {
		deleted, err = s.DeleteCollection(ctx, org, "Life/Moved/Infra", true)
		return err
	})
	if err != nil || len(deleted) != 4 {
		t.Fatalf("delete with children = %v, %v", deleted, err)
	}
	cs = collections(t, tech, org)
	for _, c := range cs {
		if strings.HasPrefix(c.Name, "Life/Moved") {
			t.Errorf("%q survived the delete", c.Name)
		}
	}
	if byName(cs, "Life/Infrastructure") == nil || byName(cs, "Network/Firewalls") == nil {
		t.Error("the delete took other collections with it")
	}
}

func vaultCollections(t *testing.T, m *accounts.Manager) ([]string, error) {
	t.Helper()
	var names []string
	err := m.Admin(t.Context(), "", func(v *vault.Vault, _ *api.Client) error {
		cs, err := v.Collections()
		for _, c := range cs {
			names = append(names, c.Name)
		}
		return err
	})
	return names, err
}

// TestCollectionLevelsRoundTrip sets each level for a member and a group
// and reads it back from the server, and checks what the member's own
// vault then says.
func TestCollectionLevelsRoundTrip(t *testing.T) {
	e := seeded(t)
	tech := e.login(t, demodata.TechEmail)
	member := e.login(t, "it@businessy.example")
	ctx := t.Context()
	const org = "Business Y"
	if err := adminDo(t, tech, func(s *admin.Session) error {
		_, err := s.CreateCollection(ctx, org, "Levels", nil)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for _, l := range admin.Levels {
		err := adminDo(t, tech, func(s *admin.Session) error {
			_, err := s.SetCollectionAccess(ctx, org, "Levels", []admin.Grant{
				{Member: "it@businessy.example", Level: l},
				{Group: "MSP technicians", Level: l},
			})
			return err
		})
		if err != nil {
			t.Fatalf("set %v: %v", l, err)
		}
		c := byName(collections(t, tech, org), "Levels")
		if got := levelOf(c.Members, "it@businessy.example"); got != l {
			t.Errorf("member level read back = %v, want %v", got, l)
		}
		if got := levelOf(c.Groups, "MSP technicians"); got != l {
			t.Errorf("group level read back = %v, want %v", got, l)
		}
		if _, err := member.Sync(ctx, "", true); err != nil {
			t.Fatal(err)
		}
		member.Admin(ctx, "", func(v *vault.Vault, _ *api.Client) error {
			cs, _ := v.Collections()
			for _, vc := range cs {
				if vc.Name == "Levels" {
					if got := admin.LevelOf(vc.ReadOnly, vc.HidePasswords, vc.Manage); got != l {
						t.Errorf("the member's vault says %v, want %v", got, l)
					}
					return nil
				}
			}
			t.Errorf("the member does not see the collection at level %v", l)
			return nil
		})
	}
	// An empty access list removes everyone.
	adminDo(t, tech, func(s *admin.Session) error {
		_, err := s.SetCollectionAccess(ctx, org, "Levels", nil)
		return err
	})
	if c := byName(collections(t, tech, org), "Levels"); len(c.Members) != 0 || len(c.Groups) != 0 {
		t.Errorf("after removing all access: %+v", c)
	}
}

// TestCollectionRights checks that refused operations send nothing, and
// what a Custom member and a member with "can manage" may do.
func TestCollectionRights(t *testing.T) {
	e := seeded(t)
	tech := e.login(t, demodata.TechEmail)
	helpdesk := e.login(t, demodata.HelpdeskEmail)
	it := e.login(t, "it@businessz.example")
	ctx := t.Context()
	const org = "Business Z"

	refused := func(who string, m *accounts.Manager, what string, f func(s *admin.Session) error) {
		t.Helper()
		n, err := counted(t, m, f)
		if !errors.Is(err, admin.ErrNotAllowed) {
			t.Errorf("%s: %s = %v, want ErrNotAllowed", who, what, err)
		}
		if n != 0 {
			t.Errorf("%s: %s sent %d requests before refusing", who, what, n)
		}
	}

	// The Custom member may create and edit collections, not delete them.
	n, err := counted(t, helpdesk, func(s *admin.Session) error {
		_, err := s.CreateCollection(ctx, org, "Rights/Helpdesk", []admin.Grant{{Member: "it@businessz.example", Level: admin.LevelView}})
		return err
	})
	if err != nil || n == 0 {
		t.Fatalf("helpdesk create = %v (%d requests)", err, n)
	}
	helpdesk.Sync(ctx, "", true)
	if err := adminDo(t, helpdesk, func(s *admin.Session) error {
		_, err := s.RenameCollection(ctx, org, "Rights/Helpdesk", "Rights/Helpdesk 2")
		return err
	}); err != nil {
		t.Errorf("helpdesk rename: %v", err)
	}
	refused("helpdesk", helpdesk, "delete", func(s *admin.Session) error {
		_, err := s.DeleteCollection(ctx, org, "Rights/Helpdesk 2", false)
		return err
	})
	refused("helpdesk", helpdesk, "delete by id", func(s *admin.Session) error {
		_, err := s.DeleteCollection(ctx, org, byName(collections(t, tech, org), "Rights/Helpdesk 2").ID, false)
		return err
	})
	if byName(collections(t, tech, org), "Rights/Helpdesk 2") == nil {
		t.Error("the refused delete deleted the collection")
	}

	// A plain user creates nothing and edits only what it manages.
	refused("user", it, "create", func(s *admin.Session) error {
		_, err := s.CreateCollection(ctx, org, "Rights/User", nil)
		return err
	})
	refused("user", it, "edit a collection it can only edit items of", func(s *admin.Session) error {
		_, err := s.RenameCollection(ctx, org, "Servers", "Servers 2")
		return err
	})
	refused("user", it, "delete a collection it can only edit items of", func(s *admin.Session) error {
		_, err := s.DeleteCollection(ctx, org, "Servers", false)
		return err
	})
	refused("user", it, "delete an unknown collection", func(s *admin.Session) error {
		_, err := s.DeleteCollection(ctx, org, "No such", false)
		return err
	})

	// With "can manage" on a collection, the user may rename it, change
	// its access and delete it.
	if err := adminDo(t, tech, func(s *admin.Session) error {
		_, err := s.CreateCollection(ctx, org, "Rights/Managed", []admin.Grant{{Member: "it@businessz.example", Level: admin.LevelManage}})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	it.Sync(ctx, "", true)
	err = adminDo(t, it, func(s *admin.Session) error {
		cs, err := s.Collections(ctx, org)
		if err != nil {
			return err
		}
		c := byName(cs, "Rights/Managed")
		if c == nil || len(c.Members) != 1 || c.Members[0].Level != admin.LevelManage {
			t.Errorf("the manager's list = %+v", cs)
		}
		if _, err := s.RenameCollection(ctx, org, "Rights/Managed", "Rights/Managed 2"); err != nil {
			return err
		}
		_, err = s.DeleteCollection(ctx, org, c.ID, false)
		return err
	})
	if err != nil {
		t.Errorf("user with manage: %v", err)
	}
	if c := byName(collections(t, tech, org), "Rights/Managed 2"); c != nil {
		t.Error("the manager's delete did not delete")
	}
	tech.Sync(ctx, "", true)
	adminDo(t, tech, func(s *admin.Session) error {
		_, err := s.DeleteCollection(ctx, org, "Rights/Helpdesk 2", false)
		return err
	})
}

func TestCollectionBadInput(t *testing.T) {
	e := seeded(t)
	tech := e.login(t, demodata.TechEmail)
	ctx := t.Context()
	const org = "Business Z"
	cases := []struct {
		what string
		want error
		f    func(s *admin.Session) error
	}{
		{"empty name", admin.ErrBadName, func(s *admin.Session) error { _, err := s.CreateCollection(ctx, org, " ", nil); return err }},
		{"trailing slash", admin.ErrBadName, func(s *admin.Session) error { _, err := s.CreateCollection(ctx, org, "Bad/", nil); return err }},
		{"existing name", admin.ErrNameTaken, func(s *admin.Session) error { _, err := s.CreateCollection(ctx, org, "network", nil); return err }},
		{"unknown member", admin.ErrNotFound, func(s *admin.Session) error {
			_, err := s.CreateCollection(ctx, org, "Bad member", []admin.Grant{{Member: "nobody@nowhere.example", Level: admin.LevelView}})
			return err
		}},
		{"unknown group", admin.ErrNotFound, func(s *admin.Session) error {
			_, err := s.CreateCollection(ctx, org, "Bad group", []admin.Grant{{Group: "No such group", Level: admin.LevelView}})
			return err
		}},
		{"no level", admin.ErrBadLevel, func(s *admin.Session) error {
			_, err := s.CreateCollection(ctx, org, "Bad level", []admin.Grant{{Member: demodata.TechEmail}})
			return err
		}},
		{"unknown collection", admin.ErrNotFound, func(s *admin.Session) error { _, err := s.RenameCollection(ctx, org, "No such", "X"); return err }},
		{"rename to a trailing slash", admin.ErrBadName, func(s *admin.Session) error { _, err := s.RenameCollection(ctx, org, "CCTV", "CCTV/"); return err }},
		{"unknown org", admin.ErrNotFound, func(s *admin.Session) error { _, err := s.Collections(ctx, "Business Q"); return err }},
		{"delete unknown", admin.ErrNotFound, func(s *admin.Session) error { _, err := s.DeleteCollection(ctx, org, "No such", true); return err }},
	}
	for _, c := range cases {
		err := adminDo(t, tech, c.f)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.what, err, c.want)
			continue
		}
		if msg := err.Error(); strings.Contains(msg, "\n") || len(msg) > 300 {
			t.Errorf("%s: error %q is not one short line", c.what, msg)
		}
	}
	for _, n := range []string{"Bad member", "Bad group", "Bad level"} {
		if byName(collections(t, tech, org), n) != nil {
			t.Errorf("%q was created despite the error", n)
		}
	}
}
