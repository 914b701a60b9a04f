//go:build unix

package clipboard

import "syscall"

// detached puts a background clearer in a session of its own, so it has no
// controlling terminal and survives the terminal's hangup.
func detached() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setsid: true} }
