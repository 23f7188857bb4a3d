//go:build aix || linux || solaris || zos

package stdlib

import "golang.org/x/sys/unix"

// The requests that read and set a terminal's modes (as golang.org/x/term).
const (
	ioctlReadTermios  = unix.TCGETS
	ioctlWriteTermios = unix.TCSETS
)
