// Package version says which build of Vaultdesk is running, for the about
// screen, `vdesk version` and the Bitwarden-Client-Version header later on.
package version

import (
	"runtime/debug"
	"sync"
)

// Version is the release this build belongs to. Release builds set it at link
// time: go build -ldflags "-X github.com/vaultdesk/vaultdesk/internal/version.Version=1.2.3".
var Version = "0.1.0-dev"

// commit is set at link time by builds that drop the toolchain's VCS stamp
// (wails build does): -X github.com/vaultdesk/vaultdesk/internal/version.commit=<rev>.
var commit string

// Info describes the running build.
type Info struct {
	Version   string `json:"version"`
	Commit    string `json:"commit"`    // short VCS revision, "" when built outside git
	Modified  bool   `json:"modified"`  // built from a work tree with uncommitted changes
	GoVersion string `json:"goVersion"` // toolchain that built the binary
}

// Get returns the build information. The VCS fields come from what the Go
// toolchain stamps into every binary built inside a git checkout, so no
// build script has to remember to pass them.
var Get = sync.OnceValue(func() Info {
	info := Info{Version: Version, Commit: commit}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return info
	}
	info.GoVersion = bi.GoVersion
	if commit != "" {
		return info
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			info.Commit = s.Value[:min(len(s.Value), 12)]
		case "vcs.modified":
			info.Modified = s.Value == "true"
		}
	}
	return info
})

// String is the one-line form: "0.1.0-dev (1a2b3c4d5e6f, modified)".
func (i Info) String() string {
	s := i.Version
	switch {
	case i.Commit != "" && i.Modified:
		s += " (" + i.Commit + ", modified)"
	case i.Commit != "":
		s += " (" + i.Commit + ")"
	}
	return s
}
