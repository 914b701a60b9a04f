package main

// The account commands: login, accounts, logout, unlock, lock, keychain,
// sync and status, over internal/accounts.

import (
	"context"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/vaultdesk/vaultdesk/internal/accounts"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/keychain"
)

// Exit codes of the account commands, see cli.md "Conventions".
const (
	exitLocked      = 3 // locked or not signed in
	exitUnreachable = 5 // server unreachable
)

// sessionEnv holds the CLI session key (base64 of 32 bytes).
const sessionEnv = "VDESK_SESSION"

// codeError is an error with its own exit code and a hint saying what to do.
type codeError struct {
	code int
	err  error
	hint string
}

func (e *codeError) Error() string {
	if e.hint == "" {
		return e.err.Error()
	}
	return e.err.Error() + "; " + e.hint
}
func (e *codeError) Unwrap() error { return e.err }
func (e *codeError) exitCode() int { return e.code }

// explain gives an accounts error its exit code and a hint.
func explain(err error) error {
	var tfe *accounts.TwoFactorRequiredError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &tfe):
		hint := "re-run with --method authenticator --code CODE"
		if tfe.EmailSent {
			hint = "re-run with --method email --code CODE"
		} else if !tfe.Has(api.TwoFactorAuthenticator) && tfe.Has(api.TwoFactorEmail) {
			hint = "re-run with --method email to have a code sent"
		}
		return &codeError{exitError, err, hint}
	case errors.Is(err, accounts.ErrNewDeviceCode):
		return &codeError{exitError, err, "re-run with --new-device-code CODE (see 'vdesk sandbox mailbox' on the sandbox)"}
	case errors.Is(err, accounts.ErrWrongNewDeviceCode):
		return &codeError{exitError, err, "re-run without --new-device-code to have a new code sent"}
	case errors.Is(err, accounts.ErrAmbiguous):
		return &codeError{exitUsage, err, "pass --account EMAIL (see 'vdesk accounts')"}
	case errors.Is(err, accounts.ErrNotSignedIn):
		return &codeError{exitLocked, err, "run 'vdesk login EMAIL --server SERVER'"}
	case errors.Is(err, accounts.ErrLocked):
		return &codeError{exitLocked, err, "run 'vdesk unlock' and set " + sessionEnv}
	case errors.Is(err, accounts.ErrUnreachable):
		return &codeError{exitUnreachable, err, "check the network and the server address, then try again"}
	case errors.Is(err, accounts.ErrWrongPassword):
		return &codeError{exitError, err, "check it and try again"}
	case errors.Is(err, accounts.ErrKeychainNotEnabled):
		return &codeError{exitError, err, "unlock with the master password, then run 'vdesk keychain enable'"}
	case errors.Is(err, keychain.ErrUnavailable):
		return &codeError{exitError, err, "unlock with the master password instead"}
	}
	return err
}

// dataDir resolves the data directory: the flag, $VDESK_DATA_DIR, or the
// OS config dir.
func dataDir(flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	if d := os.Getenv("VDESK_DATA_DIR"); d != "" {
		return d, nil
	}
	d, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no data directory: %w; pass --data-dir DIR", err)
	}
	name := "vaultdesk"
	if runtime.GOOS != "linux" {
		name = "Vaultdesk"
	}
	return filepath.Join(d, name), nil
}

// accountFlags are the flags every account command has.
type accountFlags struct {
	dataDir string
	account string
}

func (f *accountFlags) add(fs *flag.FlagSet, withAccount bool) {
	fs.StringVar(&f.dataDir, "data-dir", "", "data directory (default $VDESK_DATA_DIR, else the OS config dir)")
	if withAccount {
		fs.StringVar(&f.account, "account", "", "the account's email (needed when there are several)")
	}
}

// open opens the accounts and resumes the CLI session in $VDESK_SESSION.
func (f *accountFlags) open(ctx context.Context) (*accounts.Manager, error) {
	dir, err := dataDir(f.dataDir)
	if err != nil {
		return nil, err
	}
	dt := api.DeviceLinuxCLI
	switch runtime.GOOS {
	case "windows":
		dt = api.DeviceWindowsCLI
	case "darwin":
		dt = api.DeviceMacOSCLI
	}
	m, err := accounts.Open(dir, accounts.Options{Keychain: keychain.System(), DeviceType: dt})
	if err != nil {
		return nil, err
	}
	if key := sessionKey(); key != nil {
		m.ResumeSession(ctx, key)
	}
	return m, nil
}

// sessionKey returns the key in $VDESK_SESSION, or nil.
func sessionKey() []byte {
	s := strings.TrimSpace(os.Getenv(sessionEnv))
	if s == "" {
		return nil
	}
	k, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(k) != accounts.SessionKeySize {
		return nil
	}
	return k
}

// passwordFlags are the ways to give the master password.
type passwordFlags struct{ env, file string }

func (p *passwordFlags) add(fs *flag.FlagSet) {
	fs.StringVar(&p.env, "passwordenv", "", "read the master password from this environment variable")
	fs.StringVar(&p.file, "passwordfile", "", "read the master password from the first line of this file")
}

// read returns the master password from the environment, a file or a
// terminal prompt, never from argv.
func (p *passwordFlags) read(cl *cli, prompt string) ([]byte, error) {
	switch {
	case p.env != "" && p.file != "":
		return nil, usagef("--passwordenv and --passwordfile are exclusive")
	case p.env != "":
		v := os.Getenv(p.env)
		if v == "" {
			return nil, usagef("--passwordenv: environment variable %s is empty or unset", p.env)
		}
		return []byte(v), nil
	case p.file != "":
		b, err := os.ReadFile(p.file)
		if err != nil {
			return nil, fmt.Errorf("--passwordfile: %w", err)
		}
		line, _, _ := strings.Cut(string(b), "\n")
		clear(b)
		line = strings.TrimSuffix(line, "\r")
		if line == "" {
			return nil, usagef("--passwordfile: %s is empty", p.file)
		}
		return []byte(line), nil
	}
	if f, ok := cl.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(cl.stderr, prompt)
		pw, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(cl.stderr)
		if err != nil {
			return nil, fmt.Errorf("read master password: %w", err)
		}
		return pw, nil
	}
	return nil, usagef("no master password: pass --passwordenv VAR or --passwordfile FILE, or run on a terminal")
}

// splitArg takes the positional argument of a command that has one
// (login EMAIL, keychain enable), before or after the flags.
func splitArg(fs *flag.FlagSet, args []string, what string) (string, error) {
	var pos string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		pos, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return "", err
		}
		return "", &usageError{err.Error()}
	}
	rest := fs.Args()
	if pos == "" && len(rest) > 0 {
		pos, rest = rest[0], rest[1:]
	}
	if len(rest) > 0 {
		return "", usagef("unexpected argument %q", strings.Join(rest, " "))
	}
	if pos == "" {
		return "", usagef("want %s", what)
	}
	return pos, nil
}

// printSession prints a session key: alone with raw, else with how to use it.
func printSession(cl *cli, key []byte, raw bool, what string) {
	s := base64.StdEncoding.EncodeToString(key)
	if raw {
		fmt.Fprintln(cl.stdout, s)
		return
	}
	fmt.Fprintf(cl.stdout, "%s\nTo use it in other commands, set the session key:\n  export %s=%q\n", what, sessionEnv, s)
}

func runLogin(ctx context.Context, cl *cli, args []string) error {
	fs := cl.flags("login")
	var af accountFlags
	af.add(fs, false)
	var pf passwordFlags
	pf.add(fs)
	server := fs.String("server", "", "us, eu, sandbox or the server's URL")
	caFile := fs.String("ca-file", "", "PEM file of a private CA to trust for this server only")
	method := fs.String("method", "", "two-step login method: authenticator or email")
	code := fs.String("code", "", "two-step login code")
	newDeviceCode := fs.String("new-device-code", "", "the code the server emailed to verify this new device")
	useAPIKey := fs.Bool("apikey", false, "log in with the personal API key in $VDESK_CLIENTID and $VDESK_CLIENTSECRET")
	raw := fs.Bool("raw", false, "print only the session key")
	email, err := splitArg(fs, args, "the account's EMAIL")
	if err != nil {
		return err
	}
	if *server == "" {
		return usagef("want --server us|eu|sandbox|URL")
	}
	if _, err := accounts.ServerURL(*server); err != nil {
		return usagef("--server: %v", err)
	}
	req := accounts.LoginRequest{Email: email, Server: *server, CAFile: *caFile, NewDeviceCode: *newDeviceCode}
	switch *method {
	case "":
		if *code != "" {
			req.TwoFactor = &accounts.TwoFactor{Provider: api.TwoFactorAuthenticator, Code: *code}
		}
	case "authenticator":
		if *code == "" {
			return usagef("--method authenticator needs --code CODE")
		}
		req.TwoFactor = &accounts.TwoFactor{Provider: api.TwoFactorAuthenticator, Code: *code}
	case "email":
		req.TwoFactor = &accounts.TwoFactor{Provider: api.TwoFactorEmail, Code: *code}
	default:
		return usagef("--method %q: want authenticator or email", *method)
	}
	if *useAPIKey {
		id, secret := os.Getenv("VDESK_CLIENTID"), os.Getenv("VDESK_CLIENTSECRET")
		if id == "" || secret == "" {
			return usagef("--apikey needs $VDESK_CLIENTID and $VDESK_CLIENTSECRET")
		}
		req.APIKey = &api.APIKey{ClientID: id, ClientSecret: api.Secret(secret)}
	}
	pw, err := pf.read(cl, "Master password: ")
	if err != nil {
		return err
	}
	defer clear(pw)
	req.Password = pw

	m, err := af.open(ctx)
	if err != nil {
		return err
	}
	defer m.Close()
	st, err := m.Login(ctx, req)
	if err != nil {
		return explain(err)
	}
	key, err := m.StartSession(ctx, st.Email, sessionKey())
	if err != nil {
		return explain(err)
	}
	printSession(cl, key, *raw, fmt.Sprintf("Logged in as %s on %s.", st.Email, st.Server))
	return nil
}

func runUnlock(ctx context.Context, cl *cli, args []string) error {
	fs := cl.flags("unlock")
	var af accountFlags
	af.add(fs, true)
	var pf passwordFlags
	pf.add(fs)
	useKeychain := fs.Bool("keychain", false, "unlock with the OS keychain (see 'vdesk keychain enable')")
	raw := fs.Bool("raw", false, "print only the session key")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *useKeychain && (pf.env != "" || pf.file != "") {
		return usagef("--keychain and a master password are exclusive")
	}
	m, err := af.open(ctx)
	if err != nil {
		return err
	}
	defer m.Close()
	st, err := m.Status(ctx, af.account)
	if err != nil {
		return explain(err)
	}
	if st.Locked {
		if *useKeychain {
			err = m.UnlockWithKeychain(ctx, st.Email)
		} else {
			var pw []byte
			if pw, err = pf.read(cl, "Master password for "+st.Email+": "); err != nil {
				return err
			}
			err = m.Unlock(ctx, st.Email, pw)
			clear(pw)
		}
		if err != nil {
			return explain(err)
		}
	}
	// One session key for every unlocked account: reuse $VDESK_SESSION.
	key, err := m.StartSession(ctx, st.Email, sessionKey())
	if err != nil {
		return explain(err)
	}
	printSession(cl, key, *raw, fmt.Sprintf("Unlocked %s.", st.Email))
	return nil
}

func runLock(ctx context.Context, cl *cli, args []string) error {
	fs := cl.flags("lock")
	var af accountFlags
	af.add(fs, true)
	if err := parse(fs, args); err != nil {
		return err
	}
	m, err := af.open(ctx)
	if err != nil {
		return err
	}
	defer m.Close()
	var emails []string
	if af.account != "" {
		emails = []string{af.account}
	} else {
		for _, st := range m.Accounts(ctx) {
			emails = append(emails, st.Email)
		}
	}
	for _, e := range emails {
		if err := m.Lock(ctx, e); err != nil {
			return explain(err)
		}
		fmt.Fprintf(cl.stdout, "Locked %s.\n", e)
	}
	return nil
}

func runLogout(ctx context.Context, cl *cli, args []string) error {
	fs := cl.flags("logout")
	var af accountFlags
	af.add(fs, true)
	if err := parse(fs, args); err != nil {
		return err
	}
	m, err := af.open(ctx)
	if err != nil {
		return err
	}
	defer m.Close()
	st, err := m.Status(ctx, af.account)
	if err != nil {
		return explain(err)
	}
	if err := m.Logout(ctx, st.Email); err != nil {
		return explain(err)
	}
	fmt.Fprintf(cl.stdout, "Logged out %s; its cache is deleted.\n", st.Email)
	return nil
}

func runKeychain(ctx context.Context, cl *cli, args []string) error {
	fs := cl.flags("keychain")
	var af accountFlags
	af.add(fs, true)
	sub, err := splitArg(fs, args, "a subcommand: enable or disable")
	if err != nil {
		return err
	}
	if sub != "enable" && sub != "disable" {
		return usagef("unknown subcommand %q: want enable or disable", sub)
	}
	m, err := af.open(ctx)
	if err != nil {
		return err
	}
	defer m.Close()
	st, err := m.Status(ctx, af.account)
	if err != nil {
		return explain(err)
	}
	if sub == "enable" {
		if err := m.EnableKeychain(ctx, st.Email); err != nil {
			return explain(err)
		}
		fmt.Fprintf(cl.stdout, "Keychain unlock enabled for %s: 'vdesk unlock --keychain' needs no password.\n", st.Email)
		return nil
	}
	if err := m.DisableKeychain(ctx, st.Email); err != nil {
		return explain(err)
	}
	fmt.Fprintf(cl.stdout, "Keychain unlock disabled for %s.\n", st.Email)
	return nil
}

func runSync(ctx context.Context, cl *cli, args []string) error {
	fs := cl.flags("sync")
	var af accountFlags
	af.add(fs, true)
	force := fs.Bool("force", false, "sync everything even if the server says nothing changed")
	if err := parse(fs, args); err != nil {
		return err
	}
	m, err := af.open(ctx)
	if err != nil {
		return err
	}
	defer m.Close()
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	res, err := m.Sync(ctx, af.account, *force)
	if err != nil {
		return explain(err)
	}
	if res.Synced {
		fmt.Fprintln(cl.stdout, "Synced.")
	} else {
		fmt.Fprintln(cl.stdout, "Already up to date.")
	}
	return nil
}

// accountJSON is an account in `vdesk accounts --json` and `vdesk status --json`.
type accountJSON struct {
	Email    string     `json:"email"`
	Server   string     `json:"server"`
	UserID   string     `json:"userId"`
	Status   string     `json:"status"` // "locked" or "unlocked"
	Keychain bool       `json:"keychain"`
	LastSync *time.Time `json:"lastSync"` // null while locked
}

func toJSON(st accounts.Status) accountJSON {
	j := accountJSON{Email: st.Email, Server: st.Server, UserID: st.UserID, Status: "unlocked", Keychain: st.Keychain}
	if st.Locked {
		j.Status = "locked"
	}
	if !st.LastSync.IsZero() {
		t := st.LastSync.UTC()
		j.LastSync = &t
	}
	return j
}

func runAccounts(ctx context.Context, cl *cli, args []string) error {
	fs := cl.flags("accounts")
	var af accountFlags
	af.add(fs, false)
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	m, err := af.open(ctx)
	if err != nil {
		return err
	}
	defer m.Close()
	list := m.Accounts(ctx)
	if *asJSON {
		out := make([]accountJSON, len(list))
		for i, st := range list {
			out[i] = toJSON(st)
		}
		return writeJSON(cl, out)
	}
	if len(list) == 0 {
		fmt.Fprintln(cl.stdout, "No accounts; add one with 'vdesk login EMAIL --server SERVER'.")
		return nil
	}
	for _, st := range list {
		j := toJSON(st)
		fmt.Fprintf(cl.stdout, "%-32s %-40s %s\n", j.Email, j.Server, j.Status)
	}
	return nil
}

func runStatus(ctx context.Context, cl *cli, args []string) error {
	fs := cl.flags("status")
	var af accountFlags
	af.add(fs, false)
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	dir, err := dataDir(af.dataDir)
	if err != nil {
		return err
	}
	af.dataDir = dir
	m, err := af.open(ctx)
	if err != nil {
		return err
	}
	defer m.Close()
	list := m.Accounts(ctx)
	if *asJSON {
		out := struct {
			DataDir  string        `json:"dataDir"`
			Accounts []accountJSON `json:"accounts"`
		}{dir, make([]accountJSON, len(list))}
		for i, st := range list {
			out.Accounts[i] = toJSON(st)
		}
		return writeJSON(cl, out)
	}
	fmt.Fprintf(cl.stdout, "Data directory: %s\n", dir)
	if len(list) == 0 {
		fmt.Fprintln(cl.stdout, "No accounts; add one with 'vdesk login EMAIL --server SERVER'.")
	}
	for _, st := range list {
		j := toJSON(st)
		last := "-"
		if j.LastSync != nil {
			last = j.LastSync.Format(time.RFC3339)
		}
		kc := ""
		if j.Keychain {
			kc = ", keychain unlock"
		}
		fmt.Fprintf(cl.stdout, "%s on %s: %s%s, last sync %s\n", j.Email, j.Server, j.Status, kc, last)
	}
	return nil
}
