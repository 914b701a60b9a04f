// Package sandboxtest gives the tests of other packages a seeded sandbox:
// the built-in server on an httptest server on 127.0.0.1, with the demo
// MSP (or a synthetic one) loaded through the API as a client would, and
// cheap server-side password hashing.
package sandboxtest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/sandbox"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
)

// Env is a seeded sandbox being served.
type Env struct {
	Server   *sandbox.Server
	HTTP     *httptest.Server
	Manifest *demodata.Manifest
}

// Options change what is seeded and how it is served.
type Options struct {
	// Scale seeds a synthetic MSP instead of the demo set.
	Scale *demodata.Scale
	// Now is the server's clock (nil: time.Now).
	Now func() time.Time
	// Wrap, when set, wraps the server's handler (to count or break
	// requests).
	Wrap func(http.Handler) http.Handler
}

// Seed opens a sandbox in dir, serves it and seeds it. Close it when done.
func Seed(ctx context.Context, dir string, opts Options) (*Env, error) {
	srv, err := sandbox.Open(sandbox.Config{DataDir: dir, PasswordIterations: 1000, Now: opts.Now})
	if err != nil {
		return nil, err
	}
	h := srv.Handler()
	if opts.Wrap != nil {
		h = opts.Wrap(h)
	}
	ts := httptest.NewServer(h)
	m, err := demodata.Seed(ctx, ts.URL, demodata.Options{Scale: opts.Scale, Mailbox: srv.Mailbox})
	if err != nil {
		ts.Close()
		srv.Close()
		return nil, fmt.Errorf("seed the sandbox: %w", err)
	}
	return &Env{Server: srv, HTTP: ts, Manifest: m}, nil
}

// New seeds a sandbox for one test, closed when the test ends. In -short
// mode the test is skipped instead.
func New(t testing.TB, opts Options) *Env {
	t.Helper()
	if testing.Short() {
		t.Skip("seeds a sandbox")
	}
	e, err := Seed(t.Context(), t.TempDir(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Close)
	return e
}

// URL is where the sandbox is served.
func (e *Env) URL() string { return e.HTTP.URL }

// Close stops serving and closes the database.
func (e *Env) Close() {
	e.HTTP.Close()
	e.Server.Close()
}
