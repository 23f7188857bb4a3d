package engine

import (
	lua "github.com/yuin/gopher-lua"
	"github.com/yuin/gopher-lua/ast"
)

// gopher-lua's compiler ends the scope of a block's locals by writing the
// block's last pc into DbgLocals[register] instead of the locals' own
// entries (compile.go, EndScope), so the debug information of locals,
// which debug.getlocal and the names in runtime errors read, is wrong
// once a block has closed. fixLocalScopes rebuilds it: a walk of the
// chunk in the compiler's order tells which block declared each entry and
// which entries each block's end wrote; an entry still holding a write
// gives that block's end, and a block whose writes were all overwritten
// ends before the next local declared after it.

// scopeWalk records, for one function, the compiler's declarations and
// block ends.
type scopeWalk struct {
	entryBlock []int   // DbgLocals index -> the block that declared it
	blockVars  [][]int // block -> the registers of its locals
	blockFirst []int   // block -> the DbgLocals index of its first local, -1 for none
	blockLast  []int   // block -> that of its last local
	blockLeft  []int   // block -> declarations made before it ended
	blockKind  []int   // block -> what made it (blockDo, ...)
	blockLine  []int   // block -> the last line of its statement
	blockOuter []int   // block -> the block it is in, -1 for none
	leaves     []int   // blocks, in the order they ended
	open       []int   // the blocks open now
	active     int     // locals active now: the next one's register
	funcs      []*ast.FunctionExpr
	methods    map[*ast.FunctionExpr]bool // functions defined with `:`, which have self
}

// What made a block, which says how to find where it ends.
const (
	blockDo = iota
	blockLoop
	blockNumFor
	blockGenFor
)

func (w *scopeWalk) enter(kind int, n ast.PositionHolder) {
	w.blockVars = append(w.blockVars, nil)
	w.blockFirst = append(w.blockFirst, -1)
	w.blockLast = append(w.blockLast, 0)
	w.blockLeft = append(w.blockLeft, 0)
	w.blockKind = append(w.blockKind, kind)
	line := 0
	if n != nil {
		line = n.LastLine()
	}
	w.blockLine = append(w.blockLine, line)
	outer := -1
	if len(w.open) > 0 {
		outer = w.open[len(w.open)-1]
	}
	w.blockOuter = append(w.blockOuter, outer)
	w.open = append(w.open, len(w.blockVars)-1)
}

func (w *scopeWalk) leave() {
	b := w.open[len(w.open)-1]
	w.open = w.open[:len(w.open)-1]
	w.leaves = append(w.leaves, b)
	w.blockLeft[b] = len(w.entryBlock)
	w.active -= len(w.blockVars[b])
}

func (w *scopeWalk) declare() {
	b := w.open[len(w.open)-1]
	if w.blockFirst[b] < 0 {
		w.blockFirst[b] = len(w.entryBlock)
	}
	w.blockLast[b] = len(w.entryBlock)
	w.entryBlock = append(w.entryBlock, b)
	w.blockVars[b] = append(w.blockVars[b], w.active)
	w.active++
}

func (w *scopeWalk) chunk(stmts []ast.Stmt) {
	for _, s := range stmts {
		w.stmt(s)
	}
}

// block is compileBlock: a block only when it has statements.
func (w *scopeWalk) block(stmts []ast.Stmt) {
	if len(stmts) == 0 {
		return
	}
	w.enter(blockDo, stmts[len(stmts)-1])
	w.chunk(stmts)
	w.leave()
}

func (w *scopeWalk) stmt(s ast.Stmt) {
	switch st := s.(type) {
	case *ast.LocalAssignStmt:
		w.exprs(st.Exprs)
		for range st.Names {
			w.declare()
		}
	case *ast.AssignStmt:
		w.exprs(st.Lhs)
		w.exprs(st.Rhs)
	case *ast.FuncCallStmt:
		w.expr(st.Expr)
	case *ast.DoBlockStmt:
		w.enter(blockDo, st)
		w.chunk(st.Stmts)
		w.leave()
	case *ast.WhileStmt:
		w.expr(st.Condition)
		w.enter(blockLoop, st)
		w.chunk(st.Stmts)
		w.leave()
	case *ast.RepeatStmt:
		w.enter(blockLoop, st)
		w.chunk(st.Stmts)
		w.expr(st.Condition)
		w.leave()
	case *ast.IfStmt:
		w.expr(st.Condition)
		w.block(st.Then)
		w.block(st.Else)
	case *ast.NumberForStmt:
		w.enter(blockNumFor, st)
		w.declare()
		w.expr(st.Init)
		w.declare()
		w.expr(st.Limit)
		w.declare()
		w.expr(st.Step)
		w.declare()
		w.chunk(st.Stmts)
		w.leave()
	case *ast.GenericForStmt:
		w.enter(blockGenFor, st)
		w.declare()
		w.declare()
		w.declare()
		w.exprs(st.Exprs)
		for range st.Names {
			w.declare()
		}
		w.chunk(st.Stmts)
		w.leave()
	case *ast.FuncDefStmt:
		if st.Name != nil && st.Name.Method != "" {
			if w.methods == nil {
				w.methods = map[*ast.FunctionExpr]bool{}
			}
			w.methods[st.Func] = true
		}
		w.expr(st.Func)
	case *ast.ReturnStmt:
		w.exprs(st.Exprs)
	}
}

func (w *scopeWalk) exprs(es []ast.Expr) {
	for _, e := range es {
		w.expr(e)
	}
}

// expr collects the functions an expression defines, in order.
func (w *scopeWalk) expr(e ast.Expr) {
	switch ex := e.(type) {
	case *ast.FunctionExpr:
		w.funcs = append(w.funcs, ex)
	case *ast.AttrGetExpr:
		w.expr(ex.Object)
		w.expr(ex.Key)
	case *ast.TableExpr:
		for _, f := range ex.Fields {
			if f.Key != nil {
				w.expr(f.Key)
			}
			w.expr(f.Value)
		}
	case *ast.FuncCallExpr:
		if ex.Func != nil {
			w.expr(ex.Func)
		}
		if ex.Receiver != nil {
			w.expr(ex.Receiver)
		}
		w.exprs(ex.Args)
	case *ast.LogicalOpExpr:
		w.expr(ex.Lhs)
		w.expr(ex.Rhs)
	case *ast.RelationalOpExpr:
		w.expr(ex.Lhs)
		w.expr(ex.Rhs)
	case *ast.StringConcatOpExpr:
		w.expr(ex.Lhs)
		w.expr(ex.Rhs)
	case *ast.ArithmeticOpExpr:
		w.expr(ex.Lhs)
		w.expr(ex.Rhs)
	case *ast.UnaryMinusOpExpr:
		w.expr(ex.Expr)
	case *ast.UnaryNotOpExpr:
		w.expr(ex.Expr)
	case *ast.UnaryLenOpExpr:
		w.expr(ex.Expr)
	}
}

// fixLocalScopes rewrites the EndPc of p's locals, and of the functions
// it defines, from fn, the function p was compiled from (for the main
// chunk, one with its statements and `...`).
func fixLocalScopes(p *lua.FunctionProto, fn *ast.FunctionExpr, method, main bool) {
	w := &scopeWalk{}
	w.enter(blockDo, nil) // the function's own block
	if method {
		w.declare()
	}
	for range fn.ParList.Names {
		w.declare()
	}
	if fn.ParList.HasVargs && !main && lua.CompatVarArg {
		w.declare()
	}
	w.chunk(fn.Stmts)
	w.leave()
	if len(w.entryBlock) == len(p.DbgLocals) {
		// The block whose end each entry holds: the last to write it.
		writer := make([]int, len(p.DbgLocals))
		for i := range writer {
			writer[i] = -1
		}
		for _, b := range w.leaves {
			for _, r := range w.blockVars[b] {
				if r < len(writer) {
					writer[r] = b
				}
			}
		}
		end := make([]int, len(w.blockVars))
		for b := range end {
			end[b] = -1
		}
		for i, b := range writer {
			if b >= 0 {
				end[b] = p.DbgLocals[i].EndPc
			}
		}
		// A block found from the code ends with the block it is in, at
		// the latest (a one-line `do` block in a loop had no other bound
		// than the next local declared after the loop).
		var endOf func(b int) int
		endOf = func(b int) int {
			if end[b] < 0 {
				end[b] = w.blockEnd(p, b)
				if o := w.blockOuter[b]; o >= 0 {
					end[b] = min(end[b], endOf(o))
				}
			}
			return end[b]
		}
		for i, l := range p.DbgLocals {
			// Active through the block's last instruction.
			l.EndPc = endOf(w.entryBlock[i]) + 1
		}
	}
	// Nested functions, matched to their prototypes by their lines.
	used := make([]bool, len(w.funcs))
	for _, child := range p.FunctionPrototypes {
		for i, f := range w.funcs {
			if !used[i] && f.Line() == child.LineDefined && f.LastLine() == child.LastLineDefined {
				used[i] = true
				fixLocalScopes(child, f, w.methods[f], false)
				break
			}
		}
	}
}

// blockEnd finds the last pc of block b, whose end the compiler's writes
// lost, from the code: a loop ends with its jump back or its FORLOOP or
// TFORLOOP, another block at its last line; none ends after the next
// local declared outside it.
func (w *scopeWalk) blockEnd(p *lua.FunctionProto, b int) int {
	bound := len(p.Code) - 1
	if next := w.blockLeft[b]; next < len(p.DbgLocals) {
		bound = p.DbgLocals[next].StartPc - 1
	}
	first, last := w.blockFirst[b], w.blockLast[b] // (a walk over every local for each block made this quadratic)
	if first < 0 {
		return bound
	}
	from := max(p.DbgLocals[last].StartPc-1, 0)
	reg := w.blockVars[b][0]
	line := w.blockLine[b]
	for pc := from; pc <= bound && pc < len(p.Code); pc++ {
		inst := p.Code[pc]
		if line > 0 && pc < len(p.DbgSourcePositions) && p.DbgSourcePositions[pc] > line {
			break // past the block's statement: an enclosing loop's end
		}
		switch op := opOf(inst); {
		case w.blockKind[b] == blockNumFor && op == lua.OP_FORLOOP && argA(inst) == reg,
			w.blockKind[b] == blockGenFor && op == lua.OP_TFORLOOP && argA(inst) == reg:
			return pc - 1
		case w.blockKind[b] == blockLoop && op == lua.OP_JMP && pc+1+argSBx(inst) < p.DbgLocals[first].StartPc:
			return pc
		}
	}
	if line > 0 {
		for pc := bound; pc > from; pc-- {
			if pc < len(p.DbgSourcePositions) && p.DbgSourcePositions[pc] <= line {
				return pc
			}
		}
	}
	return bound
}
