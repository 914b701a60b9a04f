package sandbox

import (
	"context"
	"database/sql"
	"net/http"
	"strings"
)

// New-device verification is the official server's check (§2.4, §9): an
// account that has it on and no two-step login, signing in with its
// password from a device identifier the server has not seen, gets a
// "device_error" and a code by email, and must retry with newDeviceOtp.
// Vaultwarden has no such check, so accounts start with it off.

const (
	purposeNewDevice = "new-device"

	msgNewDeviceRequired = "new device verification required"
	msgNewDeviceInvalid  = "invalid new device otp"
)

func deviceError(msg, desc string) error {
	return &apiError{status: http.StatusBadRequest, msg: msg, oauth: "device_error", oauthDesc: desc}
}

// checkNewDevice lets the login through when no verification is due or
// the form carries the right code; otherwise it mails a code (when none
// was given) and returns the device_error the clients look for.
func (s *Server) checkNewDevice(ctx context.Context, u *user, d *device, f tokenForm) error {
	if !u.verifyDevices || u.twoFactorEnabled() {
		return nil
	}
	var known int
	err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM devices WHERE user_id = ? AND identifier = ?", u.id, d.identifier).Scan(&known)
	if err != nil {
		return err
	}
	if known > 0 {
		return nil
	}
	otp := strings.TrimSpace(f.get("newDeviceOtp"))
	if otp == "" {
		if err := s.sendNewDeviceCode(ctx, u); err != nil {
			return err
		}
		return deviceError(msgNewDeviceRequired, "New device verification required")
	}
	ok, err := s.checkEmailCode(ctx, u.id, purposeNewDevice, "", otp)
	if err != nil {
		return err
	}
	if !ok {
		s.throttleFail(u.email)
		return deviceError(msgNewDeviceInvalid, "Invalid new device OTP")
	}
	return nil
}

func (s *Server) sendNewDeviceCode(ctx context.Context, u *user) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		return s.sendEmailCode(ctx, tx, u.id, purposeNewDevice, u.email)
	})
}

// setVerifyDevices turns the check on or off for the caller
// (PUT/POST /api/accounts/verify-devices, password confirmed).
func (s *Server) setVerifyDevices(r *http.Request, c *caller) (any, error) {
	var req struct {
		passwordRequest
		VerifyDevices *bool `json:"verifyDevices"`
	}
	if err := decodeJSON(r, &req); err != nil {
		return nil, err
	}
	if err := verifyMasterPassword(c.user, req.MasterPasswordHash); err != nil {
		return nil, err
	}
	if req.VerifyDevices == nil {
		return nil, errBadRequest("verifyDevices is required.")
	}
	ctx := r.Context()
	return nil, s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE users SET verify_devices = ? WHERE id = ?", *req.VerifyDevices, c.user.id)
		return err
	})
}

// resendNewDeviceOTP mails a fresh code to an account that proves its
// password (POST /api/accounts/resend-new-device-otp, no session yet).
func (s *Server) resendNewDeviceOTP(r *http.Request) (any, error) {
	u, err := s.userByPasswordRequest(r)
	if err != nil || !u.verifyDevices {
		return nil, err
	}
	return nil, s.sendNewDeviceCode(r.Context(), u)
}
