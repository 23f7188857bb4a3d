//go:build linux

package engine

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"

	lua "github.com/yuin/gopher-lua"
	"golang.org/x/sys/unix"

	"github.com/psulua/psulua/internal/pty"
)

// drainedPty is a new pseudo-terminal whose screen is read and dropped,
// so that writes to the terminal never block on a full buffer.
func drainedPty(t *testing.T) (tty *os.File) {
	master, tty := pty.Open(t)
	go func() {
		buf := make([]byte, 4096)
		for {
			if _, err := master.Read(buf); err != nil {
				return
			}
		}
	}()
	return tty
}

func lflag(t *testing.T, tty *os.File) uint32 {
	tio, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
	if err != nil {
		t.Error(err)
		return 0
	}
	return tio.Lflag
}

// screen.run takes a terminal's keyboard only when the host is given it:
// a (sandboxed) host whose stdout is the program's terminal leaves the
// terminal's modes alone without Options.Stdin.
func TestScreenKeyboardIsGiven(t *testing.T) {
	tty := drainedPty(t)
	before := lflag(t, tty)
	for _, c := range []struct {
		name   string
		opts   Options
		noEcho bool
	}{
		{name: "no Stdin", opts: Options{Stdout: tty}},
		{name: "no Stdin, sandboxed", opts: Options{Stdout: tty, Sandbox: ReadOnly()}},
		{name: "Stdin given", opts: Options{Stdout: tty, Stdin: tty}, noEcho: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := New(c.opts)
			defer h.Close()
			var during uint32
			h.L.SetGlobal("look", h.L.NewFunction(func(*lua.LState) int { during = lflag(t, tty); return 0 }))
			if err := h.RunString(context.Background(), `require("screen").run{iterations = 1, refresh = function() look() return {"x"} end}`); err != nil {
				t.Fatal(err)
			}
			if noEcho := during&unix.ECHO == 0; noEcho != c.noEcho {
				t.Errorf("lflag %#x during the run, %#x before", during, before)
			}
			if after := lflag(t, tty); after != before {
				t.Errorf("lflag %#x after the run, %#x before", after, before)
			}
		})
	}
}

// Hosts of a pool running screen.run at once on one terminal leave it as
// it was: one at a time has the keyboard, and none restores modes that
// another set.
func TestScreenPoolSharesTerminal(t *testing.T) {
	tty := drainedPty(t)
	before := lflag(t, tty)
	p := NewPool(Options{Stdout: tty, Stdin: tty}, 4)
	defer p.Close()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- p.Do(context.Background(), func(h *Host) error {
				return h.RunString(context.Background(), fmt.Sprintf(
					`require("screen").run{iterations = 3, delay = 0.01, refresh = function(n) return {"host %d, refresh " .. n} end}`, i))
			})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if after := lflag(t, tty); after != before {
		t.Errorf("lflag %#x after the runs, %#x before", after, before)
	}
}
