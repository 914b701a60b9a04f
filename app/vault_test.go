package app

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/accounts"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/sandboxtest"
	"github.com/vaultdesk/vaultdesk/internal/totp"
)

// memBoard is an in-memory clipboard: a test double for the system
// clipboard, which internal/clipboard's tests and the e2e test exercise.
type memBoard struct {
	mu     sync.Mutex
	text   []byte
	writes int
}

func (b *memBoard) Write(_ context.Context, text []byte) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.text = append([]byte(nil), text...)
	b.writes++
	return nil
}

func (b *memBoard) Read(context.Context) ([]byte, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]byte(nil), b.text...), nil
}

func (b *memBoard) state() (string, int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.text), b.writes
}

// vaultEnv is a Core signed in to a seeded sandbox as the technician (owner
// of every client org) and as Business X's IT member, whose M365
// collection hides passwords.
type vaultEnv struct {
	m        *demodata.Manifest
	c        *Core
	s        *VaultService
	board    *memBoard
	tech     accounts.Status
	member   accounts.Status
	damaged  demodata.Item // its password's MAC was broken in transit
	openedMu sync.Mutex
	opened   []string
}

const memberEmail = "it@businessx.example"

func newVaultEnv(t *testing.T) *vaultEnv {
	t.Helper()
	var tamper atomic.Value // the id of the item whose password to break in /api/sync
	tamper.Store("")
	sb := sandboxtest.New(t, sandboxtest.Options{Wrap: func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			id := tamper.Load().(string)
			if id == "" || r.Method != http.MethodGet || r.URL.Path != "/api/sync" {
				h.ServeHTTP(w, r)
				return
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			body := breakPasswordMAC(t, rec.Body.Bytes(), id)
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			w.WriteHeader(rec.Code)
			w.Write(body)
		})
	}})
	e := &vaultEnv{m: sb.Manifest, board: &memBoard{}}
	c, err := New(Options{DataDir: t.TempDir(), Board: e.board})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.Attach(func(string, any) {}, func(url string) {
		e.openedMu.Lock()
		defer e.openedMu.Unlock()
		e.opened = append(e.opened, url)
	})
	e.c, e.s = c, NewVaultService(c)
	e.damaged = e.item(t, "Business Z", "FortiGate firewall")
	tamper.Store(e.damaged.ID)
	e.tech = e.login(t, demodata.TechEmail, sb.URL())
	tamper.Store("")
	e.member = e.login(t, memberEmail, sb.URL())
	return e
}

func (e *vaultEnv) login(t *testing.T, email, url string) accounts.Status {
	t.Helper()
	st, err := e.c.mgr.Login(t.Context(), accounts.LoginRequest{Email: email, Server: url, Password: []byte(e.m.Account(email).Password)})
	if err != nil {
		t.Fatalf("Login(%s): %v", email, err)
	}
	return st
}

// item returns the manifest's live item of that name in that org.
func (e *vaultEnv) item(t *testing.T, org, name string) demodata.Item {
	t.Helper()
	for _, it := range e.m.Items {
		if it.OrgName == org && it.Name == name && !it.Deleted {
			return it
		}
	}
	t.Fatalf("no item %q in %s", name, org)
	return demodata.Item{}
}

// breakPasswordMAC changes one character of the MAC of the login password
// of item id in a sync response, as a tampering server would.
func breakPasswordMAC(t *testing.T, body []byte, id string) []byte {
	var sync map[string]any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&sync); err != nil {
		t.Errorf("tamper: decode sync: %v", err)
		return body
	}
	ciphers, _ := sync["ciphers"].([]any)
	broken := false
	for _, c := range ciphers {
		c, _ := c.(map[string]any)
		if c["id"] != id {
			continue
		}
		login, _ := c["login"].(map[string]any)
		pw, _ := login["password"].(string)
		i := strings.LastIndex(pw, "|")
		if i < 0 || i+1 >= len(pw) {
			break
		}
		flip := byte('A')
		if pw[i+1] == 'A' {
			flip = 'B'
		}
		login["password"] = pw[:i+1] + string(flip) + pw[i+2:]
		broken = true
	}
	if !broken {
		t.Errorf("tamper: item %s has no password in the sync response", id)
	}
	out, err := json.Marshal(sync)
	if err != nil {
		t.Errorf("tamper: encode sync: %v", err)
		return body
	}
	return out
}

func TestVaultService(t *testing.T) {
	e := newVaultEnv(t)
	s := e.s
	routerX := e.item(t, "Business X", "Core router (MikroTik)")
	m365X := e.item(t, "Business X", "M365 global admin")

	t.Run("search finds routers across orgs and accounts", func(t *testing.T) {
		page, err := s.Search(SearchQuery{Text: "router"})
		if err != nil {
			t.Fatal(err)
		}
		if page.Text != "router" || page.Total != len(page.Rows) || page.Total == 0 {
			t.Fatalf("Search(router) = text %q, total %d, %d rows", page.Text, page.Total, len(page.Rows))
		}
		orgs := map[string]bool{}
		accts := map[string]bool{}
		for _, r := range page.Rows {
			if r.Name == "Core router (MikroTik)" {
				orgs[r.OrgName] = true
				accts[r.AccountEmail] = true
			}
			if r.AccountID == "" || r.AccountEmail == "" {
				t.Errorf("row %q names no account", r.Name)
			}
		}
		for _, o := range []string{"Business X", "Business Y", "Business Z"} {
			if !orgs[o] {
				t.Errorf("Search(router) has no Core router of %s; rows: %v", o, rowNames(page.Rows))
			}
		}
		if !accts[demodata.TechEmail] || !accts[memberEmail] {
			t.Errorf("Core router found through accounts %v, want both %s and %s", accts, demodata.TechEmail, memberEmail)
		}
		if page.Rows[0].Name != "Core router (MikroTik)" && !strings.HasPrefix(strings.ToLower(page.Rows[0].Name), "router") {
			t.Errorf("first result %q does not start with the query", page.Rows[0].Name)
		}
	})

	t.Run("pages of one query add up to the whole list", func(t *testing.T) {
		all, err := s.Search(SearchQuery{Limit: MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		var paged []SearchRow
		for off := 0; off < all.Total; off += 37 {
			p, err := s.Search(SearchQuery{Offset: off, Limit: 37})
			if err != nil {
				t.Fatal(err)
			}
			if p.Total != all.Total || p.Offset != off {
				t.Fatalf("page at %d: total %d offset %d, want %d and %d", off, p.Total, p.Offset, all.Total, off)
			}
			paged = append(paged, p.Rows...)
		}
		if len(paged) != all.Total || len(all.Rows) != min(all.Total, MaxPageSize) {
			t.Fatalf("pages hold %d rows, one page %d, total %d", len(paged), len(all.Rows), all.Total)
		}
		for i := range all.Rows {
			if paged[i].ID != all.Rows[i].ID || paged[i].AccountID != all.Rows[i].AccountID {
				t.Fatalf("row %d: paged %q, whole %q", i, paged[i].Name, all.Rows[i].Name)
			}
		}
		past, err := s.Search(SearchQuery{Offset: all.Total + 5})
		if err != nil || len(past.Rows) != 0 || past.Total != all.Total {
			t.Errorf("page past the end: %d rows, total %d, err %v", len(past.Rows), past.Total, err)
		}
		for _, bad := range []SearchQuery{{Offset: -1}, {Limit: MaxPageSize + 1}, {Type: 99}} {
			if _, err := s.Search(bad); uiCode(err) != CodeInvalid {
				t.Errorf("Search(%+v) error %v, want code invalid", bad, err)
			}
		}
	})

	t.Run("a small page agrees with a full one", func(t *testing.T) {
		for _, text := range []string{"router", "admin", "m365 global", "a", "no such thing"} {
			full, err := s.Search(SearchQuery{Text: text, Limit: MaxPageSize})
			if err != nil {
				t.Fatal(err)
			}
			for _, limit := range []int{1, 5, 100} {
				p, err := s.Search(SearchQuery{Text: text, Limit: limit})
				if err != nil {
					t.Fatal(err)
				}
				if p.Total != full.Total || len(p.Rows) != min(limit, full.Total) {
					t.Errorf("Search(%q, limit %d) = total %d, %d rows; full search total %d", text, limit, p.Total, len(p.Rows), full.Total)
					continue
				}
				for i, r := range p.Rows {
					if r.ID != full.Rows[i].ID {
						t.Errorf("Search(%q, limit %d) row %d = %q, full search has %q", text, limit, i, r.Name, full.Rows[i].Name)
					}
				}
			}
		}
	})

	t.Run("sidebar counts add up to the search totals", func(t *testing.T) {
		sb, err := s.Sidebar()
		if err != nil {
			t.Fatal(err)
		}
		total := func(q SearchQuery) int {
			t.Helper()
			p, err := s.Search(q)
			if err != nil {
				t.Fatalf("Search(%+v): %v", q, err)
			}
			return p.Total
		}
		if len(sb.Accounts) != 2 {
			t.Fatalf("sidebar has %d accounts, want 2", len(sb.Accounts))
		}
		if got, want := sb.Totals.All, total(SearchQuery{}); got != want || got == 0 {
			t.Errorf("All = %d, search total %d", got, want)
		}
		if got, want := sb.Totals.Trash, total(SearchQuery{Trash: true}); got != want || got == 0 {
			t.Errorf("Trash = %d, search total %d", got, want)
		}
		if got, want := sb.Totals.Favorites, total(SearchQuery{Favorites: true}); got != want || got == 0 {
			t.Errorf("Favorites = %d, search total %d", got, want)
		}
		sumTypes := 0
		for _, tc := range sb.Totals.Types {
			sumTypes += tc.Count
			if got := total(SearchQuery{Type: tc.Type}); got != tc.Count {
				t.Errorf("type %s = %d, search total %d", tc.Name, tc.Count, got)
			}
		}
		if sumTypes != sb.Totals.All {
			t.Errorf("types add up to %d, All is %d", sumTypes, sb.Totals.All)
		}
		sumAccounts := 0
		for _, a := range sb.Accounts {
			if got := total(SearchQuery{AccountID: a.ID, OrgID: "personal"}); got != a.MyVault {
				t.Errorf("%s: My vault = %d, search total %d", a.Email, a.MyVault, got)
			}
			sumAccounts += a.MyVault
			if !slices.IsSortedFunc(a.Orgs, func(x, y SidebarOrg) int { return strings.Compare(strings.ToLower(x.Name), strings.ToLower(y.Name)) }) {
				t.Errorf("%s: orgs not sorted: %v", a.Email, a.Orgs)
			}
			for _, o := range a.Orgs {
				sumAccounts += o.Count
				if got := total(SearchQuery{AccountID: a.ID, OrgID: o.ID}); got != o.Count || got == 0 {
					t.Errorf("%s / %s: count %d, search total %d", a.Email, o.Name, o.Count, got)
				}
				for _, c := range o.Collections {
					if c.ID == "" {
						continue
					}
					if got := total(SearchQuery{AccountID: a.ID, CollectionID: c.ID}); got != c.Count {
						t.Errorf("%s / %s / %s: count %d, search total %d", a.Email, o.Name, c.Path, c.Count, got)
					}
				}
			}
			for _, f := range a.Folders {
				if got := total(SearchQuery{AccountID: a.ID, FolderID: f.ID}); got != f.Count {
					t.Errorf("%s / folder %s: count %d, search total %d", a.Email, f.Name, f.Count, got)
				}
			}
		}
		if sumAccounts != sb.Totals.All {
			t.Errorf("My vaults and orgs add up to %d, All is %d", sumAccounts, sb.Totals.All)
		}
	})

	t.Run("sidebar orgs, rights and collection tree", func(t *testing.T) {
		sb, err := s.Sidebar()
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range sb.Accounts {
			switch a.Email {
			case demodata.TechEmail:
				if len(a.Orgs) != 3 || a.Server != labelServer(e.tech.Server, "") || len(a.Folders) == 0 {
					t.Errorf("tech: %d orgs, server %q, %d folders", len(a.Orgs), a.Server, len(a.Folders))
				}
				x := a.Orgs[0]
				if x.Name != "Business X" || x.Role != "owner" || !x.CanAdmin {
					t.Errorf("tech's first org = %s (%s, canAdmin %v), want Business X, owner, true", x.Name, x.Role, x.CanAdmin)
				}
				var paths []string
				depth := map[string]int{}
				for _, c := range x.Collections {
					paths = append(paths, c.Path)
					depth[c.Path] = c.Depth
				}
				want := []string{"Backups", "General", "Line of business", "M365", "Network", "Network/Firewalls", "Network/Wi-Fi", "Servers"}
				if !slices.Equal(paths, want) {
					t.Errorf("Business X tree = %v, want %v", paths, want)
				}
				if depth["Network/Firewalls"] != 1 || depth["Network"] != 0 {
					t.Errorf("depths: %v", depth)
				}
			case memberEmail:
				if len(a.Orgs) != 1 || a.Orgs[0].Role != "user" || a.Orgs[0].CanAdmin {
					t.Fatalf("member orgs: %+v", a.Orgs)
				}
				rights := map[string]SidebarCollection{}
				for _, c := range a.Orgs[0].Collections {
					rights[c.Path] = c
				}
				if !rights["M365"].HidePasswords || !rights["Network"].ReadOnly || rights["Servers"].ReadOnly {
					t.Errorf("member rights: M365 %+v, Network %+v, Servers %+v", rights["M365"], rights["Network"], rights["Servers"])
				}
			default:
				t.Errorf("unexpected account %s", a.Email)
			}
		}
	})

	t.Run("item views carry no hidden value", func(t *testing.T) {
		var secrets []string
		add := func(v string) {
			if len(v) >= 6 { // shorter values (card codes) occur by chance in ids and dates
				secrets = append(secrets, v)
			}
		}
		n := 0
		for _, it := range e.m.Items {
			if it.Owner != demodata.TechEmail && it.OrgID == "" {
				continue
			}
			secrets = secrets[:0]
			add(it.Password)
			add(it.TOTP)
			for _, h := range it.PasswordHistory {
				add(h.Password)
			}
			if it.Card != nil {
				add(it.Card.Number)
				add(it.Card.Code)
			}
			if it.Identity != nil {
				add(it.Identity.SSN)
				add(it.Identity.PassportNumber)
				add(it.Identity.LicenseNumber)
			}
			if it.SSHKey != nil {
				add(it.SSHKey.PrivateKey)
			}
			for _, f := range it.Fields {
				if f.Type == api.FieldHidden {
					add(f.Value)
				}
			}
			view, err := s.Item(e.tech.UserID, it.ID)
			if err != nil {
				t.Fatalf("Item(%s): %v", it.Name, err)
			}
			if view.Name != it.Name || view.Deleted != it.Deleted {
				t.Errorf("Item(%s) = name %q deleted %v", it.Name, view.Name, view.Deleted)
			}
			b, err := json.Marshal(view)
			if err != nil {
				t.Fatal(err)
			}
			for _, sec := range secrets {
				esc, _ := json.Marshal(sec)
				if bytes.Contains(b, []byte(sec)) || bytes.Contains(b, esc[1:len(esc)-1]) {
					t.Errorf("Item(%s) JSON holds a hidden value", it.Name)
				}
			}
			n++
		}
		if n < 300 {
			t.Errorf("checked %d items, want the demo set's few hundred", n)
		}
	})

	t.Run("item view", func(t *testing.T) {
		v, err := s.Item(e.tech.UserID, routerX.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v.OrgName != "Business X" || v.Login == nil || !v.Login.HasPassword || v.Login.Username != "admin" || !v.CanEdit || !v.CanViewPassword {
			t.Fatalf("Item(router) = %+v", v)
		}
		if len(v.Login.URIs) != 2 || !v.Login.URIs[0].Launchable || v.Login.URIs[1].Launchable || v.Login.URIs[1].Match != "never" {
			t.Errorf("router URIs = %+v, want https launchable, winbox:// not, match never", v.Login.URIs)
		}
		if len(v.Collections) != 1 || v.Collections[0].Name != "Network" || v.Notes != routerX.Notes || v.AccountEmail != demodata.TechEmail {
			t.Errorf("router collections %+v, notes %q, account %q", v.Collections, v.Notes, v.AccountEmail)
		}
		if len(v.Fields) == 0 || v.Fields[0].Name != "Serial number" || v.Fields[0].Value != routerX.Fields[0].Value {
			t.Errorf("router fields = %+v", v.Fields)
		}
		if v.Created == 0 || v.Revised == 0 {
			t.Errorf("router dates: created %d revised %d", v.Created, v.Revised)
		}
		mv, err := s.Item(e.member.UserID, m365X.ID)
		if err != nil {
			t.Fatal(err)
		}
		if mv.CanViewPassword || mv.Login == nil || !mv.Login.HasPassword || !mv.Login.HasTOTP {
			t.Errorf("member's M365 admin: canView %v login %+v, want hidden, with password and TOTP", mv.CanViewPassword, mv.Login)
		}
		rv, err := s.Item(e.member.UserID, routerX.ID)
		if err != nil {
			t.Fatal(err)
		}
		if rv.CanEdit || !rv.CanViewPassword || len(rv.Collections) != 1 || !rv.Collections[0].ReadOnly {
			t.Errorf("member's router: canEdit %v canView %v collections %+v, want read-only Network", rv.CanEdit, rv.CanViewPassword, rv.Collections)
		}
	})

	t.Run("reveal", func(t *testing.T) {
		got, err := s.Reveal(e.tech.UserID, routerX.ID, "password")
		if err != nil || got != routerX.Password {
			t.Errorf("Reveal(router, password) = %v, want the manifest's password", err)
		}
		reprompts := 0
		for _, it := range e.m.Items {
			if it.OrgID == "" || it.Deleted || it.ID == e.damaged.ID {
				continue
			}
			if it.Reprompt {
				// Master-password re-prompt: refused until answered, and
				// a wrong answer does not count.
				reprompts++
				if _, err := s.Reveal(e.tech.UserID, it.ID, "password"); uiCode(err) != CodeReprompt {
					t.Errorf("Reveal(%s) before the re-prompt: %v, want code reprompt", it.Name, err)
				}
				if _, err := s.Copy(e.tech.UserID, it.ID, "totp"); uiCode(err) != CodeReprompt {
					t.Errorf("Copy(%s, totp) before the re-prompt: %v, want code reprompt", it.Name, err)
				}
				if err := s.VerifyReprompt(e.tech.UserID, it.ID, "not the password"); uiCode(err) != CodeWrongPassword {
					t.Errorf("VerifyReprompt(%s) with a wrong password: %v, want code wrong-password", it.Name, err)
				}
				if err := s.VerifyReprompt(e.tech.UserID, it.ID, demodata.TechPassword); err != nil {
					t.Errorf("VerifyReprompt(%s): %v", it.Name, err)
				}
			}
			for i, f := range it.Fields {
				if f.Type == api.FieldHidden {
					if got, err := s.Reveal(e.tech.UserID, it.ID, "field:"+strconv.Itoa(i)); err != nil || got != f.Value {
						t.Errorf("Reveal(%s, field:%d) = %v, want the hidden field's value", it.Name, i, err)
					}
				}
			}
			if it.Card != nil {
				if got, err := s.Reveal(e.tech.UserID, it.ID, "cardNumber"); err != nil || got != it.Card.Number {
					t.Errorf("Reveal(%s, cardNumber) = %v, want the card number", it.Name, err)
				}
			}
			if len(it.PasswordHistory) > 0 {
				if got, err := s.Reveal(e.tech.UserID, it.ID, "history:0"); err != nil || got != it.PasswordHistory[0].Password {
					t.Errorf("Reveal(%s, history:0) = %v, want the newest old password", it.Name, err)
				}
			}
		}
		if reprompts == 0 {
			t.Error("the demo data has no item with master-password re-prompt to test")
		}
		for _, bad := range []string{"username", "field:x", "history:-1", ""} {
			if _, err := s.Reveal(e.tech.UserID, routerX.ID, bad); uiCode(err) != CodeInvalid {
				t.Errorf("Reveal(router, %q) error %v, want code invalid", bad, err)
			}
		}
		if _, err := s.Reveal(e.tech.UserID, routerX.ID, "field:9"); uiCode(err) != CodeNotFound {
			t.Errorf("Reveal(router, field:9) error %v, want code not-found", err)
		}
		if _, err := s.Reveal("no-such-account", routerX.ID, "password"); uiCode(err) != CodeNotSignedIn {
			t.Errorf("Reveal on an unknown account: %v, want code not-signed-in", err)
		}
	})

	t.Run("hide-passwords refuses reveal, copy and TOTP", func(t *testing.T) {
		_, before := e.board.state()
		for _, f := range []string{"password", "totpSecret", "history:0"} {
			if _, err := s.Reveal(e.member.UserID, m365X.ID, f); uiCode(err) != CodeNotAllowed {
				t.Errorf("member Reveal(M365 admin, %s) error %v, want code not-allowed", f, err)
			}
		}
		for _, f := range []string{"password", "totp"} {
			if _, err := s.Copy(e.member.UserID, m365X.ID, f); uiCode(err) != CodeNotAllowed {
				t.Errorf("member Copy(M365 admin, %s) error %v, want code not-allowed", f, err)
			}
		}
		if _, err := s.TOTP(e.member.UserID, m365X.ID); uiCode(err) != CodeNotAllowed {
			t.Errorf("member TOTP(M365 admin) error %v, want code not-allowed", err)
		}
		if _, after := e.board.state(); after != before {
			t.Errorf("refused copies wrote to the clipboard %d times", after-before)
		}
		cv, err := s.Copy(e.member.UserID, m365X.ID, "username")
		if err != nil || cv.Label != "Username" {
			t.Fatalf("member Copy(M365 admin, username) = %+v, %v", cv, err)
		}
		if got, _ := e.board.state(); got != m365X.Username {
			t.Errorf("clipboard holds %q, want the username %q", got, m365X.Username)
		}
	})

	t.Run("copy puts the password on the clipboard and names the org", func(t *testing.T) {
		start := time.Now()
		cv, err := s.Copy(e.tech.UserID, routerX.ID, "password")
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := e.board.state(); got != routerX.Password {
			t.Errorf("clipboard does not hold the router's password")
		}
		want := CopyView{Field: "password", Label: "Password", ItemName: routerX.Name, OrgName: "Business X", AccountEmail: demodata.TechEmail}
		clears := cv.ClearsAt
		cv.ClearsAt = 0
		if cv != want {
			t.Errorf("Copy = %+v, want %+v", cv, want)
		}
		if lo, hi := start.Add(29*time.Second).UnixMilli(), time.Now().Add(31*time.Second).UnixMilli(); clears < lo || clears > hi {
			t.Errorf("ClearsAt in %v, want about 30 s", time.Duration(clears-time.Now().UnixMilli())*time.Millisecond)
		}
		var personal demodata.Item
		for _, it := range e.m.Items {
			if it.Owner == demodata.TechEmail && it.Type == api.CipherLogin && it.Username != "" && !it.Deleted {
				personal = it
				break
			}
		}
		cv, err = s.Copy(e.tech.UserID, personal.ID, "username")
		if err != nil || cv.OrgName != "My vault" {
			t.Errorf("Copy(personal username) = %+v, %v; want org My vault", cv, err)
		}
		if got, _ := e.board.state(); got != personal.Username {
			t.Errorf("clipboard holds %q, want %q", got, personal.Username)
		}
		if _, err := s.Copy(e.tech.UserID, routerX.ID, "uri:0"); err != nil {
			t.Fatal(err)
		}
		if got, _ := e.board.state(); got != routerX.URIs[0].URI {
			t.Errorf("clipboard holds %q, want the first URI %q", got, routerX.URIs[0].URI)
		}
	})

	t.Run("TOTP code", func(t *testing.T) {
		p, err := totp.Parse(m365X.TOTP)
		if err != nil {
			t.Fatal(err)
		}
		before, _, _ := p.Code(time.Now())
		got, err := s.TOTP(e.tech.UserID, m365X.ID)
		after, _, _ := p.Code(time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if got.Code != before && got.Code != after {
			t.Errorf("TOTP code does not match the manifest's secret")
		}
		if got.Period != 30 || got.Remaining < 1 || got.Remaining > 30 || got.RemainingMs > 30000 {
			t.Errorf("TOTP = period %d, remaining %d s (%d ms)", got.Period, got.Remaining, got.RemainingMs)
		}
		cv, err := s.Copy(e.tech.UserID, m365X.ID, "totp")
		if err != nil || cv.Label != "TOTP code" {
			t.Fatalf("Copy(totp) = %+v, %v", cv, err)
		}
		if clip, _ := e.board.state(); len(clip) != 6 || strings.Trim(clip, "0123456789") != "" {
			t.Errorf("clipboard holds %d characters, want a 6-digit code", len(clip))
		}
		if _, err := s.TOTP(e.tech.UserID, routerX.ID); uiCode(err) != CodeNotFound {
			t.Errorf("TOTP of an item without one: %v, want code not-found", err)
		}
	})

	t.Run("damaged item", func(t *testing.T) {
		v, err := s.Item(e.tech.UserID, e.damaged.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !v.Damaged || v.Name != e.damaged.Name || v.Login != nil {
			t.Errorf("Item(damaged) = damaged %v, name %q, login %+v", v.Damaged, v.Name, v.Login)
		}
		if _, err := s.Copy(e.tech.UserID, e.damaged.ID, "password"); uiCode(err) != CodeDamaged {
			t.Errorf("Copy(damaged) error %v, want code damaged", err)
		}
		// It stays listed, and does not keep the rest of the vault out.
		page, err := s.Search(SearchQuery{Text: "FortiGate firewall", AccountID: e.tech.UserID})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(page.Rows, func(r SearchRow) bool { return r.ID == e.damaged.ID }) || page.Total != 3 {
			t.Errorf("Search(FortiGate firewall) lists %v, want the three orgs' firewalls", rowNames(page.Rows))
		}
	})

	t.Run("launch URI", func(t *testing.T) {
		if err := s.LaunchURI(e.tech.UserID, routerX.ID, 0); err != nil {
			t.Fatal(err)
		}
		if err := s.LaunchURI(e.tech.UserID, routerX.ID, 1); uiCode(err) != CodeInvalid {
			t.Errorf("LaunchURI(winbox://) error %v, want code invalid", err)
		}
		if err := s.LaunchURI(e.tech.UserID, routerX.ID, 7); uiCode(err) != CodeNotFound {
			t.Errorf("LaunchURI(index 7) error %v, want code not-found", err)
		}
		e.openedMu.Lock()
		defer e.openedMu.Unlock()
		if !slices.Equal(e.opened, []string{routerX.URIs[0].URI}) {
			t.Errorf("opened %v, want only %s", e.opened, routerX.URIs[0].URI)
		}
	})

	t.Run("pin orgs", func(t *testing.T) {
		sb, err := s.Sidebar()
		if err != nil {
			t.Fatal(err)
		}
		var tech SidebarAccount
		for _, a := range sb.Accounts {
			if a.ID == e.tech.UserID {
				tech = a
			}
		}
		y := tech.Orgs[1]
		st, err := s.PinOrg(tech.ID, y.ID, true)
		if err != nil || len(st.PinnedOrgs) != 1 || st.PinnedOrgs[0] != (OrgPin{tech.ID, y.ID}) {
			t.Fatalf("PinOrg(Y) = %+v, %v", st.PinnedOrgs, err)
		}
		if st, _ = s.PinOrg(tech.ID, y.ID, true); len(st.PinnedOrgs) != 1 {
			t.Errorf("pinning twice gives %d pins", len(st.PinnedOrgs))
		}
		sb, _ = s.Sidebar()
		for _, a := range sb.Accounts {
			for _, o := range a.Orgs {
				if o.Pinned != (o.ID == y.ID && a.ID == tech.ID) {
					t.Errorf("%s / %s pinned = %v", a.Email, o.Name, o.Pinned)
				}
			}
		}
		if len(sb.Pinned) != 1 {
			t.Errorf("sidebar lists %d pins", len(sb.Pinned))
		}
		for i := range MaxPinnedOrgs - 1 {
			if _, err := s.PinOrg(tech.ID, "org-"+strconv.Itoa(i), true); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.PinOrg(tech.ID, "one-too-many", true); uiCode(err) != CodeInvalid {
			t.Errorf("pinning a tenth org: %v, want code invalid", err)
		}
		if st, err = s.PinOrg(tech.ID, y.ID, false); err != nil || len(st.PinnedOrgs) != MaxPinnedOrgs-1 || slices.Contains(st.PinnedOrgs, OrgPin{tech.ID, y.ID}) {
			t.Errorf("unpin: %+v, %v", st.PinnedOrgs, err)
		}
	})

	t.Run("locked account leaves the lists", func(t *testing.T) {
		if err := e.c.mgr.Lock(t.Context(), memberEmail); err != nil {
			t.Fatal(err)
		}
		page, err := s.Search(SearchQuery{Text: "router"})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range page.Rows {
			if r.AccountID == e.member.UserID {
				t.Fatalf("locked account's item %q still listed", r.Name)
			}
		}
		if _, err := s.Item(e.member.UserID, m365X.ID); uiCode(err) != CodeLocked {
			t.Errorf("Item on a locked account: %v, want code locked", err)
		}
		sb, err := s.Sidebar()
		if err != nil || len(sb.Accounts) != 1 {
			t.Errorf("sidebar after lock: %d accounts, %v", len(sb.Accounts), err)
		}
	})
}

func rowNames(rows []SearchRow) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.OrgName+": "+r.Name)
	}
	return out
}

func TestLaunchable(t *testing.T) {
	for _, tc := range []struct {
		uri  string
		want bool
	}{
		{"https://10.0.0.1", true},
		{"HTTP://example.com/path", true},
		{" https://fw.example:8443 ", true},
		{"winbox://10.0.0.1", false},
		{"javascript:alert(1)", false},
		{"file:///etc/passwd", false},
		{"example.com", false},
		{"https://", false},
		{"", false},
	} {
		if got := launchable(tc.uri); got != tc.want {
			t.Errorf("launchable(%q) = %v, want %v", tc.uri, got, tc.want)
		}
	}
}
