package clipboard

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeBoard is an in-memory Board for the Copier's logic; the real
// clipboard is tested under Xvfb in x11_test.go.
type fakeBoard struct {
	mu       sync.Mutex // guards the fields below
	data     []byte
	writes   int
	writeErr error
	readErr  error
}

func (b *fakeBoard) Write(_ context.Context, text []byte) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.writeErr != nil {
		return b.writeErr
	}
	b.writes++
	b.data = bytes.Clone(text)
	return nil
}

func (b *fakeBoard) Read(context.Context) ([]byte, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.readErr != nil {
		return nil, b.readErr
	}
	return bytes.Clone(b.data), nil
}

func (b *fakeBoard) get() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.data)
}

// set is another program writing to the clipboard.
func (b *fakeBoard) set(s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.data = []byte(s)
}

// fakeTimers replaces time.AfterFunc so tests fire scheduled clears by hand.
type fakeTimers struct {
	mu     sync.Mutex // guards timers
	timers []*fakeTimer
}

type fakeTimer struct {
	after   time.Duration
	f       func()
	stopped bool
}

func (t *fakeTimer) Stop() bool { was := !t.stopped; t.stopped = true; return was }

func (ft *fakeTimers) afterFunc(d time.Duration, f func()) stopper {
	ft.mu.Lock()
	defer ft.mu.Unlock()
	t := &fakeTimer{after: d, f: f}
	ft.timers = append(ft.timers, t)
	return t
}

// fire runs timer i as time.AfterFunc would, even if it was stopped: a
// timer can fire at the moment it is stopped, and the Copier must cope.
func (ft *fakeTimers) fire(i int) {
	ft.mu.Lock()
	t := ft.timers[i]
	ft.mu.Unlock()
	t.f()
}

// logRecorder is a slog.Handler that sends records to t.Logf and keeps
// their messages.
type logRecorder struct {
	t    testing.TB
	mu   *sync.Mutex // guards msgs
	msgs *[]string
}

func newLogRecorder(t testing.TB) logRecorder {
	return logRecorder{t: t, mu: new(sync.Mutex), msgs: new([]string)}
}

func (h logRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (h logRecorder) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h logRecorder) WithGroup(string) slog.Handler            { return h }
func (h logRecorder) Handle(_ context.Context, r slog.Record) error {
	var sb strings.Builder
	sb.WriteString(r.Message)
	r.Attrs(func(a slog.Attr) bool { sb.WriteString(" " + a.String()); return true })
	h.t.Logf("log: %s", sb.String())
	h.mu.Lock()
	defer h.mu.Unlock()
	*h.msgs = append(*h.msgs, sb.String())
	return nil
}

func (h logRecorder) lines() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), *h.msgs...)
}

// has reports whether a logged line contains s.
func (h logRecorder) has(s string) bool {
	for _, l := range h.lines() {
		if strings.Contains(l, s) {
			return true
		}
	}
	return false
}
