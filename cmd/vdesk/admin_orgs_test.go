package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vaultdesk/vaultdesk/internal/admin"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
)

func TestOrgCommands(t *testing.T) {
	ts, man := seededSandbox(t)
	dd := loginTech(t, ts.URL, man)
	tpl := filepath.Join("..", "..", "templates", "msp-standard.yaml")

	// Create from the template, then apply it again: nothing to do.
	out := want(t, exitOK, "org", "create", "CLI Client", "--billing-email", "billing@cli.example", "--seats", "7", "--template", tpl, "--json", dd)
	var created admin.CreatedOrg
	if err := json.Unmarshal([]byte(out), &created); err != nil {
		t.Fatalf("org create --json = %q: %v", out, err)
	}
	if created.ID == "" || created.Seats == nil || *created.Seats != 7 || created.Template == nil ||
		len(created.Template.CollectionsCreated) != 5 || len(created.Template.GroupsCreated) != 2 {
		t.Errorf("org create = %+v, want 7 seats, 5 collections and 2 groups made", created)
	}
	out = want(t, exitOK, "org", "apply-template", tpl, "--org", "CLI Client", dd)
	if !strings.Contains(out, "nothing to do") {
		t.Errorf("apply-template again = %q, want nothing to do", out)
	}
	// The synced vault lists the new organization and its collections.
	if out := want(t, exitOK, "orgs", dd); !strings.Contains(out, "CLI Client") {
		t.Errorf("orgs = %q, want CLI Client", out)
	}

	// A broken template: exit 2, one line naming the file and the line.
	bad := filepath.Join(t.TempDir(), "template.yaml")
	os.WriteFile(bad, []byte("collections:\n  - Network\n  - Servers\ngroups:\n  - name: Helpdesk\n    access:\n      Serverz: view\n"), 0o600)
	_, _, errOut := vdesk(t, "org", "apply-template", bad, "--org", "CLI Client", dd)
	want(t, exitUsage, "org", "apply-template", bad, "--org", "CLI Client", dd)
	if !strings.Contains(errOut, bad+`:7: group "Helpdesk": collection "Serverz" is not in the template`) {
		t.Errorf("apply-template of a broken file: stderr %q, want the file and line 7", errOut)
	}
	want(t, exitUsage, "org", "create", "X", "--billing-email", "b@x.example", "--template", bad, dd)
	want(t, exitUsage, "org", "create", "No billing", dd)
	want(t, exitUsage, "org", "add-member", "a@b.example", "--role", "custom", "--orgs", "CLI Client", dd)
	want(t, exitUsage, "org", "frobnicate", dd)

	// Add a colleague to several: one already there, one unknown org; the
	// others are done, the failure is listed, exit 1.
	code, out, errOut := vdesk(t, "org", "add-member", demodata.Tech2Email, "--role", "admin", "--orgs", "Business X,CLI Client,Nowhere Ltd", dd)
	if code != exitError || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "1 of 3 organizations failed") || !strings.Contains(errOut, "Nowhere Ltd") {
		t.Errorf("add-member with a failure = %d, stderr %q; want exit 1 and one line naming Nowhere Ltd", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.Contains(lines[0], "already a member (confirmed)") ||
		!strings.Contains(lines[1], "invited as admin") || !strings.Contains(lines[2], "error") {
		t.Errorf("add-member printed %q, want one line per org: already a member, invited, error", out)
	}
	out = want(t, exitOK, "org", "add-member", demodata.Tech2Email, "--role", "admin", "--orgs", created.ID, "--json", dd)
	var res []map[string]string
	if err := json.Unmarshal([]byte(out), &res); err != nil || len(res) != 1 || res[0]["outcome"] != "already a member" || res[0]["status"] != "invited" {
		t.Errorf("add-member --json = %q (%v), want already a member, invited", out, err)
	}
}

func TestOverviewCommand(t *testing.T) {
	ts, man := seededSandbox(t)
	dd := loginTech(t, ts.URL, man)
	out := want(t, exitOK, "overview", dd)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != len(man.Orgs)+3 || !strings.HasPrefix(lines[0], "ORGANIZATION") || !strings.HasPrefix(lines[len(lines)-2], "TOTAL (3)") {
		t.Errorf("overview = %q, want a header, a line per org, the total and the legend", out)
	}
	for _, o := range man.Orgs {
		if !strings.Contains(out, o.Name) {
			t.Errorf("overview lacks %s", o.Name)
		}
	}
	var ov admin.Overview
	out = want(t, exitOK, "overview", "--json", dd)
	if err := json.Unmarshal([]byte(out), &ov); err != nil {
		t.Fatalf("overview --json: %v", err)
	}
	items := 0
	for _, it := range man.Items {
		if it.OrgName != "" && !it.Deleted {
			items++
		}
	}
	x := man.Org("Business X")
	if ov.Total.Items != items || ov.Total.Orgs != 3 || ov.Total.MembersKnown != 3 || ov.Orgs[0].Name != "Business X" ||
		ov.Orgs[0].Members == nil || ov.Orgs[0].Members.Total() != len(x.Members) || *ov.Orgs[0].Pending != 1 {
		t.Errorf("overview --json = %+v, want %d items, 3 orgs with members; Business X with %d members, 1 to confirm", ov.Total, items, len(x.Members))
	}
}

func TestOrgAddMemberRefusedForUser(t *testing.T) {
	ts, _ := seededSandbox(t)
	dd := "--data-dir=" + t.TempDir()
	t.Setenv("VDESK_DATA_DIR", "")
	t.Setenv("VDESK_SESSION", "")
	t.Setenv("TEST_PW", demodata.TechPassword)
	t.Setenv("VDESK_SESSION", strings.TrimSpace(want(t, exitOK, "login", "it@businessx.example", "--server", ts.URL, "--passwordenv", "TEST_PW", "--raw", dd)))

	code, out, errOut := vdesk(t, "org", "add-member", "someone@msp.example", "--role", "user", "--orgs", "Business X", dd)
	if code != exitError || !strings.Contains(out, "refused") || !strings.Contains(errOut, "ask an owner") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("add-member as a User = %d, stdout %q, stderr %q; want refused, exit 1, ask an owner", code, out, errOut)
	}
	// The overview of a User: no member counts.
	out = want(t, exitOK, "overview", dd)
	if !strings.Contains(out, "Business X") || !strings.Contains(out, " - ") {
		t.Errorf("overview as a User = %q, want Business X without member counts", out)
	}
}
