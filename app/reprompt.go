package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// CodeReprompt: the item has master-password re-prompt and the user has not
// answered it for this item lately (VaultService.VerifyReprompt).
const CodeReprompt = "reprompt"

// repromptFor is how long one answered re-prompt lets the user reveal and
// copy that item's secrets: a support call's worth, not a day's.
const repromptFor = 5 * time.Minute

// repromptGrants remembers the items whose re-prompt the user answered, and
// until when. A lock forgets them, like the keys.
type repromptGrants struct {
	mu    sync.Mutex
	until map[string]time.Time // accountID + "/" + item id
}

func (g *repromptGrants) allow(accountID, id string, now time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.until == nil {
		g.until = map[string]time.Time{}
	}
	g.until[accountID+"/"+id] = now.Add(repromptFor)
}

func (g *repromptGrants) allowed(accountID, id string, now time.Time) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return now.Before(g.until[accountID+"/"+id])
}

// forget drops the grants of one account, or of all with "".
func (g *repromptGrants) forget(accountID string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for k := range g.until {
		if accountID == "" || strings.HasPrefix(k, accountID+"/") {
			delete(g.until, k)
		}
	}
}

// checkReprompt refuses the secrets of an item with master-password
// re-prompt until the user has answered it (code reprompt).
func (c *Core) checkReprompt(accountID string, sum vault.Summary) error {
	if !sum.Reprompt || c.reprompt.allowed(accountID, sum.ID, time.Now()) {
		return nil
	}
	return &UIError{Code: CodeReprompt, Message: fmt.Sprintf("%s asks for your master password before it shows or copies its secrets", sum.Name)}
}

// secretField says whether Copy's field is one re-prompt protects: every
// value Reveal hands out and the TOTP code.
func secretField(field string) bool {
	return field == "totp" || slices.Contains(revealable, field) ||
		strings.HasPrefix(field, "field:") || strings.HasPrefix(field, "history:")
}

// VerifyReprompt checks the master password, offline, for an item with
// master-password re-prompt; for a few minutes after, its secrets can be
// revealed and copied.
func (s *VaultService) VerifyReprompt(accountID, id, password string) error {
	ctx, cancel := context.WithTimeout(context.Background(), vaultCallTimeout)
	defer cancel()
	st, err := s.c.account(ctx, accountID)
	if err != nil {
		return err
	}
	pw := []byte(password)
	defer clear(pw)
	if err := s.c.mgr.VerifyPassword(ctx, st.Email, pw); err != nil {
		return err
	}
	s.c.reprompt.allow(accountID, id, time.Now())
	return nil
}
