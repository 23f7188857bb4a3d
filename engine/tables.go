package engine

import (
	"reflect"
	"runtime/debug"
	"sync"
	"unsafe"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/lua51"
)

// An assignment to an integer key far past a table's array part makes
// gopher-lua fill the gap with nils one append at a time, in one
// instruction (see lua51/tables.go). lua51.PrepareFar handles such keys in
// rawset and table.insert; psulua puts it in front of the assignment
// instruction too (OP_SETTABLE, through gopher-lua's table of instruction
// functions), for every gopher-lua state of the program. The instruction
// function is replaced only for the gopher-lua version whose layout this
// was written for; another keeps gopher-lua's.

// instruction is the type of gopher-lua's instruction functions (the
// last argument is its *callFrame).
type instruction func(L *lua.LState, inst uint32, baseframe unsafe.Pointer) int

//go:linkname gopherInstructions github.com/yuin/gopher-lua.jumpTable
var gopherInstructions [lua.OP_NOP + 1]instruction

// gopherOriginal are gopher-lua's own instructions, as they were before
// psulua replaced any (package variables are set before init functions
// run): what a replaced instruction hands over to.
var gopherOriginal = gopherInstructions

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
	pc        uintptr // callFrame.Pc (int)
	fn        uintptr // callFrame.Fn (*LFunction)
	top       uintptr // registry.top (int)
	alloc     uintptr // registry.alloc (*allocator), 0 when unknown
	growBy    uintptr // registry.growBy (int), 0 when unknown
	base      uintptr // callFrame.Base (int)
	nargs     uintptr // callFrame.NArgs (int)
}

var tablesLayout = sync.OnceValue(func() tableLayout {
	fl := framesLayout()
	if !fl.ok || !gopherLuaIs(gopherLuaVersion) {
		return tableLayout{}
	}
	cur, ok := reflect.TypeOf(lua.LState{}).FieldByName("currentFrame")
	frame, _ := reflect.TypeOf(lua.Debug{}).FieldByName("frame")
	if !ok || cur.Type != frame.Type {
		return tableLayout{}
	}
	l := layout()
	return tableLayout{ok: true, current: cur.Offset, reg: l.reg, regs: fl.array, localBase: fl.localBase, pc: fl.pc, fn: fl.fn, top: l.top, alloc: l.alloc, growBy: l.growBy, base: fl.base, nargs: fl.nargs}
})

// tl is tablesLayout(), for the instructions (here and in arith.go).
var tl = tablesLayout()

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
	if !tl.ok {
		return
	}
	replaceInstruction(lua.OP_SETTABLE, func(L *lua.LState, inst uint32) bool {
		checkBeforeNewindex(L, inst)
		return setFar(L, inst)
	})
	replaceInstruction(lua.OP_SETTABLEKS, func(L *lua.LState, inst uint32) bool {
		checkBeforeNewindex(L, inst)
		return false
	})
	replaceInstruction(lua.OP_GETGLOBAL, checkBeforeGlobal)
	replaceInstruction(lua.OP_SETGLOBAL, checkBeforeGlobal)
	gopherInstructions[lua.OP_GETTABLE] = getTableInstruction
	gopherInstructions[lua.OP_GETTABLEKS] = getTableInstruction
	gopherInstructions[lua.OP_SELF] = selfInstruction
}

// getTableInstruction is OP_GETTABLE and OP_GETTABLEKS (its key a
// constant string), R(A) := R(B)[RK(C)]: a key the table holds is read at
// once (and a key fastIndex knows), the rest (metatables, errors) is left
// to gopher-lua's instruction, but for a long string key that reaches a
// value that cannot be indexed (refuseLongRead).
func getTableInstruction(L *lua.LState, inst uint32, baseframe unsafe.Pointer) int {
	cf, reg, regs, lbase := frameOf(L)
	obj, key := regs[lbase+argB(inst)], rkOf(cf, regs, lbase, argC(inst))
	checkLong(L, key)
	if v, ok := fastIndex(L, obj, key); ok {
		if ra := lbase + argA(inst); ra < len(regs) {
			setRegister(reg, regs, ra, v)
			return 0
		}
	}
	if s, ok := key.(lua.LString); ok && len(s) >= longKey {
		refuseLongRead(L, obj, s)
	}
	// What is left may call __index, and a function that indexes again
	// from there returns only at the end of its recursion: the run's end
	// is looked at before each level.
	checkDone(L)
	return gopherOriginal[opOf(inst)](L, inst, baseframe)
}

// selfInstruction is OP_SELF, the lookup of a method call obj:name():
// R(A+1) := R(B); R(A) := R(B)[RK(C)], through fastIndex when it knows
// the key, else gopher-lua's.
func selfInstruction(L *lua.LState, inst uint32, baseframe unsafe.Pointer) int {
	cf, reg, regs, lbase := frameOf(L)
	obj, key := regs[lbase+argB(inst)], rkOf(cf, regs, lbase, argC(inst))
	checkLong(L, key)
	if ra := lbase + argA(inst); ra+1 < len(regs) {
		if v, ok := fastIndex(L, obj, key); ok {
			setRegister(reg, regs, ra+1, obj)
			setRegister(reg, regs, ra, v)
			return 0
		}
	}
	checkDone(L) // see getTableInstruction
	return gopherOriginal[lua.OP_SELF](L, inst, baseframe)
}

// FastIndexer is what a userdata's value implements to give obj[key]
// for some keys without a call of its metatable's __index function (about
// 150 ns): psutil.Process gives its methods. ok is false when it does not
// know the key, and then __index is called as usual.
type FastIndexer interface {
	FastIndex(ud *lua.LUserData, key lua.LValue) (v lua.LValue, ok bool)
}

// TableFastIndexer is what a table's __index function can carry to give
// t[key] for some keys without being called: the value of a userdata that
// is the function's one upvalue (a Go closure, lua.LState.NewClosure).
// psutil's named tuples give their fields by name (mem.rss). ok is false
// when it does not know the key, and then the function is called.
type TableFastIndexer interface {
	FastIndexTable(t *lua.LTable, key lua.LValue) (v lua.LValue, ok bool)
}

// tableIndexerOf is the TableFastIndexer an __index function carries, or
// nil.
func tableIndexerOf(fn *lua.LFunction) TableFastIndexer {
	if !fn.IsG || len(fn.Upvalues) != 1 {
		return nil
	}
	ud, ok := fn.Upvalues[0].Value().(*lua.LUserData)
	if !ok {
		return nil
	}
	ti, _ := ud.Value.(TableFastIndexer)
	return ti
}

// fastIndex is obj[key] as gopher-lua reads it, when no function runs:
// through tables and __index tables, a userdata's FastIndexer and an
// __index function's TableFastIndexer. ok is false for the rest (another
// __index function, an error), which gopher-lua's instruction reads.
func fastIndex(L *lua.LState, obj, key lua.LValue) (lua.LValue, bool) {
	name, isName := key.(lua.LString)
	long := isName && len(name) >= longKey
	for range lua.MaxTableGetLoop {
		if long {
			// Each table of the chain hashes the key again: 99 tables and
			// a key of 200 MB took a second in one instruction.
			checkDone(L)
		}
		switch o := obj.(type) {
		case *lua.LTable:
			var v lua.LValue
			if isName {
				v = o.RawGetString(string(name)) // most keys: RawGet would ask their type again
			} else {
				v = o.RawGet(key)
			}
			if v != lua.LNil {
				return v, true
			}
			mt, ok := o.Metatable.(*lua.LTable)
			if !ok {
				return lua.LNil, true
			}
			switch index := mt.RawGetString("__index").(type) {
			case *lua.LNilType:
				return lua.LNil, true
			case *lua.LTable:
				obj = index
				continue
			case *lua.LFunction:
				if ti := tableIndexerOf(index); ti != nil {
					return ti.FastIndexTable(o, key)
				}
			}
		case *lua.LUserData:
			if fi, ok := o.Value.(FastIndexer); ok {
				return fi.FastIndex(o, key)
			}
		}
		return nil, false
	}
	return nil, false
}

// setRegister stores v in the register at ra (within the stack) of the
// registry reg, as gopher-lua's instructions do.
func setRegister(reg unsafe.Pointer, regs []lua.LValue, ra int, v lua.LValue) {
	regs[ra] = v
	if top := (*int)(unsafe.Add(reg, tl.top)); ra >= *top {
		*top = ra + 1
	}
}

// replaceInstruction puts handle in front of gopher-lua's instruction op,
// in the instruction table every state runs from; gopher-lua's runs when
// handle reports it did nothing.
func replaceInstruction(op int, handle func(L *lua.LState, inst uint32) bool) {
	orig := gopherInstructions[op]
	gopherInstructions[op] = func(L *lua.LState, inst uint32, baseframe unsafe.Pointer) int {
		if handle(L, inst) {
			return 0
		}
		return orig(L, inst, baseframe)
	}
}

// longKey is the length from which a string key is looked at before
// gopher-lua reads or assigns with it: its error for a value that cannot
// be indexed quotes the whole key through fmt.Sprintf, in one call (a
// script's key can be hundreds of megabytes: x[k] of 128 MiB took 1.7 s
// and twice the sandbox's memory).
const longKey = 1 << 10

// refuseLongRead raises gopher-lua's error for obj[key], the key cut,
// when the read reaches, as gopher-lua follows __index, a value that is
// not a table and has no __index.
func refuseLongRead(L *lua.LState, obj lua.LValue, key lua.LString) {
	refuseLong(L, obj, key, "__index")
}

// refuseLongKey raises gopher-lua's error for obj[key] = v, the key cut,
// when the assignment reaches, as gopher-lua follows __newindex, a value
// that is not a table and has no __newindex.
func refuseLongKey(L *lua.LState, obj lua.LValue, key lua.LString) {
	refuseLong(L, obj, key, "__newindex")
}

// refuseLong follows the event's chain (__index or __newindex) from obj
// as gopher-lua does, and raises its error, the key cut, when the chain
// ends at a value that is not a table.
func refuseLong(L *lua.LState, obj lua.LValue, key lua.LString, event string) {
	for range lua.MaxTableGetLoop {
		checkDone(L) // see fastIndex
		t, isTable := obj.(*lua.LTable)
		if isTable && t.RawGet(key) != lua.LNil {
			return
		}
		switch meta := L.GetMetaField(obj, event); meta.(type) {
		case *lua.LNilType:
			if !isTable {
				L.RaiseError("attempt to index a non-table object(%v) with key '%s...'", obj.Type(), key[:longKey])
			}
			return
		case *lua.LFunction:
			return
		default:
			obj = meta
		}
	}
}

// checkBeforeNewindex looks at the run's end before R(A)[RK(B)] = RK(C)
// when the assignment may call __newindex (R(A) is not a table, or has a
// metatable), as getTableInstruction does before __index.
func checkBeforeNewindex(L *lua.LState, inst uint32) {
	_, _, regs, lbase := frameOf(L)
	if t, ok := regs[lbase+argA(inst)].(*lua.LTable); !ok || t.Metatable != lua.LNil {
		checkDone(L)
	}
}

// checkBeforeGlobal looks at the run's end before a global is read or
// assigned in an environment with a metatable (whose __index or
// __newindex may be called), as getTableInstruction does.
func checkBeforeGlobal(L *lua.LState, inst uint32) bool {
	cf := *(*unsafe.Pointer)(unsafe.Add(unsafe.Pointer(L), tl.current))
	if env := (*(**lua.LFunction)(unsafe.Add(cf, tl.fn))).Env; env == nil || env.Metatable != lua.LNil {
		checkDone(L)
	}
	return false
}

// setFar handles R(A)[RK(B)] = RK(C) when the key is far past the
// table's array part, and reports whether nothing is left to do. (A long
// string key is looked at as refuseLongKey says.)
func setFar(L *lua.LState, inst uint32) bool {
	cf, _, regs, lbase := frameOf(L)
	key := rkOf(cf, regs, lbase, argB(inst))
	if k, ok := key.(lua.LString); ok && len(k) >= longKey {
		checkDone(L)
		refuseLongKey(L, regs[lbase+argA(inst)], k)
	}
	n, ok := key.(lua.LNumber)
	if !ok {
		return false
	}
	t, ok := regs[lbase+argA(inst)].(*lua.LTable)
	if !ok {
		return false
	}
	if _, ok := t.Metatable.(*lua.LTable); ok {
		if t = assignedTable(t, n); t == nil {
			return false
		}
	}
	if !lua51.IsFar(t, n) {
		return false
	}
	return lua51.PrepareFar(L, 0, t, n, rkOf(cf, regs, lbase, argC(inst)))
}

// frameOf is what an instruction reads of the running Lua function's
// frame: the frame (*callFrame), the registry (*registry), the whole
// value stack and the frame's base in it.
func frameOf(L *lua.LState) (cf, reg unsafe.Pointer, regs []lua.LValue, lbase int) {
	cf = *(*unsafe.Pointer)(unsafe.Add(unsafe.Pointer(L), tl.current))
	reg = *(*unsafe.Pointer)(unsafe.Add(unsafe.Pointer(L), tl.reg))
	return cf, reg, *(*[]lua.LValue)(unsafe.Add(reg, tl.regs)), *(*int)(unsafe.Add(cf, tl.localBase))
}

// rkOf is the value of an RK operand of the frame cf: a register or a
// constant.
func rkOf(cf unsafe.Pointer, regs []lua.LValue, lbase, operand int) lua.LValue {
	if operand&rkConstant != 0 {
		return (*(**lua.LFunction)(unsafe.Add(cf, tl.fn))).Proto.Constants[operand&^rkConstant]
	}
	return regs[lbase+operand]
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
