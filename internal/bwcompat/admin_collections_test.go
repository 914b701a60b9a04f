package bwcompat

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
)

// bwSelection is an access entry of `bw get org-collection`.
type bwSelection struct {
	ID            string `json:"id"`
	ReadOnly      bool   `json:"readOnly"`
	HidePasswords bool   `json:"hidePasswords"`
	Manage        bool   `json:"manage"`
}

// bwLevel names the wire flags as vdesk's five levels.
func bwLevel(s bwSelection) string {
	switch {
	case s.Manage:
		return "manage"
	case s.ReadOnly && s.HidePasswords:
		return "view-except-passwords"
	case s.ReadOnly:
		return "view"
	case s.HidePasswords:
		return "edit-except-passwords"
	}
	return "edit"
}

func levelFor(sel []bwSelection, id string) string {
	for _, s := range sel {
		if strings.EqualFold(s.ID, id) {
			return bwLevel(s)
		}
	}
	return ""
}

// TestInteropCollections checks that collections, nesting and access made
// by vdesk are what the official CLI sees (names, the five levels, and
// which items a member gets), and that one made by bw is what vdesk lists.
func TestInteropCollections(t *testing.T) {
	t.Parallel()
	e := startSandbox(t)
	tech := e.m.Account(demodata.TechEmail)
	org := e.m.Org("Business X")
	const it = "it@businessx.example"
	var itID, clientIT, msp string
	for _, m := range org.Members {
		if m.Email == it {
			itID = m.ID
		}
	}
	for _, g := range org.Groups {
		switch g.Name {
		case "Client IT":
			clientIT = g.ID
		case "MSP technicians":
			msp = g.ID
		}
	}
	if itID == "" || clientIT == "" || msp == "" {
		t.Fatal("the manifest lacks the Business X member or groups")
	}

	v := newVdesk(t)
	v.session = strings.TrimSpace(v.run("", []string{"TEST_PW=" + tech.Password},
		"login", tech.Email, "--server", e.url, "--ca-file", e.certFile, "--passwordenv", "TEST_PW", "--raw"))
	create := func(path string, access string) string {
		t.Helper()
		args := []string{"collections", "create", path, "--org", org.ID, "--json"}
		if access != "" {
			args = append(args, "--access", access)
		}
		var c struct{ ID string }
		json.Unmarshal([]byte(v.run("", nil, args...)), &c)
		if c.ID == "" {
			t.Fatalf("vdesk collections create %s printed no id", path)
		}
		return c.ID
	}
	// All five levels across two collections, a nested one, and one the
	// member has no access to.
	parent := create("Interop/Parent", "member:"+it+"=view,group:MSP technicians=edit")
	child := create("Interop/Parent/Child", "member:"+it+"=view-except-passwords,group:Client IT=manage,group:"+msp+"=edit-except-passwords")
	hidden := create("Interop/Hidden", "")
	item := func(name, coll string) string {
		var out struct{ ID string }
		json.Unmarshal([]byte(v.run(`{"type":1,"name":"`+name+`","login":{"username":"u","password":"p"}}`, nil,
			"create", "item", "--org", org.ID, "--collections", coll)), &out)
		if out.ID == "" {
			t.Fatalf("vdesk create item %s printed no id", name)
		}
		return out.ID
	}
	visible, invisible := item("In the child (interop)", child), item("Hidden (interop)", hidden)
	// Move the parent: the child follows.
	v.run("", nil, "collections", "edit", "Interop/Parent", "--org", org.ID, "--name", "Interop/Moved")

	b := newBW(t, e.url, e.certFile)
	if err := b.login(tech.Email, tech.Password); err != nil {
		t.Fatal(err)
	}
	var colls []struct{ ID, Name string }
	b.json(&colls, "list", "org-collections", "--organizationid", org.ID)
	names := map[string]string{}
	for _, c := range colls {
		names[c.ID] = c.Name
	}
	for id, want := range map[string]string{parent: "Interop/Moved", child: "Interop/Moved/Child", hidden: "Interop/Hidden"} {
		if names[id] != want {
			t.Errorf("bw list org-collections names %s %q, want %q", id, names[id], want)
		}
	}
	for _, n := range names {
		if n == "Interop/Parent" {
			t.Error("bw still lists Interop/Parent after the move")
		}
	}

	for _, c := range []struct {
		id     string
		users  map[string]string
		groups map[string]string
	}{
		{parent, map[string]string{itID: "view"}, map[string]string{msp: "edit"}},
		{child, map[string]string{itID: "view-except-passwords"}, map[string]string{clientIT: "manage", msp: "edit-except-passwords"}},
	} {
		var got struct {
			Name   string        `json:"name"`
			Users  []bwSelection `json:"users"`
			Groups []bwSelection `json:"groups"`
		}
		b.json(&got, "get", "org-collection", c.id, "--organizationid", org.ID)
		if len(got.Users) != len(c.users) || len(got.Groups) != len(c.groups) {
			t.Errorf("bw get org-collection %s: users %+v, groups %+v; want %v and %v", got.Name, got.Users, got.Groups, c.users, c.groups)
		}
		for id, want := range c.users {
			if l := levelFor(got.Users, id); l != want {
				t.Errorf("bw sees %s's member access as %q, want %q", got.Name, l, want)
			}
		}
		for id, want := range c.groups {
			if l := levelFor(got.Groups, id); l != want {
				t.Errorf("bw sees %s's group %s access as %q, want %q", got.Name, id, l, want)
			}
		}
	}

	// Made by bw, read by vdesk.
	req := map[string]any{"organizationId": org.ID, "name": "Interop/From bw", "externalId": nil,
		"users":  []bwSelection{{ID: itID, ReadOnly: true, HidePasswords: true}},
		"groups": []bwSelection{{ID: clientIT, Manage: true}, {ID: msp, HidePasswords: true}}}
	var made struct{ ID string }
	b.json(&made, "create", "org-collection", encodeItem(t, req), "--organizationid", org.ID)
	var vcolls []struct {
		ID, Name string
		Members  []struct{ ID, Name, Level string }
		Groups   []struct{ ID, Name, Level string }
	}
	json.Unmarshal([]byte(v.run("", nil, "collections", "list", "--org", org.ID, "--json")), &vcolls)
	found := false
	for _, c := range vcolls {
		if c.ID != made.ID {
			continue
		}
		found = true
		levels := map[string]string{}
		for _, a := range append(c.Members, c.Groups...) {
			levels[a.Name] = a.Level
		}
		want := map[string]string{it: "view-except-passwords", "Client IT": "manage", "MSP technicians": "edit-except-passwords"}
		if c.Name != "Interop/From bw" || len(levels) != len(want) {
			t.Errorf("vdesk lists bw's collection as %+v", c)
		}
		for n, l := range want {
			if levels[n] != l {
				t.Errorf("vdesk sees %s on bw's collection as %q, want %q", n, levels[n], l)
			}
		}
	}
	if !found {
		t.Errorf("vdesk collections list does not have bw's collection %s", made.ID)
	}

	// The member's own bw sees the item of the collection it has access to,
	// and not the other.
	itAcct := e.m.Account(it)
	mb := newBW(t, e.url, e.certFile)
	if err := mb.login(itAcct.Email, itAcct.Password); err != nil {
		t.Fatal(err)
	}
	var items []struct {
		ID            string   `json:"id"`
		CollectionIDs []string `json:"collectionIds"`
	}
	mb.json(&items, "list", "items", "--organizationid", org.ID)
	var ids []string
	for _, i := range items {
		ids = append(ids, i.ID)
	}
	if !slices.Contains(ids, visible) || slices.Contains(ids, invisible) {
		t.Errorf("the member's bw lists %d items: has the child's item %v (want true), the hidden one %v (want false)",
			len(ids), slices.Contains(ids, visible), slices.Contains(ids, invisible))
	}
}
