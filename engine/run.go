package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/bindings"
)

// ErrTimeout is wrapped by the error of a run stopped by Options.Timeout.
var ErrTimeout = errors.New("time limit exceeded")

// ErrMemoryLimit is wrapped by the error of a run stopped by
// Options.MemoryLimit: its memory grew past the limit, or a function or
// operator that builds a large result at once (string.rep, the ..
// operator, ...) refused one that would pass it.
var ErrMemoryLimit = errors.New("memory limit exceeded")

// ExitError is returned when a script called os.exit.
type ExitError struct {
	Code int
}

func (e *ExitError) Error() string { return "os.exit(" + strconv.Itoa(e.Code) + ")" }

// Error is a Lua error raised by a script, with where it happened.
type Error struct {
	Message   string     // the error's text, as tostring(err) gives it
	File      string     // the chunk where it was raised, when known
	Line      int        // its line, 0 when unknown
	Traceback string     // Lua's stack traceback
	Value     lua.LValue // the raised value itself
	err       error      // what it wraps: a psutil error, ErrTimeout, ...
}

func (e *Error) Error() string { return e.Message }

// Unwrap gives the typed error behind a Lua error: psutil's errors
// (*platform.NoSuchProcess, ...), ErrTimeout, ErrMemoryLimit, or the
// context's error.
func (e *Error) Unwrap() error { return e.err }

// RunString runs a chunk of Lua source.
//
// Limits: ctx, Options.Timeout and Options.MemoryLimit stop the script at
// its next Lua instruction, and blocking psutil calls (cpu_percent with an
// interval) return at once. The memory limit is measured on the Go heap
// of the whole program every few milliseconds while the script runs, as
// growth since the run started (after a forced collection when the limit
// looks crossed), so it is approximate: a script may overshoot it by what
// it allocates in one interval, and in a Pool concurrent runs count
// against each other. string.rep, string.format, table.concat, string.gsub
// and the .. operator refuse results larger than the limit before
// allocating them.
func (h *Host) RunString(ctx context.Context, src string) error {
	return h.RunChunk(ctx, src, "<string>")
}

// RunChunk runs Lua source under the given chunk name (shown in errors).
// It is compiled under ctx and the limits too (see [Host.LoadContext]).
func (h *Host) RunChunk(ctx context.Context, src, name string) error {
	fn, err := h.LoadContext(ctx, []byte(src), name, false)
	if err != nil {
		return err
	}
	return h.call(ctx, fn, nil, 0)
}

// RunFile runs a Lua file.
func (h *Host) RunFile(ctx context.Context, path string) error {
	if h.opts.Sandbox != nil {
		return &Error{Message: "loading code from disk is blocked by the sandbox: " + path}
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	fn, err := h.LoadContext(ctx, src, path, true)
	if err != nil {
		return err
	}
	return h.call(ctx, fn, nil, 0)
}

// LoadContext is [Host.Load] (or, for a script, [Host.LoadScript]) under
// ctx, Options.Timeout and Options.MemoryLimit, as a run is: a chunk can
// be built to compile for minutes or into gigabytes. A compilation that
// outlives them is abandoned (gopher-lua's compiler cannot be stopped: it
// finishes on its own goroutine) and the error is ctx's cause,
// [ErrTimeout] or [ErrMemoryLimit]. From a Go function a script called,
// the run's own limits apply, and ctx is not looked at.
func (h *Host) LoadContext(ctx context.Context, src []byte, chunk string, script bool) (*lua.LFunction, error) {
	load := h.Load
	if script {
		load = h.LoadScript
	}
	if ctx == nil || h.L.Context() != nil {
		return load(src, chunk)
	}
	ctx, stop := h.limits(ctx)
	defer stop()
	setContext(h.L, ctx)
	defer h.L.RemoveContext()
	return load(src, chunk)
}

// Load compiles src as the chunk named chunk (the name errors and
// tracebacks show), as Lua's loadstring does, without running it. A syntax
// error is an *Error whose Message reads as Lua's ("chunk:line: message
// near 'token'") and which unwraps to gopher-lua's error.
func (h *Host) Load(src []byte, chunk string) (*lua.LFunction, error) {
	fn, err := h.compile(src, chunk)
	if stopped(err) {
		return nil, &Error{Message: h.stopMessage(err), err: err}
	}
	if err != nil {
		return nil, syntaxError(err, chunk, src)
	}
	return fn, nil
}

// LoadScript is [Host.Load] for a script file or standard input, as
// luaL_loadfile reads them: a first line starting with '#' (#!) is
// skipped, keeping the line count.
func (h *Host) LoadScript(src []byte, chunk string) (*lua.LFunction, error) {
	// (Turning it into a comment would not do: "#[[" would open a long one.)
	if len(src) > 0 && src[0] == '#' {
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			src = src[i:]
		} else {
			src = nil
		}
	}
	return h.Load(src, chunk)
}

// Call calls the global Lua function name (a dotted path such as
// "rules.check" reaches into tables) with Go arguments, and returns its
// results as Go values (see [ToGo]).
func (h *Host) Call(ctx context.Context, name string, args ...any) ([]any, error) {
	fn := h.lookup(name)
	if _, ok := fn.(*lua.LFunction); !ok {
		return nil, fmt.Errorf("engine: %s is not a Lua function (got %s)", name, fn.Type())
	}
	largs := make([]lua.LValue, len(args))
	for i, a := range args {
		v, err := h.module.ToLua(h.L, a)
		if err != nil {
			return nil, fmt.Errorf("engine: argument %d of %s: %w", i+1, name, err)
		}
		largs[i] = v
	}
	top := h.L.GetTop()
	if err := h.call(ctx, fn, largs, lua.MultRet); err != nil {
		return nil, err
	}
	n := h.L.GetTop() - top
	defer h.L.SetTop(top)
	out := make([]any, n)
	for i := 0; i < n; i++ {
		v, err := ToGo(h.L.Get(top + 1 + i))
		if err != nil {
			return nil, fmt.Errorf("engine: result %d of %s: %w", i+1, name, err)
		}
		out[i] = v
	}
	return out, nil
}

// lookup finds a function by dotted name with raw reads: no script code
// (__index) runs outside the protected, time-limited call.
func (h *Host) lookup(name string) lua.LValue {
	var v lua.LValue = h.L.Get(lua.GlobalsIndex)
	for _, part := range strings.Split(name, ".") {
		t, ok := v.(*lua.LTable)
		if !ok {
			return lua.LNil
		}
		v = t.RawGetString(part)
	}
	return v
}

// call runs fn under the run's limits and converts what it raised.
func (h *Host) call(ctx context.Context, fn lua.LValue, args []lua.LValue, nret int) error {
	h.L.Push(fn)
	for _, a := range args {
		h.L.Push(a)
	}
	return h.PCall(ctx, len(args), nret)
}

// PCall calls the function below the nargs arguments on top of h.L's
// stack, as lua.c runs a chunk: protected, under ctx, Options.Timeout and
// Options.MemoryLimit, with a message handler that records a traceback in
// Lua 5.1's form where the error happened. It leaves nresults results
// (all of them with lua.MultRet) in place of the function and its
// arguments. A script that called os.exit gives an *ExitError; a Lua error
// an *Error; a failure of the VM itself an error wrapping [ErrInternal],
// after which the host is not to be used again (a Pool discards it).
func (h *Host) PCall(ctx context.Context, nargs, nresults int) error {
	if ctx == nil {
		ctx = context.Background()
	}
	h.mu.Lock()
	h.exitCode = nil
	broken, internal := h.broken, h.internal
	h.mu.Unlock()
	if broken {
		h.L.Pop(nargs + 1)
		return &Error{Message: "the host ended with an internal Lua VM error: " + internal, err: ErrInternal}
	}

	// A context costs a check at every loop step and call (interrupt.go):
	// set one only when something can stop the run.
	limited := h.opts.Timeout > 0 || h.opts.MemoryLimit > 0 || ctx.Done() != nil
	if limited {
		var stop func()
		ctx, stop = h.limits(ctx)
		defer stop()
		dc, unwatch := watchDone(ctx)
		defer unwatch()
		setContext(h.L, dc)
		defer h.L.RemoveContext()
	}

	h.trace, h.refused = "", ""
	h.L.Insert(h.guard, h.L.GetTop()-nargs)
	outer := h.runBase
	h.runBase = stackTop(h.L) - nargs - 1
	defer func() { h.runBase = outer }()
	segments := callStackSegments(h.L)
	err := h.protect(func() error { return h.L.PCall(nargs+1, nresults, h.traceHandler) })
	setCallStackSegments(h.L, segments)
	if err == nil {
		return nil
	}
	h.mu.Lock()
	code, broken, internal := h.exitCode, h.broken, h.internal
	h.mu.Unlock()
	if broken {
		return &Error{Message: "internal Lua VM error: " + internal, Traceback: h.trace, err: ErrInternal}
	}
	if code != nil {
		return &ExitError{Code: *code}
	}
	var cause error
	if limited {
		if c := context.Cause(ctx); c != nil {
			cause = c
		}
	}
	return h.luaError(err, cause)
}

// recordTrace is the message handler of a run: it runs where the error
// happened, with the stack intact, records the traceback and passes the
// error value on.
func (h *Host) recordTrace(L *lua.LState) int {
	v := L.Get(1)
	if h.brokenBy(v) {
		h.markBroken(v)
	}
	h.trace = Traceback(L, 1)
	L.Push(lua51Message(L, 1, v))
	// The error unwinds the run's frames without closing their upvalues
	// (gopher-lua's PCall): the error value's __tostring, called after
	// the run, read the slots the stack reused.
	closeUpvaluesFrom(L, h.runBase)
	return 1
}

// WatchMemory returns a context that ends, with [ErrMemoryLimit] as its
// cause, once the heap has grown more than Options.MemoryLimit past what it
// holds now, and a function to call when the run is over. The Run and Call
// methods do this themselves; it is for a program that drives h.L on its
// own, as psulua's command line does. Without a limit, ctx comes back as it
// is. The function may be called more than once.
func (h *Host) WatchMemory(ctx context.Context) (context.Context, func()) {
	if h.opts.MemoryLimit <= 0 {
		return ctx, func() {}
	}
	ctx, cancel := context.WithCancelCause(ctx)
	done := make(chan struct{})
	base := usedBytes()
	h.memBase.Store(base)
	startSoftLimit(h.opts.MemoryLimit)
	go watchMemory(base, h.opts.MemoryLimit, cancel, done)
	var once sync.Once
	return ctx, func() {
		once.Do(func() {
			close(done)
			cancel(nil)
			endSoftLimit(h.opts.MemoryLimit)
			h.memBase.CompareAndSwap(base, 0)
		})
	}
}

// MemoryLimit is the limit WatchMemory and the runs apply, in bytes: the
// option, or the sandbox's default; 0 for none.
func (h *Host) MemoryLimit() int64 { return h.opts.MemoryLimit }

// protect turns a Go panic that escapes gopher-lua's PCall into an error:
// its compiler has bugs (a loop in a nested function compiled to a bad
// jump panics with an index out of range) that must not end the embedding
// program. The state may be inconsistent afterwards; a Pool discards it.
func (h *Host) protect(call func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = h.internalError(r)
		}
	}()
	return call()
}

// internalError marks the host broken by the Go panic r (a gopher-lua
// bug) and returns the run's error for it.
func (h *Host) internalError(r any) error {
	h.markBroken(lua.LString(fmt.Sprint(r)))
	h.L.SetTop(0)
	return &Error{Message: fmt.Sprintf("internal Lua VM error: %v", r), err: ErrInternal}
}

// ErrInternal is wrapped by the error of a run that failed inside the Lua
// VM itself (a gopher-lua bug): the host is left broken.
var ErrInternal = errors.New("engine: internal Lua VM error")

// stopping reports whether the running script must unwind: os.exit was
// called or its context is done. pcall and friends re-raise then.
func (h *Host) stopping(L *lua.LState) bool {
	h.mu.Lock()
	exiting := h.exitCode != nil || h.broken
	h.mu.Unlock()
	if exiting {
		return true
	}
	if ctx := L.Context(); ctx != nil && ctx.Err() != nil {
		return true
	}
	return false
}

// Where an error happened: "file:line: msg" from error(), or the parser's
// "file line:3(column:5) near ..." for syntax errors.
// (Compiled when first needed: start-up time counts for a command-line
// run.)
var positionRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^([^\s:]+):(\d+): |^(\S+) line:(\d+)\(column:\d+\)`)
})

// positionScan is how much of a message position reads: chunk names
// are short (Lua 5.1 cuts them to 60 bytes).
const positionScan = 1 << 10

var tracebackLineRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?m)^\t([^\[\s][^:]*):(\d+):`)
})

func (h *Host) luaError(err error, cause error) error {
	le, ok := err.(*lua.ApiError)
	if !ok {
		return err
	}
	e := &Error{Value: le.Object, Traceback: h.trace, err: cause}
	if e.Traceback == "" {
		e.Traceback = le.StackTrace
	}
	if le.Object == nil {
		e.Message = err.Error()
	} else if s, ok := SafeToString(h.L, le.Object); ok {
		e.Message = s
	} else {
		e.Message = fmt.Sprintf("(error object is a %s value)", le.Object.Type())
	}
	if e.err == nil && h.isRefusal(le.Object) {
		// The message says which result and how large: it is kept.
		e.err = ErrMemoryLimit
	} else if e.err == nil {
		e.err = bindings.GoError(h.L, le.Object)
	}
	if errors.Is(cause, ErrTimeout) || errors.Is(cause, ErrMemoryLimit) {
		e.Message = h.stopMessage(cause)
	}
	if file, line, ok := position(e.Message); ok {
		e.File, e.Line = file, line
	} else if m := tracebackLineRE().FindStringSubmatch(e.Traceback); m != nil {
		e.File = m[1]
		e.Line, _ = strconv.Atoi(m[2])
	}
	return e
}

// tostringTimeout bounds the __tostring of a value shown after a run, as
// an error's message or in the REPL: it is the script's own code, running
// after the script was stopped.
const tostringTimeout = 250 * time.Millisecond

// SafeToString is tostring(v) that survives a __tostring that raises or
// does not return: that one runs protected, for at most a quarter of a
// second. It returns false when __tostring failed, and then a string
// saying so: "<table: __tostring failed: message>".
func SafeToString(L *lua.LState, v lua.LValue) (string, bool) {
	switch v := v.(type) {
	case lua.LString:
		return string(v), true
	case lua.LNumber:
		return NumberString(v), true
	}
	fn := L.GetMetaField(v, "__tostring")
	if fn == lua.LNil {
		return v.String(), true
	}
	ctx, cancel := context.WithTimeout(context.Background(), tostringTimeout)
	defer cancel()
	old := L.Context()
	setContext(L, ctx)
	defer func() {
		if old != nil {
			setContext(L, old)
		} else {
			L.RemoveContext()
		}
	}()
	if err := L.CallByParam(lua.P{Fn: fn, NRet: 1, Protect: true}, v); err != nil {
		msg := err.Error()
		if ae, ok := err.(*lua.ApiError); ok && ae.Object != nil {
			msg = ae.Object.String()
		}
		return fmt.Sprintf("<%s: __tostring failed: %s>", v.Type(), msg), false
	}
	r := L.Get(-1)
	L.Pop(1)
	if s, ok := r.(lua.LString); ok {
		return string(s), true
	}
	return r.String(), true
}

// syntaxError is the *Error of a chunk that does not compile, with Lua's
// wording of the message (see syntaxMessage).
func syntaxError(err error, chunk string, src []byte) error {
	e := &Error{Message: syntaxMessage(err, chunk, src), err: err}
	if le, ok := err.(*lua.ApiError); ok && le.Object != nil {
		e.Value = lua.LString(e.Message)
	}
	e.File, e.Line, _ = position(e.Message)
	return e
}

func position(msg string) (file string, line int, ok bool) {
	// The position is at the start; a script's message can be hundreds
	// of megabytes, which the expression would take seconds to scan.
	m := positionRE().FindStringSubmatch(msg[:min(len(msg), positionScan)])
	if m == nil {
		return "", 0, false
	}
	if m[1] == "" {
		m = m[2:]
	}
	line, _ = strconv.Atoi(m[2])
	return m[1], line, true
}

// limits is ctx under Options.Timeout and Options.MemoryLimit, for a run
// or a compilation, and the function that ends them.
func (h *Host) limits(ctx context.Context) (context.Context, func()) {
	stopTimer := func() {}
	if h.opts.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, h.opts.Timeout, ErrTimeout)
		stopTimer = func() { cancel() }
	}
	ctx, stopMemory := h.WatchMemory(ctx)
	return ctx, func() {
		stopMemory()
		stopTimer()
	}
}

// stopped reports whether err is the end a context gave a compilation:
// the time limit, the memory limit, or the caller's context.
func stopped(err error) bool {
	return errors.Is(err, ErrTimeout) || errors.Is(err, ErrMemoryLimit) ||
		errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// stopMessage is the message of a run or a compilation that cause ended.
func (h *Host) stopMessage(cause error) string {
	switch {
	case errors.Is(cause, ErrTimeout) && h.opts.Timeout > 0:
		return fmt.Sprintf("time limit of %v exceeded", h.opts.Timeout)
	case errors.Is(cause, ErrTimeout):
		return "time limit exceeded"
	case errors.Is(cause, ErrMemoryLimit):
		return fmt.Sprintf("memory limit of %d bytes exceeded", h.opts.MemoryLimit)
	}
	return cause.Error()
}
