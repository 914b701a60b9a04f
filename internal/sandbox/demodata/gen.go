package demodata

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"encoding/binary"
	"encoding/pem"
	"fmt"
	"math/rand/v2"
	"net/url"
	"strings"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/wordlist"
)

// gen makes the plaintext data set. Everything comes from one seeded PCG,
// consumed in a fixed order, so every run makes the same names, usernames,
// passwords and notes. It is demo data: predictable on purpose.
type gen struct {
	r *rand.Rand
}

func newGen(seed uint64) *gen { return &gen{r: rand.New(rand.NewPCG(seed, 0x7661756c74646b))} }

func (g *gen) pick(xs []string) string { return xs[g.r.IntN(len(xs))] }
func (g *gen) chance(p float64) bool   { return g.r.Float64() < p }
func (g *gen) between(lo, hi int) int  { return lo + g.r.IntN(hi-lo+1) }

func (g *gen) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + g.r.IntN(10))
	}
	return string(b)
}

// password makes a password like Bitwarden's generator would: letters,
// digits and a few specials, at least one of each, no ambiguous characters.
func (g *gen) password() string {
	const (
		lower   = "abcdefghijkmnopqrstuvwxyz"
		upper   = "ABCDEFGHJKLMNPQRSTUVWXYZ"
		digits  = "23456789"
		special = "!@#$%^&*"
	)
	n := g.between(14, 24)
	sets := []string{lower, upper, digits, special}
	all := lower + upper + digits + special
	b := make([]byte, n)
	for i := range b {
		set := all
		if i < len(sets) {
			set = sets[i]
		}
		b[i] = set[g.r.IntN(len(set))]
	}
	g.r.Shuffle(len(b), func(i, j int) { b[i], b[j] = b[j], b[i] })
	return string(b)
}

// passphrase makes an EFF-word passphrase, as Bitwarden's generator does.
func (g *gen) passphrase() string {
	words := wordlist.EFFLong()
	n := g.between(3, 5)
	parts := make([]string, n)
	for i := range parts {
		parts[i] = words[g.r.IntN(len(words))]
	}
	return strings.Join(parts, "-") + g.digits(1)
}

// secret is a login password: mostly random, sometimes a passphrase.
func (g *gen) secret() string {
	if g.chance(0.2) {
		return g.passphrase()
	}
	return g.password()
}

// totpSecret returns a base32 TOTP secret (20 bytes, no padding).
func (g *gen) totpSecret() string {
	b := make([]byte, 20)
	for i := range b {
		b[i] = byte(g.r.UintN(256))
	}
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)
}

// totp returns a TOTP setting: an otpauth URI or a bare base32 secret.
func (g *gen) totp(issuer, account string) string {
	s := g.totpSecret()
	if g.chance(0.5) {
		return s
	}
	return (&url.URL{
		Scheme:   "otpauth",
		Host:     "totp",
		Path:     "/" + issuer + ":" + account,
		RawQuery: url.Values{"secret": {s}, "issuer": {issuer}}.Encode(),
	}).String()
}

// date returns a day in 2025–2026 at a whole second.
func (g *gen) date() time.Time {
	base := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
	return base.Add(time.Duration(g.r.IntN(600*24*3600)) * time.Second)
}

func (g *gen) history() []PasswordHistory {
	n := g.between(1, 3)
	h := make([]PasswordHistory, n)
	for i := range h {
		h[i] = PasswordHistory{Password: g.password(), LastUsed: g.date()}
	}
	return h
}

// sshKey makes an Ed25519 key pair from generator bytes, encoded as OpenSSH
// does (PROTOCOL.key), with a check value from the generator too, so it is
// deterministic.
func (g *gen) sshKey(comment string) *SSHKey {
	seed := make([]byte, ed25519.SeedSize)
	for i := range seed {
		seed[i] = byte(g.r.UintN(256))
	}
	priv := ed25519.NewKeyFromSeed(seed)
	pub := priv.Public().(ed25519.PublicKey)
	str := func(b []byte) []byte { return binary.BigEndian.AppendUint32(nil, uint32(len(b))) }
	pubBlob := append(str([]byte("ssh-ed25519")), "ssh-ed25519"...)
	pubBlob = append(append(pubBlob, str(pub)...), pub...)

	check := g.r.Uint32()
	var sec []byte
	sec = binary.BigEndian.AppendUint32(sec, check)
	sec = binary.BigEndian.AppendUint32(sec, check)
	sec = append(append(sec, str([]byte("ssh-ed25519"))...), "ssh-ed25519"...)
	sec = append(append(sec, str(pub)...), pub...)
	sec = append(append(sec, str(priv)...), priv...)
	sec = append(append(sec, str([]byte(comment))...), comment...)
	for i := byte(1); len(sec)%8 != 0; i++ {
		sec = append(sec, i)
	}
	var blob []byte
	blob = append(blob, "openssh-key-v1\x00"...)
	for _, s := range []string{"none", "none", ""} {
		blob = append(append(blob, str([]byte(s))...), s...)
	}
	blob = binary.BigEndian.AppendUint32(blob, 1)
	blob = append(append(blob, str(pubBlob)...), pubBlob...)
	blob = append(append(blob, str(sec)...), sec...)

	sum := sha256.Sum256(pubBlob)
	return &SSHKey{
		PrivateKey:  string(pem.EncodeToMemory(&pem.Block{Type: "OPENSSH PRIVATE KEY", Bytes: blob})),
		PublicKey:   "ssh-ed25519 " + base64.StdEncoding.EncodeToString(pubBlob) + " " + comment,
		Fingerprint: "SHA256:" + base64.RawStdEncoding.EncodeToString(sum[:]),
	}
}

var (
	firstNames = []string{"Alex", "Sam", "Jordan", "Taylor", "Morgan", "Casey", "Riley", "Jamie", "Avery", "Quinn",
		"Priya", "Mateo", "Chen", "Fatima", "Oliver", "Amelia", "Noah", "Isla", "Liam", "Zara", "Ethan", "Maya",
		"Lucas", "Chloe", "Arjun", "Sofia", "Kai", "Leah", "Owen", "Nina"}
	lastNames = []string{"Morgan", "Patel", "Nguyen", "Smith", "Garcia", "Kowalski", "O'Brien", "Fischer", "Silva",
		"Okafor", "Jensen", "Rossi", "Tanaka", "Dubois", "Hughes", "Novak", "Ahmed", "Larsen", "Murphy", "Costa"}
	streets = []string{"High Street", "Station Road", "Church Lane", "Mill Road", "Park Avenue", "Victoria Road",
		"King Street", "Queens Road", "Harbour Way", "Market Square"}
	cities = []string{"Bristol", "Leeds", "Norwich", "York", "Cardiff", "Exeter", "Brighton", "Bath", "Derby", "Hull"}
	// companyA and companyB make synthetic client names for --scale.
	companyA = []string{"Northwind", "Bluebell", "Harbour", "Oakfield", "Riverside", "Summit", "Meridian", "Kestrel",
		"Ashford", "Beacon", "Copperleaf", "Driftwood", "Elmstead", "Foxglove", "Granite", "Hollybrook", "Ironbridge",
		"Juniper", "Larchwood", "Millbrook", "Nettlebed", "Orchard", "Pinecrest", "Quayside", "Redwood", "Stonegate"}
	companyB = []string{"Dental", "Accountants", "Logistics", "Architects", "Veterinary", "Solicitors", "Engineering",
		"Pharmacy", "Estate Agents", "Bakery", "Print", "Motors", "Opticians", "Surveyors", "Nursery", "Brewing"}
	lobApps = []string{"Sage 50 Accounts", "Xero", "QuickBooks Online", "Dentally", "Clio", "Procore", "Vetspire",
		"SimplyBook.me", "Salesforce", "HubSpot", "Pipedrive", "BrightPay", "Unit4", "Epicor", "Zoho Books"}
	saas = []struct{ name, host string }{
		{"Zoom", "zoom.us"}, {"Slack", "slack.com"}, {"Dropbox Business", "dropbox.com"}, {"Adobe Admin Console", "adminconsole.adobe.com"},
		{"Mimecast", "login.mimecast.com"}, {"KnowBe4", "training.knowbe4.com"}, {"DocuSign", "account.docusign.com"},
		{"LastPass (legacy)", "lastpass.com"}, {"GoDaddy", "sso.godaddy.com"}, {"Canva", "canva.com"}, {"Monday.com", "monday.com"},
		{"Trello", "trello.com"}, {"Asana", "app.asana.com"}, {"Atlassian", "id.atlassian.com"}, {"Mailchimp", "login.mailchimp.com"},
	}
	printers = []string{"HP LaserJet M404", "Brother MFC-L8900", "Kyocera TASKalfa 2554ci", "Canon imageRUNNER C3226", "Ricoh IM C3000"}
	cameras  = []string{"Hikvision DS-2CD2143", "Axis P3265", "Dahua IPC-HDW2431", "Reolink RLC-810A"}
	aps      = []string{"UniFi U6-Pro", "Aruba AP-515", "Meraki MR46", "Ruckus R650"}
	switches = []string{"UniFi USW-Pro-48", "Aruba 2930F", "Cisco CBS350-24", "Netgear M4250"}
)

func ptr[T any](v T) *T { return &v }

func (g *gen) person() (first, last string) { return g.pick(firstNames), g.pick(lastNames) }

func (g *gen) identity(company, domain string) *Identity {
	first, last := g.person()
	return &Identity{
		Title: g.pick([]string{"Mr", "Ms", "Mx", "Dr"}), FirstName: first, MiddleName: g.pick([]string{"", "J.", "Anne", "Lee"}), LastName: last,
		Address1: fmt.Sprintf("%d %s", g.between(1, 220), g.pick(streets)), Address2: g.pick([]string{"", "Unit 4", "Floor 2"}),
		City: g.pick(cities), State: "", PostalCode: fmt.Sprintf("BS%d %dAB", g.between(1, 40), g.between(1, 9)),
		Country: "GB", Company: company, Email: strings.ToLower(first+"."+strings.ReplaceAll(last, "'", "")) + "@" + domain,
		Phone:          "+44 7700 9" + g.digits(5),
		SSN:            "QQ" + g.digits(6) + "C",
		Username:       strings.ToLower(first[:1] + strings.ReplaceAll(last, "'", "")),
		PassportNumber: g.digits(9), LicenseNumber: strings.ToUpper(last[:min(5, len(last))]) + g.digits(6) + "AB9CD",
	}
}

func (g *gen) card(holder string) *Card {
	brands := []struct{ brand, prefix string }{{"Visa", "4"}, {"Mastercard", "5"}, {"Amex", "37"}}
	b := brands[g.r.IntN(len(brands))]
	n := 16
	if b.brand == "Amex" {
		n = 15
	}
	num := b.prefix + g.digits(n-len(b.prefix)-1)
	num += luhn(num)
	code := g.digits(3)
	if b.brand == "Amex" {
		code = g.digits(4)
	}
	return &Card{CardholderName: holder, Brand: b.brand, Number: num,
		ExpMonth: fmt.Sprint(g.between(1, 12)), ExpYear: fmt.Sprint(g.between(2027, 2031)), Code: code}
}

// luhn returns the check digit that makes s+digit pass the Luhn check.
func luhn(s string) string {
	sum := 0
	for i := len(s) - 1; i >= 0; i-- {
		d := int(s[i] - '0')
		if (len(s)-1-i)%2 == 0 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return fmt.Sprint((10 - sum%10) % 10)
}

// decorate adds the optional parts that make the data set cover every
// feature: custom fields of every type, password history, per-item keys,
// re-prompt.
func (g *gen) decorate(it *Item) {
	if g.chance(0.35) {
		it.ItemKey = true
	}
	if it.Type == api.CipherLogin && g.chance(0.3) {
		it.PasswordHistory = g.history()
	}
	if g.chance(0.25) {
		it.Fields = append(it.Fields, Field{Type: api.FieldText, Name: "Asset tag", Value: "AT-" + g.digits(5)})
	}
	if g.chance(0.15) {
		it.Fields = append(it.Fields, Field{Type: api.FieldHidden, Name: "Recovery key", Value: g.password()})
	}
	if g.chance(0.15) {
		it.Fields = append(it.Fields, Field{Type: api.FieldBoolean, Name: "MFA enforced", Value: fmt.Sprint(g.chance(0.7))})
	}
	if g.chance(0.1) {
		var id api.LinkedID
		var name string
		switch it.Type {
		case api.CipherLogin:
			id, name = api.LinkedLoginUsername, "Sign-in name"
		case api.CipherCard:
			id, name = api.LinkedCardNumber, "Card number (copy)"
		case api.CipherIdentity:
			id, name = api.LinkedIdentityName, "Full name"
		}
		if id != 0 {
			it.Fields = append(it.Fields, Field{Type: api.FieldLinked, Name: name, LinkedID: ptr(id)})
		}
	}
	if g.chance(0.04) {
		it.Reprompt = true
	}
}

// uri makes a login URI with a match type that varies.
func (g *gen) uri(u string) URI {
	ms := []*api.URIMatch{nil, nil, nil, ptr(api.MatchDomain), ptr(api.MatchHost), ptr(api.MatchStartsWith),
		ptr(api.MatchExact), ptr(api.MatchNever)}
	return URI{URI: u, Match: ms[g.r.IntN(len(ms))]}
}
