package engine

import (
	"encoding/binary"
	"encoding/hex"
	"math/rand/v2"
	"strings"
	"sync"
	"unsafe"

	lua "github.com/yuin/gopher-lua"
	"github.com/yuin/gopher-lua/ast"

	"github.com/psulua/psulua/lua51"
)

// Every chunk a host runs is compiled by Host.compile (compile.go); with a
// memory limit, its concatenations are guarded here.
//
// The concatenation operator is the one instruction that can allocate
// without bound at once (`s .. s .. s ...` multiplies a string's size in
// one step), and gopher-lua's VM gives no hook into it: the memory
// watchdog only sees the result, gigabytes later. So, in a host with a
// memory limit, each chain of `..` is compiled as a call of a Go function
// that adds up the size of the result before building it, and refuses one
// past the limit (or past what the run has left of it) as string.rep does.
// (The call costs about a third more than the instruction on code that
// does little but concatenate.) The function reaches the compiled code as a
// constant: the chain calls a marker string, replaced in the compiled
// prototypes by the function itself, so no script can reach or replace it
// by name.

// concatMarker is the string constant that stands for the concatenation
// function until compiling is done; random, so no script can write it.
// (math/rand/v2's generator is ChaCha8, seeded by the runtime from the
// kernel's entropy; crypto/rand would link, and initialise at every
// start, the whole FIPS module for these 16 bytes.)
var concatMarker = sync.OnceValue(func() lua.LString {
	b := binary.LittleEndian.AppendUint64(nil, rand.Uint64())
	b = binary.LittleEndian.AppendUint64(b, rand.Uint64())
	return lua.LString("\x00psulua concat " + hex.EncodeToString(b))
})

// patchConcat puts the concatenation function in place of its marker.
func (h *Host) patchConcat(p *lua.FunctionProto) {
	marker := concatMarker()
	for i, c := range p.Constants {
		if s, ok := c.(lua.LString); ok && s == marker {
			p.Constants[i] = h.concat
		}
	}
	for _, sub := range p.FunctionPrototypes {
		h.patchConcat(sub)
	}
}

// concatLarge is the size from which a concatenation also counts what
// the run already uses (a read of the runtime's metrics).
const concatLarge = 1 << 20

// concatFunc is the concatenation of its arguments (concatValues),
// refusing a result larger than limit, or than what the run's memory
// limit leaves.
func (h *Host) concatFunc(limit int64, what string) lua.LGFunction {
	room := func(L *lua.LState, size int64) {
		if size > limit {
			lua51.RaiseTooBig(L, lua51.TooBigError("'..'", size, limit, what), h.recordRefused)
		}
		if size >= concatLarge && !h.roomFor(size) {
			lua51.RaiseTooBig(L, lua51.TooBigError("'..'", size, h.opts.MemoryLimit, "what the memory limit leaves"), h.recordRefused)
		}
	}
	return func(L *lua.LState) int {
		var buf [8]lua.LValue
		vals := buf[:0]
		for i := 1; i <= L.GetTop(); i++ {
			vals = append(vals, L.Get(i))
		}
		L.Push(concatValues(L, vals, room, concatError))
		return 1
	}
}

// concatError raises Lua 5.1's luaG_concaterror from the function that
// concatenates, which cannot name the variable: it blames lhs unless it is
// a string or a number.
func concatError(L *lua.LState, lhs, rhs lua.LValue) {
	if lua.LVCanConvToString(lhs) {
		lhs = rhs
	}
	lua51.Raise(L, "attempt to concatenate a "+lhs.Type().String()+" value")
}

// concatInstructionError raises gopher-lua's error from OP_CONCAT, which
// varnames.go words as Lua 5.1 does, naming the variable.
func concatInstructionError(L *lua.LState, lhs, rhs lua.LValue) {
	L.RaiseError("cannot perform concat operation between %s and %s", lhs.Type(), rhs.Type())
}

// concatValues is Lua 5.1's luaV_concat of vals: strings and numbers
// joined (numbers as "%.14g"; gopher-lua wrote 1/3 with 16 digits and 0/0
// as NaN), __concat for the others, from the right. room, when not nil,
// is told the size of each string before it is built; fail raises the
// error for two values neither __concat nor joining takes.
func concatValues(L *lua.LState, vals []lua.LValue, room func(L *lua.LState, size int64), fail func(L *lua.LState, lhs, rhs lua.LValue)) lua.LValue {
	rhs := vals[len(vals)-1]
	var parts [8]string
	for i := len(vals) - 2; i >= 0; {
		lhs := vals[i]
		if !(lua.LVCanConvToString(lhs) && lua.LVCanConvToString(rhs)) {
			op := binaryMetamethod(L, lhs, rhs, "__concat")
			if op.Type() != lua.LTFunction {
				fail(L, lhs, rhs)
			}
			// __concat may be a Go function that runs no instruction, once
			// for each operand of the chain.
			checkDone(L)
			L.Push(op)
			L.Push(lhs)
			L.Push(rhs)
			L.Call(2, 1)
			rhs = L.Get(-1)
			L.Pop(1)
			i--
			continue
		}
		// The run of strings and numbers ending at i, joined at once.
		j := i
		for j > 0 && lua.LVCanConvToString(vals[j-1]) {
			j--
		}
		strs := parts[:0]
		size := int64(0)
		for _, v := range vals[j : i+1] {
			s := concatString(v)
			strs = append(strs, s)
			size += int64(len(s))
		}
		last := concatString(rhs)
		strs = append(strs, last)
		size += int64(len(last))
		if room != nil {
			room(L, size)
		}
		if size < concatLarge {
			rhs = lua.LString(strings.Join(strs, ""))
		} else {
			b := make([]byte, 0, size)
			for _, s := range strs {
				b = lua51.AppendChecked(L, b, s)
			}
			rhs = lua51.StringOf(b)
		}
		i = j - 1
	}
	return rhs
}

// concatString is a string or a number as concatenation writes it.
func concatString(v lua.LValue) string {
	if n, ok := v.(lua.LNumber); ok {
		return lua51.NumberString(n)
	}
	return string(v.(lua.LString))
}

// concatInstruction is OP_CONCAT, R(A) := R(B).. ... ..R(C), through
// concatValues (in a host without a memory limit; with one, chains of
// `..` are compiled as calls of concatFunc).
func concatInstruction(L *lua.LState, inst uint32, baseframe unsafe.Pointer) int {
	checkDone(L) // it copies its strings whole
	_, _, regs, lbase := frameOf(L)
	b, c, ra := lbase+argB(inst), lbase+argC(inst), lbase+argA(inst)
	if ra >= len(regs) || c >= len(regs) {
		return gopherOriginal[lua.OP_CONCAT](L, inst, baseframe) // gopher-lua grows the stack
	}
	var buf [8]lua.LValue
	v := concatValues(L, append(buf[:0], regs[b:c+1]...), nil, concatInstructionError)
	_, reg, regs, _ := frameOf(L) // a metamethod may have grown the stack
	setRegister(reg, regs, ra, v)
	return 0
}

// guardConcat rewrites each chain of `..` in stmts into a call of the
// marker with the chain's operands.
func guardConcat(stmts []ast.Stmt) {
	for _, s := range stmts {
		guardStmt(s)
	}
}

func guardStmt(s ast.Stmt) {
	switch s := s.(type) {
	case *ast.AssignStmt:
		guardExprs(s.Lhs)
		guardExprs(s.Rhs)
	case *ast.LocalAssignStmt:
		guardExprs(s.Exprs)
	case *ast.FuncCallStmt:
		s.Expr = guardExpr(s.Expr)
	case *ast.DoBlockStmt:
		guardConcat(s.Stmts)
	case *ast.WhileStmt:
		s.Condition = guardExpr(s.Condition)
		guardConcat(s.Stmts)
	case *ast.RepeatStmt:
		guardConcat(s.Stmts)
		s.Condition = guardExpr(s.Condition)
	case *ast.IfStmt:
		s.Condition = guardExpr(s.Condition)
		guardConcat(s.Then)
		guardConcat(s.Else)
	case *ast.NumberForStmt:
		s.Init = guardExpr(s.Init)
		s.Limit = guardExpr(s.Limit)
		if s.Step != nil {
			s.Step = guardExpr(s.Step)
		}
		guardConcat(s.Stmts)
	case *ast.GenericForStmt:
		guardExprs(s.Exprs)
		guardConcat(s.Stmts)
	case *ast.FuncDefStmt:
		if s.Name != nil {
			s.Name.Func = guardExpr(s.Name.Func)
			if s.Name.Receiver != nil {
				s.Name.Receiver = guardExpr(s.Name.Receiver)
			}
		}
		guardConcat(s.Func.Stmts)
	case *ast.ReturnStmt:
		guardExprs(s.Exprs)
	}
}

func guardExprs(es []ast.Expr) {
	for i, e := range es {
		es[i] = guardExpr(e)
	}
}

func guardExpr(e ast.Expr) ast.Expr {
	switch e := e.(type) {
	case nil:
		return nil
	case *ast.StringConcatOpExpr:
		// a .. b .. c is right-associative: Lhs a, Rhs (b .. c).
		var args []ast.Expr
		var cur ast.Expr = e
		for {
			c, ok := cur.(*ast.StringConcatOpExpr)
			if !ok {
				break
			}
			args = append(args, guardExpr(c.Lhs))
			cur = c.Rhs
		}
		args = append(args, guardExpr(cur))
		fn := &ast.StringExpr{Value: string(concatMarker())}
		fn.SetLine(e.Line())
		fn.SetLastLine(e.LastLine())
		call := &ast.FuncCallExpr{Func: fn, Args: args}
		call.SetLine(e.Line())
		call.SetLastLine(e.LastLine())
		return call
	case *ast.AttrGetExpr:
		e.Object = guardExpr(e.Object)
		e.Key = guardExpr(e.Key)
	case *ast.TableExpr:
		for _, f := range e.Fields {
			f.Key = guardExpr(f.Key)
			f.Value = guardExpr(f.Value)
		}
	case *ast.FuncCallExpr:
		e.Func = guardExpr(e.Func)
		e.Receiver = guardExpr(e.Receiver)
		guardExprs(e.Args)
	case *ast.LogicalOpExpr:
		e.Lhs = guardExpr(e.Lhs)
		e.Rhs = guardExpr(e.Rhs)
	case *ast.RelationalOpExpr:
		e.Lhs = guardExpr(e.Lhs)
		e.Rhs = guardExpr(e.Rhs)
	case *ast.ArithmeticOpExpr:
		e.Lhs = guardExpr(e.Lhs)
		e.Rhs = guardExpr(e.Rhs)
	case *ast.UnaryMinusOpExpr:
		e.Expr = guardExpr(e.Expr)
	case *ast.UnaryNotOpExpr:
		e.Expr = guardExpr(e.Expr)
	case *ast.UnaryLenOpExpr:
		e.Expr = guardExpr(e.Expr)
	case *ast.FunctionExpr:
		guardConcat(e.Stmts)
	}
	return e
}
