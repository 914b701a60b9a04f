package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/clipboard"
)

// clearerCommand is the hidden subcommand a copy hands the clipboard clear
// to, so that `vdesk copy` can exit at once.
const clearerCommand = "clipboard-clear"

func runCopy(ctx context.Context, cl *cli, args []string) error {
	if len(args) == 0 {
		return usagef("want what to copy: username, password or totp")
	}
	what := args[0]
	switch what {
	case "username", "password", "totp":
	default:
		return usagef("cannot copy %q: want username, password or totp", what)
	}
	fs := cl.flags("copy " + what)
	var rf readFlags
	rf.add(fs)
	clearAfter := fs.Duration("clear-after", clipboard.DefaultClearAfter, "clear the clipboard after this long if it still holds the value (0: never)")
	id, sel, err := rf.openItem(ctx, fs, args[1:])
	if err != nil {
		return err
	}
	defer sel.m.Close()
	if *clearAfter < 0 || *clearAfter > clipboard.MaxClearDelay {
		return usagef("--clear-after must be between 0 and %v", clipboard.MaxClearDelay)
	}
	v := sel.v
	it, err := v.Item(id)
	if err != nil {
		return itemError(err)
	}

	var value []byte
	switch what {
	case "username":
		if it.Login != nil {
			value = []byte(it.Login.Username)
		}
	case "password":
		s, err := v.RevealPassword(id)
		if err != nil {
			return itemError(err)
		}
		value = append([]byte(nil), s.Bytes()...)
		s.Clear()
	case "totp":
		code, err := totpCode(v, id)
		if err != nil {
			return err
		}
		value = []byte(code)
	}
	defer clear(value)
	if len(value) == 0 {
		return fmt.Errorf("item %s has no %s to copy", id, what)
	}

	board := clipboard.System()
	if err := board.Write(ctx, value); err != nil {
		return fmt.Errorf("copy %s: %w", what, err)
	}
	where := "My vault"
	if it.OrgName != "" {
		where = it.OrgName
	}
	if *clearAfter == 0 {
		fmt.Fprintf(cl.stderr, "Copied the %s of %q (%s). The clipboard is not cleared.\n", what, it.Name, where)
		return nil
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find vdesk to clear the clipboard later: %w", err)
	}
	if err := clipboard.SpawnClearer(exe, []string{clearerCommand}, time.Now().Add(*clearAfter), clipboard.Sum(value)); err != nil {
		return fmt.Errorf("start the clipboard clear: %w", err)
	}
	fmt.Fprintf(cl.stderr, "Copied the %s of %q (%s). The clipboard clears in %v if it still holds it.\n", what, it.Name, where, *clearAfter)
	return nil
}

// runClipboardClear is the detached process SpawnClearer starts: it reads
// the digest and time on stdin, waits, and clears our value only.
func runClipboardClear(ctx context.Context, cl *cli, args []string) error {
	if len(args) > 0 {
		return usagef("takes no arguments")
	}
	return clipboard.RunClearer(ctx, clipboard.System(), cl.stdin)
}
