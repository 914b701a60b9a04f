package bwcompat

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// bw is one official CLI installation state: its own data directory, as a
// separate machine would have, logged in to the sandbox at most once.
type bw struct {
	t        *testing.T
	bin      string
	dir      string // BITWARDENCLI_APPDATA_DIR
	certFile string
	session  string
}

// newBW returns a CLI with a fresh data directory, pointed at server.
func newBW(t *testing.T, server, certFile string) *bw {
	t.Helper()
	bin := os.Getenv("VDESK_BW")
	if bin == "" {
		t.Skip("VDESK_BW is not set; make test-interop installs the official CLI and sets it")
	}
	b := &bw{t: t, bin: bin, dir: t.TempDir(), certFile: certFile}
	b.must("config", "server", server)
	return b
}

// run executes one bw command and returns its stdout. Every call is a new
// Node process, as in real use; the step and its duration go to the test
// log, which the closing note of the interop issue quotes.
func (b *bw) run(env []string, args ...string) (string, error) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.t.Context(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, b.bin, args...)
	cmd.Env = append(os.Environ(),
		"BITWARDENCLI_APPDATA_DIR="+b.dir,
		"BW_NOINTERACTION=true",
		"NODE_EXTRA_CA_CERTS="+b.certFile,
		"BW_SESSION="+b.session,
	)
	cmd.Env = append(cmd.Env, env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	b.t.Logf("bw %s: %v", strings.Join(redactArgs(args), " "), time.Since(start).Round(10*time.Millisecond))
	if err != nil {
		return stdout.String(), &bwError{args: redactArgs(args), err: err, out: stdout.String() + stderr.String()}
	}
	return stdout.String(), nil
}

type bwError struct {
	args []string
	err  error
	out  string
}

func (e *bwError) Error() string {
	return "bw " + strings.Join(e.args, " ") + ": " + e.err.Error() + ": " + strings.TrimSpace(e.out)
}

// redactArgs keeps base64 item bodies out of the log: they hold the
// plaintext of the item being created.
func redactArgs(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		if len(a) > 64 {
			a = a[:12] + "…"
		}
		out[i] = a
	}
	return out
}

func (b *bw) must(args ...string) string {
	b.t.Helper()
	out, err := b.run(nil, args...)
	if err != nil {
		b.t.Fatal(err)
	}
	return out
}

// json runs a command that prints JSON and decodes it into v.
func (b *bw) json(v any, args ...string) {
	b.t.Helper()
	out := b.must(args...)
	if err := json.Unmarshal([]byte(out), v); err != nil {
		b.t.Fatalf("bw %s: output is not JSON (%v): %.200q", strings.Join(args, " "), err, out)
	}
}

// login signs in with the master password and keeps the session key.
func (b *bw) login(email, password string, extra ...string) error {
	b.t.Helper()
	args := append([]string{"login", email, "--passwordenv", "BW_PASSWORD", "--raw"}, extra...)
	out, err := b.run([]string{"BW_PASSWORD=" + password}, args...)
	if err != nil {
		return err
	}
	b.session = strings.TrimSpace(out)
	if b.session == "" {
		b.t.Fatalf("bw login %s printed no session key", email)
	}
	return nil
}

func encodeItem(t *testing.T, v any) string {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(raw)
}
