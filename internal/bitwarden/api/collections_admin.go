package api

import (
	"context"
	"net/http"
)

// CollectionAccessDetails is a collection as administrators see it
// (collectionAccessDetails, §4.10): the caller's own rights on it, and the
// access of every member (Users, membership ids) and group (Groups, group
// ids). Servers leave Users and Groups empty for a caller who may neither
// administer the organization nor manage the collection.
type CollectionAccessDetails struct {
	Collection
	Assigned  bool              `json:"assigned"`
	Unmanaged bool              `json:"unmanaged"`
	Users     []AccessSelection `json:"users"`
	Groups    []AccessSelection `json:"groups"`
}

// ListCollectionDetails lists an organization's collections with their
// access (GET /api/organizations/{orgID}/collections/details).
func (c *Client) ListCollectionDetails(ctx context.Context, orgID string) ([]CollectionAccessDetails, error) {
	return getList[CollectionAccessDetails](ctx, c, "/api/organizations/"+esc(orgID)+"/collections/details")
}

// CollectionDetails returns one collection with its access
// (GET /api/organizations/{orgID}/collections/{id}/details).
func (c *Client) CollectionDetails(ctx context.Context, orgID, id string) (*CollectionAccessDetails, error) {
	return get[CollectionAccessDetails](ctx, c, "/api/organizations/"+esc(orgID)+"/collections/"+esc(id)+"/details")
}

// DeleteCollection deletes a collection; its items stay in the
// organization (DELETE /api/organizations/{orgID}/collections/{id}).
func (c *Client) DeleteCollection(ctx context.Context, orgID, id string) error {
	return c.do(ctx, http.MethodDelete, "/api/organizations/"+esc(orgID)+"/collections/"+esc(id), nil, nil)
}

// DeleteCollections deletes several collections in one request
// (DELETE /api/organizations/{orgID}/collections with {ids}).
func (c *Client) DeleteCollections(ctx context.Context, orgID string, ids []string) error {
	return c.do(ctx, http.MethodDelete, "/api/organizations/"+esc(orgID)+"/collections",
		map[string][]string{"ids": nonNil(ids)}, nil)
}

// GroupDetails is a group with its collection access (groupDetails, §4.11);
// AccessSelection.ID is a collection id.
type GroupDetails struct {
	Group
	Collections []AccessSelection `json:"collections"`
}

// ListGroups lists an organization's groups
// (GET /api/organizations/{orgID}/groups).
func (c *Client) ListGroups(ctx context.Context, orgID string) ([]Group, error) {
	return getList[Group](ctx, c, "/api/organizations/"+esc(orgID)+"/groups")
}

// ListGroupDetails lists an organization's groups with their collection
// access (GET /api/organizations/{orgID}/groups/details).
func (c *Client) ListGroupDetails(ctx context.Context, orgID string) ([]GroupDetails, error) {
	return getList[GroupDetails](ctx, c, "/api/organizations/"+esc(orgID)+"/groups/details")
}

// GroupDetails returns one group with its collection access
// (GET /api/organizations/{orgID}/groups/{id}/details).
func (c *Client) GroupDetails(ctx context.Context, orgID, id string) (*GroupDetails, error) {
	return get[GroupDetails](ctx, c, "/api/organizations/"+esc(orgID)+"/groups/"+esc(id)+"/details")
}

// GroupUsers returns the membership ids of a group's members
// (GET /api/organizations/{orgID}/groups/{id}/users).
func (c *Client) GroupUsers(ctx context.Context, orgID, id string) ([]string, error) {
	ids, err := get[[]string](ctx, c, "/api/organizations/"+esc(orgID)+"/groups/"+esc(id)+"/users")
	if err != nil {
		return nil, err
	}
	return *ids, nil
}

// UpdateGroup renames a group and replaces its collections and members
// (PUT /api/organizations/{orgID}/groups/{id}).
func (c *Client) UpdateGroup(ctx context.Context, orgID, id string, r *GroupRequest) (*Group, error) {
	in := *r
	in.Collections, in.Users = nonNil(in.Collections), nonNil(in.Users)
	return put[Group](ctx, c, "/api/organizations/"+esc(orgID)+"/groups/"+esc(id), &in)
}

// DeleteGroup deletes a group; its members keep their own access
// (DELETE /api/organizations/{orgID}/groups/{id}).
func (c *Client) DeleteGroup(ctx context.Context, orgID, id string) error {
	return c.do(ctx, http.MethodDelete, "/api/organizations/"+esc(orgID)+"/groups/"+esc(id), nil, nil)
}
