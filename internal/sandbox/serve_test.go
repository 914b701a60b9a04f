package sandbox

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"
)

func TestServeTLS(t *testing.T) {
	dir := t.TempDir()
	srv, err := Open(Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()

	serve := func() (string, func()) {
		ctx, cancel := context.WithCancel(t.Context())
		urls := make(chan string, 1)
		done := make(chan error, 1)
		go func() { done <- srv.Serve(ctx, "127.0.0.1:0", true, func(u string) { urls <- u }) }()
		var base string
		select {
		case base = <-urls:
		case err := <-done:
			t.Fatalf("Serve: %v", err)
		case <-time.After(10 * time.Second):
			t.Fatal("Serve never became ready")
		}
		return base, func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("Serve after cancel = %v, want nil", err)
			}
		}
	}
	base, stop := serve()
	if !strings.HasPrefix(base, "https://127.0.0.1:") {
		t.Fatalf("base URL %q", base)
	}
	pemBytes, err := os.ReadFile(CertPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pemBytes) {
		t.Fatal("cert.pem holds no certificate")
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	for _, host := range []string{base, strings.Replace(base, "127.0.0.1", "localhost", 1)} {
		resp, err := client.Get(host + "/api/alive")
		if err != nil {
			t.Fatalf("GET %s/api/alive with the sandbox CA: %v", host, err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("alive = %d", resp.StatusCode)
		}
	}
	stop()
	for _, p := range []string{CertPath(dir), keyPath(dir)} {
		fi, err := os.Stat(p)
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, err %v; want 0600", p, fi.Mode().Perm(), err)
		}
	}
	// A second start reuses the certificate.
	_, stop = serve()
	stop()
	again, _ := os.ReadFile(CertPath(dir))
	if string(again) != string(pemBytes) {
		t.Error("the certificate changed on the second start")
	}
}

func TestServeRefusesNonLoopback(t *testing.T) {
	srv, err := Open(Config{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	for _, addr := range []string{":0", "0.0.0.0:0", "192.0.2.1:8087", "[::]:0", "example.com:80"} {
		err := srv.Serve(t.Context(), addr, false, func(string) { t.Errorf("%s: became ready", addr) })
		if err == nil || !strings.Contains(err.Error(), "loopback") {
			t.Errorf("Serve(%q) = %v, want a loopback error", addr, err)
		}
	}
}

func TestServePlainHTTP(t *testing.T) {
	srv, err := Open(Config{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ctx, cancel := context.WithCancel(t.Context())
	urls := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, "127.0.0.1:0", false, func(u string) { urls <- u }) }()
	base := <-urls
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("base = %q", base)
	}
	resp, err := http.Get(base + "/api/version")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestReopenKeepsState(t *testing.T) {
	e := newEnv(t)
	a := e.register("reopen@example.com")
	e.ts.Close()
	e.srv.Close()
	srv, err := Open(Config{DataDir: e.dir, Now: e.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	req, _ := http.NewRequest("GET", ts.URL+"/api/accounts/revision-date", nil)
	req.Header.Set("Authorization", "Bearer "+a.token)
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("token after reopen = %d, want 200 (signing secret kept in the db)", resp.StatusCode)
	}
}

func TestMailboxOnlyOnLoopback(t *testing.T) {
	e := newEnv(t)
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/sandbox/mailbox", nil)
	req.RemoteAddr = "192.0.2.7:5555"
	e.srv.Handler().ServeHTTP(rec, req)
	if rec.Code != 404 {
		t.Errorf("mailbox from a remote address = %d, want 404", rec.Code)
	}
	if _, err := ReadMailbox(t.Context(), t.TempDir(), ""); err == nil {
		t.Error("ReadMailbox of an empty directory succeeded")
	}
}

// TestPanicRecovered checks the safety net with a handler that panics on
// purpose; no real handler is expected to.
func TestPanicRecovered(t *testing.T) {
	e := newEnv(t)
	h := e.srv.middleware(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic(errors.New("boom at handler.go:42"))
	}))
	ts := httptest.NewServer(h)
	defer ts.Close()
	resp, err := http.Get(ts.URL + "/x")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 500 {
		t.Fatalf("panic = %d", resp.StatusCode)
	}
	checkEnvelope(t, body)
	if strings.Contains(string(body), "boom") {
		t.Errorf("panic value leaked: %s", body)
	}
}
