package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
)

// CipherType is a vault item's type (§4.1).
type CipherType int

// Cipher types. 6–8 are new and only synced to recent clients.
const (
	CipherLogin          CipherType = 1
	CipherSecureNote     CipherType = 2
	CipherCard           CipherType = 3
	CipherIdentity       CipherType = 4
	CipherSSHKey         CipherType = 5
	CipherBankAccount    CipherType = 6
	CipherDriversLicense CipherType = 7
	CipherPassport       CipherType = 8
)

func (t CipherType) String() string {
	switch t {
	case CipherLogin:
		return "login"
	case CipherSecureNote:
		return "secure-note"
	case CipherCard:
		return "card"
	case CipherIdentity:
		return "identity"
	case CipherSSHKey:
		return "ssh-key"
	case CipherBankAccount:
		return "bank-account"
	case CipherDriversLicense:
		return "drivers-license"
	case CipherPassport:
		return "passport"
	}
	return "unknown"
}

// FieldType is a custom field's type (§4.1).
type FieldType int

// Custom field types.
const (
	FieldText    FieldType = 0
	FieldHidden  FieldType = 1
	FieldBoolean FieldType = 2
	FieldLinked  FieldType = 3
)

// LinkedID names the item field a linked custom field shows (§4.1).
type LinkedID int

// Linked field targets. Card ones run 300–305, identity ones 400–418.
const (
	LinkedLoginUsername  LinkedID = 100
	LinkedLoginPassword  LinkedID = 101
	LinkedCardholderName LinkedID = 300
	LinkedCardNumber     LinkedID = 305
	LinkedIdentityTitle  LinkedID = 400
	LinkedIdentityName   LinkedID = 418 // FullName
)

// URIMatch is a login URI's match detection (§4.1); nil on the wire means
// the client's default.
type URIMatch int

// URI match types.
const (
	MatchDomain     URIMatch = 0
	MatchHost       URIMatch = 1
	MatchStartsWith URIMatch = 2
	MatchExact      URIMatch = 3
	MatchRegex      URIMatch = 4
	MatchNever      URIMatch = 5
)

// RepromptType says whether viewing the item asks for the master password.
type RepromptType int

// Reprompt types.
const (
	RepromptNone     RepromptType = 0
	RepromptPassword RepromptType = 1
)

// Login is a login item's data (§4.2). Every string is an EncString.
type Login struct {
	URI                  *crypto.EncString `json:"uri,omitempty"` // obsolete copy of URIs[0].URI
	URIs                 []LoginURI        `json:"uris,omitempty"`
	Username             *crypto.EncString `json:"username,omitempty"`
	Password             *crypto.EncString `json:"password,omitempty"`
	PasswordRevisionDate *time.Time        `json:"passwordRevisionDate,omitempty"`
	TOTP                 *crypto.EncString `json:"totp,omitempty"`
	AutofillOnPageLoad   *bool             `json:"autofillOnPageLoad,omitempty"`
	Fido2Credentials     []json.RawMessage `json:"fido2Credentials,omitempty"`
}

// LoginURI is one URI of a login. URIChecksum is the EncString of
// base64(SHA-256(uri)); clients drop URIs whose checksum does not verify.
type LoginURI struct {
	URI         *crypto.EncString `json:"uri"`
	URIChecksum *crypto.EncString `json:"uriChecksum,omitempty"`
	Match       *URIMatch         `json:"match"`
}

// SecureNote is a secure note's data: only its type, 0 (generic).
type SecureNote struct {
	Type int `json:"type"`
}

// Card is a payment card's data.
type Card struct {
	CardholderName *crypto.EncString `json:"cardholderName,omitempty"`
	Brand          *crypto.EncString `json:"brand,omitempty"`
	Number         *crypto.EncString `json:"number,omitempty"`
	ExpMonth       *crypto.EncString `json:"expMonth,omitempty"`
	ExpYear        *crypto.EncString `json:"expYear,omitempty"`
	Code           *crypto.EncString `json:"code,omitempty"`
}

// Identity is an identity item's data.
type Identity struct {
	Title          *crypto.EncString `json:"title,omitempty"`
	FirstName      *crypto.EncString `json:"firstName,omitempty"`
	MiddleName     *crypto.EncString `json:"middleName,omitempty"`
	LastName       *crypto.EncString `json:"lastName,omitempty"`
	Address1       *crypto.EncString `json:"address1,omitempty"`
	Address2       *crypto.EncString `json:"address2,omitempty"`
	Address3       *crypto.EncString `json:"address3,omitempty"`
	City           *crypto.EncString `json:"city,omitempty"`
	State          *crypto.EncString `json:"state,omitempty"`
	PostalCode     *crypto.EncString `json:"postalCode,omitempty"`
	Country        *crypto.EncString `json:"country,omitempty"`
	Company        *crypto.EncString `json:"company,omitempty"`
	Email          *crypto.EncString `json:"email,omitempty"`
	Phone          *crypto.EncString `json:"phone,omitempty"`
	SSN            *crypto.EncString `json:"ssn,omitempty"`
	Username       *crypto.EncString `json:"username,omitempty"`
	PassportNumber *crypto.EncString `json:"passportNumber,omitempty"`
	LicenseNumber  *crypto.EncString `json:"licenseNumber,omitempty"`
}

// SSHKey is an SSH key item's data: OpenSSH private key, public key and
// "SHA256:…" fingerprint.
type SSHKey struct {
	PrivateKey     *crypto.EncString `json:"privateKey,omitempty"`
	PublicKey      *crypto.EncString `json:"publicKey,omitempty"`
	KeyFingerprint *crypto.EncString `json:"keyFingerprint,omitempty"`
}

// Field is a custom field. A linked field has no value, only LinkedID.
type Field struct {
	Type     FieldType         `json:"type"`
	Name     *crypto.EncString `json:"name,omitempty"`
	Value    *crypto.EncString `json:"value,omitempty"`
	LinkedID *LinkedID         `json:"linkedId,omitempty"`
}

// PasswordHistory is a previous password of a login.
type PasswordHistory struct {
	Password     crypto.EncString `json:"password"`
	LastUsedDate time.Time        `json:"lastUsedDate"`
}

// Attachment is a file attached to an item.
type Attachment struct {
	ID       string            `json:"id"`
	URL      string            `json:"url"`
	FileName *crypto.EncString `json:"fileName"`
	Key      *crypto.EncString `json:"key"`
	Size     json.Number       `json:"size"` // a string on the wire
	SizeName string            `json:"sizeName"`
}

// CipherPermissions are what the user may do with an item.
type CipherPermissions struct {
	Delete  bool `json:"delete"`
	Restore bool `json:"restore"`
}

// Cipher is a vault item as the server sends it (cipherDetails, §4.2).
// Exactly one of Login, SecureNote, Card, Identity and SSHKey is set,
// matching Type; newer types arrive with none of them.
type Cipher struct {
	ID             string            `json:"id"`
	OrganizationID string            `json:"organizationId"` // "" for personal items
	Type           CipherType        `json:"type"`
	Key            *crypto.EncString `json:"key"` // per-item key, under the user or org key
	Name           crypto.EncString  `json:"name"`
	Notes          *crypto.EncString `json:"notes"`

	Login      *Login      `json:"login"`
	SecureNote *SecureNote `json:"secureNote"`
	Card       *Card       `json:"card"`
	Identity   *Identity   `json:"identity"`
	SSHKey     *SSHKey     `json:"sshKey"`

	Fields          []Field           `json:"fields"`
	PasswordHistory []PasswordHistory `json:"passwordHistory"`
	Attachments     []Attachment      `json:"attachments"`

	FolderID      string   `json:"folderId"` // per user
	Favorite      bool     `json:"favorite"` // per user
	CollectionIDs []string `json:"collectionIds"`

	Edit                bool               `json:"edit"`         // false in read-only collections
	ViewPassword        bool               `json:"viewPassword"` // false with hide-passwords
	Permissions         *CipherPermissions `json:"permissions"`
	OrganizationUseTotp bool               `json:"organizationUseTotp"`
	Reprompt            RepromptType       `json:"reprompt"`

	CreationDate time.Time  `json:"creationDate"`
	RevisionDate time.Time  `json:"revisionDate"`
	DeletedDate  *time.Time `json:"deletedDate"` // non-nil: in the trash
	ArchivedDate *time.Time `json:"archivedDate"`
}

// CipherRequest is the body that creates or updates an item
// (CipherRequestModel, §4.4).
type CipherRequest struct {
	Type           CipherType        `json:"type"`
	OrganizationID string            `json:"organizationId,omitempty"`
	FolderID       string            `json:"folderId,omitempty"`
	Favorite       bool              `json:"favorite"`
	Reprompt       RepromptType      `json:"reprompt"`
	Key            *crypto.EncString `json:"key,omitempty"`
	Name           crypto.EncString  `json:"name"`
	Notes          *crypto.EncString `json:"notes,omitempty"`

	Login      *Login      `json:"login,omitempty"`
	SecureNote *SecureNote `json:"secureNote,omitempty"`
	Card       *Card       `json:"card,omitempty"`
	Identity   *Identity   `json:"identity,omitempty"`
	SSHKey     *SSHKey     `json:"sshKey,omitempty"`

	Fields          []Field           `json:"fields,omitempty"`
	PasswordHistory []PasswordHistory `json:"passwordHistory,omitempty"`

	// LastKnownRevisionDate is the item's revisionDate as last synced; the
	// server refuses an update of a copy that is out of date. Omit on create.
	LastKnownRevisionDate *time.Time `json:"lastKnownRevisionDate,omitempty"`
	// EncryptedFor is the id of the user who encrypted the item.
	EncryptedFor string `json:"encryptedFor,omitempty"`
}

// CreateCipher creates a personal item (POST /api/ciphers).
func (c *Client) CreateCipher(ctx context.Context, r *CipherRequest) (*Cipher, error) {
	return post[Cipher](ctx, c, "/api/ciphers", r)
}

// CreateOrgCipher creates an item in an organization, in the given
// collections (POST /api/ciphers/create). r.OrganizationID must be set.
func (c *Client) CreateOrgCipher(ctx context.Context, r *CipherRequest, collectionIDs []string) (*Cipher, error) {
	in := struct {
		Cipher        *CipherRequest `json:"cipher"`
		CollectionIDs []string       `json:"collectionIds"`
	}{r, nonNil(collectionIDs)}
	return post[Cipher](ctx, c, "/api/ciphers/create", in)
}

// GetCipher returns one item (GET /api/ciphers/{id}).
func (c *Client) GetCipher(ctx context.Context, id string) (*Cipher, error) {
	return get[Cipher](ctx, c, "/api/ciphers/"+esc(id))
}

// DeleteCipher moves an item to the trash (PUT /api/ciphers/{id}/delete).
func (c *Client) DeleteCipher(ctx context.Context, id string) error {
	return c.do(ctx, http.MethodPut, "/api/ciphers/"+esc(id)+"/delete", nil, nil)
}

// DeleteCiphers moves several items to the trash (PUT /api/ciphers/delete).
func (c *Client) DeleteCiphers(ctx context.Context, ids []string) error {
	return c.do(ctx, http.MethodPut, "/api/ciphers/delete", map[string][]string{"ids": nonNil(ids)}, nil)
}

// Relation links the item at index Key to the folder or collection at
// index Value of an import request.
type Relation struct {
	Key   int `json:"key"`
	Value int `json:"value"`
}

// ImportRequest is a personal vault import: items, new folders, and which
// item goes in which folder.
type ImportRequest struct {
	Ciphers             []CipherRequest `json:"ciphers"`
	Folders             []FolderRequest `json:"folders"`
	FolderRelationships []Relation      `json:"folderRelationships"`
}

// ImportCiphers imports items into the personal vault
// (POST /api/ciphers/import). The server returns no ids; sync to learn them.
func (c *Client) ImportCiphers(ctx context.Context, r *ImportRequest) error {
	in := *r
	in.Ciphers, in.Folders, in.FolderRelationships = nonNil(in.Ciphers), nonNil(in.Folders), nonNil(in.FolderRelationships)
	return c.do(ctx, http.MethodPost, "/api/ciphers/import", &in, nil)
}

// ImportCollection is a collection of an organization import: an existing
// one (ID set) or a new one.
type ImportCollection struct {
	ID         string            `json:"id,omitempty"`
	Name       crypto.EncString  `json:"name"`
	ExternalID string            `json:"externalId,omitempty"`
	Groups     []AccessSelection `json:"groups"`
	Users      []AccessSelection `json:"users"`
}

// OrgImportRequest is an organization import: items, collections, and which
// item goes in which collections (one Relation per pair).
type OrgImportRequest struct {
	Ciphers                 []CipherRequest    `json:"ciphers"`
	Collections             []ImportCollection `json:"collections"`
	CollectionRelationships []Relation         `json:"collectionRelationships"`
}

// ImportOrgCiphers imports items into an organization
// (POST /api/ciphers/import-organization?organizationId=).
func (c *Client) ImportOrgCiphers(ctx context.Context, orgID string, r *OrgImportRequest) error {
	in := *r
	in.Ciphers, in.Collections, in.CollectionRelationships = nonNil(in.Ciphers), nonNil(slices.Clone(in.Collections)), nonNil(in.CollectionRelationships)
	for i := range in.Collections {
		in.Collections[i].Groups = nonNil(in.Collections[i].Groups)
		in.Collections[i].Users = nonNil(in.Collections[i].Users)
	}
	return c.do(ctx, http.MethodPost, "/api/ciphers/import-organization?organizationId="+url.QueryEscape(orgID), &in, nil)
}

// Folder is a personal folder; Name is under the user key (§4.6).
type Folder struct {
	ID           string           `json:"id"`
	Name         crypto.EncString `json:"name"`
	RevisionDate time.Time        `json:"revisionDate"`
}

// FolderRequest creates or renames a folder.
type FolderRequest struct {
	Name crypto.EncString `json:"name"`
}

// CreateFolder creates a folder (POST /api/folders).
func (c *Client) CreateFolder(ctx context.Context, name crypto.EncString) (*Folder, error) {
	return post[Folder](ctx, c, "/api/folders", FolderRequest{Name: name})
}

// nonNil turns a nil slice into an empty one: some servers (Vaultwarden)
// insist on [] where Go would send null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
