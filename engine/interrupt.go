package engine

import (
	"context"
	"reflect"
	"sync"
	"sync/atomic"
	"unsafe"

	lua "github.com/yuin/gopher-lua"
)

// gopher-lua runs a state that has a context in mainLoopWithContext,
// which looks at the context's Done channel before every instruction:
// about a tenth of the VM's time. psulua runs such states in gopher-lua's
// plain loop instead and looks at the context only where a run can go on
// for long: at a backward jump (every while and repeat loop, and every
// pass of a generic for, ends in one), at a numeric or generic for
// loop's step, and at a call, a tail call and a return (recursion, and
// Lua code that Go code calls back, such as a sort comparator or a
// metamethod). Between two of them runs straight-line code of one
// function, as long as its source. So do the instructions whose time grows
// with their values rather than with the source: #t (which walks back
// over trailing nils), comparisons (of long strings), a table constructor
// and its varargs (thousands of values, each time), a concatenation, and
// a table read or write or arithmetic with a long string (hashed or read
// whole); a run of them in straight-line code took minutes. So do, on
// their paths that may call __index, __newindex, an arithmetic metamethod
// or __unm, table and global reads and writes, method lookups and
// arithmetic (tables.go, arith.go): a metamethod that recurses through the
// instruction that called it meets no other. A timeout or a memory limit
// stops a run as before, with gopher-lua's own error.

// loopField is where LState keeps the loop its next run uses.
var loopField = sync.OnceValue(func() (off uintptr) {
	f, ok := reflect.TypeOf(lua.LState{}).FieldByName("mainLoop")
	if !ok || f.Type.Kind() != reflect.Func || f.Type.NumIn() != 2 ||
		f.Type.In(0) != reflect.TypeOf((*lua.LState)(nil)) || f.Type.In(1).Kind() != reflect.Pointer {
		return 0
	}
	return f.Offset
})

type mainLoop = func(L *lua.LState, baseframe unsafe.Pointer)

// plainLoop is gopher-lua's loop without a context, as RemoveContext sets
// it (on a state that is never run).
var plainLoop = sync.OnceValue(func() mainLoop {
	var L lua.LState
	L.RemoveContext()
	return *(*mainLoop)(unsafe.Add(unsafe.Pointer(&L), loopField()))
})

// edgeChecks is set once the instructions below look at the context.
var edgeChecks bool

func init() {
	if !tl.ok || loopField() == 0 {
		return
	}
	for _, op := range []int{lua.OP_FORLOOP, lua.OP_TFORLOOP, lua.OP_RETURN,
		lua.OP_EQ, lua.OP_LT, lua.OP_LE, lua.OP_NEWTABLE, lua.OP_SETLIST} {
		orig := gopherInstructions[op]
		gopherInstructions[op] = func(L *lua.LState, inst uint32, baseframe unsafe.Pointer) int {
			checkDone(L)
			return orig(L, inst, baseframe)
		}
	}
	// OP_LEN, R(A) := #RK(B): a table's length is its own, as in Lua 5.1,
	// where __len applies to userdata only (gopher-lua called a table's).
	length := gopherInstructions[lua.OP_LEN]
	gopherInstructions[lua.OP_LEN] = func(L *lua.LState, inst uint32, baseframe unsafe.Pointer) int {
		checkDone(L)
		cf, reg, regs, lbase := frameOf(L)
		if t, ok := rkOf(cf, regs, lbase, argB(inst)).(*lua.LTable); ok && tl.alloc != 0 {
			if ra := lbase + argA(inst); ra < len(regs) {
				setNumber(reg, regs, ra, lua.LNumber(t.Len()))
				return 0
			}
		}
		return length(L, inst, baseframe)
	}
	vararg := gopherInstructions[lua.OP_VARARG]
	gopherInstructions[lua.OP_VARARG] = func(L *lua.LState, inst uint32, baseframe unsafe.Pointer) int {
		checkDone(L)
		if argB(inst) == 0 || !fixedVarargs(L, inst) {
			return vararg(L, inst, baseframe)
		}
		return 0
	}
	call, tailCall := gopherInstructions[lua.OP_CALL], gopherInstructions[lua.OP_TAILCALL]
	gopherInstructions[lua.OP_CALL] = func(L *lua.LState, inst uint32, baseframe unsafe.Pointer) int {
		checkDone(L)
		doubleNextGrowth(L) // see registry.go
		return call(L, inst, baseframe)
	}
	// A Go function in a tail call (`return f(...)`) is called as OP_CALL
	// calls it, keeping all its results, and the OP_RETURN that follows
	// every tail call returns them: Lua 5.1 does the same. gopher-lua's
	// tail call puts the Go function's frame in place of its caller's, and
	// when the function is coroutine.yield the coroutine is left without a
	// frame: resuming it dereferenced nil.
	gopherInstructions[lua.OP_TAILCALL] = func(L *lua.LState, inst uint32, baseframe unsafe.Pointer) int {
		checkDone(L)
		doubleNextGrowth(L)
		if _, _, regs, lbase := frameOf(L); lbase+argA(inst) < len(regs) && callsGo(L, regs[lbase+argA(inst)]) {
			return call(L, inst&^(0x1ff<<9), baseframe) // C = 0: all results
		}
		return tailCall(L, inst, baseframe)
	}
	registryDoubles = tl.growBy != 0
	gopherInstructions[lua.OP_JMP] = jumpInstruction
	edgeChecks = true
}

// jumpInstruction is OP_JMP, pc += sBx, which looks at the context when
// it jumps back.
func jumpInstruction(L *lua.LState, inst uint32, baseframe unsafe.Pointer) int {
	sbx := argSBx(inst)
	if sbx < 0 {
		checkDone(L)
	}
	cf := *(*unsafe.Pointer)(unsafe.Add(unsafe.Pointer(L), tl.current))
	*(*int)(unsafe.Add(cf, tl.pc)) += sbx
	return 0
}

// callsGo reports whether calling fn runs a Go function: fn is one, or a
// value whose __call is one.
func callsGo(L *lua.LState, fn lua.LValue) bool {
	f, ok := fn.(*lua.LFunction)
	if !ok {
		f, ok = L.GetMetaField(fn, "__call").(*lua.LFunction)
	}
	return ok && f.IsG
}

// checkLong is checkDone before an instruction reads v whole: a string
// of longKey bytes or more (table keys are hashed, numerals read).
func checkLong(L *lua.LState, v lua.LValue) {
	if s, ok := v.(lua.LString); ok && len(s) >= longKey {
		checkDone(L)
	}
}

// checkDone raises what mainLoopWithContext raises when L's context is
// done.
func checkDone(L *lua.LState) {
	ctx := L.Context()
	if ctx == nil {
		return
	}
	if dc, ok := ctx.(*doneContext); ok {
		if !dc.done.Load() {
			return
		}
	} else {
		select {
		case <-ctx.Done():
		default:
			return
		}
	}
	L.RaiseError("%s", ctx.Err().Error())
}

// doneContext is a run's context with a flag set once it is done: the
// instructions read the flag, one atomic load, where a look at Done costs
// an interface call and a channel operation (a sixth of a loop's time).
type doneContext struct {
	context.Context
	done atomic.Bool
}

// watchDone returns ctx as a doneContext, and the function that stops
// watching it (before ctx is cancelled at the end of the run, which would
// set the flag for nothing).
func watchDone(ctx context.Context) (*doneContext, func()) {
	dc := &doneContext{Context: ctx}
	stop := context.AfterFunc(ctx, func() { dc.done.Store(true) })
	return dc, func() { stop() }
}

// setContext is L.SetContext(ctx), L then running in gopher-lua's plain
// loop when the instructions look at ctx themselves.
func setContext(L *lua.LState, ctx context.Context) {
	L.SetContext(ctx)
	if edgeChecks {
		*(*mainLoop)(unsafe.Add(unsafe.Pointer(L), loopField())) = plainLoop()
	}
}

// fixedVarargs is OP_VARARG with a fixed count, R(A) ... R(A+B-2) :=
// vararg, as Lua 5.1 runs it: the registers above are left alone.
// gopher-lua's set the stack's top just past the values, clearing every
// register above, the locals declared after A included: after `local a, b;
// a = (...)`, b held a Go nil, which crashed the VM when read. It returns
// false, having done nothing, when the registers are not all allocated.
func fixedVarargs(L *lua.LState, inst uint32) bool {
	cf, reg, regs, lbase := frameOf(L)
	top := (*int)(unsafe.Add(reg, tl.top))
	a, n := lbase+argA(inst), argB(inst)-1
	if a+n > len(regs) {
		return false
	}
	nparams := int((*(**lua.LFunction)(unsafe.Add(cf, tl.fn))).Proto.NumParameters)
	from := *(*int)(unsafe.Add(cf, tl.base)) + nparams + 1
	given := *(*int)(unsafe.Add(cf, tl.nargs)) - nparams
	for i := 0; i < n; i++ {
		if i < given && from+i < lbase && from+i < *top {
			regs[a+i] = regs[from+i]
		} else {
			regs[a+i] = lua.LNil
		}
	}
	if *top < a+n {
		*top = a + n
	}
	return true
}
