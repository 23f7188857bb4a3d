package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	lua "github.com/yuin/gopher-lua"
	"golang.org/x/term"

	"github.com/psulua/psulua/bindings"
	"github.com/psulua/psulua/engine"
	"github.com/psulua/psulua/stdlib"
)

// session is one run of psulua: a Lua host, the calls it makes on it, and
// how they end (an error, an interrupt, os.exit).
type session struct {
	h      *engine.Host
	L      *lua.LState
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer

	// ctx is the context of the calls: cancelling it stops the running
	// Lua code at its next instruction (Ctrl-C does). A new one replaces
	// it once cancelled. With --timeout every one ends at the same
	// deadline, with engine.ErrTimeout as its cause.
	ctx      context.Context
	cancel   context.CancelFunc
	timeout  time.Duration
	deadline time.Time

	mu          sync.Mutex
	running     bool // a call is running
	interrupts  int  // SIGINTs received during the running call
	inREPL      bool // SIGINT between calls is ignored, not fatal
	beforeDeath func()

	out *bufio.Writer // the scripts' buffered stdout, nil when unbuffered

	sandbox bool // --sandbox

	exiting  bool // os.exit was called
	exitCode int
	failed   int // the exit status of the error reported; 0 for none
}

func newSession(stdin io.Reader, stdout, stderr io.Writer, sandbox, buffered bool, timeout time.Duration) *session {
	// Scripts write through a buffer when stdout is not a terminal, as C's
	// stdio does for lua.c: one write system call per 64 KiB, not per print.
	var out *bufio.Writer
	scriptOut := stdout
	if f, ok := stdout.(*os.File); ok && buffered && !term.IsTerminal(int(f.Fd())) {
		out = bufio.NewWriterSize(stdout, 64<<10)
		scriptOut = out
	}
	// The user running psulua owns the terminal, so screen.run may read
	// its keyboard, under --sandbox too: the sandbox keeps a script from
	// the system, not from the terminal it was started on.
	opts := engine.Options{Stdout: scriptOut, Stdin: stdin, CallStackSize: lua51CallStack}
	if sandbox {
		opts.Sandbox = engine.ReadOnly()
	}
	h := engine.New(opts)
	// help and dir are Python's builtins: scripts have them as the REPL
	// does. They return names and documentation, never values, so the
	// sandbox loses nothing.
	bindings.OpenHelp(h.L, scriptOut, helpText)
	s := &session{h: h, L: h.L, stdin: stdin, stdout: stdout, stderr: stderr, timeout: timeout, out: out, sandbox: sandbox}
	if timeout > 0 {
		s.deadline = time.Now().Add(timeout)
	}
	if !sandbox {
		setCPath(s.L)
	}
	// The engine's os.exit unwinds the script rather than calling Go's
	// os.Exit, so the REPL restores the terminal and saves its history.
	s.newContext()
	return s
}

func (s *session) newContext() {
	if s.deadline.IsZero() {
		s.ctx, s.cancel = context.WithCancel(context.Background())
	} else {
		s.ctx, s.cancel = context.WithDeadlineCause(context.Background(), s.deadline, engine.ErrTimeout)
	}
}

// close flushes Lua's standard files, as C's exit does for lua.c, and
// releases the state.
func (s *session) close() {
	s.flush()
	if iolib, ok := s.L.GetGlobal("io").(*lua.LTable); ok {
		for _, name := range []string{"stdout", "stderr"} {
			f, ok := iolib.RawGetString(name).(*lua.LUserData)
			if !ok {
				continue
			}
			if flush, ok := s.L.GetField(f, "flush").(*lua.LFunction); ok {
				s.L.CallByParam(lua.P{Fn: flush, NRet: 0, Protect: true}, f)
			}
		}
	}
	s.cancel()
	if exitsAfterRun {
		s.h.CloseBeforeExit()
	} else {
		s.h.Close()
	}
}

// flush writes out what scripts printed through the buffer.
func (s *session) flush() {
	if s.out != nil {
		s.out.Flush()
	}
}

// status is the exit status so far.
func (s *session) status() int {
	switch {
	case s.exiting:
		return s.exitCode
	}
	return s.failed
}

// ok reports err as lua.c does ("psulua: message" and the traceback on
// stderr) and whether the program goes on: not after an error or
// os.exit.
func (s *session) ok(err error) bool {
	if s.exiting {
		return false
	}
	if err == nil {
		return true
	}
	var ce *callError
	if e, isCall := err.(*callError); isCall {
		ce = e
	} else {
		ce = &callError{msg: err.Error()}
	}
	s.failed = 1
	if ce.timedOut {
		s.failed = timeoutStatus
	}
	if ce.silent {
		return false
	}
	s.flush() // what the script printed comes before its error
	// In pieces: a script's message can be hundreds of megabytes.
	io.WriteString(s.stderr, progname+": ")
	io.WriteString(s.stderr, ce.msg)
	io.WriteString(s.stderr, "\n")
	if ce.trace != "" {
		io.WriteString(s.stderr, ce.trace+"\n")
	}
	return false
}

// callError is a failed chunk: the message lua.c prints and, for runtime
// errors, the traceback.
type callError struct {
	msg    string
	trace  string
	value  lua.LValue // the error value; nil for load errors
	silent bool       // error(nil): lua.c prints nothing
	// timedOut is --timeout's end, which exits with timeoutStatus.
	timedOut bool
}

// timeoutStatus is the exit status of a run --timeout stopped: coreutils'
// timeout(1) says 124, so a shell can tell it from a script's error (1).
const timeoutStatus = 124

func (e *callError) Error() string { return e.msg }

// call runs the function below nargs arguments on the stack on the
// engine (protected, with lua.c's traceback, under --timeout and the
// sandbox's memory limit), with Ctrl-C interrupting it, and leaves
// nresults results.
func (s *session) call(nargs, nresults int) error {
	s.startCall()
	err := s.pcall(nargs, nresults)
	interrupted := s.endCall()
	if err == nil || s.exiting {
		return err
	}
	return s.callError(err, interrupted)
}

// pcall is the engine's PCall under the session's context; it records
// os.exit's status.
func (s *session) pcall(nargs, nresults int) error {
	err := s.h.PCall(s.ctx, nargs, nresults)
	var exit *engine.ExitError
	if errors.As(err, &exit) {
		s.mu.Lock()
		s.exiting, s.exitCode = true, exit.Code
		s.mu.Unlock()
	}
	return err
}

// pcallPrint calls the global print with the values above top, as lua.c
// prints what a line returns.
func (s *session) pcallPrint(top int) error {
	L := s.L
	L.Insert(L.GetGlobal("print"), top+1)
	return s.pcall(L.GetTop()-top-1, 0)
}

// callError is what lua.c prints for a failed call.
func (s *session) callError(err error, interrupted bool) *callError {
	var ee *engine.Error
	if !errors.As(err, &ee) {
		return &callError{msg: err.Error()}
	}
	ce := &callError{value: ee.Value, trace: ee.Traceback}
	switch {
	case errors.Is(err, engine.ErrTimeout):
		ce.msg = fmt.Sprintf("time limit of %v exceeded (--timeout)", s.timeout)
		ce.timedOut = true
		return ce
	case errors.Is(err, engine.ErrMemoryLimit):
		ce.msg = fmt.Sprintf("memory limit of %d bytes exceeded (--sandbox)", s.h.MemoryLimit())
		if !strings.HasPrefix(ee.Message, "memory limit of ") {
			// A result refused before it was made says which and how large.
			ce.msg = ee.Message + " (--sandbox)"
		}
		return ce
	case errors.Is(err, engine.ErrInternal):
		return &callError{msg: ee.Message}
	}
	switch v := ee.Value.(type) {
	case lua.LString, lua.LNumber:
		ce.msg = v.String()
		if interrupted {
			ce.msg = interruptedMessage(ce.msg)
		}
	case *lua.LNilType:
		ce.silent = true
	default:
		if hasToString(s.L, v) {
			// lua.c 5.1 says "(error object is not a string)"; psutil's
			// errors say what they are.
			ce.msg, _ = engine.SafeToString(s.L, v)
		} else {
			ce.msg, ce.trace = "(error object is not a string)", ""
		}
	}
	return ce
}

// interruptedMessage rewrites the error of a cancelled context as lua.c's
// Ctrl-C message: "interrupted!" when the VM stopped (lua.c's hook gives no
// position), "f.lua:3: psutil.cpu_percent: interrupted!" when a function
// did.
func interruptedMessage(msg string) string {
	rest, ok := strings.CutSuffix(msg, context.Canceled.Error())
	if !ok {
		return msg
	}
	if pos := strings.TrimSuffix(rest, " "); isPosition(pos) {
		return "interrupted!"
	}
	return rest + "interrupted!"
}

// isPosition reports whether s is an error position, "chunk:line:".
func isPosition(s string) bool {
	s, ok := strings.CutSuffix(s, ":")
	if !ok {
		return false
	}
	i := strings.LastIndexByte(s, ':')
	if i <= 0 || i == len(s)-1 {
		return false
	}
	for _, c := range s[i+1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// startCall and endCall bracket a call: SIGINT cancels it in the
// meantime.
func (s *session) startCall() {
	s.mu.Lock()
	s.running, s.interrupts = true, 0
	s.mu.Unlock()
}

// endCall returns whether the call was interrupted, and gives the state
// a fresh context if so.
func (s *session) endCall() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.running = false
	interrupted := s.interrupts > 0
	if interrupted && !s.exiting {
		s.newContext()
	}
	return interrupted
}

// handleSignals makes SIGINT interrupt the running call, as lua.c's
// laction does; a second SIGINT during the same call, or one while
// psulua is not running Lua code outside the REPL, ends the process as
// SIGINT normally does. It returns a function that stops the handling.
func (s *session) handleSignals() (stop func()) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-sigs:
				s.interrupt()
			case <-done:
				return
			}
		}
	}()
	return func() {
		signal.Stop(sigs)
		close(done)
	}
}

func (s *session) interrupt() {
	s.mu.Lock()
	s.interrupts++
	switch {
	case s.running && s.interrupts == 1:
		s.cancel()
		s.mu.Unlock()
		return
	case !s.running && s.inREPL:
		s.mu.Unlock()
		return
	}
	before := s.beforeDeath
	s.mu.Unlock()
	s.flush()
	stdlib.RestoreTerminal()
	if before != nil {
		before()
	}
	signal.Reset(os.Interrupt)
	if p, err := os.FindProcess(os.Getpid()); err == nil && p.Signal(os.Interrupt) == nil {
		time.Sleep(time.Second)
	}
	os.Exit(130)
}

// load compiles src as the chunk named chunk (the name errors and
// tracebacks show) and pushes it; a script (a file or stdin) has its
// first line skipped when it starts with '#', as luaL_loadfile does.
func (s *session) load(src []byte, chunk string, script bool) error {
	// Under the session's deadline and memory limit: a chunk can be built
	// to compile for minutes or into gigabytes.
	fn, err := s.h.LoadContext(s.ctx, src, chunk, script)
	if err != nil {
		return s.loadError(err)
	}
	s.L.Push(fn)
	return nil
}

// loadError is what lua.c prints for a chunk that did not compile, or
// psulua for one whose compiling the deadline, the memory limit or Ctrl-C
// stopped.
func (s *session) loadError(err error) *callError {
	switch {
	case errors.Is(err, engine.ErrTimeout), errors.Is(err, engine.ErrMemoryLimit):
		return s.callError(err, false) // worded as a run's
	case errors.Is(err, context.Canceled):
		return &callError{msg: "interrupted!"}
	}
	return &callError{msg: engine.ErrorMessage(err)}
}

// loadFile reads and pushes the script at path; errors read as
// luaL_loadfile's.
func (s *session) loadFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return &callError{msg: fmt.Sprintf("cannot open %s: %s", path, strerror(err))}
	}
	defer f.Close()
	src, err := io.ReadAll(f)
	if err != nil {
		return &callError{msg: fmt.Sprintf("cannot read %s: %s", path, strerror(err))}
	}
	return s.load(src, path, true)
}

// strerror is C's strerror text for err's errno ("No such file or
// directory"); Go's errno texts are the same but for the capital.
func strerror(err error) string {
	msg := err.Error()
	var errno syscall.Errno
	if errors.As(err, &errno) {
		msg = errno.Error()
	}
	if msg == "" {
		return msg
	}
	return strings.ToUpper(msg[:1]) + msg[1:]
}

func (s *session) doString(src, chunk string) error {
	if err := s.load([]byte(src), chunk, false); err != nil {
		return err
	}
	return s.call(0, 0)
}

func (s *session) doFile(path string) error {
	if err := s.loadFile(path); err != nil {
		return err
	}
	return s.call(0, 0)
}

// doLibrary is -l name: require(name), also stored in the global name, as
// Lua 5.2 and later do (5.1 leaves that to the module).
func (s *session) doLibrary(name string) error {
	s.L.Push(s.L.GetGlobal("require"))
	s.L.Push(lua.LString(name))
	if err := s.call(1, 1); err != nil {
		return err
	}
	if v := s.L.Get(-1); v != lua.LNil && v != lua.LTrue {
		s.L.SetGlobal(name, v)
	}
	s.L.Pop(1)
	return nil
}

// runInit runs LUA_INIT: a chunk, or "@file". Under --sandbox it is
// ignored, as lua -E ignores it: the environment is not the script's to
// choose, and "@file" would load code from disk.
func (s *session) runInit() error {
	init, ok := os.LookupEnv("LUA_INIT")
	if !ok || s.sandbox {
		return nil
	}
	if strings.HasPrefix(init, "@") {
		return s.doFile(init[1:])
	}
	return s.doString(init, "LUA_INIT")
}

// doScript runs args[idx] with the arguments after it, as lua.c's
// handle_script: the global `arg` holds the whole command line, the
// script at 0, and the chunk gets the script's arguments as `...`.
func (s *session) doScript(args []string, idx int, fromStdin bool) error {
	t := s.L.CreateTable(len(args)-idx-1, idx+1)
	for i, a := range args {
		t.RawSetInt(i-idx, lua.LString(a))
	}
	s.L.SetGlobal("arg", t)
	scriptArgs := args[idx+1:]
	if fromStdin {
		return s.doStdin(scriptArgs)
	}
	s.addScriptDir(args[idx])
	if err := s.loadFile(args[idx]); err != nil {
		return err
	}
	return s.callWithArgs(scriptArgs)
}

// doStdin runs standard input as the chunk "stdin".
func (s *session) doStdin(scriptArgs []string) error {
	src, err := io.ReadAll(s.stdin)
	if err != nil {
		return &callError{msg: fmt.Sprintf("cannot read stdin: %s", strerror(err))}
	}
	if err := s.load(src, "stdin", true); err != nil {
		return err
	}
	return s.callWithArgs(scriptArgs)
}

func (s *session) callWithArgs(args []string) error {
	for _, a := range args {
		s.L.Push(lua.LString(a))
	}
	return s.call(len(args), 0)
}

// addScriptDir makes require look for modules in the script's directory
// before package.path's others, as Python puts the script's directory
// first on sys.path.
func (s *session) addScriptDir(script string) {
	pkg, ok := s.L.GetGlobal("package").(*lua.LTable)
	if !ok {
		return
	}
	// "./?.lua" for a script in ".", as the default path has it.
	dir := filepath.Dir(script)
	mine := dir + "/?.lua;" + dir + "/?/init.lua"
	pkg.RawSetString("path", lua.LString(mine+";"+lua.LVAsString(pkg.RawGetString("path"))))
}

// stdinIsTerminal reports whether the REPL can read lines from a
// terminal.
func (s *session) stdinIsTerminal() bool { return isTerminal(s.stdin) }

// isTerminal reports whether r is a terminal.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// lua51CallStack is the call stack of lua.c's state: Lua 5.1 doubles its
// CallInfo array past LUAI_MAXCALLS (20,000) at 16,384, so a recursion
// stops 16,380 calls deep under lua5.1 (the engine's default, 8,000,
// refused recursions lua5.1 runs).
const lua51CallStack = 16384
