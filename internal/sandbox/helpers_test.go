package sandbox

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
)

// testClock is an injectable clock that only moves when told to.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// testLogWriter routes the server's log to t.Logf.
type testLogWriter struct{ t testing.TB }

func (w testLogWriter) Write(p []byte) (int, error) {
	w.t.Logf("%s", bytes.TrimRight(p, "\n"))
	return len(p), nil
}

// env is a real sandbox on a real SQLite file, served on 127.0.0.1.
type env struct {
	t     testing.TB
	dir   string
	srv   *Server
	ts    *httptest.Server
	clock *testClock
}

func newEnv(t testing.TB) *env {
	t.Helper()
	dir := t.TempDir()
	clock := &testClock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	var logger *slog.Logger
	if _, ok := t.(*testing.B); ok {
		logger = nil
	} else {
		logger = slog.New(slog.NewTextHandler(testLogWriter{t}, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	srv, err := Open(Config{DataDir: dir, Logger: logger, Now: clock.Now, PasswordIterations: 1000})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { srv.Close() })
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &env{t: t, dir: dir, srv: srv, ts: ts, clock: clock}
}

// do sends a JSON request (body may be nil, a []byte sent as is, or a value
// to encode) and returns the status and the body.
func (e *env) do(method, path, token string, body any) (int, []byte) {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	case string:
		rd = strings.NewReader(b)
	default:
		enc, err := json.Marshal(b)
		if err != nil {
			e.t.Fatalf("encode request: %v", err)
		}
		rd = bytes.NewReader(enc)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, e.ts.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := e.ts.Client().Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp.StatusCode, data
}

// ok sends a request that must answer 200 and decodes the answer into out
// (if not nil).
func (e *env) ok(method, path, token string, body, out any) {
	e.t.Helper()
	code, data := e.do(method, path, token, body)
	if code != http.StatusOK {
		e.t.Fatalf("%s %s = %d %s, want 200", method, path, code, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			e.t.Fatalf("%s %s: decode %s: %v", method, path, data, err)
		}
	}
}

// fail sends a request that must answer the given status with the error
// envelope, and returns the envelope's message.
func (e *env) fail(want int, method, path, token string, body any) string {
	e.t.Helper()
	code, data := e.do(method, path, token, body)
	if code != want {
		e.t.Fatalf("%s %s = %d %s, want %d", method, path, code, data, want)
	}
	return checkEnvelope(e.t, data)
}

// checkEnvelope checks the Bitwarden error envelope (§6.2) and returns its
// message.
func checkEnvelope(t testing.TB, data []byte) string {
	t.Helper()
	var env struct {
		Message          *string             `json:"message"`
		ValidationErrors map[string][]string `json:"validationErrors"`
		ErrorModel       *struct {
			Message string `json:"message"`
			Object  string `json:"object"`
		} `json:"errorModel"`
		Error            *string `json:"error"`
		ErrorDescription *string `json:"error_description"`
		Object           string  `json:"object"`
	}
	if err := json.Unmarshal(data, &env); err != nil {
		t.Fatalf("error body %s is not JSON: %v", data, err)
	}
	if env.Message == nil || *env.Message == "" || env.ErrorModel == nil || env.ErrorModel.Message != *env.Message ||
		env.ErrorModel.Object != "error" || env.Object != "error" || env.Error == nil || env.ErrorDescription == nil ||
		len(env.ValidationErrors[""]) != 1 {
		t.Fatalf("error body %s is not the Bitwarden error envelope", data)
	}
	if bytes.Contains(data, []byte("goroutine")) || bytes.Contains(data, []byte(".go:")) {
		t.Fatalf("error body %s looks like a stack trace", data)
	}
	return *env.Message
}

// form posts to the token endpoint.
func (e *env) form(values url.Values) (int, []byte) {
	e.t.Helper()
	resp, err := e.ts.Client().PostForm(e.ts.URL+"/identity/connect/token", values)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, data
}

// Test keys: RSA key generation is slow, so a few are made once and shared.
var testKeyPool = sync.OnceValues(func() ([]*crypto.PrivateKey, error) {
	keys := make([]*crypto.PrivateKey, 3)
	for i := range keys {
		k, err := crypto.GenerateKeyPair()
		if err != nil {
			return nil, err
		}
		keys[i] = k
	}
	return keys, nil
})

var keyCounter struct {
	sync.Mutex
	n int
}

func testRSAKey(t testing.TB) *crypto.PrivateKey {
	t.Helper()
	keys, err := testKeyPool()
	if err != nil {
		t.Fatal(err)
	}
	keyCounter.Lock()
	defer keyCounter.Unlock()
	keyCounter.n++
	return keys[keyCounter.n%len(keys)]
}

// account is a registered user with real keys made by the crypto core.
type account struct {
	id, email, password string
	hash                string // master password hash sent to the server
	userKey             *crypto.SymmetricKey
	priv                *crypto.PrivateKey
	token, refresh      string
	deviceID            string
}

var testKDF = crypto.KDFParams{Type: crypto.KDFPBKDF2, Iterations: 100_000}

// register creates an account through send-verification-email and
// register/finish (the current body shape), then logs in.
func (e *env) register(email string) *account {
	e.t.Helper()
	a := &account{email: email, password: "correct horse " + email, deviceID: newID()}
	mk, err := crypto.DeriveMasterKey([]byte(a.password), email, testKDF)
	if err != nil {
		e.t.Fatal(err)
	}
	a.hash = mk.ServerHash([]byte(a.password))
	a.userKey = crypto.GenerateSymmetricKey()
	wrapped, err := mk.EncryptUserKey(a.userKey)
	if err != nil {
		e.t.Fatal(err)
	}
	a.priv = testRSAKey(e.t)
	encPriv, err := a.userKey.EncryptPrivateKey(a.priv)
	if err != nil {
		e.t.Fatal(err)
	}
	var tok string
	e.ok("POST", "/identity/accounts/register/send-verification-email", "", map[string]any{"email": email, "name": "User " + email}, &tok)
	kdf := map[string]any{"kdfType": 0, "iterations": testKDF.Iterations, "memory": nil, "parallelism": nil}
	norm := strings.ToLower(strings.TrimSpace(email))
	e.ok("POST", "/identity/accounts/register/finish", "", map[string]any{
		"email":                        email,
		"emailVerificationToken":       tok,
		"masterPasswordAuthentication": map[string]any{"kdf": kdf, "masterPasswordAuthenticationHash": a.hash, "salt": norm},
		"masterPasswordUnlock":         map[string]any{"kdf": kdf, "masterKeyWrappedUserKey": wrapped.String(), "salt": norm},
		"userAsymmetricKeys":           map[string]any{"publicKey": a.publicKey(), "encryptedPrivateKey": encPriv.String()},
	}, nil)
	e.login(a)
	return a
}

func (a *account) publicKey() string {
	return base64.StdEncoding.EncodeToString(a.priv.Public().SPKI())
}

func (a *account) loginForm() url.Values {
	return url.Values{
		"grant_type": {"password"}, "username": {a.email}, "password": {a.hash}, "scope": {"api offline_access"},
		"client_id": {"cli"}, "deviceType": {"25"}, "deviceIdentifier": {a.deviceID}, "deviceName": {"linux"},
	}
}

// login runs the password grant and keeps the tokens.
func (e *env) login(a *account) map[string]any {
	e.t.Helper()
	code, data := e.form(a.loginForm())
	if code != http.StatusOK {
		e.t.Fatalf("login %s = %d %s", a.email, code, data)
	}
	var resp map[string]any
	if err := json.Unmarshal(data, &resp); err != nil {
		e.t.Fatal(err)
	}
	a.token, _ = resp["access_token"].(string)
	a.refresh, _ = resp["refresh_token"].(string)
	var prof struct{ ID string }
	e.ok("GET", "/api/accounts/profile", a.token, nil, &prof)
	a.id = prof.ID
	return resp
}

func enc(t testing.TB, k *crypto.SymmetricKey, s string) string {
	t.Helper()
	e, err := k.EncryptString(s)
	if err != nil {
		t.Fatal(err)
	}
	return e.String()
}

// loginCipher is a login item encrypted under k.
func loginCipher(t testing.TB, k *crypto.SymmetricKey, name, username, password string) map[string]any {
	return map[string]any{
		"type":  1,
		"name":  enc(t, k, name),
		"notes": nil,
		"login": map[string]any{
			"username": enc(t, k, username),
			"password": enc(t, k, password),
			"uris":     []any{map[string]any{"uri": enc(t, k, "https://"+name+".example"), "match": nil}},
			"totp":     nil,
		},
		"fields":          []any{map[string]any{"type": 1, "name": enc(t, k, "pin"), "value": enc(t, k, "1234"), "linkedId": nil}},
		"passwordHistory": nil,
		"favorite":        false,
		"reprompt":        0,
	}
}

// syncOf returns the decoded sync of an account.
func (e *env) syncOf(a *account) syncResp {
	e.t.Helper()
	var s syncResp
	e.ok("GET", "/api/sync?excludeDomains=true", a.token, nil, &s)
	return s
}

type syncCipher struct {
	ID             string
	OrganizationID *string
	Name           string
	FolderID       *string
	Favorite       bool
	Edit           bool
	ViewPassword   bool
	Permissions    struct{ Delete, Restore bool }
	CollectionIDs  []string
	DeletedDate    *string
	RevisionDate   string
	Login          *struct{ Username, Password string }
}

type syncResp struct {
	Object  string
	Profile struct {
		ID            string
		Organizations []struct {
			ID     string
			Key    *string
			Type   int
			Status int
		}
	}
	Folders     []struct{ ID, Name string }
	Collections []struct {
		ID, OrganizationID, Name        string
		ReadOnly, HidePasswords, Manage bool
	}
	Ciphers []syncCipher
}

func (s syncResp) cipher(id string) *syncCipher {
	for i := range s.Ciphers {
		if s.Ciphers[i].ID == id {
			return &s.Ciphers[i]
		}
	}
	return nil
}

func (e *env) revision(a *account) int64 {
	e.t.Helper()
	var n int64
	e.ok("GET", "/api/accounts/revision-date", a.token, nil, &n)
	return n
}

func (e *env) mail(to, kind string) Mail {
	e.t.Helper()
	mails, err := e.srv.Mailbox(context.Background(), to)
	if err != nil {
		e.t.Fatal(err)
	}
	for i := len(mails) - 1; i >= 0; i-- {
		if mails[i].Kind == kind {
			return mails[i]
		}
	}
	e.t.Fatalf("no %s mail to %s in %v", kind, to, mails)
	return Mail{}
}

// mustEnc(t)(f()) returns f's EncString or fails the test.
func mustEnc(t testing.TB) func(crypto.EncString, error) crypto.EncString {
	return func(v crypto.EncString, err error) crypto.EncString {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func pub(k *crypto.PrivateKey) string { return base64.StdEncoding.EncodeToString(k.Public().SPKI()) }

func parseEnc(s string) (crypto.EncString, error) { return crypto.ParseEncString(s) }

func decodeB64(s string) ([]byte, error) { return base64.StdEncoding.DecodeString(s) }
