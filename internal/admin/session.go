package admin

import (
	"errors"
	"fmt"
	"strings"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

var (
	// ErrNotAllowed means the account's role in the organization does not
	// allow the operation. Nothing was sent.
	ErrNotAllowed = errors.New("your role in this organization does not allow it")
	// ErrNotFound means no organization, collection, group or member of
	// that id or name.
	ErrNotFound = errors.New("not found")
	// ErrAmbiguous means a name matched several organizations, collections
	// or groups: give the id.
	ErrAmbiguous = errors.New("several match; give the id")
)

// Session administers the organizations of one unlocked account.
type Session struct {
	v *vault.Vault
	c *api.Client
}

// NewSession returns a session over an unlocked account's vault and its
// API client (see accounts.Manager.Admin).
func NewSession(v *vault.Vault, c *api.Client) *Session { return &Session{v: v, c: c} }

// Client is the session's API client.
func (s *Session) Client() *api.Client { return s.c }

// Orgs returns the account's confirmed organizations.
func (s *Session) Orgs() ([]vault.Org, error) { return s.v.Orgs() }

// Org finds one of the account's organizations by id, or by name in any
// case.
func (s *Session) Org(ref string) (vault.Org, error) {
	orgs, err := s.v.Orgs()
	if err != nil {
		return vault.Org{}, err
	}
	ref = strings.TrimSpace(ref)
	var byName []vault.Org
	for _, o := range orgs {
		if strings.EqualFold(o.ID, ref) {
			return o, nil
		}
		if strings.EqualFold(o.Name, ref) {
			byName = append(byName, o)
		}
	}
	switch len(byName) {
	case 0:
		return vault.Org{}, fmt.Errorf("organization %q: %w", ref, ErrNotFound)
	case 1:
		return byName[0], nil
	}
	return vault.Org{}, fmt.Errorf("organization %q: %d organizations have that name: %w", ref, len(byName), ErrAmbiguous)
}

// encrypt encrypts a name under the organization's key.
func (s *Session) encrypt(o vault.Org, plaintext string) (crypto.EncString, error) {
	if o.Damaged {
		return crypto.EncString{}, fmt.Errorf("organization %s: its key could not be decrypted: %w", o.Name, vault.ErrDamaged)
	}
	return s.v.Keyring().Encrypt(vault.OrgKey(o.ID), []byte(plaintext))
}

// decrypt decrypts a name encrypted under the organization's key.
func (s *Session) decrypt(o vault.Org, e crypto.EncString) (string, error) {
	b, err := s.v.Keyring().Decrypt(vault.OrgKey(o.ID), e)
	if err != nil {
		return "", err
	}
	defer clear(b)
	return string(b), nil
}
