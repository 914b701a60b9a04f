package api

import "context"

// Reading an organization's settings, which client-organization work needs
// beyond org.go.

// GetOrganization returns an organization's settings, seats included
// (GET /api/organizations/{id}; Owners and Admins only, §4.8).
func (c *Client) GetOrganization(ctx context.Context, orgID string) (*Organization, error) {
	return get[Organization](ctx, c, "/api/organizations/"+esc(orgID))
}
