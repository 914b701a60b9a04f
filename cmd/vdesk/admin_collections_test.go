package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
)

// collJSON is what `collections list --json` prints of a collection.
type collJSON struct {
	ID      string
	Name    string
	Members []struct{ ID, Name, Level string }
	Groups  []struct{ ID, Name, Level string }
}

func listCollections(t *testing.T, dd, org string) map[string]collJSON {
	t.Helper()
	var cs []collJSON
	if err := json.Unmarshal([]byte(want(t, exitOK, "collections", "list", "--org", org, "--json", dd)), &cs); err != nil {
		t.Fatal(err)
	}
	out := map[string]collJSON{}
	for _, c := range cs {
		out[c.Name] = c
	}
	return out
}

func levelIn(as []struct{ ID, Name, Level string }, name string) string {
	for _, a := range as {
		if strings.EqualFold(a.Name, name) {
			return a.Level
		}
	}
	return ""
}

// adminLogin logs email into a new data directory and returns the
// --data-dir flag and the session key (set it in VDESK_SESSION to use it).
func adminLogin(t *testing.T, url string, man *demodata.Manifest, email string) (dd, session string) {
	t.Helper()
	a := man.Account(email)
	dd = "--data-dir=" + t.TempDir()
	t.Setenv("VDESK_DATA_DIR", "")
	t.Setenv("VDESK_SESSION", "")
	t.Setenv("TEST_PW", a.Password)
	return dd, strings.TrimSpace(want(t, exitOK, "login", a.Email, "--server", url, "--passwordenv", "TEST_PW", "--raw", dd))
}

// wantFail runs vdesk, checks its exit code and that stderr holds one line
// containing every one of parts.
func wantFail(t *testing.T, code int, parts []string, args ...string) {
	t.Helper()
	got, out, errOut := vdesk(t, args...)
	if got != code || out != "" || strings.Count(errOut, "\n") != 1 {
		t.Errorf("vdesk %s = %d (stdout %q, stderr %q), want exit %d and one line on stderr", strings.Join(args, " "), got, out, errOut, code)
		return
	}
	for _, p := range parts {
		if !strings.Contains(errOut, p) {
			t.Errorf("vdesk %s: stderr %q does not say %q", strings.Join(args, " "), errOut, p)
		}
	}
}

func TestCollectionsCommands(t *testing.T) {
	ts, man := seededSandbox(t)
	helpdeskDD, helpdeskSession := adminLogin(t, ts.URL, man, demodata.HelpdeskEmail)
	dd := loginTech(t, ts.URL, man)
	techSession := os.Getenv("VDESK_SESSION")
	const org = "Business X"

	// The tree, indented, with access.
	out := want(t, exitOK, "collections", "list", "--org", org, dd)
	lines := strings.Split(out, "\n")
	var network, firewalls string
	for _, l := range lines {
		if strings.HasPrefix(l, "Network ") {
			network = l
		}
		if strings.HasPrefix(l, "  Firewalls ") {
			firewalls = l
		}
	}
	if !strings.Contains(network, "it@businessx.example=view") || !strings.Contains(network, "group:Client IT=view") || firewalls == "" {
		t.Errorf("collections list:\n%s", out)
	}

	// Create with access; the parent of a nested name need not exist.
	var made collJSON
	json.Unmarshal([]byte(want(t, exitOK, "collections", "create", "Ops/Tools", "--org", org,
		"--access", "member:IT@businessx.example=edit-except-passwords,group:client it=manage", "--json", dd)), &made)
	if made.ID == "" || made.Name != "Ops/Tools" {
		t.Fatalf("create printed %+v", made)
	}
	want(t, exitOK, "collections", "create", "Ops/Tools/Deep", "--org", org, "--access", "member:it@businessx.example=view", dd)
	cs := listCollections(t, dd, org)
	if c := cs["Ops/Tools"]; levelIn(c.Members, "it@businessx.example") != "edit-except-passwords" || levelIn(c.Groups, "Client IT") != "manage" {
		t.Errorf("Ops/Tools read back = %+v", c)
	}
	out = want(t, exitOK, "collections", "list", "--org", org, dd)
	if !strings.Contains(out, "\nOps ") || !strings.Contains(out, "(no collection") || !strings.Contains(out, "\n  Tools ") || !strings.Contains(out, "\n    Deep ") {
		t.Errorf("the tree does not nest Ops/Tools/Deep under a placeholder Ops:\n%s", out)
	}

	// Move by path: the nested collection follows. Then replace the access.
	want(t, exitOK, "collections", "edit", "Ops/Tools", "--org", org, "--name", "Ops2/Tools", dd)
	want(t, exitOK, "collections", "edit", made.ID, "--org", org, "--access", "group:Client IT=view", dd)
	cs = listCollections(t, dd, org)
	if _, ok := cs["Ops2/Tools/Deep"]; !ok {
		t.Errorf("the nested collection did not move: %v", collectionNames(cs))
	}
	if c := cs["Ops2/Tools"]; c.ID != made.ID || len(c.Members) != 0 || levelIn(c.Groups, "Client IT") != "view" {
		t.Errorf("Ops2/Tools = %+v", c)
	}

	// The Custom member may create but not delete.
	t.Setenv("VDESK_SESSION", helpdeskSession)
	want(t, exitOK, "collections", "create", "Ops2/Helpdesk", "--org", org, helpdeskDD)
	wantFail(t, exitError, []string{"not allow", "ask an owner"}, "collections", "delete", "Ops2/Helpdesk", "--org", org, helpdeskDD)
	wantFail(t, exitError, []string{"not allow"}, "groups", "create", "Helpdesk group", "--org", org, helpdeskDD)
	t.Setenv("VDESK_SESSION", techSession)

	// Delete: a parent with children needs --with-children.
	wantFail(t, exitError, []string{"Ops2/Tools/Deep", "--with-children"}, "collections", "delete", "Ops2/Tools", "--org", org, dd)
	out = want(t, exitOK, "collections", "delete", "Ops2/Tools", "--org", org, "--with-children", dd)
	if !strings.Contains(out, "Deleted collection Ops2/Tools\n") || !strings.Contains(out, "Deleted collection Ops2/Tools/Deep\n") {
		t.Errorf("delete printed %q", out)
	}
	cs = listCollections(t, dd, org)
	if _, ok := cs["Ops2/Tools"]; ok {
		t.Error("Ops2/Tools survived its delete")
	}
	if _, ok := cs["Ops2/Helpdesk"]; !ok {
		t.Error("the delete took a sibling with it")
	}

	// Bad input: one line, the right exit code, nothing created.
	wantFail(t, exitUsage, []string{"empty level"}, "collections", "create", "Bad/", "--org", org, dd)
	wantFail(t, exitUsage, []string{"--access", "want one of"}, "collections", "create", "Bad", "--org", org, "--access", "member:it@businessx.example=read", dd)
	wantFail(t, exitUsage, []string{"member:EMAIL_OR_ID=LEVEL"}, "collections", "create", "Bad", "--org", org, "--access", "it@businessx.example", dd)
	wantFail(t, exitError, []string{"nobody@nowhere.example", "not found"}, "collections", "create", "Bad", "--org", org, "--access", "member:nobody@nowhere.example=edit", dd)
	wantFail(t, exitError, []string{"No such", "not found"}, "collections", "edit", "No such", "--org", org, "--name", "X", dd)
	wantFail(t, exitError, []string{"choose another name"}, "collections", "create", "network", "--org", org, dd)
	wantFail(t, exitUsage, []string{"--org"}, "collections", "list", dd)
	wantFail(t, exitUsage, []string{"nothing to change"}, "collections", "edit", "Network", "--org", org, dd)
	wantFail(t, exitUsage, []string{"unknown subcommand"}, "collections", "rename", dd)
	wantFail(t, exitError, []string{"Business Q"}, "collections", "list", "--org", "Business Q", dd)
	if _, ok := listCollections(t, dd, org)["Bad"]; ok {
		t.Error("a refused create created the collection")
	}
}

func collectionNames(m map[string]collJSON) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestGroupsCommands(t *testing.T) {
	ts, man := seededSandbox(t)
	dd := loginTech(t, ts.URL, man)
	const org = "Business Y"
	type groupJSON struct {
		ID          string
		Name        string
		Members     []struct{ ID, Name, Level string }
		Collections []struct{ ID, Name, Level string }
	}
	list := func() map[string]groupJSON {
		t.Helper()
		var gs []groupJSON
		if err := json.Unmarshal([]byte(want(t, exitOK, "groups", "list", "--org", org, "--json", dd)), &gs); err != nil {
			t.Fatal(err)
		}
		out := map[string]groupJSON{}
		for _, g := range gs {
			out[g.Name] = g
		}
		return out
	}

	out := want(t, exitOK, "groups", "list", "--org", org, dd)
	if !strings.Contains(out, "MSP technicians") || !strings.Contains(out, demodata.HelpdeskEmail) || !strings.Contains(out, "Servers/Hyper-V=edit") {
		t.Errorf("groups list:\n%s", out)
	}

	want(t, exitOK, "groups", "create", "CLI group", "--org", org, "--members", "it@businessy.example,"+demodata.Tech2Email,
		"--access", "Servers/Hyper-V=manage", "--access", "Network=view-except-passwords", dd)
	g := list()["CLI group"]
	if len(g.Members) != 2 || levelIn(g.Collections, "Servers/Hyper-V") != "manage" || levelIn(g.Collections, "Network") != "view-except-passwords" {
		t.Fatalf("created group = %+v", g)
	}
	// The collection's access names the group too.
	if c := listCollections(t, dd, org)["Network"]; levelIn(c.Groups, "CLI group") != "view-except-passwords" {
		t.Errorf("Network's groups = %+v", c.Groups)
	}

	want(t, exitOK, "groups", "edit", "cli group", "--org", org, "--name", "CLI group 2", "--members", "none", dd)
	gs := list()
	if _, ok := gs["CLI group"]; ok {
		t.Error("the old name is still listed")
	}
	if g2 := gs["CLI group 2"]; g2.ID != g.ID || len(g2.Members) != 0 || len(g2.Collections) != 2 {
		t.Errorf("after edit = %+v", g2)
	}
	want(t, exitOK, "groups", "edit", g.ID, "--org", org, "--access", "M365=edit", dd)
	if g2 := list()["CLI group 2"]; len(g2.Collections) != 1 || levelIn(g2.Collections, "M365") != "edit" {
		t.Errorf("after replacing the access = %+v", g2)
	}

	want(t, exitOK, "groups", "delete", "CLI group 2", "--org", org, dd)
	if _, ok := list()["CLI group 2"]; ok {
		t.Error("the group survived its delete")
	}

	wantFail(t, exitUsage, []string{"group name is empty"}, "groups", "create", " ", "--org", org, dd)
	wantFail(t, exitUsage, []string{"want one of"}, "groups", "create", "G", "--org", org, "--access", "Network=all", dd)
	wantFail(t, exitError, []string{"choose another name"}, "groups", "create", "client it", "--org", org, dd)
	wantFail(t, exitError, []string{"nobody@nowhere.example", "not found"}, "groups", "create", "G", "--org", org, "--members", "nobody@nowhere.example", dd)
	wantFail(t, exitError, []string{"No such", "not found"}, "groups", "create", "G", "--org", org, "--access", "No such=view", dd)
	wantFail(t, exitError, []string{"not found"}, "groups", "delete", "No such group", "--org", org, dd)
	if _, ok := list()["G"]; ok {
		t.Error("a refused create created the group")
	}
}

func TestCollectionsHelp(t *testing.T) {
	for _, cmd := range []string{"collections", "groups"} {
		code, out, _ := vdesk(t, cmd, "--help")
		if code != exitOK || !strings.Contains(out, "view-except-passwords") || !strings.Contains(out, cmd+" edit") {
			t.Errorf("vdesk %s --help = %d, %q", cmd, code, out)
		}
		code, _, errOut := vdesk(t, cmd, "create", "--help")
		if code != exitOK || !strings.Contains(errOut, "--access") || !strings.Contains(errOut, "-org") {
			t.Errorf("vdesk %s create --help = %d, %q", cmd, code, errOut)
		}
	}
}
