package engine

import (
	"reflect"
	"unsafe"

	lua "github.com/yuin/gopher-lua"
)

// Lua 5.1 runs the message handler of a stack overflow with room to spare
// (ldo.c grows the call stack past LUAI_MAXCALLS for it), so that
// xpcall(f, debug.traceback) shows the recursion. gopher-lua's call stack
// is full then, and calling the handler overflows it again. psulua gives
// the stack a reserve of segments beyond its limit, and runs xpcall's
// function and a run's chunk through callGuarded, whose deferred check
// opens the reserve while an overflow unwinds past it, before gopher-lua
// calls the handler; the caller closes it again once the call is over.
//
// gopher-lua exports neither its call stack nor its segments: they are
// reached by their field offsets, as in upvalues.go. With another layout
// the reserve is never opened and an overflow has no traceback.

// callStackReserve is the reserve, in gopher-lua's segments of 8 frames.
const callStackReserve = 8

type callStackLayout struct {
	ok       bool
	stack    uintptr // LState.stack (an interface holding *autoGrowingCallFrameStack)
	segments uintptr // autoGrowingCallFrameStack.segments
	segIdx   uintptr // autoGrowingCallFrameStack.segIdx (uint16)
	segSp    uintptr // autoGrowingCallFrameStack.segSp (uint8)
	frames   uintptr // callFrameStackSegment.array ([framesPerSegment]callFrame), 0 when unknown
	frame    uintptr // the size of a callFrame
}

// csl is L's call stack layout and gopherPanic the panic function
// gopher-lua's PCall sets, found once, from one state built as the engine
// builds its own: pcall reads them on every call.
var csl, gopherPanic = func() (callStackLayout, func(*lua.LState)) {
	probe := lua.NewState(lua.Options{MinimizeStackMemory: true, SkipOpenLibs: true, RegistrySize: 128})
	defer probe.Close()
	return callStackLayoutOf(probe), pcallPanicOf(probe)
}()

// pcallPanicOf is the panic function L.PCall sets, nil when unknown.
func pcallPanicOf(L *lua.LState) func(*lua.LState) {
	var p func(*lua.LState)
	L.Push(L.NewFunction(func(L *lua.LState) int {
		p = L.Panic
		return 0
	}))
	if L.PCall(0, 0, nil) != nil {
		return nil
	}
	return p
}

func callStackLayoutOf(probe *lua.LState) callStackLayout {
	var l callStackLayout
	st, ok := reflect.TypeOf(lua.LState{}).FieldByName("stack")
	if !ok || st.Type.Kind() != reflect.Interface {
		return l
	}
	dyn := reflect.ValueOf(probe).Elem().FieldByIndex(st.Index).Elem().Type()
	if dyn.Kind() != reflect.Pointer || dyn.Elem().Name() != "autoGrowingCallFrameStack" {
		return l
	}
	segs, ok1 := dyn.Elem().FieldByName("segments")
	idx, ok2 := dyn.Elem().FieldByName("segIdx")
	sp, ok3 := dyn.Elem().FieldByName("segSp")
	if !ok1 || !ok2 || !ok3 || segs.Type.Kind() != reflect.Slice || segs.Type.Elem().Kind() != reflect.Pointer ||
		idx.Type.Kind() != reflect.Uint16 || sp.Type.Kind() != reflect.Uint8 {
		return l
	}
	l = callStackLayout{ok: true, stack: st.Offset, segments: segs.Offset, segIdx: idx.Offset, segSp: sp.Offset}
	frame, ok4 := reflect.TypeOf(lua.Debug{}).FieldByName("frame")
	array, ok5 := segs.Type.Elem().Elem().FieldByName("array")
	if ok4 && ok5 && frame.Type.Kind() == reflect.Pointer && array.Type.Kind() == reflect.Array &&
		array.Type.Len() == framesPerSegment && array.Type.Elem() == frame.Type.Elem() {
		l.frames, l.frame = array.Offset, frame.Type.Elem().Size()
	}
	return l
}

// framesPerSegment is gopher-lua's FramesPerSegment.
const framesPerSegment = 8

// callStack is L's call stack, or nil.
func callStack(L *lua.LState) unsafe.Pointer {
	if !csl.ok {
		return nil
	}
	iface := (*[2]unsafe.Pointer)(unsafe.Add(unsafe.Pointer(L), csl.stack))
	return iface[1]
}

func segmentsOf(cs unsafe.Pointer) *[]unsafe.Pointer {
	return (*[]unsafe.Pointer)(unsafe.Add(cs, csl.segments))
}

// reserveCallStack gives L's call stack its reserve, closed.
func reserveCallStack(L *lua.LState) {
	cs := callStack(L)
	if cs == nil {
		return
	}
	segs := segmentsOf(cs)
	grown := make([]unsafe.Pointer, len(*segs), len(*segs)+callStackReserve)
	copy(grown, *segs)
	*segs = grown
}

// callStackSegments is how many segments L's call stack may use now.
func callStackSegments(L *lua.LState) int {
	if cs := callStack(L); cs != nil {
		return len(*segmentsOf(cs))
	}
	return 0
}

// setCallStackSegments closes the reserve again (n from callStackSegments).
// A stack unwound to exactly n full segments may be left pointing at the
// empty segment after them: it points at the last full one instead.
func setCallStackSegments(L *lua.LState, n int) {
	cs := callStack(L)
	if cs == nil || n <= 0 {
		return
	}
	segs := segmentsOf(cs)
	if n > cap(*segs) {
		return
	}
	*segs = (*segs)[:n]
	idx := (*uint16)(unsafe.Add(cs, csl.segIdx))
	sp := (*uint8)(unsafe.Add(cs, csl.segSp))
	if int(*idx) == n && *sp == 0 {
		*idx, *sp = uint16(n-1), framesPerSegment
	}
}

// callStackFull reports whether L's call stack has no room for another
// frame (in the segments open now).
//
// A protected call (LState.PCall) must not start on a full call stack:
// when the frame of the function it calls cannot be pushed, gopher-lua
// unwinds to a depth its segmented stack cannot express when that depth
// fills its last segment, and drops the caller's last 8 frames. So pcall
// and xpcall fail as the call would, with "stack overflow", without
// calling.
func callStackFull(L *lua.LState) bool {
	cs := callStack(L)
	if cs == nil {
		return false
	}
	idx := int(*(*uint16)(unsafe.Add(cs, csl.segIdx)))
	sp := int(*(*uint8)(unsafe.Add(cs, csl.segSp)))
	return idx == len(*segmentsOf(cs))-1 && sp >= framesPerSegment
}

// openReserveIfFull opens the reserve when L's call stack is full.
func openReserveIfFull(L *lua.LState) {
	if callStackFull(L) {
		segs := segmentsOf(callStack(L))
		*segs = (*segs)[:cap(*segs)]
	}
}

// callGuarded calls its first argument with the others and returns all
// its results; see above for why.
//
// It also gives the protected call the panic function notePanic (gopher-lua's
// PCall set its own just before, and puts back the caller's when it ends).
func (h *Host) callGuarded(L *lua.LState) int {
	defer openReserveIfFull(L)
	if gopherPanic != nil {
		L.Panic = h.raisingPanic
	}
	L.Call(L.GetTop()-1, lua.MultRet)
	return L.GetTop()
}

// notePanic is gopher-lua's panic function inside a protected call, which
// raises a Lua error (the value on top of the stack), noting the value.
func (h *Host) notePanic(L *lua.LState) {
	h.raising = L.Get(-1)
	gopherPanic(L)
}

// The Go functions psulua puts on the stack where Lua's has no level (set
// in init: isHidden is reached from the handler's own code).
var callGuardedPC, xpcallHandlerPC uintptr

func init() {
	callGuardedPC = reflect.ValueOf(lua.LGFunction((&Host{}).callGuarded)).Pointer()
	xpcallHandlerPC = reflect.ValueOf(lua.LGFunction((&xpcallHandler{}).call)).Pointer()
}

// isOverflow reports gopher-lua's stack overflow, a Go panic of its call
// stack that leaves the state sound.
func isOverflow(v lua.LValue) bool {
	s, ok := v.(lua.LString)
	return ok && string(s) == gopherOverflow
}

// isHidden reports a frame of callGuarded or of xpcall's handler.
func isHidden(fn *lua.LFunction) bool {
	if !fn.IsG || fn.GFunction == nil {
		return false
	}
	pc := reflect.ValueOf(fn.GFunction).Pointer()
	return pc == callGuardedPC || pc == xpcallHandlerPC
}

// poppedFrame is the frame just above the top of L's call stack: the
// frame of the function a dead coroutine's error was raised in, which
// gopher-lua pops when the coroutine dies, leaving its memory as it was.
func poppedFrame(L *lua.LState) (*frameInfo, bool) {
	cs := callStack(L)
	if cs == nil || csl.frame == 0 {
		return nil, false
	}
	idx := int(*(*uint16)(unsafe.Add(cs, csl.segIdx)))
	sp := int(*(*uint8)(unsafe.Add(cs, csl.segSp)))
	segs := *segmentsOf(cs)
	if idx >= len(segs) || segs[idx] == nil || sp >= framesPerSegment {
		return nil, false
	}
	return readFrame(L, unsafe.Add(segs[idx], csl.frames+uintptr(sp)*csl.frame))
}
