package accounts

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// ItemResult is what a bulk change did to one item.
type ItemResult struct {
	ID   string
	Done bool
	Err  error // why it was not done; nil with Done false: not tried
}

// SetCollectionsOfMany gives each of the items the collections
// collectionIDs. Items are found in every unlocked account, and each
// account's items change in one Edit (one sync afterwards). It goes on past
// an item refused on its own (unknown, read-only, invalid, changed on the
// server…) and stops at a failure that would fail every item (the server
// unreachable, the session gone), returning the results so far with it.
func (m *Manager) SetCollectionsOfMany(ctx context.Context, ids, collectionIDs []string) ([]ItemResult, error) {
	set, err := m.Set(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]ItemResult, len(ids))
	var emails []string           // accounts, in the order of their first item
	byEmail := map[string][]int{} // account → indexes into ids
	for i, id := range ids {
		out[i].ID = id
		v := holder(set, id)
		if v == nil {
			out[i].Err = fmt.Errorf("item %s: %w", id, vault.ErrNotFound)
			continue
		}
		e := v.Account().Email
		if byEmail[e] == nil {
			emails = append(emails, e)
		}
		byEmail[e] = append(byEmail[e], i)
	}
	for _, email := range emails {
		err := m.Edit(ctx, email, func(v *vault.Vault, c vault.CipherAPI) error {
			for _, i := range byEmail[email] {
				_, err := v.SetCollections(ctx, c, ids[i], collectionIDs)
				if err != nil && !refusedAlone(err) {
					return err
				}
				out[i].Done, out[i].Err = err == nil, err
			}
			return nil
		})
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// holder returns the unlocked vault that has item id, or nil.
func holder(set *vault.Set, id string) *vault.Vault {
	for _, v := range set.Vaults() {
		if _, err := v.Summary(id); err == nil {
			return v
		}
	}
	return nil
}

// refusedAlone tells a refusal of one item (the next may still work) from
// a failure of the server or the session, which would fail every item.
func refusedAlone(err error) bool {
	for _, e := range []error{vault.ErrNotFound, vault.ErrReadOnly, vault.ErrInvalidItem, vault.ErrConflict,
		vault.ErrDamaged, vault.ErrHiddenByAccess} {
		if errors.Is(err, e) {
			return true
		}
	}
	var se *api.StatusError
	return errors.As(err, &se) && se.Code >= 400 && se.Code < 500 &&
		se.Code != http.StatusUnauthorized && se.Code != http.StatusTooManyRequests
}
