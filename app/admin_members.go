package app

import (
	"errors"
	"strings"

	"github.com/vaultdesk/vaultdesk/internal/admin"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
)

// MemberPermissions are a Custom member's rights.
type MemberPermissions struct {
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

// MemberList is an organization's members with its seats.
type MemberList struct {
	AccountID string      `json:"accountId"`
	OrgID     string      `json:"orgId"`
	OrgName   string      `json:"orgName"`
	SeatsUsed int         `json:"seatsUsed"` // all but the revoked
	Seats     *int        `json:"seats"`     // nil when the server tells none
	Members   []MemberRow `json:"members"`
}

// MemberRow is one membership as administrators see it.
type MemberRow struct {
	ID          string             `json:"id"` // membership id
	Email       string             `json:"email"`
	Name        string             `json:"name"`
	Role        string             `json:"role"`   // owner, admin, user or custom
	Status      string             `json:"status"` // invited, accepted, confirmed or revoked
	TwoFactor   bool               `json:"twoFactor"`
	Permissions *MemberPermissions `json:"permissions"` // custom role only
	Groups      []NamedRef         `json:"groups"`
	// Collections are the member's direct access (not through groups).
	Collections []AccessEntry `json:"collections"`
	// CanManage: the account may act on this member (only owners act on
	// owners and admins).
	CanManage bool `json:"canManage"`
}

// NamedRef is a group or member by id with its name or email.
type NamedRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// CollectionAccess gives a collection (by id) a level of access.
type CollectionAccess struct {
	ID    string `json:"id"`
	Level string `json:"level"`
}

// InviteRequest is who to invite and with what. Emails is what the user
// typed: addresses separated by commas, semicolons, spaces or new lines.
type InviteRequest struct {
	Emails      string             `json:"emails"`
	Role        string             `json:"role"`
	Permissions *MemberPermissions `json:"permissions"` // for the custom role
	Collections []CollectionAccess `json:"collections"`
	Groups      []string           `json:"groups"` // group ids
}

// MemberUpdate changes a member; what is absent stays as it is.
type MemberUpdate struct {
	Role        string              `json:"role,omitempty"` // "" keeps it
	Permissions *MemberPermissions  `json:"permissions,omitempty"`
	Collections *[]CollectionAccess `json:"collections,omitempty"`
	Groups      *[]string           `json:"groups,omitempty"`
}

// Members lists the organization's members with their role, status,
// two-step login, groups and collections, and the seats.
func (s *AdminService) Members(accountID, orgID string) (MemberList, error) {
	out := MemberList{AccountID: accountID, OrgID: orgID, Members: []MemberRow{}}
	err := s.session(accountID, false, func(a *adminCall) error {
		l, err := a.Members(a.ctx, orgID)
		if err != nil {
			return err
		}
		out.OrgName, out.SeatsUsed, out.Seats = l.Org.Name, l.SeatsUsed, l.Seats
		for _, m := range l.Members {
			r := MemberRow{ID: m.ID, Email: m.Email, Name: m.Name, Role: m.Role.String(), Status: m.Status.String(),
				TwoFactor: m.TwoFactor, Groups: []NamedRef{}, Collections: []AccessEntry{},
				CanManage: admin.CanManageRole(l.Org, m.Role)}
			if m.Permissions != nil {
				p := MemberPermissions(*m.Permissions)
				r.Permissions = &p
			}
			for _, g := range m.Groups {
				r.Groups = append(r.Groups, NamedRef{ID: g.ID, Name: g.Name})
			}
			for _, c := range m.Collections {
				name := c.Name
				if c.Damaged {
					name = "(name could not be decrypted)"
				}
				r.Collections = append(r.Collections, AccessEntry{ID: c.ID, Name: name,
					Level: admin.LevelOf(c.ReadOnly, c.HidePasswords, c.Manage).String()})
			}
			out.Members = append(out.Members, r)
		}
		return nil
	})
	return out, err
}

func selections(access []CollectionAccess) ([]api.AccessSelection, error) {
	out := make([]api.AccessSelection, 0, len(access))
	for _, c := range access {
		l, err := parseLevel(c.Level)
		if err != nil {
			return nil, err
		}
		if strings.TrimSpace(c.ID) == "" {
			return nil, invalid("choose a collection for each access line")
		}
		out = append(out, l.Selection(c.ID))
	}
	return out, nil
}

func permissions(p *MemberPermissions) *api.Permissions {
	if p == nil {
		return nil
	}
	ap := api.Permissions(*p)
	return &ap
}

// InviteResult lists the addresses invited.
type InviteResult struct {
	Invited []string `json:"invited"`
}

// Invite invites people to the organization with one role and access.
// Only owners invite owners and admins.
func (s *AdminService) Invite(accountID, orgID string, req InviteRequest) (InviteResult, error) {
	emails, err := splitEmails(req.Emails)
	if err != nil {
		return InviteResult{}, err
	}
	inv := admin.Invitation{Emails: emails, Groups: req.Groups}
	if inv.Role, err = parseRole(req.Role); err != nil {
		return InviteResult{}, err
	}
	if inv.Role == api.OrgCustom {
		inv.Permissions = permissions(req.Permissions)
	}
	if inv.Collections, err = selections(req.Collections); err != nil {
		return InviteResult{}, err
	}
	err = s.session(accountID, false, func(a *adminCall) error { return a.Invite(a.ctx, orgID, inv) })
	if err != nil {
		return InviteResult{}, err
	}
	return InviteResult{Invited: emails}, nil
}

// Reinvite mails an invited member a new invitation.
func (s *AdminService) Reinvite(accountID, orgID, memberID string) error {
	return s.session(accountID, false, func(a *adminCall) error { return a.Reinvite(a.ctx, orgID, memberID) })
}

// UpdateMember changes a member's role, permissions, collections and
// groups. Only owners give or change the owner and admin roles, and the
// last confirmed owner keeps their role (code "conflict").
func (s *AdminService) UpdateMember(accountID, orgID, memberID string, u MemberUpdate) error {
	var ch admin.MemberChange
	if u.Role != "" {
		r, err := parseRole(u.Role)
		if err != nil {
			return err
		}
		ch.Role = &r
	}
	ch.Permissions = permissions(u.Permissions)
	if u.Collections != nil {
		sel, err := selections(*u.Collections)
		if err != nil {
			return err
		}
		ch.Collections = &sel
	}
	if u.Groups != nil {
		g := append([]string{}, *u.Groups...)
		ch.Groups = &g
	}
	return s.session(accountID, false, func(a *adminCall) error { return a.UpdateMember(a.ctx, orgID, memberID, ch) })
}

// RevokeMember revokes a membership: the member loses access and frees
// the seat until restored.
func (s *AdminService) RevokeMember(accountID, orgID, memberID string) error {
	return s.session(accountID, false, func(a *adminCall) error { return a.RevokeMember(a.ctx, orgID, memberID) })
}

// RestoreMember restores a revoked membership.
func (s *AdminService) RestoreMember(accountID, orgID, memberID string) error {
	return s.session(accountID, false, func(a *adminCall) error { return a.RestoreMember(a.ctx, orgID, memberID) })
}

// RemoveMember removes a membership.
func (s *AdminService) RemoveMember(accountID, orgID, memberID string) error {
	return s.session(accountID, false, func(a *adminCall) error { return a.RemoveMember(a.ctx, orgID, memberID) })
}

// FingerprintInfo is what to check with an accepted member before
// confirming them: the fingerprint phrase of their public key. Checked
// names that key (a digest of a public key, not a secret): Confirm takes it
// back and confirms only if the key is still that one.
type FingerprintInfo struct {
	AccountID string `json:"accountId"`
	OrgID     string `json:"orgId"`
	OrgName   string `json:"orgName"`
	MemberID  string `json:"memberId"`
	Email     string `json:"email"`
	Role      string `json:"role"`
	Phrase    string `json:"phrase"`
	Checked   string `json:"checked"`
}

func fingerprintInfo(accountID string, f *admin.Fingerprint) FingerprintInfo {
	return FingerprintInfo{AccountID: accountID, OrgID: f.OrgID, OrgName: f.OrgName, MemberID: f.MemberID,
		Email: f.Email, Role: f.Role.String(), Phrase: f.Phrase, Checked: f.Checked}
}

// Fingerprint returns the fingerprint phrase of an accepted member.
func (s *AdminService) Fingerprint(accountID, orgID, memberID string) (FingerprintInfo, error) {
	var out FingerprintInfo
	err := s.session(accountID, false, func(a *adminCall) error {
		f, err := a.Fingerprint(a.ctx, orgID, memberID)
		if err != nil {
			return err
		}
		out = fingerprintInfo(accountID, f)
		return nil
	})
	return out, err
}

// Confirm confirms an accepted member whose fingerprint phrase was shown
// (checked is FingerprintInfo.Checked) and checked. If the member's key is
// no longer that one it confirms nothing (code "conflict"): show the new
// phrase and check again.
func (s *AdminService) Confirm(accountID, orgID, memberID, checked string) error {
	if strings.TrimSpace(checked) == "" {
		return invalid("show the member's fingerprint phrase and check it before confirming")
	}
	return s.session(accountID, false, func(a *adminCall) error { return a.Confirm(a.ctx, orgID, memberID, checked) })
}

// ConfirmUnchecked confirms an accepted member without checking the
// fingerprint phrase: the user chose to skip the check for this member.
func (s *AdminService) ConfirmUnchecked(accountID, orgID, memberID string) error {
	return s.session(accountID, false, func(a *adminCall) error { return a.ConfirmUnchecked(a.ctx, orgID, memberID) })
}

// QueueEntry is an accepted member awaiting confirmation. CanConfirm is
// false for owners and admins when the account is not an owner.
type QueueEntry struct {
	FingerprintInfo
	AccountEmail string `json:"accountEmail"`
	CanConfirm   bool   `json:"canConfirm"`
}

// ConfirmQueue is every accepted member awaiting confirmation. Errors
// names the accounts and organizations that could not be read; the others'
// entries are there anyway.
type ConfirmQueue struct {
	Entries []QueueEntry `json:"entries"`
	Errors  []string     `json:"errors"`
}

// ConfirmQueue lists the accepted members of every organization, of every
// unlocked account, where the account may manage users, with their
// fingerprint phrases.
func (s *AdminService) ConfirmQueue() (ConfirmQueue, error) {
	ctx, cancel := s.context()
	defer cancel()
	out := ConfirmQueue{Entries: []QueueEntry{}, Errors: []string{}}
	for _, st := range s.c.mgr.Accounts(ctx) {
		if st.Locked {
			continue
		}
		err := s.session(st.UserID, false, func(a *adminCall) error {
			q, err := a.ConfirmQueue(a.ctx)
			for _, e := range q {
				out.Entries = append(out.Entries, QueueEntry{FingerprintInfo: fingerprintInfo(st.UserID, &e.Fingerprint),
					AccountEmail: st.Email, CanConfirm: e.CanConfirm})
			}
			return err
		})
		if err != nil {
			out.Errors = append(out.Errors, st.Email+": "+err.Error())
		}
	}
	return out, nil
}

// ConfirmRequest is one member to confirm in BulkConfirm: Checked is the
// token of the fingerprint phrase that was shown and checked, or Unchecked
// says the user explicitly skipped the check for this member. An entry
// with neither is not confirmed.
type ConfirmRequest struct {
	AccountID string `json:"accountId"`
	OrgID     string `json:"orgId"`
	MemberID  string `json:"memberId"`
	Checked   string `json:"checked"`
	Unchecked bool   `json:"unchecked"`
}

// ConfirmOutcome is one entry's result: Confirmed, or Code and Error say
// why not (code "conflict": the key changed since its phrase was shown).
type ConfirmOutcome struct {
	AccountID string `json:"accountId"`
	OrgID     string `json:"orgId"`
	MemberID  string `json:"memberId"`
	Email     string `json:"email"`
	Confirmed bool   `json:"confirmed"`
	Code      string `json:"code,omitempty"`
	Error     string `json:"error,omitempty"`
}

// BulkConfirm confirms many accepted members across organizations and
// accounts. An entry that fails does not stop the others; each outcome, in
// the order given, says what happened to it.
func (s *AdminService) BulkConfirm(entries []ConfirmRequest) ([]ConfirmOutcome, error) {
	out := make([]ConfirmOutcome, len(entries))
	byAccount := map[string][]int{}
	var order []string
	for i, e := range entries {
		out[i] = ConfirmOutcome{AccountID: e.AccountID, OrgID: e.OrgID, MemberID: e.MemberID}
		if strings.TrimSpace(e.Checked) == "" && !e.Unchecked {
			out[i].fail(invalid("the fingerprint phrase was not checked: not confirmed"))
			continue
		}
		if _, ok := byAccount[e.AccountID]; !ok {
			order = append(order, e.AccountID)
		}
		byAccount[e.AccountID] = append(byAccount[e.AccountID], i)
	}
	for _, id := range order {
		idx := byAccount[id]
		req := make([]admin.ConfirmEntry, len(idx))
		for j, i := range idx {
			e := entries[i]
			req[j] = admin.ConfirmEntry{OrgID: e.OrgID, MemberID: e.MemberID, Checked: e.Checked, Unchecked: e.Unchecked && e.Checked == ""}
		}
		var res []admin.ConfirmResult
		err := s.session(id, false, func(a *adminCall) error {
			res, _ = a.BulkConfirm(a.ctx, req) // each result carries its own error
			return nil
		})
		for j, i := range idx {
			switch {
			case err != nil:
				out[i].fail(err)
			case j < len(res):
				out[i].Email = res[j].Email
				if res[j].Err != nil {
					out[i].fail(res[j].Err)
				} else {
					out[i].Confirmed = true
				}
			default:
				out[i].fail(errors.New("not confirmed: no answer for this member"))
			}
		}
	}
	return out, nil
}

func (o *ConfirmOutcome) fail(err error) {
	ue := FormatError(err).(*UIError)
	o.Confirmed, o.Code, o.Error = false, ue.Code, ue.Message
}
