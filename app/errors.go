package app

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/vaultdesk/vaultdesk/internal/accounts"
	"github.com/vaultdesk/vaultdesk/internal/admin"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/clipboard"
	"github.com/vaultdesk/vaultdesk/internal/keychain"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// UIError is what a failed bound call hands the frontend (main sets
// FormatError as Wails' ErrorFormatter): a code the screen can branch on and
// a message in a technician's words. The message is the error's own text,
// which by the rules of internal/ never holds a secret.
type UIError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (e *UIError) Error() string { return e.Message }

// Error codes the frontend branches on (frontend/src/lib/call.ts).
const (
	CodeTwoFactor     = "two-factor"     // sign-in needs a second factor
	CodeNewDevice     = "new-device"     // sign-in needs the emailed new-device code
	CodeWrongPassword = "wrong-password" // master password or code is wrong
	CodeLocked        = "locked"         // the account is locked; unlock first
	CodeNotSignedIn   = "not-signed-in"  // no such account here
	CodeUnreachable   = "unreachable"    // the server did not answer; nothing was changed
	CodeConflict      = "conflict"       // changed on the server since it was read
	CodeNotAllowed    = "not-allowed"    // the role or collection access does not allow it
	CodeNotFound      = "not-found"
	CodeInvalid       = "invalid"   // the input is wrong; the message says how
	CodeDamaged       = "damaged"   // could not be decrypted
	CodeKeychain      = "keychain"  // keychain unlock unavailable or not enabled
	CodeClipboard     = "clipboard" // no clipboard on this system
	CodeCancelled     = "cancelled"
	CodeError         = "error"
)

// FormatError turns any error into a UIError.
func FormatError(err error) any {
	if err == nil {
		return nil
	}
	var ue *UIError
	if errors.As(err, &ue) {
		return ue
	}
	return &UIError{Code: errorCode(err), Message: err.Error()}
}

// FormatErrorJSON is FormatError for Wails' ErrorFormatter: Wails v2 rejects
// a failed call with an Error built from the formatter's result, so an object
// would arrive as "[object Object]"; its JSON text arrives intact and
// frontend/src/lib/call.ts parses it.
func FormatErrorJSON(err error) any {
	if err == nil {
		return nil
	}
	b, jerr := json.Marshal(FormatError(err))
	if jerr != nil {
		return err.Error()
	}
	return string(b)
}

func errorCode(err error) string {
	var tfe *accounts.TwoFactorRequiredError
	var se *api.StatusError
	switch {
	case errors.As(err, &tfe):
		return CodeTwoFactor
	case errors.Is(err, accounts.ErrNewDeviceCode):
		return CodeNewDevice
	case errors.Is(err, accounts.ErrWrongPassword), errors.Is(err, accounts.ErrWrongNewDeviceCode):
		return CodeWrongPassword
	case errors.Is(err, accounts.ErrLocked), errors.Is(err, vault.ErrLocked):
		return CodeLocked
	case errors.Is(err, accounts.ErrNotSignedIn):
		return CodeNotSignedIn
	case errors.Is(err, accounts.ErrUnreachable):
		return CodeUnreachable
	case errors.Is(err, vault.ErrConflict), errors.Is(err, admin.ErrKeyChanged), errors.Is(err, admin.ErrLastOwner):
		return CodeConflict
	case errors.Is(err, admin.ErrNotAllowed), errors.Is(err, vault.ErrReadOnly), errors.Is(err, vault.ErrHiddenByAccess):
		return CodeNotAllowed
	case errors.Is(err, vault.ErrNotFound), errors.Is(err, admin.ErrNotFound):
		return CodeNotFound
	case errors.Is(err, vault.ErrDamaged):
		return CodeDamaged
	case errors.Is(err, vault.ErrInvalidItem), errors.Is(err, admin.ErrBadName), errors.Is(err, admin.ErrNameTaken),
		errors.Is(err, admin.ErrBadLevel), errors.Is(err, admin.ErrHasChildren), errors.Is(err, admin.ErrBadInvite),
		errors.Is(err, admin.ErrAmbiguous):
		return CodeInvalid
	case errors.Is(err, accounts.ErrKeychainNotEnabled), errors.Is(err, keychain.ErrUnavailable):
		return CodeKeychain
	case errors.Is(err, clipboard.ErrUnavailable):
		return CodeClipboard
	case errors.Is(err, context.Canceled):
		return CodeCancelled
	case errors.As(err, &se) && se.Code == 400:
		return CodeInvalid
	}
	return CodeError
}

// invalid is an input error the UI shows next to the field.
func invalid(msg string) error { return &UIError{Code: CodeInvalid, Message: msg} }
