package engine

import (
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/lua51"
)

// installLua51 puts back what Lua 5.1's library has and gopher-lua's lacks
// or does differently: tostring of a __tostring that returns a non-string,
// table.foreach and foreachi, gcinfo, string.gfind, os.setlocale,
// package.loadlib, os.execute without a command, the default output file
// of io.write and io.output, os.clock as processor time, and protected
// calls that leave no closure reading a dead frame.
func (h *Host) installLua51() {
	L := h.L
	L.SetGlobal("tostring", L.NewFunction(baseToString))
	L.SetGlobal("gcinfo", L.NewFunction(func(L *lua.LState) int {
		L.Push(lua.LNumber(heapBytes() / 1024))
		return 1
	}))
	L.SetGlobal("newproxy", L.NewFunction(baseNewProxy))
	L.SetGlobal("error", L.NewFunction(baseError))
	L.SetGlobal("assert", L.NewFunction(baseAssert))
	L.SetGlobal("unpack", L.NewFunction(baseUnpack))
	if tbl, ok := L.GetGlobal("table").(*lua.LTable); ok {
		tbl.RawSetString("foreach", L.NewFunction(tableForeach))
		tbl.RawSetString("foreachi", L.NewFunction(tableForeachi))
		tbl.RawSetString("maxn", L.NewFunction(tableMaxn))
	}
	if str, ok := L.GetGlobal("string").(*lua.LTable); ok {
		str.RawSetString("gfind", str.RawGetString("gmatch"))
	}
	if os, ok := L.GetGlobal("os").(*lua.LTable); ok {
		os.RawSetString("setlocale", L.NewFunction(osSetLocale))
		os.RawSetString("remove", L.NewFunction(osRemove))
		os.RawSetString("rename", L.NewFunction(osRename))
		os.RawSetString("tmpname", L.NewFunction(osTmpname))
		os.RawSetString("execute", L.NewFunction(h.osExecute))
		os.RawSetString("date", L.NewFunction(osDate))
		// gopher-lua's os.clock is the wall time since it started.
		os.RawSetString("clock", L.NewFunction(func(L *lua.LState) int {
			L.Push(lua.LNumber(processorTime().Seconds()))
			return 1
		}))
	}
	if pkg, ok := L.GetGlobal("package").(*lua.LTable); ok {
		// C libraries cannot be loaded into a Go program: loadlib fails
		// as Lua 5.1's does on a library it cannot open.
		pkg.RawSetString("loadlib", L.NewFunction(func(L *lua.LState) int {
			path := L.CheckString(1)
			L.CheckString(2)
			msg := path + ": psulua cannot load C libraries"
			if _, err := os.Stat(path); err != nil {
				msg = path + ": cannot open shared object file: No such file or directory"
			}
			L.Push(lua.LNil)
			L.Push(lua.LString(msg))
			L.Push(lua.LString("open"))
			return 3
		}))
	}
	if iolib, ok := L.GetGlobal("io").(*lua.LTable); ok {
		guardIOArguments(L, iolib)
	}
	h.installDefaultOutput()
	if orig, ok := L.GetGlobal("getfenv").(*lua.LFunction); ok {
		L.SetGlobal("getfenv", L.NewFunction(func(L *lua.LState) int {
			return baseGetFEnv(L, orig)
		}))
	}
	if dbg, ok := L.GetGlobal("debug").(*lua.LTable); ok {
		for name, fn := range map[string]lua.LGFunction{
			"getinfo": debugGetInfo, "getlocal": debugGetLocal, "setlocal": debugSetLocal,
			"getupvalue": debugGetUpvalue, "setupvalue": debugSetUpvalue, "traceback": debugTraceback,
			"getregistry": func(L *lua.LState) int { L.Push(L.Get(lua.RegistryIndex)); return 1 },
		} {
			dbg.RawSetString(name, L.NewFunction(fn))
		}
		if setfenv, ok := dbg.RawGetString("setfenv").(*lua.LFunction); ok {
			dbg.RawSetString("setfenv", L.NewFunction(func(L *lua.LState) int {
				L.CheckTable(2)
				switch L.Get(1).Type() {
				case lua.LTFunction, lua.LTThread, lua.LTUserData:
					L.SetTop(2)
					return callOriginal(L, setfenv)
				}
				L.RaiseError("'setfenv' cannot change environment of given object")
				return 0
			}))
		}
	}
	if co, ok := L.GetGlobal("coroutine").(*lua.LTable); ok {
		if resume, ok := co.RawGetString("resume").(*lua.LFunction); ok {
			co.RawSetString("resume", L.NewFunction(func(L *lua.LState) int {
				return h.coResume(L, resume)
			}))
		}
		co.RawSetString("status", L.NewFunction(func(L *lua.LState) int {
			L.Push(lua.LString(coStatus(L, lua51.CheckCoroutine(L, 1))))
			return 1
		}))
	}
}

// coStatus is coroutine.status(co) seen from L: gopher-lua's says
// "normal" only for L's parent, and "suspended" for the coroutines that
// resumed the parent, which resume then resumed again, recursing until
// the Go stack overflowed and ended the program.
func coStatus(L, co *lua.LState) string {
	switch {
	case co.Dead:
		return "dead"
	case co == L || L.G.CurrentThread == co:
		return "running"
	}
	for p := L.Parent; p != nil; p = p.Parent {
		if p == co {
			return "normal"
		}
	}
	return "suspended"
}

// installCoroutineWrap replaces coroutine.wrap with one built on the
// coroutine.resume in place now (the host's, which re-raises when the run
// is stopping). As Lua 5.1's, the function it returns raises the
// coroutine's error with the caller's position prepended when the error
// is a string or a number.
func (h *Host) installCoroutineWrap() {
	L := h.L
	co, ok := L.GetGlobal("coroutine").(*lua.LTable)
	if !ok {
		return
	}
	create, ok1 := co.RawGetString("create").(*lua.LFunction)
	resume, ok2 := co.RawGetString("resume").(*lua.LFunction)
	if !ok1 || !ok2 {
		return
	}
	co.RawSetString("wrap", L.NewFunction(func(L *lua.LState) int {
		lua51.CheckLuaFunction(L, 1)
		L.Push(create)
		L.Push(L.Get(1))
		L.Call(1, 1)
		w := &wrappedCoroutine{thread: L.Get(-1), resume: resume}
		L.Pop(1)
		L.Push(L.NewFunction(w.call))
		return 1
	}))
}

// wrappedCoroutine is a function coroutine.wrap returns.
type wrappedCoroutine struct {
	thread lua.LValue
	resume *lua.LFunction
}

func (w *wrappedCoroutine) call(L *lua.LState) int {
	n := L.GetTop()
	L.Insert(w.thread, 1)
	L.Insert(w.resume, 1)
	L.Call(n+1, lua.MultRet)
	if L.Get(1) == lua.LFalse {
		// luaL_where(L, 1): the caller's position, none for a Go caller
		// such as pcall.
		switch e := L.Get(2).(type) {
		case lua.LString:
			L.Error(lua51.Prefixed(L, "coroutine.wrap", where51(L, 1), string(e)), 0)
		case lua.LNumber:
			L.Error(lua.LString(where51(L, 1)+NumberString(e)), 0)
		default:
			L.Error(e, 0)
		}
	}
	L.Remove(1)
	return L.GetTop()
}

// coResume is coroutine.resume that refuses a coroutine that is running
// or has resumed another ('normal'), as Lua 5.1 does: gopher-lua resumes
// it again, and two coroutines resuming each other recurse until the Go
// stack overflows, which ends the program.
// (How deep resumes nest is bounded in wrapProtectedCalls.)
func (h *Host) coResume(L *lua.LState, resume *lua.LFunction) int {
	co := lua51.CheckCoroutine(L, 1)
	if status := coStatus(L, co); status != "suspended" {
		return protectedFailure(L, lua.LString("cannot resume "+status+" coroutine"))
	}
	if k := yieldResults(co); k >= 0 {
		L.SetTop(1 + k) // resume's values after co, as many as the call keeps
	}
	n := callOriginal(L, resume)
	if n >= 2 && L.Get(1) == lua.LFalse {
		// A coroutine that died keeps its frames: name the culprit there.
		// An error of the VM was raised in the frame gopher-lua popped, an
		// error of a Go function (whose frame it popped) by the frame left
		// on top.
		msg := L.Get(2)
		if f, ok := poppedFrame(co); ok && !f.fn.IsG && co.Dead && !isOverflow(msg) {
			msg = lua51MessageOf(co, 0, f, true, msg)
		} else {
			msg = lua51Message(co, 0, msg)
		}
		L.Replace(2, overflowMessage(L, msg))
	}
	return n
}

// protectedBase is the stack index the function of a protected call about
// to be made with nargs arguments sits at; -1 when unknown.
func protectedBase(L *lua.LState, nargs int) int {
	top := stackTop(L)
	if top < 0 {
		return -1
	}
	return top - nargs - 1
}

// baseToString is tostring(v): a __tostring metamethod's result is
// returned as it is, whatever its type, as Lua 5.1 does.
func baseToString(L *lua.LState) int {
	v := L.CheckAny(1)
	if mm := L.GetMetaField(v, "__tostring"); mm != lua.LNil {
		L.Push(mm)
		L.Push(v)
		L.Call(1, 1)
		return 1
	}
	L.Push(lua.LString(ToString(L, v)))
	return 1
}

// baseError is error([v [, level]]) as Lua 5.1's: v may be nil, and a
// string or number gets the position of the function level levels up
// (1, the default, is error's caller; gopher-lua's error counts one level
// too few and positions strings only).
func baseError(L *lua.LState) int {
	v := L.Get(1)
	level := lua51.OptInt(L, 2, 1)
	if level > 0 {
		switch e := v.(type) {
		case lua.LString:
			v = lua51.Prefixed(L, "error", where51(L, level), string(e))
		case lua.LNumber:
			v = lua.LString(where51(L, level) + NumberString(e))
		}
	}
	L.Error(v, 0)
	return 0
}

// baseAssert is Lua 5.1's assert: a number is a message too, a missing
// first argument is an error, and the message is not run through
// fmt.Sprintf (gopher-lua's copies a long one in a single call).
func baseAssert(L *lua.LState) int {
	if L.GetTop() == 0 {
		lua51.ArgError(L, 1, "value expected")
	}
	if lua.LVAsBool(L.Get(1)) {
		return L.GetTop()
	}
	msg := "assertion failed!"
	switch v := L.Get(2).(type) {
	case *lua.LNilType:
	case lua.LString:
		msg = string(v)
		if i := strings.IndexByte(msg, 0); i >= 0 {
			msg = msg[:i] // luaL_error's %s stops there
		}
	case lua.LNumber:
		msg = NumberString(v)
	default:
		lua51.ArgError(L, 2, "string expected, got "+L.Get(2).Type().String())
	}
	L.Error(lua51.Prefixed(L, "assert", where51(L, 1), msg), 0)
	return 0
}

// where51 is Lua 5.1's luaL_where: "chunk:line: " for the function level
// levels up the stack (0 is the running one), "" for a Go function or
// past the stack. Levels are counted as the debug library counts them
// (levelAt): the engine's own Go frames under pcall and xpcall are not
// levels, and a tail call is one without a position.
func where51(L *lua.LState, level int) string {
	if framesLayout().ok {
		lv, ok := levelAt(L, level)
		if !ok || lv.f == nil || lv.f.fn.IsG {
			return ""
		}
		p, pc := lv.f.fn.Proto, lv.f.pc
		if pc < 0 || pc >= len(p.DbgSourcePositions) || p.DbgSourcePositions[pc] <= 0 {
			return ""
		}
		return p.SourceName + ":" + strconv.Itoa(p.DbgSourcePositions[pc]) + ": "
	}
	dbg, ok := L.GetStack(level)
	if !ok {
		return ""
	}
	if _, err := L.GetInfo("Sl", dbg, lua.LNil); err != nil || dbg.CurrentLine <= 0 {
		return ""
	}
	return dbg.Source + ":" + strconv.Itoa(dbg.CurrentLine) + ": "
}

// yieldResults is how many results the call that co yielded from keeps,
// -1 for all of them, or when co has not started: resume adjusts its
// values to it, as Lua 5.1 adjusts a call's results. gopher-lua hands the
// call every value, and `return (coroutine.yield())`, which its compiler
// makes a call keeping one result and a return of all up to the top,
// returned them all.
func yieldResults(co *lua.LState) int {
	f, ok := frameAt(co, 0)
	if !ok || f.fn.IsG || f.pc < 0 || f.pc >= len(f.fn.Proto.Code) {
		return -1
	}
	if inst := f.fn.Proto.Code[f.pc]; opOf(inst) == lua.OP_CALL && argC(inst) > 0 {
		return argC(inst) - 1
	}
	return -1
}

// gopherOverflow is what gopher-lua's call stack panics with when it is
// full; Lua 5.1 says "stack overflow", after the position.
const gopherOverflow = "lua callstack overflow"

// overflowMessage turns gopher-lua's stack overflow error into Lua 5.1's
// wording. The frames that overflowed are gone by then: the position is
// that of the protected call's caller.
func overflowMessage(L *lua.LState, v lua.LValue) lua.LValue {
	if s, ok := v.(lua.LString); ok && strings.HasSuffix(string(s), gopherOverflow) {
		// The first Lua function up the stack: pcall and resume may be
		// called through the host's own Go wrappers.
		for level := 1; level < 8; level++ {
			if w := where51(L, level); w != "" {
				return lua.LString(w + "stack overflow")
			}
		}
		return lua.LString("stack overflow")
	}
	return v
}

// baseUnpack is unpack(t [, i [, j]]), refusing more than Lua 5.1's C
// stack holds ("too many results to unpack") instead of growing the
// value stack one slot at a time.
func baseUnpack(L *lua.LState) int {
	t := L.CheckTable(1)
	i, j := lua51.OptInt(L, 2, 1), lua51.OptInt(L, 3, t.Len())
	if i > j {
		return 0
	}
	n := int64(j) - int64(i) + 1
	if n <= 0 || n+int64(L.GetTop()) > lua51.MaxCStack {
		// luaL_error's position: unpack's caller, none for a Go one.
		L.Error(lua.LString(where51(L, 1)+"too many results to unpack"), 0)
	}
	for k := i; k <= j; k++ {
		L.Push(t.RawGet(lua.LNumber(k)))
	}
	return int(n)
}

// baseNewProxy is Lua 5.1's undocumented newproxy([b]): an empty
// userdata, with a new empty metatable when b is true, or sharing the
// metatable of b when b is such a userdata.
func baseNewProxy(L *lua.LState) int {
	ud := L.NewUserData()
	switch v := L.Get(1).(type) {
	case lua.LBool:
		if v {
			ud.Metatable = L.NewTable()
		}
	case *lua.LNilType:
	case *lua.LUserData:
		mt, ok := v.Metatable.(*lua.LTable)
		if !ok || v.Value != nil {
			L.ArgError(1, "boolean or proxy expected")
		}
		ud.Metatable = mt
	default:
		L.ArgError(1, "boolean or proxy expected")
	}
	L.Push(ud)
	return 1
}

// tableForeach is table.foreach(t, f): f(k, v) for every pair until f
// returns a value other than nil, which is returned. Each call looks at
// the time limit first: f may be a Go function (table.foreach itself) that
// runs no instruction, and tables of tables, each calling table.foreach
// on the next, multiplied the calls tenfold a level (nine levels ran a
// minute, to 3.7 GB).
func tableForeach(L *lua.LState) int {
	t := L.CheckTable(1)
	f := L.CheckAny(2)
	var k lua.LValue = lua.LNil
	for {
		checkDone(L)
		var v lua.LValue
		k, v = t.Next(k)
		if k == lua.LNil {
			return 0
		}
		L.Push(f)
		L.Push(k)
		L.Push(v)
		L.Call(2, 1)
		if r := L.Get(-1); r != lua.LNil {
			return 1
		}
		L.Pop(1)
	}
}

// tableForeachi is table.foreachi(t, f): f(i, t[i]) for i from 1 to #t
// until f returns a value other than nil, looking at the time limit
// before each call (see tableForeach).
func tableForeachi(L *lua.LState) int {
	t := L.CheckTable(1)
	f := L.CheckAny(2)
	n := t.Len()
	for i := 1; i <= n; i++ {
		checkDone(L)
		L.Push(f)
		L.Push(lua.LNumber(i))
		L.Push(t.RawGetInt(i))
		L.Call(2, 1)
		if r := L.Get(-1); r != lua.LNil {
			return 1
		}
		L.Pop(1)
	}
	return 0
}

// tableMaxn is table.maxn(t): the largest positive number among t's keys
// (gopher-lua's looks at integer keys only).
func tableMaxn(L *lua.LState) int {
	t := L.CheckTable(1)
	max := lua.LNumber(0)
	t.ForEach(func(k, _ lua.LValue) {
		if n, ok := k.(lua.LNumber); ok && n > max {
			max = n
		}
	})
	L.Push(max)
	return 1
}

// osSetLocale is os.setlocale([locale [, category]]): psulua runs in the
// "C" locale only, so querying it or asking for "C", "POSIX" or the
// environment's default ("") succeeds and any other locale fails.
func osSetLocale(L *lua.LState) int {
	switch cat := L.OptString(2, "all"); cat {
	case "all", "collate", "ctype", "monetary", "numeric", "time":
	default:
		L.ArgError(2, "invalid option '"+cat+"'")
	}
	switch v := L.Get(1).(type) {
	case *lua.LNilType:
		L.Push(lua.LString("C"))
	case lua.LString:
		if v == "C" || v == "POSIX" || v == "" {
			L.Push(lua.LString("C"))
		} else {
			L.Push(lua.LNil)
		}
	default:
		L.CheckString(1)
	}
	return 1
}

// osExecute is os.execute([command]): without a command it says a shell
// is there (nonzero), with one it runs it through /bin/sh and returns the
// status as C's system() does (the exit code times 256).
func (h *Host) osExecute(L *lua.LState) int {
	if L.Get(1) == lua.LNil {
		L.Push(lua.LNumber(1))
		return 1
	}
	command := L.CheckString(1)
	flushWriter(h.stdout)
	flushWriter(h.stderr)
	cmd := exec.Command("/bin/sh", "-c", command)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, h.stdout, h.stderr
	if f, ok := h.stdout.(*os.File); ok {
		cmd.Stdout = f
	}
	if f, ok := h.stderr.(*os.File); ok {
		cmd.Stderr = f
	}
	err := cmd.Run()
	status := 0
	if cmd.ProcessState != nil {
		if code := cmd.ProcessState.ExitCode(); code >= 0 {
			status = code << 8
		} else {
			status = 1
		}
	} else if err != nil {
		status = 127 << 8
	}
	L.Push(lua.LNumber(status))
	return 1
}

// installDefaultOutput makes io.write, io.output, io.flush and io.close()
// share one default output file, which may be the host's io.stdout or
// any file io.open returned, as in Lua 5.1. (gopher-lua keeps its own and
// accepts only its own files; io.output(name) did not truncate.)
func (h *Host) installDefaultOutput() {
	L := h.L
	iolib, ok := L.GetGlobal("io").(*lua.LTable)
	if !ok {
		return
	}
	open, _ := iolib.RawGetString("open").(*lua.LFunction)
	fileType, _ := iolib.RawGetString("type").(*lua.LFunction)
	var current lua.LValue = iolib.RawGetString("stdout")
	isFile := func(L *lua.LState, v lua.LValue) bool {
		if fileType == nil {
			return false
		}
		L.Push(fileType)
		L.Push(v)
		L.Call(1, 1)
		r := L.Get(-1)
		L.Pop(1)
		return r != lua.LNil
	}
	// method calls current:name(args at 1..top) and returns its results.
	method := func(L *lua.LState, name string) int {
		fn := L.GetField(current, name)
		top := L.GetTop()
		L.Insert(current, 1)
		L.Insert(fn, 1)
		L.Call(top+1, lua.MultRet)
		return L.GetTop()
	}
	iolib.RawSetString("output", L.NewFunction(func(L *lua.LState) int {
		switch v := L.Get(1).(type) {
		case *lua.LNilType:
		case lua.LString:
			if open == nil {
				L.RaiseError("io.output: io.open is missing")
			}
			L.Push(open)
			L.Push(v)
			L.Push(lua.LString("w"))
			L.Call(2, 2)
			f, msg := L.Get(-2), L.Get(-1)
			L.Pop(2)
			if f == lua.LNil {
				L.RaiseError("%s", lua.LVAsString(msg))
			}
			current = f
		default:
			if !isFile(L, v) {
				L.ArgError(1, "string or file expected, got "+v.Type().String())
			}
			current = v
		}
		L.Push(current)
		return 1
	}))
	iolib.RawSetString("write", L.NewFunction(func(L *lua.LState) int {
		if w, ok := h.writerOf(current); ok {
			if err := writeValues(L, w, 1); err != nil {
				L.RaiseError("write: %v", err)
			}
			L.Push(lua.LTrue) // Lua 5.1's io.write returns true (5.2 the file)
			return 1
		}
		return method(L, "write")
	}))
	iolib.RawSetString("flush", L.NewFunction(func(L *lua.LState) int {
		L.SetTop(0)
		return method(L, "flush")
	}))
	// The standard files cannot be closed, as in Lua 5.1 (closing
	// gopher-lua's would close the process's own descriptors).
	standard := map[lua.LValue]bool{}
	for _, name := range []string{"stdin", "stdout", "stderr"} {
		if f, ok := iolib.RawGetString(name).(*lua.LUserData); ok {
			standard[f] = true
		}
	}
	lineBuffered := map[*lua.LUserData]bool{} // files in setvbuf("line") mode, until closed
	refuse := func(L *lua.LState) int {
		L.Push(lua.LNil)
		L.Push(lua.LString("cannot close standard file"))
		return 2
	}
	if mt, ok := L.GetTypeMetatable("FILE*").(*lua.LTable); ok {
		// Lua 5.1's files have a __gc, which scripts may call; gopher-lua
		// never runs one, and its files close when collected.
		mt.RawSetString("__gc", L.NewFunction(func(L *lua.LState) int {
			if ud, ok := L.Get(1).(*lua.LUserData); !ok || ud.Metatable != mt {
				got := "no value"
				if L.GetTop() >= 1 {
					got = L.Get(1).Type().String()
				}
				L.ArgError(1, "FILE* expected, got "+got)
			}
			return 0
		}))
		if closeMethod, ok := mt.RawGetString("close").(*lua.LFunction); ok {
			mt.RawSetString("close", L.NewFunction(func(L *lua.LState) int {
				if standard[L.Get(1)] {
					return refuse(L)
				}
				if ud, ok := L.Get(1).(*lua.LUserData); ok {
					delete(lineBuffered, ud)
				}
				return callOriginal(L, closeMethod)
			}))
		}
	}
	// setvbuf on a file opened for reading only succeeds in Lua 5.1 (it
	// sets a buffer nothing uses); gopher-lua's refuses it.
	if mt, ok := L.GetTypeMetatable("FILE*").(*lua.LTable); ok {
		// Line buffering, which gopher-lua lacks, is full buffering
		// flushed after each write that holds a newline.
		write, _ := mt.RawGetString("write").(*lua.LFunction)
		flush, _ := mt.RawGetString("flush").(*lua.LFunction)
		if write != nil && flush != nil {
			mt.RawSetString("write", L.NewFunction(func(L *lua.LState) int {
				ud, _ := L.Get(1).(*lua.LUserData)
				if ud == nil || !lineBuffered[ud] {
					return callOriginal(L, write)
				}
				newline := false
				for i := 2; i <= L.GetTop(); i++ {
					if s, ok := L.Get(i).(lua.LString); ok && strings.Contains(string(s), "\n") {
						newline = true
					}
				}
				n := callOriginal(L, write)
				if newline {
					L.Push(flush)
					L.Push(ud)
					L.Call(1, 0)
				}
				return n
			}))
		}
		if setvbuf, ok := mt.RawGetString("setvbuf").(*lua.LFunction); ok {
			mt.RawSetString("setvbuf", L.NewFunction(func(L *lua.LState) int {
				if ud, ok := L.Get(1).(*lua.LUserData); ok {
					delete(lineBuffered, ud)
					if L.Get(2) == lua.LString("line") {
						lineBuffered[ud] = true
						L.Replace(2, lua.LString("full"))
					}
				}
				n := callOriginal(L, setvbuf)
				if n >= 2 && L.Get(1) == lua.LNil && strings.Contains(lua.LVAsString(L.Get(2)), "only reading") {
					L.SetTop(0)
					L.Push(lua.LTrue)
					return 1
				}
				return n
			}))
		}
	}
	if closeFn, ok := iolib.RawGetString("close").(*lua.LFunction); ok {
		iolib.RawSetString("close", L.NewFunction(func(L *lua.LState) int {
			if L.GetTop() == 0 {
				L.Push(current)
			}
			if standard[L.Get(1)] {
				return refuse(L)
			}
			return callOriginal(L, closeFn)
		}))
	}
}

// writerOf gives the writer behind one of the host's own files (io.stdout
// and io.stderr when the host has writers of its own).
func (h *Host) writerOf(v lua.LValue) (io.Writer, bool) {
	ud, ok := v.(*lua.LUserData)
	if !ok || ud.Metatable != h.L.GetTypeMetatable(writerTypeName) {
		return nil, false
	}
	w, ok := ud.Value.(io.Writer)
	return w, ok
}

// osRemove is os.remove(name): C's remove, which removes a file or an
// empty directory, and Lua 5.1's nil, "name: strerror", errno on failure
// (gopher-lua's gave Go's message and no errno).
func osRemove(L *lua.LState) int {
	name := L.CheckString(1)
	err := syscall.Unlink(name)
	if err == syscall.EISDIR {
		err = syscall.Rmdir(name)
	}
	return osResult(L, err, name)
}

// osRename is os.rename(from, to): C's rename (Go's os.Rename refuses a
// directory as the target), with Lua 5.1's results.
func osRename(L *lua.LState) int {
	from, to := L.CheckString(1), L.CheckString(2)
	return osResult(L, syscall.Rename(from, to), from)
}

// osResult is loslib.c's os_pushresult: true, or nil, "name: strerror"
// and the errno.
func osResult(L *lua.LState, err error, name string) int {
	if err == nil {
		L.Push(lua.LTrue)
		return 1
	}
	L.Push(lua.LNil)
	L.Push(lua.LString(name + ": " + cStrerror(err)))
	var errno syscall.Errno
	if errors.As(err, &errno) {
		L.Push(lua.LNumber(errno))
		return 3
	}
	return 2
}

// guardIOArguments gives io.lines and io.type Lua 5.1's argument errors: a
// file io.lines cannot open is one (gopher-lua's went on silently), and
// io.type needs a value.
func guardIOArguments(L *lua.LState, iolib *lua.LTable) {
	if lines, ok := iolib.RawGetString("lines").(*lua.LFunction); ok {
		iolib.RawSetString("lines", L.NewFunction(func(L *lua.LState) int {
			if name, ok := L.Get(1).(lua.LString); ok {
				f, err := os.Open(string(name))
				if err != nil {
					lua51.ArgError(L, 1, string(name)+": "+cStrerror(err))
				}
				f.Close()
			}
			return callOriginal(L, lines)
		}))
	}
	if typ, ok := iolib.RawGetString("type").(*lua.LFunction); ok {
		iolib.RawSetString("type", L.NewFunction(func(L *lua.LState) int {
			if L.GetTop() == 0 {
				lua51.ArgError(L, 1, "value expected")
			}
			return callOriginal(L, typ)
		}))
	}
}

// osTmpname is os.tmpname() as Lua 5.1 builds it on mkstemp: a new empty
// file /tmp/lua_XXXXXX, which the script is to remove (gopher-lua's gave
// a name and created nothing).
func osTmpname(L *lua.LState) int {
	const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	for range 100 {
		name := []byte("/tmp/lua_XXXXXX")
		for i := len(name) - 6; i < len(name); i++ {
			name[i] = letters[rand.IntN(len(letters))]
		}
		f, err := os.OpenFile(string(name), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			f.Close()
			L.Push(lua.LString(name))
			return 1
		}
		if !errors.Is(err, os.ErrExist) {
			break
		}
	}
	lua51.Raise(L, "unable to generate a unique filename")
	return 0
}
