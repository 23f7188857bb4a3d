package engine

import (
	"runtime"
	"strings"

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

// yieldsAcrossGo reports whether a coroutine.yield called now would leave
// Go frames that called back into Lua behind: gopher-lua runs such a call
// in a nested VM loop on the Go stack, and a yield out of it leaves the
// coroutine's state broken (resuming it again dereferenced nil). Between
// the yield and the coroutine's own loop (threadRun) there must be one
// loop only. Outside a coroutine it reports false: gopher-lua's yield
// says so itself.
func yieldsAcrossGo() bool {
	var pcs [64]uintptr
	loops := 0
	for skip := 2; ; {
		n := runtime.Callers(skip, pcs[:])
		frames := runtime.CallersFrames(pcs[:n])
		for {
			f, more := frames.Next()
			switch f.Function {
			case gopherLua + "threadRun":
				return loops > 1
			case gopherLua + "mainLoop", gopherLua + "mainLoopWithContext":
				loops++
			}
			if !more {
				break
			}
		}
		if n < len(pcs) {
			return false
		}
		skip += n
	}
}

// inGoPanic reports, in a message handler, whether the error being handled
// is a Go panic rather than a Lua error: handlers run while the panic
// unwinds, and every Lua error is raised by one of gopher-lua's Panic
// functions. Go code that recovers a Lua error and raises it again (the
// pattern functions do) leaves that first panic on the stack, below the
// second.
func inGoPanic() bool {
	var pcs [64]uintptr
	panicking := false
	for skip := 2; ; {
		n := runtime.Callers(skip, pcs[:])
		frames := runtime.CallersFrames(pcs[:n])
		afterPanic := false
		for {
			f, more := frames.Next()
			if afterPanic && strings.HasPrefix(f.Function, gopherLua+"panicWith") {
				return false
			}
			afterPanic = f.Function == "runtime.gopanic"
			panicking = panicking || afterPanic
			if !more {
				break
			}
		}
		if n < len(pcs) {
			return panicking
		}
		skip += n
	}
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

// keepErrorHandler is pcall's message handler: it returns the error as is,
// noting a Go panic.
func (h *Host) keepErrorHandler(L *lua.LState) int {
	if inGoPanic() {
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
	err := h.protect(func() error { return L.PCall(1, lua.MultRet, L.NewFunction(x.call)) })
	return h.protectedResult(L, err)
}

// xpcallOverflow is xpcall's result when it cannot call its function:
// false and what the handler makes of msg. The handler runs on the call
// stack's reserve, as for an overflow inside the call.
func (h *Host) xpcallOverflow(L *lua.LState, handler *lua.LFunction, msg lua.LValue) int {
	segments := callStackSegments(L)
	defer setCallStackSegments(L, segments)
	openReserveIfFull(L)
	L.Push(lua.LFalse)
	L.Push(handler)
	L.Push(msg)
	if err := h.protect(func() error { return L.PCall(1, 1, nil) }); err != nil {
		if h.stopping(L) {
			return h.protectedResult(L, err)
		}
		L.SetTop(1)
		L.Push(lua.LString("error in error handling"))
	}
	return 2
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
	if inGoPanic() && !isOverflow(L.Get(1)) {
		x.h.markBroken(L.Get(1))
	}
	L.Push(x.handler)
	L.Push(lua51Message(L, 1, L.Get(1)))
	if L.PCall(1, 1, nil) != nil {
		// Lua 5.1's LUA_ERRERR: the handler failed too. (A run that is
		// stopping is re-raised by protectedResult.)
		L.Push(lua.LString("error in error handling"))
	}
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
		if yieldsAcrossGo() {
			L.Error(lua.LString(errYieldAcross), 0)
		}
		return g(L)
	}))
}
