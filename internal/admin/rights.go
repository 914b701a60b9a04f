package admin

import (
	"fmt"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// The rights of a role, as the official server and the sandbox grant them
// (§4.7): Owners and Admins may do everything but Admins may not manage
// Owners or Admins; a Custom member has the rights its permissions name;
// a User administers nothing but the collections it may manage.

func fullAccess(o vault.Org) bool { return o.Role == api.OrgOwner || o.Role == api.OrgAdmin }

func customCan(o vault.Org, p func(*api.Permissions) bool) bool {
	return o.Role == api.OrgCustom && o.Permissions != nil && p(o.Permissions)
}

// CanManageUsers: invite, confirm, change, revoke, restore and remove
// members.
func CanManageUsers(o vault.Org) bool {
	return fullAccess(o) || customCan(o, func(p *api.Permissions) bool { return p.ManageUsers })
}

// CanManageGroups: create, edit and delete groups.
func CanManageGroups(o vault.Org) bool {
	return fullAccess(o) || customCan(o, func(p *api.Permissions) bool { return p.ManageGroups })
}

// CanCreateCollections: create collections.
func CanCreateCollections(o vault.Org) bool {
	return fullAccess(o) || customCan(o, func(p *api.Permissions) bool { return p.CreateNewCollections })
}

// CanEditAnyCollection: rename, move and change the access of any
// collection (others need "can manage" on it).
func CanEditAnyCollection(o vault.Org) bool {
	return fullAccess(o) || customCan(o, func(p *api.Permissions) bool { return p.EditAnyCollection })
}

// CanDeleteAnyCollection: delete any collection (others need "can manage"
// on it).
func CanDeleteAnyCollection(o vault.Org) bool {
	return fullAccess(o) || customCan(o, func(p *api.Permissions) bool { return p.DeleteAnyCollection })
}

// CanManageRole reports whether the account may give role, or act on a
// member who has it: only Owners manage Owners and Admins.
func CanManageRole(o vault.Org, role api.OrgUserType) bool {
	if role == api.OrgOwner || role == api.OrgAdmin {
		return o.Role == api.OrgOwner
	}
	return CanManageUsers(o)
}

// CanViewAdmin: list members, groups and the access of every collection.
func CanViewAdmin(o vault.Org) bool {
	return CanManageUsers(o) || CanManageGroups(o) || CanCreateCollections(o) ||
		CanEditAnyCollection(o) || CanDeleteAnyCollection(o)
}

// refuse is the ErrNotAllowed error for doing what in o.
func refuse(o vault.Org, what string) error {
	return fmt.Errorf("%s in %s: you are %s there: %w", what, o.Name, roleName(o.Role), ErrNotAllowed)
}

func roleName(r api.OrgUserType) string {
	switch r {
	case api.OrgOwner:
		return "an owner"
	case api.OrgAdmin:
		return "an admin"
	case api.OrgCustom:
		return "a custom-role member without that permission"
	}
	return "a user"
}
