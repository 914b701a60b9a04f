package api

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestNewURL(t *testing.T) {
	tests := []struct {
		in      string
		wantAPI string // "" = want an error
		wantID  string
	}{
		{"https://vault.example.com", "https://vault.example.com/api", "https://vault.example.com/identity"},
		{"https://vault.example.com/", "https://vault.example.com/api", "https://vault.example.com/identity"},
		{"https://example.com/bitwarden/", "https://example.com/bitwarden/api", "https://example.com/bitwarden/identity"},
		{"http://127.0.0.1:8087", "http://127.0.0.1:8087/api", "http://127.0.0.1:8087/identity"},
		{"http://localhost:8087", "http://localhost:8087/api", "http://localhost:8087/identity"},
		{"http://[::1]:8087", "http://[::1]:8087/api", "http://[::1]:8087/identity"},
		{"http://vault.example.com", "", ""},
		{"http://10.0.0.1", "", ""},
		{"ftp://vault.example.com", "", ""},
		{"vault.example.com", "", ""},
		{"https://user:pw@vault.example.com", "", ""},
		{"https://vault.example.com/?x=1", "", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			c, err := New(tt.in, Options{})
			if tt.wantAPI == "" {
				if err == nil {
					t.Fatalf("New(%q) succeeded, want an error", tt.in)
				}
				return
			}
			if err != nil {
				t.Fatalf("New(%q): %v", tt.in, err)
			}
			if got := c.APIURL.String(); got != tt.wantAPI {
				t.Errorf("APIURL = %q, want %q", got, tt.wantAPI)
			}
			if got := c.IdentityURL.String(); got != tt.wantID {
				t.Errorf("IdentityURL = %q, want %q", got, tt.wantID)
			}
			if got := c.url("/api/ciphers/x?y=z"); got != tt.wantAPI+"/ciphers/x?y=z" {
				t.Errorf("url(/api/ciphers/x?y=z) = %q", got)
			}
		})
	}
}

func TestNewCloud(t *testing.T) {
	for _, tt := range []struct {
		r             Region
		api, identity string
	}{
		{RegionUS, "https://api.bitwarden.com", "https://identity.bitwarden.com"},
		{RegionEU, "https://api.bitwarden.eu", "https://identity.bitwarden.eu"},
	} {
		c, err := NewCloud(tt.r, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if c.APIURL.String() != tt.api || c.IdentityURL.String() != tt.identity {
			t.Errorf("NewCloud(%s) = %s, %s; want %s, %s", tt.r, c.APIURL, c.IdentityURL, tt.api, tt.identity)
		}
		if got := c.url("/identity/connect/token"); got != tt.identity+"/connect/token" {
			t.Errorf("token URL = %s", got)
		}
	}
	if _, err := NewCloud("mars", Options{}); err == nil {
		t.Error("NewCloud(mars) succeeded")
	}
}

func TestNewRefusesInsecureTransport(t *testing.T) {
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	if _, err := New("https://vault.example.com", Options{HTTP: hc}); err == nil {
		t.Error("New accepted an HTTP client that skips TLS verification")
	}
}

func TestDefaults(t *testing.T) {
	c, err := New("https://vault.example.com", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Device.Type != DeviceLinuxDesktop || c.ClientName != "desktop" || c.ClientVersion != DefaultClientVersion {
		t.Errorf("defaults: device %d, client %q %q", c.Device.Type, c.ClientName, c.ClientVersion)
	}
	if len(c.Device.Identifier) != 36 {
		t.Errorf("device identifier %q is not a UUID", c.Device.Identifier)
	}
	c, _ = New("https://vault.example.com", Options{DeviceType: DeviceLinuxCLI, DeviceIdentifier: "fixed"})
	if c.ClientName != "cli" || c.Device.Identifier != "fixed" {
		t.Errorf("CLI defaults: client %q, device %q", c.ClientName, c.Device.Identifier)
	}
}

// fakeJWT builds an unsigned token with the claims a client reads.
func fakeJWT(sub string, exp time.Time, n int) string {
	enc := base64.RawURLEncoding.EncodeToString
	claims, _ := json.Marshal(map[string]any{"sub": sub, "exp": exp.Unix(), "client_id": "desktop", "email": "a@example.com", "n": n})
	return enc([]byte(`{"alg":"none"}`)) + "." + enc(claims) + "." + enc([]byte("sig"))
}

// fakeServer is a tiny identity + API server for the client's own logic;
// the wire shapes are tested against the real sandbox in sandbox_test.go.
type fakeServer struct {
	t   *testing.T
	now func() time.Time

	mu        sync.Mutex
	issued    int    // access tokens handed out
	valid     string // the access token the API accepts
	refreshes int
	headers   http.Header // of the last API request
	forms     []string    // grant types seen
}

func (f *fakeServer) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /identity/connect/token", func(w http.ResponseWriter, r *http.Request) {
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
			f.t.Errorf("token request Content-Type = %q", ct)
		}
		r.ParseForm()
		f.mu.Lock()
		defer f.mu.Unlock()
		grant := r.PostForm.Get("grant_type")
		f.forms = append(f.forms, grant)
		switch grant {
		case "password":
			if r.PostForm.Get("deviceIdentifier") == "" || r.PostForm.Get("deviceType") != "8" || r.PostForm.Get("deviceName") == "" {
				f.t.Errorf("password grant without device fields: %v", r.PostForm)
			}
			if r.PostForm.Get("password") != "hash" {
				w.WriteHeader(400)
				io.WriteString(w, `{"error":"invalid_grant","error_description":"invalid_username_or_password","ErrorModel":{"Message":"Username or password is incorrect. Try again.","Object":"error"}}`)
				return
			}
			if r.PostForm.Get("twoFactorToken") == "" && r.PostForm.Get("username") == "2fa@example.com" {
				w.WriteHeader(400)
				io.WriteString(w, `{"error":"invalid_grant","error_description":"Two factor required.","TwoFactorProviders":["1","0"],"TwoFactorProviders2":{"1":{"Email":"t***@example.com"},"0":null}}`)
				return
			}
		case "refresh_token":
			f.refreshes++
			if r.PostForm.Get("refresh_token") != "refresh-1" || r.PostForm.Get("client_id") != "desktop" {
				w.WriteHeader(400)
				io.WriteString(w, `{"error":"invalid_grant"}`)
				return
			}
		default:
			w.WriteHeader(400)
			io.WriteString(w, `{"error":"unsupported_grant_type"}`)
			return
		}
		f.issued++
		f.valid = fakeJWT("user-1", f.now().Add(time.Hour), f.issued)
		fmt.Fprintf(w, `{"access_token":%q,"expires_in":3600,"token_type":"Bearer","refresh_token":"refresh-1","Key":null,"Kdf":0,"KdfIterations":600000}`, f.valid)
	})
	mux.HandleFunc("GET /api/accounts/profile", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.headers = r.Header.Clone()
		if r.Header.Get("Authorization") != "Bearer "+f.valid {
			w.WriteHeader(401)
			return
		}
		io.WriteString(w, `{"id":"user-1","email":"a@example.com","object":"profile"}`)
	})
	mux.HandleFunc("GET /api/status/{code}", func(w http.ResponseWriter, r *http.Request) {
		var code int
		fmt.Sscan(r.PathValue("code"), &code)
		w.WriteHeader(code)
		io.WriteString(w, r.URL.Query().Get("body"))
	})
	mux.HandleFunc("GET /api/big", func(w http.ResponseWriter, r *http.Request) {
		w.Write(bytes.Repeat([]byte(" "), 2048))
		io.WriteString(w, "{}")
	})
	mux.HandleFunc("GET /api/sync", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"profile":{"id":"user-1"},"ciphers":[
			{"id":"c1","type":1,"name":"2.AAAAAAAAAAAAAAAAAAAAAA==|AAAAAAAAAAAAAAAAAAAAAA==|AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="},
			{"id":"c2","type":1,"name":"not an encstring SECRET-PLAINTEXT"},
			{"id":"c3","type":2,"name":"2.AAAAAAAAAAAAAAAAAAAAAA==|AAAAAAAAAAAAAAAAAAAAAA==|AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","secureNote":{"type":0}}
		],"folders":[],"collections":[],"object":"sync"}`)
	})
	return mux
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newFake(t *testing.T) (*fakeServer, *Client, *clock) {
	t.Helper()
	clk := &clock{t: time.Now()}
	f := &fakeServer{t: t, now: clk.Now}
	ts := httptest.NewServer(f.handler())
	t.Cleanup(ts.Close)
	c, err := New(ts.URL, Options{Now: clk.Now, Logger: slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	return f, c, clk
}

// testWriter routes log output to t.Logf.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Logf("%s", bytes.TrimRight(p, "\n"))
	return len(p), nil
}

func TestErrors(t *testing.T) {
	_, c, _ := newFake(t)
	c.SetTokens(Tokens{AccessToken: "tok", Expiry: time.Now().Add(time.Hour)})
	long := strings.Repeat("é", 500)
	tests := []struct {
		code     int
		body     string
		sentinel error
		msg      string
	}{
		{404, `{"message":"Cipher not found.","object":"error"}`, ErrNotFound, "Cipher not found."},
		{429, `{"message":"Too many requests"}`, ErrRateLimited, "Too many requests"},
		{400, `{"message":"x","errorModel":{"message":"Better message"}}`, nil, "Better message"},
		{400, `{"message":"The model state is invalid.","validationErrors":{"Name":["The field Name is required."]}}`, nil, "The field Name is required."},
		{400, `{"error":"invalid_grant","error_description":"bad things"}`, nil, "bad things"},
		{500, `<html>SECRET-BODY</html>`, nil, ""},
		{403, `{"message":"evil\u001b[31mred\r\nline"}`, nil, "evil [31mred  line"},
		{400, `{"message":"` + long + `"}`, nil, strings.Repeat("é", maxMessage) + "…"},
		{404, `{"error":{"code":404,"reason":"Not Found","description":"route"}}`, ErrNotFound, ""},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.code, tt.body[:min(len(tt.body), 20)]), func(t *testing.T) {
			path := fmt.Sprintf("/api/status/%d?body=%s", tt.code, url.QueryEscape(tt.body))
			err := c.do(t.Context(), "GET", path, nil, nil)
			var se *StatusError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want a *StatusError", err)
			}
			if se.Code != tt.code || se.Message != tt.msg {
				t.Errorf("StatusError = %d %q, want %d %q", se.Code, se.Message, tt.code, tt.msg)
			}
			if tt.sentinel != nil && !errors.Is(err, tt.sentinel) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.sentinel)
			}
			for _, s := range []error{ErrNotFound, ErrRateLimited, ErrUnauthorized} {
				if s != tt.sentinel && errors.Is(err, s) {
					t.Errorf("errors.Is(%v, %v) = true", err, s)
				}
			}
			if strings.Contains(err.Error(), "SECRET") || strings.Contains(err.Error(), "?body") {
				t.Errorf("error %q leaks the body or query", err)
			}
		})
	}
}

func TestLoginErrors(t *testing.T) {
	f, c, _ := newFake(t)
	_, err := c.LoginPassword(t.Context(), "a@example.com", "wrong", nil)
	if !errors.Is(err, ErrInvalidCredentials) {
		t.Errorf("wrong password: err = %v, want ErrInvalidCredentials", err)
	}
	if strings.Contains(err.Error(), "wrong") {
		t.Errorf("error %q contains the password hash", err)
	}
	_, err = c.LoginPassword(t.Context(), "2fa@example.com", "hash", nil)
	var tfe *TwoFactorRequiredError
	if !errors.As(err, &tfe) {
		t.Fatalf("2FA account: err = %v, want *TwoFactorRequiredError", err)
	}
	if !slices.Equal(tfe.Providers, []TwoFactorProvider{TwoFactorAuthenticator, TwoFactorEmail}) || tfe.Email != "t***@example.com" || !tfe.Has(TwoFactorEmail) {
		t.Errorf("challenge = %+v", tfe)
	}
	if errors.Is(err, ErrInvalidCredentials) {
		t.Error("a 2FA challenge matches ErrInvalidCredentials")
	}
	if _, err := c.Profile(t.Context()); !errors.Is(err, ErrNotLoggedIn) {
		t.Errorf("Profile before login: err = %v, want ErrNotLoggedIn", err)
	}
	if _, err := c.LoginPassword(t.Context(), "2fa@example.com", "hash", &TwoFactorLogin{Provider: TwoFactorAuthenticator, Token: "123456"}); err != nil {
		t.Fatalf("2FA retry: %v", err)
	}
	if c.UserID() != "user-1" {
		t.Errorf("UserID() = %q", c.UserID())
	}
	_ = f
}

func TestHeaders(t *testing.T) {
	f, c, _ := newFake(t)
	if _, err := c.LoginPassword(t.Context(), "a@example.com", "hash", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Profile(t.Context()); err != nil {
		t.Fatal(err)
	}
	h := f.headers
	for k, want := range map[string]string{
		"Device-Type":              "8",
		"Bitwarden-Client-Name":    "desktop",
		"Bitwarden-Client-Version": DefaultClientVersion,
		"Accept":                   "application/json",
		"Cache-Control":            "no-store",
		"Authorization":            "Bearer " + f.valid,
	} {
		if got := h.Get(k); got != want {
			t.Errorf("header %s = %q, want %q", k, got, want)
		}
	}
}

func TestRefresh(t *testing.T) {
	f, c, clk := newFake(t)
	if _, err := c.LoginPassword(t.Context(), "a@example.com", "hash", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Profile(t.Context()); err != nil {
		t.Fatal(err)
	}
	if f.refreshes != 0 {
		t.Fatalf("refreshed %d times with a fresh token", f.refreshes)
	}

	// 4 minutes left: renew before the request.
	clk.Add(56 * time.Minute)
	if _, err := c.Profile(t.Context()); err != nil {
		t.Fatal(err)
	}
	if f.refreshes != 1 {
		t.Errorf("refreshes = %d after the token neared expiry, want 1", f.refreshes)
	}

	// The server forgets the token (say, a security-stamp change): one 401,
	// one refresh, one retry.
	f.mu.Lock()
	f.valid = "something else"
	f.mu.Unlock()
	f.mu.Lock()
	before := f.refreshes
	f.mu.Unlock()
	// Make the refresh hand out a token the API accepts again.
	if _, err := c.Profile(t.Context()); err != nil {
		t.Fatalf("Profile after a 401: %v", err)
	}
	if f.refreshes != before+1 {
		t.Errorf("refreshes = %d, want %d", f.refreshes, before+1)
	}

	// Concurrent requests with an expiring token refresh once.
	clk.Add(58 * time.Minute)
	before = f.refreshes
	var wg sync.WaitGroup
	var failed atomic.Int32
	for range 8 {
		wg.Go(func() {
			if _, err := c.Profile(context.Background()); err != nil {
				failed.Add(1)
			}
		})
	}
	wg.Wait()
	if failed.Load() != 0 || f.refreshes != before+1 {
		t.Errorf("8 concurrent requests: %d failed, %d refreshes; want 0 and 1", failed.Load(), f.refreshes-before)
	}

	// A dead refresh token ends the session.
	c.SetTokens(Tokens{AccessToken: "stale", RefreshToken: "dead", Expiry: clk.Now().Add(time.Minute)})
	_, err := c.Profile(t.Context())
	if !errors.Is(err, ErrUnauthorized) {
		t.Errorf("with a dead refresh token: err = %v, want ErrUnauthorized", err)
	}
	if _, err := c.Profile(t.Context()); !errors.Is(err, ErrNotLoggedIn) {
		t.Errorf("after the session died: err = %v, want ErrNotLoggedIn", err)
	}
}

func TestResponseLimit(t *testing.T) {
	_, c, _ := newFake(t)
	c.SetTokens(Tokens{AccessToken: "tok", Expiry: time.Now().Add(time.Hour)})
	c.MaxResponseBytes = 1024
	var v map[string]any
	err := c.do(t.Context(), "GET", "/api/big", nil, &v)
	if err == nil || !strings.Contains(err.Error(), "exceeds 1024 bytes") {
		t.Errorf("oversized response: err = %v", err)
	}
}

func TestSyncSetsAsideBrokenCiphers(t *testing.T) {
	_, c, _ := newFake(t)
	c.SetTokens(Tokens{AccessToken: "tok", Expiry: time.Now().Add(time.Hour)})
	s, err := c.Sync(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Ciphers) != 2 || s.Ciphers[0].ID != "c1" || s.Ciphers[1].ID != "c3" || s.Ciphers[1].SecureNote == nil {
		t.Errorf("Ciphers = %+v", s.Ciphers)
	}
	if len(s.BrokenCiphers) != 1 || s.BrokenCiphers[0].ID != "c2" {
		t.Fatalf("BrokenCiphers = %+v", s.BrokenCiphers)
	}
	if msg := s.BrokenCiphers[0].Err.Error(); strings.Contains(msg, "SECRET") {
		t.Errorf("broken-cipher error %q contains the value", msg)
	}
}

func TestSecretsAreRedacted(t *testing.T) {
	tok := Tokens{AccessToken: "access-SECRET", RefreshToken: "refresh-SECRET", Expiry: time.Unix(0, 0)}
	key := APIKey{ClientID: "user.x", ClientSecret: "key-SECRET"}
	var logs bytes.Buffer
	l := slog.New(slog.NewJSONHandler(&logs, nil))
	l.Info("x", "tokens", tok, "key", key, "secret", Secret("plain-SECRET"))
	l.Info("x", "tokens", tok.AccessToken)
	for _, s := range []string{
		fmt.Sprintf("%v %+v %#v %s %q", tok, tok, tok, tok.AccessToken, tok.RefreshToken),
		fmt.Sprintf("%v %+v %#v", key, key, key),
		logs.String(),
	} {
		if strings.Contains(s, "SECRET") {
			t.Errorf("secret printed: %s", s)
		}
	}
}
