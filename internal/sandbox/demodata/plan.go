package demodata

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
)

// The demo accounts. Every account has the password TechPassword.
const (
	// TechEmail is the MSP technician: owner of every client organization,
	// with a personal vault of about 40 items. PBKDF2, 600,000 iterations.
	TechEmail    = "tech@msp.example"
	TechPassword = "vaultdesk-demo"
	// Tech2Email is a second technician, on Argon2id (3 iterations,
	// 64 MiB, parallelism 4): admin or owner of the client organizations.
	Tech2Email = "tech2@msp.example"
	// HelpdeskEmail is a Custom-role member of every client organization.
	HelpdeskEmail = "helpdesk@msp.example"
	// AuthenticatorEmail has authenticator-app two-step login; the
	// manifest's Account.TOTPSecret makes its codes.
	AuthenticatorEmail = "oncall@msp.example"
	// EmailCodeEmail has email two-step login; its codes land in the
	// sandbox mailbox.
	EmailCodeEmail = "nightshift@msp.example"
	// NewDeviceEmail has new-device verification on (and no two-step
	// login): signing in from a device the sandbox has not seen mails a
	// code to this address.
	NewDeviceEmail = "roaming@msp.example"
)

const defaultCollection = "General"

var (
	kdfPBKDF2 = crypto.KDFParams{Type: crypto.KDFPBKDF2, Iterations: 600_000}
	kdfArgon2 = crypto.KDFParams{Type: crypto.KDFArgon2id, Iterations: 3, MemoryMiB: 64, Parallelism: 4}
)

// Scale asks for a large synthetic MSP instead of the demo set: Orgs client
// organizations sharing Items items.
type Scale struct {
	Orgs, Items int
}

// ParseScale parses "ORGS:ITEMS", e.g. "50:10000".
func ParseScale(s string) (Scale, error) {
	o, i, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok {
		return Scale{}, fmt.Errorf("scale %q: want ORGS:ITEMS, e.g. 50:10000", s)
	}
	orgs, err1 := strconv.Atoi(o)
	items, err2 := strconv.Atoi(i)
	if err := errors.Join(err1, err2); err != nil {
		return Scale{}, fmt.Errorf("scale %q: want ORGS:ITEMS, e.g. 50:10000", s)
	}
	sc := Scale{Orgs: orgs, Items: items}
	return sc, sc.validate()
}

func (s Scale) validate() error {
	switch {
	case s.Orgs < 1 || s.Orgs > 1000:
		return fmt.Errorf("scale: %d organizations, want 1–1000", s.Orgs)
	case s.Items < 0 || s.Items > 500_000:
		return fmt.Errorf("scale: %d items, want 0–500,000", s.Items)
	}
	return nil
}

func account(email, name string, kdf crypto.KDFParams) Account {
	return Account{Email: email, Name: name, Password: TechPassword, KDF: kdf}
}

var (
	readOnly   = Access{ReadOnly: true}
	hidePw     = Access{HidePasswords: true}
	roHidePw   = Access{ReadOnly: true, HidePasswords: true}
	canEdit    = Access{}
	canManage  = Access{Manage: true}
	helpdeskPm = &api.Permissions{ManageUsers: true, EditAnyCollection: true, CreateNewCollections: true, AccessReports: true, AccessEventLogs: true}
)

func access(a Access, coll string) Access { a.Collection = coll; return a }

// demoPlan is the demo set in plaintext, without server ids: the
// technicians, three client organizations with members in every role and
// status, and about 350 items.
func demoPlan() *Manifest {
	g := newGen(2026)
	m := &Manifest{}
	m.Accounts = []Account{
		account(TechEmail, "Sam Rivera", kdfPBKDF2),
		account(Tech2Email, "Jordan Lee", kdfArgon2),
		account(HelpdeskEmail, "Helpdesk Team", kdfPBKDF2),
		account(AuthenticatorEmail, "On-call Technician", kdfPBKDF2),
		account(EmailCodeEmail, "Night-shift Technician", kdfPBKDF2),
		account(NewDeviceEmail, "Field Technician", kdfPBKDF2),
	}
	m.Accounts[3].TwoFactor = ptr(api.TwoFactorAuthenticator)
	m.Accounts[4].TwoFactor = ptr(api.TwoFactorEmail)
	m.Accounts[5].VerifyDevices = true

	clients := []struct {
		client
		items, trash int
		tech2        api.OrgUserType
		extra        string // a 2FA technician who is a plain member here
	}{
		{client{name: "Business X", domain: "businessx.example", tenant: "businessx.onmicrosoft.com", net: 10,
			collections: []string{defaultCollection, "Network", "Network/Firewalls", "Network/Wi-Fi", "Servers", "M365", "Line of business", "Backups"}},
			110, 4, api.OrgAdmin, EmailCodeEmail},
		{client{name: "Business Y", domain: "businessy.example", tenant: "businessy.onmicrosoft.com", net: 20,
			collections: []string{defaultCollection, "Network", "Network/Switches", "Servers", "Servers/Hyper-V", "M365", "Line of business"}},
			100, 3, api.OrgAdmin, AuthenticatorEmail},
		{client{name: "Business Z", domain: "businessz.example", tenant: "businessz.onmicrosoft.com", net: 30,
			collections: []string{defaultCollection, "Network", "Servers", "M365", "Line of business", "CCTV"}},
			90, 3, api.OrgOwner, ""},
	}
	for _, c := range clients {
		it, contractor, former, newstart := "it@"+c.domain, "contractor@"+c.domain, "former.admin@"+c.domain, "new.starter@"+c.domain
		m.Accounts = append(m.Accounts,
			account(it, c.name+" IT", kdfPBKDF2),
			account(contractor, c.name+" contractor", kdfPBKDF2),
			account(former, c.name+" former admin", kdfPBKDF2))
		o := Org{Name: c.name, BillingEmail: "accounts@" + c.domain}
		for _, n := range c.collections {
			o.Collections = append(o.Collections, Collection{Name: n, Default: n == defaultCollection})
		}
		all := func(a Access) []Access {
			var out []Access
			for _, n := range c.collections {
				out = append(out, access(a, n))
			}
			return out
		}
		o.Members = []Member{
			{Email: TechEmail, Role: api.OrgOwner, Status: api.OrgConfirmed},
			{Email: Tech2Email, Role: c.tech2, Status: api.OrgConfirmed},
			{Email: HelpdeskEmail, Role: api.OrgCustom, Permissions: helpdeskPm, Status: api.OrgConfirmed},
			{Email: it, Role: api.OrgUser, Status: api.OrgConfirmed, Collections: []Access{
				access(readOnly, "Network"), access(hidePw, "M365"), access(canEdit, "Servers"), access(canManage, defaultCollection)}},
			{Email: contractor, Role: api.OrgUser, Status: api.OrgAccepted, Collections: []Access{access(readOnly, "Line of business")}},
			{Email: former, Role: api.OrgAdmin, Status: api.OrgRevoked},
			{Email: newstart, Role: api.OrgUser, Status: api.OrgInvited, Collections: []Access{access(readOnly, defaultCollection)}},
		}
		if c.extra != "" {
			o.Members = append(o.Members, Member{Email: c.extra, Role: api.OrgUser, Status: api.OrgConfirmed,
				Collections: []Access{access(canEdit, "Servers"), access(roHidePw, "Network")}})
		}
		o.Groups = []Group{
			{Name: "MSP technicians", Members: []string{Tech2Email, HelpdeskEmail}, Collections: all(canEdit)},
			{Name: "Client IT", Members: []string{it, contractor}, Collections: []Access{
				access(readOnly, "Network"), access(roHidePw, "M365"), access(canEdit, "Line of business")}},
		}
		m.Orgs = append(m.Orgs, o)
		cl := c.client
		m.Items = append(m.Items, g.orgItems(&cl, c.items, c.trash)...)
		m.Items = append(m.Items, legacyItems(&cl)...)
	}
	m.Items = append(m.Items, g.personalItems(TechEmail)...)
	// The other technicians keep a few items of their own, so that every
	// login method has a personal vault to decrypt.
	for _, owner := range []string{Tech2Email, AuthenticatorEmail, EmailCodeEmail, NewDeviceEmail} {
		m.Items = append(m.Items, g.personalItems(owner)[:6]...)
	}
	markCanLogIn(m)
	return m
}

// scalePlan is a large synthetic MSP: the technician (with the demo
// personal vault) owns s.Orgs client organizations, where the second
// technician is a confirmed admin; s.Items items are spread over them and
// their collections.
func scalePlan(s Scale) *Manifest {
	g := newGen(uint64(s.Orgs)<<32 | uint64(s.Items))
	m := &Manifest{Accounts: []Account{
		account(TechEmail, "Sam Rivera", kdfPBKDF2),
		account(Tech2Email, "Jordan Lee", kdfArgon2),
	}}
	colls := []string{defaultCollection, "Network", "Network/Firewalls", "Servers", "M365", "Line of business"}
	seen := map[string]int{}
	for i := range s.Orgs {
		name := g.pick(companyA) + " " + g.pick(companyB)
		seen[name]++
		if n := seen[name]; n > 1 {
			name += " " + strconv.Itoa(n)
		}
		slug := strings.ToLower(strings.NewReplacer(" ", "", ".", "").Replace(name))
		c := client{name: name, domain: slug + ".example", tenant: slug + ".onmicrosoft.com", net: 1 + i%250, collections: colls}
		o := Org{Name: name, BillingEmail: "accounts@" + c.domain}
		for _, n := range colls {
			o.Collections = append(o.Collections, Collection{Name: n, Default: n == defaultCollection})
		}
		o.Members = []Member{
			{Email: TechEmail, Role: api.OrgOwner, Status: api.OrgConfirmed},
			{Email: Tech2Email, Role: api.OrgAdmin, Status: api.OrgConfirmed},
		}
		m.Orgs = append(m.Orgs, o)
		n := s.Items / s.Orgs
		if i < s.Items%s.Orgs {
			n++
		}
		m.Items = append(m.Items, g.orgItems(&c, n, n/50)...)
	}
	m.Items = append(m.Items, g.personalItems(TechEmail)...)
	markCanLogIn(m)
	return m
}

func markCanLogIn(m *Manifest) {
	for i := range m.Orgs {
		for j := range m.Orgs[i].Members {
			mem := &m.Orgs[i].Members[j]
			mem.CanLogIn = m.Account(mem.Email) != nil
		}
	}
}

// legacyItems are what every MSP inherits from a client: weak passwords,
// one of them the same at every client and one reused within the client,
// so that the client overview has something to report. They are fixed
// strings, not drawn from the generator, which keeps the rest of the
// demo set as it was.
func legacyItems(c *client) []Item {
	short := strings.TrimSuffix(c.domain, ".example")
	old := strings.ToUpper(short[:1]) + short[1:] + "!"
	login := func(name, coll, user, password, notes string) Item {
		return Item{Type: api.CipherLogin, OrgName: c.name, Collections: c.coll(coll), Name: name, Username: user,
			Password: password, Notes: notes}
	}
	return []Item{
		login("Reception PC (local admin)", "Line of business", "Administrator", "Welcome1!", "Set up by the previous IT provider."),
		login("Old NAS web UI", "Servers", "admin", old, "Replaced by the backup NAS; still holds the 2019 archive."),
		login("Old NAS file share", "Servers", "archive", old, "Same password as the web UI, from the previous IT provider."),
	}
}
