// Package templates holds the organization templates shipped with
// Vaultdesk, embedded so that the app offers them without the files at
// hand. The format is in README.md; internal/admin parses and applies them.
package templates

import (
	"embed"
	"io/fs"
	"strings"
)

// FS holds the shipped templates, one YAML file each.
//
//go:embed *.yaml
var FS embed.FS

// Names lists the shipped templates by file name without ".yaml", sorted.
func Names() []string {
	entries, _ := fs.ReadDir(FS, ".") // an embed.FS root always reads
	var out []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".yaml"); ok && !e.IsDir() {
			out = append(out, name)
		}
	}
	return out
}

// Read returns the template named name (as Names gives it).
func Read(name string) ([]byte, error) {
	if !fs.ValidPath(name) || strings.Contains(name, "/") {
		return nil, fs.ErrNotExist
	}
	return FS.ReadFile(name + ".yaml")
}
