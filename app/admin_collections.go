package app

import (
	"fmt"
	"strings"

	"github.com/vaultdesk/vaultdesk/internal/admin"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// CollectionRow is one level of an organization's collection tree, in tree
// order (parents before their children). ID is "" for a level that only
// exists as the prefix of other collections' names.
type CollectionRow struct {
	ID    string `json:"id"`
	Path  string `json:"path"`  // "Parent/Child"
	Name  string `json:"name"`  // the last level of Path
	Depth int    `json:"depth"` // 0 for roots
	// Damaged: the name could not be decrypted.
	Damaged bool          `json:"damaged"`
	Members []AccessEntry `json:"members"`
	Groups  []AccessEntry `json:"groups"`
	// CanEdit: rename, move and change the access; CanDelete: delete.
	CanEdit   bool `json:"canEdit"`
	CanDelete bool `json:"canDelete"`
}

// AccessEntry is a member's, group's or collection's level of access. Name
// is the member's email, the group's name or the collection's path.
type AccessEntry struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Level string `json:"level"`
}

// AccessGrant gives a member or a group (Kind "member" or "group", by id) a
// level: view, view-except-passwords, edit, edit-except-passwords or
// manage.
type AccessGrant struct {
	Kind  string `json:"kind"`
	ID    string `json:"id"`
	Level string `json:"level"`
}

// NewCollection is a collection to create: Name is its full path
// ("Parent/Child" nests it).
type NewCollection struct {
	Name   string        `json:"name"`
	Access []AccessGrant `json:"access"`
}

// CollectionRef names a collection made or changed.
type CollectionRef struct {
	ID   string `json:"id"`
	Path string `json:"path"`
}

// Collections lists the organization's collections as a tree with the
// access of each member and group.
func (s *AdminService) Collections(accountID, orgID string) ([]CollectionRow, error) {
	var rows []CollectionRow
	err := s.session(accountID, false, func(a *adminCall) error {
		o, err := a.Org(orgID)
		if err != nil {
			return err
		}
		nodes, err := a.CollectionTree(a.ctx, o.ID)
		if err != nil {
			return err
		}
		manages, err := managedCollections(a.v, o.ID)
		if err != nil {
			return err
		}
		rows = collectionRows(o, nodes, manages)
		return nil
	})
	return rows, err
}

// managedCollections are the ids of the organization's collections the
// account has "can manage" on.
func managedCollections(v *vault.Vault, orgID string) (map[string]bool, error) {
	colls, err := v.Collections()
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, c := range colls {
		if c.OrgID == orgID && c.Manage {
			out[c.ID] = true
		}
	}
	return out, nil
}

func collectionRows(o vault.Org, nodes []*admin.Node, manages map[string]bool) []CollectionRow {
	rows := []CollectionRow{}
	admin.Walk(nodes, func(n *admin.Node, depth int) {
		r := CollectionRow{Path: n.Path, Name: n.Name, Depth: depth, Members: []AccessEntry{}, Groups: []AccessEntry{}}
		if c := n.Collection; c != nil {
			r.ID, r.Damaged = c.ID, c.Damaged
			if c.Damaged {
				r.Name, r.Path = "(name could not be decrypted)", ""
			}
			r.Members, r.Groups = accessEntries(c.Members), accessEntries(c.Groups)
			r.CanEdit = admin.CanEditAnyCollection(o) || manages[c.ID]
			r.CanDelete = admin.CanDeleteAnyCollection(o) || manages[c.ID]
		}
		rows = append(rows, r)
	})
	return rows
}

func accessEntries(as []admin.Assignment) []AccessEntry {
	out := make([]AccessEntry, 0, len(as))
	for _, a := range as {
		out = append(out, AccessEntry{ID: a.ID, Name: a.Name, Level: a.Level.String()})
	}
	return out
}

// grants turns the screen's access list into the admin package's.
func grants(access []AccessGrant) ([]admin.Grant, error) {
	out := make([]admin.Grant, 0, len(access))
	for _, a := range access {
		l, err := parseLevel(a.Level)
		if err != nil {
			return nil, err
		}
		id := strings.TrimSpace(a.ID)
		if id == "" {
			return nil, invalid("choose a member or a group for each access line")
		}
		switch a.Kind {
		case "member":
			out = append(out, admin.Grant{Member: id, Level: l})
		case "group":
			out = append(out, admin.Grant{Group: id, Level: l})
		default:
			return nil, invalid(fmt.Sprintf("%q: access is for a member or a group", a.Kind))
		}
	}
	return out, nil
}

// CreateCollection creates a collection in the organization with the
// given access, then syncs the account so that the vault shows it.
func (s *AdminService) CreateCollection(accountID, orgID string, req NewCollection) (CollectionRef, error) {
	var ref CollectionRef
	if strings.TrimSpace(req.Name) == "" {
		return ref, invalid("enter the collection's name")
	}
	gs, err := grants(req.Access)
	if err != nil {
		return ref, err
	}
	created := false
	err = s.session(accountID, true, func(a *adminCall) error {
		c, err := a.CreateCollection(a.ctx, orgID, req.Name, gs)
		if err != nil {
			return err
		}
		created, ref = true, CollectionRef{ID: c.ID, Path: c.Name}
		return nil
	})
	if created {
		return ref, nil
	}
	return ref, err
}

// RenameCollection gives a collection a new path; a new parent moves it,
// with every collection nested under it.
func (s *AdminService) RenameCollection(accountID, orgID, collectionID, newPath string) (CollectionRef, error) {
	var ref CollectionRef
	if strings.TrimSpace(newPath) == "" {
		return ref, invalid("enter the collection's new name")
	}
	err := s.session(accountID, true, func(a *adminCall) error {
		c, err := a.RenameCollection(a.ctx, orgID, collectionID, newPath)
		if err != nil {
			return err
		}
		ref = CollectionRef{ID: c.ID, Path: c.Name}
		return nil
	})
	return ref, err
}

// SetCollectionAccess replaces the access of every member and group to a
// collection.
func (s *AdminService) SetCollectionAccess(accountID, orgID, collectionID string, access []AccessGrant) error {
	gs, err := grants(access)
	if err != nil {
		return err
	}
	return s.session(accountID, true, func(a *adminCall) error {
		_, err := a.SetCollectionAccess(a.ctx, orgID, collectionID, gs)
		return err
	})
}

// DeleteCollection deletes a collection (its items stay in the
// organization) and, with withChildren, the collections nested under it.
// It returns the paths deleted.
func (s *AdminService) DeleteCollection(accountID, orgID, collectionID string, withChildren bool) ([]string, error) {
	var deleted []string
	err := s.session(accountID, true, func(a *adminCall) error {
		var err error
		deleted, err = a.DeleteCollection(a.ctx, orgID, collectionID, withChildren)
		return err
	})
	if deleted == nil {
		deleted = []string{}
	}
	return deleted, err
}
