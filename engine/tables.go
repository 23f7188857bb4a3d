package engine

import (
	"fmt"
	"math"
	"reflect"
	"runtime/debug"
	"sync"
	"unsafe"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/lua51"
)

// gopher-lua keeps a table's integer keys below lua.MaxArrayIndex (2^26)
// in its array part, and an assignment past the array's end first fills
// the gap with nils, one append at a time: `t[50000000] = 1` allocates and
// copies more than a gigabyte in one instruction, for seconds, where
// neither a run's time limit nor its memory watchdog can act (they stop a
// script between instructions). Lua keeps such a key in the hash part.
//
// psulua handles a key far past the array's end before gopher-lua does,
// in the assignment instruction (OP_SETTABLE, through gopher-lua's table
// of instruction functions), in rawset and in table.insert. Assigning nil
// there changes nothing a script can see, and is skipped. Any other value
// needs the array grown to the key: psulua grows it in one allocation,
// after asking the run's memory limit for the room (a refusal is an
// error, as string.rep's), and lets gopher-lua store the value at the new
// end. The instruction function is replaced only for the gopher-lua
// version whose layout this was written for; another keeps gopher-lua's.

// farGap is how far past a table's array part a key must be for psulua
// to handle it: nearer keys cost gopher-lua little.
const farGap = 1 << 12

// instruction is the type of gopher-lua's instruction functions (the
// last argument is its *callFrame).
type instruction func(L *lua.LState, inst uint32, baseframe unsafe.Pointer) int

//go:linkname gopherInstructions github.com/yuin/gopher-lua.jumpTable
var gopherInstructions [lua.OP_NOP + 1]instruction

// gopherLuaVersion is the gopher-lua whose instruction functions and
// layout tables.go knows.
const gopherLuaVersion = "v1.1.2"

// tableLayout is where gopher-lua keeps what the instruction needs, as
// offsets: an assignment must cost little more than gopher-lua's own.
type tableLayout struct {
	ok        bool
	current   uintptr // LState.currentFrame (*callFrame)
	reg       uintptr // LState.reg (*registry)
	regs      uintptr // registry.array ([]LValue)
	localBase uintptr // callFrame.LocalBase (int)
	fn        uintptr // callFrame.Fn (*LFunction)
	array     uintptr // LTable.array ([]LValue)
}

var tablesLayout = sync.OnceValue(func() tableLayout {
	fl := framesLayout()
	if !fl.ok || !gopherLuaIs(gopherLuaVersion) {
		return tableLayout{}
	}
	cur, ok1 := reflect.TypeOf(lua.LState{}).FieldByName("currentFrame")
	frame, _ := reflect.TypeOf(lua.Debug{}).FieldByName("frame")
	arr, ok2 := reflect.TypeOf(lua.LTable{}).FieldByName("array")
	if !ok1 || !ok2 || cur.Type != frame.Type || arr.Type != reflect.TypeOf([]lua.LValue(nil)) {
		return tableLayout{}
	}
	return tableLayout{ok: true, current: cur.Offset, reg: layout().reg, regs: fl.array, localBase: fl.localBase, fn: fl.fn, array: arr.Offset}
})

// tl is tablesLayout(), for the instruction.
var tl tableLayout

// gopherLuaIs reports whether the program is built with gopher-lua
// version v, not replaced, as far as its build information says (a test
// binary's lists no modules: the layout checks decide alone there).
func gopherLuaIs(v string) bool {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return true
	}
	for _, m := range info.Deps {
		if m.Path == "github.com/yuin/gopher-lua" {
			return m.Version == v && m.Replace == nil
		}
	}
	return true
}

func init() {
	tl = tablesLayout()
	if !tl.ok {
		return
	}
	set := gopherInstructions[lua.OP_SETTABLE]
	gopherInstructions[lua.OP_SETTABLE] = func(L *lua.LState, inst uint32, baseframe unsafe.Pointer) int {
		if setFar(L, inst) {
			return 0
		}
		return set(L, inst, baseframe)
	}
}

// setFar handles R(A)[RK(B)] = RK(C) when the key is far past the
// table's array part, and reports whether nothing is left to do.
func setFar(L *lua.LState, inst uint32) bool {
	cf := *(*unsafe.Pointer)(unsafe.Add(unsafe.Pointer(L), tl.current))
	regs := *(*[]lua.LValue)(unsafe.Add(*(*unsafe.Pointer)(unsafe.Add(unsafe.Pointer(L), tl.reg)), tl.regs))
	lbase := *(*int)(unsafe.Add(cf, tl.localBase))
	var key lua.LValue
	if b := argB(inst); b&rkConstant != 0 {
		key = (*(**lua.LFunction)(unsafe.Add(cf, tl.fn))).Proto.Constants[b&^rkConstant]
	} else {
		key = regs[lbase+b]
	}
	n, ok := key.(lua.LNumber)
	if !ok {
		return false
	}
	t, ok := regs[lbase+argA(inst)].(*lua.LTable)
	if !ok || float64(n) <= float64(len(tableArray(t))+farGap) {
		return false
	}
	if t = assignedTable(t, n); t == nil {
		return false
	}
	var v lua.LValue
	if c := argC(inst); c&rkConstant != 0 {
		v = (*(**lua.LFunction)(unsafe.Add(cf, tl.fn))).Proto.Constants[c&^rkConstant]
	} else {
		v = regs[lbase+c]
	}
	return prepareFar(L, 0, t, n, v)
}

// assignedTable is the table an assignment of the absent key k to t
// writes, following __newindex tables as gopher-lua does (as many as
// lua.MaxTableGetLoop); nil when a function or another value takes it, or
// when k is there already (then no array grows).
func assignedTable(t *lua.LTable, k lua.LNumber) *lua.LTable {
	for range lua.MaxTableGetLoop {
		if t.RawGet(k) != lua.LNil {
			return nil
		}
		mt, ok := t.Metatable.(*lua.LTable)
		if !ok {
			return t
		}
		switch next := mt.RawGetString("__newindex").(type) {
		case *lua.LNilType:
			return t
		case *lua.LTable:
			t = next
		default:
			return nil
		}
	}
	return nil
}

// tableArray is t's array part.
func tableArray(t *lua.LTable) []lua.LValue {
	return *(*[]lua.LValue)(unsafe.Add(unsafe.Pointer(t), tl.array))
}

// prepareFar readies the raw assignment t[key] = v of a key past t's
// array part: it reports true when that is to be skipped (v is nil), and
// otherwise grows the array to just below key, refusing sizes past the
// run's memory limit, so that the assignment appends. level is where the
// assignment is on the stack, for the refusal's position.
func prepareFar(L *lua.LState, level int, t *lua.LTable, key lua.LNumber, v lua.LValue) bool {
	n := float64(key)
	if n != math.Trunc(n) || n >= float64(lua.MaxArrayIndex) || int(n) <= len(tableArray(t))+1 {
		return false // a hash key, or near enough for gopher-lua
	}
	if v == lua.LNil {
		return true
	}
	size := int64(n) * int64(unsafe.Sizeof(v))
	if h := hostOf(L); h != nil {
		limit, what := h.allocationCeiling()
		if size > limit {
			lua51.RaiseTooBigAt(L, level, farKeyError(n, size, limit, what), h.recordRefused)
		}
		if !h.roomFor(size) {
			lua51.RaiseTooBigAt(L, level, farKeyError(n, size, h.opts.MemoryLimit, "what the memory limit leaves"), h.recordRefused)
		}
	}
	old := tableArray(t)
	grown := make([]lua.LValue, int(n)-1, int(n))
	copy(grown, old)
	for i := len(old); i < len(grown); i++ {
		grown[i] = lua.LNil
	}
	*(*[]lua.LValue)(unsafe.Add(unsafe.Pointer(t), tl.array)) = grown
	return false
}

func farKeyError(key float64, size, limit int64, what string) string {
	return fmt.Sprintf("table index %s: an array part of %d bytes exceeds %s (%d bytes)", lua51.NumberString(lua.LNumber(key)), size, what, limit)
}

// hostKey is where a host's state keeps the host, in its registry.
const hostKey = "psulua.host"

// hostOf is the host running L (or one of its coroutines), nil for a state
// no host made.
func hostOf(L *lua.LState) *Host {
	if ud, ok := L.G.Registry.RawGetString(hostKey).(*lua.LUserData); ok {
		h, _ := ud.Value.(*Host)
		return h
	}
	return nil
}

// guardFarKeys gives rawset and table.insert the instruction's handling
// of far keys (the instruction's own is installed once, in init).
func (h *Host) guardFarKeys() {
	L := h.L
	ud := L.NewUserData()
	ud.Value = h
	L.G.Registry.RawSetString(hostKey, ud)
	if !tl.ok {
		return
	}
	// rawset(t, k, v) and table.insert(t, pos, v): each skips the call
	// when prepareFar says so, returning what the function returns. The
	// function is called in the wrapper's frame, not through L.Call: its
	// errors name it and the line of the script that called it.
	wrap := func(t *lua.LTable, name string) {
		orig, ok := t.RawGetString(name).(*lua.LFunction)
		if !ok || !orig.IsG {
			return
		}
		g := orig.GFunction
		t.RawSetString(name, L.NewFunction(func(L *lua.LState) int {
			t, ok1 := L.Get(1).(*lua.LTable)
			key, ok2 := L.Get(2).(lua.LNumber)
			if ok1 && ok2 && L.GetTop() == 3 && float64(key) > float64(len(tableArray(t))+farGap) && prepareFar(L, 1, t, key, L.Get(3)) {
				if name == "rawset" {
					L.Push(t)
					return 1
				}
				return 0
			}
			return g(L)
		}))
	}
	wrap(L.G.Global, "rawset")
	if tbl, ok := L.GetGlobal("table").(*lua.LTable); ok {
		wrap(tbl, "insert")
	}
}
