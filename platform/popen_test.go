//go:build linux

package platform

import (
	"context"
	"io"
	"os"
	"strconv"
	"testing"
	"time"
)

// psutil.Process(popen.pid).wait() returns the child's exit code every
// time: the Popen's reaper is the only waiter, and every handle on the
// child waits through it.
func TestPopenEveryHandleSeesTheExitCode(t *testing.T) {
	s := New(LiveFS())
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for i := 0; i < 20; i++ {
		c, err := s.Popen([]string{"sleep", "30"}, PopenOptions{})
		if err != nil {
			t.Fatal(err)
		}
		other, err := s.NewProcess(c.Pid())
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Terminate(); err != nil {
			t.Fatal(err)
		}
		code, err := other.Wait(ctx, 10*time.Second)
		if err != nil || code == nil || *code != -15 {
			t.Fatalf("run %d: Process(pid).Wait() = %v, %v; want -15", i, ptrString(code), err)
		}
		if code, err := c.Wait(ctx, 0); err != nil || code == nil || *code != -15 {
			t.Fatalf("run %d: Popen.Wait() = %v, %v; want -15", i, ptrString(code), err)
		}
	}
}

func ptrString(p *int) string {
	if p == nil {
		return "nil"
	}
	return strconv.Itoa(*p)
}

func TestPopenShell(t *testing.T) {
	s := New(LiveFS())
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := s.Popen([]string{"echo $0-$1; exit 3", "zero", "one"}, PopenOptions{Shell: true, Stdout: Pipe})
	if err != nil {
		t.Fatal(err)
	}
	out, _, err := c.Communicate(ctx, nil, 5*time.Second)
	if err != nil || string(out) != "zero-one\n" {
		t.Fatalf("communicate = %q, %v", out, err)
	}
	if args := c.Args(); len(args) != 3 || args[0] != "echo $0-$1; exit 3" {
		t.Errorf("args %q, want them as given", args)
	}
	if code := c.Poll(); code == nil || *code != 3 {
		t.Fatalf("returncode %v, want 3", ptrString(code))
	}
}

// The pipes can be read and written directly; Communicate returns what
// was not read yet.
func TestPopenPipes(t *testing.T) {
	s := New(LiveFS())
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := s.Popen([]string{"cat"}, PopenOptions{Stdin: Pipe, Stdout: Pipe, Stderr: DevNull})
	if err != nil {
		t.Fatal(err)
	}
	if c.Stderr() != nil {
		t.Error("stderr to DEVNULL has a pipe")
	}
	if _, err := io.WriteString(c.Stdin(), "one\ntwo\nthree\n"); err != nil {
		t.Fatal(err)
	}
	line, err := c.Stdout().ReadString('\n')
	if err != nil || line != "one\n" {
		t.Fatalf("first line %q, %v", line, err)
	}
	out, errOut, err := c.Communicate(ctx, nil, 5*time.Second)
	if err != nil || string(out) != "two\nthree\n" || errOut != nil {
		t.Fatalf("communicate = %q, %q, %v", out, errOut, err)
	}
	if again, _, err := c.Communicate(ctx, nil, 0); err != nil || string(again) != string(out) {
		t.Errorf("communicate again = %q, %v; want the same output", again, err)
	}
}

// communicate closes this process's ends of the pipes, as subprocess does,
// and remembering the child for other handles keeps none open.
func TestPopenCommunicateClosesPipes(t *testing.T) {
	s := New(LiveFS())
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	fds := func() int {
		ents, err := os.ReadDir("/proc/self/fd")
		if err != nil {
			t.Fatal(err)
		}
		return len(ents)
	}
	before := fds()
	for i := 0; i < 5; i++ {
		c, err := s.Popen([]string{"echo", "hi"}, PopenOptions{Stdin: Pipe, Stdout: Pipe, Stderr: Pipe})
		if err != nil {
			t.Fatal(err)
		}
		if out, _, err := c.Communicate(ctx, nil, 5*time.Second); err != nil || string(out) != "hi\n" {
			t.Fatalf("communicate = %q, %v", out, err)
		}
	}
	if after := fds(); after > before {
		t.Errorf("%d descriptors open after 5 communicate, %d before", after, before)
	}
}
