package lua51

import (
	"math"
	"math/rand"

	lua "github.com/yuin/gopher-lua"
)

// mathRandom is Lua 5.1's math.random([m [, n]]): a number in [0, 1), or
// an integer in [1, m] or [m, n], whose bounds are C ints. An empty
// interval is an argument error; gopher-lua's passed it to Go's rand.Intn,
// whose panic no pcall could catch and which broke the host's state.
func mathRandom(L *lua.LState) int {
	r := rand.Float64()
	switch L.GetTop() {
	case 0:
		L.Push(lua.LNumber(r))
	case 1:
		u := checkInt(L, 1)
		if u < 1 {
			L.ArgError(1, "interval is empty")
		}
		L.Push(lua.LNumber(math.Floor(r*float64(u)) + 1))
	case 2:
		l, u := checkInt(L, 1), checkInt(L, 2)
		if l > u {
			L.ArgError(2, "interval is empty")
		}
		L.Push(lua.LNumber(math.Floor(r*float64(int64(u)-int64(l)+1)) + float64(l)))
	default:
		Raise(L, "wrong number of arguments")
	}
	return 1
}

// checkInt is luaL_checkint: the number made a lua_Integer (a C long),
// then a C int (its low 32 bits).
func checkInt(L *lua.LState, n int) int32 {
	return int32(cLong(fmtCheckNumber(L, n)))
}
