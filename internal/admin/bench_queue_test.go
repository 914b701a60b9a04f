package admin_test

import (
	"testing"

	"github.com/vaultdesk/vaultdesk/internal/admin"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// BenchmarkConfirmQueue50Orgs builds the confirm queue of a technician
// who owns 50 client organizations (10,000 items), benchPending of which
// have a member awaiting confirmation.
func BenchmarkConfirmQueue50Orgs(b *testing.B) {
	_, m := scaled(b)
	for b.Loop() {
		var q []admin.QueueEntry
		err := m.Admin(b.Context(), "", func(v *vault.Vault, c *api.Client) (err error) {
			q, err = admin.NewSession(v, c).ConfirmQueue(b.Context())
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
		if len(q) != benchPending {
			b.Fatalf("queue has %d entries, want %d", len(q), benchPending)
		}
	}
}
