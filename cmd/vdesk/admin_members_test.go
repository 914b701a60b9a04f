package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vaultdesk/vaultdesk/internal/sandbox"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
)

// mailedInvite returns the newest invitation link mailed to email, read
// from the sandbox's loopback mailbox route.
func mailedInvite(t *testing.T, base, email string) string {
	t.Helper()
	resp, err := http.Get(base + "/sandbox/mailbox?to=" + url.QueryEscape(email))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var mails []sandbox.Mail
	if err := json.Unmarshal(b, &mails); err != nil {
		var l struct{ Data []sandbox.Mail }
		if err := json.Unmarshal(b, &l); err != nil {
			t.Fatalf("mailbox: %v: %s", err, b)
		}
		mails = l.Data
	}
	for i := len(mails) - 1; i >= 0; i-- {
		if mails[i].Kind == "invite" {
			return mails[i].Link
		}
	}
	t.Fatalf("no invitation for %s", email)
	return ""
}

// errOf runs vdesk, wants exit code, and returns stderr.
func errOf(t *testing.T, code int, args ...string) string {
	t.Helper()
	got, out, errOut := vdesk(t, args...)
	if got != code {
		t.Fatalf("vdesk %s = %d (stdout %q, stderr %q), want %d", strings.Join(args, " "), got, out, errOut, code)
	}
	if out != "" || strings.Count(errOut, "\n") != 1 {
		t.Errorf("vdesk %s: stdout %q, stderr %q; want one line on stderr", strings.Join(args, " "), out, errOut)
	}
	return errOut
}

func TestMembersCommands(t *testing.T) {
	ts, man := seededSandbox(t)
	dd := loginTech(t, ts.URL, man)
	x := man.Org("Business X")

	out := want(t, exitOK, "members", "list", "--org", "business x", dd)
	for _, s := range []string{"seats: 7/100", "it@businessx.example  user  confirmed  2FA off", "groups: Client IT", "Network (view)",
		"former.admin@businessx.example  admin  revoked", "new.starter@businessx.example  user  invited", demodata.EmailCodeEmail + "  user  confirmed  2FA on"} {
		if !strings.Contains(out, s) {
			t.Errorf("members list lacks %q:\n%s", s, out)
		}
	}
	var l struct {
		Seats     int
		SeatsUsed int
		Members   []struct {
			Email, Role, Status string
			Collections         []struct{ Name string }
		}
	}
	if err := json.Unmarshal([]byte(want(t, exitOK, "members", "list", "--org", x.ID, "--json", dd)), &l); err != nil {
		t.Fatal(err)
	}
	if l.Seats != 100 || l.SeatsUsed != 7 || len(l.Members) != 8 {
		t.Errorf("members list --json: %+v", l)
	}

	// Invite, twice.
	servers := x.Collection("Servers").ID
	want(t, exitOK, "members", "invite", "cli.user@businessx.example", "--org", "Business X", "--role", "user", "--collections", servers+":view", dd)
	if e := errOf(t, exitConflict, "members", "invite", "cli.user@businessx.example", "--org", "Business X", dd); !strings.Contains(e, "already a member") {
		t.Errorf("invite twice: %s", e)
	}
	if out := want(t, exitOK, "members", "list", "--org", "Business X", dd); !strings.Contains(out, "cli.user@businessx.example  user  invited") || !strings.Contains(out, "Servers (view)") {
		t.Errorf("the invitee is not listed with their access:\n%s", out)
	}

	// Fingerprint and confirm.
	var fp struct{ MemberID, Fingerprint, CheckedKey string }
	if err := json.Unmarshal([]byte(want(t, exitOK, "members", "fingerprint", "contractor@businessx.example", "--org", "Business X", "--json", dd)), &fp); err != nil {
		t.Fatal(err)
	}
	if strings.Count(fp.Fingerprint, "-") != 4 || fp.CheckedKey == "" {
		t.Fatalf("fingerprint: %+v", fp)
	}
	if e := errOf(t, exitError, "members", "confirm", fp.MemberID, "--org", "Business X", dd); !strings.Contains(e, fp.Fingerprint) || !strings.Contains(e, "--checked-key") {
		t.Errorf("confirm without a check: %s", e)
	}
	errOf(t, exitConflict, "members", "confirm", fp.MemberID, "--org", "Business X", "--checked-key", "sha256:00", dd)
	want(t, exitOK, "members", "confirm", "--org", "Business X", fp.MemberID, "--checked-key", fp.CheckedKey, dd)

	// The queue has the other two orgs' contractors.
	var q []struct{ Org, Email, Fingerprint string }
	if err := json.Unmarshal([]byte(want(t, exitOK, "confirm-queue", "--json", dd)), &q); err != nil {
		t.Fatal(err)
	}
	if len(q) != 2 || q[0].Email != "contractor@businessy.example" || q[1].Email != "contractor@businessz.example" || q[0].Org != "Business Y" {
		t.Errorf("confirm-queue: %+v", q)
	}
	want(t, exitOK, "members", "confirm", "contractor@businessy.example", "--org", "Business Y", "--fingerprint-checked", dd)
	if out := want(t, exitOK, "confirm-queue", dd); !strings.Contains(out, "contractor@businessz.example") || strings.Contains(out, "businessy") {
		t.Errorf("confirm-queue:\n%s", out)
	}

	// The last owner.
	if e := errOf(t, exitConflict, "members", "remove", demodata.TechEmail, "--org", "Business X", dd); !strings.Contains(e, "owner") {
		t.Errorf("remove the last owner: %s", e)
	}
	errOf(t, exitConflict, "members", "update", demodata.TechEmail, "--org", "Business X", "--role", "admin", dd)
	// Lifecycle.
	want(t, exitOK, "members", "update", "cli.user@businessx.example", "--org", "Business X", "--role", "custom", "--permissions", "manageGroups", dd)
	want(t, exitOK, "members", "reinvite", "cli.user@businessx.example", "--org", "Business X", dd)
	want(t, exitOK, "members", "revoke", "cli.user@businessx.example", "--org", "Business X", dd)
	want(t, exitOK, "members", "restore", "cli.user@businessx.example", "--org", "Business X", dd)
	want(t, exitOK, "members", "remove", "cli.user@businessx.example", "--org", "Business X", dd)
	if out := want(t, exitOK, "members", "list", "--org", "Business X", dd); strings.Contains(out, "cli.user@") {
		t.Errorf("removed member still listed")
	}

	// Usage.
	errOf(t, exitUsage, "members", "list", dd)
	errOf(t, exitUsage, "members", "frobnicate", "--org", "x", dd)
	errOf(t, exitUsage, "members", "invite", "--org", "Business X", "--role", "king", "a@b.example", dd)
	errOf(t, exitUsage, "invite", "accept", "sometoken", dd)
}

func TestInviteAcceptCommand(t *testing.T) {
	ts, man := seededSandbox(t)
	dd := loginTech(t, ts.URL, man)
	x := man.Org("Business X")
	network := x.Collection("Network").ID
	want(t, exitOK, "members", "invite", "cli.new@businessx.example", "--org", "Business X", "--collections", network+":view", dd)
	link := mailedInvite(t, ts.URL, "cli.new@businessx.example")

	// A new account, in its own data directory.
	dd2 := "--data-dir=" + t.TempDir()
	t.Setenv("NEW_PW", "a new master password 42")
	t.Setenv("VDESK_SESSION", "")
	key := strings.TrimSpace(want(t, exitOK, "invite", "accept", link, "--create", "--server", ts.URL, "--passwordenv", "NEW_PW", "--raw", dd2))
	if key == "" {
		t.Fatal("no session key")
	}
	// Accepting again is refused by the server.
	t.Setenv("VDESK_SESSION", key)
	errOf(t, exitError, "invite", "accept", link, dd2)

	// The technician sees them accepted and confirms them.
	t.Setenv("VDESK_SESSION", "")
	dd = loginTech(t, ts.URL, man)
	want(t, exitOK, "members", "confirm", "cli.new@businessx.example", "--org", "Business X", "--fingerprint-checked", dd)

	// The new member reads an item of Network.
	var item *demodata.Item
	for i := range man.Items {
		it := &man.Items[i]
		if it.OrgName == "Business X" && !it.Deleted && it.Password != "" && len(it.Collections) == 1 && it.Collections[0] == "Network" {
			item = it
			break
		}
	}
	if item == nil {
		t.Fatal("no Network item")
	}
	t.Setenv("VDESK_SESSION", key)
	want(t, exitOK, "sync", dd2)
	if got := strings.TrimSpace(want(t, exitOK, "get", "password", item.ID, dd2)); got != item.Password {
		t.Errorf("the new member reads another password for %s", item.Name)
	}
}
