//go:build windows

package clipboard

import "syscall"

// detached gives a background clearer no console and its own process group,
// so closing the terminal or Ctrl+C there does not end it.
func detached() *syscall.SysProcAttr {
	const detachedProcess = 0x00000008 // DETACHED_PROCESS
	return &syscall.SysProcAttr{
		CreationFlags: detachedProcess | syscall.CREATE_NEW_PROCESS_GROUP,
		HideWindow:    true,
	}
}
