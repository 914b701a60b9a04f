package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/sandbox"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
)

// syncBuffer is a bytes.Buffer safe to read while a command writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestSandboxServeDemo(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(t.Context())
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"sandbox", "serve", "--addr", "127.0.0.1:0", "--data", dir, "--demo"},
			&cli{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut})
	}()

	listening := regexp.MustCompile(`listening on (http://127\.0\.0\.1:\d+)`)
	var url string
	for deadline := time.Now().Add(2 * time.Minute); url == "" && time.Now().Before(deadline); {
		select {
		case code := <-done:
			t.Fatalf("vdesk sandbox serve exited with %d early: %s", code, errOut.String())
		case <-time.After(50 * time.Millisecond):
		}
		// The URL is printed once seeding is done, with the credentials.
		if m := listening.FindStringSubmatch(out.String()); m != nil && strings.Contains(out.String(), "Press Ctrl+C") {
			url = m[1]
		}
	}
	if url == "" {
		t.Fatalf("vdesk sandbox serve printed no URL: %q", out.String())
	}
	if !strings.Contains(out.String(), demodata.TechEmail) || !strings.Contains(out.String(), demodata.TechPassword) {
		t.Errorf("vdesk sandbox serve --demo does not print the demo credentials: %q", out.String())
	}
	resp, err := http.Get(url + "/api/alive")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET /api/alive = %d, want 200", resp.StatusCode)
	}

	// The mailbox command reads the running server's database.
	code, mailOut, mailErr := vdesk(t, "sandbox", "mailbox", "--data", dir, "--to", "contractor@businessx.example", "--json")
	var mails []sandbox.Mail
	if err := json.Unmarshal([]byte(mailOut), &mails); code != exitOK || err != nil || len(mails) == 0 || mails[0].Kind != "invite" || mails[0].Token == "" {
		t.Errorf("vdesk sandbox mailbox --json = %d, %q (%v, stderr %q); want the invitation with its token", code, mailOut, err, mailErr)
	}

	cancel()
	select {
	case code := <-done:
		if code != exitOK || !strings.Contains(out.String(), "sandbox stopped") {
			t.Errorf("after interrupt: exit %d, output %q; want 0 and a clean stop", code, out.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("vdesk sandbox serve did not stop after its context ended")
	}
}

func TestSandboxServeRefusesNonLoopback(t *testing.T) {
	dir := t.TempDir()
	for _, addr := range []string{"0.0.0.0:8087", "[::]:8087", "192.0.2.1:8087", "example.com:80"} {
		code, _, errOut := vdesk(t, "sandbox", "serve", "--addr", addr, "--data", dir)
		if code != exitUsage || !strings.Contains(errOut, "loopback") {
			t.Errorf("vdesk sandbox serve --addr %s = %d, %q; want exit %d naming loopback", addr, code, errOut, exitUsage)
		}
	}
}
