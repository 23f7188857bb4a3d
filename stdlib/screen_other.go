//go:build !(aix || darwin || dragonfly || freebsd || linux || netbsd || openbsd || solaris || zos)

package stdlib

import "io"

// newScreenInput: keys are not read here (a console's input needs its own
// reader); Ctrl-C stops the script, and screen.run still restores the
// screen.
func newScreenInput(io.Reader) screenInput { return nil }
