package app

import (
	"strings"
	"testing"

	"github.com/vaultdesk/vaultdesk/internal/version"
)

func TestAbout(t *testing.T) {
	got := (&AboutService{}).About()
	if got.Name != "Vaultdesk" {
		t.Errorf("About().Name = %q, want Vaultdesk", got.Name)
	}
	if !strings.HasPrefix(got.Version, version.Version) {
		t.Errorf("About().Version = %q, want it to start with %q", got.Version, version.Version)
	}
}
