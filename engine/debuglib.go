package engine

import (
	"strconv"
	"strings"
	"unsafe"

	"github.com/psulua/psulua/lua51"
	lua "github.com/yuin/gopher-lua"
)

// Lua 5.1's debug.getinfo, getlocal, setlocal, getupvalue, setupvalue and
// traceback (ldblib.c, ldebug.c) on gopher-lua's call frames. gopher-lua's
// own count a frame that tail calls replaced as the bottom of the stack,
// know no "what", short_src, namewhat or activelines, and find no
// temporaries. Hooks (sethook, gethook) cannot be: gopher-lua's VM has
// none.

// stackLevel is one level of a Lua 5.1 stack: a frame, or a call a tail
// call replaced (tail).
type stackLevel struct {
	f     *frameInfo
	child *frameInfo // the frame above f, nil for the running one
	tail  bool
	yield bool // the yield a suspended coroutine waits in; f is its caller
}

func (f *frameInfo) parent(L *lua.LState) (*frameInfo, bool) {
	return readFrame(L, *(*unsafe.Pointer)(unsafe.Add(f.ptr, framesLayout().parent)))
}

func (f *frameInfo) tailCalls() int { return *(*int)(unsafe.Add(f.ptr, framesLayout().tailCall)) }
func (f *frameInfo) base() int      { return *(*int)(unsafe.Add(f.ptr, framesLayout().base)) }

// levelAt is lua_getstack: level 0 is the running function, and each
// frame is followed by the levels of the calls its tail calls replaced.
func levelAt(L *lua.LState, level int) (stackLevel, bool) {
	if level < 0 {
		return stackLevel{}, false
	}
	f, ok := frameAt(L, 0)
	var child *frameInfo
	for level > 0 && ok {
		level--
		if !f.fn.IsG {
			level -= f.tailCalls()
		}
		child = f
		f, ok = f.parent(L)
		for ok && isHidden(f.fn) {
			f, ok = f.parent(L)
		}
	}
	switch {
	case level == 0 && ok:
		return stackLevel{f: f, child: child}, true
	case level < 0:
		return stackLevel{tail: true}, true
	}
	return stackLevel{}, false
}

// levelIn is levelAt in L1 as seen from L: a suspended coroutine waits in
// coroutine.yield, its level 0, and one that died of an error raised by a
// Go function (error, assert) has that function at level 0: frames
// gopher-lua does not keep.
func levelIn(L, L1 *lua.LState, level int) (stackLevel, bool) {
	if L1 == L {
		return levelAt(L1, level)
	}
	if st := coStatus(L, L1); st != "suspended" && st != "dead" {
		return levelAt(L1, level)
	}
	top, ok := frameAt(L1, 0)
	if !ok || top.fn.IsG || top.pc < 0 || top.pc >= len(top.fn.Proto.Code) || opOf(top.fn.Proto.Code[top.pc]) != lua.OP_CALL {
		return levelAt(L1, level)
	}
	if level == 0 {
		return stackLevel{f: top, yield: true}, true
	}
	lv, ok := levelAt(L1, level-1)
	if ok && lv.child == nil && lv.f != nil {
		lv.child = &frameInfo{ptr: nil} // the yield's arguments are gone
	}
	return lv, ok
}

// threadArg is ldblib.c's getthread: an optional coroutine first.
func threadArg(L *lua.LState) (*lua.LState, int) {
	if co, ok := L.Get(1).(*lua.LState); ok {
		return co, 1
	}
	return L, 0
}

// funcInfo is what lua_getinfo tells of a function or level.
type funcInfo struct {
	source, shortSrc, what string
	lineDefined, lastLine  int
	currentLine            int
	nups                   int
	name, nameWhat         string
	tailName               bool // a tail call's name is "", not nil
	fn                     *lua.LFunction
}

func describe(L *lua.LState, lv stackLevel, fn *lua.LFunction) funcInfo {
	if lv.tail {
		return funcInfo{source: "=(tail call)", shortSrc: "(tail call)", what: "tail", lineDefined: -1, lastLine: -1, currentLine: -1, tailName: true}
	}
	if lv.yield {
		info := funcInfo{source: "=[C]", shortSrc: "[C]", what: "C", lineDefined: -1, lastLine: -1, currentLine: -1}
		f := lv.f
		if !f.fn.IsG && f.pc >= 0 && f.pc < len(f.fn.Proto.Code) {
			if inst := f.fn.Proto.Code[f.pc]; opOf(inst) == lua.OP_CALL {
				info.nameWhat, info.name = objectName(f.fn.Proto, f.pc, argA(inst))
				if g, ok := f.reg(argA(inst)).(*lua.LFunction); ok {
					info.fn = g
				}
			}
		}
		return info
	}
	if lv.f != nil {
		fn = lv.f.fn
	}
	info := funcInfo{fn: fn, currentLine: -1, nups: len(fn.Upvalues)}
	if fn.IsG {
		info.source, info.shortSrc, info.what = "=[C]", "[C]", "C"
		info.lineDefined, info.lastLine = -1, -1
	} else {
		p := fn.Proto
		info.shortSrc = p.SourceName
		info.source = chunkSource(p.SourceName)
		info.lineDefined, info.lastLine, info.what = p.LineDefined, p.LastLineDefined, "Lua"
		if p.LineDefined == 0 {
			info.lastLine, info.what = 0, "main"
		}
		if lv.f != nil && lv.f.pc >= 0 && lv.f.pc < len(p.DbgSourcePositions) {
			info.currentLine = p.DbgSourcePositions[lv.f.pc]
		}
	}
	if lv.f != nil {
		info.name, info.nameWhat = calledAs(L, lv.f)
	}
	return info
}

// chunkSource is a chunk's source as Lua keeps it ("@file", "=name", or
// the code of a string), from the name psulua compiled it under: the code
// of a string chunk is not kept, its [string "..."] name stands for it.
func chunkSource(name string) string {
	switch {
	case strings.HasPrefix(name, `[string "`):
		return name
	case name == "stdin" || name == "(command line)" || name == "?":
		return "=" + name
	}
	return "@" + name
}

// calledAs is ldebug.c's getfuncname: how the caller of frame f named it,
// from the caller's call instruction; nothing for a function a tail call
// or Go code called.
func calledAs(L *lua.LState, f *frameInfo) (name, namewhat string) {
	if !f.fn.IsG && f.tailCalls() > 0 {
		return "", ""
	}
	caller, ok := f.parent(L)
	if !ok || caller.fn.IsG || caller.pc < 0 || caller.pc >= len(caller.fn.Proto.Code) {
		return "", ""
	}
	inst := caller.fn.Proto.Code[caller.pc]
	switch opOf(inst) {
	case lua.OP_CALL, lua.OP_TAILCALL, lua.OP_TFORLOOP:
		kind, n := objectName(caller.fn.Proto, caller.pc, argA(inst))
		return n, kind
	}
	return "", ""
}

// debugGetInfo is debug.getinfo([thread,] f or level [, what]).
func debugGetInfo(L *lua.LState) int {
	L1, arg := threadArg(L)
	what := L.OptString(arg+2, "flnSu")
	var lv stackLevel
	var fn *lua.LFunction
	switch v := L.Get(arg + 1).(type) {
	case lua.LNumber:
		var ok bool
		if lv, ok = levelIn(L, L1, int(v)); !ok {
			L.Push(lua.LNil)
			return 1
		}
	case *lua.LFunction:
		fn = v
	default:
		L.ArgError(arg+1, "function or level expected")
	}
	info := describe(L1, lv, fn)
	t := L.NewTable()
	for _, c := range what {
		switch c {
		case 'S':
			t.RawSetString("source", lua.LString(info.source))
			t.RawSetString("short_src", lua.LString(info.shortSrc))
			t.RawSetString("linedefined", lua.LNumber(info.lineDefined))
			t.RawSetString("lastlinedefined", lua.LNumber(info.lastLine))
			t.RawSetString("what", lua.LString(info.what))
		case 'l':
			t.RawSetString("currentline", lua.LNumber(info.currentLine))
		case 'u':
			t.RawSetString("nups", lua.LNumber(info.nups))
		case 'n':
			if info.name != "" || info.tailName {
				t.RawSetString("name", lua.LString(info.name))
			}
			t.RawSetString("namewhat", lua.LString(info.nameWhat))
		case 'f':
			if info.fn != nil {
				t.RawSetString("func", info.fn)
			}
		case 'L':
			if info.fn != nil && !info.fn.IsG {
				lines := L.NewTable()
				for _, line := range info.fn.Proto.DbgSourcePositions {
					lines.RawSetInt(line, lua.LTrue)
				}
				t.RawSetString("activelines", lines)
			}
		case '>':
		default:
			L.ArgError(arg+2, "invalid option")
		}
	}
	L.Push(t)
	return 1
}

// localAt is ldebug.c's findlocal: the name of local n of a level, a
// named local of a Lua function or "(*temporary)" for another slot of its
// frame, and the slot's index in the value stack.
func localAt(L1 *lua.LState, lv stackLevel, n int) (string, int) {
	f := lv.f
	if f == nil || lv.yield {
		return "", -1
	}
	if !f.fn.IsG {
		name, reg, hidden, ok := visibleLocal(f.fn.Proto, n, f.pc)
		if ok {
			return name, f.localBase + reg
		}
		if n > 0 {
			n += hidden // the temporaries' registers come before the others
		}
	}
	limit := stackTop(L1)
	if lv.child != nil {
		if lv.child.ptr == nil {
			limit = f.localBase // only named locals
		} else {
			limit = lv.child.base()
		}
	}
	if n > 0 && limit-f.localBase >= n {
		return "(*temporary)", f.localBase + n - 1
	}
	return "", -1
}

// visibleLocal is localNameAt for the debug library, which does not show
// the rewrites' temporaries (isTemporary): the name of the nth other
// local active at pc and its register, and how many temporaries are
// active at pc.
func visibleLocal(p *lua.FunctionProto, n, pc int) (name string, reg, hidden int, ok bool) {
	active := 0
	for _, l := range p.DbgLocals {
		if l.StartPc > pc {
			break
		}
		if pc < l.EndPc {
			active++
			if isTemporary(l.Name) {
				hidden++
				continue
			}
			if n--; n == 0 {
				return l.Name, active - 1, hidden, true
			}
		}
	}
	return "", 0, hidden, false
}

// localNameAt is luaF_getlocalname: local n active at pc.
func localNameAt(p *lua.FunctionProto, n, pc int) (string, bool) {
	for _, l := range p.DbgLocals {
		if l.StartPc > pc {
			break
		}
		if pc < l.EndPc {
			n--
			if n == 0 {
				return l.Name, true
			}
		}
	}
	return "", false
}

// debugGetLocal is debug.getlocal([thread,] level, n).
func debugGetLocal(L *lua.LState) int {
	L1, arg := threadArg(L)
	level, n := L.CheckInt(arg+1), L.CheckInt(arg+2)
	lv, ok := levelIn(L, L1, level)
	if !ok {
		L.ArgError(arg+1, "level out of range")
	}
	name, slot := localAt(L1, lv, n)
	if name == "" {
		L.Push(lua.LNil)
		return 1
	}
	f, _ := frameAt(L1, 0) // the value stack as it is now
	var v lua.LValue = lua.LNil
	if f != nil && slot < len(f.regs) && f.regs[slot] != nil {
		v = f.regs[slot]
	}
	L.Push(lua.LString(name))
	L.Push(v)
	return 2
}

// debugSetLocal is debug.setlocal([thread,] level, n, value).
func debugSetLocal(L *lua.LState) int {
	L1, arg := threadArg(L)
	level, n := L.CheckInt(arg+1), L.CheckInt(arg+2)
	v := L.CheckAny(arg + 3)
	lv, ok := levelIn(L, L1, level)
	if !ok {
		L.ArgError(arg+1, "level out of range")
	}
	name, slot := localAt(L1, lv, n)
	if name == "" {
		L.Push(lua.LNil)
		return 1
	}
	if f, _ := frameAt(L1, 0); f != nil && slot < len(f.regs) {
		f.regs[slot] = v
	}
	L.Push(lua.LString(name))
	return 1
}

// upvalueOf is ldblib.c's auxupvalue: Go functions' upvalues cannot be
// touched from Lua.
func upvalueOf(L *lua.LState) (*lua.LFunction, int, bool) {
	n := L.CheckInt(2)
	fn := L.CheckFunction(1)
	if fn.IsG || n < 1 || n > len(fn.Upvalues) {
		return nil, 0, false
	}
	return fn, n - 1, true
}

func upvalueName(fn *lua.LFunction, i int) string {
	if i < len(fn.Proto.DbgUpvalues) {
		return fn.Proto.DbgUpvalues[i]
	}
	return ""
}

func debugGetUpvalue(L *lua.LState) int {
	fn, i, ok := upvalueOf(L)
	if !ok {
		return 0
	}
	L.Push(lua.LString(upvalueName(fn, i)))
	L.Push(fn.Upvalues[i].Value())
	return 2
}

func debugSetUpvalue(L *lua.LState) int {
	L.CheckAny(3)
	fn, i, ok := upvalueOf(L)
	if !ok {
		return 0
	}
	fn.Upvalues[i].SetValue(L.Get(3))
	L.Push(lua.LString(upvalueName(fn, i)))
	return 1
}

// debugTraceback is debug.traceback([thread,] [message [, level]]).
func debugTraceback(L *lua.LState) int {
	L1, arg := threadArg(L)
	level := 1
	if L1 != L {
		level = 0 // level 0 is not traceback itself
	}
	if n, ok := L.Get(arg + 2).(lua.LNumber); ok {
		level = int(n)
	}
	msg := ""
	switch v := L.Get(arg + 1).(type) {
	case lua.LString, lua.LNumber:
		msg = lua.LVAsString(v) + "\n"
	case *lua.LNilType:
		if L.GetTop() > arg {
			L.Push(v)
			return 1
		}
	default:
		L.Push(v)
		return 1
	}
	L.Push(lua.LString(msg + traceback51(L, L1, level, 0)))
	return 1
}

// traceback51 is ldblib.c's db_errorfb from level up. The host's own
// state ends with "[C]: ?", where lua.c's pmain calls the chunk. Where a
// deep stack is cut depends on the level numbers db_errorfb sees, shift
// more than L1's when it is called from a handler.
func traceback51(L, L1 *lua.LState, level, shift int) string {
	exists := func(l int) bool { _, ok := levelIn(L, L1, l); return ok }
	end := 0 // the first level that does not exist
	if exists(0) {
		lo, step := 0, 1
		for exists(lo + step) {
			lo += step
			step *= 2
		}
		hi := lo + step
		for hi-lo > 1 {
			if mid := lo + (hi-lo)/2; exists(mid) {
				lo = mid
			} else {
				hi = mid
			}
		}
		end = hi
	}
	host := L1 == L1.G.MainThread
	total := end
	if host {
		total++
	}
	entry := func(l int) string {
		if l >= end {
			return "[C]: ?"
		}
		lv, _ := levelIn(L, L1, l)
		info := describe(L1, lv, nil)
		s := info.shortSrc + ":"
		if info.currentLine > 0 {
			s += strconv.Itoa(info.currentLine) + ":"
		}
		switch {
		case info.nameWhat != "":
			return s + " in function '" + info.name + "'"
		case info.what == "main":
			return s + " in main chunk"
		case info.what == "C" || info.what == "tail":
			return s + " ?"
		}
		return s + " in function <" + info.shortSrc + ":" + strconv.Itoa(info.lineDefined) + ">"
	}
	var b strings.Builder
	b.WriteString("stack traceback:")
	first := true
	for l := level; l < total; l++ {
		if first && l+shift >= levels1 {
			first = false
			if total > l+1+levels2 {
				b.WriteString("\n\t...")
				l = total - levels2
			}
		}
		b.WriteString("\n\t")
		b.WriteString(entry(l))
	}
	return b.String()
}

// baseGetFEnv is getfenv, whose levels count the calls tail calls
// replaced, which have no environment (lbaselib.c's getfunc).
func baseGetFEnv(L *lua.LState, orig *lua.LFunction) int {
	if _, isFunc := L.Get(1).(*lua.LFunction); isFunc {
		return callOriginal(L, orig)
	}
	level := lua51.OptInt(L, 1, 1)
	if level < 0 {
		lua51.ArgError(L, 1, "level must be non-negative")
	}
	lv, ok := levelAt(L, level)
	switch {
	case !ok:
		lua51.ArgError(L, 1, "invalid level")
	case lv.tail:
		L.RaiseError("no function environment for tail call at level %d", level)
	case level == 0:
		L.Push(L.Env)
	case lv.f.fn.IsG:
		L.Push(L.G.Global)
	default:
		L.Push(lv.f.fn.Env)
	}
	return 1
}
