package sandbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
)

// Organization user types and statuses (§4.7).
const (
	roleOwner  = 0
	roleAdmin  = 1
	roleUser   = 2
	roleCustom = 4

	statusInvited   = 0
	statusAccepted  = 1
	statusConfirmed = 2
	statusRevoked   = -1 // on the wire; stored as the revoked flag
)

// permissions are a Custom member's rights (§4.7).
type permissions struct {
	AccessEventLogs      bool `json:"accessEventLogs"`
	AccessImportExport   bool `json:"accessImportExport"`
	AccessReports        bool `json:"accessReports"`
	CreateNewCollections bool `json:"createNewCollections"`
	EditAnyCollection    bool `json:"editAnyCollection"`
	DeleteAnyCollection  bool `json:"deleteAnyCollection"`
	ManageGroups         bool `json:"manageGroups"`
	ManagePolicies       bool `json:"managePolicies"`
	ManageSso            bool `json:"manageSso"`
	ManageUsers          bool `json:"manageUsers"`
	ManageResetPassword  bool `json:"manageResetPassword"`
	ManageScim           bool `json:"manageScim"`
}

// membership is a row of the members table.
type membership struct {
	id, orgID, email string
	userID           sql.NullString
	typ, status      int
	revoked          bool
	akey             sql.NullString
	perms            permissions
	externalID       sql.NullString
	createdUS        int64
}

const memberCols = "id, org_id, user_id, email, type, status, revoked, akey, permissions, external_id, created_us"

func scanMember(row scanner) (*membership, error) {
	var m membership
	var perms sql.NullString
	if err := row.Scan(&m.id, &m.orgID, &m.userID, &m.email, &m.typ, &m.status, &m.revoked, &m.akey, &perms, &m.externalID, &m.createdUS); err != nil {
		return nil, err
	}
	if perms.Valid {
		// Written by us from a decoded struct; a damaged value just means no rights.
		_ = json.Unmarshal([]byte(perms.String), &m.perms)
	}
	return &m, nil
}

// active reports whether the membership gives access to the org's data.
func (m *membership) active() bool { return m.status == statusConfirmed && !m.revoked }

// fullAccess: Owners and Admins see and edit every item of the org.
func (m *membership) fullAccess() bool { return m.typ == roleOwner || m.typ == roleAdmin }

func (m *membership) wireStatus() int {
	if m.revoked {
		return statusRevoked
	}
	return m.status
}

func (m *membership) custom() bool { return m.typ == roleCustom }

func (m *membership) canManageUsers() bool {
	return m.fullAccess() || (m.custom() && m.perms.ManageUsers)
}
func (m *membership) canManageGroups() bool {
	return m.fullAccess() || (m.custom() && m.perms.ManageGroups)
}
func (m *membership) canCreateCollections() bool {
	return m.fullAccess() || (m.custom() && m.perms.CreateNewCollections)
}
func (m *membership) canEditAnyCollection() bool {
	return m.fullAccess() || (m.custom() && m.perms.EditAnyCollection)
}
func (m *membership) canDeleteAnyCollection() bool {
	return m.fullAccess() || (m.custom() && m.perms.DeleteAnyCollection)
}

// canViewAdmin: may list members, groups and every collection's access.
func (m *membership) canViewAdmin() bool {
	return m.canManageUsers() || m.canManageGroups() || m.canCreateCollections() ||
		m.canEditAnyCollection() || m.canDeleteAnyCollection()
}

// access is what a user may do with an item or collection.
type access struct {
	readOnly, hidePasswords, manage bool
}

var fullRights = access{manage: true}

// merge combines two grants: restrictions hold only if every grant has them.
func (a access) merge(b access) access {
	return access{readOnly: a.readOnly && b.readOnly, hidePasswords: a.hidePasswords && b.hidePasswords, manage: a.manage || b.manage}
}

// userAccess is everything that decides what one user sees: their active
// memberships and, for orgs where they are not Owner or Admin, the
// collections assigned to them directly or through groups.
type userAccess struct {
	userID string
	orgs   map[string]*membership // active memberships by org id
	colls  map[string]access      // assigned collections (non-full orgs)
}

func (s *Server) loadAccess(ctx context.Context, q querier, userID string) (*userAccess, error) {
	ua := &userAccess{userID: userID, orgs: map[string]*membership{}, colls: map[string]access{}}
	rows, err := q.QueryContext(ctx, "SELECT "+memberCols+" FROM members WHERE user_id = ? AND status = 2 AND revoked = 0", userID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		ua.orgs[m.orgID] = m
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.QueryContext(ctx, `
		SELECT cm.collection_id, cm.read_only, cm.hide_passwords, cm.manage FROM collection_members cm
			JOIN members m ON m.id = cm.member_id
			WHERE m.user_id = ?1 AND m.status = 2 AND m.revoked = 0
		UNION ALL
		SELECT cg.collection_id, cg.read_only, cg.hide_passwords, cg.manage FROM collection_groups cg
			JOIN group_members gm ON gm.group_id = cg.group_id
			JOIN members m ON m.id = gm.member_id
			WHERE m.user_id = ?1 AND m.status = 2 AND m.revoked = 0`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var a access
		if err := rows.Scan(&id, &a.readOnly, &a.hidePasswords, &a.manage); err != nil {
			return nil, err
		}
		if prev, ok := ua.colls[id]; ok {
			a = prev.merge(a)
		}
		ua.colls[id] = a
	}
	return ua, rows.Err()
}

// collection reports the user's access to a collection of an org.
func (ua *userAccess) collection(orgID, collID string) (access, bool) {
	m := ua.orgs[orgID]
	if m == nil {
		return access{}, false
	}
	if m.fullAccess() {
		return fullRights, true
	}
	a, ok := ua.colls[collID]
	return a, ok
}

// cipher reports the user's access to a cipher in the given collections.
func (ua *userAccess) cipher(userID, orgID sql.NullString, collIDs []string) (access, bool) {
	if userID.Valid {
		return fullRights, userID.String == ua.userID
	}
	m := ua.orgs[orgID.String]
	if m == nil {
		return access{}, false
	}
	if m.fullAccess() {
		return fullRights, true
	}
	var acc access
	found := false
	for _, id := range collIDs {
		a, ok := ua.colls[id]
		if !ok {
			continue
		}
		if found {
			acc = acc.merge(a)
		} else {
			acc, found = a, true
		}
	}
	return acc, found
}

// visibleCollections filters collIDs to those the user can see.
func (ua *userAccess) visibleCollections(orgID string, collIDs []string) []string {
	m := ua.orgs[orgID]
	if m == nil {
		return nil
	}
	if m.fullAccess() {
		return collIDs
	}
	out := make([]string, 0, len(collIDs))
	for _, id := range collIDs {
		if _, ok := ua.colls[id]; ok {
			out = append(out, id)
		}
	}
	return out
}

// memberOf returns the caller's active membership of an org, or a 404 if
// there is none: an org the caller cannot see does not exist for them.
func (s *Server) memberOf(ctx context.Context, q querier, orgID, userID string) (*membership, error) {
	if !validID(orgID) {
		return nil, errNotFound("Organization")
	}
	m, err := scanMember(q.QueryRowContext(ctx, "SELECT "+memberCols+" FROM members WHERE org_id = ? AND user_id = ? AND status = 2 AND revoked = 0",
		normID(orgID), userID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound("Organization")
	}
	return m, err
}
