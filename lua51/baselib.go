package lua51

import (
	lua "github.com/yuin/gopher-lua"
)

// baseSetMetatable is Lua 5.1's setmetatable(t, mt): t must be a table.
// gopher-lua's also set the metatable that every number, function or
// boolean shares, which Lua 5.1 leaves to debug.setmetatable (blocked in
// the sandbox).
func baseSetMetatable(L *lua.LState) int {
	mt := L.Get(2)
	t, ok := L.Get(1).(*lua.LTable)
	if !ok {
		fmtTypeError(L, 1, "table")
	}
	if L.GetTop() < 2 || mt.Type() != lua.LTNil && mt.Type() != lua.LTTable {
		fmtArgError(L, 2, "nil or table expected")
	}
	if L.GetMetaField(t, "__metatable") != lua.LNil {
		fmtError(L, "cannot change a protected metatable")
	}
	L.SetMetatable(t, mt)
	L.SetTop(1)
	return 1
}

// separateStringMetatable gives strings Lua 5.1's metatable, a table of
// its own whose __index is the string library: gopher-lua's metatable was
// the library itself, so that string.__index was there, and the sandbox's
// lock on the metatable showed in string.__metatable.
func separateStringMetatable(L *lua.LState) {
	str, ok := L.GetGlobal("string").(*lua.LTable)
	if !ok {
		return
	}
	str.RawSetString("__index", lua.LNil)
	mt := L.NewTable()
	mt.RawSetString("__index", str)
	L.SetMetatable(lua.LString(""), mt)
}

// guardCoroutines gives coroutine.create, resume and status Lua 5.1's
// argument checks: a Lua function to run (gopher-lua also ran Go ones,
// which Lua 5.1's C functions cannot be), and "coroutine expected"; and
// coroutine.yield its error outside a coroutine.
func guardCoroutines(L *lua.LState) {
	co, ok := L.GetGlobal("coroutine").(*lua.LTable)
	if !ok {
		return
	}
	wrapG(L, co, "create", func(L *lua.LState, g lua.LGFunction) int {
		CheckLuaFunction(L, 1)
		return g(L)
	})
	// Lua 5.1 refuses a yield outside a coroutine as it refuses one
	// across a C call: lua.c's call of the main chunk is one.
	wrapG(L, co, "yield", func(L *lua.LState, g lua.LGFunction) int {
		if L.Parent == nil {
			L.Error(lua.LString("attempt to yield across metamethod/C-call boundary"), 0)
		}
		return g(L)
	})
	for _, name := range []string{"resume", "status"} {
		wrapG(L, co, name, func(L *lua.LState, g lua.LGFunction) int {
			CheckCoroutine(L, 1)
			return g(L)
		})
	}
}

// CheckCoroutine is coroutine.resume's and status's check of argument n.
func CheckCoroutine(L *lua.LState, n int) *lua.LState {
	co, ok := L.Get(n).(*lua.LState)
	if !ok {
		fmtArgError(L, n, "coroutine expected")
	}
	return co
}

// CheckLuaFunction is coroutine.create's check of argument n: a function
// written in Lua.
func CheckLuaFunction(L *lua.LState, n int) *lua.LFunction {
	f, ok := L.Get(n).(*lua.LFunction)
	if !ok || f.IsG {
		fmtArgError(L, n, "Lua function expected")
	}
	return f
}

// tableSetn is Lua 5.1's table.setn, which is obsolete.
func tableSetn(L *lua.LState) int {
	if _, ok := L.Get(1).(*lua.LTable); !ok {
		fmtTypeError(L, 1, "table")
	}
	fmtError(L, "'setn' is obsolete")
	return 0
}

// guardFileWrite makes a file's write method write numbers as Lua 5.1
// does ("%.14g"; gopher-lua wrote Go's shortest form, 1/3 with 16 digits).
func guardFileWrite(L *lua.LState) {
	mt, ok := L.GetTypeMetatable("FILE*").(*lua.LTable)
	if !ok {
		return
	}
	methods, ok := mt.RawGetString("__index").(*lua.LTable)
	if !ok {
		return
	}
	wrapG(L, methods, "write", func(L *lua.LState, g lua.LGFunction) int {
		for i := 2; i <= L.GetTop(); i++ {
			if n, ok := L.Get(i).(lua.LNumber); ok {
				L.Replace(i, lua.LString(NumberString(n)))
			}
		}
		return g(L)
	})
}

// ArgError is luaL_argerror: "bad argument #n to 'name' (msg)", naming
// the function as its caller called it.
func ArgError(L *lua.LState, n int, msg string) { fmtArgError(L, n, msg) }
