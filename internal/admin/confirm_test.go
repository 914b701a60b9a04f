package admin_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/vaultdesk/vaultdesk/internal/accounts"
	"github.com/vaultdesk/vaultdesk/internal/admin"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// orgItemIn returns a live login of org in the named collection.
func orgItemIn(t *testing.T, e *env, org, coll string) *demodata.Item {
	t.Helper()
	for i := range e.m.Items {
		it := &e.m.Items[i]
		if it.OrgName == org && !it.Deleted && it.Type == api.CipherLogin && it.Password != "" && slices.Contains(it.Collections, coll) {
			return it
		}
	}
	t.Fatalf("no login in %s / %s", org, coll)
	return nil
}

// checkDecrypts checks that m's account, after a sync, decrypts the item
// as the manifest has it.
func checkDecrypts(t *testing.T, m *accounts.Manager, want *demodata.Item) {
	t.Helper()
	if _, err := m.Sync(t.Context(), "", true); err != nil {
		t.Fatal(err)
	}
	v, err := m.Vault(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	it, err := v.Item(want.ID)
	if err != nil {
		t.Fatalf("%s: item %s: %v", v.Account().Email, want.ID, err)
	}
	defer it.Clear()
	if it.Name != want.Name || it.Login == nil || it.Login.Password.Reveal() != want.Password {
		t.Errorf("%s decrypts %q, want %q with the manifest's password", v.Account().Email, it.Name, want.Name)
	}
}

func TestConfirmFlowExistingAndNewAccount(t *testing.T) {
	e := seeded(t)
	ctx := t.Context()
	tech := e.login(t, demodata.TechEmail)
	x := e.m.Org("Business X")
	network := x.Collection("Network").ID
	const existing, fresh = "contractor@businessy.example", "brand.new@businessx.example"
	if err := adminDo(t, tech, func(s *admin.Session) error {
		return s.Invite(ctx, x.ID, admin.Invitation{Emails: []string{existing, fresh}, Role: api.OrgUser,
			Collections: []api.AccessSelection{{ID: network, ReadOnly: true}}})
	}); err != nil {
		t.Fatal(err)
	}

	// An existing account accepts.
	member := e.login(t, existing)
	if err := adminDo(t, member, func(s *admin.Session) error { return s.Accept(ctx, inviteLink(t, e, existing, x.ID)) }); err != nil {
		t.Fatalf("accept as %s: %v", existing, err)
	}
	// A new account is created from the invitation, then accepts.
	newbie, err := accounts.Open(t.TempDir(), accounts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { newbie.Close() })
	kdf := crypto.KDFParams{Type: crypto.KDFPBKDF2, Iterations: 100_000}
	st, err := admin.CreateAndAccept(ctx, newbie, accounts.RegisterRequest{Name: "Brand New", Server: e.ts.URL, Password: []byte("correct horse battery staple 9"), KDF: &kdf},
		inviteLink(t, e, fresh, x.ID))
	if err != nil || st.Email != fresh || st.Locked {
		t.Fatalf("create and accept: %+v, %v", st, err)
	}

	// Both are accepted; their fingerprints match their own keys.
	l := listMembers(t, tech, x.ID)
	var fps []*admin.Fingerprint
	for _, who := range []string{existing, fresh} {
		m := memberByEmail(l, who)
		if m == nil || m.Status != api.OrgAccepted || m.UserID == "" {
			t.Fatalf("%s after accepting: %+v", who, m)
		}
		var fp *admin.Fingerprint
		if err := adminDo(t, tech, func(s *admin.Session) (err error) {
			fp, err = s.Fingerprint(ctx, x.Name, m.ID)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		pub, err := apiClient(t, tech).UserPublicKey(ctx, m.UserID)
		if err != nil {
			t.Fatal(err)
		}
		if want := strings.Join(crypto.Fingerprint(m.UserID, pub), "-"); fp.Phrase != want || strings.Count(fp.Phrase, "-") != 4 || fp.Email != who || fp.Checked == "" {
			t.Errorf("fingerprint of %s: %+v, want phrase %s", who, fp, want)
		}
		fps = append(fps, fp)
	}
	if fps[0].Checked == fps[1].Checked || fps[0].Phrase == fps[1].Phrase {
		t.Error("two members have the same key token or phrase")
	}
	for _, fp := range fps {
		if err := adminDo(t, tech, func(s *admin.Session) error { return s.Confirm(ctx, x.ID, fp.MemberID, fp.Checked) }); err != nil {
			t.Fatalf("confirm %s: %v", fp.Email, err)
		}
	}
	l = listMembers(t, tech, x.ID)
	for _, who := range []string{existing, fresh} {
		if m := memberByEmail(l, who); m.Status != api.OrgConfirmed {
			t.Errorf("%s: %s, want confirmed", who, m.Status)
		}
	}
	// Confirming twice is refused.
	if err := adminDo(t, tech, func(s *admin.Session) error { return s.Confirm(ctx, x.ID, fps[0].MemberID, fps[0].Checked) }); err == nil {
		t.Error("confirm a confirmed member: no error")
	}

	// Each decrypts an organization item of the collection they were given.
	item := orgItemIn(t, e, "Business X", "Network")
	checkDecrypts(t, member, item)
	checkDecrypts(t, newbie, item)
}

// keySwapper proxies the sandbox but, once armed, answers public key
// requests with another key: a server presenting a different key than
// the one whose phrase was shown.
func keySwapper(t *testing.T, target string) (*httptest.Server, func()) {
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	other, err := crypto.GenerateKeyPair()
	if err != nil {
		t.Fatal(err)
	}
	armed := false
	p := httputil.NewSingleHostReverseProxy(u)
	p.ModifyResponse = func(r *http.Response) error {
		if !armed || !strings.HasSuffix(r.Request.URL.Path, "/users/public-keys") || r.StatusCode != 200 {
			return nil
		}
		b, err := io.ReadAll(r.Body)
		if err != nil {
			return err
		}
		var l struct {
			Data []map[string]any `json:"data"`
		}
		if err := json.Unmarshal(b, &l); err != nil {
			return err
		}
		for _, k := range l.Data {
			k["key"] = base64.StdEncoding.EncodeToString(other.Public().SPKI())
		}
		b, _ = json.Marshal(map[string]any{"data": l.Data, "object": "list"})
		r.Body = io.NopCloser(bytes.NewReader(b))
		r.ContentLength = int64(len(b))
		r.Header.Del("Content-Length")
		return nil
	}
	ts := httptest.NewServer(p)
	t.Cleanup(ts.Close)
	return ts, func() { armed = true }
}

func TestConfirmKeyChangedIsRefused(t *testing.T) {
	e := seeded(t)
	ctx := t.Context()
	tech := e.login(t, demodata.TechEmail)
	z := e.m.Org("Business Z")
	const who = "contractor@businessx.example" // an account that is not in Z yet
	if err := adminDo(t, tech, func(s *admin.Session) error {
		return s.Invite(ctx, z.ID, admin.Invitation{Emails: []string{who}, Role: api.OrgUser})
	}); err != nil {
		t.Fatal(err)
	}
	member := e.login(t, who)
	if err := adminDo(t, member, func(s *admin.Session) error { return s.Accept(ctx, inviteLink(t, e, who, z.ID)) }); err != nil {
		t.Fatal(err)
	}
	var fp, other *admin.Fingerprint
	if err := adminDo(t, tech, func(s *admin.Session) (err error) {
		if fp, err = s.Fingerprint(ctx, z.ID, who); err != nil {
			return err
		}
		other, err = s.Fingerprint(ctx, "Business Y", "contractor@businessy.example")
		if err != nil && strings.Contains(err.Error(), "confirmed") {
			err = nil // confirmed by another test: use a made-up token instead
			other = &admin.Fingerprint{Checked: "sha256:" + strings.Repeat("0", 64)}
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}

	// Through a server that now presents another key, Confirm refetches it
	// and refuses.
	proxy, arm := keySwapper(t, e.ts.URL)
	arm()
	err := tech.Admin(ctx, "", func(v *vault.Vault, real *api.Client) error {
		c, err := api.New(proxy.URL, api.Options{})
		if err != nil {
			return err
		}
		c.SetTokens(real.Tokens())
		s := admin.NewSession(v, c)
		if err := s.Confirm(ctx, z.ID, fp.MemberID, fp.Checked); !errors.Is(err, admin.ErrKeyChanged) {
			t.Errorf("confirm after the key changed: %v, want ErrKeyChanged", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Another member's token does not confirm this one either.
	if err := adminDo(t, tech, func(s *admin.Session) error { return s.Confirm(ctx, z.ID, fp.MemberID, other.Checked) }); !errors.Is(err, admin.ErrKeyChanged) {
		t.Errorf("confirm with another member's token: %v, want ErrKeyChanged", err)
	}
	if m := memberByEmail(listMembers(t, tech, z.ID), who); m.Status != api.OrgAccepted {
		t.Fatalf("after the refusals %s is %s, want still accepted", who, m.Status)
	}
	// The checked key confirms.
	if err := adminDo(t, tech, func(s *admin.Session) error { return s.Confirm(ctx, z.ID, fp.MemberID, fp.Checked) }); err != nil {
		t.Fatalf("confirm with the checked key: %v", err)
	}
	if m := memberByEmail(listMembers(t, tech, z.ID), who); m.Status != api.OrgConfirmed {
		t.Errorf("%s is %s, want confirmed", who, m.Status)
	}
}

func TestConfirmQueueAndBulkConfirm(t *testing.T) {
	e := newSeeded(t)
	ctx := t.Context()
	tech := e.login(t, demodata.TechEmail)
	queue := func(m *accounts.Manager) []admin.QueueEntry {
		t.Helper()
		var q []admin.QueueEntry
		if err := adminDo(t, m, func(s *admin.Session) (err error) { q, err = s.ConfirmQueue(ctx); return err }); err != nil {
			t.Fatal(err)
		}
		return q
	}
	// Exactly the accepted members of the plan, in every org.
	var want []string
	for _, o := range e.m.Orgs {
		for _, m := range o.Members {
			if m.Status == api.OrgAccepted {
				want = append(want, o.Name+"/"+m.Email)
			}
		}
	}
	if len(want) != 3 {
		t.Fatalf("the plan has %d accepted members, want 3", len(want))
	}
	q := queue(tech)
	var got []string
	for _, en := range q {
		got = append(got, en.OrgName+"/"+en.Email)
		if strings.Count(en.Phrase, "-") != 4 || en.Checked == "" || !en.CanConfirm || en.OrgID != e.m.Org(en.OrgName).ID {
			t.Errorf("queue entry %+v", en)
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("queue %v, want %v", got, want)
	}
	// The helpdesk (custom, manage users) sees the same; a user sees none.
	if hq := queue(e.login(t, demodata.HelpdeskEmail)); len(hq) != 3 {
		t.Errorf("helpdesk queue has %d entries, want 3", len(hq))
	}
	if uq := queue(e.login(t, "it@businessx.example")); len(uq) != 0 {
		t.Errorf("a user's queue: %+v", uq)
	}

	// Bulk confirm: X checked, Y explicitly unchecked, Z with X's token (a
	// key nobody checked), and a member that does not exist.
	entries := []admin.ConfirmEntry{
		{OrgID: q[0].OrgID, MemberID: q[0].MemberID, Checked: q[0].Checked},
		{OrgID: q[1].OrgID, MemberID: q[1].MemberID, Unchecked: true},
		{OrgID: q[2].OrgID, MemberID: q[2].MemberID, Checked: q[0].Checked},
		{OrgID: q[2].OrgID, MemberID: "00000000-0000-0000-0000-000000000000", Checked: q[0].Checked},
	}
	var res []admin.ConfirmResult
	err := adminDo(t, tech, func(s *admin.Session) (err error) { res, err = s.BulkConfirm(ctx, entries); return err })
	if err == nil || !strings.Contains(err.Error(), "2 of 4") {
		t.Errorf("bulk confirm error %v, want 2 of 4 not confirmed", err)
	}
	if len(res) != 4 || res[0].Err != nil || res[1].Err != nil || !errors.Is(res[2].Err, admin.ErrKeyChanged) || !errors.Is(res[3].Err, admin.ErrNotFound) {
		t.Fatalf("bulk results %+v", res)
	}
	if res[2].Email != q[2].Email {
		t.Errorf("failure lists %q, want %q", res[2].Email, q[2].Email)
	}
	q = queue(tech)
	if len(q) != 1 || q[0].OrgName != "Business Z" {
		t.Errorf("queue after bulk confirm: %+v, want Business Z's contractor only", q)
	}
	for i, org := range []string{"Business X", "Business Y"} {
		if m := memberByEmail(listMembers(t, tech, org), entriesEmail(e, org)); m.Status != api.OrgConfirmed {
			t.Errorf("entry %d: %s in %s is %s", i, m.Email, org, m.Status)
		}
	}
	// The confirmed contractor decrypts an item of their collection.
	checkDecrypts(t, e.login(t, "contractor@businessx.example"), orgItemIn(t, e, "Business X", "Line of business"))
}

func entriesEmail(e *env, org string) string {
	for _, m := range e.m.Org(org).Members {
		if m.Status == api.OrgAccepted {
			return m.Email
		}
	}
	return ""
}
