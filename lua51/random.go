package lua51

import (
	"math"

	lua "github.com/yuin/gopher-lua"
)

// Lua 5.1's math.random and math.randomseed are C's rand and srand, and
// Debian's lua5.1 runs on glibc's: every state starts as srand(1) did, so
// that a script gives the numbers it gives under lua5.1, seeded or not.
// gopher-lua's used Go's shared generator, which math.randomseed no
// longer seeds (rand.Seed does nothing since Go 1.24), and passed an empty
// interval to rand.Intn, whose panic no pcall could catch.

// cRand is glibc's random(3) of type 3, which rand(3) is: an additive
// generator over 31 words, r[i] = r[i-31] + r[i-3], its low bit dropped.
type cRand struct {
	state       [31]int32
	front, rear int
}

// newCRand is a generator as srand(seed) leaves it.
func newCRand(seed uint32) *cRand {
	g := &cRand{}
	g.seed(seed)
	return g
}

// seed is srand: the words filled by the Lehmer generator 16807 * x mod
// (2^31 - 1) from the seed, as glibc computes it in 32 bits, then 310
// numbers drawn and dropped.
func (g *cRand) seed(seed uint32) {
	if seed == 0 {
		seed = 1
	}
	word := int32(seed)
	g.state[0] = word
	for i := 1; i < len(g.state); i++ {
		hi, lo := int64(word)/127773, int64(word)%127773
		word = int32(16807*lo - 2836*hi)
		if word < 0 {
			word += math.MaxInt32
		}
		g.state[i] = word
	}
	g.front, g.rear = 3, 0
	for range 10 * len(g.state) {
		g.next()
	}
}

// next is rand(): from 0 to RAND_MAX (2^31 - 1).
func (g *cRand) next() int32 {
	v := uint32(g.state[g.front]) + uint32(g.state[g.rear])
	g.state[g.front] = int32(v)
	g.front = (g.front + 1) % len(g.state)
	g.rear = (g.rear + 1) % len(g.state)
	return int32(v >> 1)
}

// installRandom puts Lua 5.1's math.random and math.randomseed in m, over
// a generator of their own.
func installRandom(L *lua.LState, m *lua.LTable) {
	g := newCRand(1)
	m.RawSetString("random", L.NewFunction(func(L *lua.LState) int { return mathRandom(L, g) }))
	m.RawSetString("randomseed", L.NewFunction(func(L *lua.LState) int {
		g.seed(uint32(checkInt(L, 1)))
		return 0
	}))
}

// mathRandom is Lua 5.1's math.random([m [, n]]): a number in [0, 1), or
// an integer in [1, m] or [m, n], whose bounds are C ints; an empty
// interval is an argument error.
func mathRandom(L *lua.LState, g *cRand) int {
	r := float64(g.next()%math.MaxInt32) / math.MaxInt32
	switch L.GetTop() {
	case 0:
		L.Push(lua.LNumber(r))
	case 1:
		u := checkInt(L, 1)
		if u < 1 {
			fmtArgError(L, 1, "interval is empty")
		}
		L.Push(lua.LNumber(math.Floor(r*float64(u)) + 1))
	case 2:
		l, u := checkInt(L, 1), checkInt(L, 2)
		if l > u {
			fmtArgError(L, 2, "interval is empty")
		}
		L.Push(lua.LNumber(math.Floor(r*float64(u-l+1)) + float64(l))) // u-l+1 wraps as C's int
	default:
		fmtError(L, "wrong number of arguments")
	}
	return 1
}

// checkInt is luaL_checkint: the number made a lua_Integer (a C long),
// then a C int (its low 32 bits).
func checkInt(L *lua.LState, n int) int32 {
	return int32(cLong(fmtCheckNumber(L, n)))
}
