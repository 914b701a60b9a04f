// Package app holds the services the desktop UI is bound to. They are thin:
// each method turns a UI intent into a call on an internal package and
// returns only what the screen displays.
package app

import "github.com/vaultdesk/vaultdesk/internal/version"

// AboutService answers the about screen.
type AboutService struct{}

// About is what the about screen shows.
type About struct {
	Name    string `json:"name"`
	Version string `json:"version"` // one line, e.g. "0.1.0-dev (1a2b3c4d5e6f)"
}

// About returns the product name and the running build's version.
func (s *AboutService) About() About {
	return About{Name: "Vaultdesk", Version: version.Get().String()}
}
