package admin

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// ErrLastOwner means the change would leave the organization without a
// confirmed owner. Nothing was sent.
var ErrLastOwner = errors.New("the organization must keep at least one confirmed owner")

// Member is an organization membership as administrators see it.
type Member struct {
	ID          string // membership id
	UserID      string // "" for an invitee without an account
	Email       string
	Name        string
	Role        api.OrgUserType
	Permissions *api.Permissions // Custom role only
	Status      api.OrgUserStatus
	TwoFactor   bool
	Groups      []MemberGroup
	Collections []MemberCollection
}

// MemberGroup is a group a member is in.
type MemberGroup struct {
	ID   string
	Name string
}

// MemberCollection is a member's direct access to a collection; Name is
// decrypted ("" and Damaged when it cannot be).
type MemberCollection struct {
	ID            string
	Name          string
	ReadOnly      bool
	HidePasswords bool
	Manage        bool
	Damaged       bool
}

// MemberList is the members of one organization with its seats.
type MemberList struct {
	Org     vault.Org
	Members []Member
	// SeatsUsed counts invited, accepted and confirmed members (not the
	// revoked); Seats is the limit, nil when the server tells none.
	SeatsUsed int
	Seats     *int
}

// Members lists the members of the organization org (id or name) with
// their role, status, two-step login, groups and collections.
func (s *Session) Members(ctx context.Context, org string) (*MemberList, error) {
	o, err := s.Org(org)
	if err != nil {
		return nil, err
	}
	if !CanViewAdmin(o) {
		return nil, refuse(o, "list members")
	}
	raw, err := s.c.ListMembers(ctx, o.ID)
	if err != nil {
		return nil, fmt.Errorf("list members of %s: %w", o.Name, err)
	}
	groups := map[string]string{}
	if o.UseGroups || anyGroups(raw) {
		if gs, err := s.c.ListGroups(ctx, o.ID); err == nil {
			for _, g := range gs {
				groups[g.ID] = g.Name
			}
		}
	}
	colls := s.memberCollectionNames(ctx, o)
	out := &MemberList{Org: o, Seats: o.Seats}
	if out.Seats == nil {
		if org, err := s.c.GetOrganization(ctx, o.ID); err == nil {
			out.Seats = org.Seats
		}
	}
	for _, m := range raw {
		mem := Member{ID: m.ID, UserID: m.UserID, Email: m.Email, Name: m.Name, Role: m.Type, Status: m.Status, TwoFactor: m.TwoFactorEnabled}
		if m.Type == api.OrgCustom {
			mem.Permissions = m.Permissions
		}
		for _, g := range m.Groups {
			mem.Groups = append(mem.Groups, MemberGroup{ID: g, Name: groups[g]})
		}
		for _, a := range m.Collections {
			mc := MemberCollection{ID: a.ID, ReadOnly: a.ReadOnly, HidePasswords: a.HidePasswords, Manage: a.Manage}
			if n, ok := colls[a.ID]; ok {
				mc.Name = n
			} else {
				mc.Damaged = true
			}
			mem.Collections = append(mem.Collections, mc)
		}
		if m.Status != api.OrgRevoked {
			out.SeatsUsed++
		}
		out.Members = append(out.Members, mem)
	}
	return out, nil
}

func anyGroups(ms []api.Member) bool {
	return slices.ContainsFunc(ms, func(m api.Member) bool { return len(m.Groups) > 0 })
}

// memberCollectionNames decrypts the names of the organization's
// collections: those the vault knows, and the rest from the server.
func (s *Session) memberCollectionNames(ctx context.Context, o vault.Org) map[string]string {
	names := map[string]string{}
	if cs, err := s.v.Collections(); err == nil {
		for _, c := range cs {
			if c.OrgID == o.ID && !c.Damaged {
				names[c.ID] = c.Name
			}
		}
	}
	if cs, err := s.c.ListCollections(ctx, o.ID); err == nil {
		for _, c := range cs {
			if _, ok := names[c.ID]; ok {
				continue
			}
			if n, err := s.decrypt(o, c.Name); err == nil {
				names[c.ID] = n
			}
		}
	}
	return names
}

// Invitation is who to invite, with which role and access.
type Invitation struct {
	Emails      []string
	Role        api.OrgUserType
	Permissions *api.Permissions // for api.OrgCustom
	Collections []api.AccessSelection
	Groups      []string // group ids
}

// Invite invites people to the organization. The role is checked before
// anything is sent: only owners invite owners and admins.
func (s *Session) Invite(ctx context.Context, org string, inv Invitation) error {
	o, err := s.Org(org)
	if err != nil {
		return err
	}
	if !CanManageUsers(o) {
		return refuse(o, "invite members")
	}
	if !CanManageRole(o, inv.Role) {
		return refuse(o, "invite "+plural(inv.Role))
	}
	switch inv.Role {
	case api.OrgOwner, api.OrgAdmin, api.OrgUser, api.OrgCustom:
	default:
		return fmt.Errorf("invite to %s: %d is not a role (owner, admin, user or custom)", o.Name, inv.Role)
	}
	var emails []string
	for _, e := range inv.Emails {
		e = strings.ToLower(strings.TrimSpace(e))
		if e == "" {
			continue
		}
		if !strings.Contains(e, "@") || strings.ContainsAny(e, " \t\r\n") {
			return fmt.Errorf("invite to %s: %q is not an email address", o.Name, e)
		}
		if !slices.Contains(emails, e) {
			emails = append(emails, e)
		}
	}
	if len(emails) == 0 {
		return fmt.Errorf("invite to %s: no email address", o.Name)
	}
	perms := inv.Permissions
	if inv.Role != api.OrgCustom {
		perms = nil
	} else if perms == nil {
		perms = &api.Permissions{}
	}
	// The server takes at most 20 addresses a request.
	for chunk := range slices.Chunk(emails, 20) {
		err := s.c.InviteMembers(ctx, o.ID, &api.InviteRequest{Emails: chunk, Type: inv.Role, Permissions: perms,
			Collections: inv.Collections, Groups: inv.Groups})
		if err != nil {
			return fmt.Errorf("invite %s to %s: %w", strings.Join(chunk, ", "), o.Name, err)
		}
	}
	return nil
}

func plural(r api.OrgUserType) string {
	switch r {
	case api.OrgOwner:
		return "owners"
	case api.OrgAdmin:
		return "admins"
	case api.OrgCustom:
		return "custom-role members"
	}
	return "users"
}

// target finds a member of o by membership id or email and checks that
// the account may act on them.
func (s *Session) target(ctx context.Context, o vault.Org, ref, what string) (*api.Member, []api.Member, error) {
	if !CanManageUsers(o) {
		return nil, nil, refuse(o, what)
	}
	ms, err := s.c.ListMembers(ctx, o.ID)
	if err != nil {
		return nil, nil, fmt.Errorf("%s in %s: %w", what, o.Name, err)
	}
	ref = strings.TrimSpace(ref)
	for i := range ms {
		if strings.EqualFold(ms[i].ID, ref) || strings.EqualFold(ms[i].Email, ref) {
			if !CanManageRole(o, ms[i].Type) {
				return nil, nil, refuse(o, what+" "+ms[i].Email+" ("+ms[i].Type.String()+")")
			}
			return &ms[i], ms, nil
		}
	}
	return nil, nil, fmt.Errorf("%s in %s: member %q: %w", what, o.Name, ref, ErrNotFound)
}

// lastOwner refuses a change that leaves no confirmed owner.
func lastOwner(o vault.Org, m *api.Member, all []api.Member, what string) error {
	if m.Type != api.OrgOwner || m.Status != api.OrgConfirmed {
		return nil
	}
	n := 0
	for _, x := range all {
		if x.Type == api.OrgOwner && x.Status == api.OrgConfirmed {
			n++
		}
	}
	if n <= 1 {
		return fmt.Errorf("%s %s in %s: %s is its only confirmed owner: %w", what, m.Email, o.Name, m.Email, ErrLastOwner)
	}
	return nil
}

// Reinvite mails an invited member a new invitation.
func (s *Session) Reinvite(ctx context.Context, org, member string) error {
	o, err := s.Org(org)
	if err != nil {
		return err
	}
	m, _, err := s.target(ctx, o, member, "re-invite")
	if err != nil {
		return err
	}
	if m.Status != api.OrgInvited {
		return fmt.Errorf("re-invite %s in %s: they are %s, and only invited members can be invited again", m.Email, o.Name, m.Status)
	}
	if err := s.c.ReinviteMember(ctx, o.ID, m.ID); err != nil {
		return fmt.Errorf("re-invite %s in %s: %w", m.Email, o.Name, err)
	}
	return nil
}

// MemberChange changes a member; nil fields are left as they are.
type MemberChange struct {
	Role        *api.OrgUserType
	Permissions *api.Permissions
	Collections *[]api.AccessSelection
	Groups      *[]string
}

// UpdateMember changes a member's role, permissions and access. Only
// owners give or change the owner and admin roles, and the last confirmed
// owner keeps their role.
func (s *Session) UpdateMember(ctx context.Context, org, member string, ch MemberChange) error {
	o, err := s.Org(org)
	if err != nil {
		return err
	}
	m, all, err := s.target(ctx, o, member, "change")
	if err != nil {
		return err
	}
	role := m.Type
	if ch.Role != nil {
		role = *ch.Role
		if !CanManageRole(o, role) {
			return refuse(o, "make "+m.Email+" "+role.String())
		}
		if role != api.OrgOwner {
			if err := lastOwner(o, m, all, "change the role of"); err != nil {
				return err
			}
		}
	}
	req := &api.MemberUpdateRequest{Type: role, Collections: m.Collections, Groups: ch.Groups}
	if role == api.OrgCustom {
		req.Permissions = m.Permissions
		if ch.Permissions != nil {
			req.Permissions = ch.Permissions
		}
		if req.Permissions == nil {
			req.Permissions = &api.Permissions{}
		}
	}
	if ch.Collections != nil {
		req.Collections = *ch.Collections
	}
	if err := s.c.UpdateMember(ctx, o.ID, m.ID, req); err != nil {
		return fmt.Errorf("change %s in %s: %w", m.Email, o.Name, err)
	}
	return nil
}

// RevokeMember revokes a membership; the member keeps their seat free
// until restored.
func (s *Session) RevokeMember(ctx context.Context, org, member string) error {
	o, err := s.Org(org)
	if err != nil {
		return err
	}
	m, all, err := s.target(ctx, o, member, "revoke")
	if err != nil {
		return err
	}
	if m.Status == api.OrgRevoked {
		return fmt.Errorf("revoke %s in %s: already revoked", m.Email, o.Name)
	}
	if strings.EqualFold(m.ID, o.MemberID) {
		return fmt.Errorf("revoke %s in %s: you cannot revoke yourself", m.Email, o.Name)
	}
	if err := lastOwner(o, m, all, "revoke"); err != nil {
		return err
	}
	if err := s.c.RevokeMember(ctx, o.ID, m.ID); err != nil {
		return fmt.Errorf("revoke %s in %s: %w", m.Email, o.Name, err)
	}
	return nil
}

// RestoreMember restores a revoked membership.
func (s *Session) RestoreMember(ctx context.Context, org, member string) error {
	o, err := s.Org(org)
	if err != nil {
		return err
	}
	m, _, err := s.target(ctx, o, member, "restore")
	if err != nil {
		return err
	}
	if m.Status != api.OrgRevoked {
		return fmt.Errorf("restore %s in %s: not revoked", m.Email, o.Name)
	}
	if err := s.c.RestoreMember(ctx, o.ID, m.ID); err != nil {
		return fmt.Errorf("restore %s in %s: %w", m.Email, o.Name, err)
	}
	return nil
}

// RemoveMember removes a membership.
func (s *Session) RemoveMember(ctx context.Context, org, member string) error {
	o, err := s.Org(org)
	if err != nil {
		return err
	}
	m, all, err := s.target(ctx, o, member, "remove")
	if err != nil {
		return err
	}
	if err := lastOwner(o, m, all, "remove"); err != nil {
		return err
	}
	if err := s.c.RemoveMember(ctx, o.ID, m.ID); err != nil {
		return fmt.Errorf("remove %s from %s: %w", m.Email, o.Name, err)
	}
	return nil
}
