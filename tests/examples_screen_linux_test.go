package tests

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// openPty returns a new pseudo-terminal's two ends.
func openPty(t *testing.T) (master, tty *os.File) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatalf("no pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { master.Close() })
	if err := unix.IoctlSetPointerInt(int(master.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(int(master.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	tty, err = os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tty.Close() })
	return master, tty
}

// syncBuffer collects what a terminal shows, read by one goroutine and
// looked at by the test's.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestFullScreenExamples runs the full-screen examples on a terminal: they
// take the screen (the alternate one, cursor hidden, keys without echo),
// and q or Ctrl-C ends them with status 0 and the terminal as it was.
func TestFullScreenExamples(t *testing.T) {
	for _, c := range []struct{ script, key, frame string }{
		{"top", "q", "PID    USER"},
		{"top", "\x03", "PID    USER"},
		{"iotop", "q", "Total DISK READ"},
		{"nettop", "q", "total bytes:"},
		{"cpu_distribution", "q", "CPU 0"},
	} {
		t.Run(c.script+" "+strconv.Quote(c.key), func(t *testing.T) {
			master, tty := openPty(t)
			termios := func() *unix.Termios {
				tio, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
				if err != nil {
					t.Fatal(err)
				}
				return tio
			}
			before := termios()

			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, psuluaBin, fromRoot("examples", c.script+".lua"), "-d", "0.2")
			cmd.Env = append(withoutTermEnv(os.Environ()), "COLUMNS=80", "LINES=24", "TERM=xterm")
			cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
			cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
			var screen syncBuffer
			go func() {
				buf := make([]byte, 4096)
				for {
					n, err := master.Read(buf)
					screen.Write(buf[:n])
					if err != nil {
						return
					}
				}
			}()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			for !strings.Contains(screen.String(), c.frame) {
				if ctx.Err() != nil {
					t.Fatalf("no frame on the terminal:\n%q", screen.String())
				}
				time.Sleep(10 * time.Millisecond)
			}
			if tio := termios(); tio.Lflag&(unix.ECHO|unix.ICANON|unix.ISIG) != 0 {
				t.Errorf("the keyboard is not raw while %s runs: lflag %#x", c.script, tio.Lflag)
			}
			master.WriteString(c.key)
			err := cmd.Wait()
			if ctx.Err() != nil || err != nil {
				t.Fatalf("after %q: %v (%v)\n%q", c.key, err, ctx.Err(), screen.String())
			}
			if after := termios(); after.Lflag != before.Lflag || after.Iflag != before.Iflag || after.Oflag != before.Oflag {
				t.Errorf("terminal modes not restored: %+v, were %+v", after, before)
			}
			// What the terminal showed: the alternate screen, no cursor,
			// frames, and back.
			const enter, leave = "\x1b[?1049h\x1b[?25l", "\x1b[?25h\x1b[?1049l"
			deadline := time.Now().Add(5 * time.Second)
			for !strings.HasSuffix(screen.String(), leave) && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			if out := screen.String(); !strings.HasPrefix(out, enter) || !strings.HasSuffix(out, leave) || !strings.Contains(out, "\x1b[H\x1b[2J\x1b[1;1H") {
				t.Errorf("terminal output %q", out)
			}
		})
	}
}
