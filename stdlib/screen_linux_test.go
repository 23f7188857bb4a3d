package stdlib

import (
	"context"
	"os"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/psulua/psulua/internal/pty"
)

// The keyboard of a real terminal: no echo nor line editing and back,
// signals off only while waiting, q and Ctrl-C read while waiting.
func TestScreenKeyboard(t *testing.T) {
	master, tty := pty.Open(t)
	if r, w, err := os.Pipe(); err == nil {
		defer r.Close()
		defer w.Close()
		if newScreenInput(r) != nil {
			t.Error("a pipe is taken for a keyboard")
		}
	}
	in := newScreenInput(tty)
	if in == nil {
		t.Fatal("a pseudo-terminal is not taken for a keyboard")
	}
	lflag := func() uint32 {
		tio, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
		if err != nil {
			t.Fatal(err)
		}
		return tio.Lflag
	}
	before := lflag()
	restore, err := in.cbreak()
	if err != nil {
		t.Fatal(err)
	}
	if l := lflag(); l&(unix.ECHO|unix.ICANON) != 0 || l&unix.ISIG == 0 {
		t.Errorf("cbreak keeps echo or lines, or turns signals off: lflag %#x", l)
	}

	ctx := context.Background()
	start := time.Now()
	if quit, err := in.wait(ctx, 60*time.Millisecond); quit || err != nil || time.Since(start) < 60*time.Millisecond {
		t.Errorf("no key: quit %v, err %v after %v", quit, err, time.Since(start))
	}
	for _, keys := range []string{"xq", "\x03"} {
		type result struct {
			quit bool
			err  error
		}
		done := make(chan result, 1)
		start = time.Now()
		go func() {
			quit, err := in.wait(ctx, 10*time.Second)
			done <- result{quit, err}
		}()
		// Typed once the wait has turned signals off, as Ctrl-C must
		// then arrive as a key.
		for lflag()&unix.ISIG != 0 && time.Since(start) < 5*time.Second {
			time.Sleep(time.Millisecond)
		}
		if l := lflag(); l&unix.ISIG != 0 {
			t.Fatalf("signals on while waiting: lflag %#x", l)
		}
		master.WriteString(keys)
		if r := <-done; !r.quit || r.err != nil || time.Since(start) > 5*time.Second {
			t.Errorf("%q typed: quit %v, err %v after %v", keys, r.quit, r.err, time.Since(start))
		}
		if l := lflag(); l&unix.ISIG == 0 {
			t.Errorf("signals still off after the wait: lflag %#x", l)
		}
	}
	master.WriteString("x") // another key: the wait goes on
	if quit, err := in.wait(ctx, 50*time.Millisecond); quit || err != nil {
		t.Errorf("x typed: quit %v, err %v", quit, err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := in.wait(cancelled, 10*time.Second); err != context.Canceled {
		t.Errorf("cancelled: err %v", err)
	}

	restore()
	if l := lflag(); l != before {
		t.Errorf("lflag %#x after restore, was %#x", l, before)
	}
}
