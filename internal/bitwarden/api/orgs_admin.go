package api

import "context"

// Requests the client-organization work needs beyond org.go: reading an
// organization's settings and a group's collections and members, so that
// a template adds what is missing without replacing what is there.

// GetOrganization returns an organization's settings, seats included
// (GET /api/organizations/{id}; Owners and Admins only, §4.8).
func (c *Client) GetOrganization(ctx context.Context, orgID string) (*Organization, error) {
	return get[Organization](ctx, c, "/api/organizations/"+esc(orgID))
}

// GroupWithCollections is a group with its collection access
// (groupDetails, §4.11).
type GroupWithCollections struct {
	Group
	Collections []AccessSelection `json:"collections"`
}

// GroupsWithCollections lists an organization's groups with their
// collection access (GET /api/organizations/{orgID}/groups/details).
func (c *Client) GroupsWithCollections(ctx context.Context, orgID string) ([]GroupWithCollections, error) {
	return getList[GroupWithCollections](ctx, c, "/api/organizations/"+esc(orgID)+"/groups/details")
}

// GroupMemberIDs returns the membership ids of a group's members
// (GET /api/organizations/{orgID}/groups/{id}/users, a bare JSON array).
func (c *Client) GroupMemberIDs(ctx context.Context, orgID, groupID string) ([]string, error) {
	ids, err := get[[]string](ctx, c, "/api/organizations/"+esc(orgID)+"/groups/"+esc(groupID)+"/users")
	if err != nil {
		return nil, err
	}
	return *ids, nil
}

// ReplaceGroup renames a group and replaces its collections and members
// (PUT /api/organizations/{orgID}/groups/{id}). Send the members it keeps:
// servers replace the list.
func (c *Client) ReplaceGroup(ctx context.Context, orgID, groupID string, r *GroupRequest) (*Group, error) {
	in := *r
	in.Collections, in.Users = nonNil(in.Collections), nonNil(in.Users)
	return put[Group](ctx, c, "/api/organizations/"+esc(orgID)+"/groups/"+esc(groupID), &in)
}
