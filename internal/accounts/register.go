package accounts

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
)

// RegisterRequest is what creating an account takes.
type RegisterRequest struct {
	Email string
	Name  string
	// Server and CAFile are as in LoginRequest.
	Server string
	CAFile string
	// Password is the new master password; the caller clears it.
	Password []byte
	// KDF defaults to PBKDF2-SHA256 with 600,000 iterations.
	KDF *crypto.KDFParams
	// OrgInviteToken and OrganizationUserID, from an invitation mail, let
	// the server create the account without verifying the address first
	// (the invitation did). Without them Register asks for an email
	// verification token; servers that mail it instead need
	// EmailVerificationToken.
	OrgInviteToken         api.Secret
	OrganizationUserID     string
	EmailVerificationToken api.Secret
}

// DefaultKDF is the KDF of new accounts: Bitwarden's current default.
var DefaultKDF = crypto.KDFParams{Type: crypto.KDFPBKDF2, Iterations: 600_000}

// ErrVerificationMailed means the server mailed the email verification
// token instead of returning it: register again with that token.
var ErrVerificationMailed = errors.New("the server emailed a verification token to the address")

// Register creates an account as Bitwarden's clients do (§2.2): a new user
// key under the master key, a new RSA pair with its private half under the
// user key. It then logs in (see Login), leaving the account unlocked.
func (m *Manager) Register(ctx context.Context, r RegisterRequest) (Status, error) {
	email := strings.ToLower(strings.TrimSpace(r.Email))
	if email == "" || !strings.Contains(email, "@") {
		return Status{}, fmt.Errorf("create account: %q is not an email address", r.Email)
	}
	if len(r.Password) == 0 {
		return Status{}, errors.New("create account: no master password")
	}
	kdf := DefaultKDF
	if r.KDF != nil {
		kdf = *r.KDF
	}
	server, err := ServerURL(r.Server)
	if err != nil {
		return Status{}, fmt.Errorf("create account: %w", err)
	}
	var caPEM []byte
	if r.CAFile != "" {
		if caPEM, err = os.ReadFile(r.CAFile); err != nil {
			return Status{}, fmt.Errorf("create account: CA file: %w", err)
		}
	}
	c, err := m.newClient(server, caPEM)
	if err != nil {
		return Status{}, fmt.Errorf("create account: %w", err)
	}

	priv, err := crypto.GenerateKeyPair()
	if err != nil {
		return Status{}, fmt.Errorf("create account: %w", err)
	}
	defer priv.Clear()
	mk, err := crypto.DeriveMasterKey(r.Password, email, kdf)
	if err != nil {
		return Status{}, fmt.Errorf("create account: %w", err)
	}
	defer mk.Clear()
	userKey := crypto.GenerateSymmetricKey()
	defer userKey.Clear()
	wrapped, err := mk.EncryptUserKey(userKey)
	if err != nil {
		return Status{}, fmt.Errorf("create account: %w", err)
	}
	encPriv, err := userKey.EncryptPrivateKey(priv)
	if err != nil {
		return Status{}, fmt.Errorf("create account: %w", err)
	}
	req := &api.RegisterRequest{
		Email:                        email,
		Name:                         strings.TrimSpace(r.Name),
		MasterPasswordAuthentication: api.MasterPasswordAuthentication{Kdf: api.KdfSettingsOf(kdf), Hash: mk.ServerHash(r.Password), Salt: email},
		MasterPasswordUnlock:         api.MasterPasswordUnlock{Kdf: api.KdfSettingsOf(kdf), MasterKeyWrappedUserKey: wrapped, Salt: email},
		UserAsymmetricKeys:           api.NewKeysRequest(priv.Public(), encPriv),
	}
	switch {
	case r.OrgInviteToken != "":
		req.OrgInviteToken, req.OrganizationUserID = r.OrgInviteToken, r.OrganizationUserID
	case r.EmailVerificationToken != "":
		req.EmailVerificationToken = r.EmailVerificationToken
	default:
		tok, err := c.SendVerificationEmail(ctx, email, req.Name)
		if err != nil {
			return Status{}, fmt.Errorf("create account: %w", netError(err))
		}
		if tok == "" {
			return Status{}, fmt.Errorf("create account %s: %w", email, ErrVerificationMailed)
		}
		req.EmailVerificationToken = tok
	}
	if err := c.Register(ctx, req); err != nil {
		return Status{}, fmt.Errorf("create account %s: %w", email, netError(err))
	}
	m.log.Info("registered", "op", "register")
	return m.Login(ctx, LoginRequest{Email: email, Server: r.Server, CAFile: r.CAFile, Password: r.Password})
}
