package accounts

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
	"github.com/vaultdesk/vaultdesk/internal/cache"
	"github.com/vaultdesk/vaultdesk/internal/keychain"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// SandboxURL is the built-in sandbox's address, the server "sandbox".
const SandboxURL = "http://127.0.0.1:8087"

// Options configure a Manager. The zero value is usable.
type Options struct {
	// Keychain is the OS keychain; nil means keychain unlock is
	// unavailable.
	Keychain keychain.Store
	// Logger gets one line per operation (never a secret). Nil discards.
	Logger *slog.Logger
	// HTTP, when set, is the HTTP client of every account's API client
	// (tests). Nil means api's default, which verifies TLS against the
	// system roots plus the account's CA file.
	HTTP *http.Client
	// DeviceType is what the API client reports; zero means api's default.
	DeviceType api.DeviceType
	// Now defaults to time.Now.
	Now func() time.Time
}

// Manager holds the accounts of one data directory. It is safe for
// concurrent use.
type Manager struct {
	dir      string // DATA/accounts
	opts     Options
	log      *slog.Logger
	deviceID string
	set      *vault.Set

	mu    sync.Mutex // guards accts
	accts map[string]*account
}

// account is one signed-in account.
type account struct {
	id     string // user id
	path   string // cache file
	caFile string // "" or DATA/accounts/ID.ca.pem
	store  *cache.Store

	mu      sync.Mutex // guards everything below and serializes operations
	rec     *cache.Account
	userKey *crypto.SymmetricKey // nil while locked
	seal    *cache.SealKey       // nil while locked
	client  *api.Client          // nil until needed
	vault   *vault.Vault         // nil until needed; in Manager.set
}

// Open opens the accounts in dataDir, creating DATA/accounts if needed.
// Every account starts locked.
func Open(dataDir string, opts Options) (*Manager, error) {
	dir := filepath.Join(dataDir, "accounts")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("open accounts: %w", err)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	m := &Manager{dir: dir, opts: opts, log: opts.Logger, set: vault.NewSet(), accts: map[string]*account{}}
	if m.log == nil {
		m.log = slog.New(slog.DiscardHandler)
	}
	id, err := deviceID(dataDir)
	if err != nil {
		return nil, fmt.Errorf("open accounts: %w", err)
	}
	m.deviceID = id
	paths, err := filepath.Glob(filepath.Join(dir, "*.db"))
	if err != nil {
		return nil, fmt.Errorf("open accounts: %w", err)
	}
	for _, p := range paths {
		a, err := m.openAccount(strings.TrimSuffix(filepath.Base(p), ".db"))
		if err != nil {
			m.Close()
			return nil, fmt.Errorf("open accounts: %w", err)
		}
		if a.rec == nil {
			// A cache without an account record is left from an interrupted
			// login: ignore it.
			a.store.Close()
			continue
		}
		m.accts[a.id] = a
	}
	return m, nil
}

// deviceID reads or creates DATA/device-id, the installation's stable
// device identifier.
func deviceID(dataDir string) (string, error) {
	p := filepath.Join(dataDir, "device-id")
	if b, err := os.ReadFile(p); err == nil && len(strings.TrimSpace(string(b))) == 36 {
		return strings.TrimSpace(string(b)), nil
	}
	var u [16]byte // a random (version 4) UUID
	rand.Read(u[:])
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	id := fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:])
	if err := os.WriteFile(p, []byte(id+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("device id: %w", err)
	}
	return id, nil
}

// openAccount opens the cache of user id; rec is nil if it has no record.
func (m *Manager) openAccount(id string) (*account, error) {
	a := &account{id: id, path: filepath.Join(m.dir, id+".db")}
	if _, err := os.Stat(filepath.Join(m.dir, id+".ca.pem")); err == nil {
		a.caFile = filepath.Join(m.dir, id+".ca.pem")
	}
	s, err := cache.Open(a.path)
	if err != nil {
		return nil, err
	}
	a.store = s
	rec, err := s.LoadAccount(context.Background())
	if err != nil && !errors.Is(err, cache.ErrNotFound) {
		s.Close()
		return nil, err
	}
	a.rec = rec
	return a, nil
}

// Close locks every account and closes the caches.
func (m *Manager) Close() error {
	m.LockAll(context.Background())
	m.mu.Lock()
	defer m.mu.Unlock()
	var errs []error
	for id, a := range m.accts {
		errs = append(errs, a.store.Close())
		delete(m.accts, id)
	}
	return errors.Join(errs...)
}

// find returns the account with email, or the only account when email is
// "".
func (m *Manager) find(email string) (*account, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if email == "" {
		switch len(m.accts) {
		case 0:
			return nil, fmt.Errorf("no account: %w", ErrNotSignedIn)
		case 1:
			for _, a := range m.accts {
				return a, nil
			}
		}
		return nil, ErrAmbiguous
	}
	var found []*account
	for _, a := range m.accts {
		if strings.EqualFold(a.rec.Email, strings.TrimSpace(email)) {
			found = append(found, a)
		}
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("account %s: %w", email, ErrNotSignedIn)
	case 1:
		return found[0], nil
	}
	return nil, fmt.Errorf("account %s: %w (it is signed in on %d servers)", email, ErrAmbiguous, len(found))
}

// Status is what the account list shows.
type Status struct {
	UserID string
	Email  string
	Server string
	Locked bool
	// Keychain says keychain unlock is enabled.
	Keychain bool
	// LastSync is when the cache was last synced; zero while locked (the
	// sync state is sealed) or if it never was.
	LastSync time.Time
}

// Accounts returns the status of every account, sorted by email and server.
func (m *Manager) Accounts(ctx context.Context) []Status {
	m.mu.Lock()
	as := make([]*account, 0, len(m.accts))
	for _, a := range m.accts {
		as = append(as, a)
	}
	m.mu.Unlock()
	out := make([]Status, 0, len(as))
	for _, a := range as {
		out = append(out, a.status(ctx))
	}
	slices.SortFunc(out, func(x, y Status) int {
		if c := strings.Compare(x.Email, y.Email); c != 0 {
			return c
		}
		return strings.Compare(x.Server, y.Server)
	})
	return out
}

// Status returns the status of one account ("" for the only one).
func (m *Manager) Status(ctx context.Context, email string) (Status, error) {
	a, err := m.find(email)
	if err != nil {
		return Status{}, err
	}
	return a.status(ctx), nil
}

func (a *account) status(ctx context.Context) Status {
	a.mu.Lock()
	defer a.mu.Unlock()
	st := Status{UserID: a.rec.UserID, Email: a.rec.Email, Server: a.rec.ServerURL, Locked: a.userKey == nil}
	if _, err := a.store.LoadKeychainWrappedUserKey(ctx); err == nil {
		st.Keychain = true
	}
	if a.seal != nil {
		if info, err := a.store.LastSync(ctx, a.seal); err == nil {
			st.LastSync = info.SyncedAt
		}
	}
	return st
}

// keychainAccount is the account's name in the OS keychain.
func (a *account) keychainAccount() string {
	host := a.rec.ServerURL
	if u, err := url.Parse(host); err == nil && u.Host != "" {
		host = u.Host
	}
	return a.rec.UserID + "@" + host
}

// ServerURL resolves a server choice: "us", "eu", "sandbox" or a URL.
// The cloud regions resolve to their web-vault URLs.
func ServerURL(choice string) (string, error) {
	switch c := strings.ToLower(strings.TrimSpace(choice)); c {
	case "":
		return "", errors.New("no server given (us, eu, sandbox or a URL)")
	case "us":
		return cloudUS, nil
	case "eu":
		return cloudEU, nil
	case "sandbox":
		return SandboxURL, nil
	}
	u, err := url.Parse(strings.TrimSpace(choice))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", fmt.Errorf("server %q: want us, eu, sandbox or an http(s) URL", choice)
	}
	return strings.TrimRight(u.String(), "/"), nil
}

const (
	cloudUS = "https://vault.bitwarden.com"
	cloudEU = "https://vault.bitwarden.eu"
)

// newClient builds an API client for server (a ServerURL result), trusting
// the CA in caPEM too when it is not empty.
func (m *Manager) newClient(server string, caPEM []byte) (*api.Client, error) {
	opts := api.Options{
		HTTP:             m.opts.HTTP,
		Logger:           m.log,
		DeviceType:       m.opts.DeviceType,
		DeviceIdentifier: m.deviceID,
		Now:              m.opts.Now,
	}
	if len(caPEM) > 0 {
		pool, err := api.CertPoolWithPEM(caPEM)
		if err != nil {
			return nil, fmt.Errorf("CA file: %w", err)
		}
		opts.RootCAs = pool
	}
	switch server {
	case cloudUS:
		return api.NewCloud(api.RegionUS, opts)
	case cloudEU:
		return api.NewCloud(api.RegionEU, opts)
	}
	return api.New(server, opts)
}

// Logout removes the account: its cache files, its CA copy and its
// keychain entry. The server session is simply forgotten.
func (m *Manager) Logout(ctx context.Context, email string) error {
	a, err := m.find(email)
	if err != nil {
		return err
	}
	m.lock(ctx, a, false)
	a.mu.Lock()
	defer a.mu.Unlock()
	if m.opts.Keychain != nil {
		if err := m.opts.Keychain.Delete(a.keychainAccount()); err != nil &&
			!errors.Is(err, keychain.ErrNotFound) && !errors.Is(err, keychain.ErrUnavailable) {
			m.log.Warn("logout: keychain entry left", "op", "logout", "err", err)
		}
	}
	m.mu.Lock()
	delete(m.accts, a.id)
	m.mu.Unlock()
	a.store.Close()
	if err := cache.Delete(a.path); err != nil {
		return fmt.Errorf("log out %s: %w", a.rec.Email, err)
	}
	if a.caFile != "" {
		if err := os.Remove(a.caFile); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("log out %s: %w", a.rec.Email, err)
		}
	}
	m.log.Info("logged out", "op", "logout", "account", a.id)
	return nil
}
