package sandbox

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/pquerna/otp/totp"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
)

func TestHandlerBuilds(t *testing.T) {
	e := newEnv(t)
	if e.srv.Handler() == nil {
		t.Fatal("Handler() = nil")
	}
}

func TestDiscovery(t *testing.T) {
	e := newEnv(t)
	var cfg struct {
		Version     string
		Environment struct{ API, Identity, Vault string }
		Object      string
	}
	e.ok("GET", "/api/config", "", nil, &cfg)
	if cfg.Version < "2024.2.0" || cfg.Object != "config" || cfg.Environment.API != e.ts.URL+"/api" || cfg.Environment.Identity != e.ts.URL+"/identity" {
		t.Errorf("config = %+v", cfg)
	}
	for _, p := range []string{"/api/alive", "/api/now", "/api/version"} {
		var s string
		e.ok("GET", p, "", nil, &s)
		if s == "" {
			t.Errorf("%s = empty", p)
		}
	}
}

func TestPrelogin(t *testing.T) {
	e := newEnv(t)
	e.register("pre@example.com")
	type pre struct {
		Kdf, KdfIterations int
		Salt               string
	}
	for _, path := range []string{"/identity/accounts/prelogin", "/identity/accounts/prelogin/password", "/api/accounts/prelogin"} {
		var got pre
		e.ok("POST", path, "", map[string]string{"email": " PRE@example.com "}, &got)
		if got.Kdf != 0 || got.KdfIterations != 100_000 || got.Salt != "pre@example.com" {
			t.Errorf("%s known = %+v", path, got)
		}
	}
	var a, b pre
	e.ok("POST", "/identity/accounts/prelogin", "", map[string]string{"email": "nobody@example.com"}, &a)
	e.ok("POST", "/identity/accounts/prelogin", "", map[string]string{"email": "nobody@example.com"}, &b)
	if a != b || a.KdfIterations != 600_000 {
		t.Errorf("unknown email prelogin = %+v then %+v, want the same PBKDF2 600000", a, b)
	}
}

func TestRegisterValidation(t *testing.T) {
	e := newEnv(t)
	a := e.register("dup@example.com")
	mk, _ := crypto.DeriveMasterKey([]byte("pw"), "legacy@example.com", testKDF)
	uk := crypto.GenerateSymmetricKey()
	wrapped := mustEnc(t)(mk.EncryptUserKey(uk))
	legacy := map[string]any{
		"email": "Legacy@Example.com ", "name": "Legacy", "masterPasswordHash": mk.ServerHash([]byte("pw")),
		"key": wrapped.String(), "kdf": 0, "kdfIterations": 100_000,
	}
	e.ok("POST", "/identity/accounts/register", "", legacy, nil)
	if _, err := e.srv.userByEmail(t.Context(), e.srv.db, "legacy@example.com"); err != nil {
		t.Fatalf("legacy registration not stored lower-cased: %v", err)
	}
	e.fail(400, "POST", "/identity/accounts/register", "", legacy) // exists

	bad := func(name string, mutate func(m map[string]any)) {
		t.Run(name, func(t *testing.T) {
			m := map[string]any{}
			for k, v := range legacy {
				m[k] = v
			}
			m["email"] = "new-" + name + "@example.com"
			mutate(m)
			e.fail(400, "POST", "/identity/accounts/register", "", m)
		})
	}
	bad("low-iterations", func(m map[string]any) { m["kdfIterations"] = 5000 })
	bad("argon-memory", func(m map[string]any) {
		m["kdf"] = 1
		m["kdfIterations"] = 3
		m["kdfMemory"] = 4
		m["kdfParallelism"] = 4
	})
	bad("bad-key", func(m map[string]any) { m["key"] = "2.notbase64|x|y" })
	bad("bad-public-key", func(m map[string]any) {
		m["keys"] = map[string]any{"publicKey": "AAAA", "encryptedPrivateKey": wrapped.String()}
	})
	bad("bad-email", func(m map[string]any) { m["email"] = "no-at-sign" })
	bad("wrong-type", func(m map[string]any) { m["kdfIterations"] = "many" })
	bad("bad-token", func(m map[string]any) { m["emailVerificationToken"] = "x.y.z" })
	_ = a
}

func TestLoginResponse(t *testing.T) {
	e := newEnv(t)
	a := e.register("login@example.com")
	resp := e.login(a)
	for _, k := range []string{"access_token", "expires_in", "token_type", "refresh_token", "scope", "Key", "PrivateKey",
		"AccountKeys", "Kdf", "KdfIterations", "KdfMemory", "KdfParallelism", "ForcePasswordReset", "ResetMasterPassword",
		"MasterPasswordPolicy", "UserDecryptionOptions"} {
		if _, ok := resp[k]; !ok {
			t.Errorf("token response has no %s", k)
		}
	}
	// The key in the response unlocks with the password: the full client path.
	mk, _ := crypto.DeriveMasterKey([]byte(a.password), a.email, testKDF)
	udo := resp["UserDecryptionOptions"].(map[string]any)["MasterPasswordUnlock"].(map[string]any)
	es, err := crypto.ParseEncString(udo["MasterKeyEncryptedUserKey"].(string))
	if err != nil {
		t.Fatal(err)
	}
	uk, err := mk.DecryptUserKey(es)
	if err != nil || !uk.Equal(a.userKey) {
		t.Fatalf("user key from MasterPasswordUnlock does not decrypt to the registered key: %v", err)
	}
	if udo["Salt"] != a.email {
		t.Errorf("Salt = %v", udo["Salt"])
	}
	// Form field names are case-insensitive, snake_case device fields work.
	f := a.loginForm()
	f.Del("deviceIdentifier")
	f.Set("device_identifier", a.deviceID)
	f.Set("Username", strings.ToUpper(a.email))
	f.Del("username")
	if code, body := e.form(f); code != 200 {
		t.Errorf("snake_case login = %d %s", code, body)
	}
	f.Del("device_identifier")
	if code, body := e.form(f); code != 400 || !strings.Contains(string(body), "device") {
		t.Errorf("login without device = %d %s", code, body)
	}
	if code, _ := e.form(url.Values{"grant_type": {"magic"}}); code != 400 {
		t.Errorf("unknown grant = %d", code)
	}
	known := func(email, device string) string {
		req, _ := http.NewRequest("GET", e.ts.URL+"/api/devices/knowndevice", nil)
		req.Header.Set("X-Request-Email", base64.RawURLEncoding.EncodeToString([]byte(email)))
		req.Header.Set("X-Device-Identifier", device)
		resp, err := e.ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	if got := known(a.email, a.deviceID); got != "true" {
		t.Errorf("knowndevice for the login device = %s", got)
	}
	if got := known(a.email, "other-device"); got != "false" {
		t.Errorf("knowndevice for another device = %s", got)
	}
}

func TestWrongPasswordThrottle(t *testing.T) {
	e := newEnv(t)
	a := e.register("throttle@example.com")
	wrong := a.loginForm()
	wrong.Set("password", "d3JvbmcgaGFzaA==")
	expectBadLogin := func() {
		t.Helper()
		code, body := e.form(wrong)
		if code != 400 {
			t.Fatalf("wrong password = %d %s, want 400", code, body)
		}
		var r struct {
			Error      string
			ErrorModel struct{ Message string } `json:"ErrorModel"`
		}
		json.Unmarshal(body, &r)
		if r.Error != "invalid_grant" || r.ErrorModel.Message != "Username or password is incorrect. Try again." {
			t.Fatalf("wrong password body = %s", body)
		}
		checkEnvelope(t, body)
	}
	expectThrottled := func(f url.Values, wantSecs string) {
		t.Helper()
		code, body := e.form(f)
		if code != http.StatusTooManyRequests {
			t.Fatalf("attempt in window = %d %s, want 429", code, body)
		}
		if msg := checkEnvelope(t, body); !strings.Contains(msg, wantSecs+" seconds") {
			t.Fatalf("429 message %q does not say %s seconds", msg, wantSecs)
		}
	}
	for range 3 {
		expectBadLogin()
	}
	expectThrottled(a.loginForm(), "2") // even the right password waits
	e.clock.Advance(2 * time.Second)
	expectBadLogin() // 4th failure: the window doubles
	expectThrottled(wrong, "4")
	e.clock.Advance(4 * time.Second)
	if code, body := e.form(a.loginForm()); code != 200 {
		t.Fatalf("right password after the window = %d %s", code, body)
	}
	for range 3 { // reset by the success
		expectBadLogin()
	}
	// Unknown accounts are slowed the same way and give the same answer.
	unknown := a.loginForm()
	unknown.Set("username", "ghost@example.com")
	for range 3 {
		if code, _ := e.form(unknown); code != 400 {
			t.Fatalf("unknown user = %d", code)
		}
	}
	if code, _ := e.form(unknown); code != 429 {
		t.Fatalf("unknown user in window = %d", code)
	}
	if w := throttleWindow(40); w != 5*time.Minute {
		t.Errorf("throttleWindow(40) = %v, want the 5 minute cap", w)
	}
}

func TestRefreshTokenRotation(t *testing.T) {
	e := newEnv(t)
	a := e.register("refresh@example.com")
	old := a.refresh
	refresh := func(tok string) (int, map[string]any) {
		code, body := e.form(url.Values{"grant_type": {"refresh_token"}, "client_id": {"cli"}, "refresh_token": {tok}})
		var m map[string]any
		json.Unmarshal(body, &m)
		return code, m
	}
	code, m := refresh(old)
	if code != 200 || m["refresh_token"] == old || m["refresh_token"] == "" {
		t.Fatalf("refresh = %d %v", code, m)
	}
	e.ok("GET", "/api/sync", m["access_token"].(string), nil, nil)
	if code, m := refresh(old); code != 400 || m["error"] != "invalid_grant" {
		t.Fatalf("reused refresh token = %d %v, want 400 invalid_grant", code, m)
	}
	if code, _ := refresh(m["refresh_token"].(string)); code != 200 {
		t.Fatalf("rotated refresh token = %d", code)
	}
}

func TestClientCredentials(t *testing.T) {
	e := newEnv(t)
	a := e.register("apikey@example.com")
	var key struct{ APIKey, Object string }
	e.fail(400, "POST", "/api/accounts/api-key", a.token, map[string]string{"masterPasswordHash": "bm9wZQ=="})
	e.ok("POST", "/api/accounts/api-key", a.token, map[string]string{"masterPasswordHash": a.hash}, &key)
	if len(key.APIKey) != 30 || key.Object != "apiKey" {
		t.Fatalf("api-key = %+v", key)
	}
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {"user." + a.id}, "client_secret": {key.APIKey},
		"scope": {"api"}, "deviceType": {"25"}, "deviceIdentifier": {"dev-1"}, "deviceName": {"linux"}}
	code, body := e.form(form)
	var resp map[string]any
	json.Unmarshal(body, &resp)
	if code != 200 || resp["Key"] == nil || resp["access_token"] == nil {
		t.Fatalf("client_credentials = %d %s", code, body)
	}
	if _, ok := resp["refresh_token"]; ok {
		t.Errorf("client_credentials answered a refresh token")
	}
	var rotated struct{ APIKey string }
	e.ok("POST", "/api/accounts/rotate-api-key", a.token, map[string]string{"masterPasswordHash": a.hash}, &rotated)
	if code, _ := e.form(form); code != 400 {
		t.Errorf("old api key after rotation = %d, want 400", code)
	}
	form.Set("client_secret", rotated.APIKey)
	if code, _ := e.form(form); code != 200 {
		t.Errorf("new api key = %d", code)
	}
}

func TestAccessTokens(t *testing.T) {
	e := newEnv(t)
	a := e.register("tokens@example.com")
	e.ok("GET", "/api/accounts/revision-date", a.token, nil, nil)

	// Forged: signed with another secret; alg none; garbage; missing.
	var claims accessClaims
	if _, _, err := jwt.NewParser().ParseUnverified(a.token, &claims); err != nil {
		t.Fatal(err)
	}
	forged, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte("not the server's secret"))
	none, _ := jwt.NewWithClaims(jwt.SigningMethodNone, claims).SignedString(jwt.UnsafeAllowNoneSignatureType)
	for name, tok := range map[string]string{"forged": forged, "alg-none": none, "garbage": "abc.def.ghi"} {
		if msg := e.fail(401, "GET", "/api/sync", tok, nil); msg == "" {
			t.Errorf("%s: empty message", name)
		}
	}
	e.fail(401, "GET", "/api/sync", "", nil)

	// Expired.
	e.clock.Advance(time.Hour + time.Second)
	e.fail(401, "GET", "/api/sync", a.token, nil)
}

func TestTwoFactorAuthenticator(t *testing.T) {
	e := newEnv(t)
	a := e.register("totp@example.com")
	var setup struct {
		Enabled bool
		Key     string
	}
	e.ok("POST", "/api/two-factor/get-authenticator", a.token, map[string]string{"masterPasswordHash": a.hash}, &setup)
	if setup.Enabled || setup.Key == "" {
		t.Fatalf("get-authenticator = %+v", setup)
	}
	code := func(at time.Time) string {
		c, err := totp.GenerateCodeCustom(setup.Key, at, totpOpts)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	e.fail(400, "PUT", "/api/two-factor/authenticator", a.token, map[string]string{"key": setup.Key, "token": "000000x", "masterPasswordHash": a.hash})
	e.ok("PUT", "/api/two-factor/authenticator", a.token, map[string]string{"key": setup.Key, "token": code(e.clock.Now()), "masterPasswordHash": a.hash}, nil)
	var providers struct{ Data []struct{ Type int } }
	e.ok("GET", "/api/two-factor", a.token, nil, &providers)
	if len(providers.Data) != 1 || providers.Data[0].Type != 0 {
		t.Fatalf("two-factor list = %+v", providers)
	}

	// The password alone gets the challenge of §2.4.
	st, body := e.form(a.loginForm())
	var ch map[string]any
	json.Unmarshal(body, &ch)
	p2, _ := ch["TwoFactorProviders2"].(map[string]any)
	if st != 400 || ch["error"] != "invalid_grant" || ch["error_description"] != "Two factor required." || p2 == nil {
		t.Fatalf("challenge = %d %s", st, body)
	}
	if v, ok := p2["0"].(map[string]any); !ok || len(v) != 0 {
		t.Errorf("TwoFactorProviders2[0] = %v, want {}", p2["0"])
	}

	e.clock.Advance(60 * time.Second) // past the step the setup code used
	f := a.loginForm()
	f.Set("twoFactorProvider", "0")
	f.Set("twoFactorToken", "123456")
	if st, body := e.form(f); st != 400 || !strings.Contains(string(body), "Two-step token is invalid") {
		t.Fatalf("wrong code = %d %s", st, body)
	}
	// One step late is still accepted; remember me gives a TwoFactorToken.
	f.Set("twoFactorToken", code(e.clock.Now().Add(-30*time.Second)))
	f.Set("twoFactorRemember", "1")
	st, body = e.form(f)
	var ok map[string]any
	json.Unmarshal(body, &ok)
	remember, _ := ok["TwoFactorToken"].(string)
	if st != 200 || remember == "" {
		t.Fatalf("code login = %d %s", st, body)
	}
	// The same code cannot be replayed.
	f.Del("twoFactorRemember")
	if st, _ := e.form(f); st != 400 {
		t.Errorf("replayed code = %d, want 400", st)
	}
	// Remember token (provider 5) skips the second factor.
	f.Set("twoFactorProvider", "5")
	f.Set("twoFactorToken", remember)
	if st, body := e.form(f); st != 200 {
		t.Fatalf("remember login = %d %s", st, body)
	}
	f.Set("twoFactorToken", "not-a-remember-token")
	if st, body := e.form(f); st != 400 || !strings.Contains(string(body), "TwoFactorProviders2") {
		t.Errorf("bad remember token = %d %s, want the challenge", st, body)
	}
	// API key login bypasses 2FA.
	var key struct{ APIKey string }
	e.ok("POST", "/api/accounts/api-key", a.token, map[string]string{"masterPasswordHash": a.hash}, &key)
	if st, _ := e.form(url.Values{"grant_type": {"client_credentials"}, "client_id": {"user." + a.id}, "client_secret": {key.APIKey},
		"scope": {"api"}, "deviceIdentifier": {"d"}, "deviceName": {"n"}, "deviceType": {"8"}}); st != 200 {
		t.Errorf("api key login with 2FA = %d", st)
	}
}

func TestTwoFactorEmail(t *testing.T) {
	e := newEnv(t)
	a := e.register("mail2fa@example.com")
	e.ok("POST", "/api/two-factor/send-email", a.token, map[string]string{"email": "Codes@Example.com", "masterPasswordHash": a.hash}, nil)
	setup := e.mail("codes@example.com", "verify-email")
	if len(setup.Token) != 6 || !strings.Contains(setup.Body, setup.Token) {
		t.Fatalf("setup mail = %+v", setup)
	}
	e.fail(400, "PUT", "/api/two-factor/email", a.token, map[string]string{"email": "codes@example.com", "token": "999999x", "masterPasswordHash": a.hash})
	e.ok("PUT", "/api/two-factor/email", a.token, map[string]string{"email": "codes@example.com", "token": setup.Token, "masterPasswordHash": a.hash}, nil)

	st, body := e.form(a.loginForm())
	var ch struct {
		TwoFactorProviders  []string
		TwoFactorProviders2 map[string]map[string]string
	}
	json.Unmarshal(body, &ch)
	if st != 400 || len(ch.TwoFactorProviders) != 1 || ch.TwoFactorProviders[0] != "1" || ch.TwoFactorProviders2["1"]["Email"] != "co***@example.com" {
		t.Fatalf("email challenge = %d %s", st, body)
	}
	auto := e.mail("codes@example.com", "two-factor-email")

	// send-email-login sends another code; both stay valid for 10 minutes.
	e.fail(400, "POST", "/api/two-factor/send-email-login", "", map[string]string{"email": a.email, "masterPasswordHash": "d3Jvbmc="})
	e.ok("POST", "/api/two-factor/send-email-login", "", map[string]string{"email": a.email, "masterPasswordHash": a.hash}, nil)
	second := e.mail("codes@example.com", "two-factor-email")
	if second.ID == auto.ID {
		t.Fatal("send-email-login sent no mail")
	}
	// The HTTP mailbox and ReadMailbox show the same mail.
	var httpBox []Mail
	e.ok("GET", "/sandbox/mailbox?to=codes@example.com", "", nil, &httpBox)
	fileBox, err := ReadMailbox(t.Context(), e.dir, "codes@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if len(httpBox) != 3 || len(fileBox) != 3 || httpBox[2].ID != second.ID || fileBox[2].Token != second.Token {
		t.Fatalf("mailbox over HTTP %d mails, from file %d, want 3", len(httpBox), len(fileBox))
	}

	f := a.loginForm()
	f.Set("twoFactorProvider", "1")
	f.Set("twoFactorToken", auto.Token)
	e.clock.Advance(11 * time.Minute)
	if st, _ := e.form(f); st != 400 {
		t.Fatalf("expired email code = %d, want 400", st)
	}
	e.ok("POST", "/api/two-factor/send-email-login", "", map[string]string{"email": a.email, "masterPasswordHash": a.hash}, nil)
	f.Set("twoFactorToken", e.mail("codes@example.com", "two-factor-email").Token)
	if st, body := e.form(f); st != 200 {
		t.Fatalf("email code login = %d %s", st, body)
	}
}
