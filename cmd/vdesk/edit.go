package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
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
	defer clear(b)
	return writeItemJSON(cl, b)
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
	collections := fs.String("collections", "", "the items' new collection ids, comma-separated")
	arg, err := splitArg(fs, args, "an item id (or several: ID,ID)")
	if err != nil {
		return err
	}
	ids := uniqueIDs(arg)
	if len(ids) > 1 {
		return moveCollectionsOfMany(ctx, cl, &rf, ids, splitIDs(*collections))
	}
	if len(ids) == 1 {
		arg = ids[0]
	}
	w, err := rf.selectVault(ctx, arg)
	if err != nil {
		return err
	}
	defer w.m.Close()
	cols := splitIDs(*collections)
	if len(cols) == 0 {
		return usagef("want --collections ID,ID")
	}
	id := arg
	return w.edit(ctx, cl, func(v *vault.Vault, c vault.CipherAPI) (string, error) {
		_, err := v.SetCollections(ctx, c, id, cols)
		return id, err
	})
}

// uniqueIDs splits an ID,ID… argument, leaving out repeats.
func uniqueIDs(s string) []string {
	var ids []string
	for _, id := range splitIDs(s) {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids
}

// itemOutcome is what happened to one item of a bulk change (--json).
type itemOutcome struct {
	ID    string `json:"id"`
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
}

// moveCollectionsOfMany sets the collections of several items: it goes on
// past an item the server or the vault refuses, prints what happened to
// each, and fails at the end if any item failed (exit 4 when one of them
// changed on the server meanwhile).
func moveCollectionsOfMany(ctx context.Context, cl *cli, rf *readFlags, ids, cols []string) error {
	if len(cols) == 0 {
		return usagef("want --collections ID,ID")
	}
	rf.all = rf.account == ""
	m, _, _, err := rf.vaults(ctx)
	if err != nil {
		return err
	}
	defer m.Close()
	results, err := m.SetCollectionsOfMany(ctx, ids, cols)
	if err != nil {
		done := 0
		for _, r := range results {
			if r.Done {
				done++
			}
		}
		if done > 0 {
			return fmt.Errorf("set the collections of %d of %d items, then: %w", done, len(ids), editError(err))
		}
		return editError(err)
	}

	out := make([]itemOutcome, len(results))
	var failed []string
	code := exitError
	for i, r := range results {
		out[i] = itemOutcome{ID: r.ID, OK: r.Done}
		if r.Err != nil {
			if errors.Is(r.Err, vault.ErrConflict) {
				code = exitConflict
			}
			out[i].Error = editError(r.Err).Error()
			failed = append(failed, r.ID+" ("+out[i].Error+")")
		}
	}
	if rf.asJSON {
		if err := writeJSON(cl, out); err != nil {
			return err
		}
	} else {
		for _, o := range out {
			if o.OK {
				fmt.Fprintf(cl.stdout, "%s: collections set to %s\n", o.ID, strings.Join(cols, ","))
			} else {
				fmt.Fprintf(cl.stdout, "%s: failed: %s\n", o.ID, o.Error)
			}
		}
	}
	if len(failed) > 0 {
		return &codeError{code, fmt.Errorf("%d of %d items failed: %s", len(failed), len(ids), strings.Join(failed, "; ")),
			"fix those and run it again with their ids"}
	}
	return nil
}

// moveJSON is what `vdesk move --json` prints; FolderID is null for none.
type moveJSON struct {
	Moved    int     `json:"moved"`
	FolderID *string `json:"folderId"`
}

func runMove(ctx context.Context, cl *cli, args []string) error {
	fs := cl.flags("move")
	var rf readFlags
	rf.add(fs)
	folder := fs.String("folder", "", "the folder's id or name (a whole name, any case); none or \"\" to take the items out of their folder")
	arg, err := splitArg(fs, args, "item ids: ID or ID,ID…")
	if err != nil {
		return err
	}
	folderSet := false
	fs.Visit(func(f *flag.Flag) { folderSet = folderSet || f.Name == "folder" })
	if !folderSet {
		return usagef("want --folder ID|NAME|none")
	}
	ids := uniqueIDs(arg)
	if len(ids) == 0 {
		return usagef("want item ids: ID or ID,ID…")
	}
	rf.all = rf.account == ""
	m, _, vs, err := rf.vaults(ctx)
	if err != nil {
		return err
	}
	defer m.Close()
	var v *vault.Vault
	for _, id := range ids {
		iv, err := findItem(vs, id)
		if err != nil {
			return err
		}
		if v == nil {
			v = iv
		} else if iv.Account().ID != v.Account().ID {
			return fmt.Errorf("item %s is in account %s, item %s in %s; move the items of one account at a time",
				ids[0], v.Account().Email, id, iv.Account().Email)
		}
	}
	folderID, name, err := resolveFolder(v, *folder)
	if err != nil {
		return err
	}
	err = m.Edit(ctx, v.Account().Email, func(v *vault.Vault, c vault.CipherAPI) error {
		return v.MoveToFolder(ctx, c, ids, folderID)
	})
	if err != nil {
		return editError(err)
	}
	if rf.asJSON {
		j := moveJSON{Moved: len(ids)}
		if folderID != "" {
			j.FolderID = &folderID
		}
		return writeJSON(cl, j)
	}
	noun := "items"
	if len(ids) == 1 {
		noun = "item"
	}
	if folderID == "" {
		_, err = fmt.Fprintf(cl.stdout, "moved %d %s out of their folder\n", len(ids), noun)
	} else {
		_, err = fmt.Fprintf(cl.stdout, "moved %d %s to folder %s\n", len(ids), noun, name)
	}
	return err
}

// resolveFolder turns --folder ID|NAME|none into a folder id ("" for none)
// and its name. Names match whole, in any case; a name several folders
// share needs the id.
func resolveFolder(v *vault.Vault, ref string) (id, name string, err error) {
	ref = strings.TrimSpace(ref)
	if ref == "" || strings.EqualFold(ref, "none") {
		return "", "", nil
	}
	folders, err := v.Folders()
	if err != nil {
		return "", "", explain(err)
	}
	var matches []vault.Folder
	for _, f := range folders {
		if f.ID == ref {
			return f.ID, f.Name, nil
		}
		if !f.Damaged && strings.EqualFold(f.Name, ref) {
			matches = append(matches, f)
		}
	}
	switch len(matches) {
	case 0:
		return "", "", fmt.Errorf("no folder %q in the vault of %s; give a folder's id or its whole name", ref, v.Account().Email)
	case 1:
		return matches[0].ID, matches[0].Name, nil
	}
	fids := make([]string, len(matches))
	for i, f := range matches {
		fids[i] = f.ID
	}
	return "", "", fmt.Errorf("%d folders are named %q; give the id of the one you mean: %s", len(matches), ref, strings.Join(fids, ", "))
}
