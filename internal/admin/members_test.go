package admin_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/vaultdesk/vaultdesk/internal/accounts"
	"github.com/vaultdesk/vaultdesk/internal/admin"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// memberByEmail finds a member in a list.
func memberByEmail(l *admin.MemberList, email string) *admin.Member {
	for i := range l.Members {
		if strings.EqualFold(l.Members[i].Email, email) {
			return &l.Members[i]
		}
	}
	return nil
}

// listMembers lists an org's members as m's account.
func listMembers(t *testing.T, m *accounts.Manager, org string) *admin.MemberList {
	t.Helper()
	var l *admin.MemberList
	if err := adminDo(t, m, func(s *admin.Session) (err error) {
		l, err = s.Members(t.Context(), org)
		return err
	}); err != nil {
		t.Fatalf("members of %s: %v", org, err)
	}
	return l
}

// inviteLink returns the newest invitation link mailed to email for org.
func inviteLink(t *testing.T, e *env, email, orgID string) *admin.InviteLink {
	t.Helper()
	mails, err := e.srv.Mailbox(t.Context(), email)
	if err != nil {
		t.Fatal(err)
	}
	for i := len(mails) - 1; i >= 0; i-- {
		if mails[i].Kind == "invite" && strings.Contains(mails[i].Link, "organizationId="+url.QueryEscape(orgID)) {
			l, err := admin.ParseInvite(mails[i].Link)
			if err != nil {
				t.Fatalf("parse %s: %v", mails[i].Link, err)
			}
			return l
		}
	}
	t.Fatalf("no invitation to %s for %s", orgID, email)
	return nil
}

// apiClient returns m's API client, signed in, for direct requests.
func apiClient(t *testing.T, m *accounts.Manager) *api.Client {
	t.Helper()
	var c *api.Client
	if err := m.Admin(t.Context(), "", func(_ *vault.Vault, cl *api.Client) error { c = cl; return nil }); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestMembersList(t *testing.T) {
	e := seeded(t)
	tech := e.login(t, demodata.TechEmail)
	l := listMembers(t, tech, "business x")
	if l.Org.Name != "Business X" {
		t.Fatalf("org = %q", l.Org.Name)
	}
	want := map[string]api.OrgUserStatus{
		"it@businessx.example": api.OrgConfirmed, "new.starter@businessx.example": api.OrgInvited,
		"former.admin@businessx.example": api.OrgRevoked, demodata.TechEmail: api.OrgConfirmed,
	}
	for email, st := range want {
		m := memberByEmail(l, email)
		if m == nil || m.Status != st {
			t.Errorf("%s: %+v, want status %s", email, m, st)
		}
	}
	it := memberByEmail(l, "it@businessx.example")
	if it != nil {
		if it.Role != api.OrgUser {
			t.Errorf("it@ role %s", it.Role)
		}
		var names []string
		for _, c := range it.Collections {
			names = append(names, c.Name)
		}
		slices.Sort(names)
		if !slices.Contains(names, "Network") || !slices.Contains(names, "M365") || !slices.Contains(names, "Servers") {
			t.Errorf("it@ collections %v, want Network, M365, Servers (decrypted)", names)
		}
		if !slices.ContainsFunc(it.Groups, func(g admin.MemberGroup) bool { return g.Name == "Client IT" }) {
			t.Errorf("it@ groups %+v, want Client IT", it.Groups)
		}
	}
	if hd := memberByEmail(l, demodata.HelpdeskEmail); hd == nil || hd.Role != api.OrgCustom || hd.Permissions == nil || !hd.Permissions.ManageUsers {
		t.Errorf("helpdesk: %+v, want custom with manageUsers", hd)
	}
	if tf := memberByEmail(l, demodata.EmailCodeEmail); tf == nil || !tf.TwoFactor {
		t.Errorf("%s: %+v, want two-step login on", demodata.EmailCodeEmail, tf)
	}
	used := 0
	for _, m := range l.Members {
		if m.Status != api.OrgRevoked {
			used++
		}
	}
	if l.SeatsUsed != used || l.Seats == nil || *l.Seats != 100 {
		t.Errorf("seats %d/%v, want %d/100", l.SeatsUsed, l.Seats, used)
	}
}

func TestMembersInviteAlreadyMember(t *testing.T) {
	e := seeded(t)
	tech := e.login(t, demodata.TechEmail)
	err := adminDo(t, tech, func(s *admin.Session) error {
		return s.Invite(t.Context(), "Business X", admin.Invitation{Emails: []string{"IT@businessx.example"}, Role: api.OrgUser})
	})
	if err == nil || !strings.Contains(err.Error(), "already a member") {
		t.Fatalf("invite an existing member: %v, want 'already a member'", err)
	}
	if strings.Count(err.Error(), "\n") > 0 {
		t.Errorf("error spans lines: %q", err)
	}
}

// createOrg creates an organization owned by m's account with the given
// seats, and syncs.
func createOrg(t *testing.T, m *accounts.Manager, name string, seats int) string {
	t.Helper()
	var id string
	err := m.Admin(t.Context(), "", func(v *vault.Vault, c *api.Client) error {
		pub, err := c.UserPublicKey(t.Context(), c.UserID())
		if err != nil {
			return err
		}
		orgKey := crypto.GenerateSymmetricKey()
		wrapped, err := pub.WrapKey(orgKey)
		if err != nil {
			return err
		}
		orgPriv, err := crypto.GenerateKeyPair()
		if err != nil {
			return err
		}
		encPriv, err := orgKey.EncryptPrivateKey(orgPriv)
		if err != nil {
			return err
		}
		coll, err := orgKey.EncryptString("Default collection")
		if err != nil {
			return err
		}
		keys := api.NewKeysRequest(orgPriv.Public(), encPriv)
		o, err := c.CreateOrganization(t.Context(), &api.OrganizationCreateRequest{Name: name, BillingEmail: "billing@" + strings.ToLower(strings.ReplaceAll(name, " ", "")) + ".example",
			PlanType: api.PlanEnterpriseAnnually, Seats: &seats, Key: wrapped, Keys: &keys, CollectionName: &coll})
		if err != nil {
			return err
		}
		id = o.ID
		return nil
	})
	if err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
	if _, err := m.Sync(t.Context(), "", true); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestMembersInviteSeatLimit(t *testing.T) {
	e := seeded(t)
	tech := e.login(t, demodata.TechEmail)
	id := createOrg(t, tech, "Seat Limit Client", 2) // the owner takes one
	err := adminDo(t, tech, func(s *admin.Session) error {
		return s.Invite(t.Context(), id, admin.Invitation{Emails: []string{"a@seatlimit.example", "b@seatlimit.example"}, Role: api.OrgUser})
	})
	if err == nil || !strings.Contains(err.Error(), "maximum number of seats") {
		t.Fatalf("invite past the seat limit: %v, want the seat limit", err)
	}
	if err := adminDo(t, tech, func(s *admin.Session) error {
		return s.Invite(t.Context(), id, admin.Invitation{Emails: []string{"a@seatlimit.example"}, Role: api.OrgUser})
	}); err != nil {
		t.Fatalf("invite within the limit: %v", err)
	}
	l := listMembers(t, tech, id)
	if l.SeatsUsed != 2 || l.Seats == nil || *l.Seats != 2 || len(l.Members) != 2 {
		t.Errorf("seats %d/%v with %d members, want 2/2", l.SeatsUsed, l.Seats, len(l.Members))
	}
}

func TestMembersLastOwner(t *testing.T) {
	e := seeded(t)
	tech := e.login(t, demodata.TechEmail)
	id := createOrg(t, tech, "Last Owner Client", 5)
	admin_ := api.OrgAdmin
	for name, f := range map[string]func(s *admin.Session) error{
		"remove": func(s *admin.Session) error { return s.RemoveMember(t.Context(), id, demodata.TechEmail) },
		"demote": func(s *admin.Session) error {
			return s.UpdateMember(t.Context(), id, demodata.TechEmail, admin.MemberChange{Role: &admin_})
		},
		"revoke": func(s *admin.Session) error { return s.RevokeMember(t.Context(), id, demodata.TechEmail) },
	} {
		err := adminDo(t, tech, f)
		if err == nil || (!errors.Is(err, admin.ErrLastOwner) && name != "revoke") {
			t.Errorf("%s the last owner: %v, want ErrLastOwner", name, err)
		}
		if name == "revoke" && err == nil {
			t.Errorf("revoke yourself: allowed")
		}
	}
	// The server refuses the same.
	c := apiClient(t, tech)
	l := listMembers(t, tech, id)
	me := memberByEmail(l, demodata.TechEmail)
	if err := c.RemoveMember(t.Context(), id, me.ID); err == nil || !strings.Contains(err.Error(), "at least one confirmed owner") {
		t.Errorf("server: remove the last owner: %v", err)
	}
	if err := c.UpdateMember(t.Context(), id, me.ID, &api.MemberUpdateRequest{Type: api.OrgAdmin}); err == nil || !strings.Contains(err.Error(), "at least one confirmed owner") {
		t.Errorf("server: demote the last owner: %v", err)
	}
	if me2 := memberByEmail(listMembers(t, tech, id), demodata.TechEmail); me2 == nil || me2.Role != api.OrgOwner || me2.Status != api.OrgConfirmed {
		t.Errorf("the owner after the refusals: %+v", me2)
	}
}

// countingServer counts the requests it gets and answers 500.
func countingServer(t *testing.T) (*httptest.Server, *atomic.Int64) {
	var n atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		http.Error(w, "no", http.StatusInternalServerError)
	}))
	t.Cleanup(ts.Close)
	return ts, &n
}

// offline runs f in a session over m's vault whose client points at a
// server that only counts, and returns f's error and the request count.
func offline(t *testing.T, m *accounts.Manager, f func(s *admin.Session) error) (error, int64) {
	t.Helper()
	ts, n := countingServer(t)
	c, err := api.New(ts.URL, api.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var ferr error
	if err := m.Admin(t.Context(), "", func(v *vault.Vault, _ *api.Client) error {
		ferr = f(admin.NewSession(v, c))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return ferr, n.Load()
}

func TestMembersPermissions(t *testing.T) {
	e := seeded(t)
	ctx := t.Context()
	helpdesk := e.login(t, demodata.HelpdeskEmail)
	user := e.login(t, "it@businessx.example")

	// Refused before any request.
	err, n := offline(t, helpdesk, func(s *admin.Session) error {
		return s.Invite(ctx, "Business X", admin.Invitation{Emails: []string{"perm.admin@businessx.example"}, Role: api.OrgAdmin})
	})
	if !errors.Is(err, admin.ErrNotAllowed) || n != 0 {
		t.Errorf("helpdesk invites an admin: %v after %d requests, want ErrNotAllowed and none", err, n)
	}
	err, n = offline(t, user, func(s *admin.Session) error {
		return s.Invite(ctx, "Business X", admin.Invitation{Emails: []string{"perm.user@businessx.example"}, Role: api.OrgUser})
	})
	if !errors.Is(err, admin.ErrNotAllowed) || n != 0 {
		t.Errorf("a user invites: %v after %d requests, want ErrNotAllowed and none", err, n)
	}
	for _, f := range []func(s *admin.Session) error{
		func(s *admin.Session) error { _, err := s.ConfirmQueue(ctx); return err },
		func(s *admin.Session) error { return s.RemoveMember(ctx, "Business X", "contractor@businessx.example") },
		func(s *admin.Session) error {
			_, err := s.Fingerprint(ctx, "Business X", "contractor@businessx.example")
			return err
		},
	} {
		err, n = offline(t, user, f)
		if n != 0 || (err != nil && !errors.Is(err, admin.ErrNotAllowed)) {
			t.Errorf("a user administers: %v after %d requests", err, n)
		}
	}

	// The helpdesk may invite a user.
	if err := adminDo(t, helpdesk, func(s *admin.Session) error {
		return s.Invite(ctx, "Business X", admin.Invitation{Emails: []string{"perm.user@businessx.example"}, Role: api.OrgUser})
	}); err != nil {
		t.Errorf("helpdesk invites a user: %v", err)
	}
	// But not change the owner.
	if err := adminDo(t, helpdesk, func(s *admin.Session) error {
		return s.RemoveMember(ctx, "Business X", demodata.TechEmail)
	}); !errors.Is(err, admin.ErrNotAllowed) {
		t.Errorf("helpdesk removes an owner: %v, want ErrNotAllowed", err)
	}

	// The server refuses the same when asked directly.
	orgID := e.m.Org("Business X").ID
	err = apiClient(t, helpdesk).InviteMembers(ctx, orgID, &api.InviteRequest{Emails: []string{"perm.admin@businessx.example"}, Type: api.OrgAdmin})
	if err == nil || !strings.Contains(err.Error(), "Only owners") {
		t.Errorf("server: helpdesk invites an admin: %v", err)
	}
	err = apiClient(t, user).InviteMembers(ctx, orgID, &api.InviteRequest{Emails: []string{"perm.user2@businessx.example"}, Type: api.OrgUser})
	if err == nil || !strings.Contains(err.Error(), "permission") {
		t.Errorf("server: a user invites: %v", err)
	}
	l := listMembers(t, e.login(t, demodata.TechEmail), "Business X")
	if memberByEmail(l, "perm.admin@businessx.example") != nil || memberByEmail(l, "perm.user2@businessx.example") != nil {
		t.Error("a refused invitation was made")
	}
	if m := memberByEmail(l, "perm.user@businessx.example"); m == nil || m.Status != api.OrgInvited || m.Role != api.OrgUser {
		t.Errorf("the helpdesk's invitee: %+v", m)
	}
}

func TestMembersInviteUpdateRevokeRestoreRemove(t *testing.T) {
	e := seeded(t)
	ctx := t.Context()
	tech := e.login(t, demodata.TechEmail)
	const who = "life.cycle@businessy.example"
	y := e.m.Org("Business Y")
	network := y.Collection("Network").ID
	group := y.Groups[0].ID
	do := func(f func(s *admin.Session) error) {
		t.Helper()
		if err := adminDo(t, tech, f); err != nil {
			t.Fatal(err)
		}
	}
	do(func(s *admin.Session) error {
		return s.Invite(ctx, "Business Y", admin.Invitation{Emails: []string{who, " second.cycle@businessy.example "}, Role: api.OrgUser,
			Collections: []api.AccessSelection{{ID: network, ReadOnly: true}}, Groups: []string{group}})
	})
	m := memberByEmail(listMembers(t, tech, "Business Y"), who)
	if m == nil || m.Status != api.OrgInvited || len(m.Collections) != 1 || m.Collections[0].Name != "Network" || !m.Collections[0].ReadOnly ||
		len(m.Groups) != 1 || m.Groups[0].Name != y.Groups[0].Name {
		t.Fatalf("invited: %+v", m)
	}
	if memberByEmail(listMembers(t, tech, "Business Y"), "second.cycle@businessy.example") == nil {
		t.Error("the second invitee is missing")
	}
	before := len(mailsTo(t, e, who))
	do(func(s *admin.Session) error { return s.Reinvite(ctx, "Business Y", who) })
	if got := len(mailsTo(t, e, who)); got != before+1 {
		t.Errorf("re-invite: %d mails, want %d", got, before+1)
	}
	custom := api.OrgCustom
	servers := y.Collection("Servers").ID
	do(func(s *admin.Session) error {
		return s.UpdateMember(ctx, "Business Y", m.ID, admin.MemberChange{Role: &custom, Permissions: &api.Permissions{ManageGroups: true},
			Collections: &[]api.AccessSelection{{ID: servers, Manage: true}}})
	})
	m = memberByEmail(listMembers(t, tech, "Business Y"), who)
	if m.Role != api.OrgCustom || m.Permissions == nil || !m.Permissions.ManageGroups || len(m.Collections) != 1 || m.Collections[0].Name != "Servers" || !m.Collections[0].Manage {
		t.Errorf("updated: %+v", m)
	}
	if len(m.Groups) != 1 {
		t.Errorf("update without groups changed them: %+v", m.Groups)
	}
	do(func(s *admin.Session) error { return s.RevokeMember(ctx, "Business Y", who) })
	if m = memberByEmail(listMembers(t, tech, "Business Y"), who); m.Status != api.OrgRevoked {
		t.Errorf("revoked: %s", m.Status)
	}
	do(func(s *admin.Session) error { return s.RestoreMember(ctx, "Business Y", who) })
	if m = memberByEmail(listMembers(t, tech, "Business Y"), who); m.Status != api.OrgInvited {
		t.Errorf("restored: %s", m.Status)
	}
	do(func(s *admin.Session) error { return s.RemoveMember(ctx, "Business Y", who) })
	if m = memberByEmail(listMembers(t, tech, "Business Y"), who); m != nil {
		t.Errorf("removed, still listed: %+v", m)
	}
	if err := adminDo(t, tech, func(s *admin.Session) error { return s.RemoveMember(ctx, "Business Y", who) }); !errors.Is(err, admin.ErrNotFound) {
		t.Errorf("remove again: %v, want ErrNotFound", err)
	}
}

func mailsTo(t *testing.T, e *env, email string) []string {
	t.Helper()
	ms, err := e.srv.Mailbox(t.Context(), email)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range ms {
		if m.Kind == "invite" {
			out = append(out, m.Link)
		}
	}
	return out
}
