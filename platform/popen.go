package platform

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"slices"
	"sync"
	"syscall"
	"time"
)

// Stream says what a child started by [System.Popen] gets as its standard
// input, output or error: psutil's (subprocess's) None, PIPE and DEVNULL.
type Stream int

// The streams, with subprocess's values.
const (
	Inherit Stream = 0  // the caller's own stream (subprocess's None)
	Pipe    Stream = -1 // a pipe: input given to Communicate, output returned by it
	DevNull Stream = -3 // /dev/null
)

// PopenOptions configure [System.Popen].
type PopenOptions struct {
	Stdin, Stdout, Stderr Stream
	Dir                   string   // working directory; the caller's when empty
	Env                   []string // "KEY=value" entries; the caller's environment when nil
	// Shell runs the command through the system's shell (/bin/sh -c on
	// POSIX), as subprocess's shell=True: args[0] is the command line and
	// the rest are the shell's positional parameters.
	Shell bool
}

// Popen is psutil.Popen: a child process started by this program, with
// every [Process] method and subprocess.Popen's own (Poll, Wait,
// Communicate, Returncode, and the Stdin, Stdout and Stderr pipes). Its
// exit is collected as soon as it happens, so unlike Python's it never
// lingers as a zombie; every [Process] for the same child (made with
// [System.NewProcess] from its pid) waits through it and sees its code.
type Popen struct {
	*Process
	cmd    *exec.Cmd
	args   []string    // as given, before the shell's
	stdin  *os.File    // the write end of the child's stdin, when a Pipe
	stdout *PipeReader // the read ends of its output pipes
	stderr *PipeReader
	child  *popenChild

	readOnce    sync.Once // Communicate's readers, started once
	readDone    chan struct{}
	out, errOut []byte
}

// popenChild is what every handle on a Popen's child shares: its exit.
// It holds no pipes, so that remembering it keeps no descriptor open.
type popenChild struct {
	proc *Process      // the Popen's own handle, for the child's identity
	done chan struct{} // closed once the child has exited

	mu       sync.Mutex
	code     *int
	exitedAt time.Time
}

// popenChildren are the children Popen started, by pid: the one goroutine
// that reaps each (Popen.reap) is the only waiter of that pid, and any
// other handle on the child waits through it. An entry stays after the
// exit, so that handles made before it still see the code, until the pid
// is given to another child or, once there are many, for popenKeep.
var (
	popenMu       sync.Mutex
	popenChildren = map[int]*popenChild{}
)

// popenKeep is how long an exited child's code stays known to other
// handles, once more than popenMany are remembered.
const (
	popenKeep = time.Minute
	popenMany = 256
)

func popenRemember(pid int, c *popenChild) {
	popenMu.Lock()
	defer popenMu.Unlock()
	if len(popenChildren) >= popenMany {
		for pid, old := range popenChildren {
			old.mu.Lock()
			stale := old.code != nil && time.Since(old.exitedAt) > popenKeep
			old.mu.Unlock()
			if stale {
				delete(popenChildren, pid)
			}
		}
	}
	popenChildren[pid] = c
}

// popenOf returns the child Popen started that p stands for, if any.
func popenOf(p *Process) *popenChild {
	popenMu.Lock()
	c := popenChildren[p.pid]
	popenMu.Unlock()
	if c == nil || !c.proc.Equal(p) {
		return nil // not a Popen's, or another process got the pid since
	}
	return c
}

// Popen starts args[0] with args, as psutil.Popen(args) does; with
// opts.Shell, the shell runs args[0] as a command line.
func (s *System) Popen(args []string, opts PopenOptions) (*Popen, error) {
	if len(args) == 0 {
		return nil, errors.New("Popen: args is empty")
	}
	given := slices.Clone(args)
	if opts.Shell {
		args = append(popenShell(), args...)
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir, cmd.Env = opts.Dir, opts.Env
	p := &Popen{cmd: cmd, args: given, readDone: make(chan struct{})}
	var childEnds []*os.File // closed in this process once the child has them
	defer func() {
		for _, f := range childEnds {
			_ = f.Close()
		}
	}()
	fail := func(err error) (*Popen, error) {
		p.Close()
		return nil, err
	}
	switch opts.Stdin {
	case Pipe:
		r, w, err := os.Pipe()
		if err != nil {
			return fail(err)
		}
		cmd.Stdin, p.stdin = r, w
		childEnds = append(childEnds, r)
	case DevNull:
		cmd.Stdin = nil // exec opens /dev/null
	default:
		cmd.Stdin = os.Stdin
	}
	for _, o := range []struct {
		s       Stream
		dst     *io.Writer
		inherit *os.File
		pr      **PipeReader
	}{{opts.Stdout, &cmd.Stdout, os.Stdout, &p.stdout}, {opts.Stderr, &cmd.Stderr, os.Stderr, &p.stderr}} {
		switch o.s {
		case Pipe:
			r, w, err := os.Pipe()
			if err != nil {
				return fail(err)
			}
			*o.dst, *o.pr = w, &PipeReader{Reader: bufio.NewReader(r), f: r}
			childEnds = append(childEnds, w)
		case DevNull:
			*o.dst = nil
		default:
			*o.dst = o.inherit
		}
	}
	if err := cmd.Start(); err != nil {
		return fail(err)
	}
	// The child cannot be reaped before this, so its identity (pid and
	// start time) is readable: the goroutine that waits for it starts below.
	var err error
	if p.Process, err = s.NewProcess(cmd.Process.Pid); err != nil {
		p.Process = s.newProcess(cmd.Process.Pid)
	}
	p.child = &popenChild{proc: p.Process, done: make(chan struct{})}
	p.Process.popen = p.child
	popenRemember(cmd.Process.Pid, p.child)
	go p.reap()
	return p, nil
}

// Stdin is the child's standard input when it is a [Pipe], else nil.
// Closing it sends end-of-file.
func (p *Popen) Stdin() io.WriteCloser {
	if p.stdin == nil {
		return nil
	}
	return p.stdin
}

// PipeReader is this process's end of a child's output pipe, buffered.
type PipeReader struct {
	*bufio.Reader
	f *os.File
}

// Close closes the pipe: the child gets SIGPIPE or EPIPE if it writes on.
func (r *PipeReader) Close() error { return r.f.Close() }

// Stdout is the child's standard output when it is a [Pipe], else nil.
// What is read from it is no longer returned by Communicate.
func (p *Popen) Stdout() *PipeReader { return p.stdout }

// Stderr is the child's standard error when it is a [Pipe], else nil.
func (p *Popen) Stderr() *PipeReader { return p.stderr }

// Close closes this process's ends of the pipes.
func (p *Popen) Close() {
	if p.stdin != nil {
		_ = p.stdin.Close()
	}
	for _, r := range []*PipeReader{p.stdout, p.stderr} {
		if r != nil {
			_ = r.Close()
		}
	}
}

func (p *Popen) reap() {
	err := p.cmd.Wait()
	var code int
	var exit *exec.ExitError
	switch {
	case err == nil:
		code = 0
	case errors.As(err, &exit):
		ws, _ := exit.Sys().(syscall.WaitStatus)
		if ws.Signaled() {
			code = -int(ws.Signal()) // subprocess's convention
		} else {
			code = ws.ExitStatus()
		}
	default:
		code = 1
	}
	c := p.child
	c.mu.Lock()
	c.code, c.exitedAt = &code, time.Now()
	c.mu.Unlock()
	p.Process.mu.Lock()
	p.Process.exitcode, p.Process.exited = &code, true
	p.Process.gone = true
	p.Process.mu.Unlock()
	close(c.done)
}

// Args are the command and its arguments, as given (subprocess's args:
// without the shell that runs them).
func (p *Popen) Args() []string { return slices.Clone(p.args) }

// Returncode is subprocess's returncode: ok is false while the child runs.
func (p *Popen) Returncode() (code int, ok bool) { return p.child.returncode() }

func (c *popenChild) returncode() (code int, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.code == nil {
		return 0, false
	}
	return *c.code, true
}

// Poll returns the exit code, or nil while the child runs.
func (p *Popen) Poll() *int { return p.child.poll() }

func (c *popenChild) poll() *int {
	if code, ok := c.returncode(); ok {
		return &code
	}
	return nil
}

// Wait waits for the child to exit and returns its exit code (the negated
// signal number if a signal ended it). A negative timeout waits for ever;
// when it expires first the error is a [*TimeoutExpired].
func (p *Popen) Wait(ctx context.Context, timeout time.Duration) (*int, error) {
	return p.child.wait(ctx, timeout)
}

func (c *popenChild) wait(ctx context.Context, timeout time.Duration) (*int, error) {
	select {
	case <-c.done: // already, even with a timeout of 0
		return c.poll(), nil
	default:
	}
	var expired <-chan time.Time
	if timeout >= 0 {
		t := time.NewTimer(timeout)
		defer t.Stop()
		expired = t.C
	}
	select {
	case <-c.done:
		return c.poll(), nil
	case <-expired:
		return nil, &TimeoutExpired{Seconds: timeout.Seconds(), Pid: c.proc.pid, Name: c.proc.cachedName()}
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Communicate sends input to the child's stdin (when it is a Pipe), closes
// it, reads its piped stdout and stderr to their end, waits for the child
// to exit, and returns what it read (nil for streams that are not pipes).
// When the timeout expires first the error is a [*TimeoutExpired] and the
// reading goes on: a later call returns everything.
func (p *Popen) Communicate(ctx context.Context, input []byte, timeout time.Duration) (stdout, stderr []byte, err error) {
	if p.stdin == nil && len(input) > 0 {
		return nil, nil, errors.New("Popen.communicate: input given but stdin is not a pipe")
	}
	p.readOnce.Do(func() {
		switch {
		case p.stdin != nil && len(input) == 0:
			_ = p.stdin.Close()
		case p.stdin != nil:
			go func() {
				_, _ = p.stdin.Write(input) // the child may exit without reading
				_ = p.stdin.Close()
			}()
		}
		var wg sync.WaitGroup
		for _, r := range []struct {
			pr  *PipeReader
			dst *[]byte
		}{{p.stdout, &p.out}, {p.stderr, &p.errOut}} {
			if r.pr == nil {
				continue
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				b, _ := io.ReadAll(r.pr)
				_ = r.pr.Close() // as subprocess does after communicate
				if b == nil {
					b = []byte{}
				}
				*r.dst = b
			}()
		}
		go func() {
			wg.Wait()
			close(p.readDone)
		}()
	})
	var expired <-chan time.Time
	select {
	case <-p.readDone:
	default:
		if timeout >= 0 {
			t := time.NewTimer(timeout)
			defer t.Stop()
			expired = t.C
		}
	}
	select {
	case <-p.readDone:
	case <-expired:
		return nil, nil, &TimeoutExpired{Seconds: timeout.Seconds(), Pid: p.pid, Name: p.cachedName()}
	case <-ctx.Done():
		return nil, nil, ctx.Err()
	}
	if _, err := p.Wait(ctx, timeout); err != nil {
		return nil, nil, err
	}
	return p.out, p.errOut, nil
}
