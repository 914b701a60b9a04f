package app

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/accounts"
)

// syncEvery is how often unlocked accounts check their server's revision
// date; a full sync follows only when it moved.
const syncEvery = 5 * time.Minute

// syncTimeout bounds one sync; a full sync of 10,000 items takes about a
// second on loopback.
const syncTimeout = 2 * time.Minute

// syncTracker runs the background syncs and remembers what each account's
// last one found, for the top bar.
type syncTracker struct {
	base      context.Context // lives until the app closes
	closeBase context.CancelFunc

	mu     sync.Mutex // guards ctx, cancel, status
	ctx    context.Context
	cancel context.CancelFunc
	status map[string]syncStatus // by account user id
}

// syncStatus is the outcome of an account's last sync.
type syncStatus struct {
	checked time.Time // the last sync that reached the server
	offline bool      // the last sync could not reach it
	problem string    // the last sync failed otherwise: its error's text
}

func newSyncTracker() *syncTracker {
	t := &syncTracker{status: map[string]syncStatus{}}
	t.base, t.closeBase = context.WithCancel(context.Background())
	t.ctx, t.cancel = context.WithCancel(t.base)
	return t
}

// context is the context syncs run under until the next lock.
func (t *syncTracker) context() context.Context {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.ctx
}

// cancelRunning stops the syncs in progress. A sync holds its account
// until it ends, and locking must not wait for a slow server.
func (t *syncTracker) cancelRunning() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.cancel()
	t.ctx, t.cancel = context.WithCancel(t.base)
}

func (t *syncTracker) close() {
	t.closeBase()
}

// record notes the outcome of a sync of account id that ran to its end.
func (t *syncTracker) record(id string, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	st := t.status[id]
	switch {
	case err == nil:
		st = syncStatus{checked: time.Now()}
	case errors.Is(err, accounts.ErrUnreachable):
		st.offline, st.problem = true, ""
	default:
		st.offline, st.problem = false, err.Error()
	}
	t.status[id] = st
}

func (t *syncTracker) get(id string) syncStatus {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.status[id]
}

func (t *syncTracker) forget(id string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.status, id)
}

// syncAccount syncs one account (force: download everything even if the
// revision date did not move) and records the outcome. It stops early if
// the account is locked meanwhile or ctx ends. When the items changed,
// lists are told to reload.
func (c *Core) syncAccount(ctx context.Context, st accounts.Status, force bool) error {
	work := c.idle.syncs.context()
	ctx, cancel := context.WithTimeout(ctx, syncTimeout)
	defer cancel()
	stop := context.AfterFunc(work, cancel) // a lock cancels work
	defer stop()

	res, err := c.mgr.Sync(ctx, st.Email, force)
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, accounts.ErrLocked):
		return err // locked meanwhile: nothing to report
	case err != nil:
		c.log.Info("sync failed", "op", "sync", "account", st.UserID, "err", err)
	}
	c.idle.syncs.record(st.UserID, err)
	if err == nil && res.Synced {
		c.Emit("vault:changed", map[string]string{"accountId": st.UserID})
	}
	return err
}

// syncInBackground syncs the account without holding up the caller, then
// tells the window.
func (c *Core) syncInBackground(st accounts.Status) {
	go func() {
		if err := c.syncAccount(c.idle.syncs.base, st, false); errors.Is(err, context.Canceled) {
			return
		}
		c.Emit("session:changed", nil)
	}()
}

// syncLoop checks every unlocked account against its server every period
// until ctx ends.
func (c *Core) syncLoop(ctx context.Context, period time.Duration) {
	tick := time.NewTicker(period)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		any := false
		for _, st := range c.mgr.Accounts(ctx) {
			if !st.Locked {
				c.syncAccount(ctx, st, false)
				any = true
			}
		}
		if any { // the last-sync time moved, or the account went offline
			c.Emit("session:changed", nil)
		}
	}
}
