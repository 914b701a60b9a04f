package api

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
)

// refreshMargin: official clients renew the access token when less than
// five minutes remain on its exp claim (§2.5).
const refreshMargin = 5 * time.Minute

// Secret is a string that must not be printed: a token or an API key. Its
// String, GoString and LogValue give "REDACTED"; string(s) gives the value.
type Secret string

func (Secret) String() string       { return "REDACTED" }
func (Secret) GoString() string     { return `"REDACTED"` }
func (Secret) LogValue() slog.Value { return slog.StringValue("REDACTED") }

// Tokens are a session's OAuth tokens, for callers that persist a session
// (Client.Tokens, Client.SetTokens).
type Tokens struct {
	AccessToken  Secret
	RefreshToken Secret    // empty for API-key sessions
	Expiry       time.Time // of the access token
}

// String, GoString and LogValue keep the tokens out of logs even when the
// struct is logged as a whole.
func (t Tokens) String() string {
	return "api.Tokens{REDACTED, expires " + t.Expiry.UTC().Format(time.RFC3339) + "}"
}
func (t Tokens) GoString() string { return t.String() }
func (t Tokens) LogValue() slog.Value {
	return slog.GroupValue(slog.String("access_token", "REDACTED"), slog.Time("expiry", t.Expiry))
}

// session is the logged-in state: tokens and what the access token says.
type session struct {
	Tokens
	clientID string // the token's client_id claim, sent when refreshing
	userID   string // sub claim
	email    string
	// apiKey is kept for API-key sessions, which get no refresh token: the
	// client_credentials grant is simply repeated (§2.5).
	apiKey *APIKey
}

func (s *session) renewable() bool { return s.RefreshToken != "" || s.apiKey != nil }

func (c *Client) renewable() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sess.renewable()
}

// bearer returns the access token to send, renewing it first when it is
// about to expire or when used (the token of a request the server just
// answered with 401) is still the current one.
func (c *Client) bearer(ctx context.Context, used string) (string, error) {
	current := func() (session, bool) {
		c.mu.Lock()
		defer c.mu.Unlock()
		s := c.sess
		fresh := c.Now().Add(refreshMargin).Before(s.Expiry)
		return s, string(s.AccessToken) != used && fresh
	}
	s, ok := current()
	if s.AccessToken == "" {
		return "", ErrNotLoggedIn
	}
	if ok {
		return string(s.AccessToken), nil
	}
	if !s.renewable() {
		if used != "" {
			return "", ErrUnauthorized
		}
		// Nothing to renew with: let the server judge the old token.
		return string(s.AccessToken), nil
	}
	c.refreshMu.Lock()
	defer c.refreshMu.Unlock()
	// Another request may have renewed the token while we waited.
	if s, ok = current(); ok {
		return string(s.AccessToken), nil
	}
	if err := c.renew(ctx, s); err != nil {
		return "", err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return string(c.sess.AccessToken), nil
}

// renew replaces the session's access token. The caller holds refreshMu.
func (c *Client) renew(ctx context.Context, s session) error {
	if s.RefreshToken == "" && s.apiKey != nil {
		_, err := c.LoginAPIKey(ctx, s.apiKey.ClientID, s.apiKey.ClientSecret)
		return err
	}
	clientID := s.clientID
	if clientID == "" {
		clientID = c.ClientName
	}
	form := url.Values{
		"grant_type":    {"refresh_token"},
		"client_id":     {clientID},
		"refresh_token": {string(s.RefreshToken)},
	}
	tr, err := c.token(ctx, form)
	if err != nil {
		var se *StatusError
		if errors.As(err, &se) && se.Code == http.StatusBadRequest {
			// invalid_grant: the refresh token is dead; official clients log
			// out (§2.5). Forget the session so later calls say so.
			c.mu.Lock()
			if c.sess.RefreshToken == s.RefreshToken {
				c.sess = session{}
			}
			c.mu.Unlock()
			return fmt.Errorf("refresh session: %w: %w", ErrUnauthorized, err)
		}
		return fmt.Errorf("refresh session: %w", err)
	}
	if tr.RefreshToken == "" {
		tr.RefreshToken = s.RefreshToken // refresh tokens are reusable
	}
	c.setSession(tr, nil)
	return nil
}

// Refresh renews the access token now, with the refresh token (or, for an
// API-key session, the API key).
func (c *Client) Refresh(ctx context.Context) error {
	c.refreshMu.Lock()
	defer c.refreshMu.Unlock()
	c.mu.Lock()
	s := c.sess
	c.mu.Unlock()
	if s.AccessToken == "" && !s.renewable() {
		return ErrNotLoggedIn
	}
	if !s.renewable() {
		return errors.New("refresh session: no refresh token")
	}
	return c.renew(ctx, s)
}

// Tokens returns the session's tokens, for persisting a session.
func (c *Client) Tokens() Tokens {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sess.Tokens
}

// SetTokens resumes a persisted session. If t.Expiry is zero it is read from
// the access token.
func (c *Client) SetTokens(t Tokens) {
	c.setSession(&tokenResponse{AccessToken: t.AccessToken, RefreshToken: t.RefreshToken}, nil)
	if !t.Expiry.IsZero() {
		c.mu.Lock()
		c.sess.Expiry = t.Expiry
		c.mu.Unlock()
	}
}

// Logout forgets the session (the server keeps the device and refresh token
// until they expire).
func (c *Client) Logout() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sess = session{}
}

// UserID returns the logged-in user's id (the access token's sub claim), or
// "" before a login.
func (c *Client) UserID() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sess.userID
}

// tokenResponse is the token endpoint's answer (§2.3): OAuth fields in
// snake_case beside Bitwarden's PascalCase ones.
type tokenResponse struct {
	AccessToken  Secret `json:"access_token"`
	ExpiresIn    int    `json:"expires_in"`
	TokenType    string `json:"token_type"`
	RefreshToken Secret `json:"refresh_token"`
	LoginResponse
}

func (c *Client) token(ctx context.Context, form url.Values) (*tokenResponse, error) {
	var tr tokenResponse
	if err := c.do(ctx, http.MethodPost, "/identity/connect/token", form, &tr); err != nil {
		return nil, err
	}
	if tr.AccessToken == "" {
		return nil, errors.New("POST /identity/connect/token: answer has no access_token")
	}
	return &tr, nil
}

func (c *Client) setSession(tr *tokenResponse, apiKey *APIKey) {
	s := session{Tokens: Tokens{AccessToken: tr.AccessToken, RefreshToken: tr.RefreshToken}, apiKey: apiKey}
	cl, ok := parseJWT(string(tr.AccessToken))
	switch {
	case ok && cl.Exp > 0:
		s.Expiry = time.Unix(int64(cl.Exp), 0)
	case tr.ExpiresIn > 0:
		s.Expiry = c.Now().Add(time.Duration(tr.ExpiresIn) * time.Second)
	default:
		s.Expiry = c.Now().Add(time.Hour)
	}
	s.clientID, s.userID, s.email = cl.ClientID, cl.Sub, cl.Email
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sess = s
}

// jwtClaims are the access-token claims a client reads (§2.5, §8).
type jwtClaims struct {
	Exp      float64 `json:"exp"`
	Sub      string  `json:"sub"`
	Email    string  `json:"email"`
	ClientID string  `json:"client_id"`
}

// parseJWT reads the claims of a JWT without verifying it: the client is
// not the token's audience, only its bearer.
func parseJWT(tok string) (jwtClaims, bool) {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return jwtClaims{}, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return jwtClaims{}, false
	}
	cl, err := decode[jwtClaims](payload)
	return cl, err == nil
}

// KdfSettings is the KDF object of registration, token and sync answers
// ({kdfType, iterations, memory, parallelism}, §2.2).
type KdfSettings struct {
	KdfType     crypto.KDFType `json:"kdfType"`
	Iterations  int            `json:"iterations"`
	Memory      *int           `json:"memory"`
	Parallelism *int           `json:"parallelism"`
}

// KdfSettingsOf converts crypto's KDF parameters to the wire form.
func KdfSettingsOf(p crypto.KDFParams) KdfSettings {
	k := KdfSettings{KdfType: p.Type, Iterations: p.Iterations}
	if p.Type == crypto.KDFArgon2id {
		k.Memory, k.Parallelism = &p.MemoryMiB, &p.Parallelism
	}
	return k
}

// Params converts back to crypto's form.
func (k KdfSettings) Params() crypto.KDFParams {
	return kdfParams(k.KdfType, k.Iterations, k.Memory, k.Parallelism)
}

func kdfParams(t crypto.KDFType, iter int, mem, par *int) crypto.KDFParams {
	p := crypto.KDFParams{Type: t, Iterations: iter}
	if mem != nil {
		p.MemoryMiB = *mem
	}
	if par != nil {
		p.Parallelism = *par
	}
	return p
}

// PreloginResponse gives an account's KDF settings (§2.1). Servers answer
// for unknown emails too, with fake but stable settings.
type PreloginResponse struct {
	Kdf            crypto.KDFType `json:"kdf"`
	KdfIterations  int            `json:"kdfIterations"`
	KdfMemory      *int           `json:"kdfMemory"`
	KdfParallelism *int           `json:"kdfParallelism"`
	// Salt is the server's stored salt, or nil: then the email is the salt.
	Salt *string `json:"salt"`
}

// KDF returns the KDF parameters; check them with Validate before use.
func (p *PreloginResponse) KDF() crypto.KDFParams {
	return kdfParams(p.Kdf, p.KdfIterations, p.KdfMemory, p.KdfParallelism)
}

// Prelogin asks for the KDF settings of email (§2.1).
func (c *Client) Prelogin(ctx context.Context, email string) (*PreloginResponse, error) {
	return post[PreloginResponse](ctx, c, "/identity/accounts/prelogin", map[string]string{"email": email})
}

// SendVerificationEmail starts a registration (§2.2). A server that does not
// verify email addresses answers with the token for RegisterRequest's
// EmailVerificationToken; one that does returns "" and mails the token.
func (c *Client) SendVerificationEmail(ctx context.Context, email, name string) (Secret, error) {
	var raw json.RawMessage
	in := map[string]any{"email": email, "name": name, "receiveMarketingEmails": false}
	if err := c.do(ctx, http.MethodPost, "/identity/accounts/register/send-verification-email", in, &raw); err != nil {
		return "", err
	}
	var tok string
	if len(raw) > 0 && raw[0] == '"' {
		if err := json.Unmarshal(raw, &tok); err != nil {
			return "", fmt.Errorf("send verification email: decode token: %w", err)
		}
	}
	return Secret(tok), nil
}

// RegisterRequest is the body of register/finish, new shape (§2.2).
type RegisterRequest struct {
	Email                        string                       `json:"email"`
	Name                         string                       `json:"name,omitempty"`
	MasterPasswordHint           string                       `json:"masterPasswordHint,omitempty"`
	MasterPasswordAuthentication MasterPasswordAuthentication `json:"masterPasswordAuthentication"`
	MasterPasswordUnlock         MasterPasswordUnlock         `json:"masterPasswordUnlock"`
	UserAsymmetricKeys           KeysRequest                  `json:"userAsymmetricKeys"`

	// One token group: the emailed verification token, or an organization
	// invite's token and membership id.
	EmailVerificationToken Secret `json:"emailVerificationToken,omitempty"`
	OrgInviteToken         Secret `json:"orgInviteToken,omitempty"`
	OrganizationUserID     string `json:"organizationUserId,omitempty"`
}

// MasterPasswordAuthentication is how the server will check the password.
type MasterPasswordAuthentication struct {
	Kdf  KdfSettings `json:"kdf"`
	Hash string      `json:"masterPasswordAuthenticationHash"` // MasterKey.ServerHash
	Salt string      `json:"salt"`                             // the normalized email
}

// MasterPasswordUnlock is how a client will unlock the user key.
type MasterPasswordUnlock struct {
	Kdf                     KdfSettings      `json:"kdf"`
	MasterKeyWrappedUserKey crypto.EncString `json:"masterKeyWrappedUserKey"`
	Salt                    string           `json:"salt"`
}

// KeysRequest is an RSA key pair as registration and organization creation
// send it (§2.2, §4.8).
type KeysRequest struct {
	PublicKey           string           `json:"publicKey"` // base64 SPKI DER
	EncryptedPrivateKey crypto.EncString `json:"encryptedPrivateKey"`
}

// NewKeysRequest encodes pub and its encrypted private half.
func NewKeysRequest(pub *crypto.PublicKey, encryptedPrivate crypto.EncString) KeysRequest {
	return KeysRequest{PublicKey: base64.StdEncoding.EncodeToString(pub.SPKI()), EncryptedPrivateKey: encryptedPrivate}
}

// Register creates an account (POST /identity/accounts/register/finish).
func (c *Client) Register(ctx context.Context, r *RegisterRequest) error {
	return c.do(ctx, http.MethodPost, "/identity/accounts/register/finish", r, nil)
}

// LoginResponse is what a successful login returns besides the tokens,
// which the Client keeps (§2.3).
type LoginResponse struct {
	Key                   *crypto.EncString      `json:"Key"`
	PrivateKey            *crypto.EncString      `json:"PrivateKey"`
	AccountKeys           *AccountKeys           `json:"AccountKeys"`
	Kdf                   crypto.KDFType         `json:"Kdf"`
	KdfIterations         int                    `json:"KdfIterations"`
	KdfMemory             *int                   `json:"KdfMemory"`
	KdfParallelism        *int                   `json:"KdfParallelism"`
	ForcePasswordReset    bool                   `json:"ForcePasswordReset"`
	UserDecryptionOptions *UserDecryptionOptions `json:"UserDecryptionOptions"`
	MasterPasswordPolicy  json.RawMessage        `json:"MasterPasswordPolicy"`
	// TwoFactorToken is the "remember this device" token, returned when a
	// two-step login asked for it; log in with TwoFactorRemember next time.
	TwoFactorToken Secret `json:"TwoFactorToken"`
}

// UserKey returns the master-key-wrapped user key, from the newer
// MasterPasswordUnlock option or the older Key field.
func (r *LoginResponse) UserKey() *crypto.EncString {
	if u := r.UserDecryptionOptions; u != nil && u.MasterPasswordUnlock != nil && u.MasterPasswordUnlock.MasterKeyEncryptedUserKey != nil {
		return u.MasterPasswordUnlock.MasterKeyEncryptedUserKey
	}
	return r.Key
}

// WrappedPrivateKey returns the user's private key, encrypted under the user
// key, from AccountKeys or the older PrivateKey field.
func (r *LoginResponse) WrappedPrivateKey() *crypto.EncString {
	if k := r.AccountKeys; k != nil && k.PublicKeyEncryptionKeyPair != nil && k.PublicKeyEncryptionKeyPair.WrappedPrivateKey != nil {
		return k.PublicKeyEncryptionKeyPair.WrappedPrivateKey
	}
	return r.PrivateKey
}

// KDF returns the account's KDF parameters.
func (r *LoginResponse) KDF() crypto.KDFParams {
	if u := r.UserDecryptionOptions; u != nil && u.MasterPasswordUnlock != nil && u.MasterPasswordUnlock.Kdf.Iterations != 0 {
		return u.MasterPasswordUnlock.Kdf.Params()
	}
	return kdfParams(r.Kdf, r.KdfIterations, r.KdfMemory, r.KdfParallelism)
}

// AccountKeys holds the user's key pair (§2.3; camelCase inside).
type AccountKeys struct {
	PublicKeyEncryptionKeyPair *PublicKeyEncryptionKeyPair `json:"publicKeyEncryptionKeyPair"`
}

// PublicKeyEncryptionKeyPair is the user's RSA key pair.
type PublicKeyEncryptionKeyPair struct {
	WrappedPrivateKey *crypto.EncString `json:"wrappedPrivateKey"`
	PublicKey         string            `json:"publicKey"` // base64 SPKI
}

// UserDecryptionOptions says how the account unlocks (§2.3, §3.1).
type UserDecryptionOptions struct {
	HasMasterPassword    bool                          `json:"hasMasterPassword"`
	MasterPasswordUnlock *MasterPasswordUnlockResponse `json:"masterPasswordUnlock"`
}

// MasterPasswordUnlockResponse is the master-password unlock data.
type MasterPasswordUnlockResponse struct {
	Kdf                       KdfSettings       `json:"kdf"`
	MasterKeyEncryptedUserKey *crypto.EncString `json:"masterKeyEncryptedUserKey"`
	Salt                      string            `json:"salt"`
}

// TwoFactorProvider is Bitwarden's two-step login provider number (§2.4).
type TwoFactorProvider int

// Two-step login providers.
const (
	TwoFactorAuthenticator TwoFactorProvider = 0
	TwoFactorEmail         TwoFactorProvider = 1
	TwoFactorDuo           TwoFactorProvider = 2
	TwoFactorYubiKey       TwoFactorProvider = 3
	TwoFactorU2F           TwoFactorProvider = 4
	TwoFactorRemember      TwoFactorProvider = 5
	TwoFactorOrgDuo        TwoFactorProvider = 6
	TwoFactorWebAuthn      TwoFactorProvider = 7
	TwoFactorRecoveryCode  TwoFactorProvider = 8
)

func (p TwoFactorProvider) String() string {
	names := [...]string{"authenticator", "email", "duo", "yubikey", "u2f", "remember", "org-duo", "webauthn", "recovery-code"}
	if p >= 0 && int(p) < len(names) {
		return names[p]
	}
	return "provider-" + strconv.Itoa(int(p))
}

// TwoFactorLogin is what a login retry adds: a second factor, or the
// new-device code, or both.
type TwoFactorLogin struct {
	Provider TwoFactorProvider
	Token    string // the code, or a remember token with TwoFactorRemember; "" sends no second factor
	Remember bool   // ask for a TwoFactorToken to skip the second factor next time
	// NewDeviceOTP answers ErrNewDeviceVerification with the mailed code.
	NewDeviceOTP string
}

// LoginPassword logs in with the password grant (§2.3). passwordHash is
// MasterKey.ServerHash. When the account has two-step login the error is a
// *TwoFactorRequiredError; when the server wants this device verified it
// matches ErrNewDeviceVerification; retry with tf. Wrong credentials give
// an error matching ErrInvalidCredentials.
func (c *Client) LoginPassword(ctx context.Context, email, passwordHash string, tf *TwoFactorLogin) (*LoginResponse, error) {
	form := url.Values{
		"grant_type": {"password"},
		"username":   {email},
		"password":   {passwordHash},
		"scope":      {"api offline_access"},
		"client_id":  {c.ClientName},
	}
	c.deviceForm(form)
	if tf != nil && tf.Token != "" {
		form.Set("twoFactorToken", tf.Token)
		form.Set("twoFactorProvider", strconv.Itoa(int(tf.Provider)))
		form.Set("twoFactorRemember", "0")
		if tf.Remember {
			form.Set("twoFactorRemember", "1")
		}
	}
	if tf != nil && tf.NewDeviceOTP != "" {
		form.Set("newDeviceOtp", tf.NewDeviceOTP)
	}
	tr, err := c.token(ctx, form)
	if err != nil {
		return nil, err
	}
	c.setSession(tr, nil)
	return &tr.LoginResponse, nil
}

// APIKey is a personal API key: ClientID is "user.<user id>".
type APIKey struct {
	ClientID     string
	ClientSecret Secret
}

func (k APIKey) String() string   { return "api.APIKey{" + k.ClientID + ", REDACTED}" }
func (k APIKey) GoString() string { return k.String() }
func (k APIKey) LogValue() slog.Value {
	return slog.GroupValue(slog.String("client_id", k.ClientID), slog.String("client_secret", "REDACTED"))
}

// LoginAPIKey logs in with a personal API key (client_credentials, §2.5).
// There is no refresh token; the Client repeats this grant when the access
// token runs out. Two-step login does not apply.
func (c *Client) LoginAPIKey(ctx context.Context, clientID string, clientSecret Secret) (*LoginResponse, error) {
	form := url.Values{
		"grant_type":    {"client_credentials"},
		"client_id":     {clientID},
		"client_secret": {string(clientSecret)},
		"scope":         {"api"},
	}
	c.deviceForm(form)
	tr, err := c.token(ctx, form)
	if err != nil {
		return nil, err
	}
	c.setSession(tr, &APIKey{ClientID: clientID, ClientSecret: clientSecret})
	return &tr.LoginResponse, nil
}

func (c *Client) deviceForm(form url.Values) {
	form.Set("deviceType", strconv.Itoa(int(c.Device.Type)))
	form.Set("deviceIdentifier", c.Device.Identifier)
	form.Set("deviceName", c.Device.Name)
}

// GetAPIKey returns the user's personal API key (POST /api/accounts/api-key).
func (c *Client) GetAPIKey(ctx context.Context, passwordHash string) (*APIKey, error) {
	r, err := post[struct {
		APIKey Secret `json:"apiKey"`
	}](ctx, c, "/api/accounts/api-key", map[string]string{"masterPasswordHash": passwordHash})
	if err != nil {
		return nil, err
	}
	uid := c.UserID()
	if uid == "" {
		return nil, errors.New("get API key: the access token names no user")
	}
	return &APIKey{ClientID: "user." + uid, ClientSecret: r.APIKey}, nil
}

// ResendNewDeviceOTP asks for a fresh new-device code by email
// (POST /api/accounts/resend-new-device-otp, before any session).
func (c *Client) ResendNewDeviceOTP(ctx context.Context, email, passwordHash string) error {
	return c.do(ctx, http.MethodPost, "/api/accounts/resend-new-device-otp",
		map[string]string{"email": email, "masterPasswordHash": passwordHash}, nil)
}

// SetVerifyDevices turns new-device verification on or off for the
// account (PUT /api/accounts/verify-devices).
func (c *Client) SetVerifyDevices(ctx context.Context, passwordHash string, on bool) error {
	return c.do(ctx, http.MethodPut, "/api/accounts/verify-devices",
		map[string]any{"masterPasswordHash": passwordHash, "verifyDevices": on}, nil)
}
