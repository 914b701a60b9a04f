//go:build linux

package app

import (
	"context"

	"github.com/godbus/dbus/v5"
)

// logind announces sleep on the system bus: PrepareForSleep(true) just
// before the system suspends or hibernates, PrepareForSleep(false) after it
// resumes (org.freedesktop.login1(5)).
const (
	logindPath      = dbus.ObjectPath("/org/freedesktop/login1")
	logindInterface = "org.freedesktop.login1.Manager"
	prepareForSleep = "PrepareForSleep"
)

// watchSleep calls onSleep each time logind says the system is about to
// sleep, until ctx ends. Locking on sleep is best effort: without a system
// bus (a container, a CI machine) or without logind it does nothing.
func watchSleep(ctx context.Context, onSleep func()) {
	go func() {
		conn, err := dbus.ConnectSystemBus(dbus.WithContext(ctx))
		if err != nil {
			return
		}
		defer conn.Close()
		err = conn.AddMatchSignalContext(ctx,
			dbus.WithMatchObjectPath(logindPath),
			dbus.WithMatchInterface(logindInterface),
			dbus.WithMatchMember(prepareForSleep))
		if err != nil {
			return
		}
		signals := make(chan *dbus.Signal, 8)
		conn.Signal(signals)
		for {
			select {
			case <-ctx.Done():
				return
			case sig, ok := <-signals:
				if !ok {
					return // the bus went away
				}
				if goingToSleep(sig) {
					onSleep()
				}
			}
		}
	}()
}

// goingToSleep says whether sig is logind's PrepareForSleep(true).
func goingToSleep(sig *dbus.Signal) bool {
	if sig == nil || sig.Path != logindPath || sig.Name != logindInterface+"."+prepareForSleep || len(sig.Body) != 1 {
		return false
	}
	start, ok := sig.Body[0].(bool)
	return ok && start
}
