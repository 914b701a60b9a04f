package admin_test

import (
	"slices"
	"testing"

	"github.com/trustelem/zxcvbn"

	"github.com/vaultdesk/vaultdesk/internal/accounts"
	"github.com/vaultdesk/vaultdesk/internal/admin"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// weak is the overview's definition, computed here on the manifest's
// plaintext: a zxcvbn score below 3.
func weak(pw string) bool { return zxcvbn.PasswordStrength(pw, nil).Score < 3 }

// wantHealth computes the password health of the given live login items
// from the manifest: visible says whether the account may see an item's
// password. Reuse is counted within the items given.
func wantHealth(items []*demodata.Item, visible func(*demodata.Item) bool) admin.PasswordHealth {
	var h admin.PasswordHealth
	count := map[string]int{}
	for _, it := range items {
		if visible(it) {
			count[it.Password]++
		}
	}
	for _, it := range items {
		if !visible(it) {
			h.NotChecked++
			continue
		}
		h.Checked++
		if weak(it.Password) {
			h.Weak++
		}
		if count[it.Password] > 1 {
			h.Reused++
		}
	}
	return h
}

func liveLogins(m *demodata.Manifest, org string) []*demodata.Item {
	var out []*demodata.Item
	for i := range m.Items {
		it := &m.Items[i]
		if it.OrgName == org && !it.Deleted && it.Type == api.CipherLogin && it.Password != "" {
			out = append(out, it)
		}
	}
	return out
}

func liveItems(m *demodata.Manifest, org string, seen func(*demodata.Item) bool) int {
	n := 0
	for i := range m.Items {
		if it := &m.Items[i]; it.OrgName == org && !it.Deleted && seen(it) {
			n++
		}
	}
	return n
}

// addItems creates login items as the manager's account, and adds them
// to the manifest.
func addItems(t *testing.T, m *accounts.Manager, man *demodata.Manifest, items []demodata.Item) {
	t.Helper()
	err := m.Edit(t.Context(), "", func(v *vault.Vault, c vault.CipherAPI) error {
		for i := range items {
			it := &items[i]
			o := man.Org(it.OrgName)
			var ids []string
			for _, n := range it.Collections {
				ids = append(ids, o.Collection(n).ID)
			}
			created, err := v.Create(t.Context(), c, &vault.EditItem{Type: api.CipherLogin, Name: it.Name, OrganizationID: o.ID, CollectionIDs: ids,
				Login: &vault.EditLogin{Username: "u", Password: it.Password}})
			if err != nil {
				return err
			}
			it.ID, it.OrgID, it.Type = created.ID, o.ID, api.CipherLogin
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Sync(t.Context(), "", true); err != nil {
		t.Fatal(err)
	}
	man.Items = append(man.Items, items...)
}

func TestOverviewOwner(t *testing.T) {
	e := newSeeded(t) // member counts must be the manifest's
	m := e.login(t, demodata.TechEmail)
	// The demo passwords are all strong and distinct: add weak ones and
	// reuse, within an organization and across two.
	const shared = "Shared-Secret-2026!qzx"
	addItems(t, m, e.m, []demodata.Item{
		{OrgName: "Business X", Name: "weak x", Password: "password1", Collections: []string{"Network"}},
		{OrgName: "Business X", Name: "reused x 1", Password: shared, Collections: []string{"Servers"}},
		{OrgName: "Business X", Name: "reused x 2", Password: shared, Collections: []string{"M365"}},
		{OrgName: "Business Y", Name: "reused y", Password: shared, Collections: []string{"Servers"}},
		{OrgName: "Business Y", Name: "weak y", Password: "letmein", Collections: []string{"Network"}},
		{OrgName: "Business Z", Name: "weak reused z 1", Password: "qwerty12", Collections: []string{"Servers"}},
		{OrgName: "Business Z", Name: "weak reused z 2", Password: "qwerty12", Collections: []string{"Servers"}},
	})
	var ov *admin.Overview
	err := adminDo(t, m, func(s *admin.Session) error {
		var err error
		ov, err = s.Overview(t.Context(), nil)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ov.Orgs) != len(e.m.Orgs) {
		t.Fatalf("overview has %d organizations, want %d", len(ov.Orgs), len(e.m.Orgs))
	}
	all := func(*demodata.Item) bool { return true }
	var allLogins []*demodata.Item
	var wantTotal admin.Totals
	sumReused := 0
	for _, o := range ov.Orgs {
		mo := e.m.Org(o.Name)
		if mo == nil || mo.ID != o.ID {
			t.Fatalf("overview organization %s (%s) is not in the manifest", o.Name, o.ID)
		}
		var mc admin.MemberCounts
		for _, mem := range mo.Members {
			switch mem.Status {
			case api.OrgInvited:
				mc.Invited++
			case api.OrgAccepted:
				mc.Accepted++
			case api.OrgConfirmed:
				mc.Confirmed++
			case api.OrgRevoked:
				mc.Revoked++
			}
		}
		logins := liveLogins(e.m, o.Name)
		allLogins = append(allLogins, logins...)
		h := wantHealth(logins, all)
		items := liveItems(e.m, o.Name, all)
		used := mc.Invited + mc.Accepted + mc.Confirmed
		if o.Items != items || o.Collections != len(mo.Collections) || o.Members == nil || *o.Members != mc ||
			o.Pending == nil || *o.Pending != mc.Accepted || o.SeatsUsed == nil || *o.SeatsUsed != used ||
			o.Seats == nil || *o.Seats != 100 || o.Passwords != h {
			t.Errorf("%s = %+v members %+v pending %v seats %v/%v\nwant items %d collections %d members %+v pending %d seats %d/100 passwords %+v",
				o.Name, o, o.Members, o.Pending, o.SeatsUsed, o.Seats, items, len(mo.Collections), mc, mc.Accepted, used, h)
		}
		sumReused += h.Reused
		wantTotal.Items += items
		wantTotal.Collections += len(mo.Collections)
		wantTotal.Members.Invited += mc.Invited
		wantTotal.Members.Accepted += mc.Accepted
		wantTotal.Members.Confirmed += mc.Confirmed
		wantTotal.Members.Revoked += mc.Revoked
		wantTotal.Pending += mc.Accepted
		wantTotal.SeatsUsed += used
		wantTotal.Seats += 100
	}
	wantTotal.Orgs = len(e.m.Orgs)
	wantTotal.MembersKnown = len(e.m.Orgs)
	wantTotal.Passwords = wantHealth(allLogins, all)
	if p := wantTotal.Passwords; p.Weak < 4 || sumReused == 0 || p.Reused <= sumReused {
		t.Fatalf("want weak passwords and reuse within and across organizations; have %+v, %d reused within", p, sumReused)
	}
	if ov.Total != wantTotal {
		t.Errorf("total = %+v\nwant    %+v", ov.Total, wantTotal)
	}

	// Remembered verdicts give the same overview; read back from the
	// sealed cache they still match, and only for the same passwords.
	known, err := m.Verdicts(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	for run := range 2 {
		var again *admin.Overview
		if err := adminDo(t, m, func(s *admin.Session) error {
			var err error
			again, err = s.Overview(t.Context(), known)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if again.Total != ov.Total {
			t.Errorf("run %d with remembered verdicts: total = %+v, want %+v", run, again.Total, ov.Total)
		}
	}
	if err := m.SaveVerdicts(t.Context(), "", known); err != nil {
		t.Fatal(err)
	}
	reloaded, err := m.Verdicts(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	for pw, want := range map[string]bool{"password1": true, "letmein": true, shared: false} {
		if weak, ok := reloaded.Lookup(reloaded.Digest([]byte(pw))); !ok || weak != want {
			t.Errorf("reloaded verdict for one of the test passwords = %v, %v; want %v, true", weak, ok, want)
		}
	}
	if _, ok := reloaded.Lookup(reloaded.Digest([]byte("never-in-this-vault"))); ok {
		t.Error("a password never seen has a verdict")
	}
}

func TestOverviewHidePasswords(t *testing.T) {
	e := seeded(t)
	// it@businessx.example is a User of Business X: no member counts, and
	// M365 (view except passwords) leaves passwords unchecked.
	const who = "it@businessx.example"
	m := e.login(t, who)
	var ov *admin.Overview
	err := adminDo(t, m, func(s *admin.Session) error {
		var err error
		ov, err = s.Overview(t.Context(), nil)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ov.Orgs) != 1 || ov.Orgs[0].Name != "Business X" {
		t.Fatalf("overview = %+v, want Business X only", ov.Orgs)
	}
	o := ov.Orgs[0]
	if o.Members != nil || o.Pending != nil || o.SeatsUsed != nil || ov.Total.MembersKnown != 0 {
		t.Errorf("a User's overview has member counts: %+v", o)
	}

	// The member's access, direct and through groups: collection name →
	// hides passwords.
	mo := e.m.Org("Business X")
	hides := map[string]bool{}
	grant := func(as []demodata.Access) {
		for _, a := range as {
			if h, ok := hides[a.Collection]; !ok || h {
				hides[a.Collection] = a.HidePasswords
			}
		}
	}
	grant(mo.Member(who).Collections)
	for _, g := range mo.Groups {
		if slices.Contains(g.Members, who) {
			grant(g.Collections)
		}
	}
	sees := func(it *demodata.Item) bool {
		return slices.ContainsFunc(it.Collections, func(c string) bool { _, ok := hides[c]; return ok })
	}
	visible := func(it *demodata.Item) bool {
		return slices.ContainsFunc(it.Collections, func(c string) bool { h, ok := hides[c]; return ok && !h })
	}
	var logins []*demodata.Item
	for _, it := range liveLogins(e.m, "Business X") {
		if sees(it) {
			logins = append(logins, it)
		}
	}
	h := wantHealth(logins, visible)
	if h.NotChecked == 0 {
		t.Fatal("no hidden passwords in the demo data; the test proves nothing")
	}
	if items := liveItems(e.m, "Business X", sees); o.Items != items || o.Passwords != h {
		t.Errorf("Business X as %s = items %d passwords %+v, want %d and %+v", who, o.Items, o.Passwords, items, h)
	}
}
