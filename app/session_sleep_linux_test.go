//go:build linux

package app

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

func TestGoingToSleep(t *testing.T) {
	name := logindInterface + "." + prepareForSleep
	for _, tc := range []struct {
		what string
		sig  *dbus.Signal
		want bool
	}{
		{"sleep", &dbus.Signal{Path: logindPath, Name: name, Body: []any{true}}, true},
		{"resume", &dbus.Signal{Path: logindPath, Name: name, Body: []any{false}}, false},
		{"other member", &dbus.Signal{Path: logindPath, Name: logindInterface + ".PrepareForShutdown", Body: []any{true}}, false},
		{"other path", &dbus.Signal{Path: "/elsewhere", Name: name, Body: []any{true}}, false},
		{"bad body", &dbus.Signal{Path: logindPath, Name: name, Body: []any{"yes"}}, false},
		{"nil", nil, false},
	} {
		if got := goingToSleep(tc.sig); got != tc.want {
			t.Errorf("%s: goingToSleep = %v, want %v", tc.what, got, tc.want)
		}
	}
}

// TestSleepLocks sends logind's PrepareForSleep(true) on a private bus
// standing in for the system bus (a dbus-daemon the test starts), and
// checks that watchSleep reacts to it and not to the resume signal.
func TestSleepLocks(t *testing.T) {
	daemon, err := exec.LookPath("dbus-daemon")
	if err != nil {
		t.Skip("no dbus-daemon")
	}
	cmd := exec.Command(daemon, "--session", "--nofork", "--print-address=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	buf := make([]byte, 512)
	n, err := out.Read(buf)
	if err != nil {
		t.Fatal(err)
	}
	addr := strings.TrimSpace(string(buf[:n]))
	t.Setenv("DBUS_SYSTEM_BUS_ADDRESS", addr)

	slept := make(chan struct{}, 4)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	watchSleep(ctx, func() { slept <- struct{}{} })

	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// The watcher subscribes asynchronously: keep announcing until it hears.
	deadline := time.After(10 * time.Second)
	for heard := false; !heard; {
		if err := conn.Emit(logindPath, logindInterface+"."+prepareForSleep, false); err != nil {
			t.Fatal(err)
		}
		if err := conn.Emit(logindPath, logindInterface+"."+prepareForSleep, true); err != nil {
			t.Fatal(err)
		}
		select {
		case <-slept:
			heard = true
		case <-time.After(50 * time.Millisecond):
		case <-deadline:
			t.Fatal("watchSleep did not react to PrepareForSleep(true)")
		}
	}
	// Only sleep counts: after what the loop above queued, a resume alone
	// is not heard.
	time.Sleep(100 * time.Millisecond)
	for len(slept) > 0 {
		<-slept
	}
	conn.Emit(logindPath, logindInterface+"."+prepareForSleep, false)
	select {
	case <-slept:
		t.Error("watchSleep reacted to PrepareForSleep(false)")
	case <-time.After(200 * time.Millisecond):
	}
}
