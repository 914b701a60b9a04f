package vault

import (
	"errors"
	"fmt"
	"slices"
	"unicode/utf8"
	"weak"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
)

// Account returns the account the vault belongs to.
func (v *Vault) Account() AccountRef { return v.account }

// Keyring returns the vault's keyring, for encrypting edits. It is locked
// with the vault.
func (v *Vault) Keyring() *Keyring { return v.keys }

// Locked reports whether the vault has been locked.
func (v *Vault) Locked() bool {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.locked
}

// Len returns the number of items, damaged ones included.
func (v *Vault) Len() int {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return len(v.entries)
}

// Orgs returns the organizations the account is a confirmed member of.
func (v *Vault) Orgs() ([]Org, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.locked {
		return nil, ErrLocked
	}
	return slices.Clone(v.orgs), nil
}

// Collections returns the collections the account can see.
func (v *Vault) Collections() ([]Collection, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.locked {
		return nil, ErrLocked
	}
	return slices.Clone(v.colls), nil
}

// Folders returns the account's folders.
func (v *Vault) Folders() ([]Folder, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.locked {
		return nil, ErrLocked
	}
	return slices.Clone(v.folders), nil
}

// Summary returns an item's list entry.
func (v *Vault) Summary(id string) (Summary, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	e, err := v.lookup(id)
	if err != nil {
		return Summary{}, err
	}
	return v.summary(e), nil
}

// lookup finds an item; v.mu must be held.
func (v *Vault) lookup(id string) (*entry, error) {
	if v.locked {
		return nil, ErrLocked
	}
	i, ok := v.byID[id]
	if !ok {
		return nil, fmt.Errorf("item %s: %w", id, ErrNotFound)
	}
	return &v.entries[i], nil
}

// summary builds an entry's Summary; v.mu must be held.
func (v *Vault) summary(e *entry) Summary {
	c := e.c
	return Summary{
		ID:              c.ID,
		Name:            string(v.text[e.t[0]:e.t[1]]),
		Username:        string(v.text[e.t[1]:e.t[2]]),
		Host:            string(v.text[e.t[2]:e.t[3]]),
		Type:            c.Type,
		OrgID:           c.OrganizationID,
		FolderID:        c.FolderID,
		CollectionIDs:   slices.Clone(c.CollectionIDs),
		Favorite:        e.flags&flagFavorite != 0,
		Deleted:         e.flags&flagDeleted != 0,
		Damaged:         e.flags&flagDamaged != 0,
		CanEdit:         e.flags&flagEdit != 0,
		CanViewPassword: e.flags&flagViewPassword != 0,
		HasPassword:     e.flags&flagHasPassword != 0,
		HasTOTP:         e.flags&flagHasTOTP != 0,
		Reprompt:        e.flags&flagReprompt != 0,
		RevisionDate:    c.RevisionDate,
	}
}

// keyID names the key an item's fields are encrypted with.
func keyID(c *api.Cipher) KeyID {
	switch {
	case c.Key != nil:
		return ItemKey(c.ID)
	case c.OrganizationID != "":
		return OrgKey(c.OrganizationID)
	}
	return UserKey
}

// Item decrypts an item in full. It fails with ErrDamaged if any of its
// fields does not decrypt. When the item's CanViewPassword is false, the
// secrets covered by hide-passwords are left empty and Hidden is set. Call
// Clear on the item when done; Lock zeroes its secrets if it is still
// reachable.
func (v *Vault) Item(id string) (*Item, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	e, err := v.lookup(id)
	if err != nil {
		return nil, err
	}
	it := &Item{Summary: v.summary(e), Account: v.account}
	if e.org >= 0 {
		it.OrgName = v.orgs[e.org].Name
	}
	if e.folder >= 0 {
		it.FolderName = v.folders[e.folder].Name
	}
	for _, ci := range e.colls {
		it.CollectionNames = append(it.CollectionNames, v.colls[ci].Name)
	}
	err = v.withItemKey(e, func(k *crypto.SymmetricKey) error {
		return decryptItem(it, e.c, k)
	})
	if err != nil {
		it.Clear()
		return nil, fmt.Errorf("item %s: %w", id, err)
	}
	v.track(it)
	return it, nil
}

// withItemKey runs f with the key of e's fields. A missing key or an error
// from f is reported as damage.
func (v *Vault) withItemKey(e *entry, f func(*crypto.SymmetricKey) error) error {
	kid := keyID(e.c)
	if !v.keys.Has(kid) {
		if v.keys.Locked() {
			return ErrLocked
		}
		return fmt.Errorf("no key %v: %w", kid, ErrDamaged)
	}
	err := v.keys.with(kid, f)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrLocked):
		return ErrLocked
	}
	return fmt.Errorf("%w: %w", ErrDamaged, err)
}

func (v *Vault) track(it *Item) {
	v.openMu.Lock()
	defer v.openMu.Unlock()
	if len(v.opened) >= 64 && len(v.opened) == cap(v.opened) {
		v.opened = slices.DeleteFunc(v.opened, func(p weak.Pointer[Item]) bool { return p.Value() == nil })
	}
	v.opened = append(v.opened, weak.Make(it))
}

// RevealPassword decrypts a login's password, for copying or showing. It
// returns ErrHiddenByAccess when the user may not see the item's password.
// The caller should Clear the secret when done.
func (v *Vault) RevealPassword(id string) (Secret, error) {
	return v.reveal(id, "password", func(c *api.Cipher) *crypto.EncString {
		if c.Login == nil {
			return nil
		}
		return c.Login.Password
	})
}

// RevealTOTP decrypts a login's TOTP secret (an otpauth:// URI or base32),
// to compute a code. It returns ErrHiddenByAccess when the user may not see
// the item's password.
func (v *Vault) RevealTOTP(id string) (Secret, error) {
	return v.reveal(id, "totp", func(c *api.Cipher) *crypto.EncString {
		if c.Login == nil {
			return nil
		}
		return c.Login.TOTP
	})
}

func (v *Vault) reveal(id, what string, field func(*api.Cipher) *crypto.EncString) (Secret, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	e, err := v.lookup(id)
	if err != nil {
		return Secret{}, err
	}
	if e.flags&flagDamaged != 0 {
		return Secret{}, fmt.Errorf("item %s: %w", id, ErrDamaged)
	}
	if e.flags&flagViewPassword == 0 {
		return Secret{}, fmt.Errorf("item %s: %s: %w", id, what, ErrHiddenByAccess)
	}
	es := field(e.c)
	if es == nil || es.IsZero() {
		return Secret{}, fmt.Errorf("item %s: no %s: %w", id, what, ErrNotFound)
	}
	var b []byte
	err = v.withItemKey(e, func(k *crypto.SymmetricKey) error {
		var err error
		b, err = k.Decrypt(*es)
		return err
	})
	if err != nil {
		return Secret{}, fmt.Errorf("item %s: %s: %w", id, what, err)
	}
	return Secret{b: b}, nil
}

// Lock clears every key, zeroes the arenas and the secrets of items still
// reachable, and drops everything else. It waits for operations in
// progress. Locking twice is harmless.
func (v *Vault) Lock() {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.locked {
		return
	}
	v.locked = true
	v.keys.Lock()
	clear(v.text)
	v.text = nil
	for k := range nFields {
		clear(v.arena[k])
		v.arena[k], v.starts[k] = nil, nil
	}
	v.entries, v.byID, v.personal, v.byOrg = nil, nil, nil, nil
	v.counts = counts{}
	v.orgs, v.orgIdx, v.orgSource = nil, nil, nil
	v.colls, v.collIdx = nil, nil
	v.folders, v.folderIdx = nil, nil
	v.openMu.Lock()
	for _, p := range v.opened {
		if it := p.Value(); it != nil {
			it.zero()
		}
	}
	v.opened = nil
	v.openMu.Unlock()
}

// decryptItem decrypts everything of c into it, with k.
func decryptItem(it *Item, c *api.Cipher, k *crypto.SymmetricKey) error {
	d := decrypter{k: k, view: it.CanViewPassword}
	it.Hidden = !d.view
	// The list already shows the name; decrypting it again verifies it.
	if c.Name.IsZero() {
		return fmt.Errorf("name: missing: %w", crypto.ErrMalformed)
	}
	clear(d.bytes("name", &c.Name))
	it.CreationDate, it.DeletedDate = c.CreationDate, c.DeletedDate
	it.Notes = d.secret("notes", c.Notes, false)
	if l := c.Login; l != nil {
		il := &Login{
			Username:             d.str("username", l.Username),
			Password:             d.secret("password", l.Password, true),
			TOTP:                 d.secret("totp", l.TOTP, true),
			PasswordRevisionDate: l.PasswordRevisionDate,
		}
		for _, u := range l.URIs {
			il.URIs = append(il.URIs, URI{URI: d.str("uri", u.URI), Match: u.Match})
		}
		if len(l.URIs) == 0 && l.URI != nil {
			il.URIs = append(il.URIs, URI{URI: d.str("uri", l.URI)})
		}
		it.Login = il
	}
	if cd := c.Card; cd != nil {
		it.Card = &Card{
			CardholderName: d.str("cardholder name", cd.CardholderName),
			Brand:          d.str("brand", cd.Brand),
			ExpMonth:       d.str("expiry month", cd.ExpMonth),
			ExpYear:        d.str("expiry year", cd.ExpYear),
			Number:         d.secret("card number", cd.Number, true),
			Code:           d.secret("card code", cd.Code, true),
		}
	}
	if id := c.Identity; id != nil {
		it.Identity = &Identity{
			Title: d.str("title", id.Title), FirstName: d.str("first name", id.FirstName),
			MiddleName: d.str("middle name", id.MiddleName), LastName: d.str("last name", id.LastName),
			Address1: d.str("address", id.Address1), Address2: d.str("address", id.Address2),
			Address3: d.str("address", id.Address3), City: d.str("city", id.City),
			State: d.str("state", id.State), PostalCode: d.str("postal code", id.PostalCode),
			Country: d.str("country", id.Country), Company: d.str("company", id.Company),
			Email: d.str("email", id.Email), Phone: d.str("phone", id.Phone),
			Username:       d.str("username", id.Username),
			SSN:            d.secret("ssn", id.SSN, false),
			PassportNumber: d.secret("passport number", id.PassportNumber, false),
			LicenseNumber:  d.secret("license number", id.LicenseNumber, false),
		}
	}
	if sk := c.SSHKey; sk != nil {
		it.SSHKey = &SSHKey{
			PrivateKey:  d.secret("ssh private key", sk.PrivateKey, true),
			PublicKey:   d.str("ssh public key", sk.PublicKey),
			Fingerprint: d.str("ssh fingerprint", sk.KeyFingerprint),
		}
	}
	for _, f := range c.Fields {
		it.Fields = append(it.Fields, Field{
			Name:     d.str("field name", f.Name),
			Type:     f.Type,
			Value:    d.secret("field value", f.Value, f.Type == api.FieldHidden),
			LinkedID: f.LinkedID,
		})
	}
	if d.view {
		for _, h := range c.PasswordHistory {
			it.PasswordHistory = append(it.PasswordHistory, PasswordEntry{
				Password: d.secret("password history", &h.Password, true),
				LastUsed: h.LastUsedDate,
			})
		}
	}
	for _, a := range c.Attachments {
		it.Attachments = append(it.Attachments, Attachment{
			ID: a.ID, FileName: d.str("attachment name", a.FileName), Size: a.Size.String(), SizeName: a.SizeName,
		})
	}
	return d.err
}

// decrypter decrypts an item's fields, keeping the first error.
type decrypter struct {
	k    *crypto.SymmetricKey
	view bool // the user may see passwords
	err  error
}

func (d *decrypter) bytes(what string, e *crypto.EncString) []byte {
	if e == nil || d.err != nil {
		return nil
	}
	b, err := d.k.Decrypt(*e)
	if err != nil {
		d.err = fmt.Errorf("%s: %w", what, err)
		return nil
	}
	return b
}

func (d *decrypter) str(what string, e *crypto.EncString) string {
	b := d.bytes(what, e)
	defer clear(b)
	if !utf8.Valid(b) {
		d.err = fmt.Errorf("%s: %d bytes are not UTF-8: %w", what, len(b), crypto.ErrMalformed)
		return ""
	}
	return string(b)
}

// secret decrypts a secret; a hidden one (covered by hide-passwords) is
// not decrypted at all when the user may not see passwords.
func (d *decrypter) secret(what string, e *crypto.EncString, hidden bool) Secret {
	if hidden && !d.view {
		return Secret{}
	}
	return Secret{b: d.bytes(what, e)}
}
