package demodata

import (
	"time"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
)

// Manifest lists what Seed put on the server, in plaintext beside the
// server's ids, so that tests can compare what a client decrypts with what
// was seeded. It is demo data: none of it is secret.
type Manifest struct {
	BaseURL  string
	Accounts []Account
	Orgs     []Org
	// Folders are the personal folders, of every account.
	Folders []Folder
	// Items are every personal and organization item, trashed ones too.
	Items []Item
}

// Account is a user that can log in with Password.
type Account struct {
	Email    string
	Name     string
	Password string
	KDF      crypto.KDFParams
	UserID   string
	// TwoFactor is the enabled two-step login provider, if any: log in with
	// TOTPSecret's current code (authenticator) or the code the sandbox
	// mails (email).
	TwoFactor  *api.TwoFactorProvider
	TOTPSecret string // base32, for the authenticator
	// VerifyDevices turns on new-device verification: a login from a
	// device the sandbox has not seen needs the code it mails.
	VerifyDevices bool
	// APIKey is the personal API key, fetched for the technician only.
	APIKey *api.APIKey
}

// Org is a client organization.
type Org struct {
	Name         string
	ID           string
	BillingEmail string
	Collections  []Collection
	Groups       []Group
	Members      []Member
}

// Collection is an organization collection; "Parent/Child" names nest.
type Collection struct {
	Name string
	ID   string
	// Default is the collection created with the organization.
	Default bool
}

// Access is a member's or a group's access to one collection.
type Access struct {
	Collection    string // name
	CollectionID  string
	ReadOnly      bool
	HidePasswords bool
	Manage        bool
}

// Group is a group of members with collection access.
type Group struct {
	Name        string
	ID          string
	Members     []string // emails
	Collections []Access
}

// Member is an organization membership.
type Member struct {
	Email       string
	Role        api.OrgUserType
	Permissions *api.Permissions // for api.OrgCustom
	Status      api.OrgUserStatus
	ID          string // membership id
	UserID      string // "" for an invitee without an account
	// CanLogIn says the member has an account (in Manifest.Accounts).
	CanLogIn    bool
	Collections []Access
}

// Folder is a personal folder.
type Folder struct {
	Owner string // account email
	Name  string
	ID    string
}

// Item is a vault item in plaintext.
type Item struct {
	ID    string
	Owner string // account email for a personal item, "" for an org item
	// Org items: the organization and the collections the item is in.
	OrgID         string
	OrgName       string
	Collections   []string // names
	CollectionIDs []string
	// Personal items: folder and favorite.
	Folder   string // name, "" for none
	FolderID string
	Favorite bool

	Type     api.CipherType
	Name     string
	Notes    string
	Reprompt bool

	// Login items.
	Username        string
	Password        string
	TOTP            string // an otpauth:// URI or a base32 secret
	URIs            []URI
	PasswordHistory []PasswordHistory

	Card     *Card
	Identity *Identity
	SSHKey   *SSHKey
	Fields   []Field

	// ItemKey says the item's fields are encrypted under a per-item key
	// (the cipher's "key"), itself under the user or organization key.
	ItemKey bool
	// Deleted says the item is in the trash.
	Deleted bool
}

// URI is a login URI with its match detection (nil = the client default).
type URI struct {
	URI   string
	Match *api.URIMatch
}

// PasswordHistory is a previous password of a login.
type PasswordHistory struct {
	Password string
	LastUsed time.Time
}

// Field is a custom field. Linked fields have no value.
type Field struct {
	Type     api.FieldType
	Name     string
	Value    string
	LinkedID *api.LinkedID
}

// Card is a payment card.
type Card struct {
	CardholderName, Brand, Number, ExpMonth, ExpYear, Code string
}

// Identity is a person's details.
type Identity struct {
	Title, FirstName, MiddleName, LastName                string
	Address1, Address2, Address3, City, State, PostalCode string
	Country, Company, Email, Phone, SSN, Username         string
	PassportNumber, LicenseNumber                         string
}

// SSHKey is an OpenSSH key pair.
type SSHKey struct {
	PrivateKey  string // OpenSSH PEM
	PublicKey   string // authorized_keys line
	Fingerprint string // SHA256:…
}

// Account returns the account with the given email, or nil.
func (m *Manifest) Account(email string) *Account {
	for i := range m.Accounts {
		if m.Accounts[i].Email == email {
			return &m.Accounts[i]
		}
	}
	return nil
}

// Org returns the organization with the given name, or nil.
func (m *Manifest) Org(name string) *Org {
	for i := range m.Orgs {
		if m.Orgs[i].Name == name {
			return &m.Orgs[i]
		}
	}
	return nil
}

// Member returns the membership of email, or nil.
func (o *Org) Member(email string) *Member {
	for i := range o.Members {
		if o.Members[i].Email == email {
			return &o.Members[i]
		}
	}
	return nil
}

// Collection returns the collection with the given name, or nil.
func (o *Org) Collection(name string) *Collection {
	for i := range o.Collections {
		if o.Collections[i].Name == name {
			return &o.Collections[i]
		}
	}
	return nil
}
