//go:build !linux

package app

import "context"

// watchSleep does nothing here. On Windows, Wails reports sleep itself
// (options.Windows.OnSuspend, which main wires to Core.Suspend); macOS's
// NSWorkspaceWillSleepNotification is not exposed by Wails v2, so there
// the idle lock alone applies.
func watchSleep(ctx context.Context, onSleep func()) {}
