package sandbox

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/golang-jwt/jwt/v5"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
)

// Two-step login provider numbers (§2.4).
const (
	providerAuthenticator = 0
	providerEmail         = 1
	providerRemember      = 5
)

const (
	refreshTokenTTL  = 30 * 24 * time.Hour
	rememberTokenTTL = 30 * 24 * time.Hour
	emailCodeTTL     = 10 * time.Minute
	registerTokenTTL = 24 * time.Hour
	registerIssuer   = "vaultdesk-sandbox|register"
)

// msgBadLogin is Bitwarden's message for a wrong email or password.
const msgBadLogin = "Username or password is incorrect. Try again."

// --- prelogin ---

type kdfJSON struct {
	KdfType     int  `json:"kdfType"`
	Iterations  int  `json:"iterations"`
	Memory      *int `json:"memory"`
	Parallelism *int `json:"parallelism"`
}

func (k kdfJSON) params() crypto.KDFParams {
	p := crypto.KDFParams{Type: crypto.KDFType(k.KdfType), Iterations: k.Iterations}
	if k.Memory != nil {
		p.MemoryMiB = *k.Memory
	}
	if k.Parallelism != nil {
		p.Parallelism = *k.Parallelism
	}
	return p
}

func kdfValues(p crypto.KDFParams) (mem, par any) {
	if p.Type == crypto.KDFArgon2id {
		return p.MemoryMiB, p.Parallelism
	}
	return nil, nil
}

// prelogin answers an account's KDF settings. Unknown emails get PBKDF2
// with 600,000 iterations, like a fresh account, so that the answer does
// not tell whether an account exists (§2.1).
func (s *Server) prelogin(r *http.Request) (any, error) {
	var req struct {
		Email string `json:"email"`
	}
	if err := decodeJSON(r, &req); err != nil {
		return nil, err
	}
	email := normEmail(req.Email)
	p := crypto.KDFParams{Type: crypto.KDFPBKDF2, Iterations: 600_000}
	u, err := s.userByEmail(r.Context(), s.db, email)
	switch {
	case err == nil:
		p = u.kdfParams()
	case !errors.Is(err, errNoUser):
		return nil, err
	}
	mem, par := kdfValues(p)
	return map[string]any{
		"kdf":            int(p.Type),
		"kdfIterations":  p.Iterations,
		"kdfMemory":      mem,
		"kdfParallelism": par,
		"kdfSettings": map[string]any{
			"kdfType": int(p.Type), "iterations": p.Iterations, "memory": mem, "parallelism": par,
		},
		"salt": email,
	}, nil
}

// --- registration ---

// sendVerificationEmail returns the registration token directly: the
// sandbox does not verify email addresses (§2.2).
func (s *Server) sendVerificationEmail(r *http.Request) (any, error) {
	var req struct {
		Email string `json:"email"`
		Name  string `json:"name"`
	}
	if err := decodeJSON(r, &req); err != nil {
		return nil, err
	}
	email := normEmail(req.Email)
	if err := checkEmail(email); err != nil {
		return nil, err
	}
	now := s.now()
	tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"iss": registerIssuer, "sub": email, "name": strings.TrimSpace(req.Name),
		"nbf": now.Unix(), "exp": now.Add(registerTokenTTL).Unix(),
	}).SignedString(s.jwtSecret)
	if err != nil {
		return nil, err
	}
	return tok, nil
}

func checkEmail(email string) error {
	at := strings.IndexByte(email, '@')
	if at < 1 || at == len(email)-1 || len(email) > 256 || strings.ContainsAny(email, " \t\r\n") {
		return errBadRequest("The email address is not valid.")
	}
	return nil
}

// registerRequest accepts both register/finish shapes of §2.2 and the
// legacy /identity/accounts/register body.
type registerRequest struct {
	Email              string  `json:"email"`
	Name               string  `json:"name"`
	MasterPasswordHint *string `json:"masterPasswordHint"`

	// Legacy flat fields.
	MasterPasswordHash string `json:"masterPasswordHash"`
	Key                string `json:"key"`
	UserSymmetricKey   string `json:"userSymmetricKey"`
	Kdf                *int   `json:"kdf"`
	KdfIterations      *int   `json:"kdfIterations"`
	KdfMemory          *int   `json:"kdfMemory"`
	KdfParallelism     *int   `json:"kdfParallelism"`

	// Current shape.
	MasterPasswordAuthentication *struct {
		Kdf                              kdfJSON `json:"kdf"`
		MasterPasswordAuthenticationHash string  `json:"masterPasswordAuthenticationHash"`
		Salt                             string  `json:"salt"`
	} `json:"masterPasswordAuthentication"`
	MasterPasswordUnlock *struct {
		Kdf                     kdfJSON `json:"kdf"`
		MasterKeyWrappedUserKey string  `json:"masterKeyWrappedUserKey"`
		Salt                    string  `json:"salt"`
	} `json:"masterPasswordUnlock"`

	UserAsymmetricKeys *keysRequest `json:"userAsymmetricKeys"`
	Keys               *keysRequest `json:"keys"`
	AccountKeys        *struct {
		UserKeyEncryptedAccountPrivateKey string `json:"userKeyEncryptedAccountPrivateKey"`
		AccountPublicKey                  string `json:"accountPublicKey"`
	} `json:"accountKeys"`

	EmailVerificationToken string `json:"emailVerificationToken"`
	OrgInviteToken         string `json:"orgInviteToken"`
	OrganizationUserID     string `json:"organizationUserId"`
}

func (s *Server) register(r *http.Request) (any, error) {
	var req registerRequest
	if err := decodeJSON(r, &req); err != nil {
		return nil, err
	}
	email := normEmail(req.Email)
	if err := checkEmail(email); err != nil {
		return nil, err
	}
	name := strings.TrimSpace(req.Name)

	var hash, key string
	var p crypto.KDFParams
	if auth, unlock := req.MasterPasswordAuthentication, req.MasterPasswordUnlock; auth != nil || unlock != nil {
		if auth == nil || unlock == nil {
			return nil, errBadRequest("masterPasswordAuthentication and masterPasswordUnlock must be sent together.")
		}
		if !sameKDF(auth.Kdf.params(), unlock.Kdf.params()) {
			return nil, errBadRequest("The KDF settings of masterPasswordAuthentication and masterPasswordUnlock differ.")
		}
		for _, salt := range []string{auth.Salt, unlock.Salt} {
			if salt != "" && salt != email {
				return nil, errBadRequest("The salt must be the trimmed, lower-cased email address.")
			}
		}
		hash, key, p = auth.MasterPasswordAuthenticationHash, unlock.MasterKeyWrappedUserKey, auth.Kdf.params()
	} else {
		hash, key = req.MasterPasswordHash, req.Key
		if key == "" {
			key = req.UserSymmetricKey
		}
		p.Type = crypto.KDFPBKDF2
		if req.Kdf != nil {
			p.Type = crypto.KDFType(*req.Kdf)
		}
		if req.KdfIterations != nil {
			p.Iterations = *req.KdfIterations
		}
		if req.KdfMemory != nil {
			p.MemoryMiB = *req.KdfMemory
		}
		if req.KdfParallelism != nil {
			p.Parallelism = *req.KdfParallelism
		}
	}
	if err := p.Validate(); err != nil {
		return nil, errBadRequest("The KDF settings are not accepted: %v", err)
	}
	if hash == "" || len(hash) > 256 {
		return nil, errBadRequest("The master password hash is missing or too long.")
	}
	if err := validateEnc(key, "key", crypto.EncAesCbc256HmacSha256, crypto.EncAesCbc256); err != nil {
		return nil, err
	}
	var hint sql.NullString
	if req.MasterPasswordHint != nil && *req.MasterPasswordHint != "" {
		if utf8.RuneCountInString(*req.MasterPasswordHint) > 50 {
			return nil, errBadRequest("The master password hint is longer than 50 characters.")
		}
		hint = sql.NullString{String: *req.MasterPasswordHint, Valid: true}
	}
	keys := req.UserAsymmetricKeys
	if keys == nil {
		keys = req.Keys
	}
	if keys == nil && req.AccountKeys != nil {
		keys = &keysRequest{PublicKey: req.AccountKeys.AccountPublicKey, EncryptedPrivateKey: req.AccountKeys.UserKeyEncryptedAccountPrivateKey}
	}
	var priv, pub sql.NullString
	if keys != nil {
		if err := keys.validate("userAsymmetricKeys"); err != nil {
			return nil, err
		}
		priv = sql.NullString{String: keys.EncryptedPrivateKey, Valid: true}
		pub = sql.NullString{String: keys.PublicKey, Valid: true}
	}
	if req.EmailVerificationToken != "" {
		tokName, err := s.checkRegisterToken(req.EmailVerificationToken, email)
		if err != nil {
			return nil, err
		}
		if name == "" {
			name = tokName
		}
	}
	if utf8.RuneCountInString(name) > 50 {
		return nil, errBadRequest("The name is longer than 50 characters.")
	}

	ctx := r.Context()
	pwHash, pwSalt, pwIter := s.newPasswordHash(hash)
	mem, par := kdfValues(p)
	now := s.now()
	err := s.write(ctx, func(tx *sql.Tx) error {
		if _, err := s.userByEmail(ctx, tx, email); err == nil {
			return errBadRequest("Registration not allowed or user already exists.")
		} else if !errors.Is(err, errNoUser) {
			return err
		}
		id := newID()
		_, err := tx.ExecContext(ctx, `INSERT INTO users (id, email, name, hint, pw_hash, pw_salt, pw_iter, kdf, kdf_iter,
			kdf_mem, kdf_par, akey, private_key, public_key, security_stamp, api_key, created_us, revision_ms)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, email, name, hint, pwHash, pwSalt, pwIter, int(p.Type), p.Iterations, mem, par, key, priv, pub,
			newID(), randomToken(30), now.UnixMicro(), now.UnixMilli())
		if err != nil {
			return err
		}
		if req.OrgInviteToken != "" || req.OrganizationUserID != "" {
			return s.acceptInvite(ctx, tx, id, email, req.OrganizationUserID, req.OrgInviteToken)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return map[string]any{"object": "register", "captchaBypassToken": ""}, nil
}

func sameKDF(a, b crypto.KDFParams) bool {
	if a.Type != b.Type || a.Iterations != b.Iterations {
		return false
	}
	return a.Type == crypto.KDFPBKDF2 || (a.MemoryMiB == b.MemoryMiB && a.Parallelism == b.Parallelism)
}

func (s *Server) checkRegisterToken(tok, email string) (name string, err error) {
	claims := jwt.MapClaims{}
	_, err = jwt.ParseWithClaims(tok, claims, func(*jwt.Token) (any, error) { return s.jwtSecret, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}), jwt.WithTimeFunc(s.now),
		jwt.WithIssuer(registerIssuer), jwt.WithExpirationRequired())
	if err != nil {
		return "", errBadRequest("The email verification token is invalid or expired.")
	}
	if sub, _ := claims["sub"].(string); sub != email {
		return "", errBadRequest("The email verification token was issued for another email address.")
	}
	name, _ = claims["name"].(string)
	return name, nil
}

// --- token endpoint ---

// tokenForm gives case-insensitive access to the token form, with "_"
// ignored, so deviceIdentifier, DeviceIdentifier and device_identifier are
// one field.
type tokenForm map[string]string

func (f tokenForm) get(name string) string { return f[formKey(name)] }

func formKey(k string) string { return strings.ToLower(strings.ReplaceAll(k, "_", "")) }

func (s *Server) token(r *http.Request) (any, error) {
	if err := r.ParseForm(); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, mbe
		}
		return nil, &apiError{status: http.StatusBadRequest, msg: "The token request is not a valid form.", oauth: "invalid_request"}
	}
	f := tokenForm{}
	for k, v := range r.PostForm {
		if len(v) > 0 {
			f[formKey(k)] = v[0]
		}
	}
	switch f.get("grant_type") {
	case "password":
		return s.passwordGrant(r.Context(), f)
	case "refresh_token":
		return s.refreshGrant(r.Context(), f)
	case "client_credentials":
		return s.clientCredentialsGrant(r.Context(), f)
	case "":
		return nil, &apiError{status: http.StatusBadRequest, msg: "grant_type is required.", oauth: "invalid_request"}
	}
	return nil, &apiError{status: http.StatusBadRequest, msg: "This grant type is not supported.", oauth: "unsupported_grant_type"}
}

// device is a row of the devices table.
type device struct {
	id, identifier, name, clientID string
	typ                            int
}

func deviceFromForm(f tokenForm) (*device, error) {
	d := &device{
		identifier: strings.TrimSpace(f.get("deviceIdentifier")),
		name:       strings.TrimSpace(f.get("deviceName")),
		clientID:   strings.TrimSpace(f.get("client_id")),
		typ:        14, // UnknownBrowser, as Vaultwarden maps unparsable types
	}
	if d.identifier == "" || len(d.identifier) > 100 {
		return nil, &apiError{status: http.StatusBadRequest, msg: "No device information provided.", oauth: "device_error"}
	}
	if d.name == "" {
		d.name = "unknown"
	}
	if len(d.name) > 100 {
		d.name = d.name[:100]
	}
	if n, err := parseSmallInt(f.get("deviceType")); err == nil && n >= 0 && n <= 100 {
		d.typ = n
	}
	if len(d.clientID) > 100 {
		d.clientID = d.clientID[:100]
	}
	return d, nil
}

func parseSmallInt(s string) (int, error) {
	var n int
	if s == "" || len(s) > 6 {
		return 0, errors.New("not a small integer")
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, errors.New("not a small integer")
		}
		n = n*10 + int(c-'0')
	}
	return n, nil
}

func (s *Server) passwordGrant(ctx context.Context, f tokenForm) (any, error) {
	email := normEmail(f.get("username"))
	password := f.get("password")
	d, err := deviceFromForm(f)
	if err != nil {
		return nil, err
	}
	if err := s.throttleCheck(email); err != nil {
		return nil, err
	}
	u, err := s.userByEmail(ctx, s.db, email)
	if errors.Is(err, errNoUser) {
		s.dummyPasswordCheck(password)
		s.throttleFail(email)
		return nil, badLogin()
	}
	if err != nil {
		return nil, err
	}
	if password == "" || !u.checkPassword(password) {
		s.throttleFail(email)
		return nil, badLogin()
	}

	s.throttleReset(email)
	var rememberToken string
	if u.twoFactorEnabled() {
		ok, err := s.checkSecondFactor(ctx, u, f)
		if err != nil {
			return nil, err
		}
		if !ok {
			s.throttleFail(email)
			return nil, &apiError{status: http.StatusBadRequest, msg: "Two-step token is invalid. Try again.",
				oauth: "invalid_grant", oauthDesc: "invalid_two_factor_token"}
		}
		if f.get("twoFactorRemember") == "1" && f.get("twoFactorProvider") != itoa(providerRemember) {
			rememberToken = randomToken(48)
		}
	}
	if err := s.checkNewDevice(ctx, u, d, f); err != nil {
		return nil, err
	}
	s.throttleReset(email)
	return s.completeLogin(ctx, u, d, true, rememberToken)
}

func badLogin() error {
	return &apiError{status: http.StatusBadRequest, msg: msgBadLogin, oauth: "invalid_grant", oauthDesc: "invalid_username_or_password"}
}

// checkSecondFactor verifies the second factor of a two-step login. It
// returns a 2FA challenge error when none was given (or a remember token
// has expired), false for a wrong code.
func (s *Server) checkSecondFactor(ctx context.Context, u *user, f tokenForm) (bool, error) {
	tok := strings.TrimSpace(f.get("twoFactorToken"))
	provider, perr := parseSmallInt(strings.TrimSpace(f.get("twoFactorProvider")))
	if tok == "" {
		return false, s.twoFactorChallenge(ctx, u, true)
	}
	if perr != nil {
		return false, nil
	}
	switch provider {
	case providerAuthenticator:
		if !u.totpSecret.Valid {
			return false, nil
		}
		return s.checkTOTP(ctx, u, tok)
	case providerEmail:
		if !u.email2FA.Valid {
			return false, nil
		}
		return s.checkEmailCode(ctx, u.id, "login", "", tok)
	case providerRemember:
		var n int
		err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM devices WHERE user_id = ? AND remember_hash = ? AND remember_expires_us > ?`,
			u.id, hashToken(tok), s.nowUS()).Scan(&n)
		if err != nil {
			return false, err
		}
		if n == 0 {
			return false, s.twoFactorChallenge(ctx, u, false)
		}
		return true, nil
	}
	return false, nil
}

// twoFactorChallenge builds the 400 "Two factor required." answer of §2.4,
// mailing a fresh code first to a user with email two-step login.
func (s *Server) twoFactorChallenge(ctx context.Context, u *user, sendEmail bool) error {
	providers := []string{}
	providers2 := map[string]any{}
	if u.totpSecret.Valid {
		providers = append(providers, itoa(providerAuthenticator))
		providers2[itoa(providerAuthenticator)] = map[string]any{}
	}
	if u.email2FA.Valid {
		providers = append(providers, itoa(providerEmail))
		providers2[itoa(providerEmail)] = map[string]any{"Email": obscureEmail(u.email2FA.String)}
		if sendEmail {
			if err := s.sendLoginCode(ctx, u); err != nil {
				return err
			}
		}
	}
	return &apiError{status: http.StatusBadRequest, msg: "Two factor required.", body: map[string]any{
		"error":                "invalid_grant",
		"error_description":    "Two factor required.",
		"TwoFactorProviders":   providers,
		"TwoFactorProviders2":  providers2,
		"MasterPasswordPolicy": map[string]any{"Object": "masterPasswordPolicy"},
	}}
}

// obscureEmail hides most of the local part: "alice@example.com" becomes
// "al***@example.com".
func obscureEmail(email string) string {
	local, domain, ok := strings.Cut(email, "@")
	if !ok {
		return "***"
	}
	r := []rune(local)
	if len(r) <= 2 {
		return strings.Repeat("*", len(r)) + "@" + domain
	}
	return string(r[:2]) + strings.Repeat("*", len(r)-2) + "@" + domain
}

// completeLogin records the device, issues the tokens and builds the
// success response of §2.3. withRefresh is false for the API-key grant.
func (s *Server) completeLogin(ctx context.Context, u *user, d *device, withRefresh bool, rememberToken string) (any, error) {
	var refresh string
	if withRefresh {
		refresh = randomToken(64)
	}
	now := s.now()
	err := s.write(ctx, func(tx *sql.Tx) error {
		var id string
		err := tx.QueryRowContext(ctx, "SELECT id FROM devices WHERE user_id = ? AND identifier = ?", u.id, d.identifier).Scan(&id)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			id = newID()
			_, err = tx.ExecContext(ctx, `INSERT INTO devices (id, user_id, identifier, name, type, client_id, created_us)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, id, u.id, d.identifier, d.name, d.typ, d.clientID, now.UnixMicro())
		case err == nil:
			_, err = tx.ExecContext(ctx, "UPDATE devices SET name = ?, type = ?, client_id = ? WHERE id = ?", d.name, d.typ, d.clientID, id)
		}
		if err != nil {
			return err
		}
		d.id = id
		if withRefresh {
			if _, err := tx.ExecContext(ctx, "UPDATE devices SET refresh_hash = ?, refresh_expires_us = ? WHERE id = ?",
				hashToken(refresh), now.Add(refreshTokenTTL).UnixMicro(), id); err != nil {
				return err
			}
		}
		if rememberToken != "" {
			if _, err := tx.ExecContext(ctx, "UPDATE devices SET remember_hash = ?, remember_expires_us = ? WHERE id = ?",
				hashToken(rememberToken), now.Add(rememberTokenTTL).UnixMicro(), id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	access, err := s.issueAccessToken(u, d)
	if err != nil {
		return nil, err
	}
	resp := s.tokenResponse(u, access)
	if withRefresh {
		resp["refresh_token"] = refresh
	}
	if rememberToken != "" {
		resp["TwoFactorToken"] = rememberToken
	}
	return resp, nil
}

func (s *Server) tokenResponse(u *user, access string) map[string]any {
	p := u.kdfParams()
	mem, par := kdfValues(p)
	return map[string]any{
		"access_token":         access,
		"expires_in":           int(s.cfg.AccessTokenTTL / time.Second),
		"token_type":           "Bearer",
		"scope":                "api offline_access",
		"Key":                  u.akey,
		"PrivateKey":           nullString(u.privateKey),
		"AccountKeys":          accountKeys(u, "Object"),
		"Kdf":                  int(p.Type),
		"KdfIterations":        p.Iterations,
		"KdfMemory":            mem,
		"KdfParallelism":       par,
		"ForcePasswordReset":   false,
		"ResetMasterPassword":  false,
		"MasterPasswordPolicy": map[string]any{"Object": "masterPasswordPolicy"},
		"UserDecryptionOptions": map[string]any{
			"HasMasterPassword": true,
			"MasterPasswordUnlock": map[string]any{
				"Kdf": map[string]any{
					"KdfType": int(p.Type), "Iterations": p.Iterations, "Memory": mem, "Parallelism": par,
				},
				"MasterKeyEncryptedUserKey": u.akey,
				"MasterKeyWrappedUserKey":   u.akey,
				"Salt":                      u.email,
			},
			"Object": "userDecryptionOptions",
		},
	}
}

// refreshGrant rotates the refresh token: the old one stops working.
func (s *Server) refreshGrant(ctx context.Context, f tokenForm) (any, error) {
	tok := f.get("refresh_token")
	invalid := &apiError{status: http.StatusBadRequest, msg: "The refresh token is invalid or expired.", oauth: "invalid_grant"}
	if tok == "" || len(tok) > 200 {
		return nil, invalid
	}
	newTok := randomToken(64)
	now := s.now()
	var u *user
	var d device
	err := s.write(ctx, func(tx *sql.Tx) error {
		var userID string
		err := tx.QueryRowContext(ctx, `SELECT id, user_id, identifier, name, type, client_id FROM devices
			WHERE refresh_hash = ? AND refresh_expires_us > ?`, hashToken(tok), now.UnixMicro()).
			Scan(&d.id, &userID, &d.identifier, &d.name, &d.typ, &d.clientID)
		if errors.Is(err, sql.ErrNoRows) {
			return invalid
		}
		if err != nil {
			return err
		}
		if u, err = s.userByID(ctx, tx, userID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "UPDATE devices SET refresh_hash = ?, refresh_expires_us = ? WHERE id = ?",
			hashToken(newTok), now.Add(refreshTokenTTL).UnixMicro(), d.id)
		return err
	})
	if err != nil {
		return nil, err
	}
	access, err := s.issueAccessToken(u, &d)
	if err != nil {
		return nil, err
	}
	resp := s.tokenResponse(u, access)
	resp["refresh_token"] = newTok
	return resp, nil
}

// clientCredentialsGrant is the personal API key login: client_id
// user.<uuid>, client_secret the API key. No refresh token, no 2FA (§2.5).
func (s *Server) clientCredentialsGrant(ctx context.Context, f tokenForm) (any, error) {
	clientID := f.get("client_id")
	secret := f.get("client_secret")
	invalid := &apiError{status: http.StatusBadRequest, msg: "The client_id or client_secret is not valid.", oauth: "invalid_client"}
	userID, ok := strings.CutPrefix(clientID, "user.")
	if !ok || !validID(userID) {
		return nil, invalid
	}
	if scope := f.get("scope"); scope != "" && !strings.Contains(" "+scope+" ", " api ") {
		return nil, &apiError{status: http.StatusBadRequest, msg: "The scope must be api.", oauth: "invalid_scope"}
	}
	d, err := deviceFromForm(f)
	if err != nil {
		return nil, err
	}
	key := "client:" + normID(userID)
	if err := s.throttleCheck(key); err != nil {
		return nil, err
	}
	u, err := s.userByID(ctx, s.db, userID)
	if errors.Is(err, errNoUser) {
		s.throttleFail(key)
		return nil, invalid
	}
	if err != nil {
		return nil, err
	}
	if subtle.ConstantTimeCompare([]byte(secret), []byte(u.apiKey)) != 1 {
		s.throttleFail(key)
		return nil, invalid
	}
	s.throttleReset(key)
	return s.completeLogin(ctx, u, d, false, "")
}

// --- throttling of failed logins ---

type loginFailures struct {
	count int
	last  time.Time
}

const (
	throttleFree = 3 // failures allowed before the window starts
	throttleBase = 2 * time.Second
	throttleMax  = 5 * time.Minute
)

func throttleWindow(count int) time.Duration {
	if count < throttleFree {
		return 0
	}
	w := throttleBase
	for i := throttleFree; i < count && w < throttleMax; i++ {
		w *= 2
	}
	return min(w, throttleMax)
}

// throttleCheck refuses with 429 an attempt that comes too soon after
// repeated failures for the same account.
func (s *Server) throttleCheck(key string) error {
	s.throttleMu.Lock()
	defer s.throttleMu.Unlock()
	lf, ok := s.throttle[key]
	if !ok {
		return nil
	}
	wait := lf.last.Add(throttleWindow(lf.count)).Sub(s.now())
	if wait <= 0 {
		return nil
	}
	secs := int((wait + time.Second - 1) / time.Second)
	return &apiError{status: http.StatusTooManyRequests, oauth: "invalid_grant", oauthDesc: "too_many_attempts",
		msg: fmt.Sprintf("Too many failed login attempts for this account. Wait %d seconds and try again.", secs)}
}

func (s *Server) throttleFail(key string) {
	s.throttleMu.Lock()
	defer s.throttleMu.Unlock()
	now := s.now()
	if len(s.throttle) > 10_000 {
		for k, v := range s.throttle {
			if now.Sub(v.last) > throttleMax {
				delete(s.throttle, k)
			}
		}
	}
	lf := s.throttle[key]
	lf.count++
	lf.last = now
	s.throttle[key] = lf
}

func (s *Server) throttleReset(key string) {
	s.throttleMu.Lock()
	defer s.throttleMu.Unlock()
	delete(s.throttle, key)
}

// --- one-time codes ---

// sixDigits returns a uniformly random 6-digit code.
func sixDigits() string {
	var b [8]byte
	for {
		rand.Read(b[:])
		v := binary.BigEndian.Uint64(b[:]) >> 44 // 20 bits
		if v < 1_000_000 {
			return fmt.Sprintf("%06d", v)
		}
	}
}

// codeEqual compares one-time codes in constant time.
func codeEqual(a, b string) bool {
	ha := hmac.New(sha256.New, []byte("code"))
	ha.Write([]byte(a))
	hb := hmac.New(sha256.New, []byte("code"))
	hb.Write([]byte(b))
	return hmac.Equal(ha.Sum(nil), hb.Sum(nil))
}
