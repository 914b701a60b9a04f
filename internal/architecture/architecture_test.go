package architecture

import (
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/vaultdesk/vaultdesk"

type pkg struct {
	ImportPath string
	Doc        string
	Standard   bool
	Deps       []string
	Module     *struct{ Path string }
}

// listPackages runs `go list -deps` over the module, which is what the
// compiler itself sees, so a rule here cannot drift from the real imports.
func listPackages(t *testing.T) map[string]pkg {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", "-json", module+"/...")
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	pkgs := map[string]pkg{}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("decode go list output: %v", err)
		}
		pkgs[p.ImportPath] = p
	}
	if _, ok := pkgs[module+"/internal/bitwarden/crypto"]; !ok {
		t.Fatalf("go list did not report %s/internal/bitwarden/crypto", module)
	}
	return pkgs
}

func ours(path string) bool { return path == module || strings.HasPrefix(path, module+"/") }

func TestInternalDoesNotImportAppOrWails(t *testing.T) {
	for path, p := range listPackages(t) {
		if !strings.HasPrefix(path, module+"/internal/") {
			continue
		}
		for _, d := range p.Deps {
			if d == module+"/app" || strings.HasPrefix(d, "github.com/wailsapp/") {
				t.Errorf("%s depends on %s; internal packages must not know about the UI", path, d)
			}
		}
	}
}

// The crypto core is what every secret passes through: it may use the
// standard library, golang.org/x/crypto and the word list, nothing else.
func TestCryptoDependencies(t *testing.T) {
	pkgs := listPackages(t)
	allowed := func(d string) bool {
		if pkgs[d].Standard {
			return true
		}
		for _, prefix := range []string{
			"golang.org/x/crypto/", "golang.org/x/sys/",
			module + "/internal/wordlist", "github.com/sethvargo/go-diceware/",
		} {
			if strings.HasPrefix(d, prefix) {
				return true
			}
		}
		return false
	}
	for _, d := range pkgs[module+"/internal/bitwarden/crypto"].Deps {
		if !allowed(d) {
			t.Errorf("internal/bitwarden/crypto depends on %s", d)
		}
	}
}

func TestEveryPackageHasDoc(t *testing.T) {
	for path, p := range listPackages(t) {
		if ours(path) && strings.TrimSpace(p.Doc) == "" {
			t.Errorf("package %s has no package doc comment", path)
		}
	}
}

// The sandbox server and our client must not share code: if they did, a
// mistake in one would be mirrored in the other and only the official CLI
// could catch it. The seeder sits on the client side.
func TestSandboxIndependentOfClient(t *testing.T) {
	pkgs := listPackages(t)
	for _, d := range pkgs[module+"/internal/sandbox"].Deps {
		if d == module+"/internal/bitwarden/api" || d == module+"/internal/sandbox/demodata" {
			t.Errorf("internal/sandbox depends on %s", d)
		}
	}
	for _, d := range pkgs[module+"/internal/bitwarden/api"].Deps {
		if strings.HasPrefix(d, module+"/internal/sandbox") {
			t.Errorf("internal/bitwarden/api depends on %s", d)
		}
	}
}
