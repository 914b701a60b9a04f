package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/accounts"
	"github.com/vaultdesk/vaultdesk/internal/admin"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// AdminService answers the administration screens: collections and their
// access, members and their confirmation, groups, new client organizations,
// colleagues added to many of them, and the client overview. It is a thin
// layer over internal/admin, which refuses what the account's role does not
// allow before anything is sent (ErrNotAllowed, code "not-allowed").
//
// Organizations are named by the account that reaches them (accountId, the
// account's user id) and their id: one org id can be reached through two
// accounts on two servers.
type AdminService struct{ c *Core }

// NewAdminService binds the administration screens to c.
func NewAdminService(c *Core) *AdminService { return &AdminService{c: c} }

// adminTimeout bounds one administration call: the slowest is the overview
// of a large MSP, which reads the members of every organization.
const adminTimeout = 2 * time.Minute

// AdminOrg is an organization the account may be able to administer, with
// what its role allows there. The screens disable what is not allowed and
// say why (Role).
type AdminOrg struct {
	AccountID    string `json:"accountId"`
	AccountEmail string `json:"accountEmail"`
	OrgID        string `json:"orgId"`
	Name         string `json:"name"`
	Role         string `json:"role"` // owner, admin, user or custom
	// CanViewAdmin: list members, groups and the access of every
	// collection.
	CanViewAdmin bool `json:"canViewAdmin"`
	// CanManageUsers: invite, confirm, change, revoke, restore and remove
	// members (owners and admins only by owners).
	CanManageUsers bool `json:"canManageUsers"`
	// CanManageOwners: give or change the owner and admin roles.
	CanManageOwners        bool `json:"canManageOwners"`
	CanCreateCollections   bool `json:"canCreateCollections"`
	CanEditAnyCollection   bool `json:"canEditAnyCollection"`
	CanDeleteAnyCollection bool `json:"canDeleteAnyCollection"`
	CanManageGroups        bool `json:"canManageGroups"`
	// ManagesCollections: the account has "can manage" on some collection,
	// so it administers those even without an administration role.
	ManagesCollections bool `json:"managesCollections"`
	// Seats is the seat limit where the server tells it.
	Seats     *int `json:"seats"`
	UseGroups bool `json:"useGroups"`
	// Damaged: the org key could not be decrypted; nothing can be
	// encrypted for this organization.
	Damaged bool `json:"damaged"`
}

// Orgs lists the organizations of every unlocked account, sorted by name,
// with the account's role and rights in each. It reads the local vaults
// only.
func (s *AdminService) Orgs() ([]AdminOrg, error) {
	ctx, cancel := s.context()
	defer cancel()
	out := []AdminOrg{}
	for _, st := range s.c.mgr.Accounts(ctx) {
		if st.Locked {
			continue
		}
		v, err := s.c.mgr.Vault(ctx, st.Email)
		if err != nil {
			return nil, fmt.Errorf("organizations of %s: %w", st.Email, err)
		}
		orgs, err := v.Orgs()
		if err != nil {
			return nil, fmt.Errorf("organizations of %s: %w", st.Email, err)
		}
		manages := map[string]bool{}
		if colls, err := v.Collections(); err == nil {
			for _, c := range colls {
				manages[c.OrgID] = manages[c.OrgID] || c.Manage
			}
		}
		for _, o := range orgs {
			out = append(out, adminOrg(st, o, manages[o.ID]))
		}
	}
	slices.SortFunc(out, func(a, b AdminOrg) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)),
			cmp.Compare(a.AccountEmail, b.AccountEmail), cmp.Compare(a.OrgID, b.OrgID))
	})
	return out, nil
}

func adminOrg(st accounts.Status, o vault.Org, manages bool) AdminOrg {
	return AdminOrg{
		AccountID: st.UserID, AccountEmail: st.Email, OrgID: o.ID, Name: o.Name, Role: o.Role.String(),
		CanViewAdmin:           admin.CanViewAdmin(o),
		CanManageUsers:         admin.CanManageUsers(o),
		CanManageOwners:        admin.CanManageRole(o, api.OrgOwner),
		CanCreateCollections:   admin.CanCreateCollections(o),
		CanEditAnyCollection:   admin.CanEditAnyCollection(o),
		CanDeleteAnyCollection: admin.CanDeleteAnyCollection(o),
		CanManageGroups:        admin.CanManageGroups(o),
		ManagesCollections:     manages,
		Seats:                  o.Seats, UseGroups: o.UseGroups, Damaged: o.Damaged,
	}
}

// context is the context of one call. Wails gives bound methods none.
func (s *AdminService) context() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), adminTimeout)
}

// session runs fn in an administration session of the account. With sync
// the account is synced after fn succeeded, so that the vault shows what
// it changed (a collection, an organization), and the lists are told to
// reload.
func (s *AdminService) session(accountID string, sync bool, fn func(a *adminCall) error) error {
	ctx, cancel := s.context()
	defer cancel()
	st, err := s.c.account(ctx, accountID)
	if err != nil {
		return err
	}
	err = s.c.mgr.Admin(ctx, st.Email, func(v *vault.Vault, cl *api.Client) error {
		return fn(&adminCall{Session: admin.NewSession(v, cl), ctx: ctx, v: v})
	})
	if sync && err == nil {
		s.sync(ctx, st)
	}
	return err
}

// adminCall is one call's administration session, with its context and
// the account's vault.
type adminCall struct {
	*admin.Session
	ctx context.Context
	v   *vault.Vault
}

// sync brings the account's cache up to date after a change made on the
// server; the session's syncAccount records it for the top bar and tells
// the lists to reload. The change itself succeeded, so a failed sync is
// logged rather than reported: the next sync shows it.
func (s *AdminService) sync(ctx context.Context, st accounts.Status) {
	// Forced: not every server moves the account revision date for
	// administration changes (collections, new organizations).
	if err := s.c.syncAccount(ctx, st, true); err != nil {
		s.c.log.Warn("admin: sync after a change", "op", "admin-sync", "account", st.UserID, "err", err)
	}
}

// Level names, as the screens send and show them.
func parseLevel(s string) (admin.Level, error) {
	l, err := admin.ParseLevel(s)
	if err != nil {
		return 0, invalid(fmt.Sprintf("%q is not an access level: choose view, view-except-passwords, edit, edit-except-passwords or manage", s))
	}
	return l, nil
}

// parseRole reads owner, admin, user or custom.
func parseRole(s string) (api.OrgUserType, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "owner":
		return api.OrgOwner, nil
	case "admin":
		return api.OrgAdmin, nil
	case "user":
		return api.OrgUser, nil
	case "custom":
		return api.OrgCustom, nil
	}
	return 0, invalid(fmt.Sprintf("%q is not a role: choose owner, admin, user or custom", s))
}

// checkEmail is a light check of an address typed by the user: the server
// decides the rest.
func checkEmail(e string) error {
	at := strings.IndexByte(e, '@')
	if at <= 0 || at == len(e)-1 || strings.Count(e, "@") != 1 || strings.ContainsAny(e, " \t\r\n,;<>") {
		return invalid(fmt.Sprintf("%q is not an email address", e))
	}
	return nil
}

// splitEmails splits what the user typed (commas, semicolons, spaces or
// new lines between addresses) into lower-cased addresses, each once.
func splitEmails(text string) ([]string, error) {
	var out []string
	for _, f := range strings.FieldsFunc(text, func(r rune) bool {
		return r == ',' || r == ';' || r == ' ' || r == '\t' || r == '\n' || r == '\r'
	}) {
		e := strings.ToLower(f)
		if err := checkEmail(e); err != nil {
			return nil, err
		}
		if !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	if len(out) == 0 {
		return nil, invalid("enter at least one email address")
	}
	return out, nil
}
