package vault

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
)

// Editing
//
// An edit is an [EditItem] in plaintext: from [ParseItemJSON], from
// [Vault.EditItem] (an existing item, for a form) or built by the caller.
// [Vault.Create], [Vault.Update], [Vault.Share] and the other operations
// encrypt it (docs/bitwarden-protocol.md §4.3–§4.5), send it through a
// [CipherAPI] and return the server's copy of the item. They never change
// the EditItem, so after [ErrConflict] the caller can sync, unlock and
// apply the same edit again.
//
// The in-memory vault does not change after a write: its list entries are
// built once by [Unlock]. Callers sync and unlock again (or re-sync in the
// background) to see the result in lists and search; the returned
// *api.Cipher is the server's copy for immediate display.
//
// Keys: a new item gets its own key (§4.3), wrapped under the user key or
// its organization's key. An edit keeps the item's key; an item without
// one gets one on its first edit, unless it has attachments or FIDO2
// credentials (encrypted under the old key) or the user cannot see its
// passwords (the hidden secrets are kept encrypted as they are).
//
// EditItem holds secrets as Go strings, which cannot be zeroed; it exists
// for the moment of an edit only.

// ErrReadOnly means the user may not change the item: it is only in
// read-only collections, or it is of a type Vaultdesk shows read-only (SSH
// keys). No request is sent.
var ErrReadOnly = errors.New("item is read-only")

// ErrConflict means the server refused an edit made from an out-of-date
// copy of the item. Errors matching it also wrap the api error. Sync,
// unlock and re-apply the edit.
var ErrConflict = api.ErrConflict

// CloneSuffix is appended to a clone's name, as Bitwarden's clients do
// ("<name> - Clone", the add-edit dialog in clone mode).
const CloneSuffix = " - Clone"

// maxHistory is how many old passwords Bitwarden keeps.
const maxHistory = 5

// EditItem is an item to create or the new state of an item to update.
// Empty strings are absent values.
type EditItem struct {
	Type     api.CipherType
	Name     string
	Notes    string
	Favorite bool
	FolderID string
	Reprompt api.RepromptType

	// OrganizationID and CollectionIDs place a new item; Update ignores
	// them (use Share and SetCollections).
	OrganizationID string
	CollectionIDs  []string

	Login    *EditLogin    // Type login
	Card     *EditCard     // Type card
	Identity *EditIdentity // Type identity

	Fields []EditField
	// PasswordHistory, newest first. Create stores it as given. Update
	// keeps the item's own history when it is nil, else replaces it with
	// this one; either way a changed password is added.
	PasswordHistory []EditPassword
}

// EditLogin is a login's data.
type EditLogin struct {
	Username string
	Password string
	TOTP     string // otpauth:// URI or base32
	URIs     []EditURI
}

// EditURI is a login URI with its match detection (nil: the default).
type EditURI struct {
	URI   string
	Match *api.URIMatch
}

// EditCard is a payment card.
type EditCard struct {
	CardholderName, Brand, Number, ExpMonth, ExpYear, Code string
}

// EditIdentity is an identity.
type EditIdentity struct {
	Title, FirstName, MiddleName, LastName string
	Address1, Address2, Address3           string
	City, State, PostalCode, Country       string
	Company, Email, Phone, SSN, Username   string
	PassportNumber, LicenseNumber          string
}

// EditField is a custom field. Boolean values are "true" or "false"; a
// linked field has LinkedID and no value.
type EditField struct {
	Name     string
	Value    string
	Type     api.FieldType
	LinkedID *api.LinkedID
}

// EditPassword is an old password.
type EditPassword struct {
	Password string
	LastUsed time.Time
}

// CipherAPI is what editing needs of the server; *api.Client satisfies it.
type CipherAPI interface {
	CreateCipher(ctx context.Context, r *api.CipherRequest) (*api.Cipher, error)
	CreateOrgCipher(ctx context.Context, r *api.CipherRequest, collectionIDs []string) (*api.Cipher, error)
	UpdateCipher(ctx context.Context, id string, r *api.CipherRequest) (*api.Cipher, error)
	ShareCipher(ctx context.Context, id string, r *api.CipherRequest, collectionIDs []string) (*api.Cipher, error)
	SetCipherCollections(ctx context.Context, id string, collectionIDs []string) (*api.Cipher, error)
	SoftDeleteCipher(ctx context.Context, id string) error
	RestoreCipher(ctx context.Context, id string) (*api.Cipher, error)
	HardDeleteCipher(ctx context.Context, id string) error
	MoveCiphers(ctx context.Context, ids []string, folderID string) error
}

var _ CipherAPI = (*api.Client)(nil)

// EditItem decrypts an item into an EditItem, to fill a form or to clone.
// When the user cannot see the item's passwords, those stay empty and
// Update keeps them as they are.
func (v *Vault) EditItem(id string) (*EditItem, error) {
	it, err := v.Item(id)
	if err != nil {
		return nil, err
	}
	defer it.Clear()
	return editFromItem(it), nil
}

func editFromItem(it *Item) *EditItem {
	e := &EditItem{
		Type: it.Type, Name: it.Name, Notes: it.Notes.Reveal(), Favorite: it.Favorite, FolderID: it.FolderID,
		OrganizationID: it.OrgID, CollectionIDs: slices.Clone(it.CollectionIDs),
	}
	if it.Reprompt {
		e.Reprompt = api.RepromptPassword
	}
	if l := it.Login; l != nil {
		e.Login = &EditLogin{Username: l.Username, Password: l.Password.Reveal(), TOTP: l.TOTP.Reveal()}
		for _, u := range l.URIs {
			e.Login.URIs = append(e.Login.URIs, EditURI{URI: u.URI, Match: u.Match})
		}
	}
	if c := it.Card; c != nil {
		e.Card = &EditCard{CardholderName: c.CardholderName, Brand: c.Brand, Number: c.Number.Reveal(),
			ExpMonth: c.ExpMonth, ExpYear: c.ExpYear, Code: c.Code.Reveal()}
	}
	if d := it.Identity; d != nil {
		e.Identity = &EditIdentity{Title: d.Title, FirstName: d.FirstName, MiddleName: d.MiddleName, LastName: d.LastName,
			Address1: d.Address1, Address2: d.Address2, Address3: d.Address3, City: d.City, State: d.State,
			PostalCode: d.PostalCode, Country: d.Country, Company: d.Company, Email: d.Email, Phone: d.Phone,
			SSN: d.SSN.Reveal(), Username: d.Username, PassportNumber: d.PassportNumber.Reveal(), LicenseNumber: d.LicenseNumber.Reveal()}
	}
	for _, f := range it.Fields {
		e.Fields = append(e.Fields, EditField{Name: f.Name, Value: f.Value.Reveal(), Type: f.Type, LinkedID: f.LinkedID})
	}
	for _, h := range it.PasswordHistory {
		e.PasswordHistory = append(e.PasswordHistory, EditPassword{Password: h.Password.Reveal(), LastUsed: h.LastUsed})
	}
	return e
}

// check validates an edit before anything is encrypted.
func (e *EditItem) check() error {
	if e == nil {
		return invalid("(item)", "nil")
	}
	switch e.Type {
	case api.CipherLogin, api.CipherSecureNote, api.CipherCard, api.CipherIdentity:
	case api.CipherSSHKey:
		return fmt.Errorf("ssh key items: %w", ErrReadOnly)
	default:
		return invalid("type", "%d cannot be edited", e.Type)
	}
	if e.Name == "" {
		return invalid("name", "missing")
	}
	for i, f := range e.Fields {
		if f.Type == api.FieldLinked && f.LinkedID == nil {
			return invalid(fmt.Sprintf("fields[%d].linkedId", i), "missing for a linked field")
		}
	}
	return nil
}

// ownerKey is the key that wraps an item's key: its org's or the user's.
func ownerKey(orgID string) KeyID {
	if orgID != "" {
		return OrgKey(orgID)
	}
	return UserKey
}

// keyCopy returns a copy of the key named id, so that encrypting does not
// hold the keyring's lock. The caller clears it.
func (v *Vault) keyCopy(id KeyID) (*crypto.SymmetricKey, error) {
	var b []byte
	err := v.keys.with(id, func(k *crypto.SymmetricKey) error {
		b = k.Bytes()
		return nil
	})
	if err != nil {
		return nil, err
	}
	defer clear(b)
	return crypto.SymmetricKeyFromBytes(b)
}

// wrapUnder wraps inner under the key named id.
func (v *Vault) wrapUnder(id KeyID, inner *crypto.SymmetricKey) (crypto.EncString, error) {
	var out crypto.EncString
	err := v.keys.with(id, func(k *crypto.SymmetricKey) error {
		var err error
		out, err = k.WrapKey(inner)
		return err
	})
	return out, err
}

// Create encrypts e under a new per-item key and creates it: in e's
// organization and collections when e.OrganizationID is set, else in the
// personal vault. It returns the server's copy.
func (v *Vault) Create(ctx context.Context, c CipherAPI, e *EditItem) (*api.Cipher, error) {
	r, err := v.CreateRequest(e)
	if err != nil {
		return nil, err
	}
	if e.OrganizationID != "" {
		out, err := c.CreateOrgCipher(ctx, r, e.CollectionIDs)
		if err != nil {
			return nil, fmt.Errorf("create item: %w", err)
		}
		return out, nil
	}
	out, err := c.CreateCipher(ctx, r)
	if err != nil {
		return nil, fmt.Errorf("create item: %w", err)
	}
	return out, nil
}

// CreateRequest encrypts a new item: a fresh per-item key wrapped under
// the user key or e's organization key, every field under the item key.
func (v *Vault) CreateRequest(e *EditItem) (*api.CipherRequest, error) {
	if err := e.check(); err != nil {
		return nil, err
	}
	owner := ownerKey(e.OrganizationID)
	if v.Locked() {
		return nil, ErrLocked
	}
	if !v.keys.Has(owner) {
		return nil, fmt.Errorf("create item: no key for %v: %w", owner, ErrNotFound)
	}
	ik := crypto.GenerateSymmetricKey()
	defer ik.Clear()
	wrapped, err := v.wrapUnder(owner, ik)
	if err != nil {
		return nil, fmt.Errorf("create item: %w", err)
	}
	enc := &encrypter{k: ik}
	r := enc.request(e, nil, nil, time.Now())
	if enc.err != nil {
		return nil, fmt.Errorf("create item: %w", enc.err)
	}
	r.Key = &wrapped
	r.OrganizationID = e.OrganizationID
	r.EncryptedFor = v.account.ID
	return r, nil
}

// Clone creates a copy of an item: same contents, organization and
// collections, name + [CloneSuffix], a new id and a new per-item key, no
// attachments. Bitwarden's clients do the same (add-edit in clone mode).
// An item whose passwords the user cannot see cannot be cloned
// (ErrHiddenByAccess), as in Bitwarden.
func (v *Vault) Clone(ctx context.Context, c CipherAPI, id string) (*api.Cipher, error) {
	it, err := v.Item(id)
	if err != nil {
		return nil, err
	}
	defer it.Clear()
	if it.Hidden {
		return nil, fmt.Errorf("clone item %s: %w", id, ErrHiddenByAccess)
	}
	e := editFromItem(it)
	e.Name += CloneSuffix
	return v.Create(ctx, c, e)
}

// current returns what an edit needs of an existing item: its encrypted
// form and its decrypted one.
func (v *Vault) current(id string) (*api.Cipher, *Item, error) {
	v.mu.RLock()
	e, err := v.lookup(id)
	var c *api.Cipher
	if err == nil {
		c = e.c
		if e.flags&flagDamaged != 0 {
			err = fmt.Errorf("item %s: %w", id, ErrDamaged)
		} else if e.flags&flagEdit == 0 {
			err = fmt.Errorf("item %s: %w", id, ErrReadOnly)
		}
	}
	v.mu.RUnlock()
	if err != nil {
		return nil, nil, err
	}
	it, err := v.Item(id)
	if err != nil {
		return nil, nil, err
	}
	return c, it, nil
}

// UpdateRequest encrypts e as the new state of item id (see [Vault.Update]).
func (v *Vault) UpdateRequest(id string, e *EditItem) (*api.CipherRequest, error) {
	if err := e.check(); err != nil {
		return nil, err
	}
	old, it, err := v.current(id)
	if err != nil {
		return nil, err
	}
	defer it.Clear()
	if old.Type != e.Type {
		return nil, invalid("type", "item %s is a %v, not a %v", id, old.Type, e.Type)
	}
	if old.Type == api.CipherSSHKey {
		return nil, fmt.Errorf("item %s: ssh key items: %w", id, ErrReadOnly)
	}
	owner := ownerKey(old.OrganizationID)
	var ik *crypto.SymmetricKey
	key := old.Key
	switch {
	case old.Key != nil:
		ik, err = v.keyCopy(ItemKey(id))
	case it.Hidden || len(old.Attachments) > 0 || old.Login != nil && len(old.Login.Fido2Credentials) > 0:
		ik, err = v.keyCopy(owner) // keep what is encrypted under it
	default:
		ik = crypto.GenerateSymmetricKey()
		var w crypto.EncString
		if w, err = v.wrapUnder(owner, ik); err == nil {
			key = &w
		}
	}
	if err != nil {
		return nil, fmt.Errorf("edit item %s: %w", id, err)
	}
	defer ik.Clear()
	enc := &encrypter{k: ik}
	r := enc.request(e, old, it, time.Now())
	if enc.err != nil {
		return nil, fmt.Errorf("edit item %s: %w", id, enc.err)
	}
	r.Key = key
	r.OrganizationID = old.OrganizationID
	r.EncryptedFor = v.account.ID
	rev := old.RevisionDate
	r.LastKnownRevisionDate = &rev
	return r, nil
}

// Update saves e as the new state of item id, from the copy last synced:
// the server refuses it with [ErrConflict] when the item has changed
// since. A changed password (and a changed or removed hidden field) goes
// into the password history, newest first, at most 5 kept. Items the user
// may not edit give [ErrReadOnly] without a request.
func (v *Vault) Update(ctx context.Context, c CipherAPI, id string, e *EditItem) (*api.Cipher, error) {
	r, err := v.UpdateRequest(id, e)
	if err != nil {
		return nil, err
	}
	out, err := c.UpdateCipher(ctx, id, r)
	if err != nil {
		return nil, fmt.Errorf("edit item %s: %w", id, err)
	}
	return out, nil
}

// Share moves personal item id into organization orgID and its
// collections (at least one). An item with its own key keeps it and its
// fields, the key re-wrapped under the organization key; an item without
// one is re-encrypted under a new per-item key.
func (v *Vault) Share(ctx context.Context, c CipherAPI, id, orgID string, collectionIDs []string) (*api.Cipher, error) {
	r, err := v.shareRequest(id, orgID, collectionIDs)
	if err != nil {
		return nil, err
	}
	out, err := c.ShareCipher(ctx, id, r, collectionIDs)
	if err != nil {
		return nil, fmt.Errorf("move item %s to organization %s: %w", id, orgID, err)
	}
	return out, nil
}

func (v *Vault) shareRequest(id, orgID string, collectionIDs []string) (*api.CipherRequest, error) {
	if orgID == "" || len(collectionIDs) == 0 {
		return nil, invalid("collectionIds", "moving to an organization needs the organization and at least one collection")
	}
	old, it, err := v.current(id)
	if err != nil {
		return nil, err
	}
	defer it.Clear()
	if old.OrganizationID != "" {
		return nil, invalid("organizationId", "item %s already belongs to an organization", id)
	}
	if !v.keys.Has(OrgKey(orgID)) {
		return nil, fmt.Errorf("move item %s: organization %s: %w", id, orgID, ErrNotFound)
	}
	var r *api.CipherRequest
	if old.Key != nil {
		ik, err := v.keyCopy(ItemKey(id))
		if err != nil {
			return nil, fmt.Errorf("move item %s: %w", id, err)
		}
		defer ik.Clear()
		w, err := v.wrapUnder(OrgKey(orgID), ik)
		if err != nil {
			return nil, fmt.Errorf("move item %s: %w", id, err)
		}
		r = requestFromCipher(old)
		r.Key = &w
	} else {
		if len(old.Attachments) > 0 || old.Login != nil && len(old.Login.Fido2Credentials) > 0 {
			return nil, fmt.Errorf("move item %s: attachments and passkeys of items without their own key cannot be moved yet: %w", id, ErrReadOnly)
		}
		ik := crypto.GenerateSymmetricKey()
		defer ik.Clear()
		w, err := v.wrapUnder(OrgKey(orgID), ik)
		if err != nil {
			return nil, fmt.Errorf("move item %s: %w", id, err)
		}
		e := editFromItem(it)
		enc := &encrypter{k: ik}
		r = enc.request(e, nil, nil, time.Now())
		if enc.err != nil {
			return nil, fmt.Errorf("move item %s: %w", id, enc.err)
		}
		if old.Login != nil && r.Login != nil {
			r.Login.PasswordRevisionDate = old.Login.PasswordRevisionDate
			r.Login.AutofillOnPageLoad = old.Login.AutofillOnPageLoad
		}
		r.Key = &w
	}
	r.OrganizationID = orgID
	r.EncryptedFor = v.account.ID
	rev := old.RevisionDate
	r.LastKnownRevisionDate = &rev
	return r, nil
}

// requestFromCipher copies an item's encrypted contents into a request.
func requestFromCipher(c *api.Cipher) *api.CipherRequest {
	return &api.CipherRequest{
		Type: c.Type, FolderID: c.FolderID, Favorite: c.Favorite, Reprompt: c.Reprompt,
		Key: c.Key, Name: c.Name, Notes: c.Notes,
		Login: c.Login, SecureNote: c.SecureNote, Card: c.Card, Identity: c.Identity, SSHKey: c.SSHKey,
		Fields: c.Fields, PasswordHistory: c.PasswordHistory,
	}
}

// SetCollections sets the collections of organization item id. It returns
// the server's copy, or nil when the user can no longer see the item.
func (v *Vault) SetCollections(ctx context.Context, c CipherAPI, id string, collectionIDs []string) (*api.Cipher, error) {
	s, err := v.editable(id)
	if err != nil {
		return nil, err
	}
	if s.OrgID == "" {
		return nil, invalid("collectionIds", "item %s is personal; move it to an organization first", id)
	}
	out, err := c.SetCipherCollections(ctx, id, collectionIDs)
	if err != nil {
		return nil, fmt.Errorf("set collections of item %s: %w", id, err)
	}
	return out, nil
}

// editable returns the summary of an item the user may change.
func (v *Vault) editable(id string) (Summary, error) {
	s, err := v.Summary(id)
	if err != nil {
		return s, err
	}
	if !s.CanEdit {
		return s, fmt.Errorf("item %s: %w", id, ErrReadOnly)
	}
	return s, nil
}

// Trash moves item id to the trash.
func (v *Vault) Trash(ctx context.Context, c CipherAPI, id string) error {
	if _, err := v.editable(id); err != nil {
		return err
	}
	if err := c.SoftDeleteCipher(ctx, id); err != nil {
		return fmt.Errorf("trash item %s: %w", id, err)
	}
	return nil
}

// Restore takes item id out of the trash and returns the server's copy.
func (v *Vault) Restore(ctx context.Context, c CipherAPI, id string) (*api.Cipher, error) {
	if _, err := v.editable(id); err != nil {
		return nil, err
	}
	out, err := c.RestoreCipher(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("restore item %s: %w", id, err)
	}
	return out, nil
}

// Delete deletes item id permanently.
func (v *Vault) Delete(ctx context.Context, c CipherAPI, id string) error {
	if _, err := v.editable(id); err != nil {
		return err
	}
	if err := c.HardDeleteCipher(ctx, id); err != nil {
		return fmt.Errorf("delete item %s: %w", id, err)
	}
	return nil
}

// MoveToFolder puts items in folder folderID ("" for none). Folders are
// per user, so read-only items can be moved too. Every id must be known.
func (v *Vault) MoveToFolder(ctx context.Context, c CipherAPI, ids []string, folderID string) error {
	for _, id := range ids {
		if _, err := v.Summary(id); err != nil {
			return err
		}
	}
	if folderID != "" {
		v.mu.RLock()
		_, ok := v.folderIdx[folderID]
		v.mu.RUnlock()
		if !ok {
			return fmt.Errorf("folder %s: %w", folderID, ErrNotFound)
		}
	}
	if err := c.MoveCiphers(ctx, ids, folderID); err != nil {
		return fmt.Errorf("move %d items to folder: %w", len(ids), err)
	}
	return nil
}

// encrypter encrypts an edit under one key, keeping the first error.
type encrypter struct {
	k   *crypto.SymmetricKey
	err error
}

// str encrypts s; "" is absent.
func (x *encrypter) str(s string) *crypto.EncString {
	if s == "" || x.err != nil {
		return nil
	}
	e, err := x.k.Encrypt([]byte(s))
	if err != nil {
		x.err = err
		return nil
	}
	return &e
}

// keep returns the new value encrypted, or, when the user cannot see the
// old one (hidden) and left the value empty, the old EncString as it is.
func (x *encrypter) keep(s string, hidden bool, old *crypto.EncString) *crypto.EncString {
	if hidden && s == "" {
		return old
	}
	return x.str(s)
}

// uriChecksum is the EncString of base64(SHA-256(uri)) (§4.2).
func (x *encrypter) uriChecksum(uri string) *crypto.EncString {
	sum := sha256.Sum256([]byte(uri))
	return x.str(base64.StdEncoding.EncodeToString(sum[:]))
}

// request encrypts e. For an update, old is the item as synced and it its
// decrypted form; x.k is then the key old's hidden secrets are under.
func (x *encrypter) request(e *EditItem, old *api.Cipher, it *Item, now time.Time) *api.CipherRequest {
	hidden := it != nil && it.Hidden
	r := &api.CipherRequest{
		Type: e.Type, FolderID: e.FolderID, Favorite: e.Favorite, Reprompt: e.Reprompt,
		Notes: x.str(e.Notes),
	}
	if n := x.str(e.Name); n != nil {
		r.Name = *n
	}
	var history []api.PasswordHistory
	addHistory := func(pw string, when time.Time) {
		if p := x.str(pw); p != nil {
			history = append(history, api.PasswordHistory{Password: *p, LastUsedDate: when.UTC()})
		}
	}
	// Changes that go into the history, newest first.
	if old != nil && !hidden {
		if l := it.Login; l != nil && e.Login != nil {
			if pw := l.Password.Reveal(); pw != "" && pw != e.Login.Password {
				addHistory(pw, now)
			}
		}
		for _, f := range it.Fields {
			if f.Type != api.FieldHidden || f.Name == "" || f.Value.IsZero() {
				continue
			}
			val := f.Value.Reveal()
			i := slices.IndexFunc(e.Fields, func(n EditField) bool { return n.Name == f.Name && n.Type == api.FieldHidden })
			if i < 0 || e.Fields[i].Value != val {
				addHistory(f.Name+": "+val, now)
			}
		}
	}
	switch {
	case old != nil && hidden && e.PasswordHistory == nil:
		history = append(history, old.PasswordHistory...) // under x.k already
	case old != nil && e.PasswordHistory == nil:
		for _, h := range it.PasswordHistory {
			addHistory(h.Password.Reveal(), h.LastUsed)
		}
	default:
		for _, h := range e.PasswordHistory {
			t := h.LastUsed
			if t.IsZero() {
				t = now
			}
			addHistory(h.Password, t)
		}
	}
	if len(history) > maxHistory {
		history = history[:maxHistory]
	}
	r.PasswordHistory = history

	switch e.Type {
	case api.CipherLogin:
		el := e.Login
		if el == nil {
			el = &EditLogin{}
		}
		var ol *api.Login
		if old != nil {
			ol = old.Login
		}
		if ol == nil {
			ol = &api.Login{}
		}
		l := &api.Login{
			Username: x.str(el.Username),
			Password: x.keep(el.Password, hidden, ol.Password),
			TOTP:     x.keep(el.TOTP, hidden, ol.TOTP),
		}
		l.PasswordRevisionDate = ol.PasswordRevisionDate
		if old != nil && !hidden && it.Login != nil && it.Login.Password.Reveal() != el.Password {
			t := now.UTC()
			l.PasswordRevisionDate = &t
		}
		if old != nil {
			l.AutofillOnPageLoad = ol.AutofillOnPageLoad
			if old.Key != nil || hidden || len(old.Attachments) > 0 || len(ol.Fido2Credentials) > 0 {
				l.Fido2Credentials = ol.Fido2Credentials // still under x.k
			}
		}
		for _, u := range el.URIs {
			if u.URI == "" {
				continue
			}
			l.URIs = append(l.URIs, api.LoginURI{URI: x.str(u.URI), URIChecksum: x.uriChecksum(u.URI), Match: u.Match})
		}
		r.Login = l
	case api.CipherSecureNote:
		r.SecureNote = &api.SecureNote{Type: 0}
	case api.CipherCard:
		ec := e.Card
		if ec == nil {
			ec = &EditCard{}
		}
		oc := &api.Card{}
		if old != nil && old.Card != nil {
			oc = old.Card
		}
		r.Card = &api.Card{
			CardholderName: x.str(ec.CardholderName), Brand: x.str(ec.Brand),
			Number: x.keep(ec.Number, hidden, oc.Number), Code: x.keep(ec.Code, hidden, oc.Code),
			ExpMonth: x.str(ec.ExpMonth), ExpYear: x.str(ec.ExpYear),
		}
	case api.CipherIdentity:
		d := e.Identity
		if d == nil {
			d = &EditIdentity{}
		}
		r.Identity = &api.Identity{
			Title: x.str(d.Title), FirstName: x.str(d.FirstName), MiddleName: x.str(d.MiddleName), LastName: x.str(d.LastName),
			Address1: x.str(d.Address1), Address2: x.str(d.Address2), Address3: x.str(d.Address3),
			City: x.str(d.City), State: x.str(d.State), PostalCode: x.str(d.PostalCode), Country: x.str(d.Country),
			Company: x.str(d.Company), Email: x.str(d.Email), Phone: x.str(d.Phone), SSN: x.str(d.SSN),
			Username: x.str(d.Username), PassportNumber: x.str(d.PassportNumber), LicenseNumber: x.str(d.LicenseNumber),
		}
	}
	for _, f := range e.Fields {
		af := api.Field{Type: f.Type, Name: x.str(f.Name)}
		switch f.Type {
		case api.FieldLinked:
			af.LinkedID = f.LinkedID
		case api.FieldHidden:
			var prev *crypto.EncString
			if hidden {
				prev = oldHidden(old, it, f.Name)
			}
			af.Value = x.keep(f.Value, hidden && prev != nil, prev)
		default:
			af.Value = x.str(f.Value)
		}
		r.Fields = append(r.Fields, af)
	}
	return r
}

// oldHidden returns the encrypted value of the item's hidden field named
// name. it.Fields are old.Fields decrypted, in the same order.
func oldHidden(old *api.Cipher, it *Item, name string) *crypto.EncString {
	for i, o := range old.Fields {
		if o.Type == api.FieldHidden && i < len(it.Fields) && it.Fields[i].Name == name {
			return o.Value
		}
	}
	return nil
}
