package app

import "context"

// Placeholder: slice A (accounts and session) replaces this file.

type sandboxRunner struct{}
type idleLock struct{}

func (c *Core) initSession() error               { return nil }
func (c *Core) closeSession(ctx context.Context) {}
func (c *Core) startSession(ctx context.Context) {}

// SessionService answers the first-run, sign-in, unlock, account and
// settings screens.
type SessionService struct{ c *Core }

// NewSessionService binds the session screens to c.
func NewSessionService(c *Core) *SessionService { return &SessionService{c: c} }
