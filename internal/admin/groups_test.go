package admin_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/vaultdesk/vaultdesk/internal/accounts"
	"github.com/vaultdesk/vaultdesk/internal/admin"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
)

func groups(t *testing.T, m *accounts.Manager, org string) []admin.Group {
	t.Helper()
	var out []admin.Group
	if err := adminDo(t, m, func(s *admin.Session) error {
		var err error
		out, err = s.Groups(t.Context(), org)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func groupNamed(gs []admin.Group, name string) *admin.Group {
	for i := range gs {
		if gs[i].Name == name {
			return &gs[i]
		}
	}
	return nil
}

func memberEmails(g *admin.Group) []string {
	var out []string
	for _, m := range g.Members {
		out = append(out, m.Name)
	}
	slices.Sort(out)
	return out
}

func TestGroupsLifecycle(t *testing.T) {
	e := seeded(t)
	tech := e.login(t, demodata.TechEmail)
	ctx := t.Context()
	const org = "Business Y"

	// The seeded groups, with members and access.
	gs := groups(t, tech, org)
	msp := groupNamed(gs, "MSP technicians")
	if msp == nil || !slices.Equal(memberEmails(msp), []string{demodata.HelpdeskEmail, demodata.Tech2Email}) {
		t.Fatalf("MSP technicians = %+v", msp)
	}
	if levelOf(msp.Collections, "Servers/Hyper-V") != admin.LevelEdit || len(msp.Collections) != 7 {
		t.Errorf("MSP technicians' collections = %+v", msp.Collections)
	}
	cit := groupNamed(gs, "Client IT")
	if cit == nil || levelOf(cit.Collections, "M365") != admin.LevelViewExceptPasswords || levelOf(cit.Collections, "Network") != admin.LevelView {
		t.Errorf("Client IT = %+v", cit)
	}

	// Create with members (by email, any case) and collection access (by
	// path and by id).
	var net string
	for _, c := range collections(t, tech, org) {
		if c.Name == "Network/Switches" {
			net = c.ID
		}
	}
	var created *admin.Group
	err := adminDo(t, tech, func(s *admin.Session) (err error) {
		created, err = s.CreateGroup(ctx, org, admin.GroupChange{
			Name:    "  Night shift ",
			Members: []string{"IT@businessy.example", demodata.Tech2Email},
			Collections: []admin.CollectionGrant{
				{Collection: "servers/hyper-v", Level: admin.LevelManage},
				{Collection: net, Level: admin.LevelViewExceptPasswords},
			},
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	g := groupNamed(groups(t, tech, org), "Night shift")
	if g == nil || g.ID != created.ID {
		t.Fatalf("created group not listed: %+v", created)
	}
	if !slices.Equal(memberEmails(g), []string{"it@businessy.example", demodata.Tech2Email}) ||
		levelOf(g.Collections, "Servers/Hyper-V") != admin.LevelManage || levelOf(g.Collections, "Network/Switches") != admin.LevelViewExceptPasswords {
		t.Errorf("created group read back = %+v", g)
	}
	// The collection's side shows the group too.
	if c := byName(collections(t, tech, org), "Servers/Hyper-V"); levelOf(c.Groups, "Night shift") != admin.LevelManage {
		t.Errorf("Servers/Hyper-V's groups = %+v", c.Groups)
	}

	// Edit the collections only: name and members stay.
	err = adminDo(t, tech, func(s *admin.Session) error {
		_, err := s.EditGroup(ctx, org, "night SHIFT", admin.GroupChange{SetCollections: true,
			Collections: []admin.CollectionGrant{{Collection: "M365", Level: admin.LevelEditExceptPasswords}}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	g = groupNamed(groups(t, tech, org), "Night shift")
	if len(g.Collections) != 1 || levelOf(g.Collections, "M365") != admin.LevelEditExceptPasswords || len(g.Members) != 2 {
		t.Errorf("after editing the collections: %+v", g)
	}
	// Rename and replace the members: the access stays.
	err = adminDo(t, tech, func(s *admin.Session) error {
		_, err := s.EditGroup(ctx, org, g.ID, admin.GroupChange{Name: "Day shift", SetMembers: true, Members: []string{demodata.HelpdeskEmail}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	gs = groups(t, tech, org)
	g = groupNamed(gs, "Day shift")
	if g == nil || groupNamed(gs, "Night shift") != nil || !slices.Equal(memberEmails(g), []string{demodata.HelpdeskEmail}) || len(g.Collections) != 1 {
		t.Errorf("after rename and new members: %+v", g)
	}

	if err := adminDo(t, tech, func(s *admin.Session) error { return s.DeleteGroup(ctx, org, "Day shift") }); err != nil {
		t.Fatal(err)
	}
	if groupNamed(groups(t, tech, org), "Day shift") != nil {
		t.Error("the group is still there after the delete")
	}
}

func TestGroupsRights(t *testing.T) {
	e := seeded(t)
	helpdesk := e.login(t, demodata.HelpdeskEmail)
	user := e.login(t, "it@businessx.example")
	ctx := t.Context()
	const org = "Business X"

	// The Custom member may see the groups (it administers collections)
	// but not change them.
	if gs := groups(t, helpdesk, org); groupNamed(gs, "Client IT") == nil {
		t.Errorf("helpdesk's groups = %+v", gs)
	}
	for what, f := range map[string]func(s *admin.Session) error{
		"create": func(s *admin.Session) error {
			_, err := s.CreateGroup(ctx, org, admin.GroupChange{Name: "Helpdesk's"})
			return err
		},
		"edit": func(s *admin.Session) error {
			_, err := s.EditGroup(ctx, org, "Client IT", admin.GroupChange{Name: "Renamed"})
			return err
		},
		"delete": func(s *admin.Session) error { return s.DeleteGroup(ctx, org, "Client IT") },
	} {
		n, err := counted(t, helpdesk, f)
		if !errors.Is(err, admin.ErrNotAllowed) || n != 0 {
			t.Errorf("helpdesk %s group = %v after %d requests, want ErrNotAllowed and none", what, err, n)
		}
	}
	n, err := counted(t, user, func(s *admin.Session) error { _, err := s.Groups(ctx, org); return err })
	if !errors.Is(err, admin.ErrNotAllowed) || n != 0 {
		t.Errorf("user lists groups = %v after %d requests, want ErrNotAllowed and none", err, n)
	}
	if g := groupNamed(groups(t, helpdesk, org), "Client IT"); g == nil || len(g.Members) != 2 {
		t.Errorf("Client IT changed: %+v", g)
	}
}

func TestGroupsBadInput(t *testing.T) {
	e := seeded(t)
	tech := e.login(t, demodata.TechEmail)
	ctx := t.Context()
	const org = "Business X"
	cases := []struct {
		what string
		want error
		ch   admin.GroupChange
	}{
		{"empty name", admin.ErrBadName, admin.GroupChange{Name: "  "}},
		{"long name", admin.ErrBadName, admin.GroupChange{Name: strings.Repeat("g", 101)}},
		{"taken name", admin.ErrNameTaken, admin.GroupChange{Name: "client it"}},
		{"unknown member", admin.ErrNotFound, admin.GroupChange{Name: "Bad 1", Members: []string{"nobody@nowhere.example"}}},
		{"unknown collection", admin.ErrNotFound, admin.GroupChange{Name: "Bad 2",
			Collections: []admin.CollectionGrant{{Collection: "No such", Level: admin.LevelView}}}},
		{"no level", admin.ErrBadLevel, admin.GroupChange{Name: "Bad 3", Collections: []admin.CollectionGrant{{Collection: "Network"}}}},
	}
	for _, c := range cases {
		err := adminDo(t, tech, func(s *admin.Session) error { _, err := s.CreateGroup(ctx, org, c.ch); return err })
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.what, err, c.want)
		}
	}
	err := adminDo(t, tech, func(s *admin.Session) error {
		_, err := s.EditGroup(ctx, org, "No such group", admin.GroupChange{Name: "X"})
		return err
	})
	if !errors.Is(err, admin.ErrNotFound) || !strings.Contains(err.Error(), "No such group") {
		t.Errorf("edit of an unknown group = %v", err)
	}
	gs := groups(t, tech, org)
	for _, n := range []string{"Bad 1", "Bad 2", "Bad 3"} {
		if groupNamed(gs, n) != nil {
			t.Errorf("%q was created despite the error", n)
		}
	}
}
