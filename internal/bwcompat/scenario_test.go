package bwcompat

import (
	"context"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
	"github.com/vaultdesk/vaultdesk/internal/sandbox"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
)

// env is a running sandbox over HTTPS with the demo data.
type env struct {
	srv      *sandbox.Server
	url      string
	certFile string
	roots    *x509.CertPool
	m        *demodata.Manifest
}

func startSandbox(t *testing.T) *env {
	t.Helper()
	if os.Getenv("VDESK_BW") == "" {
		t.Skip("VDESK_BW is not set; make test-interop installs the official CLI and sets it")
	}
	dir := t.TempDir()
	srv, err := sandbox.Open(sandbox.Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })

	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, "127.0.0.1:0", true, func(u string) { ready <- u }) }()
	t.Cleanup(func() {
		cancel()
		if err := <-served; err != nil && !errors.Is(err, context.Canceled) {
			t.Errorf("sandbox Serve: %v", err)
		}
	})
	e := &env{srv: srv, certFile: sandbox.CertPath(dir)}
	select {
	case e.url = <-ready:
	case err := <-served:
		t.Fatalf("sandbox Serve: %v", err)
	}
	if e.roots, err = certPoolFrom(e.certFile); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	e.m, err = demodata.Seed(ctx, e.url, demodata.Options{RootCAs: e.roots, Mailbox: srv.Mailbox})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("seeded the demo data in %v", time.Since(start).Round(time.Millisecond))
	return e
}

// certPoolFrom trusts exactly the sandbox's certificate.
func certPoolFrom(path string) (*x509.CertPool, error) {
	pemBytes, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pemBytes) {
		return nil, fmt.Errorf("%s holds no certificate", path)
	}
	return pool, nil
}

// bwItem is the part of `bw get item` output the checks read.
type bwItem struct {
	ID             string   `json:"id"`
	OrganizationID *string  `json:"organizationId"`
	FolderID       *string  `json:"folderId"`
	Type           int      `json:"type"`
	Name           string   `json:"name"`
	Notes          *string  `json:"notes"`
	Favorite       bool     `json:"favorite"`
	CollectionIDs  []string `json:"collectionIds"`
	DeletedDate    *string  `json:"deletedDate"`
	Login          *struct {
		Username *string `json:"username"`
		Password *string `json:"password"`
		TOTP     *string `json:"totp"`
		URIs     []struct {
			URI   string `json:"uri"`
			Match *int   `json:"match"`
		} `json:"uris"`
	} `json:"login"`
	Card *struct {
		CardholderName, Number, Code *string
	} `json:"card"`
	Identity *struct {
		FirstName, LastName, Email *string
	} `json:"identity"`
	Fields []struct {
		Name  *string `json:"name"`
		Value *string `json:"value"`
		Type  int     `json:"type"`
	} `json:"fields"`
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// checkItem compares a decrypted bw item with the seed. An empty string
// where the seed has a value fails: bw prints "" for what it cannot decrypt.
func checkItem(t *testing.T, got bwItem, want demodata.Item) {
	t.Helper()
	fail := func(field, g, w string) {
		t.Errorf("item %s (%q) %s = %q, want %q", want.ID, want.Name, field, g, w)
	}
	if got.Name != want.Name || got.Name == "" {
		fail("name", got.Name, want.Name)
	}
	if str(got.Notes) != want.Notes {
		fail("notes", str(got.Notes), want.Notes)
	}
	if int(want.Type) != got.Type {
		t.Errorf("item %s type = %d, want %d", want.ID, got.Type, want.Type)
	}
	if want.Type == api.CipherLogin {
		if got.Login == nil {
			t.Errorf("item %s (%q) has no login", want.ID, want.Name)
			return
		}
		if g := str(got.Login.Username); g != want.Username {
			fail("login.username", g, want.Username)
		}
		if g := str(got.Login.Password); g != want.Password {
			fail("login.password", g, want.Password)
		}
		if g := str(got.Login.TOTP); g != want.TOTP {
			fail("login.totp", g, want.TOTP)
		}
		if len(got.Login.URIs) != len(want.URIs) {
			t.Errorf("item %s has %d URIs, want %d", want.ID, len(got.Login.URIs), len(want.URIs))
		} else {
			for i, u := range want.URIs {
				if got.Login.URIs[i].URI != u.URI {
					fail("login.uris", got.Login.URIs[i].URI, u.URI)
				}
			}
		}
	}
	if want.Card != nil && (got.Card == nil || str(got.Card.Number) != want.Card.Number) {
		t.Errorf("item %s (%q) card number does not match the seed", want.ID, want.Name)
	}
	if want.Identity != nil && (got.Identity == nil || str(got.Identity.LastName) != want.Identity.LastName) {
		t.Errorf("item %s (%q) identity last name does not match the seed", want.ID, want.Name)
	}
	if len(got.Fields) != len(want.Fields) {
		t.Errorf("item %s (%q) has %d fields, want %d", want.ID, want.Name, len(got.Fields), len(want.Fields))
		return
	}
	for i, f := range want.Fields {
		if str(got.Fields[i].Name) != f.Name || str(got.Fields[i].Value) != f.Value {
			t.Errorf("item %s field %d = %q=%q, want %q=%q", want.ID, i, str(got.Fields[i].Name), str(got.Fields[i].Value), f.Name, f.Value)
		}
	}
}

// visibleTo lists the seed's items an account sees: its personal items and
// every item of the organizations where it is a confirmed owner or admin.
func visibleTo(m *demodata.Manifest, email string, deleted bool) map[string]demodata.Item {
	full := map[string]bool{}
	for _, o := range m.Orgs {
		if mem := o.Member(email); mem != nil && mem.Status == api.OrgConfirmed &&
			(mem.Role == api.OrgOwner || mem.Role == api.OrgAdmin) {
			full[o.ID] = true
		}
	}
	items := map[string]demodata.Item{}
	for _, it := range m.Items {
		if it.Deleted != deleted {
			continue
		}
		if it.Owner == email || (it.OrgID != "" && full[it.OrgID]) {
			items[it.ID] = it
		}
	}
	return items
}

func TestOfficialCLI(t *testing.T) {
	t.Parallel() // each test has its own sandbox and bw data dirs
	e := startSandbox(t)
	m := e.m
	tech := m.Account(demodata.TechEmail)
	if tech == nil {
		t.Fatalf("the manifest has no %s", demodata.TechEmail)
	}

	b := newBW(t, e.url, e.certFile)
	if err := b.login(tech.Email, tech.Password); err != nil {
		t.Fatalf("login with the PBKDF2 account: %v", err)
	}
	b.must("sync")

	t.Run("organizations", func(t *testing.T) {
		var orgs []struct{ ID, Name string }
		b.json(&orgs, "list", "organizations")
		var got []string
		for _, o := range orgs {
			got = append(got, o.Name)
		}
		for _, want := range []string{"Business X", "Business Y", "Business Z"} {
			if !slices.Contains(got, want) {
				t.Errorf("bw list organizations = %q, want it to include %q", got, want)
			}
		}
	})

	t.Run("items", func(t *testing.T) {
		var items []bwItem
		b.json(&items, "list", "items")
		want := visibleTo(m, tech.Email, false)
		if len(items) != len(want) {
			t.Errorf("bw list items gave %d items, want %d", len(items), len(want))
		}
		for _, it := range items {
			w, ok := want[it.ID]
			if !ok {
				t.Errorf("bw list items has %s (%q), which the seed does not give this account", it.ID, it.Name)
				continue
			}
			checkItem(t, it, w)
		}
		var trash []bwItem
		b.json(&trash, "list", "items", "--trash")
		if wantTrash := visibleTo(m, tech.Email, true); len(trash) != len(wantTrash) || len(trash) == 0 {
			t.Errorf("bw list items --trash gave %d items, want %d (and at least one)", len(trash), len(wantTrash))
		}
	})

	t.Run("folders", func(t *testing.T) {
		var folders []struct{ ID, Name string }
		b.json(&folders, "list", "folders")
		got := map[string]string{}
		for _, f := range folders {
			got[f.ID] = f.Name
		}
		n := 0
		for _, f := range m.Folders {
			if f.Owner != tech.Email {
				continue
			}
			n++
			if got[f.ID] != f.Name {
				t.Errorf("folder %s = %q, want %q", f.ID, got[f.ID], f.Name)
			}
		}
		if n == 0 {
			t.Error("the seed gives the technician no folders")
		}
	})

	t.Run("collections", func(t *testing.T) {
		var cols []struct{ ID, Name, OrganizationID string }
		b.json(&cols, "list", "collections")
		got := map[string]string{}
		for _, c := range cols {
			got[c.ID] = c.Name
		}
		for _, o := range m.Orgs {
			for _, c := range o.Collections {
				if got[c.ID] != c.Name {
					t.Errorf("bw list collections: %s in %s = %q, want %q", c.ID, o.Name, got[c.ID], c.Name)
				}
			}
		}
	})

	t.Run("org collections and members", func(t *testing.T) {
		for _, o := range m.Orgs {
			var cols []struct{ ID, Name string }
			b.json(&cols, "list", "org-collections", "--organizationid", o.ID)
			names := map[string]string{}
			for _, c := range cols {
				names[c.ID] = c.Name
			}
			for _, c := range o.Collections {
				if names[c.ID] != c.Name {
					t.Errorf("bw list org-collections %s: %s = %q, want %q", o.Name, c.ID, names[c.ID], c.Name)
				}
			}
			var members []struct {
				ID, Email    string
				Status, Type int
			}
			b.json(&members, "list", "org-members", "--organizationid", o.ID)
			byID := map[string]int{}
			for _, mem := range members {
				byID[mem.ID] = mem.Status
			}
			for _, mem := range o.Members {
				if st, ok := byID[mem.ID]; !ok || st != int(mem.Status) {
					t.Errorf("bw list org-members %s: %s status %d (listed %v), want %d", o.Name, mem.Email, st, ok, mem.Status)
				}
			}
		}
	})

	var created bwItem
	t.Run("create edit delete restore", func(t *testing.T) {
		item := map[string]any{
			"type": 1, "name": "Printer admin (interop)", "notes": "created by bw",
			"login": map[string]any{"username": "printadmin", "password": "Pr1nt-Interop!",
				"uris": []map[string]any{{"uri": "https://printer.example", "match": nil}}},
		}
		b.json(&created, "create", "item", encodeItem(t, item))
		if created.ID == "" || created.Name != "Printer admin (interop)" {
			t.Fatalf("bw create item = %+v", created)
		}
		item["login"].(map[string]any)["password"] = "Pr1nt-Edited!"
		item["name"] = "Printer admin (edited)"
		var edited bwItem
		b.json(&edited, "edit", "item", created.ID, encodeItem(t, item))
		if edited.Name != "Printer admin (edited)" || edited.Login == nil || str(edited.Login.Password) != "Pr1nt-Edited!" {
			t.Fatalf("bw edit item gave name %q", edited.Name)
		}
		b.must("delete", "item", created.ID)
		var trash []bwItem
		b.json(&trash, "list", "items", "--trash")
		if !slices.ContainsFunc(trash, func(i bwItem) bool { return i.ID == created.ID }) {
			t.Errorf("deleted item %s is not in bw list items --trash", created.ID)
		}
		b.must("restore", "item", created.ID)

		fresh := newBW(t, e.url, e.certFile)
		if err := fresh.login(tech.Email, tech.Password); err != nil {
			t.Fatal(err)
		}
		var got bwItem
		fresh.json(&got, "get", "item", created.ID)
		if got.Name != "Printer admin (edited)" || got.Login == nil || str(got.Login.Password) != "Pr1nt-Edited!" ||
			str(got.Login.Username) != "printadmin" || got.DeletedDate != nil {
			t.Errorf("after a fresh login, bw get item = name %q, deleted %v; want the edited, restored item", got.Name, got.DeletedDate)
		}
	})

	t.Run("move to Business Y", func(t *testing.T) {
		y := m.Org("Business Y")
		var personal *demodata.Item
		for i := range m.Items {
			it := &m.Items[i]
			if it.Owner == tech.Email && !it.Deleted && it.Type == api.CipherLogin {
				personal = it
				break
			}
		}
		if y == nil || len(y.Collections) < 2 || personal == nil {
			t.Fatal("the seed lacks Business Y with two collections or a personal login")
		}
		cols := []string{y.Collections[0].ID, y.Collections[1].ID}
		raw, _ := json.Marshal(cols)
		b.must("move", personal.ID, y.ID, base64.StdEncoding.EncodeToString(raw))
		var got bwItem
		b.json(&got, "get", "item", personal.ID)
		gotCols := slices.Clone(got.CollectionIDs)
		sort.Strings(gotCols)
		sort.Strings(cols)
		if str(got.OrganizationID) != y.ID || !slices.Equal(gotCols, cols) {
			t.Errorf("after bw move: org %q collections %q, want %q %q", str(got.OrganizationID), gotCols, y.ID, cols)
		}
		want := *personal
		want.Fields = personal.Fields
		checkItem(t, got, want)
	})

	t.Run("org collection lifecycle", func(t *testing.T) {
		x := m.Org("Business X")
		col := map[string]any{"organizationId": x.ID, "name": "Interop/Printers", "externalId": nil, "groups": []any{}, "users": []any{}}
		var c struct{ ID, Name string }
		b.json(&c, "create", "org-collection", encodeItem(t, col), "--organizationid", x.ID)
		if c.ID == "" || c.Name != "Interop/Printers" {
			t.Fatalf("bw create org-collection = %+v", c)
		}
		col["name"] = "Interop/Printers and scanners"
		b.json(&c, "edit", "org-collection", c.ID, encodeItem(t, col), "--organizationid", x.ID)
		var cols []struct{ ID, Name string }
		b.json(&cols, "list", "org-collections", "--organizationid", x.ID)
		if !slices.ContainsFunc(cols, func(g struct{ ID, Name string }) bool {
			return g.ID == c.ID && g.Name == "Interop/Printers and scanners"
		}) {
			t.Errorf("the renamed collection is not listed: %+v", cols)
		}
		b.must("delete", "org-collection", c.ID, "--organizationid", x.ID)
		b.json(&cols, "list", "org-collections", "--organizationid", x.ID)
		if slices.ContainsFunc(cols, func(g struct{ ID, Name string }) bool { return g.ID == c.ID }) {
			t.Errorf("deleted collection %s is still listed", c.ID)
		}
	})

	// An accepted member of Business X whom bw confirms, then logs in as.
	x := m.Org("Business X")
	var pending *demodata.Member
	for i := range x.Members {
		if mem := &x.Members[i]; mem.Status == api.OrgAccepted && mem.CanLogIn {
			pending = mem
			break
		}
	}
	if pending == nil {
		t.Fatal("the seed has no accepted member of Business X who can log in")
	}

	t.Run("fingerprint", func(t *testing.T) {
		c, err := api.New(e.url, api.Options{RootCAs: e.roots})
		if err != nil {
			t.Fatal(err)
		}
		if err := loginAPI(t, c, tech); err != nil {
			t.Fatal(err)
		}
		pub, err := c.UserPublicKey(t.Context(), pending.UserID)
		if err != nil {
			t.Fatal(err)
		}
		want := strings.Join(crypto.Fingerprint(pending.UserID, pub), "-")
		got := strings.TrimSpace(b.must("get", "fingerprint", pending.UserID))
		if got != want {
			t.Errorf("bw get fingerprint %s = %q, want %q", pending.UserID, got, want)
		}
	})

	t.Run("confirm member", func(t *testing.T) {
		b.must("confirm", "org-member", pending.ID, "--organizationid", x.ID)
		acct := m.Account(pending.Email)
		mb := newBW(t, e.url, e.certFile)
		if err := mb.login(acct.Email, acct.Password); err != nil {
			t.Fatal(err)
		}
		var items []bwItem
		mb.json(&items, "list", "items", "--organizationid", x.ID)
		if len(items) == 0 {
			t.Fatalf("confirmed member %s sees no Business X items", pending.Email)
		}
		byID := map[string]demodata.Item{}
		for _, it := range m.Items {
			byID[it.ID] = it
		}
		for _, it := range items {
			w, ok := byID[it.ID]
			if !ok || w.OrgID != x.ID {
				t.Errorf("member sees %s (%q), not a Business X item of the seed", it.ID, it.Name)
				continue
			}
			if it.Name != w.Name || it.Name == "" {
				t.Errorf("member decrypts %s name as %q, want %q", it.ID, it.Name, w.Name)
			}
		}
	})
}

// loginAPI signs in with our own client, to read what bw is compared with.
func loginAPI(t *testing.T, c *api.Client, a *demodata.Account) error {
	t.Helper()
	mk, err := crypto.DeriveMasterKey([]byte(a.Password), a.Email, a.KDF)
	if err != nil {
		return err
	}
	defer mk.Clear()
	_, err = c.LoginPassword(t.Context(), a.Email, mk.ServerHash([]byte(a.Password)), nil)
	return err
}

func TestOfficialCLIOtherAccounts(t *testing.T) {
	t.Parallel()
	e := startSandbox(t)
	for _, a := range e.m.Accounts {
		switch {
		case a.APIKey != nil:
			t.Run("api key "+a.Email, func(t *testing.T) {
				b := newBW(t, e.url, e.certFile)
				if _, err := b.run([]string{"BW_CLIENTID=" + a.APIKey.ClientID, "BW_CLIENTSECRET=" + string(a.APIKey.ClientSecret)},
					"login", "--apikey"); err != nil {
					t.Fatal(err)
				}
				out, err := b.run([]string{"BW_PASSWORD=" + a.Password}, "unlock", "--passwordenv", "BW_PASSWORD", "--raw")
				if err != nil {
					t.Fatal(err)
				}
				b.session = strings.TrimSpace(out)
				checkPersonalItems(t, b, e.m, a.Email)
			})
		case a.KDF.Type == crypto.KDFArgon2id && a.TwoFactor == nil:
			t.Run("argon2id "+a.Email, func(t *testing.T) {
				b := newBW(t, e.url, e.certFile)
				if err := b.login(a.Email, a.Password); err != nil {
					t.Fatal(err)
				}
				checkPersonalItems(t, b, e.m, a.Email)
			})
		case a.TwoFactor != nil && *a.TwoFactor == api.TwoFactorAuthenticator:
			t.Run("authenticator "+a.Email, func(t *testing.T) {
				b := newBW(t, e.url, e.certFile)
				// The next step's code: seeding spent the current step when it
				// enabled the authenticator, and the server refuses a replay
				// but accepts one step of drift.
				code, err := totp.GenerateCode(a.TOTPSecret, time.Now().Add(30*time.Second))
				if err != nil {
					t.Fatal(err)
				}
				if err := b.login(a.Email, a.Password, "--method", "0", "--code", code); err != nil {
					t.Fatal(err)
				}
				checkPersonalItems(t, b, e.m, a.Email)
			})
		case a.TwoFactor != nil && *a.TwoFactor == api.TwoFactorEmail:
			t.Run("email code "+a.Email, func(t *testing.T) {
				b := newBW(t, e.url, e.certFile)
				if err := b.login(a.Email, a.Password); err == nil {
					t.Fatal("login without the emailed code succeeded")
				}
				mails, err := e.srv.Mailbox(t.Context(), a.Email)
				if err != nil {
					t.Fatal(err)
				}
				code := ""
				for _, mail := range mails {
					if mail.Kind == "two-factor-email" {
						code = mail.Token
					}
				}
				if code == "" {
					t.Fatalf("no two-step code in %s's mailbox after the challenge", a.Email)
				}
				if err := b.login(a.Email, a.Password, "--method", "1", "--code", code); err != nil {
					t.Fatal(err)
				}
				checkPersonalItems(t, b, e.m, a.Email)
			})
		}
	}
}

// checkPersonalItems checks that bw decrypts the account's own items
// exactly as seeded.
func checkPersonalItems(t *testing.T, b *bw, m *demodata.Manifest, email string) {
	t.Helper()
	var items []bwItem
	b.json(&items, "list", "items")
	byID := map[string]bwItem{}
	for _, it := range items {
		byID[it.ID] = it
	}
	n := 0
	for _, want := range m.Items {
		if want.Owner != email || want.Deleted {
			continue
		}
		n++
		got, ok := byID[want.ID]
		if !ok {
			t.Errorf("bw list items for %s lacks %s (%q)", email, want.ID, want.Name)
			continue
		}
		checkItem(t, got, want)
	}
	if n == 0 {
		t.Errorf("the seed gives %s no personal items to compare", email)
	}
}
