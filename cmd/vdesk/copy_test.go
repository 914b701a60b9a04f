//go:build unix && !darwin

package main

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/clipboard/x11test"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
)

// TestMain lets the test binary stand in for vdesk when a copy spawns the
// detached clipboard clearer (os.Executable is the test binary here).
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == clearerCommand {
		os.Exit(run(context.Background(), os.Args[1:], &cli{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}))
	}
	// Without a session bus, go-keyring's D-Bus library would autolaunch
	// one (dbus-launch), and that bus and the gnome-keyring it activates
	// outlive the tests. The real Secret Service is tested by
	// scripts/keyring-test.sh; here the keychain is simply unavailable.
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		os.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/vaultdesk-test-bus")
	}
	os.Exit(m.Run())
}

// clipboardText reads the X11 clipboard as another program would.
func clipboardText(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("xclip", "-selection", "clipboard", "-out").Output()
	if err != nil {
		return "" // xclip fails on an empty clipboard
	}
	return string(out)
}

// waitClipboard waits until the clipboard holds want, or fails.
func waitClipboard(t *testing.T, want string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		got := clipboardText(t)
		if got == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("clipboard = %q after %v, want %q", got, within, want)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestCopy(t *testing.T) {
	ts, man := seededSandbox(t)
	x11test.Start(t)
	dd := loginTech(t, ts.URL, man)

	var login *demodata.Item
	for i := range man.Items {
		if it := &man.Items[i]; it.OrgName == "Business X" && !it.Deleted && it.Type == api.CipherLogin && it.Password != "" {
			login = it
			break
		}
	}
	if login == nil {
		t.Fatal("the seed has no Business X login")
	}

	code, out, errOut := vdesk(t, "copy", "password", login.ID, "--clear-after", "1500ms", dd)
	if code != exitOK || out != "" || !strings.Contains(errOut, "Business X") || strings.Contains(errOut, login.Password) {
		t.Fatalf("vdesk copy password = %d, stdout %q, stderr %q; want 0, a note naming the client org and no secret", code, out, errOut)
	}
	waitClipboard(t, login.Password, 5*time.Second)
	waitClipboard(t, "", 15*time.Second) // the detached clearer wipes it

	// Something else copied meanwhile is left alone.
	want(t, exitOK, "copy", "username", login.ID, "--clear-after", "1s", dd)
	waitClipboard(t, login.Username, 5*time.Second)
	other := exec.Command("xclip", "-selection", "clipboard", "-in")
	other.Stdin = strings.NewReader("copied by someone else")
	if err := other.Run(); err != nil {
		t.Fatal(err)
	}
	waitClipboard(t, "copied by someone else", 5*time.Second) // xclip's child takes over after it returns
	time.Sleep(2500 * time.Millisecond)                       // past the clear time of our copy
	if got := clipboardText(t); got != "copied by someone else" {
		t.Errorf("clipboard = %q, want the other program's value kept", got)
	}

	want(t, exitUsage, "copy", "notes", login.ID, dd)
	want(t, exitUsage, "copy", "password", login.ID, "--clear-after", "-1s", dd)
}
