package main

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/sandbox"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
)

func runSandbox(ctx context.Context, cl *cli, args []string) error {
	if len(args) == 0 {
		return usagef("want a subcommand: serve or mailbox")
	}
	switch args[0] {
	case "serve":
		return runSandboxServe(ctx, cl, args[1:])
	case "mailbox":
		return runSandboxMailbox(ctx, cl, args[1:])
	}
	return usagef("unknown subcommand %q: want serve or mailbox", args[0])
}

// defaultSandboxDir is where the sandbox keeps its state unless told
// otherwise: beside the app's own data, never inside it.
func defaultSandboxDir() string {
	if d := os.Getenv("VDESK_DATA_DIR"); d != "" {
		return filepath.Join(d, "sandbox")
	}
	if d, err := os.UserConfigDir(); err == nil {
		return filepath.Join(d, "vaultdesk", "sandbox")
	}
	return filepath.Join(os.TempDir(), "vaultdesk-sandbox")
}

func runSandboxServe(ctx context.Context, cl *cli, args []string) error {
	fs := cl.flags("sandbox serve")
	addr := fs.String("addr", "127.0.0.1:8087", "loopback address to listen on")
	dir := fs.String("data", defaultSandboxDir(), "directory for the sandbox's database and TLS certificate")
	demo := fs.Bool("demo", false, "seed the demo MSP data set (if the database is new)")
	scale := fs.String("scale", "", "seed a large synthetic MSP instead, as ORGS:ITEMS (e.g. 50:10000)")
	useTLS := fs.Bool("tls", false, "serve HTTPS with a self-signed certificate kept in DATA/tls/cert.pem")
	verbose := fs.Bool("verbose", false, "log every request")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := sandbox.CheckLoopback(*addr); err != nil {
		return usagef("--addr: %v", err)
	}
	var sc *demodata.Scale
	if *scale != "" {
		s, err := demodata.ParseScale(*scale)
		if err != nil {
			return usagef("--scale: %v", err)
		}
		sc = &s
	}
	if err := os.MkdirAll(*dir, 0o700); err != nil {
		return fmt.Errorf("create data directory: %w", err)
	}
	fresh := !fileExists(filepath.Join(*dir, "sandbox.db"))

	level := slog.LevelWarn
	if *verbose {
		level = slog.LevelInfo
	}
	logger := slog.New(slog.NewTextHandler(cl.stderr, &slog.HandlerOptions{Level: level}))
	srv, err := sandbox.Open(sandbox.Config{DataDir: *dir, Logger: logger})
	if err != nil {
		return fmt.Errorf("open sandbox: %w", err)
	}
	defer srv.Close()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ready := make(chan string, 1)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, *addr, *useTLS, func(u string) { ready <- u }) }()

	var baseURL string
	select {
	case baseURL = <-ready:
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	}

	seeded := ""
	if (*demo || sc != nil) && fresh {
		start := time.Now()
		opt := demodata.Options{Scale: sc, Logger: logger, Mailbox: srv.Mailbox}
		if *useTLS {
			pool, err := certPool(sandbox.CertPath(*dir))
			if err != nil {
				return err
			}
			opt.RootCAs = pool
		}
		m, err := demodata.Seed(ctx, baseURL, opt)
		if err != nil {
			return fmt.Errorf("seed demo data: %w", err)
		}
		seeded = fmt.Sprintf("seeded %d accounts, %d orgs, %d items in %v", len(m.Accounts), len(m.Orgs), len(m.Items), time.Since(start).Round(time.Millisecond))
	} else if *demo || sc != nil {
		seeded = "kept the existing data in " + *dir + " (delete it to seed again)"
	}

	fmt.Fprintf(cl.stdout, "Vaultdesk sandbox listening on %s\n", baseURL)
	fmt.Fprintf(cl.stdout, "  data:     %s\n", *dir)
	if *useTLS {
		fmt.Fprintf(cl.stdout, "  cert:     %s (trust it, e.g. NODE_EXTRA_CA_CERTS for bw)\n", sandbox.CertPath(*dir))
	}
	if seeded != "" {
		fmt.Fprintf(cl.stdout, "  demo:     %s\n", seeded)
		fmt.Fprintf(cl.stdout, "  sign in:  %s / %s   (sandbox only: never use it for real secrets)\n", demodata.TechEmail, demodata.TechPassword)
	}
	fmt.Fprintf(cl.stdout, "Press Ctrl+C to stop.\n")

	err = <-served
	if err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("serve: %w", err)
	}
	fmt.Fprintln(cl.stdout, "sandbox stopped")
	return nil
}

func runSandboxMailbox(ctx context.Context, cl *cli, args []string) error {
	fs := cl.flags("sandbox mailbox")
	dir := fs.String("data", defaultSandboxDir(), "the sandbox's data directory")
	to := fs.String("to", "", "only mail to this address")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	mails, err := sandbox.ReadMailbox(ctx, *dir, strings.ToLower(strings.TrimSpace(*to)))
	if err != nil {
		return fmt.Errorf("read mailbox: %w", err)
	}
	if *asJSON {
		return writeJSON(cl, mails)
	}
	if len(mails) == 0 {
		_, err := fmt.Fprintln(cl.stdout, "no mail")
		return err
	}
	tw := tabwriter.NewWriter(cl.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "WHEN\tTO\tKIND\tSUBJECT\tTOKEN")
	for _, m := range mails {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", m.Created.Format(time.DateTime), m.To, m.Kind, m.Subject, m.Token)
	}
	return tw.Flush()
}

// certPool trusts exactly the sandbox's own certificate.
func certPool(path string) (*x509.CertPool, error) {
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read sandbox certificate: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("sandbox certificate %s holds no PEM certificate", path)
	}
	return pool, nil
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
