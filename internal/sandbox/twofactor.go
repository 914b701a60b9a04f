package sandbox

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// totpOpts are the authenticator settings: RFC 6238, SHA-1, 6 digits, 30 s.
var totpOpts = totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// checkTOTP accepts the code of the current 30-second step or of one step
// either side, and refuses a step already used (no replay).
func (s *Server) checkTOTP(ctx context.Context, u *user, code string) (bool, error) {
	now := s.now()
	step := now.Unix() / 30
	for _, k := range []int64{0, -1, 1} {
		st := step + k
		if st <= u.totpLastStep {
			continue
		}
		want, err := totp.GenerateCodeCustom(u.totpSecret.String, time.Unix(st*30, 0), totpOpts)
		if err != nil {
			return false, nil // a stored secret that does not decode cannot match
		}
		if codeEqual(code, want) {
			err := s.write(ctx, func(tx *sql.Tx) error {
				_, err := tx.ExecContext(ctx, "UPDATE users SET totp_last_step = ? WHERE id = ?", st, u.id)
				return err
			})
			return err == nil, err
		}
	}
	return false, nil
}

// sendEmailCode stores a new 6-digit code, valid for 10 minutes, and mails it.
func (s *Server) sendEmailCode(ctx context.Context, tx *sql.Tx, userID, purpose, email string) error {
	code := sixDigits()
	now := s.now()
	if _, err := tx.ExecContext(ctx, "DELETE FROM email_codes WHERE expires_us <= ?", now.UnixMicro()); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO email_codes (user_id, purpose, email, code, expires_us) VALUES (?, ?, ?, ?, ?)",
		userID, purpose, email, code, now.Add(emailCodeTTL).UnixMicro()); err != nil {
		return err
	}
	m := Mail{To: email, Token: code}
	switch purpose {
	case "login":
		m.Kind = "two-factor-email"
		m.Subject = "Your Vaultdesk sandbox two-step login code"
		m.Body = "Your two-step login code is " + code + ". It expires in 10 minutes."
	case purposeNewDevice:
		m.Kind = "new-device"
		m.Subject = "Verify a new device signing in to the Vaultdesk sandbox"
		m.Body = "A device this account has not used before is signing in. Enter the code " + code +
			" to let it in. It expires in 10 minutes."
	default:
		m.Kind = "verify-email"
		m.Subject = "Verify the email address for two-step login"
		m.Body = "Enter the code " + code + " to turn on two-step login by email. It expires in 10 minutes."
	}
	return s.addMail(ctx, tx, m)
}

func (s *Server) sendLoginCode(ctx context.Context, u *user) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		return s.sendEmailCode(ctx, tx, u.id, "login", u.email2FA.String)
	})
}

// checkEmailCode accepts any unexpired code of the purpose (for setup, also
// sent to email) and then removes them all.
func (s *Server) checkEmailCode(ctx context.Context, userID, purpose, email, code string) (bool, error) {
	ok := false
	err := s.write(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT email, code FROM email_codes WHERE user_id = ? AND purpose = ? AND expires_us > ?",
			userID, purpose, s.nowUS())
		if err != nil {
			return err
		}
		for rows.Next() {
			var e, c string
			if err := rows.Scan(&e, &c); err != nil {
				rows.Close()
				return err
			}
			if codeEqual(strings.TrimSpace(code), c) && (email == "" || e == email) {
				ok = true
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if ok {
			_, err = tx.ExecContext(ctx, "DELETE FROM email_codes WHERE user_id = ? AND purpose = ?", userID, purpose)
		}
		return err
	})
	return ok, err
}

// twoFactorList is GET /api/two-factor: the enabled providers.
func (s *Server) twoFactorList(r *http.Request, c *caller) (any, error) {
	var out []any
	if c.user.totpSecret.Valid {
		out = append(out, map[string]any{"enabled": true, "type": providerAuthenticator, "object": "twoFactorProvider"})
	}
	if c.user.email2FA.Valid {
		out = append(out, map[string]any{"enabled": true, "type": providerEmail, "object": "twoFactorProvider"})
	}
	return list(out), nil
}

// getAuthenticator returns the active secret, or a new one to set up.
func (s *Server) getAuthenticator(r *http.Request, c *caller) (any, error) {
	var req passwordRequest
	if err := decodeJSON(r, &req); err != nil {
		return nil, err
	}
	if err := verifyMasterPassword(c.user, req.MasterPasswordHash); err != nil {
		return nil, err
	}
	if c.user.totpSecret.Valid {
		return map[string]any{"enabled": true, "key": c.user.totpSecret.String, "object": "twoFactorAuthenticator"}, nil
	}
	return map[string]any{"enabled": false, "key": newTOTPSecret(), "object": "twoFactorAuthenticator"}, nil
}

func newTOTPSecret() string {
	b := make([]byte, 20)
	rand.Read(b)
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)
}

// putAuthenticator turns on the authenticator after checking a code made
// with the given key.
func (s *Server) putAuthenticator(r *http.Request, c *caller) (any, error) {
	var req struct {
		Key                string `json:"key"`
		Token              string `json:"token"`
		MasterPasswordHash string `json:"masterPasswordHash"`
	}
	if err := decodeJSON(r, &req); err != nil {
		return nil, err
	}
	if err := verifyMasterPassword(c.user, req.MasterPasswordHash); err != nil {
		return nil, err
	}
	key := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(req.Key), " ", ""))
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.TrimRight(key, "="))
	if err != nil || len(raw) < 10 || len(raw) > 64 {
		return nil, errBadRequest("The authenticator key is not valid base32 of 10–64 bytes.")
	}
	probe := *c.user
	probe.totpSecret = sql.NullString{String: key, Valid: true}
	probe.totpLastStep = 0
	ctx := r.Context()
	ok, err := s.checkTOTP(ctx, &probe, strings.TrimSpace(req.Token))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errBadRequest("Invalid token.")
	}
	if err := s.updateUser(ctx, c.user.id, "totp_secret", key); err != nil {
		return nil, err
	}
	return map[string]any{"enabled": true, "key": key, "object": "twoFactorAuthenticator"}, nil
}

type emailSetupRequest struct {
	Email              string `json:"email"`
	Token              string `json:"token"`
	MasterPasswordHash string `json:"masterPasswordHash"`
}

// sendEmailSetup mails a code that proves the address for email 2FA.
func (s *Server) sendEmailSetup(r *http.Request, c *caller) (any, error) {
	var req emailSetupRequest
	if err := decodeJSON(r, &req); err != nil {
		return nil, err
	}
	if err := verifyMasterPassword(c.user, req.MasterPasswordHash); err != nil {
		return nil, err
	}
	email := normEmail(req.Email)
	if err := checkEmail(email); err != nil {
		return nil, err
	}
	ctx := r.Context()
	return nil, s.write(ctx, func(tx *sql.Tx) error {
		return s.sendEmailCode(ctx, tx, c.user.id, "setup", email)
	})
}

func (s *Server) putEmail(r *http.Request, c *caller) (any, error) {
	var req emailSetupRequest
	if err := decodeJSON(r, &req); err != nil {
		return nil, err
	}
	if err := verifyMasterPassword(c.user, req.MasterPasswordHash); err != nil {
		return nil, err
	}
	email := normEmail(req.Email)
	ctx := r.Context()
	ok, err := s.checkEmailCode(ctx, c.user.id, "setup", email, req.Token)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errBadRequest("Invalid token.")
	}
	if err := s.updateUser(ctx, c.user.id, "email_2fa", email); err != nil {
		return nil, err
	}
	return map[string]any{"email": email, "enabled": true, "object": "twoFactorEmail"}, nil
}

// sendEmailLogin is POST /api/two-factor/send-email-login: unauthenticated,
// the master password hash proves the caller; it mails a login code.
func (s *Server) sendEmailLogin(r *http.Request) (any, error) {
	u, err := s.userByPasswordRequest(r)
	if err != nil {
		return nil, err
	}
	if !u.email2FA.Valid {
		return nil, errBadRequest("Two-step login by email is not enabled for this account.")
	}
	return nil, s.sendLoginCode(r.Context(), u)
}

// userByPasswordRequest is the account named by a pre-login request body
// {email, masterPasswordHash}, throttled and checked like a login.
func (s *Server) userByPasswordRequest(r *http.Request) (*user, error) {
	var req struct {
		Email              string `json:"email"`
		MasterPasswordHash string `json:"masterPasswordHash"`
	}
	if err := decodeJSON(r, &req); err != nil {
		return nil, err
	}
	ctx := r.Context()
	email := normEmail(req.Email)
	if err := s.throttleCheck(email); err != nil {
		return nil, err
	}
	u, err := s.userByEmail(ctx, s.db, email)
	if errors.Is(err, errNoUser) {
		s.dummyPasswordCheck(req.MasterPasswordHash)
		s.throttleFail(email)
		return nil, errBadRequest(msgBadLogin)
	}
	if err != nil {
		return nil, err
	}
	if req.MasterPasswordHash == "" || !u.checkPassword(req.MasterPasswordHash) {
		s.throttleFail(email)
		return nil, errBadRequest(msgBadLogin)
	}
	return u, nil
}
