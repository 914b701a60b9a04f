package cache

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
)

// newTestStore opens a fresh cache file in t.TempDir().
func newTestStore(tb testing.TB) (*Store, string) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "account.db")
	s, err := Open(path)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s, path
}

func testKeys(tb testing.TB) (*crypto.SymmetricKey, *SealKey) {
	tb.Helper()
	uk := crypto.GenerateSymmetricKey()
	return uk, DeriveSealKey(uk)
}

var (
	rsaOnce sync.Once
	rsaKey  *crypto.PrivateKey
)

func testPrivateKey(tb testing.TB) *crypto.PrivateKey {
	tb.Helper()
	rsaOnce.Do(func() {
		k, err := crypto.GenerateKeyPair()
		if err != nil {
			panic(err)
		}
		rsaKey = k
	})
	return rsaKey
}

// syncBuilder makes a realistic sync: names and secrets are EncStrings under
// the user or org key, and every plaintext it used (encrypted or not) is
// recorded, for the plaintext scan.
type syncBuilder struct {
	tb         testing.TB
	userKey    *crypto.SymmetricKey
	orgKey     *crypto.SymmetricKey
	tag        string
	plaintexts []string
	record     bool
}

func (b *syncBuilder) plain(s string) string {
	if b.record {
		b.plaintexts = append(b.plaintexts, s)
	}
	return s
}

func (b *syncBuilder) enc(k *crypto.SymmetricKey, s string) *crypto.EncString {
	b.tb.Helper()
	e, err := k.EncryptString(b.plain(s))
	if err != nil {
		b.tb.Fatalf("EncryptString: %v", err)
	}
	return &e
}

var t0 = time.Date(2026, 11, 1, 9, 30, 0, 123456000, time.UTC)

func ptr[T any](v T) *T { return &v }

// buildSync returns a sync with n ciphers (half personal, half in the org).
// Plaintexts of the first few ciphers are recorded.
func buildSync(tb testing.TB, userKey *crypto.SymmetricKey, n int, tag string) (*api.SyncResponse, []string) {
	tb.Helper()
	b := &syncBuilder{tb: tb, userKey: userKey, orgKey: crypto.GenerateSymmetricKey(), tag: tag, record: true}
	priv := testPrivateKey(tb)
	orgKeyWrapped, err := priv.Public().WrapKey(b.orgKey)
	if err != nil {
		tb.Fatal(err)
	}
	mk, err := crypto.DeriveMasterKey([]byte("pw"), "tech@msp.example", crypto.KDFParams{Type: crypto.KDFPBKDF2, Iterations: 100_000})
	if err != nil {
		tb.Fatal(err)
	}
	wrappedUK, err := mk.EncryptUserKey(userKey)
	if err != nil {
		tb.Fatal(err)
	}
	wrappedPriv, err := userKey.EncryptPrivateKey(priv)
	if err != nil {
		tb.Fatal(err)
	}
	const userID = "5c2a1f3e-0000-4000-8000-000000000001"
	orgID := "0a9b8c7d-0000-4000-8000-0000000000aa"
	s := &api.SyncResponse{
		Profile: api.Profile{
			ID:            userID,
			Name:          b.plain("Profile Name Zebediah Quenby " + tag),
			Email:         "tech@msp.example",
			EmailVerified: true,
			Culture:       "en-US",
			Key:           &wrappedUK,
			PrivateKey:    &wrappedPriv,
			SecurityStamp: b.plain("secstamp-7f3a9c1d2e-" + tag),
			Organizations: []api.ProfileOrganization{{
				ID:                 orgID,
				Name:               b.plain("Org Acme Dental Clinic " + tag),
				Key:                &orgKeyWrapped,
				Type:               api.OrgAdmin,
				Status:             api.OrgConfirmed,
				Enabled:            true,
				OrganizationUserID: "orguser-0001",
				UserID:             userID,
				Permissions:        &api.Permissions{ManageUsers: true, AccessReports: true},
				Seats:              ptr(25),
				UseTotp:            true,
			}, {
				ID:     "0a9b8c7d-0000-4000-8000-0000000000bb",
				Name:   b.plain("Org Brightwater Logistics " + tag),
				Type:   api.OrgUser,
				Status: api.OrgInvited,
			}},
		},
		Policies: []json.RawMessage{json.RawMessage(`{"id":"pol1","type":1,"data":{"contact":"` + b.plain("member.email.ops@brightwater.example") + `"}}`)},
		UserDecryption: &api.UserDecryptionOptions{HasMasterPassword: true, MasterPasswordUnlock: &api.MasterPasswordUnlockResponse{
			Kdf:                       api.KdfSettings{KdfType: crypto.KDFPBKDF2, Iterations: 600_000},
			MasterKeyEncryptedUserKey: &wrappedUK,
			Salt:                      "tech@msp.example",
		}},
		BrokenCiphers: []api.BrokenCipher{{ID: "broken-1", Err: fmt.Errorf("cipher 7: login.password: malformed")}},
	}
	for i := range 3 {
		s.Folders = append(s.Folders, api.Folder{
			ID:           fmt.Sprintf("f0000000-0000-4000-8000-%012d", i),
			Name:         *b.enc(userKey, fmt.Sprintf("Folder Clients Northwind %d %s", i, tag)),
			RevisionDate: t0.Add(time.Duration(i) * time.Hour),
		})
	}
	for i := range 3 {
		s.Collections = append(s.Collections, api.Collection{
			ID:             fmt.Sprintf("c0000000-0000-4000-8000-%012d", i),
			OrganizationID: orgID,
			Name:           *b.enc(b.orgKey, fmt.Sprintf("Collection Site Fairview/Server Room %d %s", i, tag)),
			ExternalID:     b.plain(fmt.Sprintf("ext-collection-ldap-%d-%s", i, tag)),
			ReadOnly:       i == 1,
			HidePasswords:  i == 2,
		})
	}
	for i := range n {
		if i == 6 {
			b.record = false // enough plaintexts; keep big syncs cheap to scan
		}
		key := userKey
		c := api.Cipher{
			ID:           fmt.Sprintf("a0000000-0000-4000-8000-%012d", i),
			Type:         api.CipherLogin,
			CreationDate: t0,
			RevisionDate: t0.Add(time.Duration(i) * time.Minute),
			Edit:         true,
			ViewPassword: true,
			Permissions:  &api.CipherPermissions{Delete: true, Restore: true},
			FolderID:     s.Folders[i%3].ID,
			Favorite:     i%7 == 0,
		}
		if i%2 == 1 {
			key = b.orgKey
			c.OrganizationID = orgID
			c.CollectionIDs = []string{s.Collections[i%3].ID}
			c.FolderID = ""
			c.OrganizationUseTotp = true
		}
		// A per-item key for some ciphers, as newer clients make.
		if i%4 == 0 {
			ik := crypto.GenerateSymmetricKey()
			wk, err := key.WrapKey(ik)
			if err != nil {
				tb.Fatal(err)
			}
			c.Key = &wk
			key = ik
		}
		c.Name = *b.enc(key, fmt.Sprintf("Item Router Admin Kestrel %d %s", i, tag))
		c.Notes = b.enc(key, fmt.Sprintf("Notes: VPN pre-shared key is in the binder %d %s", i, tag))
		switch i % 4 {
		case 0, 1:
			c.Login = &api.Login{
				URIs: []api.LoginURI{{
					URI:   b.enc(key, fmt.Sprintf("https://router-%d.kestrel-%s.example/admin", i, tag)),
					Match: ptr(api.MatchHost),
				}},
				Username:             b.enc(key, fmt.Sprintf("admin.user.%d.%s", i, tag)),
				Password:             b.enc(key, fmt.Sprintf("S3cret!Pa55word-%d-%s", i, tag)),
				PasswordRevisionDate: ptr(t0.Add(-time.Hour)),
				TOTP:                 b.enc(key, fmt.Sprintf("otpauth://totp/JBSWY3DPEHPK3PXP%d%s", i, tag)),
			}
			c.PasswordHistory = []api.PasswordHistory{{Password: *b.enc(key, fmt.Sprintf("OldPassw0rd-%d-%s", i, tag)), LastUsedDate: t0}}
		case 2:
			c.Type = api.CipherCard
			c.Card = &api.Card{
				CardholderName: b.enc(key, fmt.Sprintf("Cardholder Philippa Ormsby %d %s", i, tag)),
				Number:         b.enc(key, fmt.Sprintf("4111222233334444%d%s", i, tag)),
				Code:           b.enc(key, fmt.Sprintf("cvc-%d-987-%s", i, tag)),
			}
		case 3:
			c.Type = api.CipherIdentity
			c.Identity = &api.Identity{
				FirstName: b.enc(key, fmt.Sprintf("Identity Firstname Oswin %d %s", i, tag)),
				Email:     b.enc(key, fmt.Sprintf("oswin.member.%d@%s.example", i, tag)),
				SSN:       b.enc(key, fmt.Sprintf("SSN-078-05-1120-%d-%s", i, tag)),
			}
			c.DeletedDate = ptr(t0.Add(48 * time.Hour))
		}
		c.Fields = []api.Field{{Type: api.FieldHidden, Name: b.enc(key, fmt.Sprintf("Field PIN %d %s", i, tag)), Value: b.enc(key, fmt.Sprintf("field-value-2468-%d-%s", i, tag))}}
		if i == 0 {
			c.Attachments = []api.Attachment{{
				ID:       "att-0001",
				URL:      b.plain("https://files.vault.example/attachments/secret-upload-path-" + tag),
				FileName: b.enc(key, "Attachment network-diagram-"+tag+".pdf"),
				Key:      b.enc(key, "fake-attachment-key-"+tag),
				Size:     "12345",
				SizeName: "12.06 KB",
			}}
		}
		s.Ciphers = append(s.Ciphers, c)
	}
	return s, b.plaintexts
}
