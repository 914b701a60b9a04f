package admin_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/vaultdesk/vaultdesk/internal/accounts"
	"github.com/vaultdesk/vaultdesk/internal/admin"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

func TestCreateOrg(t *testing.T) {
	e := seeded(t)
	m := e.login(t, demodata.TechEmail)
	seats := 5
	var created *admin.CreatedOrg
	err := adminDo(t, m, func(s *admin.Session) error {
		var err error
		created, err = s.CreateOrg(t.Context(), admin.NewOrg{Name: "Orgs Test Client", BillingEmail: "billing@orgstest.example", Seats: &seats, FirstCollection: "Start here"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if created.ID == "" || created.Seats == nil || *created.Seats != 5 || created.FirstCollection != "Start here" || created.Template != nil {
		t.Errorf("CreateOrg = %+v, want an id, 5 seats and the first collection", created)
	}

	// After the sync the vault has the organization, its key (the
	// collection name decrypts) and the account as its owner.
	err = m.Admin(t.Context(), "", func(v *vault.Vault, c *api.Client) error {
		orgs, _ := v.Orgs()
		var o *vault.Org
		for i := range orgs {
			if orgs[i].ID == created.ID {
				o = &orgs[i]
			}
		}
		if o == nil || o.Name != "Orgs Test Client" || o.Role != api.OrgOwner || o.Damaged || o.Seats == nil || *o.Seats != 5 {
			t.Errorf("the vault's organization = %+v, want the new one, owned, 5 seats, not damaged", o)
		}
		colls, _ := v.Collections()
		n := 0
		for _, col := range colls {
			if col.OrgID == created.ID {
				n++
				if col.Name != "Start here" || col.Damaged {
					t.Errorf("first collection = %+v, want \"Start here\"", col)
				}
			}
		}
		if n != 1 {
			t.Errorf("the new organization has %d collections, want 1", n)
		}
		got, err := c.GetOrganization(t.Context(), created.ID)
		if err != nil {
			return err
		}
		if got.BillingEmail != "billing@orgstest.example" || !got.HasPublicAndPrivateKeys {
			t.Errorf("GetOrganization = %+v, want the billing email and a key pair", got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// Bad input is refused here, with nothing sent.
	bad := []admin.NewOrg{
		{Name: " ", BillingEmail: "a@b.example"},
		{Name: strings.Repeat("x", 51), BillingEmail: "a@b.example"},
		{Name: "No email", BillingEmail: "not-an-email"},
		{Name: "No seats", BillingEmail: "a@b.example", Seats: new(0)},
	}
	err = adminDo(t, m, func(s *admin.Session) error {
		for _, r := range bad {
			if _, err := s.CreateOrg(t.Context(), r); err == nil {
				t.Errorf("CreateOrg(%+v) = nil error, want one", r)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	assertOrgCount(t, m, "No email", 0)
}

func assertOrgCount(t *testing.T, m *accounts.Manager, name string, want int) {
	t.Helper()
	err := m.Admin(t.Context(), "", func(v *vault.Vault, c *api.Client) error {
		orgs, _ := v.Orgs()
		n := 0
		for _, o := range orgs {
			if o.Name == name {
				n++
			}
		}
		if n != want {
			t.Errorf("%d organizations named %q, want %d", n, name, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// memberIn returns the membership of email in the organization, listed as
// the technician.
func memberIn(t *testing.T, m *accounts.Manager, orgID, email string) *api.Member {
	t.Helper()
	var out *api.Member
	err := m.Admin(t.Context(), "", func(v *vault.Vault, c *api.Client) error {
		ms, err := c.ListMembers(t.Context(), orgID)
		for i := range ms {
			if strings.EqualFold(ms[i].Email, email) {
				out = &ms[i]
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestAddMemberToMany(t *testing.T) {
	e := newSeeded(t) // invites change the member counts
	tech := e.login(t, demodata.TechEmail)
	x, y, z := e.m.Org("Business X"), e.m.Org("Business Y"), e.m.Org("Business Z")

	// The technician owns all three: it@businessx.example is a member of
	// X already, not of Y and Z; one org does not exist.
	const who = "it@businessx.example"
	var res []admin.AddMemberResult
	err := adminDo(t, tech, func(s *admin.Session) error {
		var err error
		res, err = s.AddMember(t.Context(), who, api.OrgAdmin, []string{x.ID, "business y", z.ID, "No Such Client"})
		return err
	})
	var pe *admin.PartialError
	if !errors.As(err, &pe) || pe.Failed != 1 || pe.Total != 4 || !errors.Is(err, admin.ErrNotFound) {
		t.Fatalf("AddMember = %v, want a PartialError: 1 of 4 failed, not found", err)
	}
	want := []struct {
		org     string
		outcome admin.Outcome
		status  string
	}{{x.ID, admin.AlreadyMember, "confirmed"}, {y.ID, admin.Invited, "invited"}, {z.ID, admin.Invited, "invited"}, {"", admin.Failed, ""}}
	if len(res) != len(want) {
		t.Fatalf("AddMember reported %d organizations, want %d", len(res), len(want))
	}
	for i, w := range want {
		if res[i].OrgID != w.org || res[i].Outcome != w.outcome || res[i].Status != w.status {
			t.Errorf("result %d = %+v, want org %s %s %s", i, res[i], w.org, w.outcome, w.status)
		}
	}
	for _, o := range []*demodata.Org{y, z} {
		if mem := memberIn(t, tech, o.ID, who); mem == nil || mem.Type != api.OrgAdmin || mem.Status != api.OrgInvited {
			t.Errorf("%s: %s = %+v, want an invited admin", o.Name, who, mem)
		}
	}
	if mem := memberIn(t, tech, x.ID, who); mem == nil || mem.Type != api.OrgUser {
		t.Errorf("%s: %s = %+v, want the User left as is", x.Name, who, mem)
	}

	// The second technician is an Admin in X and Y and an Owner in Z:
	// adding an owner is refused in X and Y, before any request, and done
	// in Z.
	tech2 := e.login(t, demodata.Tech2Email)
	const colleague = "new.colleague@msp.example"
	err = adminDo(t, tech2, func(s *admin.Session) error {
		var err error
		res, err = s.AddMember(t.Context(), colleague, api.OrgOwner, []string{x.Name, y.Name, z.Name})
		return err
	})
	if !errors.As(err, &pe) || pe.Failed != 2 || !errors.Is(err, admin.ErrNotAllowed) {
		t.Fatalf("AddMember as an admin = %v, want 2 refused with ErrNotAllowed", err)
	}
	if res[0].Outcome != admin.Refused || res[1].Outcome != admin.Refused || res[2].Outcome != admin.Invited {
		t.Errorf("outcomes = %s, %s, %s; want refused, refused, invited", res[0].Outcome, res[1].Outcome, res[2].Outcome)
	}
	if memberIn(t, tech, x.ID, colleague) != nil || memberIn(t, tech, y.ID, colleague) != nil {
		t.Errorf("%s was added where the role was refused", colleague)
	}
	if mem := memberIn(t, tech, z.ID, colleague); mem == nil || mem.Type != api.OrgOwner {
		t.Errorf("%s in Z = %+v, want an invited owner", colleague, mem)
	}
}

func TestAddMemberRefusedForUser(t *testing.T) {
	e := seeded(t)
	x := e.m.Org("Business X")
	m := e.login(t, "it@businessx.example") // a User in Business X
	const who = "refused.user@msp.example"
	var res []admin.AddMemberResult
	err := adminDo(t, m, func(s *admin.Session) error {
		var err error
		res, err = s.AddMember(t.Context(), who, api.OrgUser, []string{x.ID})
		return err
	})
	if !errors.Is(err, admin.ErrNotAllowed) || len(res) != 1 || res[0].Outcome != admin.Refused {
		t.Fatalf("AddMember as a User = %+v, %v; want refused here with ErrNotAllowed", res, err)
	}
	if mem := memberIn(t, e.login(t, demodata.TechEmail), x.ID, who); mem != nil {
		t.Errorf("%s was invited: %+v", who, mem)
	}

	// Usage mistakes fail before anything is tried.
	err = adminDo(t, m, func(s *admin.Session) error {
		for _, c := range []struct {
			email string
			role  api.OrgUserType
			orgs  []string
		}{{"not-an-email", api.OrgUser, []string{x.ID}}, {who, api.OrgCustom, []string{x.ID}}, {who, api.OrgUser, nil}} {
			if res, err := s.AddMember(t.Context(), c.email, c.role, c.orgs); err == nil || res != nil {
				t.Errorf("AddMember(%q, %s, %q) = %v, %v; want an error and no results", c.email, c.role, c.orgs, res, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
