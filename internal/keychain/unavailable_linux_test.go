package keychain

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSystemUnavailable runs System against setups with no usable Secret
// Service. Each runs in a child process, because go-keyring's D-Bus library
// keeps its session-bus connection for the life of the process.
func TestSystemUnavailable(t *testing.T) {
	dir := t.TempDir()
	base := []string{"HOME=" + dir, "XDG_RUNTIME_DIR=" + dir}
	cases := []struct {
		name  string
		setup func(t *testing.T) []string
	}{
		{"bus address points nowhere", func(t *testing.T) []string {
			return []string{"DBUS_SESSION_BUS_ADDRESS=unix:path=" + filepath.Join(dir, "no-bus")}
		}},
		// With no bus address, godbus runs `dbus-launch --autolaunch`, which
		// (with dbus-x11 installed) starts a bus and a keyring daemon that
		// outlive the test; an empty PATH keeps it from being found.
		{"no session bus", func(t *testing.T) []string { return []string{"PATH=" + dir} }},
		{"session bus without a Secret Service", privateBus},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := append(append([]string{"VDESK_KEYCHAIN_HELPER=1", "PATH=" + os.Getenv("PATH")}, base...), tc.setup(t)...)
			ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestUnavailableHelper$", "-test.v")
			cmd.Env = env
			out, err := cmd.CombinedOutput()
			t.Logf("child:\n%s", out)
			if err != nil {
				t.Fatalf("child: %v", err)
			}
			if !strings.Contains(string(out), "--- PASS: TestUnavailableHelper") {
				t.Fatal("child did not run the helper")
			}
		})
	}
}

// privateBus starts a dbus-daemon with no service directories, so nothing
// can be activated on it, and returns its address.
func privateBus(t *testing.T) []string {
	daemon, err := exec.LookPath("dbus-daemon")
	if err != nil {
		t.Skip("dbus-daemon not installed")
	}
	dir := t.TempDir()
	conf := filepath.Join(dir, "bus.conf")
	sock := filepath.Join(dir, "bus")
	err = os.WriteFile(conf, fmt.Appendf(nil, `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=%s</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`, sock), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(daemon, "--config-file="+conf, "--nofork", "--nopidfile")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for i := 0; ; i++ {
		if _, err := os.Stat(sock); err == nil {
			break
		}
		if i == 100 {
			t.Fatal("dbus-daemon did not create its socket within 10 s")
		}
		time.Sleep(100 * time.Millisecond)
	}
	return []string{"DBUS_SESSION_BUS_ADDRESS=unix:path=" + sock}
}

// TestUnavailableHelper is the child of TestSystemUnavailable.
func TestUnavailableHelper(t *testing.T) {
	if os.Getenv("VDESK_KEYCHAIN_HELPER") != "1" {
		t.Skip("child process of TestSystemUnavailable")
	}
	s := System()
	key := NewKey()
	enc := base64.StdEncoding.EncodeToString(key)
	errs := map[string]error{"Set": s.Set("someone@example.invalid", key), "Delete": s.Delete("someone@example.invalid")}
	_, errs["Get"] = s.Get("someone@example.invalid")
	for op, err := range errs {
		t.Logf("%s: %v", op, err)
		if !errors.Is(err, ErrUnavailable) {
			t.Errorf("%s error = %v, want ErrUnavailable", op, err)
			continue
		}
		if !strings.HasPrefix(err.Error(), "the system keychain is not available: ") {
			t.Errorf("%s error = %q, want the user-facing prefix", op, err)
		}
		if strings.Contains(err.Error(), enc) {
			t.Errorf("%s error contains the key", op)
		}
	}
}
