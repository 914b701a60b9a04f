package sandbox

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
)

// createOrg makes an org owned by a, with real keys, and returns its id
// and key.
func (e *env) createOrg(a *account, name string, seats int) (string, *crypto.SymmetricKey) {
	e.t.Helper()
	orgKey := crypto.GenerateSymmetricKey()
	wrapped := mustEnc(e.t)(a.priv.Public().WrapKey(orgKey))
	orgPriv := testRSAKey(e.t)
	encPriv := mustEnc(e.t)(orgKey.EncryptPrivateKey(orgPriv))
	body := map[string]any{
		"name": name, "billingEmail": a.email, "planType": 20, "key": wrapped.String(),
		"keys":           map[string]any{"publicKey": pub(orgPriv), "encryptedPrivateKey": encPriv.String()},
		"collectionName": enc(e.t, orgKey, "Default collection"),
	}
	if seats > 0 {
		body["seats"] = seats
	}
	var resp struct{ ID string }
	e.ok("POST", "/api/organizations", a.token, body, &resp)
	return resp.ID, orgKey
}

// importOrg imports n login items into one new collection of the org.
func (e *env) importOrg(a *account, orgID string, k *crypto.SymmetricKey, n int) {
	e.t.Helper()
	item := loginCipher(e.t, k, "item", "user", "password")
	ciphers := make([]any, n)
	rels := make([]any, n)
	for i := range ciphers {
		ciphers[i] = item
		rels[i] = map[string]int{"key": i, "value": 0}
	}
	e.ok("POST", "/api/ciphers/import-organization?organizationId="+orgID, a.token, map[string]any{
		"ciphers":                 ciphers,
		"collections":             []any{map[string]any{"name": enc(e.t, k, "Imported")}},
		"collectionRelationships": rels,
	}, nil)
}

// BenchmarkSync10k measures GET /api/sync over loopback for a user in 50
// orgs holding 10,000 items in all.
func BenchmarkSync10k(b *testing.B) {
	e := newEnv(b)
	a := e.register("bench@example.com")
	for i := range 50 {
		id, k := e.createOrg(a, fmt.Sprintf("Org %d", i), 0)
		e.importOrg(a, id, k, 200)
	}
	var size int
	b.ResetTimer()
	for b.Loop() {
		code, body := e.do("GET", "/api/sync?excludeDomains=true", a.token, nil)
		if code != http.StatusOK {
			b.Fatalf("sync = %d", code)
		}
		size = len(body)
	}
	b.ReportMetric(float64(size)/(1<<20), "MiB/op")
}

// BenchmarkPasswordLogin measures the password grant with the default
// server-side PBKDF2 (100,000 iterations).
func BenchmarkPasswordLogin(b *testing.B) {
	e := newEnv(b)
	e.srv.cfg.PasswordIterations = 100_000
	a := e.register("bench@example.com")
	form := a.loginForm()
	b.ResetTimer()
	for b.Loop() {
		if code, body := e.form(form); code != http.StatusOK {
			b.Fatalf("login = %d %s", code, body)
		}
	}
}
