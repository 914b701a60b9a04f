package api

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
)

// OrgUserType is a member's role (OrganizationUserType, §4.7). 3 (Manager)
// was removed upstream; Vaultwarden sends it as Custom.
type OrgUserType int

// Member roles.
const (
	OrgOwner  OrgUserType = 0
	OrgAdmin  OrgUserType = 1
	OrgUser   OrgUserType = 2
	OrgCustom OrgUserType = 4
)

func (t OrgUserType) String() string {
	switch t {
	case OrgOwner:
		return "owner"
	case OrgAdmin:
		return "admin"
	case OrgUser:
		return "user"
	case 3:
		return "manager"
	case OrgCustom:
		return "custom"
	}
	return "unknown"
}

// OrgUserStatus is a membership's state (OrganizationUserStatusType, §4.7).
type OrgUserStatus int

// Membership states: invited → accepted → confirmed; revoked at any point.
const (
	OrgRevoked   OrgUserStatus = -1
	OrgInvited   OrgUserStatus = 0
	OrgAccepted  OrgUserStatus = 1
	OrgConfirmed OrgUserStatus = 2
	OrgStaged    OrgUserStatus = 3
)

func (s OrgUserStatus) String() string {
	switch s {
	case OrgRevoked:
		return "revoked"
	case OrgInvited:
		return "invited"
	case OrgAccepted:
		return "accepted"
	case OrgConfirmed:
		return "confirmed"
	case OrgStaged:
		return "staged"
	}
	return "unknown"
}

// Permissions are a Custom member's rights (§4.7).
type Permissions struct {
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

// AccessSelection grants a member or group access to a collection, or a
// collection to a member or group (SelectionReadOnly, §4.9–4.11). ID is a
// membership, group or collection id depending on where it appears.
type AccessSelection struct {
	ID            string `json:"id"`
	ReadOnly      bool   `json:"readOnly"`
	HidePasswords bool   `json:"hidePasswords"`
	Manage        bool   `json:"manage"`
}

// PlanType is an organization's billing plan (§4.7); self-hosted servers
// ignore it.
type PlanType int

// A few plan types.
const (
	PlanFree               PlanType = 0
	PlanTeamsAnnually      PlanType = 18
	PlanEnterpriseAnnually PlanType = 20
)

// OrganizationCreateRequest creates an organization (§4.8). Key is the new
// organization key wrapped to the creator's public key; Keys is the
// organization's RSA pair, its private half under the organization key;
// CollectionName names the default collection, under the organization key.
type OrganizationCreateRequest struct {
	Name         string   `json:"name"`
	BusinessName string   `json:"businessName,omitempty"`
	BillingEmail string   `json:"billingEmail"`
	PlanType     PlanType `json:"planType"`
	// Seats is honoured by self-hosted test servers (Vaultdesk's sandbox);
	// the cloud sells seats instead.
	Seats          *int              `json:"seats,omitempty"`
	Key            crypto.EncString  `json:"key"`
	Keys           *KeysRequest      `json:"keys,omitempty"`
	CollectionName *crypto.EncString `json:"collectionName,omitempty"`
}

// Organization is an organization as its owners see it (§4.8).
type Organization struct {
	ID                      string   `json:"id"`
	Name                    string   `json:"name"`
	BusinessName            string   `json:"businessName"`
	BillingEmail            string   `json:"billingEmail"`
	PlanType                PlanType `json:"planType"`
	Seats                   *int     `json:"seats"`
	MaxCollections          *int     `json:"maxCollections"`
	UseGroups               bool     `json:"useGroups"`
	UsePolicies             bool     `json:"usePolicies"`
	UseTotp                 bool     `json:"useTotp"`
	HasPublicAndPrivateKeys bool     `json:"hasPublicAndPrivateKeys"`
}

// CreateOrganization creates an organization with the caller as its
// confirmed owner (POST /api/organizations).
func (c *Client) CreateOrganization(ctx context.Context, r *OrganizationCreateRequest) (*Organization, error) {
	return post[Organization](ctx, c, "/api/organizations", r)
}

// Collection is a collection; in a sync, ReadOnly, HidePasswords and
// Manage are the user's rights on it (§3.4, §4.10).
type Collection struct {
	ID             string           `json:"id"`
	OrganizationID string           `json:"organizationId"`
	Name           crypto.EncString `json:"name"` // under the org key; "Parent/Child" nests
	ExternalID     string           `json:"externalId"`
	Type           int              `json:"type"` // 0 shared, 1 a member's default "My Items"
	ReadOnly       bool             `json:"readOnly"`
	HidePasswords  bool             `json:"hidePasswords"`
	Manage         bool             `json:"manage"`
}

// CollectionRequest creates or updates a collection; Users hold membership
// ids, Groups group ids.
type CollectionRequest struct {
	Name       crypto.EncString  `json:"name"`
	ExternalID string            `json:"externalId,omitempty"`
	Groups     []AccessSelection `json:"groups"`
	Users      []AccessSelection `json:"users"`
}

// CreateCollection creates a collection
// (POST /api/organizations/{orgID}/collections).
func (c *Client) CreateCollection(ctx context.Context, orgID string, r *CollectionRequest) (*Collection, error) {
	in := *r
	in.Groups, in.Users = nonNil(in.Groups), nonNil(in.Users)
	return post[Collection](ctx, c, "/api/organizations/"+esc(orgID)+"/collections", &in)
}

// UpdateCollection renames a collection and replaces its access
// (PUT /api/organizations/{orgID}/collections/{id}).
func (c *Client) UpdateCollection(ctx context.Context, orgID, id string, r *CollectionRequest) (*Collection, error) {
	in := *r
	in.Groups, in.Users = nonNil(in.Groups), nonNil(in.Users)
	return put[Collection](ctx, c, "/api/organizations/"+esc(orgID)+"/collections/"+esc(id), &in)
}

// ListCollections lists an organization's collections
// (GET /api/organizations/{orgID}/collections).
func (c *Client) ListCollections(ctx context.Context, orgID string) ([]Collection, error) {
	return getList[Collection](ctx, c, "/api/organizations/"+esc(orgID)+"/collections")
}

// Group is a group of members (§4.11). Its name is plaintext.
type Group struct {
	ID             string `json:"id"`
	OrganizationID string `json:"organizationId"`
	Name           string `json:"name"`
	ExternalID     string `json:"externalId"`
}

// GroupRequest creates or updates a group: its collections and its members
// (membership ids).
type GroupRequest struct {
	Name        string            `json:"name"`
	ExternalID  string            `json:"externalId,omitempty"`
	Collections []AccessSelection `json:"collections"`
	Users       []string          `json:"users"`
}

// CreateGroup creates a group (POST /api/organizations/{orgID}/groups).
func (c *Client) CreateGroup(ctx context.Context, orgID string, r *GroupRequest) (*Group, error) {
	in := *r
	in.Collections, in.Users = nonNil(in.Collections), nonNil(in.Users)
	return post[Group](ctx, c, "/api/organizations/"+esc(orgID)+"/groups", &in)
}

// InviteRequest invites people to an organization with one role and one
// set of access (§4.9).
type InviteRequest struct {
	Emails               []string          `json:"emails"`
	Type                 OrgUserType       `json:"type"`
	AccessSecretsManager bool              `json:"accessSecretsManager"`
	Permissions          *Permissions      `json:"permissions,omitempty"`
	Collections          []AccessSelection `json:"collections"`
	Groups               []string          `json:"groups"`
}

// InviteMembers invites people (POST /api/organizations/{orgID}/users/invite).
// Each gets a mail with a token to accept with.
func (c *Client) InviteMembers(ctx context.Context, orgID string, r *InviteRequest) error {
	in := *r
	in.Collections, in.Groups = nonNil(in.Collections), nonNil(in.Groups)
	return c.do(ctx, http.MethodPost, "/api/organizations/"+esc(orgID)+"/users/invite", &in, nil)
}

// Member is an organization membership as administrators see it
// (organizationUserUserDetails, §4.9). ID is the membership id, UserID the
// account's ("" for an invitee with no account).
type Member struct {
	ID               string            `json:"id"`
	UserID           string            `json:"userId"`
	Name             string            `json:"name"`
	Email            string            `json:"email"`
	Type             OrgUserType       `json:"type"`
	Status           OrgUserStatus     `json:"status"`
	Permissions      *Permissions      `json:"permissions"`
	TwoFactorEnabled bool              `json:"twoFactorEnabled"`
	ExternalID       string            `json:"externalId"`
	Collections      []AccessSelection `json:"collections"`
	Groups           []string          `json:"groups"`
}

// ListMembers lists an organization's members with their collections and
// groups (GET /api/organizations/{orgID}/users).
func (c *Client) ListMembers(ctx context.Context, orgID string) ([]Member, error) {
	return getList[Member](ctx, c, "/api/organizations/"+esc(orgID)+"/users?includeCollections=true&includeGroups=true")
}

// AcceptInvite accepts an invitation as the invited user, with the token
// from the invite mail (POST …/users/{memberID}/accept).
func (c *Client) AcceptInvite(ctx context.Context, orgID, memberID string, token Secret) error {
	return c.do(ctx, http.MethodPost, "/api/organizations/"+esc(orgID)+"/users/"+esc(memberID)+"/accept",
		map[string]string{"token": string(token)}, nil)
}

// MemberPublicKey is an accepted member's public key.
type MemberPublicKey struct {
	ID     string `json:"id"` // membership id
	UserID string `json:"userId"`
	Key    string `json:"key"` // base64 SPKI
}

// PublicKey parses the key. Show its fingerprint (crypto.Fingerprint with
// UserID) before trusting it.
func (m *MemberPublicKey) PublicKey() (*crypto.PublicKey, error) { return parseSPKI(m.Key) }

// MemberPublicKeys returns the public keys of the given memberships
// (POST …/users/public-keys).
func (c *Client) MemberPublicKeys(ctx context.Context, orgID string, memberIDs []string) ([]MemberPublicKey, error) {
	l, err := post[list[MemberPublicKey]](ctx, c, "/api/organizations/"+esc(orgID)+"/users/public-keys",
		map[string][]string{"ids": nonNil(memberIDs)})
	if err != nil {
		return nil, err
	}
	return l.Data, nil
}

// UserPublicKey returns a user's public key (GET /api/users/{userID}/public-key).
func (c *Client) UserPublicKey(ctx context.Context, userID string) (*crypto.PublicKey, error) {
	r, err := get[struct {
		UserID    string `json:"userId"`
		PublicKey string `json:"publicKey"`
	}](ctx, c, "/api/users/"+esc(userID)+"/public-key")
	if err != nil {
		return nil, err
	}
	return parseSPKI(r.PublicKey)
}

func parseSPKI(b64 string) (*crypto.PublicKey, error) {
	der, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, fmt.Errorf("public key: %w", crypto.ErrBase64)
	}
	return crypto.ParsePublicKey(der)
}

// ConfirmMember confirms an accepted member, giving them the organization
// key wrapped to their public key (POST …/users/{memberID}/confirm).
func (c *Client) ConfirmMember(ctx context.Context, orgID, memberID string, key crypto.EncString) error {
	return c.do(ctx, http.MethodPost, "/api/organizations/"+esc(orgID)+"/users/"+esc(memberID)+"/confirm",
		map[string]crypto.EncString{"key": key}, nil)
}

// RevokeMember revokes a membership (PUT …/users/{memberID}/revoke).
func (c *Client) RevokeMember(ctx context.Context, orgID, memberID string) error {
	return c.do(ctx, http.MethodPut, "/api/organizations/"+esc(orgID)+"/users/"+esc(memberID)+"/revoke", nil, nil)
}

// RestoreMember restores a revoked membership (PUT …/users/{memberID}/restore).
func (c *Client) RestoreMember(ctx context.Context, orgID, memberID string) error {
	return c.do(ctx, http.MethodPut, "/api/organizations/"+esc(orgID)+"/users/"+esc(memberID)+"/restore", nil, nil)
}
