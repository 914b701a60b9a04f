package admin

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// DefaultFirstCollection names the collection made with a new
// organization when NewOrg.FirstCollection is empty.
const DefaultFirstCollection = "General"

// NewOrg describes an organization to create.
type NewOrg struct {
	Name         string
	BillingEmail string
	// Seats is the seat limit; nil leaves it to the server (self-hosted
	// test servers honour it, the cloud sells seats instead).
	Seats *int
	// FirstCollection names the collection made with the organization
	// (DefaultFirstCollection if empty).
	FirstCollection string
	// Template, if not nil, is applied once the organization exists.
	Template *Template
}

// CreatedOrg is an organization CreateOrg made.
type CreatedOrg struct {
	ID              string       `json:"id"`
	Name            string       `json:"name"`
	BillingEmail    string       `json:"billingEmail"`
	Seats           *int         `json:"seats"`
	FirstCollection string       `json:"firstCollection"`
	Template        *ApplyResult `json:"template,omitempty"`
	Org             vault.Org    `json:"-"`
}

// CreateOrg creates a client organization with the account as its owner
// (§4.8): the organization key and its RSA key pair are made here, the key
// wrapped to the account's public key and the private half sealed under
// the organization key; the first collection's name is encrypted under it
// too. The new key is added to the session's keyring, so that the
// template (if any) is applied at once; sync afterwards to see the
// organization in the vault.
//
// If the organization is created but the template fails, CreateOrg
// returns the organization with the error: apply the template again, it
// adds only what is missing.
func (s *Session) CreateOrg(ctx context.Context, r NewOrg) (*CreatedOrg, error) {
	name := strings.TrimSpace(r.Name)
	billing := strings.TrimSpace(r.BillingEmail)
	first := strings.TrimSpace(r.FirstCollection)
	if first == "" {
		first = DefaultFirstCollection
	}
	switch {
	case name == "" || utf8.RuneCountInString(name) > 50:
		return nil, errors.New("create organization: the name must be 1–50 characters")
	case !strings.Contains(billing, "@") || strings.ContainsAny(billing, " \t\n"):
		return nil, fmt.Errorf("create organization %s: the billing email %q is not an email address", name, billing)
	case r.Seats != nil && (*r.Seats < 1 || *r.Seats > 100_000):
		return nil, fmt.Errorf("create organization %s: seats must be between 1 and 100000", name)
	}

	// The org key is wrapped to the public half of the account's own
	// private key, not to a copy the server sends: only this account can
	// unwrap it.
	pub, err := s.v.Keyring().PublicKey()
	if err != nil {
		return nil, fmt.Errorf("create organization %s: %w", name, err)
	}
	orgKey := crypto.GenerateSymmetricKey()
	owned := false
	defer func() {
		if !owned {
			orgKey.Clear()
		}
	}()
	wrapped, err := pub.WrapKey(orgKey)
	if err != nil {
		return nil, fmt.Errorf("create organization %s: %w", name, err)
	}
	orgPriv, err := crypto.GenerateKeyPair()
	if err != nil {
		return nil, fmt.Errorf("create organization %s: %w", name, err)
	}
	defer orgPriv.Clear()
	encPriv, err := orgKey.EncryptPrivateKey(orgPriv)
	if err != nil {
		return nil, fmt.Errorf("create organization %s: %w", name, err)
	}
	coll, err := orgKey.EncryptString(first)
	if err != nil {
		return nil, fmt.Errorf("create organization %s: %w", name, err)
	}
	keys := api.NewKeysRequest(orgPriv.Public(), encPriv)
	created, err := s.c.CreateOrganization(ctx, &api.OrganizationCreateRequest{
		Name: name, BillingEmail: billing, PlanType: api.PlanEnterpriseAnnually, Seats: r.Seats,
		Key: wrapped, Keys: &keys, CollectionName: &coll,
	})
	if err != nil {
		return nil, fmt.Errorf("create organization %s: %w", name, err)
	}
	owned = true
	if err := s.v.Keyring().Set(vault.OrgKey(created.ID), orgKey); err != nil {
		return nil, fmt.Errorf("organization %s was created, but: %w", name, err)
	}
	out := &CreatedOrg{ID: created.ID, Name: created.Name, BillingEmail: created.BillingEmail, Seats: created.Seats, FirstCollection: first,
		Org: vault.Org{ID: created.ID, Name: created.Name, Role: api.OrgOwner, Seats: created.Seats, UseGroups: true}}
	if out.Name == "" {
		out.Name, out.Org.Name = name, name
	}
	if r.Template != nil {
		out.Template, err = s.ApplyTemplateTo(ctx, out.Org, r.Template)
		if err != nil {
			return out, fmt.Errorf("organization %s was created (id %s), but the template was not fully applied: %w", name, created.ID, err)
		}
	}
	return out, nil
}

// Outcome is what adding a member did in one organization.
type Outcome string

// The outcomes of AddMember in one organization.
const (
	Invited       Outcome = "invited"
	AlreadyMember Outcome = "already a member"
	Refused       Outcome = "refused"
	Failed        Outcome = "error"
)

// AddMemberResult is AddMember's report for one organization.
type AddMemberResult struct {
	Ref     string  `json:"ref"` // as given
	OrgID   string  `json:"orgId,omitempty"`
	OrgName string  `json:"orgName,omitempty"`
	Outcome Outcome `json:"outcome"`
	// Status is the existing membership's status when AlreadyMember.
	Status string `json:"status,omitempty"`
	Err    error  `json:"-"`
}

// PartialError says that an action over several organizations failed in
// some of them; the others were done. Errs unwrap, so errors.Is finds
// ErrNotAllowed when a role refused.
type PartialError struct {
	Failed, Total int
	Errs          []error
}

func (e *PartialError) Error() string {
	s := fmt.Sprintf("%d of %d organizations failed", e.Failed, e.Total)
	if len(e.Errs) > 0 {
		s += ", the first: " + e.Errs[0].Error()
	}
	return s
}

func (e *PartialError) Unwrap() []error { return e.Errs }

// maxParallel bounds the requests a bulk action has in flight.
const maxParallel = 8

// ParseRole parses owner, admin or user: the roles AddMember gives (a
// Custom role needs permissions; use the members commands).
func ParseRole(s string) (api.OrgUserType, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "owner":
		return api.OrgOwner, nil
	case "admin":
		return api.OrgAdmin, nil
	case "user":
		return api.OrgUser, nil
	}
	return 0, fmt.Errorf("role %q: want owner, admin or user", s)
}

// AddMember invites email with one role to each organization (id or
// name) in orgRefs, several at a time, and reports per organization in
// the order given: invited, already a member (with the status), refused
// (the account's role does not allow that role there; nothing was sent)
// or an error. One organization failing does not stop the others. The
// error is a *PartialError when any organization was refused or failed.
func (s *Session) AddMember(ctx context.Context, email string, role api.OrgUserType, orgRefs []string) ([]AddMemberResult, error) {
	email = strings.TrimSpace(email)
	if !strings.Contains(email, "@") || strings.ContainsAny(email, " \t\n,") {
		return nil, fmt.Errorf("add member: %q is not an email address", email)
	}
	if role != api.OrgOwner && role != api.OrgAdmin && role != api.OrgUser {
		return nil, fmt.Errorf("add member %s: role %s: want owner, admin or user", email, role)
	}
	if len(orgRefs) == 0 {
		return nil, fmt.Errorf("add member %s: no organizations given", email)
	}
	res := make([]AddMemberResult, len(orgRefs))
	type job struct {
		i int
		o vault.Org
	}
	var jobs []job
	seen := map[string]int{}
	for i, ref := range orgRefs {
		res[i].Ref = ref
		o, err := s.Org(ref)
		if err != nil {
			res[i].Outcome, res[i].Err = Failed, err
			continue
		}
		res[i].OrgID, res[i].OrgName = o.ID, o.Name
		if j, dup := seen[o.ID]; dup {
			res[i].Outcome, res[i].Err = Failed, fmt.Errorf("organization %s is given twice (also as %q)", o.Name, orgRefs[j])
			continue
		}
		seen[o.ID] = i
		if !CanManageRole(o, role) {
			res[i].Outcome, res[i].Err = Refused, refuse(o, "add "+article(role)+" "+role.String())
			continue
		}
		jobs = append(jobs, job{i, o})
	}

	var wg sync.WaitGroup
	sem := make(chan struct{}, maxParallel)
	for _, j := range jobs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			r := &res[j.i]
			r.Outcome, r.Status, r.Err = s.addMember(ctx, j.o, email, role)
		}()
	}
	wg.Wait()

	var errs []error
	for _, r := range res {
		if r.Err != nil {
			errs = append(errs, r.Err)
		}
	}
	if len(errs) > 0 {
		return res, &PartialError{Failed: len(errs), Total: len(res), Errs: errs}
	}
	return res, nil
}

func (s *Session) addMember(ctx context.Context, o vault.Org, email string, role api.OrgUserType) (Outcome, string, error) {
	members, err := s.c.ListMembers(ctx, o.ID)
	if err != nil {
		return Failed, "", fmt.Errorf("list the members of %s: %w", o.Name, err)
	}
	for _, m := range members {
		if strings.EqualFold(strings.TrimSpace(m.Email), email) {
			return AlreadyMember, m.Status.String(), nil
		}
	}
	err = s.c.InviteMembers(ctx, o.ID, &api.InviteRequest{Emails: []string{email}, Type: role})
	var se *api.StatusError
	switch {
	case err == nil:
		return Invited, api.OrgInvited.String(), nil
	case errors.As(err, &se) && strings.Contains(strings.ToLower(se.Message), "already a member"):
		return AlreadyMember, "", nil // invited by someone else meanwhile
	}
	return Failed, "", fmt.Errorf("invite %s to %s: %w", email, o.Name, err)
}

func article(r api.OrgUserType) string {
	if r == api.OrgOwner || r == api.OrgAdmin {
		return "an"
	}
	return "a"
}
