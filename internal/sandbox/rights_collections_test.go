package sandbox

import (
	"testing"
)

// TestRightsCollectionsAndGroups checks that the server itself refuses
// the collection and group changes a role does not allow, as the official
// server does, whatever a client checks first (§4.7, §4.10, §4.11).
func TestRightsCollectionsAndGroups(t *testing.T) {
	e := newEnv(t)
	owner := e.register("rc-owner@example.com")
	custom := e.register("rc-custom@example.com")
	user := e.register("rc-user@example.com")
	orgID, orgKey := e.createOrg(owner, "Rights Inc", 0)
	base := "/api/organizations/" + orgID

	managed := e.collection(owner, orgID, orgKey, "Managed", nil)
	editable := e.collection(owner, orgID, orgKey, "Editable", nil)
	other := e.collection(owner, orgID, orgKey, "Other", nil)
	userID := e.addMember(owner, user, orgID, orgKey, roleUser, []map[string]any{
		{"id": managed, "readOnly": false, "hidePasswords": false, "manage": true},
		{"id": editable, "readOnly": false, "hidePasswords": false, "manage": false},
	})
	customID := e.addMember(owner, custom, orgID, orgKey, roleUser, nil)
	// The helpdesk's Custom role: create and edit any collection; not
	// delete any, not manage groups.
	e.ok("PUT", base+"/users/"+customID, owner.token, map[string]any{"type": roleCustom, "permissions": map[string]bool{
		"createNewCollections": true, "editAnyCollection": true, "manageUsers": true}}, nil)

	var g struct{ ID string }
	e.ok("POST", base+"/groups", owner.token, map[string]any{"name": "Ops", "collections": []any{}, "users": []string{userID}}, &g)
	body := func(name string) map[string]any {
		return map[string]any{"name": enc(t, orgKey, name), "groups": []any{}, "users": []any{}}
	}
	exists := func(id string) bool {
		code, _ := e.do("GET", base+"/collections/"+id, owner.token, nil)
		return code == 200
	}

	// A plain user: no creating, no editing or deleting what it does not
	// manage, no groups.
	e.fail(400, "POST", base+"/collections", user.token, body("Mine"))
	e.fail(400, "PUT", base+"/collections/"+editable, user.token, body("Renamed"))
	e.fail(400, "DELETE", base+"/collections/"+editable, user.token, nil)
	e.fail(404, "DELETE", base+"/collections/"+other, user.token, nil) // not even visible
	e.fail(400, "DELETE", base+"/collections", user.token, map[string]any{"ids": []string{managed, editable}})
	e.fail(400, "GET", base+"/groups", user.token, nil)
	e.fail(400, "POST", base+"/groups", user.token, map[string]any{"name": "Mine", "collections": []any{}, "users": []string{}})
	e.fail(400, "PUT", base+"/groups/"+g.ID, user.token, map[string]any{"name": "Renamed", "collections": []any{}, "users": []string{}})
	e.fail(400, "DELETE", base+"/groups/"+g.ID, user.token, nil)
	if !exists(editable) || !exists(managed) {
		t.Fatal("a refused bulk delete deleted collections")
	}

	// The Custom member: creates and edits, deletes nothing, manages no
	// group.
	var made struct{ ID string }
	e.ok("POST", base+"/collections", custom.token, body("Helpdesk's"), &made)
	e.ok("PUT", base+"/collections/"+other, custom.token, body("Other renamed"), nil)
	e.fail(400, "DELETE", base+"/collections/"+made.ID, custom.token, nil)
	e.fail(400, "DELETE", base+"/collections/"+other, custom.token, nil)
	e.ok("GET", base+"/groups/details", custom.token, nil, nil)
	e.fail(400, "POST", base+"/groups", custom.token, map[string]any{"name": "Helpdesk's", "collections": []any{}, "users": []string{}})
	e.fail(400, "PUT", base+"/groups/"+g.ID, custom.token, map[string]any{"name": "Renamed", "collections": []any{}, "users": []string{}})
	e.fail(400, "DELETE", base+"/groups/"+g.ID, custom.token, nil)
	if !exists(made.ID) || !exists(other) {
		t.Fatal("a refused delete deleted the collection")
	}

	// "Can manage" on one collection: the user edits and deletes that one.
	e.ok("PUT", base+"/collections/"+managed, user.token, map[string]any{"name": enc(t, orgKey, "Managed 2"), "groups": []any{},
		"users": []map[string]any{{"id": userID, "manage": true}}}, nil)
	e.ok("DELETE", base+"/collections/"+managed, user.token, nil, nil)
	if exists(managed) {
		t.Error("the manager's delete did not delete")
	}
	var gl struct{ Data []struct{ Name string } }
	e.ok("GET", base+"/groups", owner.token, nil, &gl)
	if len(gl.Data) != 1 || gl.Data[0].Name != "Ops" {
		t.Errorf("groups after refused changes = %+v", gl.Data)
	}
}
