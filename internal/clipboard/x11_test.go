//go:build unix && !darwin

package clipboard

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/clipboard/x11test"
)

// xclipWrite is another program copying s.
func xclipWrite(t *testing.T, s string) {
	t.Helper()
	cmd := exec.Command("xclip", "-selection", "clipboard", "-in")
	cmd.Stdin = strings.NewReader(s)
	// No output pipes: the forked xclip that serves s would hold them open,
	// and Run would wait for it (see toolBoard.Write).
	if err := cmd.Run(); err != nil {
		t.Fatalf("xclip -in: %v", err)
	}
	// xclip's parent exits before its forked child owns the selection, so
	// the new value shows after a moment, not at once.
	waitFor(t, "xclip to serve "+strconv.Quote(s), func() bool { return xclipRead(t) == s })
}

// xclipRead reads the clipboard with xclip directly, not through Board.
func xclipRead(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("xclip", "-selection", "clipboard", "-out").Output()
	if err != nil {
		t.Fatalf("xclip -out: %v", err)
	}
	return string(out)
}

func readBoard(t *testing.T) string {
	t.Helper()
	b, err := System().Read(t.Context())
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return string(b)
}

// waitFor polls cond with backoff until it holds or 15 s pass.
func waitFor(t *testing.T, what string, cond func() bool) time.Time {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for d := 10 * time.Millisecond; ; d = min(2*d, 200*time.Millisecond) {
		if cond() {
			return time.Now()
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(d)
	}
}

func newX11Copier(t *testing.T, after time.Duration) (*Copier, logRecorder) {
	t.Helper()
	x11test.Start(t)
	logs := newLogRecorder(t)
	c := &Copier{ClearAfter: after, Logger: slog.New(logs)}
	t.Cleanup(c.Cancel)
	return c, logs
}

func TestX11EmptyClipboard(t *testing.T) {
	x11test.Start(t)
	if got := readBoard(t); got != "" {
		t.Errorf("Read of a new display's clipboard = %q, want empty", got)
	}
}

func TestX11CopyReadBack(t *testing.T) {
	c, _ := newX11Copier(t, time.Hour)
	if _, err := c.Copy(t.Context(), []byte(testSecret)); err != nil {
		t.Fatalf("Copy: %v", err)
	}
	if got := readBoard(t); got != testSecret {
		t.Errorf("Read = %q, want %q", got, testSecret)
	}
	if got := xclipRead(t); got != testSecret {
		t.Errorf("xclip -out = %q, want %q", got, testSecret)
	}
}

func TestX11ClearAfterDelay(t *testing.T) {
	c, logs := newX11Copier(t, 300*time.Millisecond)
	clearAt, err := c.Copy(t.Context(), []byte(testSecret))
	if err != nil {
		t.Fatalf("Copy: %v", err)
	}
	emptyAt := waitFor(t, "the clipboard to be cleared", func() bool { return readBoard(t) == "" })
	if emptyAt.Before(clearAt) {
		t.Errorf("cleared by %v, before clearAt %v", emptyAt, clearAt)
	}
	if !logs.has("clipboard cleared") {
		t.Errorf("no 'clipboard cleared' log line in %q", logs.lines())
	}
}

func TestX11ChangedNotCleared(t *testing.T) {
	// Long enough for xclip to take the clipboard over before our clear runs.
	c, logs := newX11Copier(t, 2*time.Second)
	if _, err := c.Copy(t.Context(), []byte(testSecret)); err != nil {
		t.Fatalf("Copy: %v", err)
	}
	xclipWrite(t, "copied by the user since")
	waitFor(t, "the scheduled clear to run", func() bool { return logs.has("left alone") })
	if got, want := readBoard(t), "copied by the user since"; got != want {
		t.Errorf("Read after the clear = %q, want %q", got, want)
	}
}

func TestX11SecondCopyCancelsFirst(t *testing.T) {
	c, _ := newX11Copier(t, 300*time.Millisecond)
	if _, err := c.Copy(t.Context(), []byte(testSecret)); err != nil {
		t.Fatalf("Copy: %v", err)
	}
	// The same value again, later: had the first clear survived, the
	// clipboard would empty 300 ms in, before the second clearAt.
	c.ClearAfter = 1200 * time.Millisecond
	clearAt, err := c.Copy(t.Context(), []byte(testSecret))
	if err != nil {
		t.Fatalf("second Copy: %v", err)
	}
	emptyAt := waitFor(t, "the clipboard to be cleared", func() bool { return readBoard(t) == "" })
	if emptyAt.Before(clearAt) {
		t.Errorf("cleared by %v, before the second Copy's clearAt %v: the first clear was not cancelled", emptyAt, clearAt)
	}
}

// TestX11DetachedClearer runs the CLI flow: a process copies, spawns the
// clearer and exits; the value stays (xclip serves it), and the clearer
// clears it later.
func TestX11DetachedClearer(t *testing.T) {
	x11test.Start(t)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"=copy", "VDESK_CLIPBOARD_AFTER=800ms")
	cmd.Stdin = strings.NewReader(testSecret)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("copying process: %v: %s", err, stderr.String())
	}
	clearAt, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(string(out)))
	if err != nil {
		t.Fatalf("copying process printed %q: %v", out, err)
	}
	if got := readBoard(t); time.Now().Before(clearAt) && got != testSecret {
		t.Errorf("Read after the copying process exited = %q, want %q", got, testSecret)
	}
	emptyAt := waitFor(t, "the detached clearer to clear", func() bool { return readBoard(t) == "" })
	if emptyAt.Before(clearAt) {
		t.Errorf("cleared by %v, before clearAt %v", emptyAt, clearAt)
	}
}

func TestUnavailable(t *testing.T) {
	noFile := func(string) (string, error) { return "", exec.ErrNotFound }
	found := func(name string) (string, error) { return "/usr/bin/" + name, nil }
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	tests := []struct {
		name string
		b    toolBoard
		want string
	}{
		{"no display", toolBoard{env(nil), found}, "no clipboard available: neither DISPLAY nor WAYLAND_DISPLAY is set"},
		{"no xclip", toolBoard{env(map[string]string{"DISPLAY": ":0"}), noFile}, "no clipboard available: xclip not found in PATH (install xclip)"},
		{"no wl-copy", toolBoard{env(map[string]string{"WAYLAND_DISPLAY": "wayland-0"}), noFile}, "no clipboard available: wl-copy not found in PATH (install wl-clipboard)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			werr := tt.b.Write(t.Context(), []byte(testSecret))
			_, rerr := tt.b.Read(t.Context())
			for _, err := range []error{werr, rerr} {
				if !errors.Is(err, ErrUnavailable) || err.Error() != tt.want {
					t.Errorf("error = %v, want %q wrapping ErrUnavailable", err, tt.want)
				}
			}
		})
	}
	t.Run("display without server", func(t *testing.T) {
		if _, err := exec.LookPath("xclip"); err != nil {
			t.Skip("xclip not installed")
		}
		n := 4242
		for ; n < 4300; n++ {
			if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); err != nil {
				break
			}
		}
		t.Setenv("DISPLAY", fmt.Sprintf(":%d", n))
		t.Setenv("WAYLAND_DISPLAY", "")
		err := System().Write(t.Context(), []byte(testSecret))
		if !errors.Is(err, ErrUnavailable) || !strings.HasPrefix(err.Error(), "no clipboard available: ") {
			t.Errorf("Write error = %v, want ErrUnavailable", err)
		}
		if err != nil && strings.Contains(err.Error(), testSecret) {
			t.Errorf("error %q contains the secret", err)
		}
	})
}
