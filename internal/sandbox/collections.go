package sandbox

import (
	"context"
	"database/sql"
	"net/http"
)

// collection is a row of the collections table.
type collection struct {
	id, orgID, name string
	externalID      sql.NullString
}

func collectionJSON(c *collection, object string) map[string]any {
	return map[string]any{
		"id":                         c.id,
		"organizationId":             c.orgID,
		"name":                       c.name,
		"externalId":                 nullString(c.externalID),
		"type":                       0,
		"defaultUserCollectionEmail": nil,
		"object":                     object,
	}
}

func queryCollections(ctx context.Context, q querier, where string, args ...any) ([]*collection, error) {
	rows, err := q.QueryContext(ctx, "SELECT id, org_id, name, external_id FROM collections WHERE "+where+" ORDER BY org_id, id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*collection
	for rows.Next() {
		var c collection
		if err := rows.Scan(&c.id, &c.orgID, &c.name, &c.externalID); err != nil {
			return nil, err
		}
		out = append(out, &c)
	}
	return out, rows.Err()
}

// collectionDetailsList is every collection the user sees, with their
// access (§3.4): for sync and GET /api/collections.
func (s *Server) collectionDetailsList(ctx context.Context, q querier, ua *userAccess) ([]map[string]any, error) {
	out := []map[string]any{}
	if len(ua.orgs) == 0 {
		return out, nil
	}
	colls, err := queryCollections(ctx, q, "org_id IN ("+activeOrgs+")", ua.userID)
	if err != nil {
		return nil, err
	}
	for _, c := range colls {
		a, ok := ua.collection(c.orgID, c.id)
		if !ok {
			continue
		}
		j := collectionJSON(c, "collectionDetails")
		j["readOnly"], j["hidePasswords"], j["manage"] = a.readOnly, a.hidePasswords, a.manage
		out = append(out, j)
	}
	return out, nil
}

func (s *Server) listAllCollections(r *http.Request, c *caller) (any, error) {
	ctx := r.Context()
	ua, err := s.loadAccess(ctx, s.db, c.user.id)
	if err != nil {
		return nil, err
	}
	colls, err := s.collectionDetailsList(ctx, s.db, ua)
	if err != nil {
		return nil, err
	}
	return list(colls), nil
}

// orgCollectionsFor returns the org's collections the caller may see in
// the admin views: all of them for admins and Custom managers, otherwise
// the assigned ones.
func (s *Server) orgCollectionsFor(ctx context.Context, q querier, m *membership, ua *userAccess) ([]*collection, error) {
	colls, err := queryCollections(ctx, q, "org_id = ?", m.orgID)
	if err != nil || m.canViewAdmin() {
		return colls, err
	}
	var out []*collection
	for _, c := range colls {
		if _, ok := ua.collection(m.orgID, c.id); ok {
			out = append(out, c)
		}
	}
	return out, nil
}

// collectionAccessLists loads users and groups of every collection of an
// org in two queries.
func collectionAccessLists(ctx context.Context, q querier, orgID string) (users, groups map[string][]map[string]any, err error) {
	users, groups = map[string][]map[string]any{}, map[string][]map[string]any{}
	for _, t := range []struct {
		query string
		into  map[string][]map[string]any
	}{
		{`SELECT cm.collection_id, cm.member_id, cm.read_only, cm.hide_passwords, cm.manage FROM collection_members cm
			JOIN collections c ON c.id = cm.collection_id WHERE c.org_id = ? ORDER BY cm.member_id`, users},
		{`SELECT cg.collection_id, cg.group_id, cg.read_only, cg.hide_passwords, cg.manage FROM collection_groups cg
			JOIN collections c ON c.id = cg.collection_id WHERE c.org_id = ? ORDER BY cg.group_id`, groups},
	} {
		rows, err := q.QueryContext(ctx, t.query, orgID)
		if err != nil {
			return nil, nil, err
		}
		for rows.Next() {
			var cid, id string
			var a access
			if err := rows.Scan(&cid, &id, &a.readOnly, &a.hidePasswords, &a.manage); err != nil {
				rows.Close()
				return nil, nil, err
			}
			t.into[cid] = append(t.into[cid], accessJSON(id, a))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, err
		}
	}
	return users, groups, nil
}

// orgCollectionContext is what every org collection handler needs.
func (s *Server) orgCollectionContext(ctx context.Context, q querier, r *http.Request, userID string) (*membership, *userAccess, error) {
	m, err := s.memberOf(ctx, q, r.PathValue("orgID"), userID)
	if err != nil {
		return nil, nil, err
	}
	ua, err := s.loadAccess(ctx, q, userID)
	if err != nil {
		return nil, nil, err
	}
	return m, ua, nil
}

func (s *Server) listOrgCollections(r *http.Request, c *caller) (any, error) {
	ctx := r.Context()
	m, ua, err := s.orgCollectionContext(ctx, s.db, r, c.user.id)
	if err != nil {
		return nil, err
	}
	colls, err := s.orgCollectionsFor(ctx, s.db, m, ua)
	if err != nil {
		return nil, err
	}
	out := make([]map[string]any, 0, len(colls))
	for _, col := range colls {
		out = append(out, collectionJSON(col, "collection"))
	}
	return list(out), nil
}

func collectionAccessDetails(col *collection, m *membership, ua *userAccess, users, groups map[string][]map[string]any) map[string]any {
	j := collectionJSON(col, "collectionAccessDetails")
	a, assigned := ua.collection(m.orgID, col.id)
	if m.fullAccess() {
		_, assigned = ua.colls[col.id]
	}
	j["assigned"] = assigned
	j["readOnly"], j["hidePasswords"], j["manage"] = a.readOnly, a.hidePasswords, a.manage
	j["unmanaged"] = false
	if m.canViewAdmin() || a.manage {
		j["users"], j["groups"] = orEmpty(users[col.id]), orEmpty(groups[col.id])
	} else {
		j["users"], j["groups"] = []map[string]any{}, []map[string]any{}
	}
	return j
}

func (s *Server) listOrgCollectionDetails(r *http.Request, c *caller) (any, error) {
	ctx := r.Context()
	m, ua, err := s.orgCollectionContext(ctx, s.db, r, c.user.id)
	if err != nil {
		return nil, err
	}
	colls, err := s.orgCollectionsFor(ctx, s.db, m, ua)
	if err != nil {
		return nil, err
	}
	users, groups, err := collectionAccessLists(ctx, s.db, m.orgID)
	if err != nil {
		return nil, err
	}
	out := make([]map[string]any, 0, len(colls))
	for _, col := range colls {
		out = append(out, collectionAccessDetails(col, m, ua, users, groups))
	}
	return list(out), nil
}

// loadOrgCollection finds a collection of the org that the caller may see.
func (s *Server) loadOrgCollection(ctx context.Context, q querier, m *membership, ua *userAccess, id string) (*collection, error) {
	if !validID(id) {
		return nil, errNotFound("Collection")
	}
	colls, err := queryCollections(ctx, q, "id = ? AND org_id = ?", normID(id), m.orgID)
	if err != nil {
		return nil, err
	}
	if len(colls) == 0 {
		return nil, errNotFound("Collection")
	}
	if _, ok := ua.collection(m.orgID, colls[0].id); !ok && !m.canViewAdmin() {
		return nil, errNotFound("Collection")
	}
	return colls[0], nil
}

func (s *Server) getOrgCollection(detail string) authedFunc {
	return func(r *http.Request, c *caller) (any, error) {
		ctx := r.Context()
		m, ua, err := s.orgCollectionContext(ctx, s.db, r, c.user.id)
		if err != nil {
			return nil, err
		}
		col, err := s.loadOrgCollection(ctx, s.db, m, ua, r.PathValue("id"))
		if err != nil {
			return nil, err
		}
		if detail == "" {
			return collectionJSON(col, "collection"), nil
		}
		users, groups, err := collectionAccessLists(ctx, s.db, m.orgID)
		if err != nil {
			return nil, err
		}
		j := collectionAccessDetails(col, m, ua, users, groups)
		if detail == "users" {
			return j["users"], nil
		}
		return j, nil
	}
}

type collectionRequest struct {
	Name       string               `json:"name"`
	ExternalID *string              `json:"externalId"`
	Groups     *[]collAccessRequest `json:"groups"`
	Users      *[]collAccessRequest `json:"users"`
}

func decodeCollection(r *http.Request) (*collectionRequest, error) {
	var req collectionRequest
	if err := decodeJSON(r, &req); err != nil {
		return nil, err
	}
	if err := checkEnc(req.Name, "name"); err != nil {
		return nil, errBadRequest("%v.", err)
	}
	return &req, nil
}

// setCollectionAccess replaces the users and/or groups of a collection;
// a nil list stays as it is. Ids are membership and group ids of the org.
func setCollectionAccess(ctx context.Context, tx querier, orgID, collID string, users, groups *[]collAccessRequest) error {
	if users != nil {
		if _, err := tx.ExecContext(ctx, "DELETE FROM collection_members WHERE collection_id = ?", collID); err != nil {
			return err
		}
		for _, u := range *users {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM members WHERE id = ? AND org_id = ?", normID(u.ID), orgID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return errBadRequest("A member does not exist in this organization.")
			}
			if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO collection_members (collection_id, member_id, read_only, hide_passwords, manage)
				VALUES (?, ?, ?, ?, ?)`, collID, normID(u.ID), u.ReadOnly, u.HidePasswords, u.Manage); err != nil {
				return err
			}
		}
	}
	if groups != nil {
		gset, err := orgGroupSet(ctx, tx, orgID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM collection_groups WHERE collection_id = ?", collID); err != nil {
			return err
		}
		for _, g := range *groups {
			if !gset[normID(g.ID)] {
				return errBadRequest("A group does not exist in this organization.")
			}
			if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO collection_groups (collection_id, group_id, read_only, hide_passwords, manage)
				VALUES (?, ?, ?, ?, ?)`, collID, normID(g.ID), g.ReadOnly, g.HidePasswords, g.Manage); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *Server) createCollection(r *http.Request, c *caller) (any, error) {
	req, err := decodeCollection(r)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	col := &collection{id: newID(), name: req.Name}
	if req.ExternalID != nil {
		col.externalID = sql.NullString{String: *req.ExternalID, Valid: true}
	}
	err = s.write(ctx, func(tx *sql.Tx) error {
		m, err := s.orgAdmin(ctx, tx, r, c.user.id, (*membership).canCreateCollections)
		if err != nil {
			return err
		}
		col.orgID = m.orgID
		if _, err := tx.ExecContext(ctx, "INSERT INTO collections (id, org_id, name, external_id, created_us) VALUES (?, ?, ?, ?, ?)",
			col.id, col.orgID, col.name, col.externalID, s.nowUS()); err != nil {
			return err
		}
		users := req.Users
		if !m.fullAccess() && !m.canEditAnyCollection() {
			// A Custom member who may create collections manages what they create.
			list := append([]collAccessRequest(nil), derefOr(users)...)
			found := false
			for i := range list {
				if normID(list[i].ID) == m.id {
					list[i].Manage, found = true, true
				}
			}
			if !found {
				list = append(list, collAccessRequest{ID: m.id, Manage: true})
			}
			users = &list
		}
		if err := setCollectionAccess(ctx, tx, col.orgID, col.id, users, req.Groups); err != nil {
			return err
		}
		return bumpOrg(ctx, tx, s.nowMS(), col.orgID)
	})
	if err != nil {
		return nil, err
	}
	return collectionJSON(col, "collection"), nil
}

func derefOr[T any](p *[]T) []T {
	if p == nil {
		return nil
	}
	return *p
}

// collectionWrite loads a collection for a change the caller must be
// allowed: editing (edit) or deleting (!edit).
func (s *Server) collectionWrite(ctx context.Context, tx *sql.Tx, r *http.Request, userID, id string, edit bool) (*collection, error) {
	m, ua, err := s.orgCollectionContext(ctx, tx, r, userID)
	if err != nil {
		return nil, err
	}
	col, err := s.loadOrgCollection(ctx, tx, m, ua, id)
	if err != nil {
		return nil, err
	}
	a, _ := ua.collection(m.orgID, col.id)
	allowed := a.manage || (edit && m.canEditAnyCollection()) || (!edit && m.canDeleteAnyCollection())
	if !allowed {
		return nil, errBadRequest("You do not have permission to change this collection.")
	}
	return col, nil
}

func (s *Server) updateCollection(r *http.Request, c *caller) (any, error) {
	req, err := decodeCollection(r)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	var col *collection
	err = s.write(ctx, func(tx *sql.Tx) error {
		if col, err = s.collectionWrite(ctx, tx, r, c.user.id, r.PathValue("id"), true); err != nil {
			return err
		}
		col.name = req.Name
		if req.ExternalID != nil {
			col.externalID = sql.NullString{String: *req.ExternalID, Valid: true}
		}
		if _, err := tx.ExecContext(ctx, "UPDATE collections SET name = ?, external_id = ? WHERE id = ?", col.name, col.externalID, col.id); err != nil {
			return err
		}
		if err := setCollectionAccess(ctx, tx, col.orgID, col.id, req.Users, req.Groups); err != nil {
			return err
		}
		return bumpOrg(ctx, tx, s.nowMS(), col.orgID)
	})
	if err != nil {
		return nil, err
	}
	return collectionJSON(col, "collection"), nil
}

func (s *Server) deleteCollections(ctx context.Context, r *http.Request, userID string, ids []string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		var orgID string
		for _, id := range ids {
			col, err := s.collectionWrite(ctx, tx, r, userID, id, false)
			if err != nil {
				return err
			}
			orgID = col.orgID
			if _, err := tx.ExecContext(ctx, "DELETE FROM collections WHERE id = ?", col.id); err != nil {
				return err
			}
		}
		if orgID == "" {
			return nil
		}
		return bumpOrg(ctx, tx, s.nowMS(), orgID)
	})
}

func (s *Server) deleteCollection(r *http.Request, c *caller) (any, error) {
	return nil, s.deleteCollections(r.Context(), r, c.user.id, []string{r.PathValue("id")})
}

func (s *Server) deleteCollectionsBulk(r *http.Request, c *caller) (any, error) {
	req, err := decodeIDs(r)
	if err != nil {
		return nil, err
	}
	return nil, s.deleteCollections(r.Context(), r, c.user.id, req.IDs)
}
