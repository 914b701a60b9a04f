package sandbox

import "net/http"

// serverVersion is what /api/config reports. Clients gate features on it;
// per-cipher keys need at least 2024.2.0 (§1.1).
const serverVersion = "2026.6.0"

func baseURL(r *http.Request) string {
	scheme := "https"
	if r.TLS == nil {
		scheme = "http"
	}
	return scheme + "://" + r.Host
}

func (s *Server) config(r *http.Request) (any, error) {
	base := baseURL(r)
	return map[string]any{
		"version": serverVersion,
		"gitHash": nil,
		"server":  map[string]any{"name": "Vaultdesk sandbox", "url": "https://github.com/vaultdesk/vaultdesk"},
		"settings": map[string]any{
			"disableUserRegistration":         false,
			"suppressOnboardingInterstitials": true,
		},
		"environment": map[string]any{
			"vault":         base,
			"api":           base + "/api",
			"identity":      base + "/identity",
			"notifications": base + "/notifications",
			"sso":           "",
			"cloudRegion":   nil,
		},
		"push":          map[string]any{"pushTechnology": 0, "vapidPublicKey": nil},
		"featureStates": map[string]any{},
		"communication": nil,
		"object":        "config",
	}, nil
}

func (s *Server) alive(r *http.Request) (any, error) { return s.now().Format(dateFormat), nil }

func (s *Server) version(r *http.Request) (any, error) { return serverVersion, nil }
