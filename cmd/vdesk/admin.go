package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/vaultdesk/vaultdesk/internal/admin"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// adminFlags are the flags every administration command has.
type adminFlags struct {
	accountFlags
	asJSON bool
}

func (f *adminFlags) add(fs *flag.FlagSet) {
	f.accountFlags.add(fs, true)
	fs.BoolVar(&f.asJSON, "json", false, "print JSON")
}

// session runs fn in an administration session of the account (--account,
// or the only one). With sync the account is synced afterwards, so that
// the vault shows what fn changed (a new collection, a new organization).
func (f *adminFlags) session(ctx context.Context, sync bool, fn func(s *admin.Session) error) error {
	m, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer m.Close()
	err = m.Admin(ctx, f.account, func(v *vault.Vault, c *api.Client) error {
		return fn(admin.NewSession(v, c))
	})
	if err != nil {
		return adminError(err)
	}
	if sync {
		if _, err := m.Sync(ctx, f.account, false); err != nil {
			return fmt.Errorf("done on the server, but the local copy is not updated yet (run 'vdesk sync'): %w", explain(err))
		}
	}
	return nil
}

// adminError gives an administration error its exit code and a hint.
func adminError(err error) error {
	switch {
	case errors.Is(err, admin.ErrNotAllowed):
		return &codeError{exitError, err, "ask an owner of the organization"}
	case errors.Is(err, admin.ErrAmbiguous):
		return &codeError{exitUsage, err, "give the id instead of the name"}
	case errors.Is(err, admin.ErrNotFound):
		return &codeError{exitError, err, "see 'vdesk orgs' and the list commands for ids"}
	}
	return explain(err)
}
