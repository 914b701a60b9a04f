// Command vdesk is Vaultdesk's command-line front end: the same internal
// packages as the desktop app, for scripts, tests and benchmarks. The
// command names and exit codes are a contract (docs: cli.md).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
)

// Exit codes, see cli.md "Conventions" (3 locked, 4 conflict and 5
// unreachable come with the commands that can meet them).
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// command is one `vdesk NAME ...` entry of the command table.
type command struct {
	name    string
	args    string // synopsis after the name, for help
	summary string
	run     func(ctx context.Context, cl *cli, args []string) error
}

// commands is the whole command table, in the order help lists it.
var commands = []command{
	{"version", "[--json]", "print the version of this build", runVersion},
	{"generate", "[--length 20] [--no-symbols] [--passphrase --words 5 --separator -] [--json]", "generate a password or passphrase", runGenerate},
	{"sandbox", "serve [--addr 127.0.0.1:8087] [--data DIR] [--demo] [--scale ORGS:ITEMS] [--tls] | mailbox [--data DIR] [--to EMAIL] [--json]",
		"run the built-in Bitwarden-compatible sandbox server, or read its mailbox", runSandbox},
	{"login", "EMAIL --server URL|us|eu|sandbox [--ca-file FILE] [--passwordenv VAR | --passwordfile FILE] [--method authenticator|email --code CODE] [--apikey] [--raw]",
		"sign in, sync the vault into the local cache and print a session key", runLogin},
	{"accounts", "[--json]", "list every account, its server and lock state", runAccounts},
	{"logout", "[--account EMAIL]", "remove an account: its cache and keychain entry", runLogout},
	{"unlock", "[--account EMAIL] [--passwordenv VAR | --passwordfile FILE | --keychain] [--raw]",
		"unlock an account offline and print a session key for $VDESK_SESSION", runUnlock},
	{"lock", "[--account EMAIL]", "lock an account (every account without --account) and end its session", runLock},
	{"keychain", "enable|disable [--account EMAIL]", "turn unlocking with the OS keychain on or off", runKeychain},
	{"sync", "[--account EMAIL] [--force]", "sync the cache with the server (only if something changed, unless --force)", runSync},
	{"status", "[--json]", "show the data directory and each account's lock state and last sync", runStatus},
	{"orgs", "[--account EMAIL] [--json]", "list the organizations of the unlocked accounts", runOrgs},
	{"list", "[--org ID|NAME] [--collection ID] [--folder ID] [--trash] [--account EMAIL | --all-accounts] [--json]",
		"list items; --json prints them decrypted in bw's item shape", runList},
	{"search", "QUERY [--account EMAIL | --all-accounts] [--limit N] [--json]",
		"ranked search by name, username, URI host and notes; each result names its account and org", runSearch},
	{"get", "item|username|password|totp|notes ID [--json]", "print one item or one of its values", runGet},
	{"copy", "username|password|totp ID [--clear-after 30s]",
		"copy a value to the clipboard; it is cleared later if it still holds it", runCopy},
	{"create", "item [--org ID|NAME --collections ID,ID] < item.json", "create an item from bw's item JSON; prints it", runCreate},
	{"edit", "item ID < item.json", "replace an item's fields with bw's item JSON; prints it (exit 4 if it changed on the server)", runEdit},
	{"delete", "item ID [--permanent]", "move an item to the trash, or delete it for good", runDelete},
	{"restore", "item ID", "restore an item from the trash", runRestore},
	{"share", "ID --org ID|NAME --collections ID,ID", "move a personal item into an organization", runShare},
	{"move", "ID[,ID...] --folder ID|NAME|none [--json]",
		"move items into one of your folders (by id or name), or out of their folder with none", runMove},
	{"move-collections", "ID[,ID...] --collections ID,ID [--json]",
		"set organization items' collections; with several ids, reports each and fails if any failed", runMoveCollections},

	// Administration.
	{"collections", "list|create|edit|delete --org ID|NAME [...]", "list, create, rename, move and delete collections; set their access", runCollections},
	{"members", "list|invite|reinvite|update|revoke|restore|remove|fingerprint|confirm --org ID|NAME [...]",
		"manage the members of an organization, and confirm them with their fingerprint phrase", runMembers},
	{"confirm-queue", "[--json]", "accepted members awaiting confirmation, across every organization", runConfirmQueue},
	{"groups", "list|create|edit|delete --org ID|NAME [...]", "manage groups, their members and their collection access", runGroups},
	{"invite", "accept TOKEN_OR_LINK [...]", "accept an invitation to an organization", runInvite},
	{"org", "create|apply-template|add-member [...]", "create client organizations, apply templates, add a colleague to many", runOrg},
	{"bench", "[--scale 50:10000] [--runs 5] [--json]",
		"time sync, unlock, search, list, the confirm queue and the overview on a sandbox of its own", runBench},
	{"overview", "[--json]", "per client organization and rolled up: items, members, confirmations, seats, weak and reused passwords", runOverview},
}

// hiddenCommands run like the others but are left out of help: internal
// entry points of vdesk itself.
var hiddenCommands = []command{
	{clearerCommand, "", "clear the clipboard later if it still holds a copied value", runClipboardClear},
}

// cli carries the process's streams so that tests run commands in-process.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// exitCoder is an error that carries its own exit code (cli.md: 3 locked
// or not signed in, 4 conflict, 5 unreachable).
type exitCoder interface{ exitCode() int }

// usageError marks a mistake in the command line itself (exit code 2).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	stopProfile := startProfile()
	code := run(ctx, os.Args[1:], &cli{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr})
	stopProfile()
	stop()
	os.Exit(code)
}

// run executes one vdesk invocation and returns its exit code.
func run(ctx context.Context, args []string, cl *cli) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		cl.usage(cl.stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range append(commands, hiddenCommands...) {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, cl, args[1:])
		if err == nil || errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		fmt.Fprintf(cl.stderr, "vdesk %s: %v\n", c.name, err)
		var ue *usageError
		if errors.As(err, &ue) {
			return exitUsage
		}
		var ec exitCoder
		if errors.As(err, &ec) {
			return ec.exitCode()
		}
		return exitError
	}
	fmt.Fprintf(cl.stderr, "vdesk: unknown command %q; run 'vdesk help' for the list\n", args[0])
	return exitUsage
}

func (cl *cli) usage(w io.Writer) {
	fmt.Fprintln(w, "usage: vdesk COMMAND [flags]")
	fmt.Fprintln(w)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n  %-10s   %s\n", c.name, c.args, "", c.summary)
	}
}

// flags returns a flag set for one command that reports problems as usage
// errors instead of exiting, and prints its help on the command's stderr.
func (cl *cli) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("vdesk "+name, flag.ContinueOnError)
	fs.SetOutput(cl.stderr)
	return fs
}

// parse parses args and refuses stray positional arguments, which would
// otherwise be silently ignored.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", strings.Join(fs.Args(), " "))
	}
	return nil
}
