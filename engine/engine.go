// Package engine embeds psulua in Go programs: a Lua host with the psutil
// module and psulua's stdlib preloaded, an optional read-only sandbox, time
// and memory limits, and a Pool for concurrent use.
//
// Running an untrusted script takes a few lines:
//
//	h := engine.New(engine.Options{Sandbox: engine.ReadOnly(), Timeout: time.Second})
//	defer h.Close()
//	err := h.RunString(ctx, `local psutil = require("psutil") print(psutil.cpu_count())`)
//
// Some of gopher-lua's library is replaced by Lua 5.1's behaviour (package
// lua51): string.format, table.concat, tostring of numbers, and the pattern
// functions string.find, match, gmatch and gsub, whose matcher also stops
// at the time limit (gopher-lua's cannot be interrupted).
package engine

import (
	"context"
	"io"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/bindings"
	"github.com/psulua/psulua/lua51"
	"github.com/psulua/psulua/platform"
	"github.com/psulua/psulua/stdlib"
)

// Options configure a Host. The zero value is usable: the full Lua
// standard library, no limits, output to os.Stdout and os.Stderr.
type Options struct {
	// Stdout receives print and io.write; os.Stdout when nil.
	Stdout io.Writer
	// Stderr receives io.stderr's output; os.Stderr when nil.
	Stderr io.Writer
	// Stdin is the keyboard of the stdlib's screen.run (q and Ctrl-C quit
	// it) when it and Stdout are terminals; nil means none, and screen.run
	// reads no keys. A host given a terminal switches it to no echo during
	// screen.run, and one such run at a time in the program has it: pass
	// os.Stdin only when the program's terminal is the script's to take.
	Stdin io.Reader
	// System is what psutil reads. When nil each Host gets its own System
	// on the live machine, and so its own cpu_percent and nowrap state.
	System *platform.System
	// Sandbox, when set, restricts what scripts may do (see [ReadOnly]).
	Sandbox *Policy
	// Timeout bounds each Run and Call; 0 means none.
	Timeout time.Duration
	// MemoryLimit, in bytes, stops a run whose memory grows past it; 0 means
	// none. See [Host.RunString] for how it is measured. While runs with a
	// limit are in progress, Go's soft memory limit (debug.SetMemoryLimit)
	// is lowered to what the program held plus their limits (never raised
	// above the program's own), and restored afterwards.
	MemoryLimit int64
	// CallStackSize bounds the depth of Lua calls ([DefaultCallStackSize]
	// when 0). RegistryMaxSize bounds the value stack, which starts at 128
	// slots and doubles as needed up to that many ([DefaultRegistryMaxSize]
	// when 0): table.concat of 100,000 values or a large unpack need room.
	CallStackSize   int
	RegistryMaxSize int
	// Modules are extra modules for require, each a loader that pushes the
	// module's value (see [Host.RegisterModule]).
	Modules map[string]lua.LGFunction
}

// The stack limits of a Host whose Options give none.
const (
	DefaultCallStackSize   = 8000
	DefaultRegistryMaxSize = 1 << 20
)

// Host is a Lua state with psutil preloaded. A Host is used by one
// goroutine at a time; use a [Pool] to serve many.
type Host struct {
	// L is the underlying gopher-lua state, for what the Host does not wrap.
	L *lua.LState

	opts   Options
	stdout io.Writer
	stderr io.Writer
	module *bindings.Module
	sys    *platform.System
	sysFS  platform.FS // the System's roots when New returned, for resets

	mu       sync.Mutex
	exitCode *int // set by os.exit during a run
	base     *snapshot
	// keepError is the message handler of an xpcall's handler (see
	// runHandler): it returns the error as is.
	keepError *lua.LFunction
	// cCalls counts the pcalls, xpcalls and resumes running inside each
	// other now, Lua 5.1's nCcalls (see maxCCalls).
	cCalls int
	// loadingSentinel marks a module in package.loaded while it loads,
	// so require can tell a loop.
	loadingSentinel *lua.LUserData
	// concat is the `..` operator of compiled chunks (compile.go).
	concat *lua.LFunction
	// memBase is the memory in use when the running run started (0 when
	// none is watched), for what one large allocation may take.
	memBase atomic.Int64
	// refused is the last error message raised because a result would
	// pass the memory limit (lua51.RaiseTooBig): such an error escaping a
	// run is an ErrMemoryLimit.
	refused lua.LString
	// trace is the traceback a run's message handler recorded.
	trace        string
	traceHandler *lua.LFunction
	// guard is callGuarded (overflow.go).
	guard *lua.LFunction
	// raising is the error value being raised as a Lua error, noted by
	// the panic function callGuarded gives the protected calls it runs
	// (raisingPanic), so that a message handler knows it from a Go panic
	// without walking the Go stack (brokenBy).
	raising      lua.LValue
	raisingPanic func(*lua.LState)
	// runBase is where the frames of the run in progress start on the
	// stack (the called function's slot), -1 between runs: its error's
	// handler closes the upvalues above it.
	runBase int
	// pcallBases are the stack bases of the pcalls in progress, innermost
	// last, which pcallUnwound (their message handler, made once) reads.
	// pcalls nest in time (none can be yielded across), so one list
	// serves every coroutine.
	pcallBases   []int
	pcallUnwound *lua.LFunction
	broken       bool   // a Go panic in the VM: a Pool does not reuse the host
	internal     string // that panic's message
}

// New returns a Host configured by opts.
func New(opts Options) *Host {
	if opts.Sandbox != nil && opts.MemoryLimit == 0 {
		opts.MemoryLimit = DefaultSandboxMemoryLimit
	}
	if opts.CallStackSize == 0 {
		opts.CallStackSize = DefaultCallStackSize
	}
	if opts.RegistryMaxSize == 0 {
		opts.RegistryMaxSize = DefaultRegistryMaxSize
	}
	L := lua.NewState(lua.Options{
		CallStackSize:       opts.CallStackSize,
		RegistryMaxSize:     opts.RegistryMaxSize,
		RegistrySize:        initialRegistrySize(),
		RegistryGrowStep:    lua.RegistryGrowStep,
		MinimizeStackMemory: true,
	})
	h := &Host{L: L, opts: opts, stdout: opts.Stdout, stderr: opts.Stderr, runBase: -1}
	if h.stdout == nil {
		h.stdout = os.Stdout
	}
	if h.stderr == nil {
		h.stderr = os.Stderr
	}
	sys := opts.System
	if sys == nil {
		sys = platform.New(platform.LiveFS())
	}
	h.sys, h.sysFS = sys, sys.FS()
	h.module = bindings.NewModule(sys)
	h.module.ReadOnly = opts.Sandbox != nil
	h.module.HideOwnEnviron = opts.Sandbox != nil && !opts.Sandbox.Getenv
	if opts.Sandbox != nil && opts.Sandbox.HideOtherProcesses {
		h.module.HideEnviron, h.module.HideCmdline = true, true
	}
	L.PreloadModule("psutil", h.module.Loader)
	stdlib.Preload(L, stdlib.Options{Stdout: h.stdout, Stdin: opts.Stdin})
	for name, loader := range opts.Modules {
		L.PreloadModule(name, loader)
	}
	h.installOutput()
	h.installExit()
	ceiling, what := h.allocationCeiling()
	lua51.Install(L, lua51.Options{Ceiling: ceiling, CeilingName: what, MaxResults: opts.RegistryMaxSize, Room: h.roomFor, Refused: h.recordRefused})
	h.concat = L.NewFunction(h.concatFunc(ceiling, what))
	h.installLoaders()
	L.SetGlobal("collectgarbage", L.NewFunction(collectGarbage))
	h.installLua51()
	h.keepError = L.NewFunction(h.keepErrorHandler)
	h.traceHandler = L.NewFunction(h.recordTrace)
	reserveCallStack(L)
	h.guard = L.NewFunction(h.callGuarded)
	h.raisingPanic = h.notePanic
	h.wrapProtectedCalls()
	h.installCoroutineWrap()
	if opts.Sandbox != nil {
		h.applyPolicy(opts.Sandbox)
	}
	h.base = takeSnapshot(L)
	return h
}

// NumberString formats a Lua number as Lua 5.1 does ("%.14g").
func NumberString(n lua.LNumber) string { return lua51.NumberString(n) }

// ToString is Lua's tostring: numbers as Lua 5.1 formats them, other
// values through their __tostring.
func ToString(L *lua.LState, v lua.LValue) string { return lua51.ToString(L, v) }

// installOutput makes print, io.stdout and io.stderr write to the Host's
// Stdout and Stderr, and print format numbers as Lua 5.1 does.
func (h *Host) installOutput() {
	L := h.L
	L.SetGlobal("print", L.NewFunction(func(L *lua.LState) int {
		out := lua51.Output{W: h.stdout, L: L}
		top := L.GetTop()
		for i := 1; i <= top; i++ {
			if i > 1 {
				out.Add("\t")
				// A __tostring may be a Go function (dir) that runs no
				// instruction: 200 of them took 17 s in one print.
				checkDone(L)
			}
			out.Add(ToString(L, L.Get(i)))
		}
		out.Add("\n")
		if err := out.Flush(); err != nil {
			L.RaiseError("write: %v", err)
		}
		return 0
	}))
	if io, ok := L.GetGlobal("io").(*lua.LTable); ok && (h.opts.Stdout != nil || h.opts.Stderr != nil || h.opts.Sandbox != nil) {
		stdout := newWriterFile(L, h.stdout)
		io.RawSetString("stdout", stdout)
		io.RawSetString("stderr", newWriterFile(L, h.stderr))
		if ioType, ok := io.RawGetString("type").(*lua.LFunction); ok {
			io.RawSetString("type", L.NewFunction(func(L *lua.LState) int {
				if ud, ok := L.Get(1).(*lua.LUserData); ok && ud.Metatable == stdout.Metatable {
					L.Push(lua.LString("file"))
					return 1
				}
				return callOriginal(L, ioType)
			}))
		}
		// io.write and io.flush go to the default output file
		// (installDefaultOutput), which starts as this io.stdout.
	}
}

// installExit replaces os.exit, which in gopher-lua ends the whole Go
// program, with one that stops the script and reports the status to the
// host as an *ExitError.
func (h *Host) installExit() {
	os, ok := h.L.GetGlobal("os").(*lua.LTable)
	if !ok {
		return
	}
	os.RawSetString("exit", h.L.NewFunction(func(L *lua.LState) int {
		code := 0
		switch v := L.Get(1).(type) {
		case lua.LBool:
			if !v {
				code = 1
			}
		case lua.LNumber:
			code = int(v)
		case *lua.LNilType:
		default:
			L.ArgError(1, "number or boolean expected, got "+v.Type().String())
		}
		h.mu.Lock()
		h.exitCode = &code
		h.mu.Unlock()
		// pcall, xpcall and coroutine.resume re-raise while an exit is
		// pending, so the script cannot survive its own exit.
		L.RaiseError("os.exit(%d)", code)
		return 0
	}))
}

// Close releases the Lua state, and the files the process listings of the
// host's own System keep open.
func (h *Host) Close() {
	h.L.Close()
	if h.opts.System == nil {
		// The host's own System: release what its process_iter keeps
		// open now rather than when the collector finds it.
		h.sys.ProcessIterCacheClear()
	}
}

// CloseBeforeExit is Close for a program that exits next: it releases
// the Lua state and leaves the files the process listings keep open to
// the kernel, which closes them as the program exits for less than a
// close call each (a monitor of a thousand processes keeps three
// thousand).
func (h *Host) CloseBeforeExit() {
	h.L.Close()
}

// DoString runs a chunk of Lua source with no context.
func (h *Host) DoString(src string) error { return h.RunString(context.Background(), src) }

// DoFile runs a Lua file with no context.
func (h *Host) DoFile(path string) error { return h.RunFile(context.Background(), path) }

// ErrorMessage returns the message of an error returned by a run, without
// the traceback.
func ErrorMessage(err error) string {
	if e, ok := err.(*Error); ok {
		return e.Message
	}
	return err.Error()
}

// Register sets a global Lua function implemented in Go.
func (h *Host) Register(name string, fn lua.LGFunction) {
	h.L.SetGlobal(name, h.L.NewFunction(fn))
	h.base = takeSnapshot(h.L) // a Pool's reset keeps it
}

// RegisterFunc sets a global Lua function implemented by a plain Go
// function: its arguments arrive converted by [ToGo], its results are
// converted by [ToLua] (a *platform.Process becomes a psutil.Process),
// and a non-nil error is raised as a Lua error.
func (h *Host) RegisterFunc(name string, fn func(args ...any) ([]any, error)) {
	h.Register(name, func(L *lua.LState) int {
		args := make([]any, L.GetTop())
		for i := range args {
			v, err := ToGo(L.Get(i + 1))
			if err != nil {
				L.ArgError(i+1, err.Error())
			}
			args[i] = v
		}
		res, err := fn(args...)
		if err != nil {
			L.RaiseError("%s: %v", name, err)
		}
		for _, r := range res {
			v, err := h.module.ToLua(L, r)
			if err != nil {
				L.RaiseError("%s: result: %v", name, err)
			}
			L.Push(v)
		}
		return len(res)
	})
}

// RegisterModule makes require(name) return a table of Go functions.
func (h *Host) RegisterModule(name string, funcs map[string]lua.LGFunction) {
	h.L.PreloadModule(name, func(L *lua.LState) int {
		L.Push(L.SetFuncs(L.NewTable(), funcs))
		return 1
	})
	h.base = takeSnapshot(h.L)
}

// collectGarbage is Lua 5.1's collectgarbage(opt [, arg]) on Go's collector:
// "count" gives the Go heap in kilobytes (gopher-lua's returns nothing),
// "collect" (the default) runs a collection, and the tuning options, which
// Go's collector does not have, answer 0.
func collectGarbage(L *lua.LState) int {
	switch opt := lua51.OptString(L, 1, "collect"); opt {
	case "collect":
		runtime.GC()
		L.Push(lua.LNumber(0))
	case "count":
		L.Push(lua.LNumber(float64(heapBytes()) / 1024))
	case "step":
		runtime.GC()
		L.Push(lua.LTrue)
	case "stop", "restart", "setpause", "setstepmul":
		L.Push(lua.LNumber(0))
	default:
		lua51.ArgError(L, 1, "invalid option '"+lua51.Shown(opt)+"'")
	}
	return 1
}
