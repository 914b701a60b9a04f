package api

import (
	"context"
	"net/http"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
)

// MemberUpdateRequest changes a member's role, permissions and access
// (PUT …/users/{id}, §4.9). Collections replaces the member's direct
// collection access; Groups, when not nil, replaces their groups.
type MemberUpdateRequest struct {
	Type                 OrgUserType       `json:"type"`
	AccessSecretsManager bool              `json:"accessSecretsManager"`
	Permissions          *Permissions      `json:"permissions,omitempty"`
	Collections          []AccessSelection `json:"collections"`
	Groups               *[]string         `json:"groups,omitempty"`
}

// UpdateMember changes a membership (PUT …/users/{memberID}).
func (c *Client) UpdateMember(ctx context.Context, orgID, memberID string, r *MemberUpdateRequest) error {
	in := *r
	in.Collections = nonNil(in.Collections)
	return c.do(ctx, http.MethodPut, "/api/organizations/"+esc(orgID)+"/users/"+esc(memberID), &in, nil)
}

// ReinviteMember mails an invited member a new invitation
// (POST …/users/{memberID}/reinvite).
func (c *Client) ReinviteMember(ctx context.Context, orgID, memberID string) error {
	return c.do(ctx, http.MethodPost, "/api/organizations/"+esc(orgID)+"/users/"+esc(memberID)+"/reinvite", nil, nil)
}

// RemoveMember removes a membership (DELETE …/users/{memberID}).
func (c *Client) RemoveMember(ctx context.Context, orgID, memberID string) error {
	return c.do(ctx, http.MethodDelete, "/api/organizations/"+esc(orgID)+"/users/"+esc(memberID), nil, nil)
}

// MemberKey is one entry of a bulk confirmation: the membership id and the
// organization key wrapped to that member's public key.
type MemberKey struct {
	ID  string           `json:"id"`
	Key crypto.EncString `json:"key"`
}

// MemberBulkResult is one membership's outcome in a bulk member operation;
// Error is "" on success.
type MemberBulkResult struct {
	ID    string `json:"id"`
	Error string `json:"error"`
}

// ConfirmMembers confirms several accepted members at once
// (POST …/users/confirm). The answer lists each id with its error, if any.
func (c *Client) ConfirmMembers(ctx context.Context, orgID string, keys []MemberKey) ([]MemberBulkResult, error) {
	l, err := post[list[MemberBulkResult]](ctx, c, "/api/organizations/"+esc(orgID)+"/users/confirm",
		map[string][]MemberKey{"keys": nonNil(keys)})
	if err != nil {
		return nil, err
	}
	return l.Data, nil
}
