package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
)

// folderOf returns the folderId `vdesk get item --json` prints ("" for null).
func folderOf(t *testing.T, id, dd string) string {
	t.Helper()
	var it struct {
		FolderID *string `json:"folderId"`
	}
	if err := json.Unmarshal([]byte(want(t, exitOK, "get", "item", id, "--json", dd)), &it); err != nil {
		t.Fatal(err)
	}
	if it.FolderID == nil {
		return ""
	}
	return *it.FolderID
}

// listedIDs returns the ids `vdesk list ARGS --json` prints.
func listedIDs(t *testing.T, args ...string) []string {
	t.Helper()
	var items []itemOut
	if err := json.Unmarshal([]byte(want(t, exitOK, append([]string{"list", "--json"}, args...)...)), &items); err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	return ids
}

func TestMove(t *testing.T) {
	ts, man := seededSandbox(t)
	tech := man.Account(demodata.TechEmail)
	dd := loginTech(t, ts.URL, man)

	var folder *demodata.Folder
	for i := range man.Folders {
		if f := &man.Folders[i]; f.Owner == tech.Email {
			folder = f
			break
		}
	}
	if folder == nil {
		t.Fatal("the seed has no folder of the technician")
	}
	var ids []string
	for _, it := range man.Items {
		if it.Owner == tech.Email && !it.Deleted && it.FolderID != folder.ID && len(ids) < 3 {
			ids = append(ids, it.ID)
		}
	}
	if len(ids) != 3 {
		t.Fatalf("the seed has %d personal items outside folder %q, want 3", len(ids), folder.Name)
	}
	list := strings.Join(ids, ",")

	// By name, in another case.
	out := want(t, exitOK, "move", list, "--folder", strings.ToUpper(folder.Name), dd)
	if out != "moved 3 items to folder "+folder.Name+"\n" {
		t.Errorf("vdesk move printed %q", out)
	}
	if got := listedIDs(t, "--folder", folder.ID, dd); !containsAll(got, ids) {
		t.Errorf("vdesk list --folder %s = %v, want %v among them", folder.ID, got, ids)
	}
	want(t, exitOK, "sync", "--force", dd)
	for _, id := range ids {
		if got := folderOf(t, id, dd); got != folder.ID {
			t.Errorf("after a forced sync, item %s folderId = %q, want %q", id, got, folder.ID)
		}
	}
	// A second installation syncs from scratch: the server has them there.
	other := "--data-dir=" + t.TempDir()
	ours := strings.TrimSpace(want(t, exitOK, "unlock", "--passwordenv", "TEST_PW", "--raw", dd))
	t.Setenv("VDESK_SESSION", strings.TrimSpace(want(t, exitOK, "login", tech.Email, "--server", ts.URL, "--passwordenv", "TEST_PW", "--raw", other)))
	if got := listedIDs(t, "--folder", folder.ID, other); !containsAll(got, ids) {
		t.Errorf("fresh login: vdesk list --folder %s = %v, want %v among them", folder.ID, got, ids)
	}
	t.Setenv("VDESK_SESSION", ours)

	// Out of any folder, by id list with a repeat, as JSON.
	var res struct {
		Moved    int     `json:"moved"`
		FolderID *string `json:"folderId"`
	}
	if err := json.Unmarshal([]byte(want(t, exitOK, "move", list+","+ids[0], "--folder", "none", "--json", dd)), &res); err != nil || res.Moved != 3 || res.FolderID != nil {
		t.Errorf("vdesk move --folder none --json = %+v (%v), want moved 3 and folderId null", res, err)
	}
	for _, id := range ids {
		if got := folderOf(t, id, dd); got != "" {
			t.Errorf("item %s folderId = %q after moving it to none", id, got)
		}
	}
	// Back by id, then out with --folder "".
	want(t, exitOK, "move", ids[0], "--folder", folder.ID, dd)
	if got := folderOf(t, ids[0], dd); got != folder.ID {
		t.Errorf("moved by folder id: folderId = %q, want %q", got, folder.ID)
	}
	if out := want(t, exitOK, "move", ids[0], "--folder", "", dd); out != "moved 1 item out of their folder\n" {
		t.Errorf("vdesk move --folder \"\" printed %q", out)
	}

	// Errors: one line naming what is wrong, nothing moved.
	for _, tc := range []struct {
		code int
		args []string
		want string
	}{
		{exitError, []string{"move", ids[0] + ",no-such-item", "--folder", folder.Name}, "no-such-item"},
		{exitError, []string{"move", list, "--folder", "No such folder"}, `no folder "No such folder"`},
		{exitUsage, []string{"move", list}, "--folder"},
		{exitUsage, []string{"move", "--folder", folder.Name}, "item ids"},
	} {
		code, out, errOut := vdesk(t, append(tc.args, dd)...)
		if code != tc.code || out != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, tc.want) {
			t.Errorf("vdesk %v = %d, stdout %q, stderr %q; want exit %d and one line naming %q", tc.args, code, out, errOut, tc.code, tc.want)
		}
	}
	if got := folderOf(t, ids[0], dd); got != "" {
		t.Errorf("a refused move changed item %s's folder to %q", ids[0], got)
	}

	// Two folders whose names differ only in case: the name is ambiguous.
	dup := createFolder(t, ts.URL, tech, strings.ToLower(folder.Name))
	want(t, exitOK, "sync", dd)
	code, _, errOut := vdesk(t, "move", ids[0], "--folder", folder.Name, dd)
	if code != exitError || !strings.Contains(errOut, "give the id") || !strings.Contains(errOut, dup) || !strings.Contains(errOut, folder.ID) {
		t.Errorf("ambiguous folder name: exit %d, stderr %q; want exit 1 asking for one of the ids", code, errOut)
	}
	want(t, exitOK, "move", ids[0], "--folder", dup, dd)
	if got := folderOf(t, ids[0], dd); got != dup {
		t.Errorf("folderId = %q, want the second folder %q", got, dup)
	}
}

// createFolder creates a folder for account a straight through the API and
// returns its id.
func createFolder(t *testing.T, baseURL string, a *demodata.Account, name string) string {
	t.Helper()
	c, err := api.New(baseURL, api.Options{})
	if err != nil {
		t.Fatal(err)
	}
	mk, err := crypto.DeriveMasterKey([]byte(a.Password), a.Email, a.KDF)
	if err != nil {
		t.Fatal(err)
	}
	lr, err := c.LoginPassword(t.Context(), a.Email, mk.ServerHash([]byte(a.Password)), nil)
	if err != nil {
		t.Fatal(err)
	}
	uk, err := mk.DecryptUserKey(*lr.UserKey())
	if err != nil {
		t.Fatal(err)
	}
	enc, err := uk.EncryptString(name)
	if err != nil {
		t.Fatal(err)
	}
	f, err := c.CreateFolder(t.Context(), enc)
	if err != nil {
		t.Fatal(err)
	}
	return f.ID
}

func containsAll(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}

func TestMoveCollectionsOfMany(t *testing.T) {
	ts, man := seededSandbox(t)
	tech := man.Account(demodata.TechEmail)
	dd := loginTech(t, ts.URL, man)

	y := man.Org("Business Y")
	var ids []string
	for _, it := range man.Items {
		if it.OrgID == y.ID && !it.Deleted && it.Type == api.CipherLogin && len(ids) < 2 {
			ids = append(ids, it.ID)
		}
	}
	if len(ids) != 2 {
		t.Fatal("the seed has fewer than 2 Business Y logins")
	}
	collectionsAfterSync := func(c string) {
		t.Helper()
		want(t, exitOK, "sync", "--force", dd)
		for _, id := range ids {
			if got := decodeItem(t, want(t, exitOK, "get", "item", id, "--json", dd)).CollectionIDs; !slices.Equal(got, []string{c}) {
				t.Errorf("item %s collectionIds = %v, want [%s]", id, got, c)
			}
		}
	}

	c1 := y.Collections[2].ID
	out := want(t, exitOK, "move-collections", ids[0]+","+ids[1], "--collections", c1, dd)
	for _, id := range ids {
		if !strings.Contains(out, id+": collections set to "+c1+"\n") {
			t.Errorf("vdesk move-collections printed %q, want a line for %s", out, id)
		}
	}
	collectionsAfterSync(c1)

	// One bad id among good ones: the others are still done, the failure
	// is reported, and the exit code says something failed.
	c2 := y.Collections[1].ID
	code, out, errOut := vdesk(t, "move-collections", ids[0]+",no-such-item,"+ids[1], "--collections", c2, "--json", dd)
	var res []struct {
		ID    string `json:"id"`
		OK    bool   `json:"ok"`
		Error string `json:"error"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("vdesk move-collections --json printed %q: %v", out, err)
	}
	if code != exitError || len(res) != 3 || !res[0].OK || res[1].OK || !res[2].OK || !strings.Contains(res[1].Error, "no-such-item") {
		t.Errorf("vdesk move-collections with a bad id = %d, %+v; want exit 1, the bad one failed and the others done", code, res)
	}
	if strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "1 of 3 items failed") || !strings.Contains(errOut, "no-such-item") {
		t.Errorf("stderr %q, want one line listing the failed id", errOut)
	}
	collectionsAfterSync(c2)

	// A personal item is refused by the vault; the org item still moves.
	var personal string
	for _, it := range man.Items {
		if it.Owner == tech.Email && !it.Deleted {
			personal = it.ID
			break
		}
	}
	code, out, errOut = vdesk(t, "move-collections", personal+","+ids[0]+","+ids[1], "--collections", c1, dd)
	if code != exitError || !strings.Contains(out, personal+": failed: ") || !strings.Contains(errOut, personal) {
		t.Errorf("personal item among org items: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	collectionsAfterSync(c1)

	want(t, exitUsage, "move-collections", ids[0]+","+ids[1], dd) // no --collections
}
