package clipboard

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

const testSecret = "hunter2-Ünïcødé-🔑"

func newFakeCopier(t *testing.T) (*Copier, *fakeBoard, *fakeTimers, logRecorder) {
	t.Helper()
	b, ft, logs := &fakeBoard{}, &fakeTimers{}, newLogRecorder(t)
	c := &Copier{Board: b, ClearAfter: 30 * time.Second, Logger: slog.New(logs)}
	c.afterFunc = ft.afterFunc
	return c, b, ft, logs
}

func TestCopyClearsOwnValue(t *testing.T) {
	c, b, ft, logs := newFakeCopier(t)
	secret := []byte(testSecret)
	before := time.Now()
	clearAt, err := c.Copy(t.Context(), secret)
	if err != nil {
		t.Fatalf("Copy: %v", err)
	}
	clear(secret) // what the caller does; the clear must not need it
	if got := b.get(); got != testSecret {
		t.Fatalf("clipboard after Copy = %q, want %q", got, testSecret)
	}
	if d := clearAt.Sub(before); d < 30*time.Second || d > 31*time.Second {
		t.Errorf("clearAt - now = %v, want 30s", d)
	}
	if len(ft.timers) != 1 || ft.timers[0].after != 30*time.Second {
		t.Fatalf("scheduled %d timers (%+v), want one of 30s", len(ft.timers), ft.timers)
	}
	ft.fire(0)
	if got := b.get(); got != "" {
		t.Errorf("clipboard after clear = %q, want empty", got)
	}
	if !logs.has("clipboard cleared") {
		t.Errorf("no 'clipboard cleared' log line in %q", logs.lines())
	}
	if _, pending := c.Digest(); pending {
		t.Error("Digest() reports a pending clear after it ran")
	}
}

func TestCopyLeavesOtherValue(t *testing.T) {
	c, b, ft, logs := newFakeCopier(t)
	if _, err := c.Copy(t.Context(), []byte(testSecret)); err != nil {
		t.Fatalf("Copy: %v", err)
	}
	b.set("something the user copied since")
	ft.fire(0)
	if got, want := b.get(), "something the user copied since"; got != want {
		t.Errorf("clipboard after clear = %q, want %q (not ours, left alone)", got, want)
	}
	if !logs.has("left alone") {
		t.Errorf("no 'left alone' log line in %q", logs.lines())
	}
}

func TestSecondCopyCancelsFirstClear(t *testing.T) {
	c, b, ft, _ := newFakeCopier(t)
	// The same value twice: only cancellation, not the digest, can keep
	// the first timer from clearing the second copy early.
	for range 2 {
		if _, err := c.Copy(t.Context(), []byte(testSecret)); err != nil {
			t.Fatalf("Copy: %v", err)
		}
	}
	if !ft.timers[0].stopped {
		t.Error("first timer not stopped by the second Copy")
	}
	ft.fire(0) // fires anyway, racing the Stop
	if got := b.get(); got != testSecret {
		t.Fatalf("clipboard after the first, cancelled clear = %q, want %q", got, testSecret)
	}
	ft.fire(1)
	if got := b.get(); got != "" {
		t.Errorf("clipboard after the second clear = %q, want empty", got)
	}
}

func TestClearNow(t *testing.T) {
	t.Run("ours", func(t *testing.T) {
		c, b, ft, _ := newFakeCopier(t)
		if _, err := c.Copy(t.Context(), []byte(testSecret)); err != nil {
			t.Fatalf("Copy: %v", err)
		}
		if err := c.ClearNow(t.Context()); err != nil {
			t.Fatalf("ClearNow: %v", err)
		}
		if got := b.get(); got != "" {
			t.Errorf("clipboard after ClearNow = %q, want empty", got)
		}
		if !ft.timers[0].stopped {
			t.Error("ClearNow left the timer running")
		}
		writes := b.writes
		ft.fire(0)
		if err := c.ClearNow(t.Context()); err != nil {
			t.Fatalf("second ClearNow: %v", err)
		}
		if b.writes != writes {
			t.Errorf("clipboard written %d more times after ClearNow, want 0", b.writes-writes)
		}
	})
	t.Run("not ours", func(t *testing.T) {
		c, b, _, _ := newFakeCopier(t)
		if _, err := c.Copy(t.Context(), []byte(testSecret)); err != nil {
			t.Fatalf("Copy: %v", err)
		}
		b.set("other")
		if err := c.ClearNow(t.Context()); err != nil {
			t.Fatalf("ClearNow: %v", err)
		}
		if got := b.get(); got != "other" {
			t.Errorf("clipboard after ClearNow = %q, want %q", got, "other")
		}
	})
	t.Run("nothing pending", func(t *testing.T) {
		c, b, _, _ := newFakeCopier(t)
		b.set("other")
		if err := c.ClearNow(t.Context()); err != nil {
			t.Fatalf("ClearNow: %v", err)
		}
		if b.writes != 0 {
			t.Errorf("ClearNow with nothing pending wrote %d times", b.writes)
		}
	})
}

func TestCancel(t *testing.T) {
	c, b, ft, _ := newFakeCopier(t)
	if _, err := c.Copy(t.Context(), []byte(testSecret)); err != nil {
		t.Fatalf("Copy: %v", err)
	}
	c.Cancel()
	ft.fire(0)
	if got := b.get(); got != testSecret {
		t.Errorf("clipboard after Cancel and fire = %q, want %q", got, testSecret)
	}
}

func TestCopyErrors(t *testing.T) {
	t.Run("write", func(t *testing.T) {
		c, b, ft, _ := newFakeCopier(t)
		b.writeErr = fmt.Errorf("%w: DISPLAY is not set", ErrUnavailable)
		_, err := c.Copy(t.Context(), []byte(testSecret))
		if !errors.Is(err, ErrUnavailable) {
			t.Fatalf("Copy error = %v, want ErrUnavailable", err)
		}
		if want := "copy to clipboard: no clipboard available: DISPLAY is not set"; err.Error() != want {
			t.Errorf("Copy error = %q, want %q", err, want)
		}
		if len(ft.timers) != 0 {
			t.Error("a failed Copy scheduled a clear")
		}
	})
	t.Run("read at clear", func(t *testing.T) {
		c, b, ft, logs := newFakeCopier(t)
		if _, err := c.Copy(t.Context(), []byte(testSecret)); err != nil {
			t.Fatalf("Copy: %v", err)
		}
		b.readErr = errors.New("xclip: exit status 1")
		ft.fire(0)
		if got := b.get(); got != testSecret {
			t.Errorf("clipboard = %q, want it untouched after a failed read", got)
		}
		if !logs.has("xclip: exit status 1") {
			t.Errorf("read error not logged: %q", logs.lines())
		}
		for _, l := range logs.lines() {
			if strings.Contains(l, testSecret) {
				t.Errorf("log line contains the secret: %q", l)
			}
		}
	})
}

func TestCopierDefaults(t *testing.T) {
	var c Copier
	if got := c.clearAfter(); got != DefaultClearAfter {
		t.Errorf("zero Copier clears after %v, want %v", got, DefaultClearAfter)
	}
	if c.board() == nil {
		t.Error("zero Copier has no board")
	}
}

func TestDigest(t *testing.T) {
	a, b := Sum([]byte(testSecret)), Sum([]byte(testSecret))
	if !a.Equal(b) {
		t.Error("Sum(x).Equal(Sum(x)) = false")
	}
	for _, other := range []string{"", "hunter2", testSecret + " "} {
		if a.Equal(Sum([]byte(other))) {
			t.Errorf("Sum(%q).Equal(Sum(%q)) = true", testSecret, other)
		}
	}
	var buf strings.Builder
	slog.New(slog.NewTextHandler(&buf, nil)).Info("x", "digest", a)
	for _, s := range []string{fmt.Sprint(a), fmt.Sprintf("%v %+v %#v %s", a, a, a, a), buf.String()} {
		if !strings.Contains(s, "REDACTED") || strings.Contains(s, fmt.Sprintf("%x", a[:4])) {
			t.Errorf("digest printed as %q, want it redacted", s)
		}
	}
}

func TestSetClearAfter(t *testing.T) {
	c, _, ft, _ := newFakeCopier(t)
	c.SetClearAfter(5 * time.Second)
	if _, err := c.Copy(t.Context(), []byte(testSecret)); err != nil {
		t.Fatalf("Copy: %v", err)
	}
	if len(ft.timers) != 1 || ft.timers[0].after != 5*time.Second {
		t.Fatalf("scheduled %+v, want one timer of 5s after SetClearAfter(5s)", ft.timers)
	}
}
