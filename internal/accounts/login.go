package accounts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
	"github.com/vaultdesk/vaultdesk/internal/cache"
)

// LoginRequest is what signing in takes.
type LoginRequest struct {
	Email string
	// Server is "us", "eu", "sandbox" or a URL (see ServerURL).
	Server string
	// CAFile is a PEM file with a private CA for this server; it is copied
	// next to the account's cache and trusted for this account only.
	CAFile string
	// Password is the master password. It is needed with an API key too:
	// the key signs in, the password decrypts. Login does not keep it; the
	// caller clears it.
	Password []byte
	// TwoFactor answers a two-step login challenge. With the email
	// provider and no Code, Login asks the server to mail a code.
	TwoFactor *TwoFactor
	// APIKey signs in with a personal API key instead of the password.
	APIKey *api.APIKey
	// NewDeviceCode answers ErrNewDeviceCode with the code the server
	// emailed.
	NewDeviceCode string
}

var (
	// ErrNewDeviceCode means the server wants this device verified before
	// it lets it in: it has emailed a code to the account's address; log
	// in again with LoginRequest.NewDeviceCode.
	ErrNewDeviceCode = errors.New("the server wants to verify this new device and has emailed a code to the account's address")
	// ErrWrongNewDeviceCode means the new-device code was wrong or has
	// expired; logging in without one has a new code sent.
	ErrWrongNewDeviceCode = errors.New("the new-device verification code is wrong or has expired")
)

// TwoFactor is a second factor for Login.
type TwoFactor struct {
	Provider api.TwoFactorProvider
	Code     string
}

// tokens is what the cache keeps sealed in its tokens slot.
type tokens struct {
	Access       string    `json:"access"`
	Refresh      string    `json:"refresh,omitempty"`
	Expiry       time.Time `json:"expiry"`
	ClientID     string    `json:"clientId,omitempty"`
	ClientSecret string    `json:"clientSecret,omitempty"`
}

const (
	slotTokens  = "tokens"
	slotSession = "session"
)

// Login signs in (prelogin, KDF, password or API-key grant), decrypts the
// user key, syncs the whole vault into a new cache and leaves the account
// unlocked. Signing in again to an account already here refreshes it.
//
// A second factor that is needed gives a *TwoFactorRequiredError; a refused
// email and password give ErrWrongPassword.
func (m *Manager) Login(ctx context.Context, r LoginRequest) (Status, error) {
	email := strings.TrimSpace(r.Email)
	if email == "" || !strings.Contains(email, "@") {
		return Status{}, fmt.Errorf("log in: %q is not an email address", r.Email)
	}
	if len(r.Password) == 0 {
		return Status{}, errors.New("log in: no master password")
	}
	server, err := ServerURL(r.Server)
	if err != nil {
		return Status{}, fmt.Errorf("log in: %w", err)
	}
	var caPEM []byte
	if r.CAFile != "" {
		if caPEM, err = os.ReadFile(r.CAFile); err != nil {
			return Status{}, fmt.Errorf("log in: CA file: %w", err)
		}
	}
	c, err := m.newClient(server, caPEM)
	if err != nil {
		return Status{}, fmt.Errorf("log in: %w", err)
	}

	pre, err := c.Prelogin(ctx, email)
	if err != nil {
		return Status{}, fmt.Errorf("log in: %w", netError(err))
	}
	salt := email
	if pre.Salt != nil && *pre.Salt != "" {
		salt = *pre.Salt
	}
	mk, err := crypto.DeriveMasterKey(r.Password, salt, pre.KDF())
	if err != nil {
		return Status{}, fmt.Errorf("log in: %w", err)
	}
	defer mk.Clear()
	hash := mk.ServerHash(r.Password)

	var lr *api.LoginResponse
	if r.APIKey != nil {
		lr, err = c.LoginAPIKey(ctx, r.APIKey.ClientID, r.APIKey.ClientSecret)
		if errors.Is(err, api.ErrInvalidCredentials) {
			return Status{}, fmt.Errorf("log in: the API key was refused: %w", err)
		}
	} else {
		var tf *api.TwoFactorLogin
		if r.TwoFactor != nil && r.TwoFactor.Code != "" {
			tf = &api.TwoFactorLogin{Provider: r.TwoFactor.Provider, Token: strings.TrimSpace(r.TwoFactor.Code)}
		}
		if code := strings.TrimSpace(r.NewDeviceCode); code != "" {
			if tf == nil {
				tf = &api.TwoFactorLogin{}
			}
			tf.NewDeviceOTP = code
		}
		lr, err = c.LoginPassword(ctx, email, hash, tf)
		switch {
		case errors.Is(err, api.ErrNewDeviceVerification):
			return Status{}, fmt.Errorf("log in %s: %w", email, ErrNewDeviceCode)
		case errors.Is(err, api.ErrInvalidNewDeviceOTP):
			return Status{}, fmt.Errorf("log in %s: %w", email, ErrWrongNewDeviceCode)
		}
		var tfe *api.TwoFactorRequiredError
		if errors.As(err, &tfe) {
			out := &TwoFactorRequiredError{Providers: tfe.Providers}
			wantEmail := r.TwoFactor != nil && r.TwoFactor.Provider == api.TwoFactorEmail && r.TwoFactor.Code == ""
			onlyEmail := r.TwoFactor == nil && len(tfe.Providers) == 1 && tfe.Has(api.TwoFactorEmail)
			if tfe.Has(api.TwoFactorEmail) && (wantEmail || onlyEmail) {
				if err := c.SendEmailLoginCode(ctx, email, hash); err != nil {
					return Status{}, fmt.Errorf("log in: send email code: %w", netError(err))
				}
				out.EmailSent = true
			}
			return Status{}, out
		}
		if errors.Is(err, api.ErrInvalidCredentials) {
			return Status{}, fmt.Errorf("log in %s: %w (or wrong email, or wrong two-step code)", email, ErrWrongPassword)
		}
	}
	if err != nil {
		return Status{}, fmt.Errorf("log in: %w", netError(err))
	}
	wrapped := lr.UserKey()
	if wrapped == nil || wrapped.IsZero() {
		return Status{}, errors.New("log in: the server sent no user key")
	}
	userKey, err := mk.DecryptUserKey(*wrapped)
	if err != nil {
		if errors.Is(err, crypto.ErrMACMismatch) || errors.Is(err, crypto.ErrWrongKey) {
			return Status{}, fmt.Errorf("log in %s: %w", email, ErrWrongPassword)
		}
		return Status{}, fmt.Errorf("log in: %w", err)
	}
	id := c.UserID()
	if id == "" || strings.ContainsAny(id, `/\.`) {
		userKey.Clear()
		return Status{}, fmt.Errorf("log in: the server sent an unusable user id %q", id)
	}

	// Everything from the network first, so a failure leaves no files.
	rev, err := c.RevisionDate(ctx)
	if err != nil {
		userKey.Clear()
		return Status{}, fmt.Errorf("log in: %w", netError(err))
	}
	sr, err := c.Sync(ctx)
	if err != nil {
		userKey.Clear()
		return Status{}, fmt.Errorf("log in: sync: %w", netError(err))
	}

	a, isNew, err := m.store(ctx, id, &cache.Account{
		UserID: id, Email: email, Salt: salt, ServerURL: server, KDF: lr.KDF(), WrappedUserKey: *wrapped,
	}, caPEM)
	if err != nil {
		userKey.Clear()
		return Status{}, fmt.Errorf("log in: %w", err)
	}
	a.mu.Lock()
	a.dropKeys(m)
	seal := cache.DeriveSealKey(userKey)
	err = a.store.ApplySync(ctx, seal, sr, rev)
	if err == nil {
		a.userKey, a.seal, a.client = userKey, seal, c
		err = a.store.DeleteSlot(ctx, slotTokens) // a previous session's
	}
	if err == nil {
		err = m.saveTokens(ctx, a, r.APIKey)
	}
	a.mu.Unlock()
	if err != nil {
		m.lock(ctx, a, false)
		if isNew {
			// Leave no half-made account behind.
			m.mu.Lock()
			delete(m.accts, id)
			m.mu.Unlock()
			a.store.Close()
			cache.Delete(a.path)
			if a.caFile != "" {
				os.Remove(a.caFile)
			}
		}
		return Status{}, fmt.Errorf("log in: %w", err)
	}
	m.log.Info("logged in", "op", "login", "account", id)
	return a.status(ctx), nil
}

// store opens or creates the cache of user id and saves its record and CA;
// isNew says the account was not here before.
func (m *Manager) store(ctx context.Context, id string, rec *cache.Account, caPEM []byte) (a *account, isNew bool, err error) {
	m.mu.Lock()
	a = m.accts[id]
	m.mu.Unlock()
	if a == nil {
		isNew = true
		if a, err = m.openAccount(id); err != nil {
			return nil, false, err
		}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	caFile := filepath.Join(m.dir, id+".ca.pem")
	fail := func(err error) (*account, bool, error) {
		if isNew {
			a.store.Close()
			cache.Delete(a.path)
			os.Remove(caFile)
		}
		return nil, false, err
	}
	if len(caPEM) > 0 {
		if err := os.WriteFile(caFile, caPEM, 0o600); err != nil {
			return fail(fmt.Errorf("save CA file: %w", err))
		}
		a.caFile = caFile
	} else if a.caFile != "" {
		os.Remove(caFile)
		a.caFile = ""
	}
	if err := a.store.SaveAccount(ctx, rec); err != nil {
		return fail(err)
	}
	r, err := a.store.LoadAccount(ctx)
	if err != nil {
		return fail(err)
	}
	a.rec = r
	m.mu.Lock()
	m.accts[id] = a
	m.mu.Unlock()
	return a, isNew, nil
}

// saveTokens seals the client's tokens (and the API key of an API-key
// session) into the cache; a.mu is held and a is unlocked.
func (m *Manager) saveTokens(ctx context.Context, a *account, key *api.APIKey) error {
	t := a.client.Tokens()
	tk := tokens{Access: string(t.AccessToken), Refresh: string(t.RefreshToken), Expiry: t.Expiry}
	if key != nil {
		tk.ClientID, tk.ClientSecret = key.ClientID, string(key.ClientSecret)
	} else if old, err := m.loadTokens(ctx, a); err == nil && old.ClientID != "" {
		tk.ClientID, tk.ClientSecret = old.ClientID, old.ClientSecret
	}
	return saveSlot(ctx, a, slotTokens, tk)
}

func (m *Manager) loadTokens(ctx context.Context, a *account) (*tokens, error) {
	var t tokens
	if err := loadSlot(ctx, a, slotTokens, &t); err != nil {
		return nil, err
	}
	return &t, nil
}

// apiClient returns the account's client, resuming the session from the
// sealed tokens; a.mu is held and a is unlocked.
func (m *Manager) apiClient(ctx context.Context, a *account) (*api.Client, error) {
	if a.client != nil {
		return a.client, nil
	}
	var caPEM []byte
	if a.caFile != "" {
		var err error
		if caPEM, err = os.ReadFile(a.caFile); err != nil {
			return nil, fmt.Errorf("CA file: %w", err)
		}
	}
	c, err := m.newClient(a.rec.ServerURL, caPEM)
	if err != nil {
		return nil, err
	}
	t, err := m.loadTokens(ctx, a)
	if errors.Is(err, cache.ErrNotFound) {
		return nil, fmt.Errorf("no saved session (log in again): %w", ErrNotSignedIn)
	}
	if err != nil {
		return nil, err
	}
	c.SetTokens(api.Tokens{AccessToken: api.Secret(t.Access), RefreshToken: api.Secret(t.Refresh), Expiry: t.Expiry})
	if t.Refresh == "" && t.ClientID != "" && m.opts.Now().Add(5*time.Minute).After(t.Expiry) {
		// API-key sessions have no refresh token: repeat the grant.
		if _, err := c.LoginAPIKey(ctx, t.ClientID, api.Secret(t.ClientSecret)); err != nil {
			return nil, netError(err)
		}
	}
	a.client = c
	return c, nil
}

// loadSlot decodes the JSON sealed in the account's cache slot name into
// v. The decoder's error is dropped: it may quote part of the plaintext.
func loadSlot(ctx context.Context, a *account, name string, v any) error {
	b, err := a.store.LoadSealed(ctx, a.seal, name)
	if err != nil {
		return err
	}
	defer clear(b)
	if json.Unmarshal(b, v) != nil {
		return fmt.Errorf("%s: %w", name, cache.ErrCorrupt)
	}
	return nil
}

// saveSlot seals v, as JSON, in the account's cache slot name.
func saveSlot(ctx context.Context, a *account, name string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	defer clear(b)
	return a.store.SaveSealed(ctx, a.seal, name, b)
}
