package lua51

import (
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// Lua 5.1's string.sub, string.byte and string.char (lstrlib.c), whose
// positions and codes are read as luaL_checkinteger reads them: a numeric
// string is one (gopher-lua's refused it), a fraction is cut.

// posrelat is a string position as Lua reads it: negative counts back
// from the end, and anything before the start is 0.
func posrelat(pos int64, l int) int64 {
	if pos < 0 {
		pos += int64(l) + 1
	}
	return max(pos, 0)
}

// OptInt is luaL_optint: argument n as a C int, or def when it is absent
// or nil.
func OptInt(L *lua.LState, n, def int) int {
	return int(int32(optInteger(L, n, int64(def))))
}

// CheckInt is luaL_checkint: argument n as a C int.
func CheckInt(L *lua.LState, n int) int { return int(checkInt(L, n)) }

// strSub is string.sub(s, i [, j]).
func strSub(L *lua.LState) int {
	s := fmtCheckString(L, 1)
	start := posrelat(cLong(fmtCheckNumber(L, 2)), len(s))
	end := posrelat(optInteger(L, 3, -1), len(s))
	start, end = max(start, 1), min(end, int64(len(s)))
	if start > end {
		L.Push(lua.LString(""))
	} else {
		L.Push(lua.LString(s[start-1 : end]))
	}
	return 1
}

// MaxCStack is Lua 5.1's LUAI_MAXCSTACK: how many values a library
// function may push at once.
const MaxCStack = 8000

// strByteWithin is string.byte(s [, i [, j]]), which refuses more codes
// than its C stack holds, as Lua 5.1 does, or than maxResults values
// (gopher-lua grew its stack a few slots at a time: s:byte(1, -1) of a
// 4 MiB string took a minute).
func strByteWithin(maxResults int) lua.LGFunction {
	maxResults = min(maxResults, MaxCStack)
	return func(L *lua.LState) int {
		s := fmtCheckString(L, 1)
		first := posrelat(optInteger(L, 2, 1), len(s))
		last := posrelat(optInteger(L, 3, first), len(s))
		first, last = max(first, 1), min(last, int64(len(s)))
		if first > last {
			return 0
		}
		n := last - first + 1
		top := L.GetTop()
		if n > int64(maxResults-top) {
			fmtError(L, "stack overflow (string slice too long)")
		}
		L.SetTop(top + int(n)) // room for all of them at once
		L.SetTop(top)
		for i := first - 1; i < last; i++ {
			L.Push(lua.LNumber(s[i]))
		}
		return int(n)
	}
}

// strChar is string.char(...): each code a byte.
func strChar(L *lua.LState) int {
	var b strings.Builder
	b.Grow(L.GetTop())
	for i := 1; i <= L.GetTop(); i++ {
		c := checkInt(L, i)
		if c < 0 || c > 255 {
			fmtArgError(L, i, "invalid value")
		}
		b.WriteByte(byte(c))
	}
	L.Push(lua.LString(b.String()))
	return 1
}
