package lua51

import (
	lua "github.com/yuin/gopher-lua"
)

// Guards on gopher-lua's functions that return many values or check their
// arguments less than Lua 5.1 does. The guards run in the guarded
// function's frame, so its own errors read as before.
//
// gopher-lua grows a thread's value stack a few slots at a time, copying
// it each time: unpack({}, 1, 4e5) or s:byte(1, -1) on a 4 MiB string took
// about a minute, in one Go call that no time limit can interrupt. The
// guards make room for all the results at once, or refuse as Lua 5.1 does
// when they cannot fit.

// guardResults installs the guards; maxResults is the most values a call
// may return (the size of the value stack).
func guardResults(L *lua.LState, maxResults int) {
	wrap := func(t *lua.LTable, name string, check func(L *lua.LState)) {
		orig, ok := t.RawGetString(name).(*lua.LFunction)
		if !ok || !orig.IsG {
			return
		}
		g := orig.GFunction
		t.RawSetString(name, L.NewFunction(func(L *lua.LState) int {
			check(L)
			return g(L)
		}))
	}
	// room makes space for n more values on L's stack in one step.
	room := func(L *lua.LState, n int64, msg string) {
		if n <= 0 {
			return
		}
		top := L.GetTop()
		if n > int64(maxResults-top) {
			fmtError(L, msg)
		}
		L.SetTop(top + int(n))
		L.SetTop(top)
	}
	globals := L.Get(lua.GlobalsIndex).(*lua.LTable)
	// unpack(t [, i [, j]]): the arguments as gopher-lua reads them.
	wrap(globals, "unpack", func(L *lua.LState) {
		t, ok := L.Get(1).(*lua.LTable)
		if !ok {
			return
		}
		i := L.OptInt(2, 1)
		j := L.OptInt(3, t.Len())
		room(L, int64(j)-int64(i)+1, "too many results to unpack")
	})
	if str, ok := globals.RawGetString("string").(*lua.LTable); ok {
		// string.byte(s [, i [, j]]).
		wrap(str, "byte", func(L *lua.LState) {
			s, ok := L.Get(1).(lua.LString)
			if !ok || L.GetTop() < 3 {
				return
			}
			l := int64(len(s))
			i, j := int64(L.OptInt(2, 1)), int64(L.OptInt(3, -1))
			if i < 0 {
				i += l + 1
			}
			if j < 0 {
				j += l + 1
			}
			i, j = max(i, 1), min(j, l)
			room(L, j-i+1, "stack overflow (string slice too long)")
		})
		// string.char(...): each code a byte, as lstrlib.c's str_char
		// checks (gopher-lua keeps the low 8 bits).
		wrap(str, "char", func(L *lua.LState) {
			for i := 1; i <= L.GetTop(); i++ {
				n, ok := L.Get(i).(lua.LNumber)
				if !ok {
					continue
				}
				if c := cInt(float64(n)); c < 0 || c > 255 {
					fmtArgError(L, i, "invalid value")
				}
			}
		})
	}
	// os.time(t): day, month and year are required, as in loslib.c's
	// getfield (gopher-lua uses -1 for a missing one).
	if os, ok := globals.RawGetString("os").(*lua.LTable); ok {
		wrap(os, "time", func(L *lua.LState) {
			t, ok := L.Get(1).(*lua.LTable)
			if !ok {
				return
			}
			for _, key := range []string{"day", "month", "year"} {
				switch v := L.GetField(t, key).(type) {
				case lua.LNumber:
					continue
				case lua.LString:
					if _, ok := str2number(string(v)); ok {
						continue
					}
				}
				fmtError(L, "field '"+key+"' missing in date table")
			}
		})
	}
}
