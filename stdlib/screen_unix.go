//go:build unix

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
type ttyInput struct{ fd int }

func newScreenInput(stdin io.Reader) screenInput {
	f, ok := stdin.(interface{ Fd() uintptr })
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return ttyInput{fd: int(f.Fd())}
}

func (in ttyInput) raw() (func(), error) {
	old, err := term.MakeRaw(in.fd)
	if err != nil {
		return nil, err
	}
	return func() { term.Restore(in.fd, old) }, nil
}

// pollSlice bounds each poll, so that a cancelled context (a time limit)
// is seen within it.
const pollSlice = 50 * time.Millisecond

func (in ttyInput) wait(ctx context.Context, d time.Duration) (bool, error) {
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
				if c == 'q' || c == 3 { // Ctrl-C, a key in raw mode
					return true, nil
				}
			}
		}
		if left <= 0 {
			return false, nil
		}
	}
}
