package app

import (
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/vaultdesk/vaultdesk/internal/accounts"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/sandboxtest"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// adminEnv is a seeded demo sandbox and a Core whose accounts sign in to
// it, with the events the Core emitted.
type adminEnv struct {
	m   *demodata.Manifest
	url string
	c   *Core
	s   *AdminService

	mu     sync.Mutex
	events []string // names, in order
}

func newAdminEnv(t *testing.T) *adminEnv {
	t.Helper()
	sb := sandboxtest.New(t, sandboxtest.Options{})
	c, err := New(Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	e := &adminEnv{m: sb.Manifest, url: sb.URL(), c: c, s: NewAdminService(c)}
	c.Attach(func(name string, _ any) {
		e.mu.Lock()
		defer e.mu.Unlock()
		e.events = append(e.events, name)
	}, func(string) {})
	return e
}

// login signs a demo account in; it is then unlocked.
func (e *adminEnv) login(t *testing.T, email string) accounts.Status {
	t.Helper()
	a := e.m.Account(email)
	if a == nil {
		t.Fatalf("no demo account %s", email)
	}
	st, err := e.c.mgr.Login(t.Context(), accounts.LoginRequest{Email: a.Email, Server: e.url, Password: []byte(a.Password)})
	if err != nil {
		t.Fatalf("log in %s: %v", email, err)
	}
	return st
}

func (e *adminEnv) eventCount(name string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for _, ev := range e.events {
		if ev == name {
			n++
		}
	}
	return n
}

// org is a demo organization by name.
func (e *adminEnv) org(t *testing.T, name string) *demodata.Org {
	t.Helper()
	o := e.m.Org(name)
	if o == nil {
		t.Fatalf("no demo organization %s", name)
	}
	return o
}

// member is a demo membership of the organization by email.
func (e *adminEnv) member(t *testing.T, org, email string) demodata.Member {
	t.Helper()
	for _, m := range e.org(t, org).Members {
		if m.Email == email {
			return m
		}
	}
	t.Fatalf("%s is not a member of %s", email, org)
	return demodata.Member{}
}

func rowByPath(rows []CollectionRow, path string) *CollectionRow {
	for i := range rows {
		if rows[i].Path == path {
			return &rows[i]
		}
	}
	return nil
}

func levelOf(entries []AccessEntry, id string) string {
	for _, a := range entries {
		if a.ID == id {
			return a.Level
		}
	}
	return "none"
}

// TestAdminService drives the administration screens' calls as the demo
// technician, an owner of every client organization.
func TestAdminService(t *testing.T) {
	e := newAdminEnv(t)
	tech := e.login(t, demodata.TechEmail)
	bx, by, bz := e.org(t, "Business X"), e.org(t, "Business Y"), e.org(t, "Business Z")

	t.Run("Orgs", func(t *testing.T) {
		orgs, err := e.s.Orgs()
		if err != nil {
			t.Fatal(err)
		}
		if len(orgs) != 3 {
			t.Fatalf("Orgs() = %d organizations, want 3", len(orgs))
		}
		for _, o := range orgs {
			if o.AccountID != tech.UserID || o.Role != "owner" || !o.CanViewAdmin || !o.CanManageUsers || !o.CanManageOwners || !o.CanManageGroups || !o.CanCreateCollections {
				t.Errorf("Orgs(): %+v, want the technician's owner rights", o)
			}
		}
	})

	t.Run("CollectionCreateAndAccessRoundTrip", func(t *testing.T) {
		it := e.member(t, "Business X", "it@businessx.example")
		clientIT := bx.Groups[slices.IndexFunc(bx.Groups, func(g demodata.Group) bool { return g.Name == "Client IT" })]
		before := e.eventCount("vault:changed")
		ref, err := e.s.CreateCollection(tech.UserID, bx.ID, NewCollection{Name: " Projects / Alpha ", Access: []AccessGrant{
			{Kind: "member", ID: it.ID, Level: "edit-except-passwords"},
			{Kind: "group", ID: clientIT.ID, Level: "view"},
		}})
		if err != nil {
			t.Fatal(err)
		}
		if ref.Path != "Projects/Alpha" || ref.ID == "" {
			t.Errorf("CreateCollection = %+v, want Projects/Alpha with an id", ref)
		}
		if e.eventCount("vault:changed") <= before {
			t.Error("CreateCollection emitted no vault:changed")
		}
		rows, err := e.s.Collections(tech.UserID, bx.ID)
		if err != nil {
			t.Fatal(err)
		}
		parent, child := rowByPath(rows, "Projects"), rowByPath(rows, "Projects/Alpha")
		if parent == nil || child == nil {
			t.Fatalf("Collections() has no Projects > Alpha: %+v", rows)
		}
		if parent.ID != "" || parent.Depth != 0 || child.Depth != 1 || child.Name != "Alpha" || child.ID != ref.ID {
			t.Errorf("tree: parent %+v, child %+v; want a path-only parent at depth 0 and Alpha at depth 1", parent, child)
		}
		if got := levelOf(child.Members, it.ID); got != "edit-except-passwords" {
			t.Errorf("it@ level = %s, want edit-except-passwords", got)
		}
		if got := levelOf(child.Groups, clientIT.ID); got != "view" {
			t.Errorf("Client IT level = %s, want view", got)
		}
		if i := slices.IndexFunc(child.Members, func(a AccessEntry) bool { return a.ID == it.ID }); i < 0 || child.Members[i].Name != it.Email {
			t.Errorf("members of the collection %+v: want %s named", child.Members, it.Email)
		}
		if !child.CanEdit || !child.CanDelete {
			t.Errorf("an owner may not edit or delete %+v", child)
		}
		// The sync after the change shows the collection in the vault.
		v, err := e.c.mgr.Vault(t.Context(), tech.Email)
		if err != nil {
			t.Fatal(err)
		}
		colls, _ := v.Collections()
		if !slices.ContainsFunc(colls, func(c vault.Collection) bool { return c.ID == ref.ID && c.Name == "Projects/Alpha" }) {
			t.Error("the vault does not show the new collection after CreateCollection")
		}

		// Access replaced: the group manages, the member is gone.
		if err := e.s.SetCollectionAccess(tech.UserID, bx.ID, ref.ID, []AccessGrant{{Kind: "group", ID: clientIT.ID, Level: "manage"}}); err != nil {
			t.Fatal(err)
		}
		rows, _ = e.s.Collections(tech.UserID, bx.ID)
		child = rowByPath(rows, "Projects/Alpha")
		if child == nil || levelOf(child.Groups, clientIT.ID) != "manage" || levelOf(child.Members, it.ID) != "none" {
			t.Errorf("after SetCollectionAccess: %+v, want Client IT manage and it@ without access", child)
		}

		// Rename moves it; the same name twice is refused.
		if _, err := e.s.RenameCollection(tech.UserID, bx.ID, ref.ID, "Archive/Alpha"); err != nil {
			t.Fatal(err)
		}
		_, err = e.s.CreateCollection(tech.UserID, bx.ID, NewCollection{Name: "archive/alpha"})
		wantCode(t, "CreateCollection(a taken name)", err, CodeInvalid)
		_, err = e.s.CreateCollection(tech.UserID, bx.ID, NewCollection{Name: "Archive/Beta", Access: []AccessGrant{{Kind: "member", ID: it.ID, Level: "admin"}}})
		wantCode(t, "CreateCollection(a bad level)", err, CodeInvalid)
		if _, err := e.s.CreateCollection(tech.UserID, bx.ID, NewCollection{Name: "Archive"}); err != nil {
			t.Fatal(err)
		}
		rows, _ = e.s.Collections(tech.UserID, bx.ID)
		archive := rowByPath(rows, "Archive")
		if archive == nil || archive.ID == "" || rowByPath(rows, "Archive/Alpha") == nil || rowByPath(rows, "Projects/Alpha") != nil {
			t.Fatalf("after the rename: %+v", rows)
		}
		_, err = e.s.DeleteCollection(tech.UserID, bx.ID, archive.ID, false)
		wantCode(t, "DeleteCollection(with children, not asked)", err, CodeInvalid)
		deleted, err := e.s.DeleteCollection(tech.UserID, bx.ID, archive.ID, true)
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(deleted)
		if !slices.Equal(deleted, []string{"Archive", "Archive/Alpha"}) {
			t.Errorf("DeleteCollection = %q, want Archive and Archive/Alpha", deleted)
		}
	})

	t.Run("InviteThenListShowsInvited", func(t *testing.T) {
		network := bx.Collections[slices.IndexFunc(bx.Collections, func(c demodata.Collection) bool { return c.Name == "Network" })]
		res, err := e.s.Invite(tech.UserID, bx.ID, InviteRequest{
			Emails: "Alice@client.example, bob@client.example\nalice@client.example",
			Role:   "user", Collections: []CollectionAccess{{ID: network.ID, Level: "view"}},
		})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(res.Invited, []string{"alice@client.example", "bob@client.example"}) {
			t.Errorf("Invite = %q, want alice and bob once each", res.Invited)
		}
		l, err := e.s.Members(tech.UserID, bx.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, email := range res.Invited {
			i := slices.IndexFunc(l.Members, func(m MemberRow) bool { return m.Email == email })
			if i < 0 {
				t.Fatalf("Members() has no %s", email)
			}
			m := l.Members[i]
			if m.Status != "invited" || m.Role != "user" || levelOf(m.Collections, network.ID) != "view" || !m.CanManage {
				t.Errorf("Members(): %+v, want an invited user with view on Network", m)
			}
		}
		if l.SeatsUsed != len(l.Members)-countStatus(l.Members, "revoked") {
			t.Errorf("SeatsUsed = %d, want every member but the revoked", l.SeatsUsed)
		}
		_, err = e.s.Invite(tech.UserID, bx.ID, InviteRequest{Emails: "carol@client.example, not-an-address", Role: "user"})
		wantCode(t, "Invite(a bad address)", err, CodeInvalid)
		_, err = e.s.Invite(tech.UserID, bx.ID, InviteRequest{Emails: " ,\n", Role: "user"})
		wantCode(t, "Invite(no address)", err, CodeInvalid)
	})

	t.Run("ConfirmQueueSpansOrgs", func(t *testing.T) {
		q, err := e.s.ConfirmQueue()
		if err != nil {
			t.Fatal(err)
		}
		if len(q.Errors) > 0 {
			t.Errorf("ConfirmQueue errors: %q", q.Errors)
		}
		orgs := map[string]bool{}
		for _, en := range q.Entries {
			orgs[en.OrgID] = true
			if en.Phrase == "" || en.Checked == "" || en.AccountID != tech.UserID {
				t.Errorf("queue entry %+v: want a phrase, a checked token and the account", en)
			}
		}
		for _, o := range []*demodata.Org{bx, by, bz} {
			if !orgs[o.ID] {
				t.Errorf("the confirm queue has nobody from %s, whose contractor accepted", o.Name)
			}
		}
	})

	t.Run("FingerprintAndConfirm", func(t *testing.T) {
		m := e.member(t, "Business X", "contractor@businessx.example")
		f, err := e.s.Fingerprint(tech.UserID, bx.ID, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if f.Email != m.Email || len(strings.Split(f.Phrase, "-")) != 5 || f.Checked == "" {
			t.Fatalf("Fingerprint = %+v, want the contractor's five-word phrase", f)
		}
		wantCode(t, "Confirm(no checked token)", e.s.Confirm(tech.UserID, bx.ID, m.ID, ""), CodeInvalid)
		if err := e.s.Confirm(tech.UserID, bx.ID, m.ID, f.Checked); err != nil {
			t.Fatal(err)
		}
		if got := memberStatus(t, e, tech.UserID, bx.ID, m.ID); got != "confirmed" {
			t.Errorf("after Confirm the contractor is %s, want confirmed", got)
		}
	})

	t.Run("ConfirmStaleTokenIsConflict", func(t *testing.T) {
		y := e.member(t, "Business Y", "contractor@businessy.example")
		z := e.member(t, "Business Z", "contractor@businessz.example")
		// A phrase shown for another key: Business Z's contractor's.
		stale, err := e.s.Fingerprint(tech.UserID, bz.ID, z.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantCode(t, "Confirm(a stale token)", e.s.Confirm(tech.UserID, by.ID, y.ID, stale.Checked), CodeConflict)
		if got := memberStatus(t, e, tech.UserID, by.ID, y.ID); got != "accepted" {
			t.Errorf("after a refused Confirm the member is %s, want still accepted", got)
		}
	})

	t.Run("BulkConfirm", func(t *testing.T) {
		y := e.member(t, "Business Y", "contractor@businessy.example")
		z := e.member(t, "Business Z", "contractor@businessz.example")
		fy, err := e.s.Fingerprint(tech.UserID, by.ID, y.ID)
		if err != nil {
			t.Fatal(err)
		}
		res, err := e.s.BulkConfirm([]ConfirmRequest{
			{AccountID: tech.UserID, OrgID: by.ID, MemberID: y.ID, Checked: fy.Checked},
			{AccountID: tech.UserID, OrgID: bz.ID, MemberID: z.ID}, // neither checked nor skipped
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(res) != 2 || !res[0].Confirmed || res[0].Email != y.Email || res[1].Confirmed || res[1].Code != CodeInvalid {
			t.Fatalf("BulkConfirm = %+v, want Y confirmed and Z refused as unchecked", res)
		}
		if got := memberStatus(t, e, tech.UserID, bz.ID, z.ID); got != "accepted" {
			t.Errorf("an unchecked member was confirmed: %s", got)
		}
		res, err = e.s.BulkConfirm([]ConfirmRequest{
			{AccountID: tech.UserID, OrgID: bz.ID, MemberID: z.ID, Unchecked: true},
			{AccountID: tech.UserID, OrgID: by.ID, MemberID: y.ID, Checked: fy.Checked}, // already confirmed
		})
		if err != nil {
			t.Fatal(err)
		}
		if !res[0].Confirmed || res[1].Confirmed || res[1].Error == "" {
			t.Errorf("BulkConfirm = %+v, want Z confirmed (skipped check) and Y failing alone", res)
		}
		if got := memberStatus(t, e, tech.UserID, bz.ID, z.ID); got != "confirmed" {
			t.Errorf("after an explicit skip the member is %s, want confirmed", got)
		}
	})

	t.Run("CreateOrgFromTemplate", func(t *testing.T) {
		ts, err := e.s.Templates()
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(ts, func(x TemplateInfo) bool { return x.ID == "msp-standard" })
		if i < 0 {
			t.Fatalf("Templates() = %+v, want msp-standard", ts)
		}
		tpl := ts[i]
		if tpl.Description == "" || !slices.Contains(tpl.Collections, "Network/Firewalls") || len(tpl.Groups) != 2 {
			t.Errorf("msp-standard = %+v, want its description, collections and two groups", tpl)
		}
		_, err = e.s.CreateOrg(tech.UserID, NewOrgRequest{Name: "Business Q", BillingEmail: "billing", Template: "msp-standard"})
		wantCode(t, "CreateOrg(a bad billing email)", err, CodeInvalid)
		_, err = e.s.CreateOrg(tech.UserID, NewOrgRequest{Name: "Business Q", BillingEmail: "a@q.example", Template: "../nope"})
		wantCode(t, "CreateOrg(an unknown template)", err, CodeInvalid)

		created, err := e.s.CreateOrg(tech.UserID, NewOrgRequest{Name: "Business Q", BillingEmail: "accounts@q.example", Template: "msp-standard"})
		if err != nil {
			t.Fatal(err)
		}
		if created.OrgID == "" || created.TemplateError != "" || len(created.CollectionsCreated) != len(tpl.Collections) || len(created.GroupsCreated) != 2 {
			t.Fatalf("CreateOrg = %+v, want every collection and group of the template", created)
		}
		orgs, err := e.s.Orgs()
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(orgs, func(o AdminOrg) bool { return o.OrgID == created.OrgID && o.Role == "owner" && o.Name == "Business Q" }) {
			t.Fatalf("Orgs() after CreateOrg lacks Business Q: %+v", orgs)
		}
		rows, err := e.s.Collections(tech.UserID, created.OrgID)
		if err != nil {
			t.Fatal(err)
		}
		fw := rowByPath(rows, "Network/Firewalls")
		if fw == nil || rowByPath(rows, created.FirstCollection) == nil {
			t.Fatalf("collections of the new org: %+v", rows)
		}
		gs, err := e.s.Groups(tech.UserID, created.OrgID)
		if err != nil {
			t.Fatal(err)
		}
		techs := slices.IndexFunc(gs, func(g GroupRow) bool { return g.Name == "Technicians" })
		if techs < 0 || levelOf(fw.Groups, gs[techs].ID) != "manage" {
			t.Errorf("Technicians should manage Network/Firewalls: groups %+v, access %+v", gs, fw.Groups)
		}
	})

	t.Run("Groups", func(t *testing.T) {
		m := e.member(t, "Business X", "it@businessx.example")
		servers := bx.Collections[slices.IndexFunc(bx.Collections, func(c demodata.Collection) bool { return c.Name == "Servers" })]
		g, err := e.s.CreateGroup(tech.UserID, bx.ID, GroupInput{Name: "Night shift", Members: []string{m.ID},
			Collections: []CollectionAccess{{ID: servers.ID, Level: "view-except-passwords"}}})
		if err != nil {
			t.Fatal(err)
		}
		if len(g.Members) != 1 || g.Members[0].Name != m.Email || levelOf(g.Collections, servers.ID) != "view-except-passwords" {
			t.Errorf("CreateGroup = %+v", g)
		}
		g, err = e.s.EditGroup(tech.UserID, bx.ID, g.ID, GroupInput{Name: "Night shift", Collections: []CollectionAccess{{ID: servers.ID, Level: "edit"}}})
		if err != nil {
			t.Fatal(err)
		}
		if len(g.Members) != 0 || levelOf(g.Collections, servers.ID) != "edit" {
			t.Errorf("EditGroup = %+v, want no members and edit on Servers", g)
		}
		_, err = e.s.CreateGroup(tech.UserID, bx.ID, GroupInput{Name: "night SHIFT"})
		wantCode(t, "CreateGroup(a taken name)", err, CodeInvalid)
		if err := e.s.DeleteGroup(tech.UserID, bx.ID, g.ID); err != nil {
			t.Fatal(err)
		}
		gs, _ := e.s.Groups(tech.UserID, bx.ID)
		if slices.ContainsFunc(gs, func(x GroupRow) bool { return x.ID == g.ID }) {
			t.Error("the group is still listed after DeleteGroup")
		}
	})

	t.Run("AddColleagueToSeveralOrgs", func(t *testing.T) {
		res, err := e.s.AddColleague(tech.UserID, "New.Tech@msp.example", "admin", []string{bx.ID, by.ID, bz.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(res) != 3 {
			t.Fatalf("AddColleague = %+v, want one result per organization", res)
		}
		for i, o := range []*demodata.Org{bx, by, bz} {
			if res[i].OrgID != o.ID || res[i].OrgName != o.Name || res[i].Outcome != "invited" {
				t.Errorf("AddColleague result %d = %+v, want invited to %s", i, res[i], o.Name)
			}
		}
		res, err = e.s.AddColleague(tech.UserID, "new.tech@msp.example", "admin", []string{bx.ID})
		if err != nil {
			t.Fatal(err)
		}
		if res[0].Outcome != "already a member" || res[0].Status != "invited" {
			t.Errorf("AddColleague again = %+v, want already a member (invited)", res[0])
		}
		_, err = e.s.AddColleague(tech.UserID, "x@msp.example", "custom", []string{bx.ID})
		wantCode(t, "AddColleague(custom)", err, CodeInvalid)
	})

	t.Run("OverviewTotalsAreTheSumOfTheOrgs", func(t *testing.T) {
		ov, err := e.s.Overview(tech.UserID)
		if err != nil {
			t.Fatal(err)
		}
		var sum OverviewTotals
		for _, o := range ov.Orgs {
			sum.Orgs++
			sum.Items += o.Items
			sum.Collections += o.Collections
			sum.Weak += o.Weak
			sum.NotChecked += o.NotChecked
			if o.Members == nil || o.Pending == nil {
				t.Fatalf("an owner sees no members in %s: %+v", o.Name, o)
			}
			sum.Members.Invited += o.Members.Invited
			sum.Members.Accepted += o.Members.Accepted
			sum.Members.Confirmed += o.Members.Confirmed
			sum.Members.Revoked += o.Members.Revoked
			sum.Pending += *o.Pending
			if o.SeatsUsed != nil {
				sum.SeatsUsed += *o.SeatsUsed
			}
		}
		tot := ov.Total
		if tot.Orgs != sum.Orgs || tot.Items != sum.Items || tot.Collections != sum.Collections || tot.Weak != sum.Weak ||
			tot.NotChecked != sum.NotChecked || tot.Members != sum.Members || tot.Pending != sum.Pending || tot.SeatsUsed != sum.SeatsUsed {
			t.Errorf("totals %+v, want the sum of the organizations %+v", tot, sum)
		}
		if tot.Orgs != 4 || tot.Items == 0 || tot.Weak == 0 {
			t.Errorf("totals %+v: want 4 organizations (with Business Q), items and weak demo passwords", tot)
		}
		// Every unlocked account: here the one account, with the
		// verdicts kept from the first overview.
		all, err := e.s.Overview("")
		if err != nil {
			t.Fatal(err)
		}
		if all.Total != tot || len(all.Errors) != 0 {
			t.Errorf("Overview(\"\") total %+v errors %q, want %+v", all.Total, all.Errors, tot)
		}
	})
}

// TestAdminUserRoleRefused signs in a client's IT contact, a User of
// Business X who manages only its General collection, beside the
// technician: the screens see both accounts, and Go refuses what a User
// may not do.
func TestAdminUserRoleRefused(t *testing.T) {
	e := newAdminEnv(t)
	tech := e.login(t, demodata.TechEmail)
	user := e.login(t, "it@businessx.example")
	bx := e.org(t, "Business X")
	if m := e.member(t, "Business X", user.Email); m.Role.String() != "user" {
		t.Fatalf("the demo gives %s the role %s, want user", user.Email, m.Role)
	}

	orgs, err := e.s.Orgs()
	if err != nil {
		t.Fatal(err)
	}
	var mine *AdminOrg
	for i, o := range orgs {
		if o.AccountID == user.UserID {
			if mine != nil {
				t.Fatalf("%s is in more than Business X: %+v", user.Email, orgs)
			}
			mine = &orgs[i]
		}
	}
	if mine == nil || mine.OrgID != bx.ID || mine.Role != "user" || mine.CanViewAdmin || mine.CanManageUsers ||
		mine.CanCreateCollections || mine.CanManageGroups || !mine.ManagesCollections {
		t.Fatalf("Orgs() for the user: %+v, want Business X as a user who manages a collection", mine)
	}
	if n := len(orgs); n != 4 {
		t.Errorf("Orgs() = %d rows, want 3 of the technician and 1 of the user", n)
	}

	_, err = e.s.Members(user.UserID, bx.ID)
	wantCode(t, "Members", err, CodeNotAllowed)
	_, err = e.s.Invite(user.UserID, bx.ID, InviteRequest{Emails: "x@client.example", Role: "user"})
	wantCode(t, "Invite", err, CodeNotAllowed)
	_, err = e.s.CreateCollection(user.UserID, bx.ID, NewCollection{Name: "Mine"})
	wantCode(t, "CreateCollection", err, CodeNotAllowed)
	_, err = e.s.Groups(user.UserID, bx.ID)
	wantCode(t, "Groups", err, CodeNotAllowed)
	contractor := e.member(t, "Business X", "contractor@businessx.example")
	_, err = e.s.Fingerprint(user.UserID, bx.ID, contractor.ID)
	wantCode(t, "Fingerprint", err, CodeNotAllowed)
	res, err := e.s.AddColleague(user.UserID, "friend@client.example", "user", []string{bx.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 || res[0].Outcome != "refused" {
		t.Errorf("AddColleague as a user = %+v, want refused", res)
	}
	res2, err := e.s.BulkConfirm([]ConfirmRequest{{AccountID: user.UserID, OrgID: bx.ID, MemberID: contractor.ID, Unchecked: true}})
	if err != nil {
		t.Fatal(err)
	}
	if res2[0].Confirmed || res2[0].Code != CodeNotAllowed {
		t.Errorf("BulkConfirm as a user = %+v, want not-allowed", res2[0])
	}

	// The collections a user manages stay theirs to edit.
	rows, err := e.s.Collections(user.UserID, bx.ID)
	if err != nil {
		t.Fatal(err)
	}
	general := rowByPath(rows, "General")
	if general == nil || !general.CanEdit || !general.CanDelete {
		t.Errorf("Collections() for the user: %+v, want General, which they manage", rows)
	}

	// The queue spans the accounts: the technician's entries only.
	q, err := e.s.ConfirmQueue()
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Entries) == 0 {
		t.Fatal("ConfirmQueue() is empty; the technician has accepted members waiting")
	}
	for _, en := range q.Entries {
		if en.AccountID != tech.UserID {
			t.Errorf("queue entry through the user's account: %+v", en)
		}
	}
}

func countStatus(ms []MemberRow, status string) int {
	n := 0
	for _, m := range ms {
		if m.Status == status {
			n++
		}
	}
	return n
}

func memberStatus(t *testing.T, e *adminEnv, accountID, orgID, memberID string) string {
	t.Helper()
	l, err := e.s.Members(accountID, orgID)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range l.Members {
		if m.ID == memberID {
			return m.Status
		}
	}
	t.Fatalf("member %s is not in %s", memberID, orgID)
	return ""
}
