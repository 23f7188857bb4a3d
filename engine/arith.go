package engine

import (
	"math"
	"unsafe"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/lua51"
)

// gopher-lua's arithmetic instructions part from Lua 5.1's in three ways:
//   - a % b is Go's math.Mod: a loop over the exponents, about 170 ns where
//     Lua 5.1 takes 6, and another answer at the edges (5 % math.huge is 5,
//     where Lua 5.1's a - floor(a/b)*b gives nan);
//   - a string operand is read with Go's strconv, whose errors keep a copy
//     of the whole string: `x + 1` of a 128 MiB string took 3 s and 400 MB
//     in one instruction, out of reach of the time and memory limits;
//   - metamethods come before strings that read as numbers.
//
// psulua replaces the instructions (OP_ADD to OP_POW, and OP_UNM) with
// Lua 5.1's: numbers as gopher-lua computes them (with its allocator, so
// that a result costs no more), strings read by lua51.ArithNumber, which
// copies nothing. Metamethods are left to gopher-lua's instruction, and
// the error raised is gopher-lua's, which varnames.go words as Lua 5.1
// does. Constant operands are folded by compile.go (foldArith).

func init() {
	if !tl.ok || tl.alloc == 0 {
		return
	}
	for op := lua.OP_ADD; op <= lua.OP_POW; op++ {
		gopherInstructions[op] = arithInstruction
	}
	gopherInstructions[lua.OP_UNM] = unmInstruction
	replaceInstruction(lua.OP_FORPREP, forNumbers)
	gopherInstructions[lua.OP_CONCAT] = concatInstruction
}

// forNumbers puts in R(A), R(A+1) and R(A+2), the initial value, limit
// and step of a numeric for, the numbers their strings read as, as Lua
// 5.1's OP_FORPREP does before it checks them (gopher-lua's refused a
// string); the loop itself is gopher-lua's.
func forNumbers(L *lua.LState, inst uint32) bool {
	_, _, regs, lbase := frameOf(L)
	for r := lbase + argA(inst); r <= lbase+argA(inst)+2 && r < len(regs); r++ {
		if s, ok := regs[r].(lua.LString); ok {
			if n, ok := lua51.ArithNumber(s); ok {
				regs[r] = n
			}
		}
	}
	return false
}

// gopherNumber is gopher-lua's LNumber2I: the number as an LValue, taken
// from a block of numbers its allocator keeps, without an allocation of
// its own.
//
//go:linkname gopherNumber github.com/yuin/gopher-lua.(*allocator).LNumber2I
func gopherNumber(alloc unsafe.Pointer, v lua.LNumber) lua.LValue

// arithEvents are the metamethods of OP_ADD to OP_POW.
var arithEvents = [...]string{
	lua.OP_ADD: "__add", lua.OP_SUB: "__sub", lua.OP_MUL: "__mul",
	lua.OP_DIV: "__div", lua.OP_MOD: "__mod", lua.OP_POW: "__pow",
}

// arithInstruction does R(A) = RK(B) op RK(C) as Lua 5.1's luaV_arith.
// It runs for every arithmetic operation: two numbers take the shortest
// path, the rest goes to arithOther.
func arithInstruction(L *lua.LState, inst uint32, baseframe unsafe.Pointer) int {
	cf, reg, regs, lbase := frameOf(L)
	b, c := rkOf(cf, regs, lbase, argB(inst)), rkOf(cf, regs, lbase, argC(inst))
	x, ok1 := b.(lua.LNumber)
	y, ok2 := c.(lua.LNumber)
	if ra := lbase + argA(inst); ok1 && ok2 && ra < len(regs) {
		setNumber(reg, regs, ra, arith(opOf(inst), x, y))
		return 0
	}
	return arithOther(L, inst, baseframe, b, c)
}

// arith is x op y for the instructions OP_ADD to OP_POW.
func arith(op int, x, y lua.LNumber) lua.LNumber {
	switch op {
	case lua.OP_ADD:
		return x + y
	case lua.OP_SUB:
		return x - y
	case lua.OP_MUL:
		return x * y
	case lua.OP_DIV:
		return x / y
	case lua.OP_MOD:
		return lua51.Mod(x, y)
	}
	return lua.LNumber(lua51.Pow(float64(x), float64(y)))
}

// arithOther is arithInstruction for operands that are not both numbers
// (or a result past the stack): strings that read as numbers are, then
// gopher-lua's instruction calls a metamethod, or the error is raised
// (gopher-lua's, without reading the strings again).
func arithOther(L *lua.LState, inst uint32, baseframe unsafe.Pointer, b, c lua.LValue) int {
	checkLong(L, b)
	checkLong(L, c)
	gopher := gopherOriginal[opOf(inst)]
	x, ok1 := lua51.ArithNumber(b)
	y, ok2 := lua51.ArithNumber(c)
	if !ok1 || !ok2 {
		event := arithEvents[opOf(inst)]
		if binaryMetamethod(L, b, c, event).Type() != lua.LTFunction {
			L.RaiseError("cannot perform %v operation between %v and %v", event[2:], arithType(b, ok1), arithType(c, ok2))
		}
		checkDone(L) // a metamethod that recurses returns only at its end
		return gopher(L, inst, baseframe)
	}
	_, reg, regs, lbase := frameOf(L)
	if ra := lbase + argA(inst); ra < len(regs) {
		setNumber(reg, regs, ra, arith(opOf(inst), x, y))
		return 0
	}
	return gopher(L, inst, baseframe)
}

// unmInstruction does R(A) = -R(B) as Lua 5.1 does.
func unmInstruction(L *lua.LState, inst uint32, baseframe unsafe.Pointer) int {
	cf, reg, regs, lbase := frameOf(L)
	b := rkOf(cf, regs, lbase, argB(inst))
	checkLong(L, b)
	x, ok := lua51.ArithNumber(b)
	if ra := lbase + argA(inst); ok && ra < len(regs) {
		setNumber(reg, regs, ra, -x)
		return 0
	}
	if !ok && L.GetMetaField(b, "__unm").Type() != lua.LTFunction {
		L.RaiseError("__unm undefined")
	}
	checkDone(L)
	return gopherOriginal[lua.OP_UNM](L, inst, baseframe)
}

// setNumber stores the number v in the register at ra (within the
// stack) of the registry reg, as gopher-lua's instructions do, but for
// -0, which gopher-lua's allocator gives as 0.
func setNumber(reg unsafe.Pointer, regs []lua.LValue, ra int, v lua.LNumber) {
	if v == 0 && math.Signbit(float64(v)) {
		setRegister(reg, regs, ra, v)
	} else {
		setRegister(reg, regs, ra, gopherNumber(*(*unsafe.Pointer)(unsafe.Add(reg, tl.alloc)), v))
	}
}

// binaryMetamethod is the metamethod gopher-lua's instructions look up for
// the event on b and c: b's when it has one, else c's (nil for neither).
// They call it only when it is a function.
func binaryMetamethod(L *lua.LState, b, c lua.LValue, event string) lua.LValue {
	m := L.GetMetaField(b, event)
	if m == lua.LNil {
		m = L.GetMetaField(c, event)
	}
	return m
}

// arithType is the type gopher-lua's message gives an operand: a string
// that reads as a number is one.
func arithType(v lua.LValue, isNumber bool) string {
	if isNumber {
		return "number"
	}
	return v.Type().String()
}
