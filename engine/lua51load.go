package engine

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"unsafe"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/lua51"
)

// installLoaders replaces load, loadstring, loadfile, dofile and require's
// file searcher with ones that compile through [Compile], and names chunks
// as Lua 5.1 does ([string "..."], file names without '@').
func (h *Host) installLoaders() {
	L := h.L
	L.SetGlobal("loadstring", L.NewFunction(h.baseLoadString))
	L.SetGlobal("load", L.NewFunction(h.baseLoad))
	L.SetGlobal("loadfile", L.NewFunction(h.baseLoadFile))
	L.SetGlobal("dofile", L.NewFunction(h.baseDoFile))
	h.loadingSentinel = L.NewUserData()
	L.SetGlobal("require", L.NewFunction(h.require))
	if pkg, ok := L.GetGlobal("package").(*lua.LTable); ok {
		if loaders, ok := pkg.RawGetString("loaders").(*lua.LTable); ok {
			loaders.RawSetInt(1, L.NewFunction(loaderPreload))
			loaders.RawSetInt(2, L.NewFunction(h.loaderLua))
			loaders.RawSetInt(3, L.NewFunction(loaderC))
			loaders.RawSetInt(4, L.NewFunction(loaderCRoot))
		}
	}
}

// require is Lua 5.1's (ll_require): package.loaded, then each of
// package.loaders in turn, their messages gathered into the error.
func (h *Host) require(L *lua.LState) int {
	name := L.CheckString(1)
	loaded, ok := L.GetField(L.Get(lua.RegistryIndex), "_LOADED").(*lua.LTable)
	if !ok {
		L.RaiseError("'package.loaded' must be a table")
	}
	if v := loaded.RawGetString(name); lua.LVAsBool(v) {
		if v == h.loadingSentinel {
			raiseAtCaller(L, fmt.Sprintf("loop or previous error loading module '%s'", name))
		}
		L.Push(v)
		return 1
	}
	loaders, ok := L.GetField(L.GetGlobal("package"), "loaders").(*lua.LTable)
	if !ok {
		L.RaiseError("'package.loaders' must be a table")
	}
	var notFound strings.Builder
	var loader lua.LValue
	for i := 1; ; i++ {
		search := loaders.RawGetInt(i)
		if search == lua.LNil {
			lua51.CheckGrowth(L, "require", notFound.Len()+len(name)+32)
			raiseAtCaller(L, "module '"+name+"' not found:"+notFound.String())
		}
		L.Push(search)
		L.Push(lua.LString(name))
		L.Call(1, 1)
		found := L.Get(-1)
		L.Pop(1)
		if _, ok := found.(*lua.LFunction); ok {
			loader = found
			break
		}
		if msg, ok := found.(lua.LString); ok {
			notFound.WriteString(string(msg))
		} else if n, ok := found.(lua.LNumber); ok {
			notFound.WriteString(n.String())
		}
		// The loaders are the script's: the message may grow long.
		lua51.CheckGrowth(L, "require", notFound.Len()+len(name))
	}
	loaded.RawSetString(name, h.loadingSentinel)
	L.Push(loader)
	L.Push(lua.LString(name))
	L.Call(1, 1)
	if result := L.Get(-1); result != lua.LNil {
		loaded.RawSetString(name, result)
	}
	L.Pop(1)
	if loaded.RawGetString(name) == h.loadingSentinel {
		loaded.RawSetString(name, lua.LTrue)
	}
	L.Push(loaded.RawGetString(name))
	return 1
}

// loaderPreload is require's searcher of package.preload.
func loaderPreload(L *lua.LState) int {
	name := L.CheckString(1)
	preload, ok := L.GetField(L.GetGlobal("package"), "preload").(*lua.LTable)
	if !ok {
		L.RaiseError("'package.preload' must be a table")
	}
	if fn := preload.RawGetString(name); fn != lua.LNil {
		L.Push(fn)
		return 1
	}
	lua51.CheckGrowth(L, "require", len(name)+32) // the message quotes the name, of any length
	L.Push(lua.LString("\n\tno field package.preload['" + name + "']"))
	return 1
}

// raiseAtCaller raises msg as luaL_error does: after the position of the
// caller when it is Lua code, bare when it is Go (pcall, the command
// line's -l).
func raiseAtCaller(L *lua.LState, msg string) {
	L.Error(lua.LString(lua51.Where(L)+msg), 0)
}

// loaderC is require's searcher of C modules along package.cpath: it
// names the files it tried, as Lua 5.1's does, and fails on one it finds,
// which gopher-lua has no way to load.
func loaderC(L *lua.LState) int {
	return searchC(L, L.CheckString(1))
}

// loaderCRoot is Lua 5.1's all-in-one searcher: a.b.c in the C module
// of a.
func loaderCRoot(L *lua.LState) int {
	root, _, dotted := strings.Cut(L.CheckString(1), ".")
	if !dotted {
		return 0
	}
	return searchC(L, root)
}

func searchC(L *lua.LState, name string) int {
	found, tried := findModule(L, "cpath", name)
	if found != "" {
		L.Error(lua.LString(fmt.Sprintf("error loading module '%s' from file '%s':\n\tC modules cannot be loaded (gopher-lua has no C API)", name, found)), 0)
	}
	L.Push(lua.LString(tried))
	return 1
}

// findModule is Lua 5.1's findfile: the first file of package[field]'s
// templates that can be opened for the module name, and the message of
// those tried before ("\n\tno file '...'" each).
func findModule(L *lua.LState, field, name string) (found, tried string) {
	path, ok := L.GetField(L.GetGlobal("package"), field).(lua.LString)
	if !ok {
		L.RaiseError("'package.%s' must be a string", field)
	}
	file := strings.ReplaceAll(name, ".", string(os.PathSeparator))
	var b strings.Builder
	for _, pattern := range strings.Split(string(path), ";") {
		if pattern == "" {
			continue
		}
		candidate := strings.ReplaceAll(pattern, "?", file)
		f, err := os.Open(candidate)
		if err != nil {
			fmt.Fprintf(&b, "\n\tno file '%s'", candidate)
			continue
		}
		f.Close()
		return candidate, b.String()
	}
	return "", b.String()
}

// loadChunk compiles src as the chunk source names (Lua's chunkname:
// "=name", "@file", or the source itself; see [ChunkID]) under the running
// script's context, and returns the function. A compilation stopped by the
// end of that context stops the script, as its next instruction would: it
// is no syntax error for the script to handle (the flag the instructions
// read is set a moment after the context ends).
func (h *Host) loadChunk(L *lua.LState, src []byte, source string) (*lua.LFunction, error) {
	fn, err := h.compileFor(L, src, ChunkID(source))
	if err != nil {
		lua51.CheckGrowth(L, "load", 0) // raises once the context has ended
	}
	return fn, err
}

// pushLoaded pushes the result of a load: the function, or nil and the
// message.
func pushLoaded(L *lua.LState, fn *lua.LFunction, err error) int {
	if err != nil {
		L.Push(lua.LNil)
		L.Push(lua.LString(err.Error()))
		return 2
	}
	L.Push(fn)
	return 1
}

// baseLoadString is loadstring(s [, chunkname]).
func (h *Host) baseLoadString(L *lua.LState) int {
	s := lua51.CheckString(L, 1)
	// The compiler only reads the source: no copy of it.
	fn, err := h.loadChunk(L, unsafe.Slice(unsafe.StringData(s), len(s)), lua51.OptString(L, 2, s))
	return pushLoaded(L, fn, err)
}

// baseLoad is load(func [, chunkname]): the source is the concatenation
// of func's results up to nil or "".
func (h *Host) baseLoad(L *lua.LState) int {
	reader := L.CheckFunction(1)
	name := L.OptString(2, "=(load)")
	limit, what := h.allocationCeiling()
	var buf []byte
	for {
		// The reader may be a Go function that runs no instruction.
		checkDone(L)
		L.Push(reader)
		L.Call(0, 1)
		piece := L.Get(-1)
		L.Pop(1)
		if piece == lua.LNil {
			break
		}
		s, ok := piece.(lua.LString)
		if n, isNum := piece.(lua.LNumber); isNum {
			s, ok = lua.LString(NumberString(n)), true
		}
		if !ok {
			L.Push(lua.LNil)
			L.Push(lua.LString("reader function must return a string"))
			return 2
		}
		if s == "" {
			break
		}
		if int64(len(buf)+len(s)) > limit {
			lua51.RaiseTooBig(L, lua51.TooBigError("load", int64(len(buf)+len(s)), limit, what), h.recordRefused)
		}
		if len(s) > cap(buf)-len(buf) && len(buf)+len(s) >= 1<<20 {
			// The memory limit is asked for the copy growing makes.
			lua51.CheckGrowth(L, "load", len(buf)+len(s))
		}
		buf = lua51.AppendChecked(L, buf, string(s))
	}
	fn, err := h.loadChunk(L, buf, name)
	return pushLoaded(L, fn, err)
}

// loadFile reads and compiles a file as luaL_loadfile does: "" is stdin,
// a first line starting with '#' is skipped (keeping the line count), and
// the chunk is named "@path".
func (h *Host) loadFile(L *lua.LState, path string) (*lua.LFunction, error) {
	var (
		src    []byte
		err    error
		source = "@" + path
	)
	if path == "" {
		source = "=stdin"
		src, err = io.ReadAll(os.Stdin)
	} else {
		src, err = os.ReadFile(path)
	}
	if err != nil {
		what := "read"
		if errors.Is(err, os.ErrNotExist) || errors.Is(err, os.ErrPermission) {
			what = "open"
		}
		return nil, fmt.Errorf("cannot %s %s: %s", what, strings.TrimPrefix(source, "@"), cStrerror(err))
	}
	if len(src) > 0 && src[0] == '#' {
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			src = src[i:]
		} else {
			src = nil
		}
	}
	return h.loadChunk(L, src, source)
}

// cStrerror is C's strerror text for err's errno ("No such file or
// directory").
func cStrerror(err error) string {
	var errno syscall.Errno
	msg := err.Error()
	if errors.As(err, &errno) {
		msg = errno.Error()
	}
	if msg == "" {
		return msg
	}
	return strings.ToUpper(msg[:1]) + msg[1:]
}

// baseLoadFile is loadfile([filename]).
func (h *Host) baseLoadFile(L *lua.LState) int {
	fn, err := h.loadFile(L, L.OptString(1, ""))
	return pushLoaded(L, fn, err)
}

// baseDoFile is dofile([filename]): it raises the load error and returns
// what the chunk returns.
func (h *Host) baseDoFile(L *lua.LState) int {
	fn, err := h.loadFile(L, L.OptString(1, ""))
	if err != nil {
		L.Error(lua.LString(err.Error()), 0) // as lua_error: no position
	}
	top := L.GetTop()
	L.Push(fn)
	L.Call(0, lua.MultRet)
	return L.GetTop() - top
}

// loaderLua is require's searcher of Lua files along package.path.
func (h *Host) loaderLua(L *lua.LState) int {
	name := L.CheckString(1)
	found, tried := findModule(L, "path", name)
	if found == "" {
		L.Push(lua.LString(tried))
		return 1
	}
	fn, err := h.loadFile(L, found)
	if err != nil {
		// luaL_error's position is require's, a Go function's: none.
		L.Error(lua.LString(fmt.Sprintf("error loading module '%s' from file '%s':\n\t%s", name, found, err.Error())), 0)
	}
	L.Push(fn)
	return 1
}
