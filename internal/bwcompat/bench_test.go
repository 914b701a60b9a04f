package bwcompat

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/sandbox"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
)

// BenchmarkCLI compares vdesk with the official CLI on the same sandbox and
// the same 10,000-item, 50-org vault: each sub-benchmark is one command,
// a new process per run, as a script would call it. Run it with
// make bench-cli; the ratios go in the closing notes.
func BenchmarkCLI(b *testing.B) {
	if os.Getenv("VDESK_BW") == "" {
		b.Skip("VDESK_BW is not set; make bench-cli installs the official CLI and sets it")
	}
	dir := b.TempDir()
	srv, err := sandbox.Open(sandbox.Config{DataDir: dir})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	ready, served := make(chan string, 1), make(chan error, 1)
	go func() { served <- srv.Serve(ctx, "127.0.0.1:0", true, func(u string) { ready <- u }) }()
	defer func() { cancel(); <-served }()
	var url string
	select {
	case url = <-ready:
	case err := <-served:
		b.Fatal(err)
	}
	certFile := sandbox.CertPath(dir)
	pool, err := certPoolFrom(certFile)
	if err != nil {
		b.Fatal(err)
	}
	m, err := demodata.Seed(ctx, url, demodata.Options{Scale: &demodata.Scale{Orgs: 50, Items: 10_000}, RootCAs: pool, Mailbox: srv.Mailbox})
	if err != nil {
		b.Fatal(err)
	}
	tech := m.Account(demodata.TechEmail)

	vd := newVdesk(b)
	vd.session = strings.TrimSpace(vd.run("", []string{"TEST_PW=" + tech.Password},
		"login", tech.Email, "--server", url, "--ca-file", certFile, "--passwordenv", "TEST_PW", "--raw"))
	var bwSession string

	bwDir := b.TempDir()
	bwRun := func(args ...string) (string, time.Duration) {
		cmd := exec.Command(os.Getenv("VDESK_BW"), args...)
		cmd.Env = append(os.Environ(), "BITWARDENCLI_APPDATA_DIR="+bwDir, "BW_NOINTERACTION=true",
			"NODE_EXTRA_CA_CERTS="+certFile, "BW_PASSWORD="+tech.Password, "BW_SESSION="+bwSession)
		start := time.Now()
		out, err := cmd.Output()
		if err != nil {
			b.Fatalf("bw %s: %v", args[0], err)
		}
		return string(out), time.Since(start)
	}
	bwRun("config", "server", url)
	out, d := bwRun("login", tech.Email, "--passwordenv", "BW_PASSWORD", "--raw")
	bwSession = strings.TrimSpace(out)
	b.Logf("bw login with 10,000 items: %v", d.Round(time.Millisecond))

	for _, c := range []struct {
		name string
		run  func(b *testing.B)
	}{
		{"vdesk/sync", func(*testing.B) { vd.run("", nil, "sync", "--force") }},
		{"bw/sync", func(*testing.B) { bwRun("sync", "-f") }},
		{"vdesk/list", func(b *testing.B) { b.ReportMetric(vd.runRSS("list", "--json"), "peakRSS-MB") }},
		{"bw/list", func(*testing.B) { bwRun("list", "items") }},
		{"vdesk/search", func(b *testing.B) {
			b.ReportMetric(vd.runRSS("search", "firewall", "--limit", "0", "--json"), "peakRSS-MB")
		}},
		{"bw/search", func(*testing.B) { bwRun("list", "items", "--search", "firewall") }},
	} {
		b.Run(c.name, func(b *testing.B) { reportMedian(b, func() { c.run(b) }) })
	}
}

// reportMedian runs f b.N times and reports the median duration, which a
// single slow process start does not skew as it skews the mean.
func reportMedian(b *testing.B, f func()) {
	var ds []time.Duration
	for b.Loop() {
		start := time.Now()
		f()
		ds = append(ds, time.Since(start))
	}
	slices.Sort(ds)
	b.ReportMetric(float64(ds[len(ds)/2].Microseconds())/1000, "median-ms")
}

// runRSS runs vdesk and returns its peak resident memory in MB.
// runRSS runs vdesk and returns its peak resident memory in MiB, as vdesk
// itself reads it (VDESK_PEAKRSS): the child's rusage would include this
// process's memory, which the child shares until exec.
func (v *vdesk) runRSS(args ...string) float64 {
	v.tb.Helper()
	file := filepath.Join(v.tb.TempDir(), "peak-rss")
	cmd := v.cmd("", []string{"VDESK_PEAKRSS=" + file}, args...)
	if err := cmd.Run(); err != nil {
		v.tb.Fatalf("vdesk %s: %v", args[0], err)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		v.tb.Fatalf("vdesk %s wrote no peak RSS: %v", args[0], err)
	}
	var kib float64
	if _, err := fmt.Sscanf(string(b), "%g kB", &kib); err != nil {
		v.tb.Fatalf("vdesk %s: peak RSS %q: %v", args[0], b, err)
	}
	return kib / 1024
}
