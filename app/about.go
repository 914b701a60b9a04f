// Package app holds the services the desktop UI is bound to. They are thin:
// each method turns a UI intent into a call on an internal package and
// returns only what the screen displays.
package app

import (
	"encoding/json"
	"os"
	"sync"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/version"
)

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

// processStart approximates the moment the app was started: package
// initialisation runs within a millisecond or two of exec.
var processStart = time.Now()

// readyOnce makes Ready record only the first screen the user saw.
var readyOnce sync.Once

// Ready is called by the frontend once its first screen has painted. It
// records how long the app took from start to that screen (product target:
// under 1 s to the unlock screen) and, when $VAULTDESK_TIMING_FILE names a
// file, appends it there as one JSON line for the start-up benchmark.
func (s *AboutService) Ready(screen string) {
	readyOnce.Do(func() {
		ms := float64(time.Since(processStart).Microseconds()) / 1000
		path := os.Getenv("VAULTDESK_TIMING_FILE")
		if path == "" {
			return
		}
		line, _ := json.Marshal(map[string]any{"screen": screen, "startToScreenMs": ms})
		f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
		if err != nil {
			return
		}
		defer f.Close()
		f.Write(append(line, '\n'))
	})
}
