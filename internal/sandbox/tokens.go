package sandbox

import (
	"crypto/sha256"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

const tokenIssuer = "vaultdesk-sandbox|login"

// accessClaims are the access token's claims, named as Vaultwarden and
// Bitwarden name them (§2.5). Clients decode sub, email, exp and client_id.
type accessClaims struct {
	jwt.RegisteredClaims
	Premium       bool     `json:"premium"`
	Name          string   `json:"name"`
	Email         string   `json:"email"`
	EmailVerified bool     `json:"email_verified"`
	SStamp        string   `json:"sstamp"`
	Device        string   `json:"device"`
	DeviceType    string   `json:"devicetype"`
	ClientID      string   `json:"client_id"`
	Scope         []string `json:"scope"`
	AMR           []string `json:"amr"`
}

// caller is the authenticated user of an /api request.
type caller struct {
	user     *user
	deviceID string
	clientID string
}

// issueAccessToken signs an HS256 access token for u on device d.
func (s *Server) issueAccessToken(u *user, d *device) (string, error) {
	now := s.now()
	claims := accessClaims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    tokenIssuer,
			Subject:   u.id,
			NotBefore: jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(s.cfg.AccessTokenTTL)),
		},
		Premium:       true,
		Name:          u.name,
		Email:         u.email,
		EmailVerified: true,
		SStamp:        u.securityStamp,
		Device:        d.id,
		DeviceType:    itoa(d.typ),
		ClientID:      d.clientID,
		Scope:         []string{"api", "offline_access"},
		AMR:           []string{"Application"},
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(s.jwtSecret)
}

// authenticate checks the bearer token: signature (HS256 only), nbf, exp,
// issuer and the user's current security stamp. Every failure is a 401.
func (s *Server) authenticate(r *http.Request) (*caller, error) {
	auth := r.Header.Get("Authorization")
	scheme, tok, ok := strings.Cut(auth, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || tok == "" {
		return nil, errUnauthorized
	}
	var claims accessClaims
	_, err := jwt.ParseWithClaims(strings.TrimSpace(tok), &claims,
		func(*jwt.Token) (any, error) { return s.jwtSecret, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithTimeFunc(s.now),
		jwt.WithIssuer(tokenIssuer),
		jwt.WithExpirationRequired(),
		jwt.WithLeeway(0*time.Second),
	)
	if err != nil {
		return nil, errUnauthorized
	}
	u, err := s.userByID(r.Context(), s.db, claims.Subject)
	if errors.Is(err, errNoUser) {
		return nil, errUnauthorized
	}
	if err != nil {
		return nil, err
	}
	if u.securityStamp != claims.SStamp {
		return nil, errUnauthorized
	}
	return &caller{user: u, deviceID: claims.Device, clientID: claims.ClientID}, nil
}

// hashToken is how refresh and remember tokens are stored: they are long
// random strings, so a plain SHA-256 is enough.
func hashToken(tok string) []byte {
	h := sha256.Sum256([]byte(tok))
	return h[:]
}
