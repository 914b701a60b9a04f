package sandbox

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
)

// org is a row of the orgs table.
type org struct {
	id, name, billingEmail string
	businessName           sql.NullString
	planType, seats        int
	publicKey, privateKey  sql.NullString
	createdUS              int64
}

const orgCols = "id, name, business_name, billing_email, plan_type, seats, public_key, private_key, created_us"

func scanOrg(row scanner) (*org, error) {
	var o org
	err := row.Scan(&o.id, &o.name, &o.businessName, &o.billingEmail, &o.planType, &o.seats, &o.publicKey, &o.privateKey, &o.createdUS)
	return &o, err
}

func (s *Server) loadOrg(ctx context.Context, q querier, id string) (*org, error) {
	o, err := scanOrg(q.QueryRowContext(ctx, "SELECT "+orgCols+" FROM orgs WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound("Organization")
	}
	return o, err
}

// productTier maps a PlanType (§4.7) to a ProductTierType: 0 Free,
// 1 Families, 2 Teams, 3 Enterprise.
func productTier(plan int) int {
	switch plan {
	case 0:
		return 0
	case 1, 7, 22:
		return 1
	case 2, 3, 8, 9, 12, 13, 16, 17, 18, 21:
		return 2
	}
	return 3
}

func defaultSeats(plan int) int {
	switch productTier(plan) {
	case 0:
		return 2
	case 1:
		return 6
	}
	return 10
}

// orgFeatures are the use* flags, the same in every org.
func orgFeatures(m map[string]any) {
	for k, v := range map[string]any{
		"use2fa": true, "useApi": true, "useCustomPermissions": true, "useDirectory": false, "useEvents": false,
		"useGroups": true, "useTotp": true, "usePolicies": true, "useScim": false, "useSso": false,
		"useKeyConnector": false, "usePasswordManager": true, "useSecretsManager": false, "useResetPassword": false,
		"useActivateAutofillPolicy": false, "useAdminSponsoredFamilies": false, "useRiskInsights": false,
		"useDisableSMAdsForUsers": true, "useInviteLinks": false, "useMyItems": false, "useOrganizationDomains": false,
		"usePam": false, "usePhishingBlocker": false, "useAutomaticUserConfirmation": false,
		"selfHost": true, "usersGetPremium": true, "maxCollections": nil, "maxStorageGb": 32767,
		"allowAdminAccessToAllCollectionItems": true, "limitCollectionCreation": true,
		"limitCollectionDeletion": true, "limitItemDeletion": false,
	} {
		m[k] = v
	}
}

// orgJSON is the "organization" object of GET /organizations/{id}.
func orgJSON(o *org) map[string]any {
	m := map[string]any{
		"id":                      o.id,
		"name":                    o.name,
		"businessName":            nullString(o.businessName),
		"billingEmail":            o.billingEmail,
		"planType":                o.planType,
		"productTierType":         productTier(o.planType),
		"seats":                   o.seats,
		"hasPublicAndPrivateKeys": o.publicKey.Valid && o.privateKey.Valid,
		"object":                  "organization",
	}
	orgFeatures(m)
	return m
}

// profileOrgJSON is a profile.organizations[] entry (§3.3).
func profileOrgJSON(o *org, m *membership) map[string]any {
	out := map[string]any{
		"id":                            o.id,
		"name":                          o.name,
		"identifier":                    nil,
		"organizationUserId":            m.id,
		"userId":                        m.userID.String,
		"key":                           nullString(m.akey),
		"type":                          m.typ,
		"status":                        m.wireStatus(),
		"enabled":                       true,
		"permissions":                   m.perms,
		"productTierType":               productTier(o.planType),
		"seats":                         o.seats,
		"hasPublicAndPrivateKeys":       o.publicKey.Valid && o.privateKey.Valid,
		"resetPasswordEnrolled":         false,
		"ssoBound":                      false,
		"ssoEnabled":                    false,
		"ssoMemberDecryptionType":       nil,
		"keyConnectorEnabled":           false,
		"keyConnectorUrl":               nil,
		"providerId":                    nil,
		"providerName":                  nil,
		"providerType":                  nil,
		"familySponsorshipFriendlyName": nil,
		"familySponsorshipAvailable":    false,
		"familySponsorshipLastSyncDate": nil,
		"familySponsorshipValidUntil":   nil,
		"familySponsorshipToDelete":     nil,
		"accessSecretsManager":          false,
		"accessPam":                     false,
		"userIsClaimedByOrganization":   false,
		"userIsManagedByOrganization":   false,
		"isAdminInitiated":              false,
		"object":                        "profileOrganization",
	}
	orgFeatures(out)
	return out
}

// profileOrganizations lists the user's confirmed, active memberships.
func (s *Server) profileOrganizations(ctx context.Context, q querier, userID string) ([]map[string]any, error) {
	rows, err := q.QueryContext(ctx, `SELECT m.id, m.org_id, m.user_id, m.email, m.type, m.status, m.revoked, m.akey, m.permissions,
		m.external_id, m.created_us, o.id, o.name, o.business_name, o.billing_email, o.plan_type, o.seats, o.public_key, o.private_key, o.created_us
		FROM members m JOIN orgs o ON o.id = m.org_id
		WHERE m.user_id = ? AND m.status = 2 AND m.revoked = 0 ORDER BY o.name, o.id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []map[string]any{}
	for rows.Next() {
		var o org
		var perms sql.NullString
		var m membership
		if err := rows.Scan(&m.id, &m.orgID, &m.userID, &m.email, &m.typ, &m.status, &m.revoked, &m.akey, &perms, &m.externalID, &m.createdUS,
			&o.id, &o.name, &o.businessName, &o.billingEmail, &o.planType, &o.seats, &o.publicKey, &o.privateKey, &o.createdUS); err != nil {
			return nil, err
		}
		if perms.Valid {
			_ = jsonUnmarshalString(perms.String, &m.perms)
		}
		out = append(out, profileOrgJSON(&o, &m))
	}
	return out, rows.Err()
}

func (s *Server) listMyOrgs(r *http.Request, c *caller) (any, error) {
	orgs, err := s.profileOrganizations(r.Context(), s.db, c.user.id)
	if err != nil {
		return nil, err
	}
	return list(orgs), nil
}

type orgCreateRequest struct {
	Name           string       `json:"name"`
	BusinessName   *string      `json:"businessName"`
	BillingEmail   string       `json:"billingEmail"`
	PlanType       int          `json:"planType"`
	Seats          *int         `json:"seats"`
	Key            string       `json:"key"`
	Keys           *keysRequest `json:"keys"`
	CollectionName *string      `json:"collectionName"`
}

func checkOrgName(name string) error {
	if name == "" {
		return errBadRequest("The organization name is required.")
	}
	if utf8.RuneCountInString(name) > 50 {
		return errBadRequest("The organization name is longer than 50 characters.")
	}
	return nil
}

// createOrg is POST /api/organizations (§4.8): the caller becomes its
// confirmed Owner, holding the org key they encrypted to themselves.
func (s *Server) createOrg(r *http.Request, c *caller) (any, error) {
	var req orgCreateRequest
	if err := decodeJSON(r, &req); err != nil {
		return nil, err
	}
	name := strings.TrimSpace(req.Name)
	if err := checkOrgName(name); err != nil {
		return nil, err
	}
	billing := normEmail(req.BillingEmail)
	if billing == "" {
		billing = c.user.email
	}
	if err := checkEmail(billing); err != nil {
		return nil, err
	}
	if req.PlanType < 0 || req.PlanType > 30 {
		return nil, errBadRequest("planType %d is not a known plan.", req.PlanType)
	}
	seats := defaultSeats(req.PlanType)
	if req.Seats != nil {
		if *req.Seats < 1 || *req.Seats > 100_000 {
			return nil, errBadRequest("seats must be between 1 and 100000.")
		}
		seats = *req.Seats
	}
	if err := validateEnc(req.Key, "key", crypto.EncRsa2048OaepSha1, crypto.EncRsa2048OaepSha256,
		crypto.EncRsa2048OaepSha1HmacSha256, crypto.EncRsa2048OaepSha256HmacSha256); err != nil {
		return nil, err
	}
	if req.Keys == nil {
		return nil, errBadRequest("keys is required.")
	}
	if err := req.Keys.validate("keys"); err != nil {
		return nil, err
	}
	if req.CollectionName != nil && *req.CollectionName != "" {
		if err := checkEnc(*req.CollectionName, "collectionName"); err != nil {
			return nil, errBadRequest("%v.", err)
		}
	}
	ctx := r.Context()
	id := newID()
	err := s.write(ctx, func(tx *sql.Tx) error {
		now := s.nowUS()
		if _, err := tx.ExecContext(ctx, `INSERT INTO orgs (id, name, business_name, billing_email, plan_type, seats, public_key, private_key, created_us)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, name, req.BusinessName, billing, req.PlanType, seats,
			req.Keys.PublicKey, req.Keys.EncryptedPrivateKey, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO members (id, org_id, user_id, email, type, status, akey, created_us)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, newID(), id, c.user.id, c.user.email, roleOwner, statusConfirmed, req.Key, now); err != nil {
			return err
		}
		if req.CollectionName != nil && *req.CollectionName != "" {
			if _, err := tx.ExecContext(ctx, "INSERT INTO collections (id, org_id, name, created_us) VALUES (?, ?, ?, ?)",
				newID(), id, *req.CollectionName, now); err != nil {
				return err
			}
		}
		return bumpUsers(ctx, tx, s.nowMS(), c.user.id)
	})
	if err != nil {
		return nil, err
	}
	o, err := s.loadOrg(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	return orgJSON(o), nil
}

func (s *Server) getOrg(r *http.Request, c *caller) (any, error) {
	ctx := r.Context()
	m, err := s.memberOf(ctx, s.db, r.PathValue("orgID"), c.user.id)
	if err != nil {
		return nil, err
	}
	if !m.fullAccess() {
		return nil, errBadRequest("Only Owners and Admins can see the organization's settings.")
	}
	o, err := s.loadOrg(ctx, s.db, m.orgID)
	if err != nil {
		return nil, err
	}
	return orgJSON(o), nil
}

func (s *Server) updateOrg(r *http.Request, c *caller) (any, error) {
	var req struct {
		Name         *string `json:"name"`
		BusinessName *string `json:"businessName"`
		BillingEmail *string `json:"billingEmail"`
	}
	if err := decodeJSON(r, &req); err != nil {
		return nil, err
	}
	ctx := r.Context()
	var o *org
	err := s.write(ctx, func(tx *sql.Tx) error {
		m, err := s.memberOf(ctx, tx, r.PathValue("orgID"), c.user.id)
		if err != nil {
			return err
		}
		if m.typ != roleOwner {
			return errBadRequest("Only Owners can change the organization's settings.")
		}
		if o, err = s.loadOrg(ctx, tx, m.orgID); err != nil {
			return err
		}
		if req.Name != nil {
			o.name = strings.TrimSpace(*req.Name)
			if err := checkOrgName(o.name); err != nil {
				return err
			}
		}
		if req.BillingEmail != nil {
			o.billingEmail = normEmail(*req.BillingEmail)
			if err := checkEmail(o.billingEmail); err != nil {
				return err
			}
		}
		if req.BusinessName != nil {
			o.businessName = sql.NullString{String: *req.BusinessName, Valid: true}
		}
		if _, err := tx.ExecContext(ctx, "UPDATE orgs SET name = ?, billing_email = ?, business_name = ? WHERE id = ?",
			o.name, o.billingEmail, o.businessName, o.id); err != nil {
			return err
		}
		return bumpOrg(ctx, tx, s.nowMS(), o.id)
	})
	if err != nil {
		return nil, err
	}
	return orgJSON(o), nil
}

// orgPublicKey answers the org's public key to any member, including one
// who has only accepted an invite.
func (s *Server) orgPublicKey(r *http.Request, c *caller) (any, error) {
	ctx := r.Context()
	orgID := normID(r.PathValue("orgID"))
	if !validID(orgID) {
		return nil, errNotFound("Organization")
	}
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM members WHERE org_id = ? AND user_id = ? AND revoked = 0",
		orgID, c.user.id).Scan(&n); err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, errNotFound("Organization")
	}
	o, err := s.loadOrg(ctx, s.db, orgID)
	if err != nil {
		return nil, err
	}
	return map[string]any{"object": "organizationPublicKey", "publicKey": nullString(o.publicKey)}, nil
}

// orgPolicies: the sandbox has no policies; members get an empty list.
func (s *Server) orgPolicies(r *http.Request, c *caller) (any, error) {
	if _, err := s.memberOf(r.Context(), s.db, r.PathValue("orgID"), c.user.id); err != nil {
		return nil, err
	}
	return list([]any{}), nil
}
