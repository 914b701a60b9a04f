package sandbox

import (
	"strings"
	"testing"
)

// TestRightsClientOrgs checks that the server itself refuses what the
// client-organization commands refuse before sending: a User inviting
// anyone, an Admin inviting an Owner or Admin, a User creating the
// template's collections and groups, and anyone but Owners and Admins
// reading the organization's settings.
func TestRightsClientOrgs(t *testing.T) {
	e := newEnv(t)
	owner := e.register("owner@rights.example")
	adm := e.register("admin@rights.example")
	user := e.register("user@rights.example")
	orgID, orgKey := e.createOrg(owner, "Rights Client", 10)
	e.addMember(owner, adm, orgID, orgKey, roleAdmin, nil)
	e.addMember(owner, user, orgID, orgKey, roleUser, nil)
	base := "/api/organizations/" + orgID
	invite := func(typ int, email string) map[string]any {
		return map[string]any{"emails": []string{email}, "type": typ, "collections": []any{}, "groups": []any{}}
	}

	// A User may invite no one, with any role.
	for _, typ := range []int{roleUser, roleAdmin, roleOwner} {
		msg := e.fail(400, "POST", base+"/users/invite", user.token, invite(typ, "colleague@rights.example"))
		if !strings.Contains(msg, "permission") {
			t.Errorf("a User inviting type %d: %q, want a permission error", typ, msg)
		}
	}
	// An Admin may invite Users but not Owners or Admins.
	for _, typ := range []int{roleAdmin, roleOwner} {
		if msg := e.fail(400, "POST", base+"/users/invite", adm.token, invite(typ, "colleague@rights.example")); !strings.Contains(msg, "Only owners") {
			t.Errorf("an Admin inviting type %d: %q, want only owners", typ, msg)
		}
	}
	if _, ok := e.members(owner, orgID)["colleague@rights.example"]; ok {
		t.Fatal("a refused invitation was recorded")
	}
	e.ok("POST", base+"/users/invite", adm.token, invite(roleUser, "colleague@rights.example"), nil)

	// Inviting a member again is refused, so add-member can report it.
	if msg := e.fail(400, "POST", base+"/users/invite", owner.token, invite(roleAdmin, "colleague@rights.example")); !strings.Contains(msg, "already a member") {
		t.Errorf("inviting a member again: %q, want already a member", msg)
	}

	// Applying a template needs collections and groups rights.
	e.fail(400, "POST", base+"/collections", user.token,
		map[string]any{"name": enc(t, orgKey, "Network"), "groups": []any{}, "users": []any{}})
	e.fail(400, "POST", base+"/groups", user.token,
		map[string]any{"name": "Technicians", "collections": []any{}, "users": []any{}})
	e.fail(400, "GET", base+"/groups/details", user.token, nil)
	e.fail(400, "GET", base+"/users", user.token, nil)
	e.ok("GET", base+"/groups/details", adm.token, nil, nil)

	// The settings (seats) are for Owners and Admins.
	e.fail(400, "GET", base, user.token, nil)
	var o struct{ Seats int }
	e.ok("GET", base, adm.token, nil, &o)
	if o.Seats != 10 {
		t.Errorf("seats = %d, want 10", o.Seats)
	}
}
