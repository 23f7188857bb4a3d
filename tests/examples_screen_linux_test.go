package tests

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/psulua/psulua/internal/pty"
)

// TestFullScreenExamples runs the full-screen examples on a terminal: they
// take the screen (the alternate one, cursor hidden, keys without echo),
// and q or Ctrl-C typed while they wait between refreshes ends them with
// status 0 and the terminal as it was.
func TestFullScreenExamples(t *testing.T) {
	for _, c := range []struct {
		script, key, frame string
		sandbox            bool
	}{
		{script: "top", key: "q", frame: "PID    USER"},
		{script: "top", key: "\x03", frame: "PID    USER"},
		// The user of psulua owns the terminal: the sandbox leaves the
		// keyboard to the script.
		{script: "top", key: "q", frame: "PID    USER", sandbox: true},
		{script: "iotop", key: "q", frame: "Total DISK READ"},
		{script: "nettop", key: "q", frame: "total bytes:"},
		{script: "cpu_distribution", key: "q", frame: "CPU 0"},
	} {
		name := c.script + " " + strconv.Quote(c.key)
		// A second between refreshes: the key is typed while the script
		// waits, and signals are off.
		args := []string{fromRoot("examples", c.script+".lua"), "-d", "1"}
		if c.sandbox {
			name, args = name+" --sandbox", append([]string{"--sandbox"}, args...)
		}
		t.Run(name, func(t *testing.T) {
			run := startOnTerminal(t, args...)
			run.waitFor(c.frame)
			run.waitForModes(func(l uint32) bool { return l&unix.ISIG == 0 }, "signals off while waiting")
			if l := run.termios().Lflag; l&(unix.ECHO|unix.ICANON) != 0 {
				t.Errorf("the keyboard echoes or edits lines while %s runs: lflag %#x", c.script, l)
			}
			run.master.WriteString(c.key)
			err := run.cmd.Wait()
			if run.ctx.Err() != nil || err != nil {
				t.Fatalf("after %q: %v (%v)\n%q", c.key, err, run.ctx.Err(), run.screen.String())
			}
			run.checkRestored()
			if out := run.screen.String(); !strings.HasSuffix(out, "\x1b[?25h\x1b[?1049l") {
				t.Errorf("terminal output does not end on the normal screen: %q", out)
			}
		})
	}
}

// A refresh that never returns is interrupted by Ctrl-C, as any
// statement: signals are on while refresh runs, and psulua reports
// "interrupted!" with the terminal as it was.
func TestFullScreenRefreshInterrupted(t *testing.T) {
	const script = `require("screen").run{delay = 0.05, refresh = function(n)
		if n == 2 then io.stderr:write("looping\n") while true do end end
		return {"refresh " .. n}
	end}`
	run := startOnTerminal(t, "-e", script)
	run.waitFor("looping")
	if l := run.termios().Lflag; l&unix.ISIG == 0 || l&(unix.ECHO|unix.ICANON) != 0 {
		t.Errorf("lflag %#x during refresh, want signals on, no echo nor line editing", l)
	}
	start := time.Now()
	run.master.WriteString("\x03")
	err := run.cmd.Wait()
	if run.ctx.Err() != nil {
		t.Fatalf("Ctrl-C did not stop the refresh:\n%q", run.screen.String())
	}
	if elapsed := time.Since(start); elapsed > 10*time.Second {
		t.Errorf("stopped %v after Ctrl-C", elapsed)
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Errorf("exit: %v, want status 1", err)
	}
	run.waitFor("interrupted!")
	run.checkRestored()
}

// terminalRun is psulua running on a pseudo-terminal of its own.
type terminalRun struct {
	t      *testing.T
	ctx    context.Context
	cmd    *exec.Cmd
	master *os.File
	tty    *os.File
	screen *lockedBuffer
	before *unix.Termios
}

// startOnTerminal starts psulua with args, the pseudo-terminal its
// controlling terminal, stdin, stdout and stderr, within 20 seconds.
func startOnTerminal(t *testing.T, args ...string) *terminalRun {
	t.Helper()
	master, tty := pty.Open(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	r := &terminalRun{t: t, ctx: ctx, master: master, tty: tty, screen: &lockedBuffer{}}
	r.before = r.termios()
	r.cmd = exec.CommandContext(ctx, psuluaBin, args...)
	r.cmd.Env = append(withoutTermEnv(os.Environ()), "COLUMNS=80", "LINES=24", "TERM=xterm")
	r.cmd.Stdin, r.cmd.Stdout, r.cmd.Stderr = tty, tty, tty
	r.cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := master.Read(buf)
			r.screen.Write(buf[:n])
			if err != nil {
				return
			}
		}
	}()
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return r
}

func (r *terminalRun) termios() *unix.Termios {
	r.t.Helper()
	tio, err := unix.IoctlGetTermios(int(r.tty.Fd()), unix.TCGETS)
	if err != nil {
		r.t.Fatal(err)
	}
	return tio
}

// waitFor waits until the terminal has shown s.
func (r *terminalRun) waitFor(s string) {
	r.t.Helper()
	for !strings.Contains(r.screen.String(), s) {
		if r.ctx.Err() != nil {
			r.t.Fatalf("no %q on the terminal:\n%q", s, r.screen.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitForModes waits until the terminal's local modes satisfy ok.
func (r *terminalRun) waitForModes(ok func(lflag uint32) bool, what string) {
	r.t.Helper()
	for !ok(r.termios().Lflag) {
		if r.ctx.Err() != nil {
			r.t.Fatalf("never %s: lflag %#x", what, r.termios().Lflag)
		}
		time.Sleep(time.Millisecond)
	}
}

// checkRestored checks, once psulua has ended, that the terminal has its
// modes back and showed the alternate screen, no cursor, frames, and the
// normal screen again.
func (r *terminalRun) checkRestored() {
	r.t.Helper()
	if after := r.termios(); after.Lflag != r.before.Lflag || after.Iflag != r.before.Iflag || after.Oflag != r.before.Oflag {
		r.t.Errorf("terminal modes not restored: %+v, were %+v", after, r.before)
	}
	const enter, leave = "\x1b[?1049h\x1b[?25l", "\x1b[?25h\x1b[?1049l"
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(r.screen.String(), leave) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if out := r.screen.String(); !strings.HasPrefix(out, enter) || !strings.Contains(out, leave) || !strings.Contains(out, "\x1b[H\x1b[2J\x1b[1;1H") {
		r.t.Errorf("terminal output %q", out)
	}
}
