//go:build !windows

package platform

import "syscall"

// processOSErrno is the identity where the OS errors are POSIX errnos.
func processOSErrno(e syscall.Errno) syscall.Errno { return e }
