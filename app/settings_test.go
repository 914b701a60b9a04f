package app

import (
	"os"
	"path/filepath"
	"testing"
)

func TestSettingsDefaultsRoundTripAndDamage(t *testing.T) {
	dir := t.TempDir()
	st, err := openSettings(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := st.get(); got.ClipboardClearSeconds != 30 || got.LockTimeoutMinutes != 15 || got.Theme != "system" {
		t.Fatalf("defaults = %+v, want 30 s, 15 min, system", got)
	}

	saved, err := st.update(func(s *Settings) {
		s.Theme = "dark"
		s.ClipboardClearSeconds = 12
		s.PinnedOrgs = append(s.PinnedOrgs, OrgPin{AccountID: "a", OrgID: "o"})
	})
	if err != nil {
		t.Fatal(err)
	}
	again, err := openSettings(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := again.get(); got.Theme != "dark" || got.ClipboardClearSeconds != 12 || len(got.PinnedOrgs) != 1 || got.PinnedOrgs[0] != saved.PinnedOrgs[0] {
		t.Fatalf("reopened settings = %+v, want what was saved (%+v)", got, saved)
	}

	for name, bad := range map[string]func(*Settings){
		"theme":   func(s *Settings) { s.Theme = "neon" },
		"clear":   func(s *Settings) { s.ClipboardClearSeconds = -1 },
		"timeout": func(s *Settings) { s.LockTimeoutMinutes = 100000 },
		"pins":    func(s *Settings) { s.PinnedOrgs = make([]OrgPin, MaxPinnedOrgs+1) },
	} {
		if _, err := again.update(bad); uiCode(err) != CodeInvalid {
			t.Errorf("%s: update error = %v, want an invalid-input error", name, err)
		}
		if got := again.get(); got.Theme != "dark" {
			t.Errorf("%s: a refused update changed the settings to %+v", name, got)
		}
	}

	// A damaged file must not keep the app from opening.
	if err := os.WriteFile(filepath.Join(dir, "settings.json"), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	damaged, err := openSettings(dir)
	if err != nil {
		t.Fatalf("openSettings on a damaged file: %v", err)
	}
	if got := damaged.get(); got.Theme != "system" {
		t.Errorf("damaged file gave %+v, want the defaults", got)
	}
}
