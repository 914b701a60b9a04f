//go:build unix && !darwin

// Package x11test gives tests a real X11 clipboard: a private Xvfb display
// that the test's DISPLAY points at, for the clipboard package and for the
// commands that copy.
package x11test

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// StrictEnv, set by scripts/clipboard-test.sh, turns the skips for a
// missing Xvfb or xclip into failures.
const StrictEnv = "VDESK_CLIPBOARD_TEST"

// Start starts a private Xvfb for the test, points DISPLAY at it and
// stops it at cleanup; the xclip processes serving its clipboard exit with
// it. It skips when Xvfb or xclip is not installed.
func Start(t testing.TB) {
	t.Helper()
	for _, tool := range []string{"Xvfb", "xclip"} {
		if _, err := exec.LookPath(tool); err != nil {
			msg := fmt.Sprintf("%s not installed; scripts/clipboard-test.sh installs it and runs these tests for real", tool)
			if os.Getenv(StrictEnv) != "" {
				t.Fatal(msg)
			}
			t.Skip(msg)
		}
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var stderr bytes.Buffer
	// -displayfd: Xvfb picks a free display and writes its number to fd 3,
	// so tests don't collide with other X servers on the machine.
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-nolisten", "tcp", "-screen", "0", "320x240x24")
	cmd.ExtraFiles = []*os.File{w}
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start Xvfb: %v", err)
	}
	w.Close()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(r).ReadString('\n')
		line <- strings.TrimSpace(s)
	}()
	select {
	case n := <-line:
		if n == "" {
			t.Fatalf("Xvfb reported no display: %s", stderr.String())
		}
		t.Setenv("DISPLAY", ":"+n)
	case <-time.After(15 * time.Second):
		t.Fatalf("Xvfb did not start within 15 s")
	}
	t.Setenv("WAYLAND_DISPLAY", "")
}
