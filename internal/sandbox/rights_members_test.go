package sandbox

import (
	"strings"
	"testing"
)

// The server side of the members refusals vdesk also makes client-side:
// a Custom member with manageUsers manages users but not owners and
// admins, a User manages nobody, and a bulk confirmation with one bad key
// confirms the others and names the failure.
func TestMembersRightsCustomUserAndBulkConfirm(t *testing.T) {
	e := newEnv(t)
	owner := e.register("owner@rights.example")
	help := e.register("help@rights.example")
	user := e.register("user@rights.example")
	orgID, orgKey := e.createOrg(owner, "Rights", 20)
	base := "/api/organizations/" + orgID + "/users"
	helpID := e.addMember(owner, help, orgID, orgKey, roleUser, nil)
	e.ok("PUT", base+"/"+helpID, owner.token, map[string]any{"type": roleCustom, "permissions": map[string]bool{"manageUsers": true}, "collections": []any{}}, nil)
	e.addMember(owner, user, orgID, orgKey, roleUser, nil)
	ownerID := e.members(owner, orgID)[owner.email].ID

	invite := func(tok string, typ int, email string) (int, string) {
		code, body := e.do("POST", base+"/invite", tok, map[string]any{"emails": []string{email}, "type": typ, "collections": []any{}, "groups": []any{}})
		return code, string(body)
	}
	if code, body := invite(help.token, roleUser, "new.user@rights.example"); code != 200 {
		t.Errorf("custom manageUsers invites a user = %d %s", code, body)
	}
	if code, body := invite(help.token, roleAdmin, "new.admin@rights.example"); code != 400 || !strings.Contains(body, "Only owners") {
		t.Errorf("custom manageUsers invites an admin = %d %s", code, body)
	}
	if code, body := invite(user.token, roleUser, "other@rights.example"); code != 400 || !strings.Contains(body, "permission") {
		t.Errorf("a user invites = %d %s", code, body)
	}
	if code, _ := e.do("GET", base, user.token, nil); code != 400 {
		t.Errorf("a user lists members = %d", code)
	}
	e.fail(400, "DELETE", base+"/"+ownerID, help.token, nil)
	e.fail(400, "PUT", base+"/"+ownerID+"/revoke", help.token, nil)
	newUser := e.members(owner, orgID)["new.user@rights.example"].ID
	e.fail(400, "PUT", base+"/"+newUser, help.token, map[string]any{"type": roleAdmin, "collections": []any{}})
	if m := e.members(owner, orgID); m["new.admin@rights.example"].ID != "" || m["other@rights.example"].ID != "" || m["new.user@rights.example"].Type != roleUser {
		t.Errorf("a refused change was made: %+v", m)
	}

	// Bulk confirm: one good key, one that is not a wrapped key.
	a := e.register("a@rights.example")
	b := e.register("b@rights.example")
	ids := map[string]string{}
	for _, x := range []*account{a, b} {
		if code, body := invite(owner.token, roleUser, x.email); code != 200 {
			t.Fatalf("invite %s = %d %s", x.email, code, body)
		}
		inv := e.mail(x.email, "invite")
		id := e.members(owner, orgID)[x.email].ID
		e.ok("POST", base+"/"+id+"/accept", x.token, map[string]string{"token": inv.Token}, nil)
		ids[x.email] = id
	}
	good := mustEnc(t)(a.priv.Public().WrapKey(orgKey))
	var res struct{ Data []struct{ ID, Error string } }
	e.ok("POST", base+"/confirm", help.token, map[string]any{"keys": []map[string]string{
		{"id": ids[a.email], "key": good.String()}, {"id": ids[b.email], "key": "not a key"}}}, &res)
	if len(res.Data) != 2 || res.Data[0].Error != "" || res.Data[1].Error == "" || res.Data[1].ID != ids[b.email] {
		t.Errorf("bulk confirm = %+v", res)
	}
	m := e.members(owner, orgID)
	if m[a.email].Status != statusConfirmed || m[b.email].Status != statusAccepted {
		t.Errorf("after bulk confirm: a %d, b %d", m[a.email].Status, m[b.email].Status)
	}
	// The user may not confirm.
	e.fail(400, "POST", base+"/"+ids[b.email]+"/confirm", user.token, map[string]string{"key": mustEnc(t)(b.priv.Public().WrapKey(orgKey)).String()})
}
