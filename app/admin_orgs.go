package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/vaultdesk/vaultdesk/internal/accounts"
	"github.com/vaultdesk/vaultdesk/internal/admin"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/vault"
	"github.com/vaultdesk/vaultdesk/templates"
)

// TemplateInfo is a shipped organization template and what it creates.
type TemplateInfo struct {
	ID          string              `json:"id"` // what CreateOrg takes
	Description string              `json:"description"`
	Collections []string            `json:"collections"`
	Groups      []TemplateGroupInfo `json:"groups"`
}

// TemplateGroupInfo is a group a template creates, with its access.
type TemplateGroupInfo struct {
	Name   string        `json:"name"`
	Access []AccessEntry `json:"access"` // id "", name: the collection's path
}

// Templates lists the organization templates shipped with the app.
func (s *AdminService) Templates() ([]TemplateInfo, error) {
	out := []TemplateInfo{}
	for _, name := range templates.Names() {
		t, desc, err := loadTemplate(name)
		if err != nil {
			return nil, err
		}
		info := TemplateInfo{ID: name, Description: desc, Collections: t.Collections, Groups: []TemplateGroupInfo{}}
		for _, g := range t.Groups {
			gi := TemplateGroupInfo{Name: g.Name, Access: []AccessEntry{}}
			for _, a := range g.Access {
				gi.Access = append(gi.Access, AccessEntry{Name: a.Collection, Level: a.Level.String()})
			}
			info.Groups = append(info.Groups, gi)
		}
		out = append(out, info)
	}
	return out, nil
}

// loadTemplate parses a shipped template and reads its description, which
// the admin package ignores.
func loadTemplate(name string) (*admin.Template, string, error) {
	data, err := templates.Read(name)
	if err != nil {
		return nil, "", invalid(fmt.Sprintf("no template %q", name))
	}
	t, err := admin.ParseTemplate(name+".yaml", data)
	if err != nil {
		return nil, "", fmt.Errorf("shipped template: %w", err)
	}
	var head struct {
		Description string `yaml:"description"`
	}
	_ = yaml.Unmarshal(data, &head) // ParseTemplate read it already; only the description is new
	return t, head.Description, nil
}

// NewOrgRequest is a client organization to create. Template is a
// TemplateInfo.ID, or "" for none.
type NewOrgRequest struct {
	Name         string `json:"name"`
	BillingEmail string `json:"billingEmail"`
	Template     string `json:"template"`
}

// CreatedOrg is an organization CreateOrg made and what its template
// added. TemplateError, when set, says the template failed part way: the
// organization exists, and applying the template again adds what is
// missing.
type CreatedOrg struct {
	AccountID          string   `json:"accountId"`
	OrgID              string   `json:"orgId"`
	Name               string   `json:"name"`
	FirstCollection    string   `json:"firstCollection"`
	CollectionsCreated []string `json:"collectionsCreated"`
	GroupsCreated      []string `json:"groupsCreated"`
	TemplateError      string   `json:"templateError,omitempty"`
}

// CreateOrg creates a client organization with the account as its owner,
// applies the template and syncs the account, so that the vault and the
// admin screens show it.
func (s *AdminService) CreateOrg(accountID string, req NewOrgRequest) (CreatedOrg, error) {
	out := CreatedOrg{AccountID: accountID, CollectionsCreated: []string{}, GroupsCreated: []string{}}
	r := admin.NewOrg{Name: strings.TrimSpace(req.Name), BillingEmail: strings.TrimSpace(req.BillingEmail)}
	if r.Name == "" {
		return out, invalid("enter the organization's name")
	}
	if err := checkEmail(r.BillingEmail); err != nil {
		return out, invalid("enter the billing email address")
	}
	if req.Template != "" {
		t, _, err := loadTemplate(req.Template)
		if err != nil {
			return out, err
		}
		r.Template = t
	}
	var created *admin.CreatedOrg
	var tplErr error
	err := s.session(accountID, true, func(a *adminCall) error {
		var err error
		created, err = a.CreateOrg(a.ctx, r)
		if created != nil {
			tplErr = err // the organization exists: sync and show it
			return nil
		}
		return err
	})
	if created == nil {
		return out, err
	}
	out.OrgID, out.Name, out.FirstCollection = created.ID, created.Name, created.FirstCollection
	if t := created.Template; t != nil {
		out.CollectionsCreated = append(out.CollectionsCreated, t.CollectionsCreated...)
		out.GroupsCreated = append(out.GroupsCreated, t.GroupsCreated...)
	}
	if tplErr != nil {
		out.TemplateError = tplErr.Error()
	}
	return out, nil
}

// ColleagueResult is what adding a colleague did in one organization:
// Outcome is "invited", "already a member" (Status says how far they are),
// "refused" (the account's role there does not allow that role; nothing
// was sent) or "error".
type ColleagueResult struct {
	OrgID   string `json:"orgId"`
	OrgName string `json:"orgName"`
	Outcome string `json:"outcome"`
	Status  string `json:"status,omitempty"`
	Error   string `json:"error,omitempty"`
}

// AddColleague invites email with one role (owner, admin or user) to each
// of the organizations, and reports per organization in the order given.
// One organization failing does not stop the others.
func (s *AdminService) AddColleague(accountID, email, role string, orgIDs []string) ([]ColleagueResult, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if err := checkEmail(email); err != nil {
		return nil, err
	}
	r, err := admin.ParseRole(role)
	if err != nil {
		return nil, invalid(fmt.Sprintf("%q: choose owner, admin or user", role))
	}
	if len(orgIDs) == 0 {
		return nil, invalid("choose at least one organization")
	}
	var res []admin.AddMemberResult
	err = s.session(accountID, false, func(a *adminCall) error {
		var err error
		res, err = a.AddMember(a.ctx, email, r, orgIDs)
		return err
	})
	var pe *admin.PartialError
	if err != nil && !errors.As(err, &pe) {
		return nil, err
	}
	out := make([]ColleagueResult, 0, len(res))
	for _, x := range res {
		cr := ColleagueResult{OrgID: x.OrgID, OrgName: x.OrgName, Outcome: string(x.Outcome), Status: x.Status}
		if cr.OrgID == "" {
			cr.OrgID = x.Ref
		}
		if x.Err != nil {
			cr.Error = x.Err.Error()
		}
		out = append(out, cr)
	}
	return out, nil
}

// ClientOverview is the client overview: a row per organization, of one account
// or of every unlocked account, and the totals. Errors names accounts whose
// overview could not be made.
type ClientOverview struct {
	Orgs   []OverviewRow  `json:"orgs"`
	Total  OverviewTotals `json:"total"`
	Errors []string       `json:"errors"`
}

// MemberCounts counts memberships by status.
type MemberCounts struct {
	Invited   int `json:"invited"`
	Accepted  int `json:"accepted"`
	Confirmed int `json:"confirmed"`
	Revoked   int `json:"revoked"`
}

// OverviewRow is one organization in the overview. Members, Pending and
// SeatsUsed are nil where the account's role does not show the members
// (MembersError says why when the list could not be read).
type OverviewRow struct {
	AccountID    string        `json:"accountId"`
	AccountEmail string        `json:"accountEmail"`
	OrgID        string        `json:"orgId"`
	Name         string        `json:"name"`
	Role         string        `json:"role"`
	Items        int           `json:"items"`
	Collections  int           `json:"collections"`
	Members      *MemberCounts `json:"members"`
	Pending      *int          `json:"pending"`
	MembersError string        `json:"membersError,omitempty"`
	SeatsUsed    *int          `json:"seatsUsed"`
	Seats        *int          `json:"seats"`
	// Weak and Reused count the passwords the account may see; NotChecked
	// those it may not (hide passwords) or could not decrypt.
	Weak       int `json:"weak"`
	Reused     int `json:"reused"`
	NotChecked int `json:"notChecked"`
}

// OverviewTotals rolls the organizations up. Members, Pending and the
// seats add the organizations where they are known (MembersKnown of them).
// Reused counts items whose password is also used in another client
// organization of the same account, so it can exceed the sum of the rows.
type OverviewTotals struct {
	Orgs         int          `json:"orgs"`
	Items        int          `json:"items"`
	Collections  int          `json:"collections"`
	MembersKnown int          `json:"membersKnown"`
	Members      MemberCounts `json:"members"`
	Pending      int          `json:"pending"`
	SeatsUsed    int          `json:"seatsUsed"`
	Seats        int          `json:"seats"`
	Weak         int          `json:"weak"`
	Reused       int          `json:"reused"`
	NotChecked   int          `json:"notChecked"`
}

// Overview builds the client overview of the account, or of every unlocked
// account when accountID is "". Password verdicts are kept sealed in each
// account's cache, so the next overview estimates only new passwords.
func (s *AdminService) Overview(accountID string) (ClientOverview, error) {
	ctx, cancel := s.context()
	defer cancel()
	out := ClientOverview{Orgs: []OverviewRow{}, Errors: []string{}}
	var ids []string
	if accountID != "" {
		if _, err := s.c.account(ctx, accountID); err != nil {
			return out, err
		}
		ids = []string{accountID}
	} else {
		for _, st := range s.c.mgr.Accounts(ctx) {
			if !st.Locked {
				ids = append(ids, st.UserID)
			}
		}
	}
	for _, id := range ids {
		if err := s.overview(ctx, id, &out); err != nil {
			if accountID != "" {
				return out, err
			}
			out.Errors = append(out.Errors, err.Error())
		}
	}
	return out, nil
}

// overview adds one account's organizations to out.
func (s *AdminService) overview(ctx context.Context, accountID string, out *ClientOverview) error {
	st, err := s.c.account(ctx, accountID)
	if err != nil {
		return err
	}
	// Verdicts and SaveVerdicts hold the account, as Admin does: not
	// inside it.
	known, err := s.c.mgr.Verdicts(ctx, st.Email)
	if err != nil {
		return err
	}
	var ov *admin.Overview
	err = s.c.mgr.Admin(ctx, st.Email, func(v *vault.Vault, cl *api.Client) error {
		ov, err = admin.NewSession(v, cl).Overview(ctx, known)
		return err
	})
	if err != nil {
		return fmt.Errorf("overview of %s: %w", st.Email, err)
	}
	if err := s.c.mgr.SaveVerdicts(ctx, st.Email, known); err != nil {
		s.c.log.Warn("overview: password verdicts not kept", "op", "overview", "account", st.UserID, "err", err)
	}
	out.add(st, ov)
	return nil
}

func (o *ClientOverview) add(st accounts.Status, ov *admin.Overview) {
	for _, x := range ov.Orgs {
		r := OverviewRow{AccountID: st.UserID, AccountEmail: st.Email, OrgID: x.ID, Name: x.Name, Role: x.Role,
			Items: x.Items, Collections: x.Collections, Pending: x.Pending, MembersError: x.MembersError,
			SeatsUsed: x.SeatsUsed, Seats: x.Seats,
			Weak: x.Passwords.Weak, Reused: x.Passwords.Reused, NotChecked: x.Passwords.NotChecked}
		if x.Members != nil {
			m := MemberCounts(*x.Members)
			r.Members = &m
		}
		o.Orgs = append(o.Orgs, r)
	}
	t, x := &o.Total, ov.Total
	t.Orgs += x.Orgs
	t.Items += x.Items
	t.Collections += x.Collections
	t.MembersKnown += x.MembersKnown
	t.Members.Invited += x.Members.Invited
	t.Members.Accepted += x.Members.Accepted
	t.Members.Confirmed += x.Members.Confirmed
	t.Members.Revoked += x.Members.Revoked
	t.Pending += x.Pending
	t.SeatsUsed += x.SeatsUsed
	t.Seats += x.Seats
	t.Weak += x.Passwords.Weak
	t.Reused += x.Passwords.Reused
	t.NotChecked += x.Passwords.NotChecked
}
