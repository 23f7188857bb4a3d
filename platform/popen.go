package platform

import (
	"bytes"
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
}

// Popen is psutil.Popen: a child process started by this program, with
// every [Process] method and subprocess.Popen's own (Poll, Wait,
// Communicate, Returncode). Its exit is collected as soon as it happens,
// so unlike Python's it never lingers as a zombie.
type Popen struct {
	*Process
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout *bytes.Buffer
	stderr *bytes.Buffer
	done   chan struct{} // closed once the child has exited and its output is read

	mu   sync.Mutex
	code *int
}

// Popen starts args[0] with args, as psutil.Popen(args) does.
func (s *System) Popen(args []string, opts PopenOptions) (*Popen, error) {
	if len(args) == 0 {
		return nil, errors.New("Popen: args is empty")
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir, cmd.Env = opts.Dir, opts.Env
	p := &Popen{cmd: cmd, done: make(chan struct{})}
	var err error
	switch opts.Stdin {
	case Pipe:
		if p.stdin, err = cmd.StdinPipe(); err != nil {
			return nil, err
		}
	case DevNull:
		cmd.Stdin = nil // exec opens /dev/null
	default:
		cmd.Stdin = os.Stdin
	}
	p.stdout = popenOutput(opts.Stdout, &cmd.Stdout, os.Stdout)
	p.stderr = popenOutput(opts.Stderr, &cmd.Stderr, os.Stderr)
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	// The child cannot be reaped before this, so its identity (pid and
	// start time) is readable: the goroutine that waits for it starts below.
	if p.Process, err = s.NewProcess(cmd.Process.Pid); err != nil {
		p.Process = s.newProcess(cmd.Process.Pid)
	}
	p.Process.popen = p
	go p.reap()
	return p, nil
}

func popenOutput(s Stream, dst *io.Writer, inherit io.Writer) *bytes.Buffer {
	switch s {
	case Pipe:
		b := new(bytes.Buffer)
		*dst = b
		return b
	case DevNull:
		*dst = nil
	default:
		*dst = inherit
	}
	return nil
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
	p.mu.Lock()
	p.code = &code
	p.mu.Unlock()
	p.Process.mu.Lock()
	p.Process.exitcode, p.Process.exited = &code, true
	p.Process.gone = true
	p.Process.mu.Unlock()
	close(p.done)
}

// Args are the command and its arguments.
func (p *Popen) Args() []string { return slices.Clone(p.cmd.Args) }

// Returncode is subprocess's returncode: ok is false while the child runs.
func (p *Popen) Returncode() (code int, ok bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.code == nil {
		return 0, false
	}
	return *p.code, true
}

// Poll returns the exit code, or nil while the child runs.
func (p *Popen) Poll() *int {
	if code, ok := p.Returncode(); ok {
		return &code
	}
	return nil
}

// Wait waits for the child to exit and returns its exit code (the negated
// signal number if a signal ended it). A negative timeout waits for ever;
// when it expires first the error is a [*TimeoutExpired].
func (p *Popen) Wait(ctx context.Context, timeout time.Duration) (*int, error) {
	var expired <-chan time.Time
	if timeout >= 0 {
		t := time.NewTimer(timeout)
		defer t.Stop()
		expired = t.C
	}
	select {
	case <-p.done:
		return p.Poll(), nil
	case <-expired:
		return nil, &TimeoutExpired{Seconds: timeout.Seconds(), Pid: p.pid, Name: p.cachedName()}
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Communicate sends input to the child's stdin (when it is a Pipe), closes
// it, waits for the child to exit and returns what it wrote to its piped
// stdout and stderr (nil for streams that are not pipes).
func (p *Popen) Communicate(ctx context.Context, input []byte, timeout time.Duration) (stdout, stderr []byte, err error) {
	if p.stdin != nil {
		go func() {
			if len(input) > 0 {
				_, _ = p.stdin.Write(input) // the child may exit without reading
			}
			_ = p.stdin.Close()
		}()
	} else if len(input) > 0 {
		return nil, nil, errors.New("Popen.communicate: input given but stdin is not a pipe")
	}
	if _, err := p.Wait(ctx, timeout); err != nil {
		return nil, nil, err
	}
	if p.stdout != nil {
		stdout = p.stdout.Bytes()
	}
	if p.stderr != nil {
		stderr = p.stderr.Bytes()
	}
	return stdout, stderr, nil
}
