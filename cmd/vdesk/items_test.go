package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
)

func TestReadCommands(t *testing.T) {
	ts, man := seededSandbox(t)
	tech := man.Account(demodata.TechEmail)
	dd := "--data-dir=" + t.TempDir()
	t.Setenv("VDESK_SESSION", "")
	t.Setenv("VDESK_DATA_DIR", "")
	t.Setenv("TEST_PW", tech.Password)

	want(t, exitLocked, "search", "router", dd)
	key := strings.TrimSpace(want(t, exitOK, "login", tech.Email, "--server", ts.URL, "--passwordenv", "TEST_PW", "--raw", dd))
	want(t, exitLocked, "list", dd) // no session yet
	t.Setenv("VDESK_SESSION", key)

	t.Run("orgs", func(t *testing.T) {
		var orgs []orgJSON
		json.Unmarshal([]byte(want(t, exitOK, "orgs", "--json", dd)), &orgs)
		var names []string
		for _, o := range orgs {
			names = append(names, o.Name)
			if o.Account != tech.Email || o.ID == "" {
				t.Errorf("org %+v lacks its id or account", o)
			}
		}
		for _, n := range []string{"Business X", "Business Y", "Business Z"} {
			if !slices.Contains(names, n) {
				t.Errorf("vdesk orgs = %q, want %q among them", names, n)
			}
		}
	})

	// Every item the technician sees, decrypted, compared with the seed.
	seed := map[string]demodata.Item{}
	for _, it := range man.Items {
		seed[it.ID] = it
	}
	t.Run("list json", func(t *testing.T) {
		var items []struct {
			ID             string  `json:"id"`
			Name           string  `json:"name"`
			OrganizationID *string `json:"organizationId"`
			Login          *struct {
				Username *string `json:"username"`
				Password *string `json:"password"`
			} `json:"login"`
		}
		if err := json.Unmarshal([]byte(want(t, exitOK, "list", "--json", dd)), &items); err != nil {
			t.Fatal(err)
		}
		if len(items) < 300 {
			t.Fatalf("vdesk list --json gave %d items, want the technician's 300+", len(items))
		}
		for _, it := range items {
			w, ok := seed[it.ID]
			if !ok || w.Deleted {
				t.Errorf("listed %s (%q), not a live seed item", it.ID, it.Name)
				continue
			}
			if it.Name != w.Name {
				t.Errorf("item %s name = %q, want %q", it.ID, it.Name, w.Name)
			}
			if w.Type == api.CipherLogin && (it.Login == nil || it.Login.Password == nil || *it.Login.Password != w.Password) {
				t.Errorf("item %s (%q) password does not match the seed", it.ID, w.Name)
			}
		}
	})

	x := man.Org("Business X")
	t.Run("list filters", func(t *testing.T) {
		out := want(t, exitOK, "list", "--org", "business x", dd)
		n := 0
		for _, it := range man.Items {
			if it.OrgID == x.ID && !it.Deleted {
				n++
				if !strings.Contains(out, it.ID) {
					t.Errorf("vdesk list --org 'business x' lacks %s (%q)", it.ID, it.Name)
				}
			}
		}
		if got := strings.Count(out, "\n") - 1; got != n {
			t.Errorf("vdesk list --org gave %d rows, want %d", got, n)
		}
		trash := want(t, exitOK, "list", "--trash", dd)
		for _, it := range man.Items {
			if it.Deleted && it.Owner == tech.Email && !strings.Contains(trash, it.ID) {
				t.Errorf("vdesk list --trash lacks %s", it.ID)
			}
		}
		want(t, exitUsage, "list", "--org", "No Such Client", dd)
	})

	t.Run("search", func(t *testing.T) {
		var res []resultJSON
		json.Unmarshal([]byte(want(t, exitOK, "search", "router", "--json", dd)), &res)
		if len(res) == 0 {
			t.Fatal("vdesk search router found nothing")
		}
		for _, r := range res {
			if r.Account != tech.Email {
				t.Errorf("result %s is not tagged with its account", r.ID)
			}
			if r.OrganizationID != nil && r.OrgName == "" {
				t.Errorf("result %s in org %s has no org name", r.ID, *r.OrganizationID)
			}
		}
		// A name match ranks before matches elsewhere.
		if !strings.Contains(strings.ToLower(res[0].Name), "router") {
			t.Errorf("first result for router is %q", res[0].Name)
		}
		json.Unmarshal([]byte(want(t, exitOK, "search", "router", "--limit", "2", "--json", dd)), &res)
		if len(res) != 2 {
			t.Errorf("search --limit 2 gave %d results", len(res))
		}
	})

	var login *demodata.Item
	for i := range man.Items {
		if it := &man.Items[i]; it.OrgID == x.ID && !it.Deleted && it.Type == api.CipherLogin && it.TOTP != "" && it.Notes != "" {
			login = it
			break
		}
	}
	if login == nil {
		t.Fatal("the seed has no Business X login with TOTP and notes")
	}
	t.Run("get", func(t *testing.T) {
		if got := strings.TrimSpace(want(t, exitOK, "get", "password", login.ID, dd)); got != login.Password {
			t.Errorf("get password = %q, want the seed's", got)
		}
		if got := strings.TrimSpace(want(t, exitOK, "get", "username", login.ID, dd)); got != login.Username {
			t.Errorf("get username = %q, want %q", got, login.Username)
		}
		if got := want(t, exitOK, "get", "notes", login.ID, dd); strings.TrimSuffix(got, "\n") != login.Notes {
			t.Errorf("get notes = %q, want %q", got, login.Notes)
		}
		code := strings.TrimSpace(want(t, exitOK, "get", "totp", login.ID, dd))
		if len(code) < 6 || strings.Trim(code, "0123456789") != "" {
			t.Errorf("get totp = %q, want a numeric code", code)
		} else if secret := otpSecret(login.TOTP); secret != "" {
			now := time.Now()
			ok := false
			for _, at := range []time.Time{now.Add(-30 * time.Second), now, now.Add(30 * time.Second)} {
				if c, err := totp.GenerateCode(secret, at); err == nil && c == code {
					ok = true
				}
			}
			if !ok {
				t.Errorf("get totp = %q, not a current code of the seed's secret", code)
			}
		}
		var item struct {
			ID    string `json:"id"`
			Name  string `json:"name"`
			Login struct {
				Password string `json:"password"`
				TOTP     string `json:"totp"`
			} `json:"login"`
		}
		json.Unmarshal([]byte(want(t, exitOK, "get", "item", login.ID, dd)), &item)
		if item.ID != login.ID || item.Name != login.Name || item.Login.Password != login.Password || item.Login.TOTP != login.TOTP {
			t.Errorf("get item = %+v, want the seed's %q", item, login.Name)
		}
		want(t, exitError, "get", "password", "00000000-0000-0000-0000-000000000000", dd)
		want(t, exitUsage, "get", "secret", login.ID, dd)
		want(t, exitUsage, "get", "password", dd)
	})
}

// otpSecret is the base32 secret of a plain secret or a SHA-1, 6-digit,
// 30 s otpauth URI; "" for anything else, which the test then skips.
func otpSecret(s string) string {
	if !strings.HasPrefix(s, "otpauth://") {
		return strings.ToUpper(strings.ReplaceAll(s, " ", ""))
	}
	if strings.Contains(s, "algorithm=SHA256") || strings.Contains(s, "algorithm=SHA512") ||
		strings.Contains(s, "digits=8") || strings.Contains(s, "period=60") {
		return ""
	}
	_, q, _ := strings.Cut(s, "secret=")
	secret, _, _ := strings.Cut(q, "&")
	return secret
}
