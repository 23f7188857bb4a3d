package engine

import (
	"os"
	"path/filepath"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// Policy says what a sandboxed script may do beyond reading the system:
// everything else that changes the machine, runs programs, touches files,
// loads code from disk or reaches the VM's internals is removed or blocked
// with an error naming it.
type Policy struct {
	// Getenv allows os.getenv.
	Getenv bool
	// ReadFiles allows io.open and io.lines on regular files, for reading
	// only, and no larger than the memory limit.
	ReadFiles bool
	// HideOtherProcesses hides the environment and the command line of
	// every process (environ() and cmdline() raise AccessDenied, and give
	// ad_value in process_iter and as_dict), for hosts that run scripts
	// from people who must not see other users' secrets. Without it a
	// sandboxed script reads what psutil reads with the host's privileges:
	// as root, every process's command line, environment and open files.
	// The host's own environment is hidden either way, unless Getenv.
	HideOtherProcesses bool
}

// ReadOnly is the read-only policy: scripts read the system (every psutil
// function and Process getter, process_iter, net_connections), compute with
// string, table, math and coroutine, require the preloaded modules and
// write to the host's writers (print, io.write, io.stdout, io.stderr).
// Blocked: process control and setters, Popen, wait on processes, setting
// psutil.PROCFS_PATH, os.execute, io.popen, opening files, os.remove,
// os.rename, os.getenv, dofile, loadfile, require of files, string.dump,
// the debug library, and psutil's own metatables. os.exit only ends the
// script. A sandboxed host has a memory limit, [DefaultSandboxMemoryLimit]
// unless Options.MemoryLimit says otherwise.
func ReadOnly() *Policy { return &Policy{} }

// DefaultSandboxMemoryLimit is the memory limit of a sandboxed host whose
// Options give none.
const DefaultSandboxMemoryLimit = 256 << 20

// applyPolicy changes the library tables in place, so every path to them
// (globals, package.loaded, upvalues of other functions) sees the same.
func (h *Host) applyPolicy(p *Policy) {
	L := h.L
	block := func(t *lua.LTable, name, what string) {
		t.RawSetString(name, L.NewFunction(func(L *lua.LState) int {
			L.RaiseError("%s is blocked by the sandbox (read-only policy)", what)
			return 0
		}))
	}
	globals := L.Get(lua.GlobalsIndex).(*lua.LTable)
	block(globals, "dofile", "dofile (loading code from disk)")
	// _printregs dumps the VM's stack to the real stderr.
	globals.RawSetString("_printregs", lua.LNil)
	block(globals, "loadfile", "loadfile (loading code from disk)")

	if os, ok := L.GetGlobal("os").(*lua.LTable); ok {
		for _, name := range []string{"execute", "remove", "rename", "tmpname", "setenv", "setlocale"} {
			block(os, name, "os."+name)
		}
		if !p.Getenv {
			block(os, "getenv", "os.getenv")
		}
	}
	if io, ok := L.GetGlobal("io").(*lua.LTable); ok {
		h.sandboxIO(io, p)
	}
	if str, ok := L.GetGlobal("string").(*lua.LTable); ok {
		block(str, "dump", "string.dump")
	}
	// The debug and channel libraries reach past the sandbox (registry,
	// upvalues, metatables of any value; goroutine channels): gone.
	loaded, _ := L.GetField(L.GetGlobal("package"), "loaded").(*lua.LTable)
	for _, lib := range []string{"debug", "channel"} {
		globals.RawSetString(lib, lua.LNil)
		if loaded != nil {
			loaded.RawSetString(lib, lua.LNil)
		}
	}
	// require finds only preloaded modules: no searching of files, and
	// the error of a module not found says why.
	if pkg, ok := L.GetGlobal("package").(*lua.LTable); ok {
		pkg.RawSetString("path", lua.LString(""))
		pkg.RawSetString("cpath", lua.LString(""))
		block(pkg, "loadlib", "package.loadlib")
		if loaders, ok := pkg.RawGetString("loaders").(*lua.LTable); ok {
			for i := loaders.Len(); i > 1; i-- {
				loaders.RawSetInt(i, lua.LNil)
			}
			loaders.RawSetInt(2, L.NewFunction(func(L *lua.LState) int {
				L.Push(lua.LString("\n\tno file searched: loading modules from disk is blocked by the sandbox (read-only policy)"))
				return 1
			}))
		}
	}
	// Lock the string metatable and the FILE* metatable.
	if mt, ok := L.GetMetatable(lua.LString("")).(*lua.LTable); ok {
		mt.RawSetString("__metatable", lua.LString("protected by the sandbox"))
	}
	if mt, ok := L.GetTypeMetatable("FILE*").(*lua.LTable); ok {
		mt.RawSetString("__metatable", lua.LString("protected by the sandbox"))
	}
}

// sandboxIO leaves io.write, io.stdout and io.stderr (the host's writers),
// io.type, and, when the policy allows reading files, io.open and io.lines
// on regular files.
func (h *Host) sandboxIO(io *lua.LTable, p *Policy) {
	L := h.L
	open, _ := io.RawGetString("open").(*lua.LFunction)
	lines, _ := io.RawGetString("lines").(*lua.LFunction)
	keep := map[string]bool{"write": true, "type": true, "stdout": true, "stderr": true, "flush": true}
	var names []string
	io.ForEach(func(k, _ lua.LValue) { names = append(names, k.String()) })
	for _, name := range names {
		if !keep[name] {
			name := name
			io.RawSetString(name, L.NewFunction(func(L *lua.LState) int {
				L.RaiseError("io.%s is blocked by the sandbox (read-only policy)", name)
				return 0
			}))
		}
	}
	if !p.ReadFiles {
		return
	}
	if open != nil {
		io.RawSetString("open", L.NewFunction(func(L *lua.LState) int {
			h.checkReadable(L, L.CheckString(1))
			switch mode := L.OptString(2, "r"); mode {
			case "r", "rb":
			default:
				L.RaiseError("io.open in mode %q is blocked by the sandbox (read-only policy): only \"r\" is allowed", mode)
			}
			return callOriginal(L, open)
		}))
	}
	if lines != nil {
		io.RawSetString("lines", L.NewFunction(func(L *lua.LState) int {
			h.checkReadable(L, L.CheckString(1)) // without a file name it would read stdin
			return callOriginal(L, lines)
		}))
	}
}

// checkReadable lets a sandboxed script open only regular files that fit
// in its memory limit: /dev/zero would never end, a FIFO would block.
func (h *Host) checkReadable(L *lua.LState, path string) {
	fi, err := os.Stat(path)
	if err != nil {
		return // the original reports it
	}
	if !fi.Mode().IsRegular() {
		L.RaiseError("io.open of %s is blocked by the sandbox (read-only policy): not a regular file", path)
	}
	// Kernel files (size 0, or endless like /proc/kmsg, or the host's own
	// /proc/self/environ) are not files to read: what the sandbox reads
	// of the system goes through psutil.
	real := path
	if abs, err := filepath.Abs(path); err == nil {
		real = abs
	}
	if r, err := filepath.EvalSymlinks(real); err == nil {
		real = r
	}
	for _, dir := range []string{"/proc/", "/sys/", "/dev/"} {
		if strings.HasPrefix(real, dir) {
			L.RaiseError("io.open of %s is blocked by the sandbox (read-only policy): a kernel file", path)
		}
	}
	if fi.Size() > h.opts.MemoryLimit {
		L.RaiseError("io.open of %s is blocked by the sandbox (read-only policy): larger than the memory limit", path)
	}
}

// protectedFailure returns false and msg, as a protected call that failed
// (pcall, xpcall, coroutine.resume).
func protectedFailure(L *lua.LState, msg lua.LValue) int {
	L.Push(lua.LFalse)
	L.Push(msg)
	return 2
}

// pcall is Lua's pcall, with two changes from gopher-lua's: it re-raises
// while the run is stopping (see wrapProtectedCalls), and it calls with a
// message handler. gopher-lua closes every open upvalue of the whole stack
// when an error is raised without a handler, so after a caught error a
// function would go on updating a detached copy of its enclosing
// function's locals (yuin/gopher-lua#448: `local n = 0; local function
// f() pcall(error); n = n + 1 end; f(); f()` left n at 1). With a handler
// it leaves them open, as Lua does.
func (h *Host) pcall(L *lua.LState) int {
	v := L.CheckAny(1)
	if v.Type() != lua.LTFunction && L.GetMetaField(v, "__call").Type() != lua.LTFunction {
		return protectedFailure(L, lua.LString("attempt to call a "+v.Type().String()+" value"))
	}
	if h.pcallUnwound == nil {
		h.pcallUnwound = L.NewFunction(h.unwound)
	}
	if h.cCalls >= maxCCalls {
		return protectedFailure(L, lua.LString(errCStackOverflow))
	}
	if callStackFull(L) { // see overflow.go
		return protectedFailure(L, overflowMessage(L, lua.LString(gopherOverflow)))
	}
	// The call goes through callGuarded, so that the handler of a stack
	// overflow runs on the reserve (see overflow.go): on the full stack
	// gopher-lua could not call it, and cleared the unwound frames'
	// registers with their upvalues still open.
	L.Insert(h.guard, 1)
	depth := len(h.pcallBases)
	h.pcallBases = append(h.pcallBases, protectedBase(L, L.GetTop()-1))
	segments := callStackSegments(L)
	h.cCalls++
	err := h.protectedPCall(L)
	h.cCalls--
	setCallStackSegments(L, segments)
	h.pcallBases = h.pcallBases[:depth]
	return h.protectedResult(L, err)
}

// protectedPCall is protect(L.PCall(...)) for pcall, without a closure
// per call: pcall is in every loop that may meet a process ending.
func (h *Host) protectedPCall(L *lua.LState) (err error) {
	saved := saveErrorFunc(L)
	defer func() {
		saved.restore()
		if r := recover(); r != nil {
			err = h.internalError(r)
		}
	}()
	return L.PCall(L.GetTop()-1, lua.MultRet, h.pcallUnwound)
}

// unwound is pcall's message handler: it words the error as Lua 5.1 does
// and closes the upvalues of the frames the error unwound, above the
// innermost pcall's base.
func (h *Host) unwound(L *lua.LState) int {
	if h.brokenBy(L.Get(1)) {
		h.markBroken(L.Get(1))
	}
	L.Replace(1, lua51Message(L, 1, L.Get(1)))
	if n := len(h.pcallBases); n > 0 {
		closeUpvaluesFrom(L, h.pcallBases[n-1]+1) // see upvalues.go
	}
	return 1
}

// protectedResult is what pcall and xpcall return once their call is
// over: true and its results, or false and the error, which is raised
// again while the run is stopping.
func (h *Host) protectedResult(L *lua.LState, err error) int {
	if err != nil {
		var obj lua.LValue = lua.LString(err.Error())
		if ae, ok := err.(*lua.ApiError); ok {
			obj = overflowMessage(L, ae.Object)
		}
		if h.stopping(L) {
			L.Error(obj, 0)
		}
		return protectedFailure(L, obj)
	}
	L.Insert(lua.LTrue, 1)
	return L.GetTop()
}

// wrapProtectedCalls makes pcall, xpcall and coroutine.resume re-raise
// while the run is stopping (os.exit, time or memory limit, a Go panic in
// the VM), so a script cannot catch its own end and go on; and
// coroutine.yield refuse to yield across Go calls.
func (h *Host) wrapProtectedCalls() {
	L := h.L
	wrap := func(t *lua.LTable, name string, okIndex int) {
		orig, ok := t.RawGetString(name).(*lua.LFunction)
		if !ok {
			return
		}
		t.RawSetString(name, L.NewFunction(func(L *lua.LState) int {
			if name == "resume" {
				// Lua 5.1 checks before counting the resume, and
				// after counting a pcall: one level more.
				if h.cCalls > maxCCalls {
					return protectedFailure(L, lua.LString(errCStackOverflow))
				}
				h.cCalls++
				defer func() { h.cCalls-- }()
			}
			if co, ok := L.Get(1).(*lua.LState); ok && name == "resume" {
				// A coroutine runs under the limits of the run that
				// resumes it, not of the one that created it.
				if ctx := L.Context(); ctx != nil {
					setContext(co, ctx)
				} else {
					co.RemoveContext()
				}
			}
			n := callOriginal(L, orig)
			if n >= 2 && L.Get(okIndex) == lua.LFalse {
				if name == "resume" && goPanicMessage(L.Get(okIndex+1)) {
					h.markBroken(L.Get(okIndex + 1))
				}
				if h.stopping(L) {
					L.Error(L.Get(okIndex+1), 0)
				}
			}
			return n
		}))
	}
	globals := L.Get(lua.GlobalsIndex).(*lua.LTable)
	globals.RawSetString("pcall", L.NewFunction(h.pcall))
	globals.RawSetString("xpcall", L.NewFunction(h.xpcall))
	if co, ok := L.GetGlobal("coroutine").(*lua.LTable); ok {
		wrap(co, "resume", 1)
		h.guardYield(co)
		h.shareRunContext(co)
	}
}

// maxCCalls bounds the pcalls, xpcalls and coroutine resumes running
// inside each other, in any mix: each nests gopher-lua's VM on the Go
// stack, which no limit of a Lua state bounds. It is Lua 5.1's
// LUAI_MAXCCALLS (200) less the C calls lua.c's own start takes and the
// one luaD_call counts before it checks, so that the same script fails at
// the same depth as under lua5.1, with its message.
const maxCCalls = 197

const errCStackOverflow = "C stack overflow"
