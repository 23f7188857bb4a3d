package engine

import (
	"context"
	"runtime"
	"strings"
	"unsafe"

	lua "github.com/yuin/gopher-lua"
)

// What gopher-lua does not guard against: a yield from Lua code that Go
// code called (a pcall, a table.sort comparator, a gsub callback, an
// __index function), and a Go panic inside the VM, which its PCall and
// coroutines turn into an ordinary, catchable Lua error.

const (
	gopherLua = "github.com/yuin/gopher-lua."
	// errYieldAcross is Lua 5.1's message (ldo.c, lua_yield).
	errYieldAcross = "attempt to yield across metamethod/C-call boundary"
)

// yieldsAcrossGo reports whether a coroutine.yield called now on L would
// leave Go frames that called back into Lua behind: gopher-lua runs such a
// call (a pcall, a table.sort comparator, a gsub callback, a metamethod, a
// for loop's iterator) in a nested VM loop on the Go stack, and a yield
// out of it leaves the coroutine's state broken (resuming it again
// dereferenced nil). Only the coroutine's own loop runs the calls made by
// call instructions: the yield must have been called by one, in a Lua
// function called by one, and so on down to the coroutine's function. (It
// reads L's call frames, not the Go stack, which cost 7 µs a yield.) On
// the main thread a Go function is always below, as in Lua 5.1, where the
// main chunk is called from C.
func yieldsAcrossGo(L *lua.LState) bool {
	fl := framesLayout()
	if !fl.ok || !tl.ok {
		return false
	}
	cf := *(*unsafe.Pointer)(unsafe.Add(unsafe.Pointer(L), tl.current)) // yield's own
	for cf != nil {
		caller := *(*unsafe.Pointer)(unsafe.Add(cf, fl.parent))
		if caller == nil {
			return false
		}
		fn := *(**lua.LFunction)(unsafe.Add(caller, fl.fn))
		pc := *(*int)(unsafe.Add(caller, fl.pc)) - 1
		if fn == nil || fn.IsG || pc < 0 || pc >= len(fn.Proto.Code) {
			return true
		}
		if op := opOf(fn.Proto.Code[pc]); op != lua.OP_CALL && op != lua.OP_TAILCALL {
			return true
		}
		cf = caller
	}
	return false
}

// inGoPanic reports, in a message handler, whether the error being handled
// is a Go panic rather than a Lua error: handlers run while the panic
// unwinds, and every Lua error is raised by one of gopher-lua's Panic
// functions. Go code that recovers a Lua error and raises it again (the
// pattern functions do) leaves that first panic on the stack, below the
// second.
func inGoPanic() bool {
	// A Lua error's panic is within the first few frames: a short buffer,
	// and function names without file and line, make this cheap.
	var pcs [24]uintptr
	panicking, afterPanic := false, false
	for skip := 2; ; {
		n := runtime.Callers(skip, pcs[:])
		for _, pc := range pcs[:n] {
			name := ""
			if f := runtime.FuncForPC(pc - 1); f != nil {
				name = f.Name()
			}
			if afterPanic && strings.HasPrefix(name, gopherLua+"panicWith") {
				return false
			}
			afterPanic = name == "runtime.gopanic"
			panicking = panicking || afterPanic
		}
		if n < len(pcs) {
			return panicking
		}
		skip += n
	}
}

// brokenBy reports, in a message handler, whether the error v being
// handled is a Go panic that leaves the VM unsound: one other than
// gopher-lua's stack overflow (isOverflow), which is looked at first, as
// telling it from a Lua error walks the whole Go stack.
func (h *Host) brokenBy(v lua.LValue) bool {
	if raising := h.raising; raising != nil {
		h.raising = nil
		// A Lua error noted as it was raised; a Go runtime error's text is
		// never taken for one.
		if s, ok := v.(lua.LString); v == raising && (!ok || !goPanicMessage(s)) {
			return false
		}
	}
	return !isOverflow(v) && inGoPanic()
}

// goPanicMessage reports whether an error a coroutine ended with is what
// gopher-lua makes of a Go runtime panic (its coroutines recover panics
// without a handler, keeping only the text).
func goPanicMessage(v lua.LValue) bool {
	s, ok := v.(lua.LString)
	return ok && strings.HasPrefix(string(s), "runtime error: ")
}

// markBroken records a Go panic inside the VM: the run ends with an error
// wrapping ErrInternal, and a Pool discards the host.
func (h *Host) markBroken(v lua.LValue) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.broken {
		h.broken = true
		h.internal = lua.LVAsString(v)
		if h.internal == "" && v != nil {
			h.internal = v.String()
		}
	}
}

// keepErrorHandler is the message handler of an xpcall's handler: it
// returns the error as is, noting a Go panic (and spares gopher-lua the
// traceback it builds for a protected call without one).
func (h *Host) keepErrorHandler(L *lua.LState) int {
	if h.brokenBy(L.Get(1)) {
		h.markBroken(L.Get(1))
	}
	return 1
}

// xpcall is Lua's xpcall(f, handler), with the handler called through one
// that notes a Go panic and with pcall's re-raising while the run stops.
func (h *Host) xpcall(L *lua.LState) int {
	fn := L.CheckFunction(1)
	handler := L.CheckFunction(2)
	if h.cCalls >= maxCCalls || callStackFull(L) { // see overflow.go
		// Lua 5.1 raises the overflow where xpcall calls fn, so its
		// handler gets the message.
		msg := lua.LValue(lua.LString(errCStackOverflow))
		if h.cCalls < maxCCalls {
			msg = overflowMessage(L, lua.LString(gopherOverflow))
		}
		L.SetTop(0)
		return h.xpcallOverflow(L, handler, msg)
	}
	h.cCalls++
	defer func() { h.cCalls-- }()
	L.SetTop(0)
	L.Push(h.guard) // see overflow.go
	L.Push(fn)
	base := protectedBase(L, 1)
	segments := callStackSegments(L)
	defer setCallStackSegments(L, segments)
	x := &xpcallHandler{h: h, handler: handler, base: base}
	saved := saveErrorFunc(L)
	err := h.protect(func() error { return L.PCall(1, lua.MultRet, L.NewFunction(x.call)) })
	saved.restore()
	return h.protectedResult(L, err)
}

// xpcallOverflow is xpcall's result when it cannot call its function:
// false and what the handler makes of msg. The handler runs on the call
// stack's reserve, as for an overflow inside the call.
func (h *Host) xpcallOverflow(L *lua.LState, handler *lua.LFunction, msg lua.LValue) int {
	segments := callStackSegments(L)
	defer setCallStackSegments(L, segments)
	v := h.runHandler(L, handler, msg)
	if h.stopping(L) {
		L.Error(v, 0)
	}
	return protectedFailure(L, v)
}

// maxHandlerCalls bounds the C calls (see maxCCalls) under which an error
// handler is still called: Lua 5.1 calls none past LUAI_MAXCCALLS and an
// eighth, and says "error in error handling" (LUA_ERRERR).
const maxHandlerCalls = maxCCalls + 200/8

// runHandler is Lua 5.1's call of xpcall's handler on msg: a C call,
// counted as one, made with room on the call stack (the reserve: see
// overflow.go), whose failure, or a handler nested too deep, gives
// "error in error handling".
func (h *Host) runHandler(L *lua.LState, handler *lua.LFunction, msg lua.LValue) lua.LValue {
	failed := lua.LString("error in error handling")
	if h.cCalls >= maxHandlerCalls {
		return failed
	}
	if openReserveIfFull(L); callStackFull(L) {
		return failed // a protected call must not start on a full stack
	}
	h.cCalls++
	defer func() { h.cCalls-- }()
	top := L.GetTop()
	defer L.SetTop(top)
	L.Push(handler)
	L.Push(msg)
	if L.PCall(1, 1, h.keepError) != nil {
		return failed // (a run that is stopping is re-raised by the caller)
	}
	return L.Get(-1)
}

// xpcallHandler calls the handler of an xpcall. Lua calls that handler
// where the error happened: this Go frame between them is hidden from
// the debug library's levels (isHidden).
type xpcallHandler struct {
	h       *Host
	handler *lua.LFunction
	base    int // the protected call's stack index
}

func (x *xpcallHandler) call(L *lua.LState) int {
	if x.h.brokenBy(L.Get(1)) {
		x.h.markBroken(L.Get(1))
	}
	L.Push(x.h.runHandler(L, x.handler, lua51Message(L, 1, L.Get(1))))
	closeUpvaluesFrom(L, x.base+1) // see upvalues.go
	return 1
}

// guardYield makes coroutine.yield fail as Lua 5.1's does where it cannot
// yield (see yieldsAcrossGo).
func (h *Host) guardYield(co *lua.LTable) {
	orig, ok := co.RawGetString("yield").(*lua.LFunction)
	if !ok || !orig.IsG {
		return
	}
	g := orig.GFunction
	co.RawSetString("yield", h.L.NewFunction(func(L *lua.LState) int {
		if yieldsAcrossGo(L) {
			L.Error(lua.LString(errYieldAcross), 0)
		}
		return g(L)
	}))
}

// shareRunContext makes coroutine.create give the coroutine its creator's
// context instead of the one gopher-lua derives from it. Each derived
// context stayed registered with the run's until the run ended, 128 bytes
// for every coroutine ever created: a monitor that leaves a generator
// unfinished on each refresh grew without bound. (resume puts the
// resumer's context in place anyway: see wrapProtectedCalls.) The
// coroutine's call stack is also made no deeper than the engine's default.
func (h *Host) shareRunContext(co *lua.LTable) {
	orig, ok := co.RawGetString("create").(*lua.LFunction)
	if !ok || !orig.IsG || layout().cancel == 0 {
		return
	}
	g := orig.GFunction
	co.RawSetString("create", h.L.NewFunction(func(L *lua.LState) int {
		// A coroutine's call stack is allocated whole when it is made
		// (a pointer per 8 frames): past the engine's default, coroutines
		// keep that one, and a host with a deeper stack (the command
		// line's) does not make each coroutine cost more.
		if size := L.Options.CallStackSize; size > DefaultCallStackSize {
			L.Options.CallStackSize = DefaultCallStackSize
			defer func() { L.Options.CallStackSize = size }()
		}
		n := g(L)
		if th, ok := L.Get(-1).(*lua.LState); ok && n == 1 {
			cancel := (*context.CancelFunc)(unsafe.Add(unsafe.Pointer(th), layout().cancel))
			if *cancel != nil {
				(*cancel)()
				*cancel = nil
			}
			if ctx := L.Context(); ctx != nil {
				setContext(th, ctx)
			} else {
				th.RemoveContext()
			}
		}
		return n
	}))
}

// savedErrorFunc is L's hasErrorFunc before a protected call, to put back
// after it: gopher-lua's PCall clears it when it ends instead, and an
// error raised after that inside an enclosing pcall closed every open
// upvalue of the state, cutting the closures of the frames below that
// pcall off from their locals. (While it is set, the engine's message
// handlers close what an error unwinds.)
type savedErrorFunc struct {
	flag *bool
	was  bool
}

func saveErrorFunc(L *lua.LState) savedErrorFunc {
	offset := layout().errorFunc
	if offset == 0 {
		return savedErrorFunc{}
	}
	flag := (*bool)(unsafe.Add(unsafe.Pointer(L), offset))
	return savedErrorFunc{flag, *flag}
}

func (s savedErrorFunc) restore() {
	if s.flag != nil {
		*s.flag = s.was
	}
}
