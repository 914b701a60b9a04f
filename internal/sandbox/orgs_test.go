package sandbox

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
)

type memberResp struct {
	ID, UserID, Email string
	Type, Status      int
	TwoFactorEnabled  bool
	Collections       []struct {
		ID                              string
		ReadOnly, HidePasswords, Manage bool
	}
	Groups []string
}

func (e *env) members(a *account, orgID string) map[string]memberResp {
	e.t.Helper()
	var lst struct{ Data []memberResp }
	e.ok("GET", "/api/organizations/"+orgID+"/users?includeCollections=true&includeGroups=true", a.token, nil, &lst)
	out := map[string]memberResp{}
	for _, m := range lst.Data {
		out[m.Email] = m
	}
	return out
}

func (e *env) collection(a *account, orgID string, k *crypto.SymmetricKey, name string, users []map[string]any) string {
	e.t.Helper()
	var c struct{ ID string }
	if users == nil {
		users = []map[string]any{}
	}
	e.ok("POST", "/api/organizations/"+orgID+"/collections", a.token,
		map[string]any{"name": enc(e.t, k, name), "groups": []any{}, "users": users}, &c)
	return c.ID
}

// addMember invites b, has b accept through the mailed token and confirms
// b with the org key wrapped to b's public key. It returns the member id.
func (e *env) addMember(owner, b *account, orgID string, orgKey *crypto.SymmetricKey, typ int, colls []map[string]any) string {
	e.t.Helper()
	if colls == nil {
		colls = []map[string]any{}
	}
	e.ok("POST", "/api/organizations/"+orgID+"/users/invite", owner.token,
		map[string]any{"emails": []string{b.email}, "type": typ, "collections": colls, "groups": []string{}}, nil)
	inv := e.mail(b.email, "invite")
	link, err := url.Parse(strings.Replace(inv.Link, "/#/", "/", 1))
	if err != nil {
		e.t.Fatal(err)
	}
	q := link.Query()
	memberID := q.Get("organizationUserId")
	if q.Get("organizationId") != orgID || q.Get("token") != inv.Token || q.Get("email") != b.email || q.Get("organizationName") == "" {
		e.t.Fatalf("invite link %s lacks its parameters", inv.Link)
	}
	e.ok("POST", "/api/organizations/"+orgID+"/users/"+memberID+"/accept", b.token, map[string]string{"token": inv.Token}, nil)
	var keys struct {
		Data []struct{ ID, UserID, Key string }
	}
	e.ok("POST", "/api/organizations/"+orgID+"/users/public-keys", owner.token, map[string]any{"ids": []string{memberID}}, &keys)
	if len(keys.Data) != 1 || keys.Data[0].Key != b.publicKey() || keys.Data[0].UserID != b.id {
		e.t.Fatalf("public-keys = %+v", keys)
	}
	der, _ := decodeB64(keys.Data[0].Key)
	pk, err := crypto.ParsePublicKey(der)
	if err != nil {
		e.t.Fatal(err)
	}
	wrapped := mustEnc(e.t)(pk.WrapKey(orgKey))
	e.ok("POST", "/api/organizations/"+orgID+"/users/"+memberID+"/confirm", owner.token, map[string]string{"key": wrapped.String()}, nil)
	return memberID
}

func TestOrganizationFlow(t *testing.T) {
	e := newEnv(t)
	owner := e.register("owner@example.com")
	bob := e.register("bob@example.com")
	eve := e.register("eve@example.com")
	orgID, orgKey := e.createOrg(owner, "Business X", 0)

	var o struct {
		Name   string
		Seats  int
		Object string
	}
	e.ok("GET", "/api/organizations/"+orgID, owner.token, nil, &o)
	if o.Name != "Business X" || o.Seats != 10 || o.Object != "organization" {
		t.Fatalf("org = %+v", o)
	}
	e.fail(404, "GET", "/api/organizations/"+orgID, eve.token, nil)
	e.ok("GET", "/api/organizations/"+orgID+"/public-key", owner.token, nil, nil)
	e.ok("GET", "/api/organizations/"+orgID+"/policies", owner.token, nil, nil)

	collRO := e.collection(owner, orgID, orgKey, "Read only", nil)
	collHP := e.collection(owner, orgID, orgKey, "Hidden", nil)
	collMG := e.collection(owner, orgID, orgKey, "Managed", nil)
	collNone := e.collection(owner, orgID, orgKey, "Not for bob", nil)

	bobID := e.addMember(owner, bob, orgID, orgKey, roleUser, []map[string]any{
		{"id": collRO, "readOnly": true, "hidePasswords": false, "manage": false},
		{"id": collHP, "readOnly": false, "hidePasswords": true, "manage": false},
		{"id": collMG, "readOnly": false, "hidePasswords": false, "manage": true},
	})

	// Bob's sync carries the org key, which his private key unwraps.
	s := e.syncOf(bob)
	if len(s.Profile.Organizations) != 1 || s.Profile.Organizations[0].Key == nil || s.Profile.Organizations[0].Status != 2 {
		t.Fatalf("bob's orgs = %+v", s.Profile.Organizations)
	}
	got, err := bob.priv.UnwrapKey(mustParse(t, *s.Profile.Organizations[0].Key))
	if err != nil || !got.Equal(orgKey) {
		t.Fatalf("bob cannot unwrap the org key: %v", err)
	}

	// Org items in each collection.
	item := func(coll string) string {
		body := loginCipher(t, orgKey, "org item", "u", "p")
		body["organizationId"] = orgID
		var c struct{ ID string }
		e.ok("POST", "/api/ciphers/create", owner.token, map[string]any{"cipher": body, "collectionIds": []string{coll}}, &c)
		return c.ID
	}
	ro, hp, mg, none := item(collRO), item(collHP), item(collMG), item(collNone)

	s = e.syncOf(bob)
	if len(s.Ciphers) != 3 || s.cipher(none) != nil {
		t.Fatalf("bob sees %d ciphers", len(s.Ciphers))
	}
	check := func(id string, edit, view bool) {
		t.Helper()
		c := s.cipher(id)
		if c == nil || c.Edit != edit || c.ViewPassword != view || c.Permissions.Delete != edit {
			t.Errorf("cipher %s = %+v, want edit %v viewPassword %v", id, c, edit, view)
		}
	}
	check(ro, false, true)
	check(hp, true, false)
	check(mg, true, true)
	flags := map[string][3]bool{}
	for _, c := range s.Collections {
		flags[c.ID] = [3]bool{c.ReadOnly, c.HidePasswords, c.Manage}
	}
	if len(flags) != 3 || flags[collRO] != [3]bool{true, false, false} || flags[collHP] != [3]bool{false, true, false} || flags[collMG] != [3]bool{false, false, true} {
		t.Errorf("bob's collections = %v", flags)
	}

	// Bob cannot edit the read-only item, nor see the other one.
	e.fail(400, "PUT", "/api/ciphers/"+ro, bob.token, withOrg(loginCipher(t, orgKey, "x", "y", "z"), orgID))
	e.fail(400, "DELETE", "/api/ciphers/"+ro, bob.token, nil)
	e.fail(404, "GET", "/api/ciphers/"+none, bob.token, nil)
	e.ok("PUT", "/api/ciphers/"+ro+"/partial", bob.token, map[string]any{"favorite": true}, nil)
	e.ok("PUT", "/api/ciphers/"+mg, bob.token, withOrg(loginCipher(t, orgKey, "edited", "y", "z"), orgID), nil)

	// A change by the owner bumps bob's revision date.
	before := e.revision(bob)
	e.ok("PUT", "/api/ciphers/"+ro, owner.token, withOrg(loginCipher(t, orgKey, "changed", "y", "z"), orgID), nil)
	if after := e.revision(bob); after <= before {
		t.Errorf("bob's revision %d did not advance from %d", after, before)
	}

	// A group grants the last collection and lifts read-only on the first.
	var g struct{ ID string }
	e.ok("POST", "/api/organizations/"+orgID+"/groups", owner.token, map[string]any{
		"name": "Helpdesk", "users": []string{bobID},
		"collections": []any{map[string]any{"id": collNone, "readOnly": true, "hidePasswords": true}, map[string]any{"id": collRO, "readOnly": false}},
	}, &g)
	s = e.syncOf(bob)
	check(none, false, false)
	check(ro, true, true)

	// Bob is a User: no admin lists, but mini-details.
	e.fail(400, "GET", "/api/organizations/"+orgID+"/users", bob.token, nil)
	e.fail(400, "POST", "/api/organizations/"+orgID+"/collections", bob.token, map[string]any{"name": enc(t, orgKey, "x")})
	e.ok("GET", "/api/organizations/"+orgID+"/users/mini-details", bob.token, nil, nil)
	e.fail(404, "GET", "/api/organizations/"+orgID+"/users/mini-details", eve.token, nil)

	// Members list with collections and groups.
	ms := e.members(owner, orgID)
	if m := ms[bob.email]; m.Status != 2 || len(m.Collections) != 3 || len(m.Groups) != 1 || m.UserID != bob.id {
		t.Errorf("bob in members list = %+v", m)
	}

	// Share bob's personal item into the managed collection; not into the
	// read-only one (collNone, read-only through the group).
	var pc struct{ ID string }
	e.ok("POST", "/api/ciphers", bob.token, loginCipher(t, bob.userKey, "mine", "u", "p"), &pc)
	share := map[string]any{"cipher": withOrg(loginCipher(t, orgKey, "mine", "u", "p"), orgID), "collectionIds": []string{collNone}}
	e.fail(400, "PUT", "/api/ciphers/"+pc.ID+"/share", bob.token, share)
	share["collectionIds"] = []string{collMG}
	e.ok("PUT", "/api/ciphers/"+pc.ID+"/share", bob.token, share, nil)
	if c := e.syncOf(owner).cipher(pc.ID); c == nil || c.OrganizationID == nil {
		t.Errorf("owner does not see the shared item")
	}

	// The owner moves an item between collections (collections_v2).
	var opt struct {
		Object      string
		Unavailable bool
		Cipher      *struct{ CollectionIDs []string }
	}
	e.ok("PUT", "/api/ciphers/"+none+"/collections_v2", owner.token, map[string]any{"collectionIds": []string{collMG}}, &opt)
	if opt.Object != "optionalCipherDetails" || opt.Unavailable || opt.Cipher == nil || len(opt.Cipher.CollectionIDs) != 1 {
		t.Errorf("collections_v2 = %+v", opt)
	}

	// Revoke hides the org from bob; restore brings it back.
	e.ok("PUT", "/api/organizations/"+orgID+"/users/"+bobID+"/revoke", owner.token, nil, nil)
	if s := e.syncOf(bob); len(s.Profile.Organizations) != 0 || len(s.Ciphers) != 0 {
		t.Errorf("revoked bob still sees %d orgs, %d ciphers", len(s.Profile.Organizations), len(s.Ciphers))
	}
	if m := e.members(owner, orgID)[bob.email]; m.Status != -1 {
		t.Errorf("revoked status = %d, want -1", m.Status)
	}
	e.ok("PUT", "/api/organizations/"+orgID+"/users/"+bobID+"/restore", owner.token, nil, nil)
	if s := e.syncOf(bob); len(s.Profile.Organizations) != 1 {
		t.Errorf("restored bob sees %d orgs", len(s.Profile.Organizations))
	}
	e.ok("DELETE", "/api/organizations/"+orgID+"/users/"+bobID, owner.token, nil, nil)
	if s := e.syncOf(bob); len(s.Profile.Organizations) != 0 || len(s.Ciphers) != 0 {
		t.Errorf("removed bob still sees the org")
	}
}

func withOrg(body map[string]any, orgID string) map[string]any {
	body["organizationId"] = orgID
	return body
}

func mustParse(t *testing.T, s string) crypto.EncString {
	t.Helper()
	es, err := crypto.ParseEncString(s)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func TestOrganizationRules(t *testing.T) {
	e := newEnv(t)
	owner := e.register("boss@example.com")
	admin := e.register("admin@example.com")
	orgID, orgKey := e.createOrg(owner, "Small", 3)
	base := "/api/organizations/" + orgID + "/users"
	ownerMember := e.members(owner, orgID)[owner.email].ID

	// The last owner stays.
	e.fail(400, "DELETE", base+"/"+ownerMember, owner.token, nil)
	e.fail(400, "PUT", base+"/"+ownerMember, owner.token, map[string]any{"type": roleUser, "collections": []any{}})
	e.fail(400, "PUT", base+"/"+ownerMember+"/revoke", owner.token, nil)
	var bulk struct{ Data []struct{ ID, Error string } }
	e.ok("DELETE", base, owner.token, map[string]any{"ids": []string{ownerMember}}, &bulk)
	if len(bulk.Data) != 1 || bulk.Data[0].Error == "" {
		t.Errorf("bulk remove of the last owner = %+v", bulk)
	}

	adminID := e.addMember(owner, admin, orgID, orgKey, roleAdmin, nil)

	// Admins may not invite owners or admins; owners may; invites respect
	// seats and refuse existing members.
	invite := func(tok string, typ int, emails ...string) (int, []byte) {
		return e.do("POST", base+"/invite", tok, map[string]any{"emails": emails, "type": typ, "collections": []any{}, "groups": []any{}})
	}
	if code, _ := invite(admin.token, roleOwner, "x@example.com"); code != 400 {
		t.Errorf("admin inviting an owner = %d", code)
	}
	if code, body := invite(owner.token, roleUser, admin.email); code != 400 || !strings.Contains(string(body), "already a member") {
		t.Errorf("inviting a member again = %d %s", code, body)
	}
	if code, body := invite(admin.token, roleUser, "one@example.com", "two@example.com"); code != 400 || !strings.Contains(string(body), "seats") {
		t.Errorf("invite past the seat limit = %d %s", code, body)
	}
	if code, body := invite(admin.token, roleUser, "Solo@Example.com"); code != 200 {
		t.Fatalf("invite = %d %s", code, body)
	}
	solo := e.members(owner, orgID)["solo@example.com"]
	if solo.Status != 0 || solo.UserID != "" {
		t.Errorf("invited member = %+v", solo)
	}

	// Reinvite mails a fresh token; confirming before accepting fails.
	e.ok("POST", base+"/"+solo.ID+"/reinvite", admin.token, nil, nil)
	e.ok("POST", base+"/reinvite", admin.token, map[string]any{"ids": []string{solo.ID}}, &bulk)
	if len(bulk.Data) != 1 || bulk.Data[0].Error != "" {
		t.Errorf("bulk reinvite = %+v", bulk)
	}
	if n := len(mustMail(t, e, "solo@example.com")); n != 3 {
		t.Errorf("solo has %d mails, want 3", n)
	}
	e.fail(400, "POST", base+"/"+solo.ID+"/confirm", owner.token, map[string]string{"key": "4.AAAA"})

	// A new account registers with the invite and is Accepted.
	inv := e.mail("solo@example.com", "invite")
	soloAcc := e.registerWithInvite("solo@example.com", inv.Token, solo.ID)
	if m := e.members(owner, orgID)["solo@example.com"]; m.Status != 1 || m.UserID != soloAcc.id {
		t.Fatalf("after register with invite = %+v", m)
	}
	// Confirm: wrong key type refused; bulk confirm reports per id.
	e.fail(400, "POST", base+"/"+solo.ID+"/confirm", owner.token, map[string]string{"key": enc(t, orgKey, "not rsa")})
	wrapped := mustEnc(t)(soloAcc.priv.Public().WrapKey(orgKey))
	e.ok("POST", base+"/confirm", admin.token, map[string]any{"keys": []any{
		map[string]string{"id": solo.ID, "key": wrapped.String()},
		map[string]string{"id": adminID, "key": wrapped.String()},
	}}, &bulk)
	if len(bulk.Data) != 2 || bulk.Data[0].Error != "" || bulk.Data[1].Error == "" {
		t.Errorf("bulk confirm = %+v", bulk)
	}
	if s := e.syncOf(soloAcc); len(s.Profile.Organizations) != 1 {
		t.Errorf("confirmed solo sees %d orgs", len(s.Profile.Organizations))
	}

	// Admins cannot demote or remove the owner; the owner can promote.
	e.fail(400, "PUT", base+"/"+ownerMember, admin.token, map[string]any{"type": roleUser})
	e.fail(400, "DELETE", base+"/"+ownerMember, admin.token, nil)
	e.ok("PUT", base+"/"+solo.ID, owner.token, map[string]any{"type": roleOwner, "collections": []any{}, "groups": []any{}}, nil)
	e.ok("PUT", base+"/"+ownerMember, owner.token, map[string]any{"type": roleAdmin}, nil) // two owners now
	if m := e.members(soloAcc, orgID); m[owner.email].Type != roleAdmin || m["solo@example.com"].Type != roleOwner {
		t.Errorf("roles after promotion = %+v", m)
	}

	// Custom members with manageUsers may manage users but not admins.
	e.ok("PUT", base+"/"+adminID, soloAcc.token, map[string]any{"type": roleCustom, "permissions": map[string]bool{"manageUsers": true}}, nil)
	e.fail(400, "PUT", base+"/"+ownerMember+"/revoke", admin.token, nil)
	e.ok("GET", base, admin.token, nil, nil)
	e.ok("GET", "/api/organizations/"+orgID+"/groups/details", soloAcc.token, nil, nil)
}

func mustMail(t *testing.T, e *env, to string) []Mail {
	t.Helper()
	m, err := e.srv.Mailbox(t.Context(), to)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// registerWithInvite registers through register/finish with the invite
// token instead of an email verification token.
func (e *env) registerWithInvite(email, token, memberID string) *account {
	e.t.Helper()
	a := &account{email: email, password: "pw " + email, deviceID: newID()}
	mk, _ := crypto.DeriveMasterKey([]byte(a.password), email, testKDF)
	a.hash = mk.ServerHash([]byte(a.password))
	a.userKey = crypto.GenerateSymmetricKey()
	a.priv = testRSAKey(e.t)
	e.ok("POST", "/identity/accounts/register/finish", "", map[string]any{
		"email": email, "masterPasswordHash": a.hash, "userSymmetricKey": mustEnc(e.t)(mk.EncryptUserKey(a.userKey)).String(),
		"kdf": 0, "kdfIterations": testKDF.Iterations,
		"userAsymmetricKeys": map[string]any{"publicKey": a.publicKey(), "encryptedPrivateKey": mustEnc(e.t)(a.userKey.EncryptPrivateKey(a.priv)).String()},
		"orgInviteToken":     token, "organizationUserId": memberID,
	}, nil)
	e.login(a)
	return a
}

func TestCollectionsAndGroups(t *testing.T) {
	e := newEnv(t)
	owner := e.register("cg-owner@example.com")
	carl := e.register("carl@example.com")
	orgID, orgKey := e.createOrg(owner, "Groups Inc", 0)
	carlID := e.addMember(owner, carl, orgID, orgKey, roleUser, nil)
	base := "/api/organizations/" + orgID

	c1 := e.collection(owner, orgID, orgKey, "One", []map[string]any{{"id": carlID, "readOnly": true}})
	var details struct {
		Data []struct {
			ID, Object string
			Users      []struct{ ID string }
		}
	}
	e.ok("GET", base+"/collections/details", owner.token, nil, &details)
	if len(details.Data) != 2 { // default + One
		t.Fatalf("collection details = %+v", details)
	}
	var users []struct {
		ID       string
		ReadOnly bool
	}
	e.ok("GET", base+"/collections/"+c1+"/users", owner.token, nil, &users)
	if len(users) != 1 || users[0].ID != carlID || !users[0].ReadOnly {
		t.Errorf("collection users = %+v", users)
	}
	e.ok("GET", base+"/collections/"+c1, owner.token, nil, nil)
	e.ok("GET", base+"/collections/"+c1+"/details", owner.token, nil, nil)
	var mine struct{ Data []json.RawMessage }
	e.ok("GET", "/api/collections", carl.token, nil, &mine)
	if len(mine.Data) != 1 {
		t.Errorf("carl's collections = %d", len(mine.Data))
	}
	newName := enc(t, orgKey, "Uno")
	e.ok("PUT", base+"/collections/"+c1, owner.token, map[string]any{"name": newName, "users": []any{}}, nil)
	e.ok("GET", "/api/collections", carl.token, nil, &mine)
	if len(mine.Data) != 0 {
		t.Errorf("carl still sees a collection after losing access")
	}
	e.fail(404, "DELETE", base+"/collections/"+c1, carl.token, nil) // no longer his to see
	c2 := e.collection(owner, orgID, orgKey, "Two", nil)
	e.ok("DELETE", base+"/collections", owner.token, map[string]any{"ids": []string{c1, c2}}, nil)
	e.fail(404, "GET", base+"/collections/"+c1, owner.token, nil)

	// Groups.
	var g struct{ ID, Name, Object string }
	e.ok("POST", base+"/groups", owner.token, map[string]any{"name": "Ops", "collections": []any{}, "users": []string{}}, &g)
	if g.Object != "groupDetails" || g.Name != "Ops" {
		t.Fatalf("group = %+v", g)
	}
	e.ok("PUT", base+"/groups/"+g.ID+"/users", owner.token, []string{carlID}, nil)
	var gu []string
	e.ok("GET", base+"/groups/"+g.ID+"/users", owner.token, nil, &gu)
	if len(gu) != 1 || gu[0] != carlID {
		t.Errorf("group users = %v", gu)
	}
	e.ok("PUT", base+"/groups/"+g.ID, owner.token, map[string]any{"name": "Ops 2"}, &g)
	e.ok("GET", base+"/groups/"+g.ID+"/details", owner.token, nil, nil)
	var gl struct{ Data []struct{ Name string } }
	e.ok("GET", base+"/groups", owner.token, nil, &gl)
	if len(gl.Data) != 1 || gl.Data[0].Name != "Ops 2" {
		t.Errorf("groups = %+v", gl)
	}
	e.fail(400, "POST", base+"/groups", carl.token, map[string]any{"name": "x"})
	e.fail(400, "POST", base+"/groups", owner.token, map[string]any{"name": ""})
	e.ok("DELETE", base+"/groups/"+g.ID, owner.token, nil, nil)
	e.fail(404, "GET", base+"/groups/"+g.ID, owner.token, nil)
}
