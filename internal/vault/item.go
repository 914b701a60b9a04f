package vault

import (
	"time"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
)

// AccountRef identifies an unlocked account: its user id, email and server
// base URL.
type AccountRef struct {
	ID     string
	Email  string
	Server string
}

// Org is an organization the account is a confirmed member of. Damaged
// means its key could not be unwrapped, so its items are damaged too.
type Org struct {
	ID   string
	Name string
	Role api.OrgUserType
	// Permissions are the Custom role's (nil for the other roles).
	Permissions *api.Permissions
	// MemberID is the account's own membership id in the organization.
	MemberID string
	// Seats is the seat limit, where the server tells it.
	Seats     *int
	UseGroups bool
	Damaged   bool
}

// Collection is a collection the account can see, with its rights on it.
// Name may be "Parent/Child" (nested collections).
type Collection struct {
	ID            string
	OrgID         string
	Name          string
	ReadOnly      bool
	HidePasswords bool
	Manage        bool
	Damaged       bool
}

// Folder is a personal folder.
type Folder struct {
	ID      string
	Name    string
	Damaged bool
}

// Summary is what the list and search show of an item; it holds no secret.
type Summary struct {
	ID       string
	Name     string
	Username string // logins only
	Host     string // host of a login's first URI, without user info or port
	Type     api.CipherType

	OrgID         string // "" for a personal item
	FolderID      string
	CollectionIDs []string

	Favorite        bool
	Deleted         bool // in the trash
	Damaged         bool // could not be decrypted; see ErrDamaged
	CanEdit         bool // false in read-only collections
	CanViewPassword bool // false with hide-passwords
	HasPassword     bool
	HasTOTP         bool
	Reprompt        bool // master password re-prompt
	RevisionDate    time.Time
}

// Item is a fully decrypted item, returned by [Vault.Item]. Values the
// user may see at a glance are strings; secrets are [Secret]s. When
// CanViewPassword is false, Hidden is true and the secrets the
// hide-passwords right covers are left empty. Call Clear when done; Lock
// also zeroes the secrets of items that are still reachable.
type Item struct {
	Summary
	Account         AccountRef
	OrgName         string
	FolderName      string
	CollectionNames []string

	Notes  Secret
	Hidden bool // secrets withheld because CanViewPassword is false

	Login    *Login
	Card     *Card
	Identity *Identity
	SSHKey   *SSHKey

	Fields          []Field
	PasswordHistory []PasswordEntry
	Attachments     []Attachment

	CreationDate time.Time
	DeletedDate  *time.Time
}

// Login is a login item's data.
type Login struct {
	Username             string
	Password             Secret
	TOTP                 Secret // otpauth:// URI or base32 secret
	URIs                 []URI
	PasswordRevisionDate *time.Time
}

// URI is one URI of a login, with its match detection (nil: the default).
type URI struct {
	URI   string
	Match *api.URIMatch
}

// Card is a payment card.
type Card struct {
	CardholderName string
	Brand          string
	ExpMonth       string
	ExpYear        string
	Number         Secret
	Code           Secret
}

// Identity is an identity item.
type Identity struct {
	Title, FirstName, MiddleName, LastName string
	Address1, Address2, Address3           string
	City, State, PostalCode, Country       string
	Company, Email, Phone, Username        string
	SSN, PassportNumber, LicenseNumber     Secret
}

// SSHKey is an SSH key item.
type SSHKey struct {
	PrivateKey  Secret
	PublicKey   string
	Fingerprint string
}

// Field is a custom field. Value holds text, "true"/"false" or a hidden
// value; a hidden value is withheld when the item is Hidden. A linked
// field has no value, only LinkedID.
type Field struct {
	Name     string
	Type     api.FieldType
	Value    Secret
	LinkedID *api.LinkedID
}

// PasswordEntry is a previous password of a login.
type PasswordEntry struct {
	Password Secret
	LastUsed time.Time
}

// Attachment is a file attached to an item (metadata only).
type Attachment struct {
	ID       string
	FileName string
	Size     string
	SizeName string
}

// secrets calls f on every secret of the item.
func (it *Item) secrets(f func(*Secret)) {
	f(&it.Notes)
	if l := it.Login; l != nil {
		f(&l.Password)
		f(&l.TOTP)
	}
	if c := it.Card; c != nil {
		f(&c.Number)
		f(&c.Code)
	}
	if id := it.Identity; id != nil {
		f(&id.SSN)
		f(&id.PassportNumber)
		f(&id.LicenseNumber)
	}
	if k := it.SSHKey; k != nil {
		f(&k.PrivateKey)
	}
	for i := range it.Fields {
		f(&it.Fields[i].Value)
	}
	for i := range it.PasswordHistory {
		f(&it.PasswordHistory[i].Password)
	}
}

// Clear zeroes and drops every secret of the item.
func (it *Item) Clear() { it.secrets((*Secret).Clear) }

// zero zeroes the secrets in place without touching the slice headers, so
// that Lock can run while the owner of the item still holds it.
func (it *Item) zero() { it.secrets(func(s *Secret) { clear(s.b) }) }
