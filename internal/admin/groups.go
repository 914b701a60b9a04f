package admin

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// Group is a group of members with access to collections. Its name is
// plain text on the server (§4.11).
type Group struct {
	ID         string `json:"id"`
	OrgID      string `json:"organizationId"`
	Name       string `json:"name"`
	ExternalID string `json:"externalId,omitempty"`
	// Members are the group's members: ID is the membership id, Name the
	// email.
	Members []Assignment `json:"members"`
	// Collections are the group's collections: ID is the collection id,
	// Name its path.
	Collections []Assignment `json:"collections"`
}

// CollectionGrant gives a level of access to a collection, by id or path.
type CollectionGrant struct {
	Collection string
	Level      Level
}

func (g CollectionGrant) String() string { return g.Collection + "=" + g.Level.String() }

// GroupChange is what CreateGroup sets and EditGroup changes.
type GroupChange struct {
	// Name is the group's name; "" keeps it (EditGroup).
	Name string
	// With SetMembers, Members (emails or membership ids) replace the
	// group's members; without, they stay.
	SetMembers bool
	Members    []string
	// With SetCollections, Collections replace the group's collection
	// access; without, it stays.
	SetCollections bool
	Collections    []CollectionGrant
}

// CleanGroupName trims the name and checks its length (1–100 characters).
func CleanGroupName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", fmt.Errorf("group name is empty: %w", ErrBadName)
	}
	if utf8.RuneCountInString(name) > 100 {
		return "", fmt.Errorf("group name is longer than 100 characters: %w", ErrBadName)
	}
	return name, nil
}

// groupState is what editing a group needs from the server.
type groupState struct {
	groups  []api.GroupDetails
	members []api.Member
	colls   []Collection
}

func (s *Session) loadGroups(ctx context.Context, o vault.Org) (*groupState, error) {
	var st groupState
	var err error
	if st.groups, err = s.c.ListGroupDetails(ctx, o.ID); err != nil {
		return nil, fmt.Errorf("list groups of %s: %w", o.Name, err)
	}
	if st.members, err = s.c.ListMembers(ctx, o.ID); err != nil {
		return nil, fmt.Errorf("list members of %s: %w", o.Name, err)
	}
	if st.colls, err = s.plainCollections(ctx, o); err != nil {
		return nil, err
	}
	return &st, nil
}

// group builds the view of one group.
func (st *groupState) group(o vault.Org, g *api.GroupDetails) Group {
	out := Group{ID: g.ID, OrgID: o.ID, Name: g.Name, ExternalID: g.ExternalID, Members: []Assignment{}, Collections: []Assignment{}}
	for _, m := range st.members {
		if slices.ContainsFunc(m.Groups, func(id string) bool { return strings.EqualFold(id, g.ID) }) {
			out.Members = append(out.Members, Assignment{ID: m.ID, Name: m.Email})
		}
	}
	slices.SortFunc(out.Members, func(a, b Assignment) int { return cmp.Compare(a.Name, b.Name) })
	names := map[string]string{}
	for _, c := range st.colls {
		names[c.ID] = c.Name
	}
	for _, a := range g.Collections {
		out.Collections = append(out.Collections, Assignment{ID: a.ID, Name: names[a.ID], Level: levelOfSelection(a)})
	}
	slices.SortFunc(out.Collections, func(a, b Assignment) int { return cmp.Compare(a.Name, b.Name) })
	return out
}

func (st *groupState) memberIDs(g *api.GroupDetails) []string {
	var ids []string
	for _, m := range st.members {
		if slices.ContainsFunc(m.Groups, func(id string) bool { return strings.EqualFold(id, g.ID) }) {
			ids = append(ids, m.ID)
		}
	}
	return ids
}

func (st *groupState) find(o vault.Org, ref string) (*api.GroupDetails, error) {
	ref = strings.TrimSpace(ref)
	var byName []*api.GroupDetails
	for i := range st.groups {
		if strings.EqualFold(st.groups[i].ID, ref) {
			return &st.groups[i], nil
		}
		if strings.EqualFold(st.groups[i].Name, ref) {
			byName = append(byName, &st.groups[i])
		}
	}
	switch len(byName) {
	case 0:
		return nil, fmt.Errorf("group %q of %s: %w", ref, o.Name, ErrNotFound)
	case 1:
		return byName[0], nil
	}
	return nil, fmt.Errorf("group %q of %s: %d groups have that name: %w", ref, o.Name, len(byName), ErrAmbiguous)
}

// nameTaken reports whether another group than except has the name.
func (st *groupState) nameTaken(name, except string) bool {
	return slices.ContainsFunc(st.groups, func(g api.GroupDetails) bool { return g.ID != except && strings.EqualFold(g.Name, name) })
}

func (st *groupState) resolveMembers(o vault.Org, refs []string) ([]string, error) {
	ids := []string{}
	for _, r := range refs {
		if strings.TrimSpace(r) == "" {
			continue
		}
		id, err := findMember(o, st.members, r)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

func (st *groupState) resolveCollections(o vault.Org, grants []CollectionGrant) ([]api.AccessSelection, error) {
	out := []api.AccessSelection{}
	for _, g := range grants {
		if !g.Level.valid() {
			return nil, fmt.Errorf("access %q: %w", g.String(), ErrBadLevel)
		}
		c, err := findCollection(o, st.colls, g.Collection)
		if err != nil {
			return nil, err
		}
		if i := slices.IndexFunc(out, func(a api.AccessSelection) bool { return a.ID == c.ID }); i >= 0 {
			out[i] = g.Level.Selection(c.ID)
			continue
		}
		out = append(out, g.Level.Selection(c.ID))
	}
	return out, nil
}

// Groups lists the organization's groups with their members and collection
// access, sorted by name.
func (s *Session) Groups(ctx context.Context, orgRef string) ([]Group, error) {
	o, err := s.Org(orgRef)
	if err != nil {
		return nil, err
	}
	if !CanViewAdmin(o) {
		return nil, refuse(o, "list groups")
	}
	st, err := s.loadGroups(ctx, o)
	if err != nil {
		return nil, err
	}
	out := make([]Group, 0, len(st.groups))
	for i := range st.groups {
		out = append(out, st.group(o, &st.groups[i]))
	}
	slices.SortStableFunc(out, func(a, b Group) int { return cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
	return out, nil
}

// CreateGroup creates a group with ch's name, members and collection
// access (the Set flags are implied).
func (s *Session) CreateGroup(ctx context.Context, orgRef string, ch GroupChange) (*Group, error) {
	o, err := s.Org(orgRef)
	if err != nil {
		return nil, err
	}
	if !CanManageGroups(o) {
		return nil, refuse(o, "create groups")
	}
	name, err := CleanGroupName(ch.Name)
	if err != nil {
		return nil, err
	}
	st, err := s.loadGroups(ctx, o)
	if err != nil {
		return nil, err
	}
	if st.nameTaken(name, "") {
		return nil, fmt.Errorf("create group %q in %s: %w", name, o.Name, ErrNameTaken)
	}
	users, err := st.resolveMembers(o, ch.Members)
	if err != nil {
		return nil, fmt.Errorf("create group %q: %w", name, err)
	}
	colls, err := st.resolveCollections(o, ch.Collections)
	if err != nil {
		return nil, fmt.Errorf("create group %q: %w", name, err)
	}
	g, err := s.c.CreateGroup(ctx, o.ID, &api.GroupRequest{Name: name, Collections: colls, Users: users})
	if err != nil {
		return nil, fmt.Errorf("create group %q in %s: %w", name, o.Name, err)
	}
	return st.after(o, g, colls, users), nil
}

// after is the view of a group just written.
func (st *groupState) after(o vault.Org, g *api.Group, colls []api.AccessSelection, users []string) *Group {
	for i := range st.members {
		m := &st.members[i]
		m.Groups = slices.DeleteFunc(slices.Clone(m.Groups), func(id string) bool { return strings.EqualFold(id, g.ID) })
		if slices.Contains(users, m.ID) {
			m.Groups = append(m.Groups, g.ID)
		}
	}
	out := st.group(o, &api.GroupDetails{Group: *g, Collections: colls})
	return &out
}

// EditGroup renames a group and/or replaces its members or collection
// access.
func (s *Session) EditGroup(ctx context.Context, orgRef, ref string, ch GroupChange) (*Group, error) {
	o, err := s.Org(orgRef)
	if err != nil {
		return nil, err
	}
	if !CanManageGroups(o) {
		return nil, refuse(o, "edit groups")
	}
	name := ""
	if ch.Name != "" {
		if name, err = CleanGroupName(ch.Name); err != nil {
			return nil, err
		}
	}
	st, err := s.loadGroups(ctx, o)
	if err != nil {
		return nil, err
	}
	g, err := st.find(o, ref)
	if err != nil {
		return nil, err
	}
	if name == "" {
		name = g.Name
	} else if st.nameTaken(name, g.ID) {
		return nil, fmt.Errorf("rename group %q to %q in %s: %w", g.Name, name, o.Name, ErrNameTaken)
	}
	users := st.memberIDs(g)
	if ch.SetMembers {
		if users, err = st.resolveMembers(o, ch.Members); err != nil {
			return nil, fmt.Errorf("edit group %q: %w", g.Name, err)
		}
	}
	colls := g.Collections
	if ch.SetCollections {
		if colls, err = st.resolveCollections(o, ch.Collections); err != nil {
			return nil, fmt.Errorf("edit group %q: %w", g.Name, err)
		}
	}
	got, err := s.c.UpdateGroup(ctx, o.ID, g.ID, &api.GroupRequest{Name: name, ExternalID: g.ExternalID, Collections: colls, Users: users})
	if err != nil {
		return nil, fmt.Errorf("edit group %q in %s: %w", g.Name, o.Name, err)
	}
	return st.after(o, got, nonNilSel(colls), users), nil
}

func nonNilSel(s []api.AccessSelection) []api.AccessSelection {
	if s == nil {
		return []api.AccessSelection{}
	}
	return s
}

// DeleteGroup deletes a group. Its members keep their own access.
func (s *Session) DeleteGroup(ctx context.Context, orgRef, ref string) error {
	o, err := s.Org(orgRef)
	if err != nil {
		return err
	}
	if !CanManageGroups(o) {
		return refuse(o, "delete groups")
	}
	gs, err := s.c.ListGroups(ctx, o.ID)
	if err != nil {
		return fmt.Errorf("list groups of %s: %w", o.Name, err)
	}
	st := &groupState{}
	for _, g := range gs {
		st.groups = append(st.groups, api.GroupDetails{Group: g})
	}
	g, err := st.find(o, ref)
	if err != nil {
		return err
	}
	if err := s.c.DeleteGroup(ctx, o.ID, g.ID); err != nil {
		return fmt.Errorf("delete group %q in %s: %w", g.Name, o.Name, err)
	}
	return nil
}
