package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/vaultdesk/vaultdesk/internal/clipboard"
)

// Settings are the user's preferences. They hold no secret, so they live in
// a plain JSON file in the data directory.
type Settings struct {
	ClipboardClearSeconds int      `json:"clipboardClearSeconds"` // 0 never clears
	LockTimeoutMinutes    int      `json:"lockTimeoutMinutes"`    // 0 never locks on inactivity
	Theme                 string   `json:"theme"`                 // "system", "light" or "dark"
	PinnedOrgs            []OrgPin `json:"pinnedOrgs"`            // Ctrl/Cmd+1..9, in order
}

// OrgPin names an organization through the account that reaches it.
type OrgPin struct {
	AccountID string `json:"accountId"`
	OrgID     string `json:"orgId"`
}

// MaxPinnedOrgs is how many orgs have a Ctrl/Cmd+digit shortcut.
const MaxPinnedOrgs = 9

// DefaultSettings are the product's defaults (product.md): clear the
// clipboard after 30 s, lock after 15 minutes idle.
func DefaultSettings() Settings {
	return Settings{ClipboardClearSeconds: 30, LockTimeoutMinutes: 15, Theme: "system", PinnedOrgs: []OrgPin{}}
}

// validate rejects what the screens cannot offer, so a hand-edited file
// cannot set a clear delay longer than the clipboard package allows.
func (s Settings) validate() error {
	switch {
	case s.ClipboardClearSeconds < 0 || s.ClipboardClearSeconds > int(clipboard.MaxClearDelay.Seconds()):
		return invalid("the clipboard clear time must be between 0 and 86400 seconds")
	case s.LockTimeoutMinutes < 0 || s.LockTimeoutMinutes > 24*60:
		return invalid("the lock timeout must be between 0 and 1440 minutes")
	case s.Theme != "system" && s.Theme != "light" && s.Theme != "dark":
		return invalid("the theme must be system, light or dark")
	case len(s.PinnedOrgs) > MaxPinnedOrgs:
		return invalid(fmt.Sprintf("at most %d organizations can be pinned", MaxPinnedOrgs))
	}
	return nil
}

// settingsStore loads and saves Settings; saving replaces the file
// atomically so a crash never leaves half a file.
type settingsStore struct {
	path string
	mu   sync.Mutex
	cur  Settings
}

func openSettings(dir string) (*settingsStore, error) {
	st := &settingsStore{path: filepath.Join(dir, "settings.json"), cur: DefaultSettings()}
	data, err := os.ReadFile(st.path)
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	s := DefaultSettings()
	if err := json.Unmarshal(data, &s); err != nil || s.validate() != nil {
		// A damaged settings file must not keep the app from opening:
		// fall back to the defaults, which the next save rewrites.
		return st, nil
	}
	if s.PinnedOrgs == nil {
		s.PinnedOrgs = []OrgPin{}
	}
	st.cur = s
	return st, nil
}

func (st *settingsStore) get() Settings {
	st.mu.Lock()
	defer st.mu.Unlock()
	s := st.cur
	s.PinnedOrgs = append([]OrgPin{}, st.cur.PinnedOrgs...)
	return s
}

// update applies f to a copy of the settings and saves the result.
func (st *settingsStore) update(f func(*Settings)) (Settings, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	s := st.cur
	s.PinnedOrgs = append([]OrgPin{}, st.cur.PinnedOrgs...)
	f(&s)
	if s.PinnedOrgs == nil {
		s.PinnedOrgs = []OrgPin{}
	}
	if err := s.validate(); err != nil {
		return st.cur, err
	}
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return st.cur, fmt.Errorf("save settings: %w", err)
	}
	tmp := st.path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return st.cur, fmt.Errorf("save settings: %w", err)
	}
	if err := os.Rename(tmp, st.path); err != nil {
		return st.cur, fmt.Errorf("save settings: %w", err)
	}
	st.cur = s
	return s, nil
}
