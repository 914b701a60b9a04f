//go:build !unix && !windows

package clipboard

import "syscall"

func detached() *syscall.SysProcAttr { return nil }
