//go:build unix && !darwin

package clipboard

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// System returns the desktop's clipboard: wl-clipboard (wl-copy, wl-paste)
// under Wayland, xclip under X11. See the package doc for why these tools are
// run rather than linked.
func System() Board { return toolBoard{getenv: os.Getenv, lookPath: exec.LookPath} }

// toolBoard drives xclip or wl-clipboard. Which one is decided on each call,
// from the environment then, so a Copier made before DISPLAY is set works.
type toolBoard struct {
	getenv   func(string) string
	lookPath func(string) (string, error)
}

type tool struct {
	write, read []string // argv; the text goes through stdin and stdout only
	// clear, if set, empties the clipboard instead of writing "".
	clear []string
	// empty reports whether a failed read means "nothing on the clipboard".
	empty func(stderr string) bool
}

var (
	xclip = tool{
		write: []string{"xclip", "-selection", "clipboard", "-in"},
		read:  []string{"xclip", "-selection", "clipboard", "-out"},
		// With no owner, or an owner offering no text: "Error: target
		// STRING not available" (xclip 0.13) / "target UTF8_STRING".
		empty: func(s string) bool { return strings.Contains(s, "not available") },
	}
	wlClipboard = tool{
		write: []string{"wl-copy", "--type", "text/plain;charset=utf-8"},
		read:  []string{"wl-paste", "--no-newline", "--type", "text"},
		clear: []string{"wl-copy", "--clear"},
		// "Nothing is copied" / "No suitable type of content copied".
		empty: func(s string) bool {
			return strings.Contains(s, "Nothing is copied") || strings.Contains(s, "No suitable type")
		},
	}
)

func (b toolBoard) tool() (tool, error) {
	if b.getenv("WAYLAND_DISPLAY") != "" {
		if _, err := b.lookPath("wl-copy"); err == nil {
			return wlClipboard, nil
		}
		// XWayland still offers an X11 clipboard shared with Wayland.
		if b.getenv("DISPLAY") == "" {
			return tool{}, fmt.Errorf("%w: wl-copy not found in PATH (install wl-clipboard)", ErrUnavailable)
		}
	}
	if b.getenv("DISPLAY") == "" {
		return tool{}, fmt.Errorf("%w: neither DISPLAY nor WAYLAND_DISPLAY is set", ErrUnavailable)
	}
	if _, err := b.lookPath("xclip"); err != nil {
		return tool{}, fmt.Errorf("%w: xclip not found in PATH (install xclip)", ErrUnavailable)
	}
	return xclip, nil
}

// Write hands text to xclip or wl-copy on stdin. Both fork a child that
// serves the selection until another program takes it, so the value outlives
// this process: a CLI can copy and exit.
func (b toolBoard) Write(ctx context.Context, text []byte) error {
	t, err := b.tool()
	if err != nil {
		return err
	}
	argv := t.write
	if len(text) == 0 && t.clear != nil {
		argv = t.clear
	}
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Stdin = bytes.NewReader(text)
	// The serving child inherits stdout and stderr. Were they pipes, Wait
	// would block until that child exits, i.e. until the clipboard changes
	// hands, so they go to a file; only stderr is kept, for the error text.
	errf, err := os.CreateTemp("", "vaultdesk-clipboard-*")
	if err != nil {
		return fmt.Errorf("%s: %w", argv[0], err)
	}
	defer os.Remove(errf.Name())
	defer errf.Close()
	cmd.Stderr = errf
	// Its own session: the serving child must not die with our terminal.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Run(); err != nil {
		msg, _ := os.ReadFile(errf.Name())
		return toolError(argv[0], err, msg)
	}
	return b.awaitOwnership(ctx, Sum(text))
}

// awaitOwnership waits until the clipboard holds the value whose digest is
// want. xclip's parent exits before its child has sent the request that
// takes the selection (Xlib buffers it until the child's first event wait),
// so without this a Write could land after a later one by another program,
// and a clear scheduled from our return could run before our value is there.
func (b toolBoard) awaitOwnership(ctx context.Context, want Digest) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	for d := time.Millisecond; ; d = min(2*d, 50*time.Millisecond) {
		cur, err := b.Read(ctx)
		if err != nil {
			return fmt.Errorf("read back clipboard: %w", err)
		}
		got := Sum(cur)
		clear(cur)
		if got.Equal(want) {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("clipboard did not take the value: %w", ctx.Err())
		case <-time.After(d):
		}
	}
}

// Read returns the clipboard's text, empty if it holds none.
func (b toolBoard) Read(ctx context.Context) ([]byte, error) {
	t, err := b.tool()
	if err != nil {
		return nil, err
	}
	var out, stderr bytes.Buffer
	out.Grow(4096) // most values fit, so no stray copies from regrowing
	cmd := exec.CommandContext(ctx, t.read[0], t.read[1:]...)
	cmd.Stdout = &out
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		clear(out.Bytes())
		var exit *exec.ExitError
		if errors.As(err, &exit) && t.empty(stderr.String()) {
			return []byte{}, nil
		}
		return nil, toolError(t.read[0], err, stderr.Bytes())
	}
	return out.Bytes(), nil
}

// toolError reports a failed tool run. Its stderr is the tool's own
// diagnostic ("Can't open display: :5"), never clipboard content, and is cut
// short all the same.
func toolError(name string, err error, stderr []byte) error {
	msg := strings.TrimSpace(string(stderr))
	if len(msg) > 200 {
		msg = msg[:200] + "…"
	}
	if strings.Contains(msg, "Can't open display") || strings.Contains(msg, "Failed to connect to a Wayland server") {
		return fmt.Errorf("%w: %s", ErrUnavailable, msg)
	}
	if msg == "" {
		return fmt.Errorf("%s: %w", name, err)
	}
	return fmt.Errorf("%s: %w: %s", name, err, msg)
}
