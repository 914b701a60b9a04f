package app

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/accounts"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
)

// SessionService answers the first-run, sign-in, unlock, account and
// settings screens.
type SessionService struct{ c *Core }

// NewSessionService binds the session screens to c.
func NewSessionService(c *Core) *SessionService { return &SessionService{c: c} }

// AppState is what the session gate and the top bar show.
type AppState struct {
	Accounts []AccountView `json:"accounts"`
	Settings Settings      `json:"settings"`
	// Sandbox says the built-in sandbox is running.
	Sandbox bool `json:"sandbox"`
}

// AccountView is one account as the switcher shows it.
type AccountView struct {
	ID          string `json:"id"` // the account's user id
	Email       string `json:"email"`
	Server      string `json:"server"`      // the server's URL
	ServerLabel string `json:"serverLabel"` // "Bitwarden US", "Bitwarden EU", "Sandbox" or the host
	Locked      bool   `json:"locked"`
	Keychain    bool   `json:"keychain"` // keychain unlock is enabled
	// LastSync is when the vault was last known to match the server (RFC
	// 3339), "" while locked or if never.
	LastSync string `json:"lastSync"`
	// Offline says the last sync could not reach the server; the cached
	// vault is still usable.
	Offline bool `json:"offline"`
	// SyncError is why the last sync failed for another reason (e.g. the
	// server ended the session), "" if it did not.
	SyncError string `json:"syncError"`
}

// SignInRequest is the sign-in form.
type SignInRequest struct {
	Server   string `json:"server"` // "us", "eu" or the URL of a self-hosted server
	Email    string `json:"email"`
	Password string `json:"password"` // master password; needed with an API key too
	// TwoFactorMethod answers a "two-factor" result: "authenticator",
	// "email" or "yubikey". With "email" and no code the server is asked
	// to mail one.
	TwoFactorMethod string `json:"twoFactorMethod"`
	TwoFactorCode   string `json:"twoFactorCode"`
	// NewDeviceCode answers a "new-device" result.
	NewDeviceCode string `json:"newDeviceCode"`
	// ClientID and ClientSecret sign in with a personal API key instead.
	ClientID     string `json:"clientId"`
	ClientSecret string `json:"clientSecret"`
}

// Sign-in outcomes (SignInResult.Status).
const (
	SignedIn           = "signed-in"
	SignInNeedsCode    = "two-factor" // ask for a two-step login code
	SignInNeedsNewCode = "new-device" // ask for the emailed new-device code
)

// SignInResult is where a sign-in got to. A second step the server wants
// is a result, not an error: the screen asks for the code.
type SignInResult struct {
	Status  string       `json:"status"` // SignedIn, SignInNeedsCode or SignInNeedsNewCode
	Account *AccountView `json:"account,omitempty"`
	// Methods are the two-step methods the server offers, by name
	// ("authenticator", "email", "yubikey", "duo", "webauthn"...).
	Methods []string `json:"methods"`
	// EmailSent says the server mailed a login code.
	EmailSent bool `json:"emailSent"`
}

// codeMethods are the two-step methods answered with a typed code.
var codeMethods = map[string]api.TwoFactorProvider{
	"authenticator": api.TwoFactorAuthenticator,
	"email":         api.TwoFactorEmail,
	"yubikey":       api.TwoFactorYubiKey,
}

func (c *Core) initSession() error {
	c.sandbox = newSandboxRunner(filepath.Join(c.dataDir, "sandbox"), c.log)
	c.idle = newIdleLock(lockTimeout(c.settings.get()), func() { c.lockIdle("idle") })
	c.idle.syncs = newSyncTracker()
	return nil
}

// startSession starts what runs in the background while the app is open:
// the lock on system sleep, the periodic sync and, if an account lives on
// the app's sandbox, the sandbox itself so that its sync and writes work.
func (c *Core) startSession(ctx context.Context) {
	base := c.idle.syncs.base
	watchSleep(base, c.Suspend)
	go c.syncLoop(base, syncEvery)
	if u := c.sandbox.savedURL(); u != "" && c.hasAccountOn(ctx, u) {
		go func() {
			if _, _, err := c.sandbox.start(base); err != nil {
				c.log.Warn("sandbox not started", "op", "sandbox", "err", err)
				return
			}
			c.Emit("session:changed", nil)
		}()
	}
}

func (c *Core) closeSession(ctx context.Context) {
	c.idle.stop()
	c.idle.syncs.close()
	c.sandbox.close()
}

// Suspend locks everything because the system is about to sleep. Linux
// reports sleep through logind (watchSleep); main wires Windows' own
// notice (options.Windows.OnSuspend) here.
func (c *Core) Suspend() { c.lockIdle("sleep") }

func (c *Core) hasAccountOn(ctx context.Context, server string) bool {
	for _, st := range c.mgr.Accounts(ctx) {
		if st.Server == server {
			return true
		}
	}
	return false
}

func (c *Core) anyUnlocked(ctx context.Context) bool {
	for _, st := range c.mgr.Accounts(ctx) {
		if !st.Locked {
			return true
		}
	}
	return false
}

// lockAll stops the syncs still running (a sync holds its account until it
// ends), locks every account and clears a clipboard we still own.
func (c *Core) lockAll(ctx context.Context) {
	c.idle.syncs.cancelRunning()
	c.mgr.LockAll(ctx)
	c.reprompt.forget("")
	c.clearClipboard(ctx)
}

// clearClipboard clears the clipboard if it still holds what we copied.
func (c *Core) clearClipboard(ctx context.Context) {
	if err := c.copier.ClearNow(ctx); err != nil {
		c.log.Warn("clipboard not cleared at lock", "op", "lock", "err", err)
	}
}

// state is the whole AppState.
func (c *Core) state(ctx context.Context) AppState {
	_, running := c.sandbox.running()
	sandboxURL := c.sandboxURL()
	all := c.mgr.Accounts(ctx)
	views := make([]AccountView, 0, len(all))
	for _, st := range all {
		views = append(views, c.view(st, sandboxURL))
	}
	return AppState{Accounts: views, Settings: c.settings.get(), Sandbox: running}
}

// accountView is one account's view.
func (c *Core) accountView(ctx context.Context, accountID string) (AccountView, error) {
	st, err := c.account(ctx, accountID)
	if err != nil {
		return AccountView{}, err
	}
	return c.view(st, c.sandboxURL()), nil
}

func (c *Core) view(st accounts.Status, sandboxURL string) AccountView {
	v := AccountView{
		ID:          st.UserID,
		Email:       st.Email,
		Server:      st.Server,
		ServerLabel: labelServer(st.Server, sandboxURL),
		Locked:      st.Locked,
		Keychain:    st.Keychain,
	}
	if st.Locked {
		return v
	}
	ss := c.idle.syncs.get(st.UserID)
	last := st.LastSync
	if ss.checked.After(last) {
		last = ss.checked
	}
	if !last.IsZero() {
		v.LastSync = last.UTC().Format(time.RFC3339)
	}
	v.Offline, v.SyncError = ss.offline, ss.problem
	return v
}

// sandboxURL is the address of the app's sandbox: where it runs, else
// where it ran last ("" if it never did).
func (c *Core) sandboxURL() string {
	if u, ok := c.sandbox.running(); ok {
		return u
	}
	return c.sandbox.savedURL()
}

// labelServer names a server as the technician knows it; sandboxURL is
// c.sandboxURL().
func labelServer(server, sandboxURL string) string {
	us, _ := accounts.ServerURL("us")
	eu, _ := accounts.ServerURL("eu")
	switch server = strings.TrimRight(server, "/"); server {
	case us:
		return "Bitwarden US"
	case eu:
		return "Bitwarden EU"
	case sandboxURL, accounts.SandboxURL:
		return "Sandbox"
	}
	if u, err := url.Parse(server); err == nil && u.Host != "" {
		return u.Host
	}
	return server
}

// callTimeout bounds a bound call that may wait on a server.
const callTimeout = 2 * time.Minute

// State returns the accounts, the settings and whether the sandbox runs.
func (s *SessionService) State() (AppState, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	return s.c.state(ctx), nil
}

// TrySandbox starts the built-in sandbox with the demo data (seeded the
// first time) and signs in as the demo technician, or unlocks that account
// when it is already here. It reports its steps as "sandbox:progress".
func (s *SessionService) TrySandbox() (AccountView, error) {
	c := s.c
	if !c.sandbox.trying.TryLock() {
		return AccountView{}, invalid("The sandbox is already starting")
	}
	defer c.sandbox.trying.Unlock()
	// Seeding the 50-org, 10,000-item set for the performance tests takes
	// minutes on two cores; the demo set takes seconds.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	progress := func(step string) { c.Emit("sandbox:progress", map[string]string{"step": step}) }

	progress("Starting the sandbox")
	server, needsSeed, err := c.sandbox.start(ctx)
	if err != nil {
		return AccountView{}, err
	}
	if needsSeed {
		progress("Creating the demo data")
		if err := c.sandbox.seed(ctx, os.Getenv("VAULTDESK_SANDBOX_SCALE")); err != nil {
			return AccountView{}, err
		}
	}

	progress("Signing in")
	password := []byte(demodata.TechPassword)
	defer clear(password)
	var found *accounts.Status
	for _, st := range c.mgr.Accounts(ctx) {
		if st.Server == server && strings.EqualFold(st.Email, demodata.TechEmail) {
			found = &st
			break
		}
	}
	var st accounts.Status
	switch {
	case found == nil:
		st, err = c.mgr.Login(ctx, accounts.LoginRequest{Email: demodata.TechEmail, Server: server, Password: password})
		if err != nil {
			return AccountView{}, fmt.Errorf("sign in to the sandbox: %w", err)
		}
		c.idle.syncs.record(st.UserID, nil) // Login synced the whole vault
	case found.Locked:
		if err := c.mgr.Unlock(ctx, found.Email, password); err != nil {
			return AccountView{}, fmt.Errorf("unlock the sandbox account: %w", err)
		}
		st = *found
		progress("Syncing")
		c.syncAccount(ctx, st, false)
	default:
		st = *found
		progress("Syncing")
		c.syncAccount(ctx, st, false)
	}
	c.idle.touch()
	c.Emit("session:changed", nil)
	return c.accountView(ctx, st.UserID)
}

// SignIn signs in to a Bitwarden server. When the server wants a second
// step the result says which, and the screen asks for the code.
func (s *SessionService) SignIn(r SignInRequest) (SignInResult, error) {
	email := strings.TrimSpace(r.Email)
	switch {
	case strings.TrimSpace(r.Server) == "":
		return SignInResult{}, invalid("Choose a server")
	case email == "":
		return SignInResult{}, invalid("Enter the account's email address")
	case !strings.Contains(email, "@"):
		return SignInResult{}, invalid(fmt.Sprintf("%q is not an email address", email))
	case r.Password == "":
		return SignInResult{}, invalid("Enter the master password")
	}
	server, err := accounts.ServerURL(r.Server)
	if err != nil {
		return SignInResult{}, invalid("Enter the server's address, e.g. https://vault.example.com")
	}
	// A Go string cannot be wiped; the copy Login reads can be.
	req := accounts.LoginRequest{Email: email, Server: server, Password: []byte(r.Password), NewDeviceCode: strings.TrimSpace(r.NewDeviceCode)}
	defer clear(req.Password)
	if r.ClientID != "" || r.ClientSecret != "" {
		id, secret := strings.TrimSpace(r.ClientID), strings.TrimSpace(r.ClientSecret)
		if id == "" || secret == "" {
			return SignInResult{}, invalid("Enter both the API key's client_id and client_secret")
		}
		req.APIKey = &api.APIKey{ClientID: id, ClientSecret: api.Secret(secret)}
	}
	if r.TwoFactorMethod != "" {
		p, ok := codeMethods[r.TwoFactorMethod]
		if !ok {
			return SignInResult{}, invalid("Two-step login by " + r.TwoFactorMethod + " is not supported here: use an authenticator app or an emailed code")
		}
		req.TwoFactor = &accounts.TwoFactor{Provider: p, Code: strings.TrimSpace(r.TwoFactorCode)}
	}

	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	st, err := s.c.mgr.Login(ctx, req)
	var tfe *accounts.TwoFactorRequiredError
	switch {
	case errors.As(err, &tfe):
		methods := make([]string, len(tfe.Providers))
		for i, p := range tfe.Providers {
			methods[i] = p.String()
		}
		return SignInResult{Status: SignInNeedsCode, Methods: methods, EmailSent: tfe.EmailSent}, nil
	case errors.Is(err, accounts.ErrNewDeviceCode):
		return SignInResult{Status: SignInNeedsNewCode, Methods: []string{}}, nil
	case err != nil:
		return SignInResult{}, err
	}
	s.c.idle.syncs.record(st.UserID, nil) // Login synced the whole vault
	s.c.idle.touch()
	s.c.Emit("session:changed", nil)
	v, err := s.c.accountView(ctx, st.UserID)
	if err != nil {
		return SignInResult{}, err
	}
	return SignInResult{Status: SignedIn, Account: &v, Methods: []string{}}, nil
}

// Unlock unlocks an account with its master password, offline, then syncs
// it in the background.
func (s *SessionService) Unlock(accountID, password string) (AccountView, error) {
	if password == "" {
		return AccountView{}, invalid("Enter the master password")
	}
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	st, err := s.c.account(ctx, accountID)
	if err != nil {
		return AccountView{}, err
	}
	pw := []byte(password)
	defer clear(pw)
	if err := s.c.mgr.Unlock(ctx, st.Email, pw); err != nil {
		return AccountView{}, err
	}
	return s.c.unlocked(ctx, st)
}

// UnlockWithKeychain unlocks an account with the key in the OS keychain.
func (s *SessionService) UnlockWithKeychain(accountID string) (AccountView, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	st, err := s.c.account(ctx, accountID)
	if err != nil {
		return AccountView{}, err
	}
	if err := s.c.mgr.UnlockWithKeychain(ctx, st.Email); err != nil {
		return AccountView{}, err
	}
	return s.c.unlocked(ctx, st)
}

// unlocked follows an unlock: it counts as activity, tells the window and
// starts the sync (Bitwarden's clients do the same: a full sync if the
// account's revision date moved while it was locked).
func (c *Core) unlocked(ctx context.Context, st accounts.Status) (AccountView, error) {
	c.idle.touch()
	c.syncInBackground(st)
	c.Emit("session:changed", nil)
	return c.accountView(ctx, st.UserID)
}

// Lock locks one account: its keys and decrypted items are forgotten.
func (s *SessionService) Lock(accountID string) error {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	st, err := s.c.account(ctx, accountID)
	if err != nil {
		return err
	}
	s.c.idle.syncs.cancelRunning()
	if err := s.c.mgr.Lock(ctx, st.Email); err != nil {
		return err
	}
	s.c.reprompt.forget(accountID)
	// What is on the clipboard may be this account's: clear it if it is
	// still ours, whichever account it came from.
	s.c.clearClipboard(ctx)
	s.c.Emit("session:changed", nil)
	return nil
}

// LockAll locks every account and clears a clipboard we still own.
func (s *SessionService) LockAll() error {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	s.c.lockAll(ctx)
	s.c.Emit("session:changed", nil)
	return nil
}

// Logout removes an account from this computer: its cache and its
// keychain entry.
func (s *SessionService) Logout(accountID string) error {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	st, err := s.c.account(ctx, accountID)
	if err != nil {
		return err
	}
	s.c.idle.syncs.cancelRunning()
	if err := s.c.mgr.Logout(ctx, st.Email); err != nil {
		return err
	}
	s.c.reprompt.forget(st.UserID)
	s.c.clearClipboard(ctx)
	s.c.idle.syncs.forget(st.UserID)
	s.c.Emit("session:changed", nil)
	return nil
}

// Sync brings an unlocked account ("" for every unlocked one) up to date
// with its server and returns the new state. A server that cannot be
// reached is not an error: the account shows offline and its cached vault
// stays usable.
func (s *SessionService) Sync(accountID string) (AppState, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	var targets []accounts.Status
	if accountID == "" {
		for _, st := range s.c.mgr.Accounts(ctx) {
			if !st.Locked {
				targets = append(targets, st)
			}
		}
	} else {
		st, err := s.c.account(ctx, accountID)
		if err != nil {
			return AppState{}, err
		}
		if st.Locked {
			return AppState{}, fmt.Errorf("sync %s: %w", st.Email, accounts.ErrLocked)
		}
		targets = append(targets, st)
	}
	var errs []error
	for _, st := range targets {
		// The user asked: download everything, as Bitwarden's "Sync vault
		// now" does, even if the revision date did not move.
		if err := s.c.syncAccount(ctx, st, true); err != nil && !errors.Is(err, accounts.ErrUnreachable) && !errors.Is(err, context.Canceled) {
			errs = append(errs, err)
		}
	}
	s.c.Emit("session:changed", nil)
	return s.c.state(ctx), errors.Join(errs...)
}

// SetKeychain turns keychain unlock on or off for an account. Turning it
// on needs the account unlocked.
func (s *SessionService) SetKeychain(accountID string, enabled bool) (AccountView, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	st, err := s.c.account(ctx, accountID)
	if err != nil {
		return AccountView{}, err
	}
	if enabled {
		err = s.c.mgr.EnableKeychain(ctx, st.Email)
	} else {
		err = s.c.mgr.DisableKeychain(ctx, st.Email)
	}
	if err != nil {
		return AccountView{}, err
	}
	s.c.Emit("session:changed", nil)
	return s.c.accountView(ctx, accountID)
}

// Settings returns the user's preferences.
func (s *SessionService) Settings() (Settings, error) { return s.c.settings.get(), nil }

// SaveSettings saves the preferences and applies them at once: the
// clipboard clear time to the next copy, the lock timeout from now.
func (s *SessionService) SaveSettings(in Settings) (Settings, error) {
	saved, err := s.c.settings.update(func(cur *Settings) { *cur = in })
	if err != nil {
		return saved, err
	}
	s.c.copier.SetClearAfter(clearDelay(saved))
	s.c.idle.setTimeout(lockTimeout(saved))
	s.c.Emit("session:changed", nil)
	return saved, nil
}

// Touch tells the idle lock the user is active. The frontend calls it on
// keyboard and mouse input, at most every 10 seconds.
func (s *SessionService) Touch() { s.c.idle.touch() }
