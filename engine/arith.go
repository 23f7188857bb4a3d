package engine

import (
	"unsafe"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/lua51"
)

// gopher-lua computes a % b with Go's math.Mod: a loop over the exponents,
// about 170 ns where Lua 5.1 takes 6, and another answer at the edges
// (5 % math.huge is 5, where Lua 5.1's a - floor(a/b)*b gives nan).
// psulua puts Lua 5.1's in front of the modulo instruction (OP_MOD), as
// tables.go does for the assignment, when both operands are numbers or
// strings that read as numbers; the rest (metamethods, errors) goes on to
// gopher-lua's. Constant operands are folded by compile.go (foldMod).

func init() {
	if !tl.ok {
		return
	}
	replaceInstruction(lua.OP_MOD, modNumbers)
}

// modNumbers does R(A) = RK(B) % RK(C) when both read as numbers, and
// reports whether it did.
func modNumbers(L *lua.LState, inst uint32) bool {
	f := runningFrame(L)
	a, ok := lua51.ArithNumber(f.rk(argB(inst)))
	if !ok {
		return false
	}
	b, ok := lua51.ArithNumber(f.rk(argC(inst)))
	if !ok {
		return false
	}
	ra := f.lbase + argA(inst)
	if ra >= len(f.regs) {
		return false // gopher-lua grows the stack
	}
	f.regs[ra] = lua51.Mod(a, b)
	if top := (*int)(unsafe.Add(f.reg, tl.top)); ra >= *top {
		*top = ra + 1
	}
	return true
}
