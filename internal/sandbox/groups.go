package sandbox

import (
	"context"
	"database/sql"
	"net/http"
	"strings"
	"unicode/utf8"
)

// group is a row of the groups table. Names are plain text (§4.11).
type group struct {
	id, orgID, name string
	externalID      sql.NullString
}

func groupJSON(g *group) map[string]any {
	return map[string]any{"id": g.id, "organizationId": g.orgID, "name": g.name,
		"externalId": nullString(g.externalID), "object": "group"}
}

func orgGroupSet(ctx context.Context, q querier, orgID string) (map[string]bool, error) {
	return idSet(ctx, q, "SELECT id FROM groups WHERE org_id = ?", orgID)
}

func queryGroups(ctx context.Context, q querier, where string, args ...any) ([]*group, error) {
	rows, err := q.QueryContext(ctx, "SELECT id, org_id, name, external_id FROM groups WHERE "+where+" ORDER BY name, id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*group
	for rows.Next() {
		var g group
		if err := rows.Scan(&g.id, &g.orgID, &g.name, &g.externalID); err != nil {
			return nil, err
		}
		out = append(out, &g)
	}
	return out, rows.Err()
}

// groupCollections maps each group of the org to its collection access.
func groupCollections(ctx context.Context, q querier, orgID string) (map[string][]map[string]any, error) {
	rows, err := q.QueryContext(ctx, `SELECT cg.group_id, cg.collection_id, cg.read_only, cg.hide_passwords, cg.manage
		FROM collection_groups cg JOIN groups g ON g.id = cg.group_id WHERE g.org_id = ? ORDER BY cg.collection_id`, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]map[string]any{}
	for rows.Next() {
		var gid, cid string
		var a access
		if err := rows.Scan(&gid, &cid, &a.readOnly, &a.hidePasswords, &a.manage); err != nil {
			return nil, err
		}
		out[gid] = append(out[gid], accessJSON(cid, a))
	}
	return out, rows.Err()
}

func groupDetailsJSON(g *group, colls []map[string]any) map[string]any {
	j := groupJSON(g)
	j["collections"] = orEmpty(colls)
	j["accessAll"] = false
	j["object"] = "groupDetails"
	return j
}

func (s *Server) listGroups(details bool) authedFunc {
	return func(r *http.Request, c *caller) (any, error) {
		ctx := r.Context()
		m, err := s.orgAdmin(ctx, s.db, r, c.user.id, (*membership).canViewAdmin)
		if err != nil {
			return nil, err
		}
		groups, err := queryGroups(ctx, s.db, "org_id = ?", m.orgID)
		if err != nil {
			return nil, err
		}
		var colls map[string][]map[string]any
		if details {
			if colls, err = groupCollections(ctx, s.db, m.orgID); err != nil {
				return nil, err
			}
		}
		out := make([]map[string]any, 0, len(groups))
		for _, g := range groups {
			if details {
				out = append(out, groupDetailsJSON(g, colls[g.id]))
			} else {
				out = append(out, groupJSON(g))
			}
		}
		return list(out), nil
	}
}

func (s *Server) loadGroup(ctx context.Context, q querier, orgID, id string) (*group, error) {
	if !validID(id) {
		return nil, errNotFound("Group")
	}
	gs, err := queryGroups(ctx, q, "id = ? AND org_id = ?", normID(id), orgID)
	if err != nil {
		return nil, err
	}
	if len(gs) == 0 {
		return nil, errNotFound("Group")
	}
	return gs[0], nil
}

func groupMemberIDs(ctx context.Context, q querier, groupID string) ([]string, error) {
	return queryStrings(ctx, q, "SELECT member_id FROM group_members WHERE group_id = ? ORDER BY member_id", groupID)
}

// getGroup answers one group: "" plain, "details" with collections,
// "users" its member ids.
func (s *Server) getGroup(detail string) authedFunc {
	return func(r *http.Request, c *caller) (any, error) {
		ctx := r.Context()
		m, err := s.orgAdmin(ctx, s.db, r, c.user.id, (*membership).canViewAdmin)
		if err != nil {
			return nil, err
		}
		g, err := s.loadGroup(ctx, s.db, m.orgID, r.PathValue("id"))
		if err != nil {
			return nil, err
		}
		switch detail {
		case "details":
			colls, err := groupCollections(ctx, s.db, m.orgID)
			if err != nil {
				return nil, err
			}
			return groupDetailsJSON(g, colls[g.id]), nil
		case "users":
			return groupMemberIDs(ctx, s.db, g.id)
		}
		return groupJSON(g), nil
	}
}

type groupRequest struct {
	Name        string               `json:"name"`
	ExternalID  *string              `json:"externalId"`
	Collections *[]collAccessRequest `json:"collections"`
	Users       *[]string            `json:"users"`
}

func decodeGroup(r *http.Request) (*groupRequest, error) {
	var req groupRequest
	if err := decodeJSON(r, &req); err != nil {
		return nil, err
	}
	req.Name = strings.TrimSpace(req.Name)
	if req.Name == "" || utf8.RuneCountInString(req.Name) > 100 {
		return nil, errBadRequest("The group name must be 1–100 characters.")
	}
	return &req, nil
}

// setGroupAccess replaces a group's collections and/or members; a nil list
// stays as it is.
func setGroupAccess(ctx context.Context, tx querier, orgID, groupID string, colls *[]collAccessRequest, users *[]string) error {
	if colls != nil {
		set, err := orgCollectionSet(ctx, tx, orgID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM collection_groups WHERE group_id = ?", groupID); err != nil {
			return err
		}
		for _, ca := range *colls {
			if !set[normID(ca.ID)] {
				return errBadRequest("A collection does not exist in this organization.")
			}
			if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO collection_groups (collection_id, group_id, read_only, hide_passwords, manage)
				VALUES (?, ?, ?, ?, ?)`, normID(ca.ID), groupID, ca.ReadOnly, ca.HidePasswords, ca.Manage); err != nil {
				return err
			}
		}
	}
	if users != nil {
		if _, err := tx.ExecContext(ctx, "DELETE FROM group_members WHERE group_id = ?", groupID); err != nil {
			return err
		}
		for _, id := range *users {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM members WHERE id = ? AND org_id = ?", normID(id), orgID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return errBadRequest("A member does not exist in this organization.")
			}
			if _, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO group_members (group_id, member_id) VALUES (?, ?)", groupID, normID(id)); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *Server) createGroup(r *http.Request, c *caller) (any, error) {
	req, err := decodeGroup(r)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	g := &group{id: newID(), name: req.Name}
	if req.ExternalID != nil {
		g.externalID = sql.NullString{String: *req.ExternalID, Valid: true}
	}
	var colls []map[string]any
	err = s.write(ctx, func(tx *sql.Tx) error {
		m, err := s.orgAdmin(ctx, tx, r, c.user.id, (*membership).canManageGroups)
		if err != nil {
			return err
		}
		g.orgID = m.orgID
		if _, err := tx.ExecContext(ctx, "INSERT INTO groups (id, org_id, name, external_id, created_us) VALUES (?, ?, ?, ?, ?)",
			g.id, g.orgID, g.name, g.externalID, s.nowUS()); err != nil {
			return err
		}
		colls, err = s.saveGroupAccess(ctx, tx, g, req)
		return err
	})
	if err != nil {
		return nil, err
	}
	return groupDetailsJSON(g, colls), nil
}

// saveGroupAccess sets a created or updated group's members and collection
// access, bumps the organization's revision, and returns the group's
// collection access for the answer.
func (s *Server) saveGroupAccess(ctx context.Context, tx *sql.Tx, g *group, req *groupRequest) ([]map[string]any, error) {
	if err := setGroupAccess(ctx, tx, g.orgID, g.id, req.Collections, req.Users); err != nil {
		return nil, err
	}
	colls, err := groupCollections(ctx, tx, g.orgID)
	if err != nil {
		return nil, err
	}
	return colls[g.id], bumpOrg(ctx, tx, s.nowMS(), g.orgID)
}

func (s *Server) updateGroup(r *http.Request, c *caller) (any, error) {
	req, err := decodeGroup(r)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	var g *group
	var colls []map[string]any
	err = s.write(ctx, func(tx *sql.Tx) error {
		m, err := s.orgAdmin(ctx, tx, r, c.user.id, (*membership).canManageGroups)
		if err != nil {
			return err
		}
		if g, err = s.loadGroup(ctx, tx, m.orgID, r.PathValue("id")); err != nil {
			return err
		}
		g.name = req.Name
		if req.ExternalID != nil {
			g.externalID = sql.NullString{String: *req.ExternalID, Valid: true}
		}
		if _, err := tx.ExecContext(ctx, "UPDATE groups SET name = ?, external_id = ? WHERE id = ?", g.name, g.externalID, g.id); err != nil {
			return err
		}
		colls, err = s.saveGroupAccess(ctx, tx, g, req)
		return err
	})
	if err != nil {
		return nil, err
	}
	return groupDetailsJSON(g, colls), nil
}

// putGroupUsers is PUT …/groups/{id}/users with a JSON array of member ids.
func (s *Server) putGroupUsers(r *http.Request, c *caller) (any, error) {
	var ids []string
	if err := decodeJSON(r, &ids); err != nil {
		return nil, err
	}
	ctx := r.Context()
	return nil, s.write(ctx, func(tx *sql.Tx) error {
		m, err := s.orgAdmin(ctx, tx, r, c.user.id, (*membership).canManageGroups)
		if err != nil {
			return err
		}
		g, err := s.loadGroup(ctx, tx, m.orgID, r.PathValue("id"))
		if err != nil {
			return err
		}
		if err := setGroupAccess(ctx, tx, g.orgID, g.id, nil, &ids); err != nil {
			return err
		}
		return bumpOrg(ctx, tx, s.nowMS(), g.orgID)
	})
}

// deleteGroupUser removes one member from a group.
func (s *Server) deleteGroupUser(r *http.Request, c *caller) (any, error) {
	ctx := r.Context()
	return nil, s.write(ctx, func(tx *sql.Tx) error {
		m, err := s.orgAdmin(ctx, tx, r, c.user.id, (*membership).canManageGroups)
		if err != nil {
			return err
		}
		g, err := s.loadGroup(ctx, tx, m.orgID, r.PathValue("id"))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM group_members WHERE group_id = ? AND member_id = ?", g.id, normID(r.PathValue("memberID"))); err != nil {
			return err
		}
		return bumpOrg(ctx, tx, s.nowMS(), g.orgID)
	})
}

func (s *Server) deleteGroups(r *http.Request, c *caller, ids []string) error {
	ctx := r.Context()
	return s.write(ctx, func(tx *sql.Tx) error {
		m, err := s.orgAdmin(ctx, tx, r, c.user.id, (*membership).canManageGroups)
		if err != nil {
			return err
		}
		for _, id := range ids {
			g, err := s.loadGroup(ctx, tx, m.orgID, id)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "DELETE FROM groups WHERE id = ?", g.id); err != nil {
				return err
			}
		}
		return bumpOrg(ctx, tx, s.nowMS(), m.orgID)
	})
}

func (s *Server) deleteGroup(r *http.Request, c *caller) (any, error) {
	return nil, s.deleteGroups(r, c, []string{r.PathValue("id")})
}

func (s *Server) deleteGroupsBulk(r *http.Request, c *caller) (any, error) {
	req, err := decodeIDs(r)
	if err != nil {
		return nil, err
	}
	return nil, s.deleteGroups(r, c, req.IDs)
}
