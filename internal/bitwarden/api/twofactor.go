package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
)

// AuthenticatorState is the authenticator-app setup state. Key is the
// base32 TOTP secret (a secret: show it once, as a QR code).
type AuthenticatorState struct {
	Enabled bool   `json:"enabled"`
	Key     Secret `json:"key"`
	// UserVerificationToken is the official server's proof that the
	// password was checked, to send back when enabling.
	UserVerificationToken Secret `json:"userVerificationToken"`
}

// GetAuthenticator returns the authenticator state, with a new secret if
// none is enabled (POST /api/two-factor/get-authenticator).
func (c *Client) GetAuthenticator(ctx context.Context, passwordHash string) (*AuthenticatorState, error) {
	return post[AuthenticatorState](ctx, c, "/api/two-factor/get-authenticator",
		map[string]string{"masterPasswordHash": passwordHash})
}

// EnableAuthenticator turns the authenticator on: code is the current TOTP
// code for key (PUT /api/two-factor/authenticator).
func (c *Client) EnableAuthenticator(ctx context.Context, passwordHash string, a *AuthenticatorState, code string) (*AuthenticatorState, error) {
	in := map[string]string{
		"key":                string(a.Key),
		"token":              code,
		"masterPasswordHash": passwordHash,
	}
	if a.UserVerificationToken != "" {
		in["userVerificationToken"] = string(a.UserVerificationToken)
	}
	return put[AuthenticatorState](ctx, c, "/api/two-factor/authenticator", in)
}

// SetupAuthenticator enables authenticator two-step login: it fetches a
// secret, asks totp for the current code (an authenticator app's job) and
// enables it. It returns the secret.
func (c *Client) SetupAuthenticator(ctx context.Context, passwordHash string, totp func(key Secret) (string, error)) (Secret, error) {
	a, err := c.GetAuthenticator(ctx, passwordHash)
	if err != nil {
		return "", err
	}
	if a.Key == "" {
		return "", errors.New("get authenticator: the server sent no key")
	}
	code, err := totp(a.Key)
	if err != nil {
		return "", fmt.Errorf("authenticator code: %w", err)
	}
	r, err := c.EnableAuthenticator(ctx, passwordHash, a, code)
	if err != nil {
		return "", err
	}
	if !r.Enabled {
		return "", errors.New("enable authenticator: the server left it disabled")
	}
	return a.Key, nil
}

// TwoFactorEmailState is the email two-step login state.
type TwoFactorEmailState struct {
	Email   string `json:"email"`
	Enabled bool   `json:"enabled"`
}

// SendTwoFactorSetupEmail mails a code to email, to prove it before
// enabling email two-step login (POST /api/two-factor/send-email).
func (c *Client) SendTwoFactorSetupEmail(ctx context.Context, passwordHash, email string) error {
	return c.do(ctx, http.MethodPost, "/api/two-factor/send-email",
		map[string]string{"email": email, "masterPasswordHash": passwordHash}, nil)
}

// EnableEmailTwoFactor turns email two-step login on with the mailed code
// (PUT /api/two-factor/email).
func (c *Client) EnableEmailTwoFactor(ctx context.Context, passwordHash, email, code string) (*TwoFactorEmailState, error) {
	return put[TwoFactorEmailState](ctx, c, "/api/two-factor/email",
		map[string]string{"email": email, "token": code, "masterPasswordHash": passwordHash})
}

// SetupEmailTwoFactor enables email two-step login: it has the server mail
// a code to email, asks readCode for it (the user's job) and enables it.
func (c *Client) SetupEmailTwoFactor(ctx context.Context, passwordHash, email string, readCode func(context.Context) (string, error)) error {
	if err := c.SendTwoFactorSetupEmail(ctx, passwordHash, email); err != nil {
		return err
	}
	code, err := readCode(ctx)
	if err != nil {
		return fmt.Errorf("email two-step code: %w", err)
	}
	r, err := c.EnableEmailTwoFactor(ctx, passwordHash, email, code)
	if err != nil {
		return err
	}
	if !r.Enabled {
		return errors.New("enable email two-step login: the server left it disabled")
	}
	return nil
}

// SendEmailLoginCode asks the server to mail a login code, after a login
// answered with the email provider in its challenge
// (POST /api/two-factor/send-email-login; no session needed).
func (c *Client) SendEmailLoginCode(ctx context.Context, email, passwordHash string) error {
	return c.send(ctx, call{
		method: http.MethodPost,
		path:   "/api/two-factor/send-email-login",
		in: map[string]string{
			"email":              email,
			"masterPasswordHash": passwordHash,
			"deviceIdentifier":   c.Device.Identifier,
		},
		anon: true,
	})
}
