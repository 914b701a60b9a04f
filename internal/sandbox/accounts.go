package sandbox

import (
	"context"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
)

// user is a row of the users table.
type user struct {
	id, email, name string
	hint            sql.NullString
	pwHash, pwSalt  []byte
	pwIter          int
	kdf, kdfIter    int
	kdfMem, kdfPar  sql.NullInt64
	akey            string
	privateKey      sql.NullString
	publicKey       sql.NullString
	securityStamp   string
	apiKey          string
	userKeyID       sql.NullString
	totpSecret      sql.NullString
	totpLastStep    int64
	email2FA        sql.NullString
	avatarColor     sql.NullString
	createdUS       int64
	revisionMS      int64
	verifyDevices   bool
}

const userCols = `id, email, name, hint, pw_hash, pw_salt, pw_iter, kdf, kdf_iter, kdf_mem, kdf_par,
	akey, private_key, public_key, security_stamp, api_key, user_key_id, totp_secret, totp_last_step,
	email_2fa, avatar_color, created_us, revision_ms, verify_devices`

var errNoUser = errors.New("no such user")

type scanner interface{ Scan(dest ...any) error }

func scanUser(row scanner) (*user, error) {
	var u user
	err := row.Scan(&u.id, &u.email, &u.name, &u.hint, &u.pwHash, &u.pwSalt, &u.pwIter, &u.kdf, &u.kdfIter,
		&u.kdfMem, &u.kdfPar, &u.akey, &u.privateKey, &u.publicKey, &u.securityStamp, &u.apiKey, &u.userKeyID,
		&u.totpSecret, &u.totpLastStep, &u.email2FA, &u.avatarColor, &u.createdUS, &u.revisionMS, &u.verifyDevices)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoUser
	}
	if err != nil {
		return nil, err
	}
	return &u, nil
}

func (s *Server) userByID(ctx context.Context, q querier, id string) (*user, error) {
	return scanUser(q.QueryRowContext(ctx, "SELECT "+userCols+" FROM users WHERE id = ?", normID(id)))
}

func (s *Server) userByEmail(ctx context.Context, q querier, email string) (*user, error) {
	return scanUser(q.QueryRowContext(ctx, "SELECT "+userCols+" FROM users WHERE email = ?", normEmail(email)))
}

func (u *user) kdfParams() crypto.KDFParams {
	return crypto.KDFParams{Type: crypto.KDFType(u.kdf), Iterations: u.kdfIter,
		MemoryMiB: int(u.kdfMem.Int64), Parallelism: int(u.kdfPar.Int64)}
}

func (u *user) twoFactorEnabled() bool { return u.totpSecret.Valid || u.email2FA.Valid }

// hashPassword is the server-side hash over the client's master password
// hash: PBKDF2-SHA256 with a per-user random salt (§8).
func hashPassword(clientHash string, salt []byte, iter int) []byte {
	k, err := pbkdf2.Key(sha256.New, clientHash, salt, iter, 32)
	if err != nil {
		panic("pbkdf2: " + err.Error()) // only for out-of-range lengths, which are constants here
	}
	return k
}

func (s *Server) newPasswordHash(clientHash string) (hash, salt []byte, iter int) {
	salt = make([]byte, 16)
	rand.Read(salt)
	iter = s.cfg.PasswordIterations
	return hashPassword(clientHash, salt, iter), salt, iter
}

// checkPassword compares in constant time. The client hash is base64 of 32
// bytes; anything else cannot match but is hashed all the same.
func (u *user) checkPassword(clientHash string) bool {
	got := hashPassword(clientHash, u.pwSalt, u.pwIter)
	return subtle.ConstantTimeCompare(got, u.pwHash) == 1
}

// dummyPasswordCheck costs what a real check costs, for unknown emails.
func (s *Server) dummyPasswordCheck(clientHash string) {
	hashPassword(clientHash, make([]byte, 16), s.cfg.PasswordIterations)
}

// verifyMasterPassword checks the masterPasswordHash of a protected action.
func verifyMasterPassword(u *user, hash string) error {
	if hash == "" || !u.checkPassword(hash) {
		return errBadRequest("Invalid password.")
	}
	return nil
}

// bumpUsers advances the account revision date of the given users. It is
// strictly increasing, so a client that compares it always sees a change.
func bumpUsers(ctx context.Context, tx querier, nowMS int64, ids ...string) error {
	for _, id := range ids {
		if id == "" {
			continue
		}
		if _, err := tx.ExecContext(ctx, "UPDATE users SET revision_ms = MAX(revision_ms + 1, ?) WHERE id = ?", nowMS, id); err != nil {
			return err
		}
	}
	return nil
}

// bumpOrg advances the revision date of every confirmed, active member of
// an organization: everyone whose sync shows the org's data.
func bumpOrg(ctx context.Context, tx querier, nowMS int64, orgID string) error {
	_, err := tx.ExecContext(ctx, `UPDATE users SET revision_ms = MAX(revision_ms + 1, ?)
		WHERE id IN (SELECT user_id FROM members WHERE org_id = ? AND status = 2 AND revoked = 0 AND user_id IS NOT NULL)`,
		nowMS, orgID)
	return err
}

func (s *Server) nowMS() int64 { return s.now().UnixMilli() }
func (s *Server) nowUS() int64 { return s.now().UnixMicro() }

func itoa(n int) string { return strconv.Itoa(n) }

// accountKeys is the AccountKeys / accountKeys object (§2.3, §3.2). The
// token endpoint uses PascalCase "Object", the API camelCase "object".
func accountKeys(u *user, objectKey string) any {
	if !u.privateKey.Valid {
		return nil
	}
	m := map[string]any{
		"publicKeyEncryptionKeyPair": map[string]any{
			"wrappedPrivateKey": u.privateKey.String,
			"publicKey":         u.publicKey.String,
			"signedPublicKey":   nil,
			objectKey:           "publicKeyEncryptionKeyPair",
		},
		"signatureKeyPair": nil,
		"securityState":    nil,
		objectKey:          "privateKeys",
	}
	return m
}

func nullString(ns sql.NullString) any {
	if !ns.Valid {
		return nil
	}
	return ns.String
}

// profileJSON is the profile of §3.2, shared by /accounts/profile and sync.
func (s *Server) profileJSON(ctx context.Context, q querier, u *user) (map[string]any, error) {
	orgs, err := s.profileOrganizations(ctx, q, u.id)
	if err != nil {
		return nil, err
	}
	return map[string]any{
		"id":                      u.id,
		"name":                    u.name,
		"email":                   u.email,
		"emailVerified":           true,
		"premium":                 true,
		"premiumFromOrganization": false,
		"culture":                 "en-US",
		"twoFactorEnabled":        u.twoFactorEnabled(),
		"key":                     u.akey,
		"privateKey":              nullString(u.privateKey),
		"accountKeys":             accountKeys(u, "object"),
		"securityStamp":           u.securityStamp,
		"forcePasswordReset":      false,
		"usesKeyConnector":        false,
		"avatarColor":             nullString(u.avatarColor),
		"creationDate":            formatMicros(u.createdUS),
		"verifyDevices":           false,
		"organizations":           orgs,
		"providers":               []any{},
		"providerOrganizations":   []any{},
		"object":                  "profile",
	}, nil
}

func (s *Server) getProfile(r *http.Request, c *caller) (any, error) {
	return s.profileJSON(r.Context(), s.db, c.user)
}

func (s *Server) putProfile(r *http.Request, c *caller) (any, error) {
	var req struct {
		Name        *string `json:"name"`
		AvatarColor *string `json:"avatarColor"`
	}
	if err := decodeJSON(r, &req); err != nil {
		return nil, err
	}
	ctx := r.Context()
	if req.Name != nil {
		if n := utf8.RuneCountInString(*req.Name); n > 50 {
			return nil, errBadRequest("The name is %d characters long; at most 50 are allowed.", n)
		}
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		if req.Name != nil {
			if _, err := tx.ExecContext(ctx, "UPDATE users SET name = ? WHERE id = ?", strings.TrimSpace(*req.Name), c.user.id); err != nil {
				return err
			}
		}
		if req.AvatarColor != nil {
			if _, err := tx.ExecContext(ctx, "UPDATE users SET avatar_color = ? WHERE id = ?", *req.AvatarColor, c.user.id); err != nil {
				return err
			}
		}
		return bumpUsers(ctx, tx, s.nowMS(), c.user.id)
	})
	if err != nil {
		return nil, err
	}
	u, err := s.userByID(ctx, s.db, c.user.id)
	if err != nil {
		return nil, err
	}
	return s.profileJSON(ctx, s.db, u)
}

func (s *Server) revisionDate(r *http.Request, c *caller) (any, error) {
	return rawJSON(strconv.FormatInt(c.user.revisionMS, 10)), nil
}

// postKeys sets the account's RSA key pair once (§2.7).
func (s *Server) postKeys(r *http.Request, c *caller) (any, error) {
	var req keysRequest
	if err := decodeJSON(r, &req); err != nil {
		return nil, err
	}
	if err := req.validate("keys"); err != nil {
		return nil, err
	}
	u := c.user
	if u.privateKey.Valid {
		if u.privateKey.String != req.EncryptedPrivateKey || u.publicKey.String != req.PublicKey {
			return nil, errBadRequest("The account already has a key pair.")
		}
	} else {
		ctx := r.Context()
		err := s.write(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, "UPDATE users SET private_key = ?, public_key = ? WHERE id = ? AND private_key IS NULL",
				req.EncryptedPrivateKey, req.PublicKey, u.id); err != nil {
				return err
			}
			return bumpUsers(ctx, tx, s.nowMS(), u.id)
		})
		if err != nil {
			return nil, err
		}
	}
	return map[string]any{"privateKey": req.EncryptedPrivateKey, "publicKey": req.PublicKey, "object": "keys"}, nil
}

// keysRequest is {publicKey, encryptedPrivateKey}: an RSA key pair whose
// private half is encrypted under a symmetric key.
type keysRequest struct {
	PublicKey           string `json:"publicKey"`
	EncryptedPrivateKey string `json:"encryptedPrivateKey"`
}

func (k *keysRequest) validate(field string) error {
	if err := validatePublicKey(k.PublicKey); err != nil {
		return errBadRequest("%s.publicKey is not a valid public key: %v", field, err)
	}
	if err := validateEnc(k.EncryptedPrivateKey, field+".encryptedPrivateKey", crypto.EncAesCbc256HmacSha256); err != nil {
		return err
	}
	return nil
}

func validatePublicKey(b64 string) error {
	der, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return errors.New("not base64")
	}
	_, err = crypto.ParsePublicKey(der)
	return err
}

// validateEnc checks that s is an EncString of one of the given types (any
// type if none is given). The message names the field, never the value.
func validateEnc(s, field string, types ...crypto.EncType) error {
	if s == "" {
		return errBadRequest("%s is required.", field)
	}
	e, err := crypto.ParseEncString(s)
	if err != nil {
		return errBadRequest("%s is not a valid EncString.", field)
	}
	if len(types) == 0 {
		return nil
	}
	for _, t := range types {
		if e.Type() == t {
			return nil
		}
	}
	return errBadRequest("%s is an EncString of %v, which is not accepted here.", field, e.Type())
}

type passwordRequest struct {
	MasterPasswordHash string `json:"masterPasswordHash"`
}

func (s *Server) apiKey(r *http.Request, c *caller) (any, error) { return s.apiKeyCommon(r, c, false) }
func (s *Server) rotateAPIKey(r *http.Request, c *caller) (any, error) {
	return s.apiKeyCommon(r, c, true)
}

func (s *Server) apiKeyCommon(r *http.Request, c *caller, rotate bool) (any, error) {
	var req passwordRequest
	if err := decodeJSON(r, &req); err != nil {
		return nil, err
	}
	if err := verifyMasterPassword(c.user, req.MasterPasswordHash); err != nil {
		return nil, err
	}
	key := c.user.apiKey
	if rotate {
		key = randomToken(30)
		ctx := r.Context()
		err := s.write(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, "UPDATE users SET api_key = ? WHERE id = ?", key, c.user.id)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return map[string]any{"apiKey": key, "revisionDate": formatMicros(s.nowUS()), "object": "apiKey"}, nil
}

// userKeyID stores the id bw 2026.9 assigns to the user key after login;
// it expects 200 and then reads it back from sync.userDecryption.
func (s *Server) userKeyID(r *http.Request, c *caller) (any, error) {
	var req struct {
		UserKeyID string `json:"userKeyId"`
	}
	if err := decodeJSON(r, &req); err != nil {
		return nil, err
	}
	id := strings.TrimSpace(req.UserKeyID)
	if id == "" || len(id) > 100 {
		return nil, errBadRequest("userKeyId must be 1–100 characters.")
	}
	return nil, s.updateUser(r.Context(), c.user.id, "user_key_id", id)
}

// updateUser sets one column of a user's row and bumps their revision date,
// so that clients sync the change. column is always a constant of this
// package, never request input.
func (s *Server) updateUser(ctx context.Context, userID, column string, value any) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE users SET "+column+" = ? WHERE id = ?", value, userID); err != nil {
			return err
		}
		return bumpUsers(ctx, tx, s.nowMS(), userID)
	})
}

func (s *Server) verifyPassword(r *http.Request, c *caller) (any, error) {
	var req passwordRequest
	if err := decodeJSON(r, &req); err != nil {
		return nil, err
	}
	return nil, verifyMasterPassword(c.user, req.MasterPasswordHash)
}

func (s *Server) userPublicKey(r *http.Request, c *caller) (any, error) {
	id := r.PathValue("id")
	if !validID(id) {
		return nil, errNotFound("User")
	}
	u, err := s.userByID(r.Context(), s.db, id)
	if errors.Is(err, errNoUser) || (err == nil && !u.publicKey.Valid) {
		return nil, errNotFound("User public key")
	}
	if err != nil {
		return nil, err
	}
	return map[string]any{"userId": u.id, "publicKey": u.publicKey.String, "object": "userKey"}, nil
}

// knownDevice answers whether the device (X-Device-Identifier) has logged
// in to the account (X-Request-Email, base64url) before.
func (s *Server) knownDevice(r *http.Request) (any, error) {
	emailB64 := r.Header.Get("X-Request-Email")
	ident := r.Header.Get("X-Device-Identifier")
	emailBytes, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(emailB64, "="))
	if err != nil || ident == "" {
		return rawJSON("false"), nil
	}
	var n int
	err = s.db.QueryRowContext(r.Context(), `SELECT COUNT(*) FROM devices d JOIN users u ON u.id = d.user_id
		WHERE u.email = ? AND d.identifier = ?`, normEmail(string(emailBytes)), ident).Scan(&n)
	if err != nil {
		return nil, err
	}
	if n > 0 {
		return rawJSON("true"), nil
	}
	return rawJSON("false"), nil
}
