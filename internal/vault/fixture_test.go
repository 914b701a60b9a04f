package vault

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
)

// The RSA key pair is made once per test binary: generating one takes long.
var (
	privOnce sync.Once
	privKey  *crypto.PrivateKey
)

func testPrivateKey(tb testing.TB) *crypto.PrivateKey {
	tb.Helper()
	privOnce.Do(func() {
		var err error
		if privKey, err = crypto.GenerateKeyPair(); err != nil {
			panic(err)
		}
	})
	return privKey
}

// plainItem is an item in plaintext, as a test writes it and expects to
// read it back.
type plainItem struct {
	id, org  string // org "" for personal
	typ      api.CipherType
	name     string
	notes    string
	itemKey  bool // encrypt under a per-item key
	folder   string
	colls    []string
	favorite bool
	deleted  bool
	readOnly bool // edit false
	hidePw   bool // viewPassword false

	username, password, totp string
	uris                     []string
	history                  []string
	fields                   []plainField

	card     *plainCard
	identity *plainIdentity
	ssh      *plainSSH
}

type plainField struct {
	typ         api.FieldType
	name, value string
}

type plainCard struct{ holder, brand, number, month, year, code string }
type plainIdentity struct{ first, last, email, ssn, passport string }
type plainSSH struct{ priv, pub, fp string }

// fixture builds an encrypted sync response from plaintext.
type fixture struct {
	tb       testing.TB
	userKey  *crypto.SymmetricKey
	priv     *crypto.PrivateKey
	orgKeys  map[string]*crypto.SymmetricKey
	sync     *api.SyncResponse
	tampered map[string]bool
}

func newFixture(tb testing.TB) *fixture {
	tb.Helper()
	f := &fixture{
		tb:       tb,
		userKey:  crypto.GenerateSymmetricKey(),
		priv:     testPrivateKey(tb),
		orgKeys:  map[string]*crypto.SymmetricKey{},
		sync:     &api.SyncResponse{},
		tampered: map[string]bool{},
	}
	wpk, err := f.userKey.EncryptPrivateKey(f.priv)
	if err != nil {
		tb.Fatal(err)
	}
	f.sync.Profile = api.Profile{ID: "user-1", Email: "tech@msp.example", PrivateKey: &wpk}
	return f
}

func (f *fixture) enc(k *crypto.SymmetricKey, s string) *crypto.EncString {
	if s == "" {
		return nil
	}
	e, err := k.EncryptString(s)
	if err != nil {
		f.tb.Fatal(err)
	}
	return &e
}

// addOrg adds a confirmed organization with a new key.
func (f *fixture) addOrg(id, name string) {
	k := crypto.GenerateSymmetricKey()
	w, err := f.priv.Public().WrapKey(k)
	if err != nil {
		f.tb.Fatal(err)
	}
	f.orgKeys[id] = k
	f.sync.Profile.Organizations = append(f.sync.Profile.Organizations, api.ProfileOrganization{
		ID: id, Name: name, Key: &w, Type: api.OrgAdmin, Status: api.OrgConfirmed, Enabled: true,
	})
}

func (f *fixture) addCollection(id, org, name string, readOnly, hidePw bool) {
	f.sync.Collections = append(f.sync.Collections, api.Collection{
		ID: id, OrganizationID: org, Name: *f.enc(f.orgKeys[org], name), ReadOnly: readOnly, HidePasswords: hidePw,
	})
}

func (f *fixture) addFolder(id, name string) {
	f.sync.Folders = append(f.sync.Folders, api.Folder{ID: id, Name: *f.enc(f.userKey, name)})
}

// cipher encrypts p.
func (f *fixture) cipher(p *plainItem) api.Cipher {
	k := f.userKey
	if p.org != "" {
		k = f.orgKeys[p.org]
	}
	c := api.Cipher{
		ID: p.id, OrganizationID: p.org, Type: p.typ, FolderID: p.folder, CollectionIDs: p.colls,
		Favorite: p.favorite, Edit: !p.readOnly, ViewPassword: !p.hidePw,
		CreationDate: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC), RevisionDate: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
	}
	if p.deleted {
		d := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
		c.DeletedDate = &d
	}
	if p.itemKey {
		ik := crypto.GenerateSymmetricKey()
		w, err := k.WrapKey(ik)
		if err != nil {
			f.tb.Fatal(err)
		}
		c.Key = &w
		k = ik
	}
	c.Name = *f.enc(k, p.name)
	c.Notes = f.enc(k, p.notes)
	switch p.typ {
	case api.CipherLogin:
		l := &api.Login{Username: f.enc(k, p.username), Password: f.enc(k, p.password), TOTP: f.enc(k, p.totp)}
		for _, u := range p.uris {
			l.URIs = append(l.URIs, api.LoginURI{URI: f.enc(k, u)})
		}
		c.Login = l
	case api.CipherSecureNote:
		c.SecureNote = &api.SecureNote{}
	case api.CipherCard:
		cd := p.card
		c.Card = &api.Card{CardholderName: f.enc(k, cd.holder), Brand: f.enc(k, cd.brand), Number: f.enc(k, cd.number),
			ExpMonth: f.enc(k, cd.month), ExpYear: f.enc(k, cd.year), Code: f.enc(k, cd.code)}
	case api.CipherIdentity:
		id := p.identity
		c.Identity = &api.Identity{FirstName: f.enc(k, id.first), LastName: f.enc(k, id.last), Email: f.enc(k, id.email),
			SSN: f.enc(k, id.ssn), PassportNumber: f.enc(k, id.passport)}
	case api.CipherSSHKey:
		c.SSHKey = &api.SSHKey{PrivateKey: f.enc(k, p.ssh.priv), PublicKey: f.enc(k, p.ssh.pub), KeyFingerprint: f.enc(k, p.ssh.fp)}
	}
	for _, fd := range p.fields {
		c.Fields = append(c.Fields, api.Field{Type: fd.typ, Name: f.enc(k, fd.name), Value: f.enc(k, fd.value)})
	}
	for i, h := range p.history {
		c.PasswordHistory = append(c.PasswordHistory, api.PasswordHistory{
			Password: *f.enc(k, h), LastUsedDate: time.Date(2024, 1, i+1, 0, 0, 0, 0, time.UTC),
		})
	}
	return c
}

func (f *fixture) add(ps ...plainItem) {
	for i := range ps {
		f.sync.Ciphers = append(f.sync.Ciphers, f.cipher(&ps[i]))
	}
}

// addTampered adds an item whose name's ciphertext has been altered, so
// that its MAC no longer verifies.
func (f *fixture) addTampered(p plainItem) {
	c := f.cipher(&p)
	b, err := c.Name.MarshalBinary()
	if err != nil {
		f.tb.Fatal(err)
	}
	b[len(b)-1] ^= 1
	if err := c.Name.UnmarshalBinary(b); err != nil {
		f.tb.Fatal(err)
	}
	f.sync.Ciphers = append(f.sync.Ciphers, c)
	f.tampered[p.id] = true
}

func (f *fixture) unlock(tb testing.TB, account AccountRef) *Vault {
	tb.Helper()
	v, err := Unlock(tb.Context(), account, f.userKey, f.sync)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

// bigFixture builds a vault of n logins spread over orgs organizations
// (about 1 in 10 personal), a third with per-item keys, encrypting on
// every core. Names, usernames, hosts and notes are drawn from word lists
// like an MSP's vault.
func bigFixture(tb testing.TB, n, orgs int, seed uint64) *fixture {
	tb.Helper()
	f := newFixture(tb)
	orgIDs := make([]string, orgs)
	for i := range orgIDs {
		orgIDs[i] = fmt.Sprintf("org-%03d", i)
		f.addOrg(orgIDs[i], fmt.Sprintf("%s %s", pick(rand.New(rand.NewPCG(seed, uint64(i))), companies), pick(rand.New(rand.NewPCG(seed, uint64(i+1000))), suffixes)))
		for j := range 8 {
			f.addCollection(fmt.Sprintf("%s-col-%d", orgIDs[i], j), orgIDs[i], collNames[j%len(collNames)], false, false)
		}
	}
	for i := range 10 {
		f.addFolder(fmt.Sprintf("folder-%d", i), fmt.Sprintf("Folder %d", i))
	}
	f.sync.Ciphers = make([]api.Cipher, n)
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				r := rand.New(rand.NewPCG(seed, uint64(i)))
				p := plainItem{
					id: fmt.Sprintf("item-%06d", i), typ: api.CipherLogin,
					name:     fmt.Sprintf("%s %s %s", pick(r, companies), pick(r, things), pick(r, words)),
					username: fmt.Sprintf("%s.%s@%s.example", pick(r, words), pick(r, words), pick(r, companies)),
					password: fmt.Sprintf("pw-%d-%x", i, r.Uint64()),
					uris:     []string{fmt.Sprintf("https://%s.%s.example:8443/login", pick(r, things), pick(r, companies))},
					notes:    fmt.Sprintf("%s %s %s %s %s %s %s %s", pick(r, words), pick(r, words), pick(r, things), pick(r, words), pick(r, words), pick(r, words), pick(r, words), pick(r, words)),
					itemKey:  i%3 == 0,
					favorite: i%50 == 0,
					deleted:  i%100 == 7,
				}
				if i%5 == 0 {
					p.totp = "JBSWY3DPEHPK3PXP"
				}
				if i%10 != 0 {
					o := r.IntN(orgs)
					p.org = orgIDs[o]
					p.colls = []string{fmt.Sprintf("%s-col-%d", p.org, r.IntN(8))}
				} else if i%20 == 0 {
					p.folder = fmt.Sprintf("folder-%d", r.IntN(10))
				}
				f.sync.Ciphers[i] = f.cipher(&p)
			}
		})
	}
	wg.Wait()
	return f
}

func pick(r *rand.Rand, l []string) string { return l[r.IntN(len(l))] }

var (
	companies = []string{"acme", "contoso", "fabrikam", "northwind", "tailspin", "wingtip", "litware", "adventure", "alpine", "blue-yonder",
		"coho", "fourth-coffee", "humongous", "lucerne", "margie", "proseware", "southridge", "trey", "wide-world", "woodgrove",
		"zurich", "münchen", "café-paris", "örebro", "kraków"}
	suffixes = []string{"Ltd", "GmbH", "Inc", "LLC", "SARL", "AB", "Pty", "BV"}
	things   = []string{"router", "firewall", "switch", "dc01", "dc02", "m365-admin", "exchange", "vpn", "wifi", "nas", "backup",
		"esxi", "vcenter", "idrac", "ilo", "printer", "camera", "ups", "pbx", "erp", "crm", "sql", "azure", "aws", "gcp",
		"dns", "registrar", "o365", "sharepoint", "teams"}
	words = []string{"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima",
		"mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango", "uniform", "victor", "whiskey", "xray",
		"yankee", "zulu", "admin", "root", "service", "backup", "legacy", "primary", "secondary", "temp", "svc", "ops"}
	collNames = []string{"Network", "Servers", "M365", "Line of business", "Workstations", "Cloud", "Vendors", "Shared/Printers"}
)
