package app

import (
	"context"
	"sync"
	"time"
)

// idleLock locks every account once the user has left the app alone for
// the lock timeout (product.md: default 15 minutes), and when the system is
// about to sleep where the OS says so (watchSleep, per platform).
//
// The countdown restarts on every touch: the frontend reports keyboard and
// mouse activity (at most every 10 s) and every unlock counts as activity.
type idleLock struct {
	onIdle func() // locks everything; called on its own goroutine

	// syncs are the background syncs of the unlocked period, which a lock
	// cancels, and what they last found.
	syncs *syncTracker

	mu      sync.Mutex    // guards timeout, timer, gen
	timeout time.Duration // 0 never locks on inactivity
	timer   *time.Timer
	gen     uint64 // bumped by every restart, so a superseded timer does nothing
	stopped bool
}

func newIdleLock(timeout time.Duration, onIdle func()) *idleLock {
	l := &idleLock{onIdle: onIdle, timeout: timeout}
	l.touch()
	return l
}

// touch restarts the countdown.
func (l *idleLock) touch() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.restartLocked()
}

// setTimeout applies a new lock timeout at once, counting from now.
func (l *idleLock) setTimeout(d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.timeout = d
	l.restartLocked()
}

func (l *idleLock) restartLocked() {
	if l.timer != nil {
		l.timer.Stop()
		l.timer = nil
	}
	l.gen++
	if l.stopped || l.timeout <= 0 {
		return
	}
	gen := l.gen
	l.timer = time.AfterFunc(l.timeout, func() { l.fire(gen) })
}

func (l *idleLock) fire(gen uint64) {
	l.mu.Lock()
	current := gen == l.gen && !l.stopped
	l.mu.Unlock()
	if current {
		l.onIdle()
	}
}

// stop ends the countdown for good (the app is closing).
func (l *idleLock) stop() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stopped = true
	l.restartLocked()
}

// lockTimeout is the idle lock's delay for the settings.
func lockTimeout(s Settings) time.Duration {
	return time.Duration(s.LockTimeoutMinutes) * time.Minute
}

// lockIdle is what the idle lock and the sleep watcher do: lock every
// unlocked account, clear a clipboard we still own and tell the window.
func (c *Core) lockIdle(why string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if !c.anyUnlocked(ctx) {
		return
	}
	c.log.Info("locking every account", "op", "lock", "why", why)
	c.lockAll(ctx)
	c.Emit("session:changed", nil)
}
