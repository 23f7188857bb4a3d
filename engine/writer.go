package engine

import (
	"fmt"
	"io"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/lua51"
)

const writerTypeName = "psulua.writer"

// newWriterFile is a Lua file object writing to w: the host's io.stdout
// and io.stderr, so that f:write goes where print goes.
func newWriterFile(L *lua.LState, w io.Writer) *lua.LUserData {
	mt, ok := L.GetTypeMetatable(writerTypeName).(*lua.LTable)
	if !ok {
		mt = L.NewTypeMetatable(writerTypeName)
		methods := L.SetFuncs(L.NewTable(), map[string]lua.LGFunction{
			"write": writerWrite,
			"flush": func(L *lua.LState) int {
				flushWriter(L.CheckUserData(1).Value)
				L.Push(L.Get(1))
				return 1
			},
			"setvbuf": func(L *lua.LState) int {
				L.Push(lua.LTrue)
				return 1
			},
			"close": func(L *lua.LState) int {
				L.Push(lua.LNil)
				L.Push(lua.LString("cannot close standard file"))
				return 2
			},
		})
		for _, name := range []string{"read", "lines", "seek"} {
			name := name
			methods.RawSetString(name, L.NewFunction(func(L *lua.LState) int {
				L.RaiseError("%s: this file is write-only", name)
				return 0
			}))
		}
		mt.RawSetString("__index", methods)
		mt.RawSetString("__metatable", lua.LString("psulua: protected metatable"))
		mt.RawSetString("__tostring", L.NewFunction(func(L *lua.LState) int {
			L.Push(lua.LString(fmt.Sprintf("file (%p)", L.CheckUserData(1))))
			return 1
		}))
	}
	ud := L.NewUserData()
	ud.Value = w
	L.SetMetatable(ud, mt)
	return ud
}

// writerWrite is f:write(...): strings and numbers, returning true (as
// Lua 5.1 does; Lua 5.2 returns f).
func writerWrite(L *lua.LState) int {
	ud := L.CheckUserData(1)
	w, ok := ud.Value.(io.Writer)
	if !ok {
		L.ArgError(1, "file expected")
	}
	if err := writeValues(L, w, 2); err != nil {
		L.Push(lua.LNil)
		L.Push(lua.LString(err.Error()))
		return 2
	}
	L.Push(lua.LTrue)
	return 1
}

// writeValues writes L's arguments from first on to w, strings and numbers
// as Lua 5.1 writes them, and returns the first write error. Another value
// is an argument error (numbered from first), raised once the arguments
// before it are written, as Lua's.
func writeValues(L *lua.LState, w io.Writer, first int) error {
	out := lua51.Output{W: w, L: L}
	for i := first; i <= L.GetTop(); i++ {
		switch v := L.Get(i).(type) {
		case lua.LString:
			out.Add(string(v))
		case lua.LNumber:
			out.Add(NumberString(v))
		default:
			out.Flush()
			L.ArgError(i-first+1, "string expected, got "+v.Type().String())
		}
	}
	return out.Flush()
}

// flushWriter flushes w when it buffers (a *bufio.Writer), so that a
// script's io.stdout:flush() and io.flush() push out what it printed.
func flushWriter(w any) {
	if f, ok := w.(interface{ Flush() error }); ok {
		f.Flush()
	}
}
