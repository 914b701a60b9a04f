package clipboard

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// DefaultClearAfter is how long a copied secret stays on the clipboard when
// [Copier.ClearAfter] is zero (product doc, "Quick copy").
const DefaultClearAfter = 30 * time.Second

// ioTimeout bounds one read or write of the system clipboard done by a
// scheduled clear, which has no caller context to inherit.
const ioTimeout = 10 * time.Second

// ErrUnavailable is wrapped by every error that means there is no clipboard
// to talk to: no display, or no clipboard tool installed. Its text starts the
// message the user sees: "no clipboard available: DISPLAY is not set".
var ErrUnavailable = errors.New("no clipboard available")

// Board is a system clipboard that holds text.
//
// Write replaces the clipboard's content; writing an empty slice clears it.
// Read returns the current text, empty when the clipboard is empty or holds
// no text. Implementations must not keep the slice passed to Write.
type Board interface {
	Write(ctx context.Context, text []byte) error
	Read(ctx context.Context) ([]byte, error)
}

// Digest is the SHA-256 of a copied value. It is what is kept in memory, or
// handed to a background clearer, to recognise our value on the clipboard
// later without keeping the value itself.
type Digest [sha256.Size]byte

// Sum returns the digest of secret.
func Sum(secret []byte) Digest { return sha256.Sum256(secret) }

// Equal reports whether d and o are equal, in constant time.
func (d Digest) Equal(o Digest) bool { return subtle.ConstantTimeCompare(d[:], o[:]) == 1 }

// String returns a redacted form: a digest of a short password can be
// brute-forced, so it is never printed.
func (Digest) String() string { return "clipboard.Digest(REDACTED)" }

// GoString is the redacted form for %#v.
func (d Digest) GoString() string { return d.String() }

// LogValue is the redacted form for log/slog.
func (Digest) LogValue() slog.Value { return slog.StringValue("REDACTED") }

// Copier copies secrets to a Board and clears them again after ClearAfter,
// but only if the clipboard still holds the value it copied. The zero value
// copies to [System] and clears after [DefaultClearAfter]. A Copier is safe
// for concurrent use; it must not be copied after first use.
type Copier struct {
	Board      Board         // nil means System()
	ClearAfter time.Duration // 0 means DefaultClearAfter
	Logger     *slog.Logger  // for the outcome of scheduled clears; nil discards

	// mu guards pending and is held across each Write and each
	// read-compare-clear, so a clear never interleaves with a new copy.
	mu      sync.Mutex
	pending *pendingClear

	// afterFunc is time.AfterFunc unless a test replaces it.
	afterFunc func(time.Duration, func()) stopper
}

type stopper interface{ Stop() bool }

// pendingClear is one scheduled clear. cancelled is set under Copier.mu, so a
// timer that fired just before a new Copy sees it and does nothing.
type pendingClear struct {
	digest    Digest
	timer     stopper
	cancelled bool
}

func (c *Copier) board() Board {
	if c.Board == nil {
		return System()
	}
	return c.Board
}

func (c *Copier) clearAfter() time.Duration {
	if c.ClearAfter <= 0 {
		return DefaultClearAfter
	}
	return c.ClearAfter
}

func (c *Copier) logger() *slog.Logger {
	if c.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return c.Logger
}

// Copy writes secret to the clipboard and schedules a clear at clearAt. A
// pending clear of an earlier Copy is cancelled first.
//
// ctx bounds the write only: the clear happens later, on its own, whatever
// becomes of ctx. Copy does not keep secret; the caller should clear it.
func (c *Copier) Copy(ctx context.Context, secret []byte) (clearAt time.Time, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cancelLocked()
	if err := c.board().Write(ctx, secret); err != nil {
		return time.Time{}, fmt.Errorf("copy to clipboard: %w", err)
	}
	after := c.clearAfter()
	p := &pendingClear{digest: Sum(secret)}
	afterFunc := c.afterFunc
	if afterFunc == nil {
		afterFunc = func(d time.Duration, f func()) stopper { return time.AfterFunc(d, f) }
	}
	p.timer = afterFunc(after, func() { c.fire(p) })
	c.pending = p
	return time.Now().Add(after), nil
}

// SetClearAfter changes the delay of later copies; the app calls it when
// the user changes the setting while a Copier is in use.
func (c *Copier) SetClearAfter(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ClearAfter = d
}

// Digest returns the digest of the value the last Copy wrote and whether a
// clear of it is still pending. A CLI that exits right after copying hands
// the digest to [SpawnClearer].
func (c *Copier) Digest() (Digest, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pending == nil {
		return Digest{}, false
	}
	return c.pending.digest, true
}

// ClearNow cancels the pending clear and does it at once: the clipboard is
// cleared if it still holds the value of the last Copy. It does nothing when
// no clear is pending. Call it on lock and on quit.
func (c *Copier) ClearNow(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	p := c.pending
	if p == nil {
		return nil
	}
	c.cancelLocked()
	_, err := clearIfEqual(ctx, c.board(), p.digest)
	return err
}

// Cancel drops the pending clear, if any, without touching the clipboard.
func (c *Copier) Cancel() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cancelLocked()
}

func (c *Copier) cancelLocked() {
	if c.pending != nil {
		c.pending.timer.Stop()
		c.pending.cancelled = true
		c.pending = nil
	}
}

// fire runs on the timer's goroutine.
func (c *Copier) fire(p *pendingClear) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p.cancelled {
		return
	}
	c.pending = nil
	ctx, cancel := context.WithTimeout(context.Background(), ioTimeout)
	defer cancel()
	cleared, err := clearIfEqual(ctx, c.board(), p.digest)
	switch {
	case err != nil:
		c.logger().Warn("clipboard clear", "op", "clipboard.clear", "err", err)
	case cleared:
		c.logger().Debug("clipboard cleared", "op", "clipboard.clear")
	default:
		c.logger().Debug("clipboard changed since copy, left alone", "op", "clipboard.clear")
	}
}

// clearIfEqual clears b if it holds the value whose digest is want. Another
// program can still write between the read and the clear; no clipboard API
// offers a compare-and-swap, and the window is one round trip.
func clearIfEqual(ctx context.Context, b Board, want Digest) (cleared bool, err error) {
	cur, err := b.Read(ctx)
	if err != nil {
		return false, fmt.Errorf("read clipboard: %w", err)
	}
	got := Sum(cur)
	clear(cur)
	if !got.Equal(want) {
		return false, nil
	}
	if err := b.Write(ctx, nil); err != nil {
		return false, fmt.Errorf("clear clipboard: %w", err)
	}
	return true, nil
}
