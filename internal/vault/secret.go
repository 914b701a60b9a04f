package vault

import (
	"fmt"
	"log/slog"
)

// Secret is a decrypted secret value (a password, a TOTP secret, a card
// number, a hidden field, notes). It prints as REDACTED with fmt and
// log/slog and encodes to JSON as {}, so that it cannot leak by accident;
// reading it takes [Secret.Bytes] or [Secret.Reveal]. [Secret.Clear], and
// [Vault.Lock] for items still reachable, zero it.
type Secret struct {
	b []byte
}

// IsZero reports whether the secret is empty (absent, withheld or cleared).
func (s Secret) IsZero() bool { return len(s.b) == 0 }

// Len returns the length of the secret in bytes.
func (s Secret) Len() int { return len(s.b) }

// Bytes returns the secret's bytes, not a copy: they are zeroed by Clear
// and on Lock.
func (s Secret) Bytes() []byte { return s.b }

// Reveal returns the secret as a string, for the moment it must be shown
// or copied. The string cannot be zeroed; prefer Bytes where possible.
func (s Secret) Reveal() string { return string(s.b) }

// Clear zeroes the secret in place (every copy of s shares the bytes).
func (s *Secret) Clear() {
	clear(s.b)
	s.b = nil
}

func (s Secret) String() string   { return "Secret(REDACTED)" }
func (s Secret) GoString() string { return "vault.Secret(REDACTED)" }

// Format prints the redacted form for every verb.
func (s Secret) Format(f fmt.State, verb rune) { fmt.Fprint(f, "Secret(REDACTED)") }

// LogValue implements slog.LogValuer.
func (Secret) LogValue() slog.Value { return slog.StringValue("REDACTED") }
