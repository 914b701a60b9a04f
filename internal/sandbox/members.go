package sandbox

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
)

// --- request shapes ---

// flexInt accepts a number or a numeric string, as Vaultwarden does for a
// member's type.
type flexInt struct {
	v   int
	set bool
}

func (f *flexInt) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "null" {
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return fmt.Errorf("not an integer")
	}
	f.v, f.set = n, true
	return nil
}

type collAccessRequest struct {
	ID            string `json:"id"`
	ReadOnly      bool   `json:"readOnly"`
	HidePasswords bool   `json:"hidePasswords"`
	Manage        bool   `json:"manage"`
}

type memberRequest struct {
	Emails      []string            `json:"emails"`
	Type        flexInt             `json:"type"`
	Permissions *permissions        `json:"permissions"`
	Collections []collAccessRequest `json:"collections"`
	Groups      *[]string           `json:"groups"`
}

func checkRole(t int) error {
	switch t {
	case roleOwner, roleAdmin, roleUser, roleCustom:
		return nil
	}
	return errBadRequest("type %d is not a member type (0 Owner, 1 Admin, 2 User, 4 Custom).", t)
}

func privileged(t int) bool { return t == roleOwner || t == roleAdmin }

// --- lookups ---

// orgAdmin returns the caller's membership if it passes check, 400 if not,
// 404 if the caller is not an active member.
func (s *Server) orgAdmin(ctx context.Context, q querier, r *http.Request, userID string, check func(*membership) bool) (*membership, error) {
	m, err := s.memberOf(ctx, q, r.PathValue("orgID"), userID)
	if err != nil {
		return nil, err
	}
	if !check(m) {
		return nil, errBadRequest("You do not have permission to do this in this organization.")
	}
	return m, nil
}

func (s *Server) loadMember(ctx context.Context, q querier, orgID, id string) (*membership, error) {
	if !validID(id) {
		return nil, errNotFound("Member")
	}
	m, err := scanMember(q.QueryRowContext(ctx, "SELECT "+memberCols+" FROM members WHERE id = ? AND org_id = ?", normID(id), orgID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound("Member")
	}
	return m, err
}

func countOwners(ctx context.Context, q querier, orgID string) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM members WHERE org_id = ? AND type = 0 AND status = 2 AND revoked = 0", orgID).Scan(&n)
	return n, err
}

// checkNotLastOwner refuses a change that would leave no confirmed owner.
func checkNotLastOwner(ctx context.Context, q querier, target *membership) error {
	if target.typ != roleOwner || !target.active() {
		return nil
	}
	n, err := countOwners(ctx, q, target.orgID)
	if err != nil {
		return err
	}
	if n <= 1 {
		return errBadRequest("The organization must keep at least one confirmed owner.")
	}
	return nil
}

// checkCanManage: Custom members with manageUsers may not touch Owners and
// Admins, nor make anyone one; only Owners may.
func checkCanManage(caller, target *membership, newType int) error {
	if caller.typ == roleOwner {
		return nil
	}
	if privileged(target.typ) || privileged(newType) {
		return errBadRequest("Only owners can manage owners and admins.")
	}
	return nil
}

func occupiedSeats(ctx context.Context, q querier, orgID string) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM members WHERE org_id = ? AND revoked = 0", orgID).Scan(&n)
	return n, err
}

// --- JSON ---

// memberInfo is a membership with the user fields members lists show.
type memberInfo struct {
	*membership
	name        sql.NullString
	avatarColor sql.NullString
	twoFactor   bool
	hasAccount  bool
}

func (s *Server) memberInfos(ctx context.Context, q querier, orgID, memberID string) ([]memberInfo, error) {
	query := `SELECT m.id, m.org_id, m.user_id, m.email, m.type, m.status, m.revoked, m.akey, m.permissions, m.external_id, m.created_us,
		u.name, u.avatar_color, (u.totp_secret IS NOT NULL OR u.email_2fa IS NOT NULL), u.id IS NOT NULL
		FROM members m LEFT JOIN users u ON u.id = m.user_id WHERE m.org_id = ?`
	args := []any{orgID}
	if memberID != "" {
		query += " AND m.id = ?"
		args = append(args, memberID)
	}
	rows, err := q.QueryContext(ctx, query+" ORDER BY m.email", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []memberInfo
	for rows.Next() {
		var mi memberInfo
		var m membership
		var perms sql.NullString
		var tf sql.NullBool
		if err := rows.Scan(&m.id, &m.orgID, &m.userID, &m.email, &m.typ, &m.status, &m.revoked, &m.akey, &perms, &m.externalID, &m.createdUS,
			&mi.name, &mi.avatarColor, &tf, &mi.hasAccount); err != nil {
			return nil, err
		}
		if perms.Valid {
			_ = jsonUnmarshalString(perms.String, &m.perms)
		}
		mi.membership = &m
		mi.twoFactor = tf.Bool
		out = append(out, mi)
	}
	return out, rows.Err()
}

// memberLinks loads the direct collection access and the groups of every
// member of an org, in two queries.
func memberLinks(ctx context.Context, q querier, orgID string) (colls map[string][]map[string]any, groups map[string][]string, err error) {
	colls, groups = map[string][]map[string]any{}, map[string][]string{}
	rows, err := q.QueryContext(ctx, `SELECT cm.member_id, cm.collection_id, cm.read_only, cm.hide_passwords, cm.manage
		FROM collection_members cm JOIN members m ON m.id = cm.member_id WHERE m.org_id = ? ORDER BY cm.collection_id`, orgID)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var mid, cid string
		var a access
		if err := rows.Scan(&mid, &cid, &a.readOnly, &a.hidePasswords, &a.manage); err != nil {
			rows.Close()
			return nil, nil, err
		}
		colls[mid] = append(colls[mid], accessJSON(cid, a))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	rows, err = q.QueryContext(ctx, `SELECT gm.member_id, gm.group_id FROM group_members gm JOIN members m ON m.id = gm.member_id
		WHERE m.org_id = ? ORDER BY gm.group_id`, orgID)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var mid, gid string
		if err := rows.Scan(&mid, &gid); err != nil {
			return nil, nil, err
		}
		groups[mid] = append(groups[mid], gid)
	}
	return colls, groups, rows.Err()
}

func accessJSON(id string, a access) map[string]any {
	return map[string]any{"id": id, "readOnly": a.readOnly, "hidePasswords": a.hidePasswords, "manage": a.manage}
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func memberPermissions(m *membership) any {
	if m.typ != roleCustom {
		return permissions{}
	}
	return m.perms
}

// memberDetailsJSON is organizationUserUserDetails (§4.9).
func memberDetailsJSON(mi memberInfo, colls []map[string]any, groups []string, object string) map[string]any {
	var name any
	if mi.name.Valid {
		name = mi.name.String
	}
	return map[string]any{
		"id":                    mi.id,
		"organizationId":        mi.orgID,
		"userId":                nullString(mi.userID),
		"name":                  name,
		"email":                 mi.email,
		"avatarColor":           nullString(mi.avatarColor),
		"type":                  mi.typ,
		"status":                mi.wireStatus(),
		"externalId":            nullString(mi.externalID),
		"accessSecretsManager":  false,
		"accessPam":             false,
		"permissions":           memberPermissions(mi.membership),
		"resetPasswordEnrolled": false,
		"usesKeyConnector":      false,
		"hasMasterPassword":     mi.hasAccount,
		"twoFactorEnabled":      mi.twoFactor,
		"ssoBound":              false,
		"managedByOrganization": false,
		"claimedByOrganization": false,
		"collections":           orEmpty(colls),
		"groups":                orEmpty(groups),
		"revocationReason":      nil,
		"creationDate":          formatMicros(mi.createdUS),
		"object":                object,
	}
}

// --- handlers ---

func (s *Server) listMembers(r *http.Request, c *caller) (any, error) {
	ctx := r.Context()
	m, err := s.orgAdmin(ctx, s.db, r, c.user.id, (*membership).canViewAdmin)
	if err != nil {
		return nil, err
	}
	infos, err := s.memberInfos(ctx, s.db, m.orgID, "")
	if err != nil {
		return nil, err
	}
	colls, groups, err := memberLinks(ctx, s.db, m.orgID)
	if err != nil {
		return nil, err
	}
	q := r.URL.Query()
	withColls, withGroups := q.Get("includeCollections") == "true", q.Get("includeGroups") == "true"
	out := make([]map[string]any, 0, len(infos))
	for _, mi := range infos {
		var cs []map[string]any
		var gs []string
		if withColls {
			cs = colls[mi.id]
		}
		if withGroups {
			gs = groups[mi.id]
		}
		out = append(out, memberDetailsJSON(mi, cs, gs, "organizationUserUserDetails"))
	}
	return list(out), nil
}

func (s *Server) memberMiniDetails(r *http.Request, c *caller) (any, error) {
	ctx := r.Context()
	m, err := s.memberOf(ctx, s.db, r.PathValue("orgID"), c.user.id)
	if err != nil {
		return nil, err
	}
	infos, err := s.memberInfos(ctx, s.db, m.orgID, "")
	if err != nil {
		return nil, err
	}
	out := make([]map[string]any, 0, len(infos))
	for _, mi := range infos {
		out = append(out, map[string]any{"id": mi.id, "userId": nullString(mi.userID), "type": mi.typ, "status": mi.wireStatus(),
			"name": nullString(mi.name), "email": mi.email, "object": "organizationUserUserMiniDetails"})
	}
	return list(out), nil
}

func (s *Server) getMember(r *http.Request, c *caller) (any, error) {
	ctx := r.Context()
	m, err := s.orgAdmin(ctx, s.db, r, c.user.id, (*membership).canViewAdmin)
	if err != nil {
		return nil, err
	}
	id := normID(r.PathValue("id"))
	if !validID(id) {
		return nil, errNotFound("Member")
	}
	infos, err := s.memberInfos(ctx, s.db, m.orgID, id)
	if err != nil {
		return nil, err
	}
	if len(infos) == 0 {
		return nil, errNotFound("Member")
	}
	colls, groups, err := memberLinks(ctx, s.db, m.orgID)
	if err != nil {
		return nil, err
	}
	return memberDetailsJSON(infos[0], colls[id], groups[id], "organizationUserDetails"), nil
}

// setMemberAccess replaces a member's direct collection access and, when
// groups is not nil, their groups. Every id must belong to the org.
func setMemberAccess(ctx context.Context, tx querier, orgID, memberID string, colls []collAccessRequest, groups *[]string) error {
	if colls != nil {
		set, err := orgCollectionSet(ctx, tx, orgID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM collection_members WHERE member_id = ?", memberID); err != nil {
			return err
		}
		for _, ca := range colls {
			id := normID(ca.ID)
			if !set[id] {
				return errBadRequest("A collection does not exist in this organization.")
			}
			if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO collection_members (collection_id, member_id, read_only, hide_passwords, manage)
				VALUES (?, ?, ?, ?, ?)`, id, memberID, ca.ReadOnly, ca.HidePasswords, ca.Manage); err != nil {
				return err
			}
		}
	}
	if groups != nil {
		gset, err := orgGroupSet(ctx, tx, orgID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM group_members WHERE member_id = ?", memberID); err != nil {
			return err
		}
		for _, g := range *groups {
			id := normID(g)
			if !gset[id] {
				return errBadRequest("A group does not exist in this organization.")
			}
			if _, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO group_members (group_id, member_id) VALUES (?, ?)", id, memberID); err != nil {
				return err
			}
		}
	}
	return nil
}

func permissionsValue(t int, p *permissions) any {
	if t != roleCustom || p == nil {
		return nil
	}
	b, _ := json.Marshal(p)
	return string(b)
}

// inviteLink is the web vault link of an invite mail.
func inviteLink(r *http.Request, o *org, memberID, email, token string) string {
	scheme := "https"
	if r.TLS == nil {
		scheme = "http"
	}
	q := url.Values{}
	q.Set("organizationId", o.id)
	q.Set("organizationUserId", memberID)
	q.Set("email", email)
	q.Set("organizationName", o.name)
	q.Set("token", token)
	return scheme + "://" + r.Host + "/#/accept-organization?" + q.Encode()
}

func (s *Server) mailInvite(ctx context.Context, tx *sql.Tx, r *http.Request, o *org, memberID, email string) error {
	token := randomToken(40)
	if _, err := tx.ExecContext(ctx, "UPDATE members SET invite_hash = ? WHERE id = ?", hashToken(token), memberID); err != nil {
		return err
	}
	link := inviteLink(r, o, memberID, email, token)
	return s.addMail(ctx, tx, Mail{
		To: email, Kind: "invite", Token: token, Link: link,
		Subject: "Join " + o.name,
		Body:    "You have been invited to join the organization " + o.name + ". Accept the invitation: " + link,
	})
}

// inviteMembers is POST …/users/invite: all emails or none.
func (s *Server) inviteMembers(r *http.Request, c *caller) (any, error) {
	var req memberRequest
	if err := decodeJSON(r, &req); err != nil {
		return nil, err
	}
	if !req.Type.set {
		req.Type.v = roleUser
	}
	if err := checkRole(req.Type.v); err != nil {
		return nil, err
	}
	if len(req.Emails) == 0 || len(req.Emails) > 20 {
		return nil, errBadRequest("Invite between 1 and 20 email addresses at a time.")
	}
	emails := make([]string, 0, len(req.Emails))
	seen := map[string]bool{}
	for _, e := range req.Emails {
		e = normEmail(e)
		if err := checkEmail(e); err != nil {
			return nil, err
		}
		if !seen[e] {
			seen[e] = true
			emails = append(emails, e)
		}
	}
	ctx := r.Context()
	return nil, s.write(ctx, func(tx *sql.Tx) error {
		m, err := s.orgAdmin(ctx, tx, r, c.user.id, (*membership).canManageUsers)
		if err != nil {
			return err
		}
		if privileged(req.Type.v) && m.typ != roleOwner {
			return errBadRequest("Only owners can invite owners and admins.")
		}
		o, err := s.loadOrg(ctx, tx, m.orgID)
		if err != nil {
			return err
		}
		used, err := occupiedSeats(ctx, tx, o.id)
		if err != nil {
			return err
		}
		if used+len(emails) > o.seats {
			return errBadRequest("You have reached the maximum number of seats (%d) for this organization.", o.seats)
		}
		for _, email := range emails {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM members WHERE org_id = ? AND email = ?", o.id, email).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return errBadRequest("%s is already a member of this organization.", email)
			}
			var userID sql.NullString
			if u, err := s.userByEmail(ctx, tx, email); err == nil {
				userID = sql.NullString{String: u.id, Valid: true}
			} else if !errors.Is(err, errNoUser) {
				return err
			}
			id := newID()
			if _, err := tx.ExecContext(ctx, `INSERT INTO members (id, org_id, user_id, email, type, status, permissions, created_us)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, o.id, userID, email, req.Type.v, statusInvited,
				permissionsValue(req.Type.v, req.Permissions), s.nowUS()); err != nil {
				return err
			}
			if err := setMemberAccess(ctx, tx, o.id, id, orEmpty(req.Collections), req.Groups); err != nil {
				return err
			}
			if err := s.mailInvite(ctx, tx, r, o, id, email); err != nil {
				return err
			}
		}
		return nil
	})
}

// bulkResult is one entry of a bulk member operation's answer.
func bulkResult(id string, err error) map[string]any {
	msg := ""
	var ae *apiError
	if errors.As(err, &ae) {
		msg = ae.msg
	}
	return map[string]any{"id": id, "error": msg, "object": "organizationUserBulkResponseModel"}
}

// bulk runs op on each member id in one transaction; refusals are reported
// per id, and other errors abort.
func (s *Server) bulk(r *http.Request, c *caller, ids []string, check func(*membership) bool,
	op func(ctx context.Context, tx *sql.Tx, caller, target *membership) error) ([]map[string]any, error) {
	ctx := r.Context()
	var out []map[string]any
	err := s.write(ctx, func(tx *sql.Tx) error {
		out = nil
		m, err := s.orgAdmin(ctx, tx, r, c.user.id, check)
		if err != nil {
			return err
		}
		for _, id := range ids {
			target, err := s.loadMember(ctx, tx, m.orgID, id)
			if err == nil {
				err = op(ctx, tx, m, target)
			}
			var ae *apiError
			if err != nil && !errors.As(err, &ae) {
				return err
			}
			out = append(out, bulkResult(normID(id), err))
		}
		return nil
	})
	return out, err
}

// single runs op on the member in the path; a refusal is the answer.
func (s *Server) single(r *http.Request, c *caller, check func(*membership) bool,
	op func(ctx context.Context, tx *sql.Tx, caller, target *membership) error) error {
	ctx := r.Context()
	return s.write(ctx, func(tx *sql.Tx) error {
		m, err := s.orgAdmin(ctx, tx, r, c.user.id, check)
		if err != nil {
			return err
		}
		target, err := s.loadMember(ctx, tx, m.orgID, r.PathValue("id"))
		if err != nil {
			return err
		}
		return op(ctx, tx, m, target)
	})
}

func (s *Server) reinviteOp(r *http.Request) func(ctx context.Context, tx *sql.Tx, caller, target *membership) error {
	return func(ctx context.Context, tx *sql.Tx, caller, target *membership) error {
		if target.status != statusInvited || target.revoked {
			return errBadRequest("Only invited members can be invited again.")
		}
		if err := checkCanManage(caller, target, target.typ); err != nil {
			return err
		}
		o, err := s.loadOrg(ctx, tx, target.orgID)
		if err != nil {
			return err
		}
		return s.mailInvite(ctx, tx, r, o, target.id, target.email)
	}
}

func (s *Server) reinviteMember(r *http.Request, c *caller) (any, error) {
	return nil, s.single(r, c, (*membership).canManageUsers, s.reinviteOp(r))
}

func (s *Server) reinviteMembers(r *http.Request, c *caller) (any, error) {
	req, err := decodeIDs(r)
	if err != nil {
		return nil, err
	}
	out, err := s.bulk(r, c, req.IDs, (*membership).canManageUsers, s.reinviteOp(r))
	if err != nil {
		return nil, err
	}
	return list(out), nil
}

// acceptInvite links the invited membership to the user and marks it
// Accepted, after checking the token and that the email matches.
func (s *Server) acceptInvite(ctx context.Context, tx *sql.Tx, userID, email, memberID, token string) error {
	invalid := errBadRequest("The invitation is not valid. Ask for a new one.")
	if !validID(memberID) || token == "" {
		return invalid
	}
	var orgID, invitedEmail string
	var status int
	var revoked bool
	var hash []byte
	err := tx.QueryRowContext(ctx, "SELECT org_id, email, status, revoked, invite_hash FROM members WHERE id = ?", normID(memberID)).
		Scan(&orgID, &invitedEmail, &status, &revoked, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return invalid
	}
	if err != nil {
		return err
	}
	if subtle.ConstantTimeCompare(hash, hashToken(token)) != 1 {
		return invalid
	}
	if invitedEmail != email {
		return errBadRequest("This invitation was sent to another email address.")
	}
	if status != statusInvited || revoked {
		return errBadRequest("The invitation has already been accepted.")
	}
	if _, err := tx.ExecContext(ctx, "UPDATE members SET user_id = ?, status = ?, invite_hash = NULL WHERE id = ?",
		userID, statusAccepted, normID(memberID)); err != nil {
		return err
	}
	return bumpUsers(ctx, tx, s.nowMS(), userID)
}

func (s *Server) acceptMember(r *http.Request, c *caller) (any, error) {
	var req struct {
		Token string `json:"token"`
	}
	if err := decodeJSON(r, &req); err != nil {
		return nil, err
	}
	ctx := r.Context()
	return nil, s.write(ctx, func(tx *sql.Tx) error {
		orgID, id := normID(r.PathValue("orgID")), normID(r.PathValue("id"))
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM members WHERE id = ? AND org_id = ?", id, orgID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return errNotFound("Invitation")
		}
		return s.acceptInvite(ctx, tx, c.user.id, c.user.email, id, req.Token)
	})
}

func (s *Server) memberPublicKeys(r *http.Request, c *caller) (any, error) {
	req, err := decodeIDs(r)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	m, err := s.orgAdmin(ctx, s.db, r, c.user.id, (*membership).canManageUsers)
	if err != nil {
		return nil, err
	}
	var out []map[string]any
	for _, id := range req.IDs {
		if !validID(id) {
			continue
		}
		var userID, pub string
		err := s.db.QueryRowContext(ctx, `SELECT u.id, u.public_key FROM members m JOIN users u ON u.id = m.user_id
			WHERE m.id = ? AND m.org_id = ? AND u.public_key IS NOT NULL`, normID(id), m.orgID).Scan(&userID, &pub)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, map[string]any{"id": normID(id), "userId": userID, "key": pub, "object": "organizationUserPublicKeyResponseModel"})
	}
	return list(out), nil
}

func (s *Server) confirmOp(key string) func(ctx context.Context, tx *sql.Tx, caller, target *membership) error {
	return func(ctx context.Context, tx *sql.Tx, caller, target *membership) error {
		if err := validateEnc(key, "key", crypto.EncRsa2048OaepSha1); err != nil {
			return err
		}
		if target.status != statusAccepted || target.revoked || !target.userID.Valid {
			return errBadRequest("Only members who have accepted their invitation can be confirmed.")
		}
		if err := checkCanManage(caller, target, target.typ); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE members SET status = ?, akey = ? WHERE id = ?", statusConfirmed, key, target.id); err != nil {
			return err
		}
		return bumpOrg(ctx, tx, s.nowMS(), target.orgID)
	}
}

func (s *Server) confirmMember(r *http.Request, c *caller) (any, error) {
	var req struct {
		Key string `json:"key"`
	}
	if err := decodeJSON(r, &req); err != nil {
		return nil, err
	}
	return nil, s.single(r, c, (*membership).canManageUsers, s.confirmOp(req.Key))
}

func (s *Server) confirmMembers(r *http.Request, c *caller) (any, error) {
	var req struct {
		Keys []struct {
			ID  string `json:"id"`
			Key string `json:"key"`
		} `json:"keys"`
	}
	if err := decodeJSON(r, &req); err != nil {
		return nil, err
	}
	if len(req.Keys) == 0 {
		return nil, errBadRequest("keys is required.")
	}
	ids := make([]string, len(req.Keys))
	keys := map[string]string{}
	for i, k := range req.Keys {
		ids[i] = k.ID
		keys[normID(k.ID)] = k.Key
	}
	out, err := s.bulk(r, c, ids, (*membership).canManageUsers, func(ctx context.Context, tx *sql.Tx, caller, target *membership) error {
		return s.confirmOp(keys[target.id])(ctx, tx, caller, target)
	})
	if err != nil {
		return nil, err
	}
	return list(out), nil
}

// updateMember is PUT (and POST) …/users/{id}: role, permissions and access.
func (s *Server) updateMember(r *http.Request, c *caller) (any, error) {
	var req memberRequest
	if err := decodeJSON(r, &req); err != nil {
		return nil, err
	}
	if req.Type.set {
		if err := checkRole(req.Type.v); err != nil {
			return nil, err
		}
	}
	return nil, s.single(r, c, (*membership).canManageUsers, func(ctx context.Context, tx *sql.Tx, caller, target *membership) error {
		newType := target.typ
		if req.Type.set {
			newType = req.Type.v
		}
		if err := checkCanManage(caller, target, newType); err != nil {
			return err
		}
		if newType != roleOwner {
			if err := checkNotLastOwner(ctx, tx, target); err != nil {
				return err
			}
		}
		perms := req.Permissions
		if perms == nil && newType == roleCustom {
			perms = &target.perms
		}
		if _, err := tx.ExecContext(ctx, "UPDATE members SET type = ?, permissions = ? WHERE id = ?",
			newType, permissionsValue(newType, perms), target.id); err != nil {
			return err
		}
		if err := setMemberAccess(ctx, tx, target.orgID, target.id, req.Collections, req.Groups); err != nil {
			return err
		}
		if err := bumpOrg(ctx, tx, s.nowMS(), target.orgID); err != nil {
			return err
		}
		return bumpUsers(ctx, tx, s.nowMS(), target.userID.String)
	})
}

func (s *Server) revokeOp(ctx context.Context, tx *sql.Tx, caller, target *membership) error {
	if target.revoked {
		return errBadRequest("The member is already revoked.")
	}
	if target.id == caller.id {
		return errBadRequest("You cannot revoke yourself.")
	}
	if err := checkCanManage(caller, target, target.typ); err != nil {
		return err
	}
	if err := checkNotLastOwner(ctx, tx, target); err != nil {
		return err
	}
	if err := bumpOrg(ctx, tx, s.nowMS(), target.orgID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, "UPDATE members SET revoked = 1 WHERE id = ?", target.id)
	return err
}

func (s *Server) restoreOp(ctx context.Context, tx *sql.Tx, caller, target *membership) error {
	if !target.revoked {
		return errBadRequest("The member is not revoked.")
	}
	if err := checkCanManage(caller, target, target.typ); err != nil {
		return err
	}
	o, err := s.loadOrg(ctx, tx, target.orgID)
	if err != nil {
		return err
	}
	used, err := occupiedSeats(ctx, tx, o.id)
	if err != nil {
		return err
	}
	if used+1 > o.seats {
		return errBadRequest("You have reached the maximum number of seats (%d) for this organization.", o.seats)
	}
	if _, err := tx.ExecContext(ctx, "UPDATE members SET revoked = 0 WHERE id = ?", target.id); err != nil {
		return err
	}
	return bumpOrg(ctx, tx, s.nowMS(), target.orgID)
}

func (s *Server) removeOp(ctx context.Context, tx *sql.Tx, caller, target *membership) error {
	if err := checkCanManage(caller, target, target.typ); err != nil {
		return err
	}
	if err := checkNotLastOwner(ctx, tx, target); err != nil {
		return err
	}
	if err := bumpOrg(ctx, tx, s.nowMS(), target.orgID); err != nil {
		return err
	}
	if err := bumpUsers(ctx, tx, s.nowMS(), target.userID.String); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, "DELETE FROM members WHERE id = ?", target.id)
	return err
}

func (s *Server) memberOp(op func(ctx context.Context, tx *sql.Tx, caller, target *membership) error) authedFunc {
	return func(r *http.Request, c *caller) (any, error) {
		return nil, s.single(r, c, (*membership).canManageUsers, op)
	}
}

func (s *Server) memberBulkOp(op func(ctx context.Context, tx *sql.Tx, caller, target *membership) error) authedFunc {
	return func(r *http.Request, c *caller) (any, error) {
		req, err := decodeIDs(r)
		if err != nil {
			return nil, err
		}
		out, err := s.bulk(r, c, req.IDs, (*membership).canManageUsers, op)
		if err != nil {
			return nil, err
		}
		return list(out), nil
	}
}
