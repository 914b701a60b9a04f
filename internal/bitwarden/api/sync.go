package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
	"github.com/vaultdesk/vaultdesk/internal/parallel"
)

// Profile is the user's account (§3.2).
type Profile struct {
	ID                 string                `json:"id"`
	Name               string                `json:"name"`
	Email              string                `json:"email"`
	EmailVerified      bool                  `json:"emailVerified"`
	Premium            bool                  `json:"premium"`
	Culture            string                `json:"culture"`
	TwoFactorEnabled   bool                  `json:"twoFactorEnabled"`
	Key                *crypto.EncString     `json:"key"` // master-key-wrapped user key
	PrivateKey         *crypto.EncString     `json:"privateKey"`
	AccountKeys        *AccountKeys          `json:"accountKeys"`
	SecurityStamp      string                `json:"securityStamp"`
	ForcePasswordReset bool                  `json:"forcePasswordReset"`
	UsesKeyConnector   bool                  `json:"usesKeyConnector"`
	Organizations      []ProfileOrganization `json:"organizations"`
}

// WrappedPrivateKey returns the user's private key, under the user key.
func (p *Profile) WrappedPrivateKey() *crypto.EncString {
	if k := p.AccountKeys; k != nil && k.PublicKeyEncryptionKeyPair != nil && k.PublicKeyEncryptionKeyPair.WrappedPrivateKey != nil {
		return k.PublicKeyEncryptionKeyPair.WrappedPrivateKey
	}
	return p.PrivateKey
}

// ProfileOrganization is one of the user's confirmed memberships (§3.3).
// Key is the organization key wrapped to the user's public key.
type ProfileOrganization struct {
	ID                      string            `json:"id"`
	Name                    string            `json:"name"`
	Key                     *crypto.EncString `json:"key"`
	Type                    OrgUserType       `json:"type"`
	Status                  OrgUserStatus     `json:"status"`
	Enabled                 bool              `json:"enabled"`
	OrganizationUserID      string            `json:"organizationUserId"`
	UserID                  string            `json:"userId"`
	Permissions             *Permissions      `json:"permissions"`
	Seats                   *int              `json:"seats"`
	UseTotp                 bool              `json:"useTotp"`
	UseGroups               bool              `json:"useGroups"`
	HasPublicAndPrivateKeys bool              `json:"hasPublicAndPrivateKeys"`
	ProductTierType         int               `json:"productTierType"`
}

// SyncResponse is the whole vault (§3.1).
type SyncResponse struct {
	Profile        Profile                `json:"profile"`
	Folders        []Folder               `json:"folders"`
	Collections    []Collection           `json:"collections"`
	Ciphers        []Cipher               `json:"ciphers"`
	Policies       []json.RawMessage      `json:"policies"`
	UserDecryption *UserDecryptionOptions `json:"userDecryption"`

	// BrokenCiphers are items that could not be parsed (a malformed
	// EncString, say). They are set aside so that one bad item does not
	// hide the rest of the vault.
	BrokenCiphers []BrokenCipher `json:"-"`
}

// BrokenCipher is an item of a sync that did not parse.
type BrokenCipher struct {
	ID  string
	Err error // names the field and the problem, never the value
}

// UnmarshalJSON decodes the items on every core, setting aside the broken
// ones.
func (s *SyncResponse) UnmarshalJSON(data []byte) error {
	type plain SyncResponse
	var raw struct {
		plain
		Ciphers []json.RawMessage `json:"ciphers"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return shapeError(err)
	}
	*s = SyncResponse(raw.plain)
	ciphers := make([]Cipher, len(raw.Ciphers))
	errs := make([]error, len(raw.Ciphers))
	parallel.For(len(raw.Ciphers), 64, func(i int) {
		errs[i] = json.Unmarshal(raw.Ciphers[i], &ciphers[i])
	})
	s.Ciphers = ciphers[:0]
	for i, c := range ciphers {
		if errs[i] != nil {
			var id struct {
				ID string `json:"id"`
			}
			json.Unmarshal(raw.Ciphers[i], &id)
			s.BrokenCiphers = append(s.BrokenCiphers, BrokenCipher{ID: id.ID, Err: fmt.Errorf("cipher %d: %w", i, errs[i])})
			continue
		}
		s.Ciphers = append(s.Ciphers, c)
	}
	return nil
}

// decodeBody lets Client.send hand the body straight to UnmarshalJSON:
// json.Unmarshal would first scan the whole body once more to validate it.
func (s *SyncResponse) decodeBody(data []byte) error { return s.UnmarshalJSON(data) }

// shapeError says what is wrong with a sync of the wrong JSON shape
// without the Go type names of json's message (nor any value).
func shapeError(err error) error {
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) {
		return err
	}
	if f := strings.TrimPrefix(te.Field, "."); f != "" {
		return fmt.Errorf("%q is a JSON %s, of the wrong type", f, te.Value)
	}
	return fmt.Errorf("a JSON %s, not an object", te.Value)
}

// Sync fetches the whole vault (GET /api/sync?excludeDomains=true). An
// answer without the user's profile is an error: it is not a vault, and
// applying it would empty the cache.
func (c *Client) Sync(ctx context.Context) (*SyncResponse, error) {
	const path = "/api/sync?excludeDomains=true"
	sr, err := get[SyncResponse](ctx, c, path)
	if err != nil {
		return nil, err
	}
	if sr.Profile.ID == "" {
		return nil, opError(http.MethodGet, path, errors.New("unusable answer: the sync has no profile"))
	}
	return sr, nil
}

// Profile fetches the user's profile (GET /api/accounts/profile).
func (c *Client) Profile(ctx context.Context) (*Profile, error) {
	return get[Profile](ctx, c, "/api/accounts/profile")
}

// RevisionDate returns the account revision date (GET
// /api/accounts/revision-date, an epoch-milliseconds number; protocol
// §6.4): the server moves it on any change to what a sync returns, so a
// client syncs only when it differs from the one its last sync was taken at.
func (c *Client) RevisionDate(ctx context.Context) (time.Time, error) {
	var ms int64
	if err := c.do(ctx, http.MethodGet, "/api/accounts/revision-date", nil, &ms); err != nil {
		return time.Time{}, err
	}
	return time.UnixMilli(ms).UTC(), nil
}
