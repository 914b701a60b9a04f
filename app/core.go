package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/accounts"
	"github.com/vaultdesk/vaultdesk/internal/clipboard"
	"github.com/vaultdesk/vaultdesk/internal/keychain"
)

// Core is what the bound services share: the accounts and their vaults, the
// clipboard, the settings and the channel of events to the window. Each
// service is a thin view of it for one area of the UI.
type Core struct {
	dataDir string
	log     *slog.Logger
	mgr     *accounts.Manager
	copier  *clipboard.Copier

	// emit sends an event to the frontend; a no-op until the window starts
	// (and in tests, which replace it to observe events).
	emitMu  sync.Mutex
	emit    func(name string, data any)
	openURL func(url string)

	settings *settingsStore
	sandbox  *sandboxRunner
	idle     *idleLock
	reprompt repromptGrants
}

// Options configure a Core.
type Options struct {
	// DataDir holds the accounts' caches, the settings and the built-in
	// sandbox's data; "" means $VAULTDESK_DATA_DIR, else the OS config dir.
	DataDir string
	// Keychain is the OS keychain; nil means the system's.
	Keychain keychain.Store
	// Board is the clipboard; nil means the system's.
	Board  clipboard.Board
	Logger *slog.Logger
}

// New opens the data directory and the accounts in it.
func New(opts Options) (*Core, error) {
	dir, err := resolveDataDir(opts.DataDir)
	if err != nil {
		return nil, err
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	kc := opts.Keychain
	if kc == nil {
		kc = keychain.System()
	}
	mgr, err := accounts.Open(filepath.Join(dir, "accounts"), accounts.Options{Keychain: kc, Logger: log})
	if err != nil {
		return nil, fmt.Errorf("open accounts in %s: %w", dir, err)
	}
	c := &Core{
		dataDir: dir,
		log:     log,
		mgr:     mgr,
		copier:  &clipboard.Copier{Board: opts.Board, Logger: log},
		emit:    func(string, any) {},
		openURL: func(string) {},
	}
	if c.settings, err = openSettings(dir); err != nil {
		mgr.Close()
		return nil, err
	}
	c.copier.SetClearAfter(clearDelay(c.settings.get()))
	if err := c.initSession(); err != nil {
		mgr.Close()
		return nil, err
	}
	return c, nil
}

func resolveDataDir(dir string) (string, error) {
	if dir == "" {
		dir = os.Getenv("VAULTDESK_DATA_DIR")
	}
	if dir == "" {
		base, err := os.UserConfigDir()
		if err != nil {
			return "", fmt.Errorf("find the data directory: %w (set VAULTDESK_DATA_DIR)", err)
		}
		dir = filepath.Join(base, "Vaultdesk")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("create the data directory: %w", err)
	}
	return dir, nil
}

// Attach connects the Core to the window once it exists: emit sends events
// to the frontend, openURL opens a link in the user's browser.
func (c *Core) Attach(emit func(name string, data any), openURL func(url string)) {
	c.emitMu.Lock()
	defer c.emitMu.Unlock()
	c.emit, c.openURL = emit, openURL
}

// OpenURL opens url in the user's browser.
func (c *Core) OpenURL(url string) {
	c.emitMu.Lock()
	open := c.openURL
	c.emitMu.Unlock()
	open(url)
}

// account finds an account by user id, the id every DTO carries.
func (c *Core) account(ctx context.Context, accountID string) (accounts.Status, error) {
	for _, st := range c.mgr.Accounts(ctx) {
		if st.UserID == accountID {
			return st, nil
		}
	}
	return accounts.Status{}, fmt.Errorf("account %s: %w", accountID, accounts.ErrNotSignedIn)
}

// clearDelay is the Copier's delay for the settings; "never" is the
// clipboard package's longest delay, since a Copier always clears.
func clearDelay(s Settings) time.Duration {
	if s.ClipboardClearSeconds == 0 {
		return clipboard.MaxClearDelay
	}
	return time.Duration(s.ClipboardClearSeconds) * time.Second
}

// Emit sends an event to the frontend. Events carry what the screen shows,
// never a secret.
func (c *Core) Emit(name string, data any) {
	c.emitMu.Lock()
	emit := c.emit
	c.emitMu.Unlock()
	emit(name, data)
}

// Close locks every account, clears a clipboard we still own (a pending
// clear dies with the process) and stops the sandbox.
func (c *Core) Close() error {
	ctx := context.Background()
	c.closeSession(ctx)
	c.copier.ClearNow(ctx)
	return errors.Join(c.mgr.Close())
}

// Startup runs once the window exists: it starts the built-in sandbox if an
// account lives on it and arms the idle lock.
func (c *Core) Startup(ctx context.Context) { c.startSession(ctx) }
