package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/sandbox"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
)

// sandboxRunner runs the built-in sandbox inside the app ("Try the
// sandbox"): a Bitwarden-compatible server on 127.0.0.1 keeping its data in
// <dataDir>/sandbox. An account signed in there stores the server's URL, so
// the sandbox listens on the same port from one run to the next; the port
// and whether the demo data was seeded are kept in sandbox/app.json.
type sandboxRunner struct {
	dir string
	log *slog.Logger

	mu   sync.Mutex // guards srv, url, stop, done and app.json; held for a whole start
	srv  *sandbox.Server
	url  string
	stop context.CancelFunc
	done chan struct{} // closed when Serve has returned

	trying sync.Mutex // held by TrySandbox, so a second click does not start a second run
}

// sandboxState is sandbox/app.json.
type sandboxState struct {
	Port int `json:"port"`
	// Seeded is the data set that was seeded completely: "demo" or a
	// scale such as "50:10000"; "" means never (or interrupted).
	Seeded string `json:"seeded"`
}

func newSandboxRunner(dir string, log *slog.Logger) *sandboxRunner {
	return &sandboxRunner{dir: dir, log: log}
}

func (r *sandboxRunner) statePath() string { return filepath.Join(r.dir, "app.json") }

func (r *sandboxRunner) readState() sandboxState {
	var st sandboxState
	data, err := os.ReadFile(r.statePath())
	if err != nil || json.Unmarshal(data, &st) != nil || st.Port < 0 || st.Port > 65535 {
		return sandboxState{}
	}
	return st
}

func (r *sandboxRunner) writeState(st sandboxState) error {
	data, err := json.Marshal(st)
	if err != nil {
		return err
	}
	tmp := r.statePath() + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return fmt.Errorf("save the sandbox state: %w", err)
	}
	if err := os.Rename(tmp, r.statePath()); err != nil {
		return fmt.Errorf("save the sandbox state: %w", err)
	}
	return nil
}

// savedURL is the URL the sandbox had last time, "" if it was never set
// up: accounts on it are the app's sandbox accounts.
func (r *sandboxRunner) savedURL() string {
	st := r.readState()
	if st.Port == 0 || st.Seeded == "" {
		return ""
	}
	return loopbackURL(st.Port)
}

func loopbackURL(port int) string {
	return "http://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
}

// running says whether the sandbox is serving, and where.
func (r *sandboxRunner) running() (string, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.url, r.srv != nil
}

// start serves the sandbox unless it already runs, on the port it had last
// time when that port is free, else on a free one. It returns the base URL
// and whether the data still has to be seeded.
func (r *sandboxRunner) start(ctx context.Context) (url string, needsSeed bool, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	st := r.readState()
	if r.srv != nil {
		return r.url, st.Seeded == "", nil
	}
	if err := os.MkdirAll(r.dir, 0o700); err != nil {
		return "", false, fmt.Errorf("create the sandbox directory: %w", err)
	}
	if st.Seeded == "" {
		// A seed that did not finish leaves half a data set, which a
		// second seed cannot complete: start again from nothing. The
		// sandbox holds demo data only.
		for _, f := range []string{"sandbox.db", "sandbox.db-wal", "sandbox.db-shm"} {
			if err := os.Remove(filepath.Join(r.dir, f)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return "", false, fmt.Errorf("reset the sandbox: %w", err)
			}
		}
	}
	srv, err := sandbox.Open(sandbox.Config{DataDir: r.dir, Logger: r.log})
	if err != nil {
		return "", false, fmt.Errorf("open the sandbox: %w", err)
	}
	url, stop, done, err := serveSandbox(srv, st.Port)
	if err != nil && st.Port != 0 {
		// The old port is taken; accounts on it will need signing in
		// again, which TrySandbox does.
		r.log.Warn("sandbox port taken, using another", "op", "sandbox", "port", st.Port, "err", err)
		url, stop, done, err = serveSandbox(srv, 0)
	}
	if err != nil {
		srv.Close()
		return "", false, err
	}
	_, port, _ := net.SplitHostPort(url[len("http://"):])
	st.Port, _ = strconv.Atoi(port)
	if err := r.writeState(st); err != nil {
		stop()
		<-done
		srv.Close()
		return "", false, err
	}
	r.srv, r.url, r.stop, r.done = srv, url, stop, done
	r.log.Info("sandbox started", "op", "sandbox", "url", url)
	return url, st.Seeded == "", nil
}

// serveSandbox serves srv on 127.0.0.1:port (0 picks one) until stop is
// called. It runs apart from any caller's context: the sandbox lives until
// the app closes.
func serveSandbox(srv *sandbox.Server, port int) (url string, stop context.CancelFunc, done chan struct{}, err error) {
	ctx, stop := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	served := make(chan error, 1)
	done = make(chan struct{})
	go func() {
		defer close(done)
		served <- srv.Serve(ctx, net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), false, func(u string) { ready <- u })
	}()
	select {
	case url = <-ready:
		return url, stop, done, nil
	case err = <-served:
		stop()
		if err == nil {
			err = errors.New("stopped at once")
		}
		return "", nil, nil, fmt.Errorf("start the sandbox: %w", err)
	}
}

// seed creates the data set on the running sandbox: the demo MSP, or the
// synthetic one $VAULTDESK_SANDBOX_SCALE asks for (e.g. "50:10000", for the
// performance tests). Either way demodata.TechEmail signs in.
func (r *sandboxRunner) seed(ctx context.Context, scale string) error {
	// Seeding takes seconds (minutes at scale): do not hold mu, so that
	// running() and State stay quick meanwhile.
	r.mu.Lock()
	srv, url := r.srv, r.url
	r.mu.Unlock()
	if srv == nil {
		return errors.New("seed the sandbox: it is not running")
	}
	opt := demodata.Options{Logger: r.log, Mailbox: srv.Mailbox}
	set := "demo"
	if scale != "" {
		sc, err := demodata.ParseScale(scale)
		if err != nil {
			return fmt.Errorf("VAULTDESK_SANDBOX_SCALE: %w", err)
		}
		opt.Scale, set = &sc, scale
	}
	start := time.Now()
	m, err := demodata.Seed(ctx, url, opt)
	if err != nil {
		return fmt.Errorf("create the demo data: %w", err)
	}
	r.log.Info("sandbox seeded", "op", "sandbox", "set", set, "items", len(m.Items), "dur", time.Since(start))
	r.mu.Lock()
	defer r.mu.Unlock()
	st := r.readState()
	st.Seeded = set
	return r.writeState(st)
}

// close stops serving and closes the database.
func (r *sandboxRunner) close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.srv == nil {
		return
	}
	r.stop()
	<-r.done
	r.srv.Close()
	r.srv, r.url, r.stop, r.done = nil, "", nil, nil
}
