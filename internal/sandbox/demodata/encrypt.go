package demodata

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"runtime"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
)

// encryptItems encrypts items for import on every core: under the owner
// key (user or organization), or under a new per-item key wrapped by it.
// It records each item under its encrypted name for learnIDs.
func (s *seeder) encryptItems(ctx context.Context, items []*Item, owner *crypto.SymmetricKey, orgID string) ([]api.CipherRequest, error) {
	reqs := make([]api.CipherRequest, len(items))
	const chunk = 64
	err := forEach(ctx, (len(items)+chunk-1)/chunk, runtime.NumCPU(), func(ctx context.Context, c int) error {
		for i := c * chunk; i < min(len(items), (c+1)*chunk); i++ {
			r, err := encryptItem(items[i], owner, orgID)
			if err != nil {
				return fmt.Errorf("item %q: %w", items[i].Name, err)
			}
			reqs[i] = *r
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range reqs {
		s.byName[reqs[i].Name.String()] = items[i]
	}
	return reqs, nil
}

// encrypter encrypts strings under one key, keeping the first error so
// that building a request reads straight through.
type encrypter struct {
	k   *crypto.SymmetricKey
	err error
}

// opt encrypts s, or returns nil for "" (the wire's null).
func (e *encrypter) opt(s string) *crypto.EncString {
	if s == "" {
		return nil
	}
	v := e.req(s)
	return &v
}

func (e *encrypter) req(s string) crypto.EncString {
	if e.err != nil {
		return crypto.EncString{}
	}
	v, err := e.k.EncryptString(s)
	if err != nil {
		e.err = err
	}
	return v
}

// encryptItem builds the request for one item (§4.4), as a client does.
func encryptItem(it *Item, owner *crypto.SymmetricKey, orgID string) (*api.CipherRequest, error) {
	r := &api.CipherRequest{Type: it.Type, OrganizationID: orgID, Favorite: it.Favorite}
	e := &encrypter{k: owner}
	if it.ItemKey {
		ik := crypto.GenerateSymmetricKey()
		wrapped, err := owner.WrapKey(ik)
		if err != nil {
			return nil, err
		}
		r.Key = &wrapped
		e.k = ik
	}
	if it.Reprompt {
		r.Reprompt = api.RepromptPassword
	}
	r.Name = e.req(it.Name)
	r.Notes = e.opt(it.Notes)
	switch it.Type {
	case api.CipherLogin:
		l := &api.Login{Username: e.opt(it.Username), Password: e.opt(it.Password), TOTP: e.opt(it.TOTP)}
		for _, u := range it.URIs {
			sum := sha256.Sum256([]byte(u.URI))
			l.URIs = append(l.URIs, api.LoginURI{URI: e.opt(u.URI), URIChecksum: e.opt(base64.StdEncoding.EncodeToString(sum[:])), Match: u.Match})
		}
		if len(l.URIs) > 0 {
			l.URI = l.URIs[0].URI
		}
		if len(it.PasswordHistory) > 0 {
			l.PasswordRevisionDate = &it.PasswordHistory[0].LastUsed
		}
		r.Login = l
	case api.CipherSecureNote:
		r.SecureNote = &api.SecureNote{Type: 0}
	case api.CipherCard:
		c := it.Card
		r.Card = &api.Card{CardholderName: e.opt(c.CardholderName), Brand: e.opt(c.Brand), Number: e.opt(c.Number),
			ExpMonth: e.opt(c.ExpMonth), ExpYear: e.opt(c.ExpYear), Code: e.opt(c.Code)}
	case api.CipherIdentity:
		d := it.Identity
		r.Identity = &api.Identity{
			Title: e.opt(d.Title), FirstName: e.opt(d.FirstName), MiddleName: e.opt(d.MiddleName), LastName: e.opt(d.LastName),
			Address1: e.opt(d.Address1), Address2: e.opt(d.Address2), Address3: e.opt(d.Address3), City: e.opt(d.City),
			State: e.opt(d.State), PostalCode: e.opt(d.PostalCode), Country: e.opt(d.Country), Company: e.opt(d.Company),
			Email: e.opt(d.Email), Phone: e.opt(d.Phone), SSN: e.opt(d.SSN), Username: e.opt(d.Username),
			PassportNumber: e.opt(d.PassportNumber), LicenseNumber: e.opt(d.LicenseNumber),
		}
	case api.CipherSSHKey:
		k := it.SSHKey
		r.SSHKey = &api.SSHKey{PrivateKey: e.opt(k.PrivateKey), PublicKey: e.opt(k.PublicKey), KeyFingerprint: e.opt(k.Fingerprint)}
	}
	for _, f := range it.Fields {
		r.Fields = append(r.Fields, api.Field{Type: f.Type, Name: e.opt(f.Name), Value: e.opt(f.Value), LinkedID: f.LinkedID})
	}
	for _, h := range it.PasswordHistory {
		r.PasswordHistory = append(r.PasswordHistory, api.PasswordHistory{Password: e.req(h.Password), LastUsedDate: h.LastUsed})
	}
	if e.err != nil {
		return nil, e.err
	}
	return r, nil
}
