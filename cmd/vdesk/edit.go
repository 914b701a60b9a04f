package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/vaultdesk/vaultdesk/internal/accounts"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// exitConflict: the item changed on the server since it was read (cli.md).
const exitConflict = 4

// selected is the account and unlocked vault a command acts on.
type selected struct {
	m     *accounts.Manager
	email string
	v     *vault.Vault
}

// selectVault opens the accounts and finds the unlocked vault holding id, or,
// with id "", the one chosen by --account (or the only account).
func (f *readFlags) selectVault(ctx context.Context, id string) (*selected, error) {
	f.all = id != "" && f.account == ""
	m, _, vs, err := f.vaults(ctx)
	if err != nil {
		return nil, err
	}
	v := vs[0]
	if id != "" {
		if v, err = findItem(vs, id); err != nil {
			m.Close()
			return nil, err
		}
	}
	return &selected{m: m, email: v.Account().Email, v: v}, nil
}

// openItem parses the command line of a command about one existing item
// (ID and flags) and opens the vault that holds it. The caller closes m.
func (f *readFlags) openItem(ctx context.Context, fs *flag.FlagSet, args []string) (string, *selected, error) {
	id, err := splitArg(fs, args, "an item id")
	if err != nil {
		return "", nil, err
	}
	w, err := f.selectVault(ctx, id)
	return id, w, err
}

// edit runs one server change and prints the item it returns, refreshed
// from the synced vault, in bw's item shape.
func (w *selected) edit(ctx context.Context, cl *cli, f func(v *vault.Vault, c vault.CipherAPI) (string, error)) error {
	var id string
	err := w.m.Edit(ctx, w.email, func(v *vault.Vault, c vault.CipherAPI) error {
		var err error
		id, err = f(v, c)
		return err
	})
	if err != nil {
		return editError(err)
	}
	if id == "" {
		return nil
	}
	v, err := w.m.Vault(ctx, w.email)
	if err != nil {
		return explain(err)
	}
	b, err := v.ItemJSON(id)
	if err != nil {
		return itemError(err)
	}
	_, err = fmt.Fprintf(cl.stdout, "%s\n", b)
	return err
}

// editError gives a refused change its exit code and what to do next.
func editError(err error) error {
	switch {
	case errors.Is(err, vault.ErrConflict):
		return &codeError{exitConflict, err, "run 'vdesk sync', then apply your change again"}
	case errors.Is(err, vault.ErrReadOnly):
		return &codeError{exitError, err, "your access to its collections is read-only"}
	case errors.Is(err, vault.ErrInvalidItem):
		return usagef("%v", err)
	}
	return itemError(err)
}

// readItem reads an item in bw's JSON shape from standard input.
func readItem(cl *cli) (*vault.EditItem, error) {
	b, err := io.ReadAll(io.LimitReader(cl.stdin, vault.MaxItemJSON+1))
	if err != nil {
		return nil, fmt.Errorf("read item JSON from standard input: %w", err)
	}
	e, err := vault.ParseItemJSON(b)
	if err != nil {
		return nil, usagef("%v", err)
	}
	return e, nil
}

func splitIDs(s string) []string {
	var ids []string
	for _, id := range strings.Split(s, ",") {
		if id = strings.TrimSpace(id); id != "" {
			ids = append(ids, id)
		}
	}
	return ids
}

// itemSubcommand checks the "item" word of `create item`, `edit item` …
func itemSubcommand(args []string, cmd string) ([]string, error) {
	if len(args) == 0 || args[0] != "item" {
		return nil, usagef("want 'vdesk %s item …'", cmd)
	}
	return args[1:], nil
}

func runCreate(ctx context.Context, cl *cli, args []string) error {
	args, err := itemSubcommand(args, "create")
	if err != nil {
		return err
	}
	fs := cl.flags("create item")
	var rf readFlags
	rf.add(fs)
	org := fs.String("org", "", "create it in this organization (id or name)")
	collections := fs.String("collections", "", "the organization's collection ids, comma-separated")
	if err := parse(fs, args); err != nil {
		return err
	}
	e, err := readItem(cl)
	if err != nil {
		return err
	}
	w, err := rf.selectVault(ctx, "")
	if err != nil {
		return err
	}
	defer w.m.Close()
	if *org != "" {
		if e.OrganizationID, err = resolveOrg([]*vault.Vault{w.v}, *org); err != nil {
			return err
		}
	}
	if *collections != "" {
		e.CollectionIDs = splitIDs(*collections)
	}
	if e.OrganizationID != "" && len(e.CollectionIDs) == 0 {
		return usagef("an item in an organization needs --collections ID,ID")
	}
	return w.edit(ctx, cl, func(v *vault.Vault, c vault.CipherAPI) (string, error) {
		ci, err := v.Create(ctx, c, e)
		if err != nil {
			return "", err
		}
		return ci.ID, nil
	})
}

func runEdit(ctx context.Context, cl *cli, args []string) error {
	args, err := itemSubcommand(args, "edit")
	if err != nil {
		return err
	}
	fs := cl.flags("edit item")
	var rf readFlags
	rf.add(fs)
	id, w, err := rf.openItem(ctx, fs, args)
	if err != nil {
		return err
	}
	defer w.m.Close()
	e, err := readItem(cl)
	if err != nil {
		return err
	}
	return w.edit(ctx, cl, func(v *vault.Vault, c vault.CipherAPI) (string, error) {
		_, err := v.Update(ctx, c, id, e)
		return id, err
	})
}

func runDelete(ctx context.Context, cl *cli, args []string) error {
	args, err := itemSubcommand(args, "delete")
	if err != nil {
		return err
	}
	fs := cl.flags("delete item")
	var rf readFlags
	rf.add(fs)
	permanent := fs.Bool("permanent", false, "delete it for good instead of moving it to the trash")
	id, w, err := rf.openItem(ctx, fs, args)
	if err != nil {
		return err
	}
	defer w.m.Close()
	return w.edit(ctx, cl, func(v *vault.Vault, c vault.CipherAPI) (string, error) {
		if *permanent {
			return "", v.Delete(ctx, c, id)
		}
		return "", v.Trash(ctx, c, id)
	})
}

func runRestore(ctx context.Context, cl *cli, args []string) error {
	args, err := itemSubcommand(args, "restore")
	if err != nil {
		return err
	}
	fs := cl.flags("restore item")
	var rf readFlags
	rf.add(fs)
	id, w, err := rf.openItem(ctx, fs, args)
	if err != nil {
		return err
	}
	defer w.m.Close()
	return w.edit(ctx, cl, func(v *vault.Vault, c vault.CipherAPI) (string, error) {
		_, err := v.Restore(ctx, c, id)
		return id, err
	})
}

func runShare(ctx context.Context, cl *cli, args []string) error {
	fs := cl.flags("share")
	var rf readFlags
	rf.add(fs)
	org := fs.String("org", "", "the organization (id or name)")
	collections := fs.String("collections", "", "collection ids, comma-separated")
	id, w, err := rf.openItem(ctx, fs, args)
	if err != nil {
		return err
	}
	defer w.m.Close()
	cols := splitIDs(*collections)
	if *org == "" || len(cols) == 0 {
		return usagef("want --org ID and --collections ID,ID")
	}
	orgID, err := resolveOrg([]*vault.Vault{w.v}, *org)
	if err != nil {
		return err
	}
	return w.edit(ctx, cl, func(v *vault.Vault, c vault.CipherAPI) (string, error) {
		_, err := v.Share(ctx, c, id, orgID, cols)
		return id, err
	})
}

func runMoveCollections(ctx context.Context, cl *cli, args []string) error {
	fs := cl.flags("move-collections")
	var rf readFlags
	rf.add(fs)
	collections := fs.String("collections", "", "the item's new collection ids, comma-separated")
	id, w, err := rf.openItem(ctx, fs, args)
	if err != nil {
		return err
	}
	defer w.m.Close()
	cols := splitIDs(*collections)
	if len(cols) == 0 {
		return usagef("want --collections ID,ID")
	}
	return w.edit(ctx, cl, func(v *vault.Vault, c vault.CipherAPI) (string, error) {
		_, err := v.SetCollections(ctx, c, id, cols)
		return id, err
	})
}
