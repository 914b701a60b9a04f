package admin

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

var (
	// ErrBadName means a collection or group name that cannot be used:
	// empty, too long, or (collections) with an empty level such as a
	// trailing "/".
	ErrBadName = errors.New("invalid name")
	// ErrNameTaken means another collection or group of the organization
	// already has that name.
	ErrNameTaken = errors.New("name already used")
	// ErrBadLevel means an access level other than the five.
	ErrBadLevel = errors.New("invalid access level")
	// ErrHasChildren means a collection has nested collections and the
	// delete did not ask to delete them too.
	ErrHasChildren = errors.New("collection has nested collections")
)

// Level is a member's or a group's access to a collection: one of the
// five the product offers, each a combination of the wire's readOnly,
// hidePasswords and manage flags (§4.10). The zero Level means no access.
type Level int

// The five access levels.
const (
	LevelView                Level = iota + 1 // readOnly
	LevelViewExceptPasswords                  // readOnly + hidePasswords
	LevelEdit                                 // no flag
	LevelEditExceptPasswords                  // hidePasswords
	LevelManage                               // manage
)

var levelNames = [...]string{
	LevelView:                "view",
	LevelViewExceptPasswords: "view-except-passwords",
	LevelEdit:                "edit",
	LevelEditExceptPasswords: "edit-except-passwords",
	LevelManage:              "manage",
}

// Levels are the five levels, from least to most.
var Levels = []Level{LevelView, LevelViewExceptPasswords, LevelEdit, LevelEditExceptPasswords, LevelManage}

func (l Level) valid() bool { return l >= LevelView && l <= LevelManage }

// String is the level's name as ParseLevel reads it; "none" for no access.
func (l Level) String() string {
	if l.valid() {
		return levelNames[l]
	}
	if l == 0 {
		return "none"
	}
	return fmt.Sprintf("Level(%d)", int(l))
}

// ParseLevel reads a level's name: view, view-except-passwords, edit,
// edit-except-passwords or manage (any case).
func ParseLevel(s string) (Level, error) {
	for _, l := range Levels {
		if strings.EqualFold(strings.TrimSpace(s), levelNames[l]) {
			return l, nil
		}
	}
	return 0, fmt.Errorf("access level %q: want one of %s: %w", s, strings.Join(levelNames[1:], ", "), ErrBadLevel)
}

// MarshalText writes the level's name.
func (l Level) MarshalText() ([]byte, error) {
	if !l.valid() && l != 0 {
		return nil, fmt.Errorf("access level %d: %w", int(l), ErrBadLevel)
	}
	return []byte(l.String()), nil
}

// UnmarshalText reads a level's name.
func (l *Level) UnmarshalText(b []byte) error {
	if string(b) == "none" {
		*l = 0
		return nil
	}
	v, err := ParseLevel(string(b))
	*l = v
	return err
}

// LevelOf reads the level from the wire's flags. Manage outranks the other
// two, as the official clients show it.
func LevelOf(readOnly, hidePasswords, manage bool) Level {
	switch {
	case manage:
		return LevelManage
	case readOnly && hidePasswords:
		return LevelViewExceptPasswords
	case readOnly:
		return LevelView
	case hidePasswords:
		return LevelEditExceptPasswords
	}
	return LevelEdit
}

// Selection is the level on the wire, for the member, group or collection
// id.
func (l Level) Selection(id string) api.AccessSelection {
	return api.AccessSelection{
		ID:            id,
		ReadOnly:      l == LevelView || l == LevelViewExceptPasswords,
		HidePasswords: l == LevelViewExceptPasswords || l == LevelEditExceptPasswords,
		Manage:        l == LevelManage,
	}
}

func levelOfSelection(a api.AccessSelection) Level {
	return LevelOf(a.ReadOnly, a.HidePasswords, a.Manage)
}

// Assignment is one member's or group's level on a collection, or a group's on
// a collection in Group.Collections.
type Assignment struct {
	// ID is the membership, group or collection id.
	ID string `json:"id"`
	// Name is the member's email, the group's name or the collection's
	// path; "" when the account may not list them.
	Name  string `json:"name,omitempty"`
	Level Level  `json:"level"`
}

// Collection is an organization collection with its access.
type Collection struct {
	ID         string `json:"id"`
	OrgID      string `json:"organizationId"`
	Name       string `json:"name"` // the full path: "Parent/Child"
	ExternalID string `json:"externalId,omitempty"`
	// Members and Groups have access to it. They are empty when the
	// account may neither administer the organization nor manage the
	// collection.
	Members []Assignment `json:"members"`
	Groups  []Assignment `json:"groups"`
	// Damaged says the name could not be decrypted (Name is "").
	Damaged bool `json:"damaged,omitempty"`

	users, groups []api.AccessSelection // as the server sent them
}

// Grant gives a member (by email or membership id) or a group (by name or
// id) a level of access. Exactly one of Member and Group is set.
type Grant struct {
	Member string
	Group  string
	Level  Level
}

func (g Grant) String() string {
	if g.Member != "" {
		return "member:" + g.Member + "=" + g.Level.String()
	}
	return "group:" + g.Group + "=" + g.Level.String()
}

// CollectionChange is what EditCollection changes.
type CollectionChange struct {
	// Name is the new full path; "" keeps it. Giving a new parent moves the
	// collection, and a collection moves with everything nested under it.
	Name string
	// With SetAccess, Access replaces the access of every member and
	// group (an empty Access removes all of it); without, access stays.
	SetAccess bool
	Access    []Grant
}

// CleanCollectionName trims spaces around the name and around each level,
// and checks that no level is empty (as with a leading or trailing "/").
func CleanCollectionName(name string) (string, error) {
	parts := strings.Split(name, PathSep)
	for i, p := range parts {
		parts[i] = strings.TrimSpace(p)
		if parts[i] == "" {
			if strings.TrimSpace(name) == "" {
				return "", fmt.Errorf("collection name is empty: %w", ErrBadName)
			}
			return "", fmt.Errorf("collection name %q has an empty level (a leading, trailing or double %q): %w", name, PathSep, ErrBadName)
		}
	}
	clean := strings.Join(parts, PathSep)
	if utf8.RuneCountInString(clean) > 500 {
		return "", fmt.Errorf("collection name is longer than 500 characters: %w", ErrBadName)
	}
	return clean, nil
}

// orgCollections are the account's own collections of the organization,
// from the vault: what it may do without asking the server.
func (s *Session) orgCollections(o vault.Org) ([]vault.Collection, error) {
	all, err := s.v.Collections()
	if err != nil {
		return nil, err
	}
	var out []vault.Collection
	for _, c := range all {
		if c.OrgID == o.ID {
			out = append(out, c)
		}
	}
	return out, nil
}

// managed finds the collection ref (id or path) among the account's own
// collections and reports whether it may manage it and every collection
// under it (with children).
func (s *Session) managed(o vault.Org, ref string, children bool) bool {
	local, err := s.orgCollections(o)
	if err != nil {
		return false
	}
	ref = strings.Trim(strings.TrimSpace(ref), PathSep)
	var target *vault.Collection
	for i := range local {
		if strings.EqualFold(local[i].ID, ref) || (!local[i].Damaged && local[i].Name == ref) {
			if target != nil {
				return false // ambiguous: let nobody guess
			}
			target = &local[i]
		}
	}
	if target == nil || !target.Manage {
		return false
	}
	if children {
		for _, c := range local {
			if under(c.Name, target.Name) && !c.Manage {
				return false
			}
		}
	}
	return true
}

func managesAny(local []vault.Collection) bool {
	return slices.ContainsFunc(local, func(c vault.Collection) bool { return c.Manage })
}

// Collections lists the organization's collections with the access of each
// member and group, sorted by path. Owners, admins and Custom members with
// an administration right see every collection; others only those they
// manage.
func (s *Session) Collections(ctx context.Context, orgRef string) ([]Collection, error) {
	o, err := s.Org(orgRef)
	if err != nil {
		return nil, err
	}
	if !CanViewAdmin(o) {
		local, err := s.orgCollections(o)
		if err != nil {
			return nil, err
		}
		if !managesAny(local) {
			return nil, refuse(o, "list the collections' access")
		}
	}
	colls, err := s.collectionDetails(ctx, o)
	if err != nil {
		return nil, err
	}
	if CanViewAdmin(o) {
		members, groups, err := s.directory(ctx, o, true, true)
		if err != nil {
			return nil, err
		}
		for i := range colls {
			for j := range colls[i].Members {
				colls[i].Members[j].Name = members[colls[i].Members[j].ID]
			}
			for j := range colls[i].Groups {
				colls[i].Groups[j].Name = groups[colls[i].Groups[j].ID]
			}
		}
	}
	return colls, nil
}

// CollectionTree is Collections nested by path.
func (s *Session) CollectionTree(ctx context.Context, orgRef string) ([]*Node, error) {
	colls, err := s.Collections(ctx, orgRef)
	if err != nil {
		return nil, err
	}
	return Tree(colls), nil
}

// collectionDetails fetches and decrypts the organization's collections
// with their access.
func (s *Session) collectionDetails(ctx context.Context, o vault.Org) ([]Collection, error) {
	details, err := s.c.ListCollectionDetails(ctx, o.ID)
	if err != nil {
		return nil, fmt.Errorf("list collections of %s: %w", o.Name, err)
	}
	out := make([]Collection, 0, len(details))
	for _, d := range details {
		c := Collection{ID: d.ID, OrgID: o.ID, ExternalID: d.ExternalID, users: d.Users, groups: d.Groups,
			Members: []Assignment{}, Groups: []Assignment{}}
		if name, err := s.decrypt(o, d.Name); err != nil {
			c.Damaged = true
		} else {
			c.Name = name
		}
		for _, u := range d.Users {
			c.Members = append(c.Members, Assignment{ID: u.ID, Level: levelOfSelection(u)})
		}
		for _, g := range d.Groups {
			c.Groups = append(c.Groups, Assignment{ID: g.ID, Level: levelOfSelection(g)})
		}
		out = append(out, c)
	}
	sortCollections(out)
	return out, nil
}

func sortCollections(cs []Collection) {
	slices.SortStableFunc(cs, func(a, b Collection) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
}

// directory maps the organization's membership ids to emails and group
// ids to names, fetching only what is asked.
func (s *Session) directory(ctx context.Context, o vault.Org, members, groups bool) (map[string]string, map[string]string, error) {
	ms, gs := map[string]string{}, map[string]string{}
	if members {
		l, err := s.c.ListMembers(ctx, o.ID)
		if err != nil {
			return nil, nil, fmt.Errorf("list members of %s: %w", o.Name, err)
		}
		for _, m := range l {
			ms[m.ID] = m.Email
		}
	}
	if groups {
		l, err := s.c.ListGroups(ctx, o.ID)
		if err != nil {
			return nil, nil, fmt.Errorf("list groups of %s: %w", o.Name, err)
		}
		for _, g := range l {
			gs[g.ID] = g.Name
		}
	}
	return ms, gs, nil
}

// findCollection finds a collection by id, or by its full path (exactly,
// then in any case).
func findCollection(o vault.Org, colls []Collection, ref string) (*Collection, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return nil, fmt.Errorf("collection: no id or name given: %w", ErrBadName)
	}
	for i := range colls {
		if strings.EqualFold(colls[i].ID, ref) {
			return &colls[i], nil
		}
	}
	path := strings.Trim(ref, PathSep)
	for _, match := range []func(string) bool{
		func(n string) bool { return n == path },
		func(n string) bool { return strings.EqualFold(n, path) },
	} {
		var found []*Collection
		for i := range colls {
			if !colls[i].Damaged && match(colls[i].Name) {
				found = append(found, &colls[i])
			}
		}
		switch len(found) {
		case 0:
			continue
		case 1:
			return found[0], nil
		}
		return nil, fmt.Errorf("collection %q in %s: %d collections have that name: %w", ref, o.Name, len(found), ErrAmbiguous)
	}
	return nil, fmt.Errorf("collection %q in %s: %w", ref, o.Name, ErrNotFound)
}

// resolveGrants turns grants into the wire's member and group selections.
// Members and groups are looked up by email or name when the account may
// list them; otherwise only ids are accepted.
func (s *Session) resolveGrants(ctx context.Context, o vault.Org, grants []Grant) (users, groups []api.AccessSelection, err error) {
	var needMembers, needGroups bool
	for _, g := range grants {
		if (g.Member == "") == (g.Group == "") {
			return nil, nil, fmt.Errorf("access %q: give either a member or a group: %w", g.String(), ErrBadName)
		}
		if !g.Level.valid() {
			return nil, nil, fmt.Errorf("access %q: %w", g.String(), ErrBadLevel)
		}
		needMembers = needMembers || g.Member != ""
		needGroups = needGroups || g.Group != ""
	}
	if len(grants) == 0 {
		return []api.AccessSelection{}, []api.AccessSelection{}, nil
	}
	var members []api.Member
	var gs []api.Group
	if CanViewAdmin(o) {
		if needMembers {
			if members, err = s.c.ListMembers(ctx, o.ID); err != nil {
				return nil, nil, fmt.Errorf("list members of %s: %w", o.Name, err)
			}
		}
		if needGroups {
			if gs, err = s.c.ListGroups(ctx, o.ID); err != nil {
				return nil, nil, fmt.Errorf("list groups of %s: %w", o.Name, err)
			}
		}
	}
	byID := map[string]int{} // selection index by member or group id, the last grant wins
	users, groups = []api.AccessSelection{}, []api.AccessSelection{}
	for _, g := range grants {
		if g.Member != "" {
			id, err := findMember(o, members, g.Member)
			if err != nil {
				return nil, nil, err
			}
			if i, ok := byID["m"+id]; ok {
				users[i] = g.Level.Selection(id)
				continue
			}
			byID["m"+id] = len(users)
			users = append(users, g.Level.Selection(id))
			continue
		}
		id, err := findGroupID(o, gs, g.Group)
		if err != nil {
			return nil, nil, err
		}
		if i, ok := byID["g"+id]; ok {
			groups[i] = g.Level.Selection(id)
			continue
		}
		byID["g"+id] = len(groups)
		groups = append(groups, g.Level.Selection(id))
	}
	return users, groups, nil
}

// findMember finds a membership by id or email. With no list (the account
// may not list members) the reference must be an id, which the server
// checks.
func findMember(o vault.Org, members []api.Member, ref string) (string, error) {
	ref = strings.TrimSpace(ref)
	if members == nil && !CanViewAdmin(o) {
		if strings.Contains(ref, "@") {
			return "", refuse(o, "look up members by email")
		}
		return ref, nil
	}
	for _, m := range members {
		if strings.EqualFold(m.ID, ref) || strings.EqualFold(m.Email, ref) {
			return m.ID, nil
		}
	}
	return "", fmt.Errorf("member %q of %s: %w", ref, o.Name, ErrNotFound)
}

// findGroupID finds a group by id or name.
func findGroupID(o vault.Org, gs []api.Group, ref string) (string, error) {
	ref = strings.TrimSpace(ref)
	if gs == nil && !CanViewAdmin(o) {
		return ref, nil
	}
	var byName []string
	for _, g := range gs {
		if strings.EqualFold(g.ID, ref) {
			return g.ID, nil
		}
		if strings.EqualFold(g.Name, ref) {
			byName = append(byName, g.ID)
		}
	}
	switch len(byName) {
	case 0:
		return "", fmt.Errorf("group %q of %s: %w", ref, o.Name, ErrNotFound)
	case 1:
		return byName[0], nil
	}
	return "", fmt.Errorf("group %q of %s: %d groups have that name: %w", ref, o.Name, len(byName), ErrAmbiguous)
}

// CreateCollection creates a collection (name is its full path, nested as
// "Parent/Child"; the parent need not exist) with the given access. The
// name is encrypted under the organization key.
func (s *Session) CreateCollection(ctx context.Context, orgRef, name string, access []Grant) (*Collection, error) {
	o, err := s.Org(orgRef)
	if err != nil {
		return nil, err
	}
	if !CanCreateCollections(o) {
		return nil, refuse(o, "create collections")
	}
	if name, err = CleanCollectionName(name); err != nil {
		return nil, err
	}
	colls, err := s.plainCollections(ctx, o)
	if err != nil {
		return nil, err
	}
	if _, err := findCollection(o, colls, name); err == nil || errors.Is(err, ErrAmbiguous) {
		return nil, fmt.Errorf("create collection %q in %s: %w", name, o.Name, ErrNameTaken)
	}
	users, groups, err := s.resolveGrants(ctx, o, access)
	if err != nil {
		return nil, fmt.Errorf("create collection %q: %w", name, err)
	}
	enc, err := s.encrypt(o, name)
	if err != nil {
		return nil, err
	}
	got, err := s.c.CreateCollection(ctx, o.ID, &api.CollectionRequest{Name: enc, Users: users, Groups: groups})
	if err != nil {
		return nil, fmt.Errorf("create collection %q in %s: %w", name, o.Name, err)
	}
	c := &Collection{ID: got.ID, OrgID: o.ID, Name: name, ExternalID: got.ExternalID, users: users, groups: groups}
	c.Members, c.Groups = accessList(users), accessList(groups)
	return c, nil
}

func accessList(sel []api.AccessSelection) []Assignment {
	out := make([]Assignment, 0, len(sel))
	for _, a := range sel {
		out = append(out, Assignment{ID: a.ID, Level: levelOfSelection(a)})
	}
	return out
}

// plainCollections lists the organization's collections without their
// access, decrypted.
func (s *Session) plainCollections(ctx context.Context, o vault.Org) ([]Collection, error) {
	l, err := s.c.ListCollections(ctx, o.ID)
	if err != nil {
		return nil, fmt.Errorf("list collections of %s: %w", o.Name, err)
	}
	out := make([]Collection, 0, len(l))
	for _, d := range l {
		c := Collection{ID: d.ID, OrgID: o.ID, ExternalID: d.ExternalID}
		if name, err := s.decrypt(o, d.Name); err != nil {
			c.Damaged = true
		} else {
			c.Name = name
		}
		out = append(out, c)
	}
	sortCollections(out)
	return out, nil
}

// EditCollection renames or moves a collection and/or replaces its
// access. A new path moves every collection nested under the old one with
// it ("Network" → "Infra/Network" also renames "Network/Firewalls" to
// "Infra/Network/Firewalls"); their access stays as it is. Owners, admins
// and Custom members who may edit any collection may edit every one;
// others need "can manage" on the collection and, to move it, on every
// collection under it.
func (s *Session) EditCollection(ctx context.Context, orgRef, ref string, ch CollectionChange) (*Collection, error) {
	o, err := s.Org(orgRef)
	if err != nil {
		return nil, err
	}
	if !CanEditAnyCollection(o) && !s.managed(o, ref, ch.Name != "") {
		return nil, refuse(o, fmt.Sprintf("edit collection %q", ref))
	}
	newName := ""
	if ch.Name != "" {
		if newName, err = CleanCollectionName(ch.Name); err != nil {
			return nil, err
		}
	}
	colls, err := s.collectionDetails(ctx, o)
	if err != nil {
		return nil, err
	}
	target, err := findCollection(o, colls, ref)
	if err != nil {
		return nil, err
	}
	if target.Damaged {
		return nil, fmt.Errorf("edit collection %s: its name could not be decrypted: %w", target.ID, vault.ErrDamaged)
	}
	users, groups := target.users, target.groups
	if ch.SetAccess {
		if users, groups, err = s.resolveGrants(ctx, o, ch.Access); err != nil {
			return nil, fmt.Errorf("edit collection %q: %w", target.Name, err)
		}
	}
	// Every collection to rename, the target first.
	type rename struct {
		c    *Collection
		name string
	}
	renames := []rename{{target, target.Name}}
	if newName != "" && newName != target.Name {
		renames[0].name = newName
		for i := range colls {
			if c := &colls[i]; c != target && !c.Damaged && under(c.Name, target.Name) {
				renames = append(renames, rename{c, newName + c.Name[len(target.Name):]})
			}
		}
		if err := checkNames(o, colls, func(c *Collection) string {
			for _, r := range renames {
				if r.c == c {
					return r.name
				}
			}
			return c.Name
		}, renames[0].c); err != nil {
			return nil, err
		}
	}
	for i, r := range renames {
		enc, err := s.encrypt(o, r.name)
		if err != nil {
			return nil, err
		}
		req := &api.CollectionRequest{Name: enc, ExternalID: r.c.ExternalID, Users: r.c.users, Groups: r.c.groups}
		if i == 0 {
			req.Users, req.Groups = users, groups
		}
		if _, err := s.c.UpdateCollection(ctx, o.ID, r.c.ID, req); err != nil {
			if i == 0 {
				return nil, fmt.Errorf("edit collection %q in %s: %w", target.Name, o.Name, err)
			}
			return nil, fmt.Errorf("move %q to %q: %d of %d nested collections moved, then %q failed: %w",
				target.Name, newName, i-1, len(renames)-1, r.c.Name, err)
		}
	}
	out := *target
	out.Name = renames[0].name
	out.users, out.groups = users, groups
	out.Members, out.Groups = accessList(users), accessList(groups)
	return &out, nil
}

// checkNames refuses a rename that would give two collections the same
// path: name gives each collection's path after the rename.
func checkNames(o vault.Org, colls []Collection, name func(*Collection) string, moved *Collection) error {
	seen := map[string]bool{}
	for i := range colls {
		if colls[i].Damaged {
			continue
		}
		n := name(&colls[i])
		if seen[n] {
			return fmt.Errorf("move %q to %q in %s: %q would be used twice: %w", moved.Name, name(moved), o.Name, n, ErrNameTaken)
		}
		seen[n] = true
	}
	return nil
}

// RenameCollection gives a collection a new path, moving the collections
// nested under it too (see EditCollection).
func (s *Session) RenameCollection(ctx context.Context, orgRef, ref, newPath string) (*Collection, error) {
	if strings.TrimSpace(newPath) == "" {
		return nil, fmt.Errorf("rename collection %q: the new name is empty: %w", ref, ErrBadName)
	}
	return s.EditCollection(ctx, orgRef, ref, CollectionChange{Name: newPath})
}

// SetCollectionAccess replaces the access of every member and group to a
// collection.
func (s *Session) SetCollectionAccess(ctx context.Context, orgRef, ref string, access []Grant) (*Collection, error) {
	return s.EditCollection(ctx, orgRef, ref, CollectionChange{SetAccess: true, Access: access})
}

// DeleteCollection deletes a collection (its items stay in the
// organization) and returns the paths deleted. A collection with nested
// collections is refused with ErrHasChildren unless withChildren, which
// deletes them all in one request. Owners, admins and Custom members who
// may delete any collection may delete every one; others need "can manage"
// on each collection deleted.
func (s *Session) DeleteCollection(ctx context.Context, orgRef, ref string, withChildren bool) ([]string, error) {
	o, err := s.Org(orgRef)
	if err != nil {
		return nil, err
	}
	if !CanDeleteAnyCollection(o) && !s.managed(o, ref, withChildren) {
		return nil, refuse(o, fmt.Sprintf("delete collection %q", ref))
	}
	colls, err := s.plainCollections(ctx, o)
	if err != nil {
		return nil, err
	}
	target, err := findCollection(o, colls, ref)
	if err != nil {
		return nil, err
	}
	ids, names := []string{target.ID}, []string{target.Name}
	for _, c := range colls {
		if c.ID != target.ID && !c.Damaged && !target.Damaged && under(c.Name, target.Name) {
			ids, names = append(ids, c.ID), append(names, c.Name)
		}
	}
	if len(ids) > 1 && !withChildren {
		return nil, fmt.Errorf("delete collection %q in %s: %d collections are nested under it (%s): %w",
			target.Name, o.Name, len(ids)-1, strings.Join(names[1:], ", "), ErrHasChildren)
	}
	if len(ids) == 1 {
		err = s.c.DeleteCollection(ctx, o.ID, target.ID)
	} else {
		err = s.c.DeleteCollections(ctx, o.ID, ids)
	}
	if err != nil {
		return nil, fmt.Errorf("delete collection %q in %s: %w", target.Name, o.Name, err)
	}
	return names, nil
}
