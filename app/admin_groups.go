package app

import (
	"strings"

	"github.com/vaultdesk/vaultdesk/internal/admin"
)

// GroupRow is a group with its members and collection access.
type GroupRow struct {
	ID          string        `json:"id"`
	Name        string        `json:"name"`
	Members     []NamedRef    `json:"members"` // id: membership id, name: email
	Collections []AccessEntry `json:"collections"`
}

// GroupInput is a group's name, members (membership ids) and collection
// access: CreateGroup sets them, EditGroup replaces them.
type GroupInput struct {
	Name        string             `json:"name"`
	Members     []string           `json:"members"`
	Collections []CollectionAccess `json:"collections"`
}

func groupRow(g *admin.Group) GroupRow {
	r := GroupRow{ID: g.ID, Name: g.Name, Members: []NamedRef{}, Collections: accessEntries(g.Collections)}
	for _, m := range g.Members {
		r.Members = append(r.Members, NamedRef{ID: m.ID, Name: m.Name})
	}
	return r
}

// Groups lists the organization's groups, sorted by name.
func (s *AdminService) Groups(accountID, orgID string) ([]GroupRow, error) {
	out := []GroupRow{}
	err := s.session(accountID, false, func(a *adminCall) error {
		gs, err := a.Groups(a.ctx, orgID)
		for i := range gs {
			out = append(out, groupRow(&gs[i]))
		}
		return err
	})
	return out, err
}

func groupChange(in GroupInput) (admin.GroupChange, error) {
	ch := admin.GroupChange{Name: strings.TrimSpace(in.Name), SetMembers: true, Members: append([]string{}, in.Members...), SetCollections: true}
	if ch.Name == "" {
		return ch, invalid("enter the group's name")
	}
	for _, c := range in.Collections {
		l, err := parseLevel(c.Level)
		if err != nil {
			return ch, err
		}
		if strings.TrimSpace(c.ID) == "" {
			return ch, invalid("choose a collection for each access line")
		}
		ch.Collections = append(ch.Collections, admin.CollectionGrant{Collection: c.ID, Level: l})
	}
	return ch, nil
}

// CreateGroup creates a group with its members and collection access.
// Members of a group see its collections, so the account is synced after.
func (s *AdminService) CreateGroup(accountID, orgID string, in GroupInput) (GroupRow, error) {
	var out GroupRow
	ch, err := groupChange(in)
	if err != nil {
		return out, err
	}
	err = s.session(accountID, true, func(a *adminCall) error {
		g, err := a.CreateGroup(a.ctx, orgID, ch)
		if err != nil {
			return err
		}
		out = groupRow(g)
		return nil
	})
	return out, err
}

// EditGroup replaces a group's name, members and collection access.
func (s *AdminService) EditGroup(accountID, orgID, groupID string, in GroupInput) (GroupRow, error) {
	var out GroupRow
	ch, err := groupChange(in)
	if err != nil {
		return out, err
	}
	err = s.session(accountID, true, func(a *adminCall) error {
		g, err := a.EditGroup(a.ctx, orgID, groupID, ch)
		if err != nil {
			return err
		}
		out = groupRow(g)
		return nil
	})
	return out, err
}

// DeleteGroup deletes a group; its members keep their own access.
func (s *AdminService) DeleteGroup(accountID, orgID, groupID string) error {
	return s.session(accountID, true, func(a *adminCall) error { return a.DeleteGroup(a.ctx, orgID, groupID) })
}
