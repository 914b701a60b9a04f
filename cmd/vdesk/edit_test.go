package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
)

// vdeskIn runs vdesk with stdin and checks the exit code.
func vdeskIn(t *testing.T, stdin string, code int, args ...string) string {
	t.Helper()
	var out, errOut strings.Builder
	got := run(t.Context(), args, &cli{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut})
	if got != code {
		t.Fatalf("vdesk %s = %d (stdout %q, stderr %q), want exit %d", strings.Join(args, " "), got, out.String(), errOut.String(), code)
	}
	return out.String()
}

type itemOut struct {
	ID             string   `json:"id"`
	Name           string   `json:"name"`
	OrganizationID *string  `json:"organizationId"`
	CollectionIDs  []string `json:"collectionIds"`
	DeletedDate    *string  `json:"deletedDate"`
	Login          *struct {
		Username string  `json:"username"`
		Password *string `json:"password"`
	} `json:"login"`
	PasswordHistory []struct {
		Password string `json:"password"`
	} `json:"passwordHistory"`
}

func decodeItem(t *testing.T, s string) itemOut {
	t.Helper()
	var it itemOut
	if err := json.Unmarshal([]byte(s), &it); err != nil {
		t.Fatalf("not an item: %v: %.200q", err, s)
	}
	return it
}

func TestEditCommands(t *testing.T) {
	ts, man, clock := seededSandboxWithClock(t)
	tech := man.Account(demodata.TechEmail)
	dd := loginTech(t, ts.URL, man)

	item := `{"type":1,"name":"Printer admin","notes":"3rd floor","login":{"username":"printadmin","password":"First-pass1","uris":[{"uri":"https://printer.example","match":null}]}}`
	created := decodeItem(t, vdeskIn(t, item, exitOK, "create", "item", dd))
	if created.ID == "" || created.Name != "Printer admin" || created.Login == nil || *created.Login.Password != "First-pass1" {
		t.Fatalf("create item printed %+v", created)
	}
	if got := strings.TrimSpace(want(t, exitOK, "get", "password", created.ID, dd)); got != "First-pass1" {
		t.Errorf("get password after create = %q", got)
	}

	edited := decodeItem(t, vdeskIn(t, strings.Replace(item, "First-pass1", "Second-pass2", 1), exitOK, "edit", "item", created.ID, dd))
	if *edited.Login.Password != "Second-pass2" || len(edited.PasswordHistory) != 1 || edited.PasswordHistory[0].Password != "First-pass1" {
		t.Errorf("edit item printed password %q, history %+v; want the new one and the old in history", *edited.Login.Password, edited.PasswordHistory)
	}

	want(t, exitOK, "delete", "item", created.ID, dd)
	if !strings.Contains(want(t, exitOK, "list", "--trash", dd), created.ID) {
		t.Error("deleted item is not in the trash")
	}
	restored := decodeItem(t, want(t, exitOK, "restore", "item", created.ID, dd))
	if restored.DeletedDate != nil {
		t.Errorf("restored item still has deletedDate %s", *restored.DeletedDate)
	}

	y := man.Org("Business Y")
	cols := y.Collections[0].ID + "," + y.Collections[1].ID
	shared := decodeItem(t, want(t, exitOK, "share", created.ID, "--org", "Business Y", "--collections", cols, dd))
	if shared.OrganizationID == nil || *shared.OrganizationID != y.ID || len(shared.CollectionIDs) != 2 || *shared.Login.Password != "Second-pass2" {
		t.Errorf("share printed org %v collections %v", shared.OrganizationID, shared.CollectionIDs)
	}
	moved := decodeItem(t, want(t, exitOK, "move-collections", created.ID, "--collections", y.Collections[2].ID, dd))
	if !slices.Equal(moved.CollectionIDs, []string{y.Collections[2].ID}) {
		t.Errorf("move-collections printed %v", moved.CollectionIDs)
	}

	orgItem := decodeItem(t, vdeskIn(t, item, exitOK, "create", "item", "--org", y.ID, "--collections", y.Collections[0].ID, dd))
	if orgItem.OrganizationID == nil || *orgItem.OrganizationID != y.ID {
		t.Errorf("create item --org printed org %v", orgItem.OrganizationID)
	}

	want(t, exitOK, "delete", "item", orgItem.ID, "--permanent", dd)
	if out := want(t, exitOK, "list", "--trash", dd) + want(t, exitOK, "list", dd); strings.Contains(out, orgItem.ID) {
		t.Error("a permanently deleted item is still listed")
	}

	// A second installation changes the item; ours, from its stale copy,
	// is refused with exit 4 and its input is not written.
	other := "--data-dir=" + t.TempDir()
	otherKey := strings.TrimSpace(want(t, exitOK, "login", tech.Email, "--server", ts.URL, "--passwordenv", "TEST_PW", "--raw", other))
	ours := strings.TrimSpace(want(t, exitOK, "unlock", "--passwordenv", "TEST_PW", "--raw", dd))
	t.Setenv("VDESK_SESSION", otherKey)
	clock.advance(2 * time.Second) // servers allow one second of drift in lastKnownRevisionDate
	vdeskIn(t, strings.Replace(item, "First-pass1", "Theirs-3", 1), exitOK, "edit", "item", created.ID, other)
	t.Setenv("VDESK_SESSION", ours)
	vdeskIn(t, strings.Replace(item, "First-pass1", "Mine-4", 1), exitConflict, "edit", "item", created.ID, dd)
	want(t, exitOK, "sync", dd)
	if got := strings.TrimSpace(want(t, exitOK, "get", "password", created.ID, dd)); got != "Theirs-3" {
		t.Errorf("after the conflict and a sync, password = %q, want the other installation's", got)
	}

	// Bad input: usage errors, nothing written.
	vdeskIn(t, `{"type":"login"}`, exitUsage, "create", "item", dd)
	vdeskIn(t, `not json`, exitUsage, "create", "item", dd)
	vdeskIn(t, item, exitUsage, "create", "item", "--org", y.ID, dd)
	vdeskIn(t, "", exitUsage, "share", created.ID, dd)
}
