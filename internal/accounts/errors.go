package accounts

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"syscall"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
)

var (
	// ErrNotSignedIn means there is no such account, or its server session
	// is gone (the server refused the tokens): log in again.
	ErrNotSignedIn = errors.New("not signed in")
	// ErrLocked means the account's keys are not held: unlock it first.
	ErrLocked = errors.New("account is locked")
	// ErrWrongPassword means the master password (or, at login, the email
	// and master password) was refused. Nothing stored was changed.
	ErrWrongPassword = errors.New("wrong master password")
	// ErrUnreachable means the server could not be reached or answered
	// incompletely (connection refused, timeout, a cut response, 502–504).
	// The cache is left as it was.
	ErrUnreachable = errors.New("server unreachable")
	// ErrKeychainNotEnabled means keychain unlock is not enabled for the
	// account (or its keychain entry is gone).
	ErrKeychainNotEnabled = errors.New("keychain unlock is not enabled")
	// ErrAmbiguous means an account was not named and there are several.
	ErrAmbiguous = errors.New("several accounts; name one")
)

// TwoFactorRequiredError means the login needs a second factor: log in
// again with LoginRequest.TwoFactor set to one of Providers.
type TwoFactorRequiredError struct {
	Providers []api.TwoFactorProvider
	// EmailSent says the server was asked to mail a login code.
	EmailSent bool
}

func (e *TwoFactorRequiredError) Error() string {
	names := make([]string, len(e.Providers))
	for i, p := range e.Providers {
		names[i] = p.String()
	}
	s := "two-step login required (" + strings.Join(names, ", ") + ")"
	if e.EmailSent {
		s += "; a code was sent by email"
	}
	return s
}

// Has reports whether provider p is among the offered ones.
func (e *TwoFactorRequiredError) Has(p api.TwoFactorProvider) bool {
	return slices.Contains(e.Providers, p)
}

// netError marks transport failures with ErrUnreachable and a refused
// session with ErrNotSignedIn; other errors pass through.
func netError(err error) error {
	if err == nil || errors.Is(err, context.Canceled) {
		return err
	}
	if errors.Is(err, api.ErrUnauthorized) {
		return fmt.Errorf("%w (log in again): %w", ErrNotSignedIn, err)
	}
	var se *api.StatusError
	if errors.As(err, &se) {
		switch se.Code {
		case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			return fmt.Errorf("%w: %w", ErrUnreachable, err)
		}
		return err
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%w: %w", ErrUnreachable, err)
	}
	return err
}
