//go:build aix || darwin || dragonfly || freebsd || linux || netbsd || openbsd || solaris || zos

package stdlib

import (
	"context"
	"io"
	"time"

	"golang.org/x/sys/unix"
	"golang.org/x/term"
)

// ttyInput is a terminal's keyboard, read with poll so that waiting ends
// on time and nothing is left reading stdin once the screen is closed.
type ttyInput struct {
	fd    int
	modes unix.Termios // cbreak's modes, signals on
}

func newScreenInput(stdin io.Reader) screenInput {
	f, ok := stdin.(interface{ Fd() uintptr })
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return &ttyInput{fd: int(f.Fd())}
}

// cbreak is curses' cbreak and noecho: no line editing, no echo, and
// signals on, so that Ctrl-C during a refresh is SIGINT as anywhere else.
func (in *ttyInput) cbreak() (func(), error) {
	old, err := unix.IoctlGetTermios(in.fd, ioctlReadTermios)
	if err != nil {
		return nil, err
	}
	in.modes = *old
	in.modes.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.IEXTEN
	in.modes.Cc[unix.VMIN] = 1
	in.modes.Cc[unix.VTIME] = 0
	if err := unix.IoctlSetTermios(in.fd, ioctlWriteTermios, &in.modes); err != nil {
		return nil, err
	}
	return func() { unix.IoctlSetTermios(in.fd, ioctlWriteTermios, old) }, nil
}

// pollSlice bounds each poll, so that a cancelled context (a time limit)
// is seen within it.
const pollSlice = 50 * time.Millisecond

// wait turns signals off while it waits, so that Ctrl-C is a key that
// quits, and back on before it returns.
func (in *ttyInput) wait(ctx context.Context, d time.Duration) (bool, error) {
	waiting := in.modes
	waiting.Lflag &^= unix.ISIG
	if err := unix.IoctlSetTermios(in.fd, ioctlWriteTermios, &waiting); err != nil {
		return false, err
	}
	defer unix.IoctlSetTermios(in.fd, ioctlWriteTermios, &in.modes)
	deadline := time.Now().Add(d)
	var buf [64]byte
	for {
		if err := ctx.Err(); err != nil {
			return false, err
		}
		left := time.Until(deadline)
		fds := []unix.PollFd{{Fd: int32(in.fd), Events: unix.POLLIN}}
		n, err := unix.Poll(fds, int(max(0, min(left, pollSlice)).Milliseconds()))
		switch {
		case err == unix.EINTR:
			continue
		case err != nil:
			return false, err
		case n > 0:
			k, err := unix.Read(in.fd, buf[:])
			if k <= 0 {
				if err == nil {
					err = io.EOF
				}
				return false, err
			}
			for _, c := range buf[:k] {
				if c == 'q' || c == 3 { // Ctrl-C, a key while signals are off
					return true, nil
				}
			}
		}
		if left <= 0 {
			return false, nil
		}
	}
}
