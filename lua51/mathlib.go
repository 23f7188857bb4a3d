package lua51

import (
	"math"

	lua "github.com/yuin/gopher-lua"
)

// Lua 5.1's math library (lmathlib.c). gopher-lua's reads a string
// argument with Go's strconv, which takes "1_000" and copies a long
// string in one Go call; and it differs at the edges: math.deg multiplied
// where C divides, math.modf(math.huge) gave nan for its fraction,
// math.max() said "wrong number of arguments". math.random and
// randomseed are random.go's, math.pow and the ^ operator are pow.go's.

// mathUnary are the functions of one number that return one.
var mathUnary = map[string]func(float64) float64{
	"abs": math.Abs, "ceil": math.Ceil, "floor": math.Floor, "sqrt": math.Sqrt, "exp": math.Exp,
	"log": math.Log, "log10": math.Log10, "sin": math.Sin, "cos": math.Cos, "tan": math.Tan,
	"asin": math.Asin, "acos": math.Acos, "atan": math.Atan, "sinh": math.Sinh, "cosh": math.Cosh,
	"tanh": math.Tanh,
	"deg":  func(x float64) float64 { return x / (math.Pi / 180) },
	"rad":  func(x float64) float64 { return x * (math.Pi / 180) },
}

// mathBinary are the functions of two numbers that return one, each
// with C's NaN.
var mathBinary = map[string]func(float64, float64) float64{
	"atan2": withCNaN(math.Atan2), "fmod": withCNaN(math.Mod), "mod": withCNaN(math.Mod), "pow": Pow,
}

// withCNaN is f, but for the NaN it gives, which is C's (cNaN).
func withCNaN(f func(float64, float64) float64) func(float64, float64) float64 {
	return func(x, y float64) float64 {
		if r := f(x, y); r == r {
			return r
		}
		return cNaN(x, y, x86NaN)
	}
}

// installMath puts Lua 5.1's math functions in the table m.
func installMath(L *lua.LState, m *lua.LTable) {
	for name, f := range mathUnary {
		invalid := invalidNaN(name)
		m.RawSetString(name, L.NewFunction(func(L *lua.LState) int {
			x := fmtCheckNumber(L, 1)
			r := f(x)
			if r != r && name != "abs" { // abs clears the sign, as C's
				r = cNaN(x, x, invalid)
			}
			L.Push(lua.LNumber(r))
			return 1
		}))
	}
	// lua5.1, built by gcc, reads the arguments of f(check(1), check(2))
	// from the last: with both missing, the error names #2.
	for name, f := range mathBinary {
		m.RawSetString(name, L.NewFunction(func(L *lua.LState) int {
			y := fmtCheckNumber(L, 2)
			L.Push(lua.LNumber(f(fmtCheckNumber(L, 1), y)))
			return 1
		}))
	}
	m.RawSetString("min", L.NewFunction(func(L *lua.LState) int { return mathExtreme(L, false) }))
	m.RawSetString("max", L.NewFunction(func(L *lua.LState) int { return mathExtreme(L, true) }))
	m.RawSetString("modf", L.NewFunction(mathModf))
	m.RawSetString("frexp", L.NewFunction(func(L *lua.LState) int {
		frac, exp := math.Frexp(fmtCheckNumber(L, 1))
		L.Push(lua.LNumber(frac))
		L.Push(lua.LNumber(exp))
		return 2
	}))
	m.RawSetString("ldexp", L.NewFunction(func(L *lua.LState) int {
		e := int(checkInt(L, 2))
		L.Push(lua.LNumber(math.Ldexp(fmtCheckNumber(L, 1), e)))
		return 1
	}))
	installRandom(L, m)
	m.RawSetString("pi", lua.LNumber(math.Pi))
	m.RawSetString("huge", lua.LNumber(math.Inf(1))) // gopher-lua has MaxFloat64
}

// mathExtreme is math.max, or math.min: the first argument that no later
// one is greater (less) than.
func mathExtreme(L *lua.LState, max bool) int {
	best := fmtCheckNumber(L, 1)
	for i := 2; i <= L.GetTop(); i++ {
		if d := fmtCheckNumber(L, i); max && d > best || !max && d < best {
			best = d
		}
	}
	L.Push(lua.LNumber(best))
	return 1
}

// mathModf is C's modf: the integral part and the fraction, which is 0
// (of x's sign) for an infinite x, where Go's math.Modf gives NaN.
func mathModf(L *lua.LState) int {
	x := fmtCheckNumber(L, 1)
	whole, frac := math.Modf(x)
	if math.IsInf(x, 0) {
		frac = math.Copysign(0, x)
	}
	L.Push(lua.LNumber(whole))
	L.Push(lua.LNumber(frac))
	return 2
}

// x86NaN is the NaN an invalid operation gives on x86 (0/0, sqrt(-1)):
// its sign bit is set, and Lua 5.1 prints it "-nan". Go's math functions
// give a NaN without it.
var x86NaN = math.Float64frombits(0xfff8_0000_0000_0000)

// invalidNaN is the NaN glibc's function of that name gives for an
// argument out of its domain: x86's, but for log10, asin and acos.
func invalidNaN(name string) float64 {
	switch name {
	case "log10", "asin", "acos":
		return math.NaN()
	}
	return x86NaN
}

// cNaN is the NaN C's function gives where Go's gave one: a NaN argument
// itself (C passes it on, sign and all), or else invalid.
func cNaN(x, y, invalid float64) float64 {
	switch {
	case x != x:
		return x
	case y != y:
		return y
	}
	return invalid
}
