package demodata

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
	"github.com/vaultdesk/vaultdesk/internal/sandbox"
)

// Options configure Seed.
type Options struct {
	// Scale, when set, seeds a large synthetic MSP instead of the demo set.
	Scale *Scale
	// Logger gets progress at Info and one line per request at Debug.
	// Nil discards.
	Logger *slog.Logger
	// RootCAs verifies the server's certificate when baseURL is https.
	RootCAs *x509.CertPool
	// Mailbox reads the mail the server sent to an address; Seed takes
	// invitation tokens and two-step setup codes from it. Pass the
	// sandbox's (*sandbox.Server).Mailbox.
	Mailbox func(ctx context.Context, to string) ([]sandbox.Mail, error)
}

// maxBatchBytes keeps an import request under the sandbox's 8 MiB body
// limit with room to spare.
const maxBatchBytes = 6 << 20

// Seed creates the demo data set (or, with opt.Scale, a synthetic one) on
// the empty server at baseURL, exactly as a client would: it registers the
// accounts, creates the organizations, invites, accepts and confirms the
// members, and imports the items, encrypting everything on this side. It
// returns what it created, in plaintext.
func Seed(ctx context.Context, baseURL string, opt Options) (*Manifest, error) {
	if opt.Mailbox == nil {
		return nil, errors.New("seed demo data: Options.Mailbox is required to accept invitations")
	}
	var p *Manifest
	if opt.Scale != nil {
		if err := opt.Scale.validate(); err != nil {
			return nil, err
		}
		p = scalePlan(*opt.Scale)
	} else {
		p = demoPlan()
	}
	log := opt.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &seeder{baseURL: baseURL, opt: opt, log: log, m: p, users: map[string]*user{}}
	s.m.BaseURL = baseURL
	if err := s.run(ctx); err != nil {
		return nil, fmt.Errorf("seed demo data: %w", err)
	}
	return s.m, nil
}

type seeder struct {
	baseURL string
	opt     Options
	log     *slog.Logger
	m       *Manifest

	users map[string]*user // by email; written before the org phase only

	mu sync.Mutex // guards byName, m.Folders
	// byName finds an item by its encrypted name, which is unique (random
	// IV) and comes back verbatim in a sync: imports return no ids.
	byName map[string]*Item
}

// user is a registered account with its keys.
type user struct {
	acct    *Account
	c       *api.Client
	hash    string
	userKey *crypto.SymmetricKey
	priv    *crypto.PrivateKey
}

func (s *seeder) run(ctx context.Context) error {
	start := time.Now()
	m := s.m
	s.byName = make(map[string]*Item, len(m.Items))

	// RSA key generation is the slowest step; each account and each
	// organization makes its own key in its own goroutine, so that it
	// overlaps with the others' requests.
	t := time.Now()
	users := make([]*user, len(m.Accounts))
	err := forEach(ctx, len(m.Accounts), runtime.NumCPU(), func(ctx context.Context, i int) error {
		u, err := s.register(ctx, &m.Accounts[i])
		users[i] = u
		return err
	})
	if err != nil {
		return err
	}
	for _, u := range users {
		s.users[u.acct.Email] = u
	}
	s.log.Info("demodata: registered accounts", "n", len(users), "dur", time.Since(t).Round(time.Millisecond))

	// Organizations and personal vaults are independent of each other.
	t = time.Now()
	byOrg := map[string][]*Item{}
	byOwner := map[string][]*Item{}
	for i := range m.Items {
		it := &m.Items[i]
		if it.Owner != "" {
			byOwner[it.Owner] = append(byOwner[it.Owner], it)
		} else {
			byOrg[it.OrgName] = append(byOrg[it.OrgName], it)
		}
	}
	owners := slices.Sorted(maps.Keys(byOwner))
	err = forEach(ctx, len(m.Orgs)+len(owners), 2*runtime.NumCPU(), func(ctx context.Context, i int) error {
		if i < len(owners) {
			return s.seedPersonal(ctx, s.users[owners[i]], byOwner[owners[i]])
		}
		o := &m.Orgs[i-len(owners)]
		return s.seedOrg(ctx, o, byOrg[o.Name])
	})
	if err != nil {
		return err
	}
	s.log.Info("demodata: seeded organizations and vaults", "orgs", len(m.Orgs), "items", len(m.Items), "dur", time.Since(t).Round(time.Millisecond))

	if err := s.learnIDs(ctx, owners); err != nil {
		return err
	}
	if err := s.trash(ctx); err != nil {
		return err
	}
	if err := s.twoFactor(ctx); err != nil {
		return err
	}
	tech := s.users[TechEmail]
	key, err := tech.c.GetAPIKey(ctx, tech.hash)
	if err != nil {
		return fmt.Errorf("get API key of %s: %w", TechEmail, err)
	}
	tech.acct.APIKey = key
	s.log.Info("demodata: done", "accounts", len(m.Accounts), "orgs", len(m.Orgs), "items", len(m.Items),
		"dur", time.Since(start).Round(time.Millisecond))
	return nil
}

func (s *seeder) client() (*api.Client, error) {
	return api.New(s.baseURL, api.Options{
		RootCAs:    s.opt.RootCAs,
		Logger:     s.log,
		DeviceName: "vaultdesk-demodata",
	})
}

// register creates an account as a client does (§2.2) and logs it in.
func (s *seeder) register(ctx context.Context, a *Account) (*user, error) {
	c, err := s.client()
	if err != nil {
		return nil, err
	}
	priv, err := crypto.GenerateKeyPair()
	if err != nil {
		return nil, err
	}
	pw := []byte(a.Password)
	mk, err := crypto.DeriveMasterKey(pw, a.Email, a.KDF)
	if err != nil {
		return nil, fmt.Errorf("register %s: %w", a.Email, err)
	}
	defer mk.Clear()
	u := &user{acct: a, c: c, hash: mk.ServerHash(pw), userKey: crypto.GenerateSymmetricKey(), priv: priv}
	wrapped, err := mk.EncryptUserKey(u.userKey)
	if err != nil {
		return nil, fmt.Errorf("register %s: %w", a.Email, err)
	}
	encPriv, err := u.userKey.EncryptPrivateKey(priv)
	if err != nil {
		return nil, fmt.Errorf("register %s: %w", a.Email, err)
	}
	tok, err := c.SendVerificationEmail(ctx, a.Email, a.Name)
	if err != nil {
		return nil, fmt.Errorf("register %s: %w", a.Email, err)
	}
	if tok == "" {
		// The server mailed the token instead.
		m, err := s.waitMail(ctx, a.Email, func(m *sandbox.Mail) bool { return m.Kind == "verify-email" })
		if err != nil {
			return nil, fmt.Errorf("register %s: %w", a.Email, err)
		}
		tok = api.Secret(m.Token)
	}
	salt := strings.ToLower(strings.TrimSpace(a.Email))
	kdf := api.KdfSettingsOf(a.KDF)
	err = c.Register(ctx, &api.RegisterRequest{
		Email:                        a.Email,
		Name:                         a.Name,
		MasterPasswordAuthentication: api.MasterPasswordAuthentication{Kdf: kdf, Hash: u.hash, Salt: salt},
		MasterPasswordUnlock:         api.MasterPasswordUnlock{Kdf: kdf, MasterKeyWrappedUserKey: wrapped, Salt: salt},
		UserAsymmetricKeys:           api.NewKeysRequest(priv.Public(), encPriv),
		EmailVerificationToken:       tok,
	})
	if err != nil {
		return nil, fmt.Errorf("register %s: %w", a.Email, err)
	}
	if _, err := c.LoginPassword(ctx, a.Email, u.hash, nil); err != nil {
		return nil, fmt.Errorf("log in %s: %w", a.Email, err)
	}
	a.UserID = c.UserID()
	return u, nil
}

// seedOrg creates one organization with its collections, members, groups
// and items.
func (s *seeder) seedOrg(ctx context.Context, o *Org, items []*Item) error {
	tech := s.users[TechEmail]
	orgPriv, err := crypto.GenerateKeyPair()
	if err != nil {
		return err
	}
	orgKey := crypto.GenerateSymmetricKey()
	wrapped, err := tech.priv.Public().WrapKey(orgKey)
	if err != nil {
		return err
	}
	encPriv, err := orgKey.EncryptPrivateKey(orgPriv)
	if err != nil {
		return err
	}
	collEnc := map[string]crypto.EncString{} // collection name → its EncString
	for _, c := range o.Collections {
		if collEnc[c.Name], err = orgKey.EncryptString(c.Name); err != nil {
			return err
		}
	}
	def := collEnc[defaultCollection]
	seats := 100
	keys := api.NewKeysRequest(orgPriv.Public(), encPriv)
	created, err := tech.c.CreateOrganization(ctx, &api.OrganizationCreateRequest{
		Name: o.Name, BillingEmail: o.BillingEmail, PlanType: api.PlanEnterpriseAnnually, Seats: &seats,
		Key: wrapped, Keys: &keys, CollectionName: &def,
	})
	if err != nil {
		return fmt.Errorf("create organization %s: %w", o.Name, err)
	}
	o.ID = created.ID
	fail := func(op string, err error) error { return fmt.Errorf("%s in %s: %w", op, o.Name, err) }

	// The default collection was made with the organization.
	cols, err := tech.c.ListCollections(ctx, o.ID)
	if err != nil {
		return fail("list collections", err)
	}
	for _, c := range cols {
		if c.Name.String() == def.String() {
			o.Collection(defaultCollection).ID = c.ID
		}
	}
	if o.Collection(defaultCollection).ID == "" {
		return fail("find the default collection", errors.New("not in the collection list"))
	}

	// Invite everyone but the creator, then learn the membership ids.
	for _, mem := range o.Members {
		if mem.Email == TechEmail {
			continue
		}
		err := tech.c.InviteMembers(ctx, o.ID, &api.InviteRequest{Emails: []string{mem.Email}, Type: mem.Role, Permissions: mem.Permissions})
		if err != nil {
			return fail("invite "+mem.Email, err)
		}
	}
	listed, err := tech.c.ListMembers(ctx, o.ID)
	if err != nil {
		return fail("list members", err)
	}
	for i := range o.Members {
		mem := &o.Members[i]
		for _, l := range listed {
			if strings.EqualFold(l.Email, mem.Email) {
				mem.ID = l.ID
			}
		}
		if mem.ID == "" {
			return fail("find member "+mem.Email, errors.New("not in the member list"))
		}
		if u := s.users[mem.Email]; u != nil {
			mem.UserID = u.acct.UserID
		}
	}

	// Invitees with an account accept with the mailed token; the owner
	// confirms them with the org key wrapped to their public key, after
	// checking it is the key they registered (what the fingerprint phrase
	// is for). Revoked members were confirmed first, as in real life.
	var confirm []string
	for _, mem := range o.Members {
		if mem.Email == TechEmail || mem.Status == api.OrgInvited || !mem.CanLogIn {
			continue
		}
		tok, err := s.inviteToken(ctx, mem.Email, mem.ID)
		if err != nil {
			return fail("read the invitation of "+mem.Email, err)
		}
		if err := s.users[mem.Email].c.AcceptInvite(ctx, o.ID, mem.ID, tok); err != nil {
			return fail("accept the invitation of "+mem.Email, err)
		}
		if mem.Status != api.OrgAccepted {
			confirm = append(confirm, mem.ID)
		}
	}
	if len(confirm) > 0 {
		pks, err := tech.c.MemberPublicKeys(ctx, o.ID, confirm)
		if err != nil {
			return fail("get public keys", err)
		}
		if len(pks) != len(confirm) {
			return fail("get public keys", fmt.Errorf("got %d keys for %d members", len(pks), len(confirm)))
		}
		for _, pk := range pks {
			mem := memberByID(o, pk.ID)
			if mem == nil || mem.UserID != pk.UserID {
				return fail("get public keys", fmt.Errorf("key for unknown member %s", pk.ID))
			}
			pub, err := pk.PublicKey()
			if err != nil {
				return fail("public key of "+mem.Email, err)
			}
			if !pub.Equal(s.users[mem.Email].priv.Public()) {
				return fail("public key of "+mem.Email, errors.New("the server sent a key the member did not register"))
			}
			k, err := pub.WrapKey(orgKey)
			if err != nil {
				return err
			}
			if err := tech.c.ConfirmMember(ctx, o.ID, mem.ID, k); err != nil {
				return fail("confirm "+mem.Email, err)
			}
			if mem.Status == api.OrgRevoked {
				if err := tech.c.RevokeMember(ctx, o.ID, mem.ID); err != nil {
					return fail("revoke "+mem.Email, err)
				}
			}
		}
	}

	// Collections with their members' access, then groups.
	for i := range o.Collections {
		col := &o.Collections[i]
		req := &api.CollectionRequest{Name: collEnc[col.Name]}
		for j := range o.Members {
			for k := range o.Members[j].Collections {
				a := &o.Members[j].Collections[k]
				if a.Collection == col.Name {
					req.Users = append(req.Users, api.AccessSelection{ID: o.Members[j].ID, ReadOnly: a.ReadOnly, HidePasswords: a.HidePasswords, Manage: a.Manage})
				}
			}
		}
		if col.Default {
			if len(req.Users) > 0 {
				if _, err := tech.c.UpdateCollection(ctx, o.ID, col.ID, req); err != nil {
					return fail("set access to "+col.Name, err)
				}
			}
			continue
		}
		c, err := tech.c.CreateCollection(ctx, o.ID, req)
		if err != nil {
			return fail("create collection "+col.Name, err)
		}
		col.ID = c.ID
	}
	fillAccess := func(as []Access) error {
		for k := range as {
			c := o.Collection(as[k].Collection)
			if c == nil {
				return fmt.Errorf("no collection %q", as[k].Collection)
			}
			as[k].CollectionID = c.ID
		}
		return nil
	}
	for j := range o.Members {
		if err := fillAccess(o.Members[j].Collections); err != nil {
			return fail("access of "+o.Members[j].Email, err)
		}
	}
	for i := range o.Groups {
		gr := &o.Groups[i]
		if err := fillAccess(gr.Collections); err != nil {
			return fail("group "+gr.Name, err)
		}
		req := &api.GroupRequest{Name: gr.Name}
		for _, a := range gr.Collections {
			req.Collections = append(req.Collections, api.AccessSelection{ID: a.CollectionID, ReadOnly: a.ReadOnly, HidePasswords: a.HidePasswords, Manage: a.Manage})
		}
		for _, e := range gr.Members {
			mem := o.Member(e)
			if mem == nil {
				return fail("group "+gr.Name, fmt.Errorf("%s is not a member", e))
			}
			req.Users = append(req.Users, mem.ID)
		}
		g, err := tech.c.CreateGroup(ctx, o.ID, req)
		if err != nil {
			return fail("create group "+gr.Name, err)
		}
		gr.ID = g.ID
	}

	// Items, in batches.
	colIndex := map[string]int{}
	var importColls []api.ImportCollection
	for i, c := range o.Collections {
		colIndex[c.Name] = i
		importColls = append(importColls, api.ImportCollection{ID: c.ID, Name: collEnc[c.Name]})
	}
	for _, it := range items {
		it.OrgID = o.ID
		for _, n := range it.Collections {
			it.CollectionIDs = append(it.CollectionIDs, o.Collection(n).ID)
		}
	}
	reqs, err := s.encryptItems(ctx, items, orgKey, o.ID)
	if err != nil {
		return fail("encrypt items", err)
	}
	for _, b := range batches(reqs) {
		r := &api.OrgImportRequest{Collections: importColls}
		for i, idx := range b {
			r.Ciphers = append(r.Ciphers, reqs[idx])
			for _, n := range items[idx].Collections {
				r.CollectionRelationships = append(r.CollectionRelationships, api.Relation{Key: i, Value: colIndex[n]})
			}
		}
		if err := tech.c.ImportOrgCiphers(ctx, o.ID, r); err != nil {
			return fail(fmt.Sprintf("import %d items", len(b)), err)
		}
	}
	s.log.Info("demodata: seeded organization", "org", o.Name, "members", len(o.Members), "items", len(items))
	return nil
}

func memberByID(o *Org, id string) *Member {
	for i := range o.Members {
		if strings.EqualFold(o.Members[i].ID, id) {
			return &o.Members[i]
		}
	}
	return nil
}

// seedPersonal imports an account's personal vault and folders.
func (s *seeder) seedPersonal(ctx context.Context, u *user, items []*Item) error {
	reqs, err := s.encryptItems(ctx, items, u.userKey, "")
	if err != nil {
		return fmt.Errorf("encrypt the vault of %s: %w", u.acct.Email, err)
	}
	r := &api.ImportRequest{Ciphers: reqs}
	folderIndex := map[string]int{}
	for i, it := range items {
		if it.Folder == "" {
			continue
		}
		fi, ok := folderIndex[it.Folder]
		if !ok {
			name, err := u.userKey.EncryptString(it.Folder)
			if err != nil {
				return err
			}
			fi = len(r.Folders)
			folderIndex[it.Folder] = fi
			r.Folders = append(r.Folders, api.FolderRequest{Name: name})
			s.addFolder(Folder{Owner: u.acct.Email, Name: it.Folder})
		}
		r.FolderRelationships = append(r.FolderRelationships, api.Relation{Key: i, Value: fi})
	}
	// A personal vault is small enough for one request, which keeps the
	// folder relationships simple.
	if err := u.c.ImportCiphers(ctx, r); err != nil {
		return fmt.Errorf("import the vault of %s: %w", u.acct.Email, err)
	}
	s.log.Info("demodata: seeded personal vault", "account", u.acct.Email, "items", len(items))
	return nil
}

func (s *seeder) addFolder(f Folder) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m.Folders = append(s.m.Folders, f)
}

// batches splits requests into import batches below maxBatchBytes,
// returning indexes.
func batches(reqs []api.CipherRequest) [][]int {
	var out [][]int
	var cur []int
	size := 0
	for i := range reqs {
		b, _ := json.Marshal(&reqs[i])
		if len(cur) > 0 && size+len(b) > maxBatchBytes {
			out = append(out, cur)
			cur, size = nil, 0
		}
		cur = append(cur, i)
		size += len(b) + 64 // plus its relationships
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// learnIDs syncs each account that owns items and matches the ciphers to
// the manifest by their encrypted names.
func (s *seeder) learnIDs(ctx context.Context, owners []string) error {
	syncers := []string{TechEmail}
	for _, o := range owners {
		if o != TechEmail {
			syncers = append(syncers, o)
		}
	}
	found := 0
	for _, email := range syncers {
		u := s.users[email]
		sr, err := u.c.Sync(ctx)
		if err != nil {
			return fmt.Errorf("sync %s: %w", email, err)
		}
		if len(sr.BrokenCiphers) > 0 {
			return fmt.Errorf("sync %s: %d items did not parse, the first: %w", email, len(sr.BrokenCiphers), sr.BrokenCiphers[0].Err)
		}
		for _, c := range sr.Ciphers {
			it := s.byName[c.Name.String()]
			if it == nil || it.ID != "" {
				continue
			}
			it.ID = c.ID
			found++
		}
		for _, f := range sr.Folders {
			name, err := u.userKey.DecryptString(f.Name)
			if err != nil {
				return fmt.Errorf("sync %s: folder %s: %w", email, f.ID, err)
			}
			for i := range s.m.Folders {
				if fo := &s.m.Folders[i]; fo.Owner == email && fo.Name == name {
					fo.ID = f.ID
				}
			}
		}
	}
	if found != len(s.m.Items) {
		return fmt.Errorf("the server returned %d of the %d seeded items", found, len(s.m.Items))
	}
	for i := range s.m.Items {
		it := &s.m.Items[i]
		if it.Folder == "" {
			continue
		}
		for _, f := range s.m.Folders {
			if f.Owner == it.Owner && f.Name == it.Folder {
				it.FolderID = f.ID
			}
		}
	}
	return nil
}

// trash moves the items marked deleted to the trash.
func (s *seeder) trash(ctx context.Context) error {
	byOwner := map[string][]string{}
	for _, it := range s.m.Items {
		if it.Deleted {
			owner := it.Owner
			if owner == "" {
				owner = TechEmail
			}
			byOwner[owner] = append(byOwner[owner], it.ID)
		}
	}
	for owner, ids := range byOwner {
		if err := s.users[owner].c.DeleteCiphers(ctx, ids); err != nil {
			return fmt.Errorf("trash %d items of %s: %w", len(ids), owner, err)
		}
	}
	return nil
}

// twoFactor turns on two-step login and new-device verification for the
// accounts that ask for them.
func (s *seeder) twoFactor(ctx context.Context) error {
	for i := range s.m.Accounts {
		a := &s.m.Accounts[i]
		u := s.users[a.Email]
		if a.VerifyDevices {
			if err := u.c.SetVerifyDevices(ctx, u.hash, true); err != nil {
				return fmt.Errorf("new-device verification for %s: %w", a.Email, err)
			}
		}
		if a.TwoFactor == nil {
			continue
		}
		switch *a.TwoFactor {
		case api.TwoFactorAuthenticator:
			secret, err := u.c.SetupAuthenticator(ctx, u.hash, func(key api.Secret) (string, error) {
				return totp.GenerateCode(string(key), time.Now())
			})
			if err != nil {
				return fmt.Errorf("authenticator for %s: %w", a.Email, err)
			}
			a.TOTPSecret = string(secret)
		case api.TwoFactorEmail:
			err := u.c.SetupEmailTwoFactor(ctx, u.hash, a.Email, func(ctx context.Context) (string, error) {
				m, err := s.waitMail(ctx, a.Email, func(m *sandbox.Mail) bool { return m.Kind == "verify-email" })
				if err != nil {
					return "", err
				}
				return m.Token, nil
			})
			if err != nil {
				return fmt.Errorf("email two-step login for %s: %w", a.Email, err)
			}
		}
	}
	return nil
}

// inviteToken finds the token of the invitation to membership memberID in
// email's mailbox.
func (s *seeder) inviteToken(ctx context.Context, email, memberID string) (api.Secret, error) {
	m, err := s.waitMail(ctx, email, func(m *sandbox.Mail) bool {
		if m.Kind != "invite" {
			return false
		}
		_, q, _ := strings.Cut(m.Link, "?")
		v, _ := url.ParseQuery(q)
		return strings.EqualFold(v.Get("organizationUserId"), memberID)
	})
	if err != nil {
		return "", err
	}
	return api.Secret(m.Token), nil
}

// waitMail returns the newest mail to "to" that match accepts. Mail is
// written before the request that sends it returns, so it is normally
// there at once; a few retries cover a server that mails asynchronously.
func (s *seeder) waitMail(ctx context.Context, to string, match func(*sandbox.Mail) bool) (*sandbox.Mail, error) {
	delay := 10 * time.Millisecond
	for range 8 {
		mails, err := s.opt.Mailbox(ctx, to)
		if err != nil {
			return nil, fmt.Errorf("read mailbox: %w", err)
		}
		for i := len(mails) - 1; i >= 0; i-- {
			if match(&mails[i]) {
				return &mails[i], nil
			}
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(delay):
			delay *= 2
		}
	}
	return nil, fmt.Errorf("no matching mail to %s", to)
}

// forEach runs f(0) … f(n-1) on up to workers goroutines and returns the
// first error, cancelling the others' context.
func forEach(ctx context.Context, n, workers int, f func(ctx context.Context, i int) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	next := make(chan int)
	var wg sync.WaitGroup
	var once sync.Once
	var first error
	for range min(max(workers, 1), n) {
		wg.Go(func() {
			for i := range next {
				if err := f(ctx, i); err != nil {
					once.Do(func() { first = err; cancel(err) })
				}
			}
		})
	}
loop:
	for i := range n {
		select {
		case next <- i:
		case <-ctx.Done():
			break loop
		}
	}
	close(next)
	wg.Wait()
	if first != nil {
		return first
	}
	return context.Cause(ctx)
}
