package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Sentinel errors for the conditions callers branch on. A [*StatusError] with
// the matching status code satisfies errors.Is for the first three.
var (
	// ErrUnauthorized means the server refused the session (HTTP 401, or a
	// refresh token it no longer accepts): the user must log in again.
	ErrUnauthorized = errors.New("unauthorized")

	// ErrNotFound means HTTP 404: the object does not exist or the user may
	// not see it.
	ErrNotFound = errors.New("not found")

	// ErrRateLimited means HTTP 429. Bitwarden's clients show "Rate limit
	// exceeded. Try again later." whatever the body says (§6.1).
	ErrRateLimited = errors.New("rate limited")

	// ErrInvalidCredentials means the token endpoint rejected the email and
	// password or the API key: HTTP 400 with OAuth error "invalid_grant" (or
	// "invalid_client" for an API key) and no two-step challenge (§2.4).
	ErrInvalidCredentials = errors.New("invalid credentials")

	// ErrNotLoggedIn means an authenticated call was made before a login.
	ErrNotLoggedIn = errors.New("not logged in")

	// ErrNewDeviceVerification means the official server wants this device
	// verified: it has mailed a code to the account's address; retry the
	// login with TwoFactorLogin.NewDeviceOTP (§2.4).
	ErrNewDeviceVerification = errors.New("new device verification required")

	// ErrInvalidNewDeviceOTP means the new-device code was wrong or expired.
	ErrInvalidNewDeviceOTP = errors.New("invalid new device verification code")
)

// maxMessage bounds the server message kept in a StatusError, in runes.
const maxMessage = 200

// StatusError is an HTTP error answer from the server. Message is the
// server's error-model message (§6.2), cleaned of control characters and
// truncated; it is never the raw body.
type StatusError struct {
	Code    int
	Message string

	oauth string // the token endpoint's OAuth "error" code, e.g. invalid_grant
}

func (e *StatusError) Error() string {
	s := "server answered " + strconv.Itoa(e.Code)
	if t := http.StatusText(e.Code); t != "" {
		s += " " + t
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// Is makes errors.Is(err, ErrNotFound) and friends work on a StatusError.
func (e *StatusError) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.Code == http.StatusUnauthorized
	case ErrNotFound:
		return e.Code == http.StatusNotFound
	case ErrRateLimited:
		return e.Code == http.StatusTooManyRequests
	case ErrInvalidCredentials:
		return e.Code == http.StatusBadRequest && (e.oauth == "invalid_grant" || e.oauth == "invalid_client")
	case ErrNewDeviceVerification:
		return e.deviceError("new device verification required")
	case ErrInvalidNewDeviceOTP:
		return e.deviceError("invalid new device otp")
	}
	return false
}

// deviceError matches the token endpoint's "device_error" answers, which
// differ only in the message the official clients compare (§2.4).
func (e *StatusError) deviceError(msg string) bool {
	return e.Code == http.StatusBadRequest && e.oauth == "device_error" && strings.EqualFold(e.Message, msg)
}

// TwoFactorRequiredError is the token endpoint's two-step login challenge
// (§2.4): retry the login with a code for one of Providers.
type TwoFactorRequiredError struct {
	// Providers are the enabled TwoFactorProvider numbers, ascending.
	Providers []TwoFactorProvider
	// Email is the (partly redacted) address an email code goes to, when the
	// email provider is enabled and the server says.
	Email string
}

func (e *TwoFactorRequiredError) Error() string {
	names := make([]string, len(e.Providers))
	for i, p := range e.Providers {
		names[i] = p.String()
	}
	return "two-step login required (" + strings.Join(names, ", ") + ")"
}

// Has reports whether provider p is among the offered ones.
func (e *TwoFactorRequiredError) Has(p TwoFactorProvider) bool {
	return slices.Contains(e.Providers, p)
}

// errorBody is the union of the error envelopes of §2.4 and §6.2. encoding/json
// matches keys case-insensitively, so "ErrorModel" and "errorModel" both land
// in ErrorModel.
type errorBody struct {
	Message          string              `json:"message"`
	ValidationErrors map[string][]string `json:"validationErrors"`
	ErrorModel       *struct {
		Message string `json:"message"`
	} `json:"errorModel"`
	// "error" is a string at the token endpoint and an object in
	// Vaultwarden's 404 for unknown routes.
	OAuthError          json.RawMessage            `json:"error"`
	ErrorDescription    string                     `json:"error_description"`
	TwoFactorProviders2 map[string]json.RawMessage `json:"TwoFactorProviders2"`
}

// errorFromResponse builds the error for a non-2xx answer. body is already
// bounded by the caller.
func errorFromResponse(code int, body []byte) error {
	e := &StatusError{Code: code}
	eb, err := decode[errorBody](body)
	if err != nil {
		// Not JSON (a proxy's HTML page, say): keep only the status.
		return e
	}
	var oauth string
	if len(eb.OAuthError) > 0 && eb.OAuthError[0] == '"' {
		_ = json.Unmarshal(eb.OAuthError, &oauth)
	}
	e.oauth = oauth
	if code == http.StatusBadRequest && len(eb.TwoFactorProviders2) > 0 {
		return twoFactorError(eb.TwoFactorProviders2)
	}
	var msg string
	switch {
	case eb.ErrorModel != nil && eb.ErrorModel.Message != "":
		msg = eb.ErrorModel.Message
	case eb.Message != "" && !(len(eb.ValidationErrors) > 0 && eb.Message == "The model state is invalid."):
		msg = eb.Message
	case len(eb.ValidationErrors) > 0:
		// Like Bitwarden's clients, show the first validation error;
		// sorted keys make "first" deterministic.
		for _, k := range slices.Sorted(maps.Keys(eb.ValidationErrors)) {
			if v := eb.ValidationErrors[k]; len(v) > 0 {
				msg = v[0]
				break
			}
		}
	case eb.ErrorDescription != "":
		msg = eb.ErrorDescription
	default:
		msg = oauth
	}
	e.Message = cleanMessage(msg)
	return e
}

func twoFactorError(providers map[string]json.RawMessage) error {
	e := &TwoFactorRequiredError{}
	for k, v := range providers {
		n, err := strconv.Atoi(k)
		if err != nil {
			continue
		}
		p := TwoFactorProvider(n)
		e.Providers = append(e.Providers, p)
		if p == TwoFactorEmail {
			var params struct {
				Email string `json:"email"`
			}
			if json.Unmarshal(v, &params) == nil {
				e.Email = cleanMessage(params.Email)
			}
		}
	}
	slices.Sort(e.Providers)
	return e
}

// cleanMessage keeps a server message printable and short, so that a hostile
// or broken server cannot flood logs or smuggle terminal escapes.
func cleanMessage(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n == maxMessage {
			b.WriteString("…")
			break
		}
		if !unicode.IsPrint(r) {
			r = ' '
		}
		b.WriteRune(r)
		n++
	}
	return strings.TrimSpace(b.String())
}

// opError names the request that failed without its body or query.
func opError(method, path string, err error) error {
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	return fmt.Errorf("%s %s: %w", method, path, err)
}
