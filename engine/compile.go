package engine

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync/atomic"

	lua "github.com/yuin/gopher-lua"
	"github.com/yuin/gopher-lua/ast"
	"github.com/yuin/gopher-lua/parse"

	"github.com/psulua/psulua/lua51"
)

// Every chunk psulua runs is compiled here: the host's RunChunk and
// RunFile, the command line, load, loadstring, loadfile, dofile and
// require. Between gopher-lua's parser and its compiler the chunk is
// checked and rewritten:
//
//   - its nesting is bounded before anything recurses on it, as Lua 5.1
//     bounds it (LUAI_MAXCCALLS): gopher-lua's compiler recurses once per
//     level, and a deep enough chunk overflows the Go stack, which ends the
//     whole program;
//   - a multiple assignment goes through temporaries: gopher-lua compiles
//     `x, y = y, x` on locals to x = y; y = x (yuin/gopher-lua#440);
//   - the batch numbers of a constructor past 25,550 list items are written
//     into the code (gopher-lua writes 0, and the items are lost);
//   - a generic for evaluates its expressions into temporaries first,
//     unless they are one call that calls nothing before its last step
//     (`for k, v in pairs(t)`): gopher-lua's compiler leaves the loop's
//     state or control value unset with fewer than three expressions
//     (`for k, v in next, t`), and overwrites an inner call's result in
//     the first (`for p in require("psutil").process_iter()`); see
//     forNeedsTemporaries;
//   - `a % b` and `a ^ b` of constants are folded as Lua 5.1 folds them
//     (foldArith), and a long chain of arithmetic is cut by `true and`
//     every 64 operators, which gopher-lua's constant folding does not
//     walk through.
//
// Before gopher-lua's parser, checkSyntax (syntax51.go) reads the chunk as
// Lua 5.1's parser does, for Lua's messages and what Lua refuses.
//
// A context that ends abandons a compilation that outlives it, and the
// compilation stops soon after (see compileStop): gopher-lua's parser
// reads the source through a reader that looks at the context every 4 KB,
// and psulua's own passes look at it as they go.

// maxSyntaxLevels is Lua 5.1's LUAI_MAXCCALLS: how deep blocks, brackets,
// functions and right-associative or unary operators may nest.
const maxSyntaxLevels = 200

// maxOperatorChain bounds a chain of left-associative binary operators,
// fields, indexes and calls in one expression (`1+1+...`, `a.b.c...`,
// `f()()...`). Lua 5.1 parses them in a loop, gopher-lua's compiler
// recurses once per link: a million would overflow the Go stack.
const maxOperatorChain = 100000

// maxElseIfs bounds the elseif branches of one if: gopher-lua nests each
// in the one before, and compiles them in quadratic time (10,000 take a
// second, 100,000 minutes).
const maxElseIfs = 5000

// SyntaxError is a chunk that does not compile. Its message reads as Lua
// 5.1's: `chunk:line: message near 'token'`.
type SyntaxError struct {
	Message string
	cause   error // the parser's or compiler's error, if any
}

func (e *SyntaxError) Error() string { return e.Message }

// Unwrap gives the parser's *parse.Error or the compiler's
// *lua.CompileError behind the message, when there is one.
func (e *SyntaxError) Unwrap() error { return e.cause }

// ChunkID is the name Lua 5.1 shows for a chunk in messages (luaO_chunkid,
// with Debian's LUA_IDSIZE of 80): "=name" is shown as name, "@file" as
// file, and source code as [string "its first line..."].
func ChunkID(source string) string {
	const idSize = 80
	switch {
	case strings.HasPrefix(source, "="):
		return truncateID(source[1:], idSize-1)
	case strings.HasPrefix(source, "@"):
		s := source[1:]
		if room := idSize - len(" '...' ") - 1; len(s) > room { // C's sizeof counts the NUL
			s = "..." + s[len(s)-room:]
		}
		return s
	}
	s := source
	cut := false
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s, cut = s[:i], true
	}
	if room := idSize - len(` [string "..."] `) - 1; len(s) > room {
		s, cut = s[:room], true
	}
	if cut {
		return `[string "` + s + `..."]`
	}
	return `[string "` + s + `"]`
}

func truncateID(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// Compile compiles Lua source into a function prototype named name (the
// name errors and tracebacks show, as [ChunkID] gives it). A first line
// starting with '#' is not skipped here: that is for files. ctx, when it
// can end, abandons the compilation at its end with ctx's cause.
func Compile(ctx context.Context, src []byte, name string) (*lua.FunctionProto, error) {
	return compileWithin(ctx, src, name, nil, 0)
}

// compileInline is the size of source compiled on the caller's goroutine,
// without a deadline: the slowest 4 KB chunks measured (a chain of 2,000
// multiplications, 500 distinct globals) compile in about 10 ms, while
// handing a small chunk to another goroutine and back took longer than
// compiling it (loadstring of a short chunk: 49 µs).
const compileInline = 4 << 10

// compileWithin is Compile with compileRewritten's extra rewrite.
func compileWithin(ctx context.Context, src []byte, name string, rewrite func([]ast.Stmt), maxFunctions int) (*lua.FunctionProto, error) {
	if ctx == nil || ctx.Done() == nil {
		return compileRewritten(nil, src, name, rewrite, maxFunctions)
	}
	if err := ctx.Err(); err != nil {
		return nil, context.Cause(ctx)
	}
	if len(src) <= compileInline {
		return compileRewritten(nil, src, name, rewrite, maxFunctions)
	}
	type result struct {
		proto *lua.FunctionProto
		err   error
	}
	done := make(chan result, 1)
	compilesRunning.Add(1)
	go func() {
		defer compilesRunning.Add(-1)
		p, err := compileRewritten(ctx, src, name, rewrite, maxFunctions)
		done <- result{p, err}
	}()
	select {
	case r := <-done:
		return r.proto, r.err
	case <-ctx.Done():
		// The compilation stops on its own goroutine at its next look at
		// ctx (compileStop), or after gopher-lua's code generation, which
		// cannot be interrupted; its result is dropped.
		return nil, context.Cause(ctx)
	}
}

// compilesRunning counts the compilations running on goroutines of their
// own, abandoned ones included (for tests).
var compilesRunning atomic.Int32

// compileStop stops a compilation whose context has ended: check panics
// with compileStopped, which compileRewritten turns into the context's
// cause. A compilation abandoned at a time or memory limit would go on
// otherwise, on its own goroutine: a 28 MB chunk built by a script under
// a limit of 300 ms and 64 MB went on for 10 s, to 1.2 GB.
type compileStop struct {
	ctx  context.Context
	done <-chan struct{} // nil: never
}

func newCompileStop(ctx context.Context) compileStop {
	if ctx == nil {
		return compileStop{}
	}
	return compileStop{ctx: ctx, done: ctx.Done()}
}

// check panics with compileStopped once the context has ended.
func (s compileStop) check() {
	select {
	case <-s.done:
		panic(compileStopped{context.Cause(s.ctx)})
	default:
	}
}

type compileStopped struct{ cause error }

func (e compileStopped) Error() string { return e.cause.Error() }

// stoppingReader is the source as gopher-lua's lexer reads it, through a
// bufio.Reader 4 KB at a time: each read first checks the stop. Its panic
// reaches gopher-lua's parse.Parse, which returns it as its error.
type stoppingReader struct {
	bytes.Reader
	stop compileStop
}

func newStoppingReader(src []byte, stop compileStop) *stoppingReader {
	r := &stoppingReader{stop: stop}
	r.Reset(src)
	return r
}

func (r *stoppingReader) Read(p []byte) (int, error) {
	r.stop.check()
	return r.Reader.Read(p)
}

// compile compiles src as the chunk named name for this host: under the
// running script's context (or the host's time limit when none runs), and
// with each chain of `..` guarded when the host has a memory limit
// (concat.go).
func (h *Host) compile(src []byte, name string) (*lua.LFunction, error) {
	return h.compileFor(h.L, src, name)
}

// compileFor is compile for code running in L, a coroutine or the host's
// state: the function gets L's globals, as lua_load gives a thread's, and
// L's context bounds the compilation.
func (h *Host) compileFor(L *lua.LState, src []byte, name string) (*lua.LFunction, error) {
	ctx := L.Context()
	if ctx == nil && h.opts.Timeout > 0 {
		var stop context.CancelFunc
		ctx, stop = context.WithTimeoutCause(context.Background(), h.opts.Timeout, ErrTimeout)
		defer stop()
	}
	guarded := h.opts.MemoryLimit > 0
	var rewrite func([]ast.Stmt)
	if guarded {
		rewrite = guardConcat
	}
	// An abandoned compilation goes on (compileWithin), so a chunk is
	// refused first whose functions alone would take the compiler past
	// the memory limit: 200,000 empty functions, 3.4 MB of source, went
	// on to take 837 MB after their run had ended.
	maxFunctions := 0
	if h.opts.MemoryLimit > 0 {
		maxFunctions = int(min(h.opts.MemoryLimit/compileBytesPerFunction, math.MaxInt32))
	}
	proto, err := compileWithin(ctx, src, name, rewrite, maxFunctions)
	if err != nil {
		return nil, err
	}
	if guarded {
		h.patchConcat(proto)
	}
	return L.NewFunctionFromProto(proto), nil
}

func compileChunk(src []byte, name string) (*lua.FunctionProto, error) {
	return compileRewritten(nil, src, name, nil, 0)
}

// compileRewritten is compileChunk with one more rewrite of the chunk,
// after psulua's own and before gopher-lua compiles it, refusing a chunk
// of more than maxFunctions functions when it is not 0, and stopping with
// ctx's cause once ctx has ended (nil: never).
func compileRewritten(ctx context.Context, src []byte, name string, rewrite func([]ast.Stmt), maxFunctions int) (proto *lua.FunctionProto, err error) {
	defer func() {
		if r := recover(); r != nil {
			if s, ok := r.(compileStopped); ok {
				proto, err = nil, s.cause
				return
			}
			proto, err = nil, &SyntaxError{Message: fmt.Sprintf("%s: %v", name, r)}
		}
	}()
	stop := newCompileStop(ctx)
	if err := checkNesting(src, name, maxFunctions, stop); err != nil {
		return nil, err
	}
	if e := checkSyntax(src, stop); e != nil {
		return nil, &SyntaxError{Message: fmt.Sprintf("%s:%d: %s", name, e.line, e.msg)}
	}
	chunk, err := parse.Parse(newStoppingReader(src, stop), name)
	if s, ok := err.(compileStopped); ok {
		return nil, s.cause
	}
	if err != nil {
		return nil, syntaxErrorOf(err, name, src)
	}
	r := rewriter{stop: stop}
	chunk = r.block(chunk)
	if rewrite != nil {
		stop.check()
		rewrite(chunk)
	}
	stop.check()
	proto, err = lua.Compile(chunk, name)
	if err != nil {
		return nil, syntaxErrorOf(err, name, src)
	}
	fixSetList(proto)
	fixForJumps(proto)
	fixLocalScopes(proto, &ast.FunctionExpr{ParList: &ast.ParList{HasVargs: true}, Stmts: chunk}, false, true)
	setSourceName(proto, runtimeChunkID(name))
	clipCode(proto)
	return proto, nil
}

// clipCode copies each function's instructions, constants and debugging
// records out of the buffers the compiler made for them, which are as
// large for every function (1,024 instructions and their lines, 128 calls
// and so on: about 16 KB) and stay with it: `local t = {function() end,
// ...}` with 4,000 functions held 69 MB, now 3.4.
func clipCode(p *lua.FunctionProto) {
	p.Code = clipped(p.Code)
	p.Constants = clipped(p.Constants)
	p.FunctionPrototypes = clipped(p.FunctionPrototypes)
	p.DbgSourcePositions = clipped(p.DbgSourcePositions)
	p.DbgLocals = clipped(p.DbgLocals)
	p.DbgCalls = clipped(p.DbgCalls)
	p.DbgUpvalues = clipped(p.DbgUpvalues)
	for _, c := range p.FunctionPrototypes {
		clipCode(c)
	}
}

// clipped is s in an array of its own length (nil when empty: an empty
// slice of the old array would keep it).
func clipped[E any](s []E) []E {
	if len(s) == 0 {
		return nil
	}
	return append(make([]E, 0, len(s)), s...)
}

// runtimeChunkID is the chunk name runtime errors, tracebacks and
// debug.getinfo show: Lua 5.1 cuts it to LUA_IDSIZE (60), shorter than the
// 80 of syntax errors (llex.c's MAXSRC), which is what name is cut to.
func runtimeChunkID(name string) string {
	const room = 60 - len(` [string "..."] `) - 1 // C's sizeof counts the NUL
	if s, ok := strings.CutPrefix(name, `[string "`); ok {
		s = strings.TrimSuffix(s, `"]`)
		cut := strings.HasSuffix(s, "...")
		s = strings.TrimSuffix(s, "...")
		if len(s) > room {
			s, cut = s[:room], true
		}
		if cut {
			return `[string "` + s + `..."]`
		}
		return `[string "` + s + `"]`
	}
	// A file's name keeps its end.
	if fileRoom := 60 - len(" '...' ") - 1; len(name) > fileRoom {
		return "..." + name[len(name)-fileRoom:]
	}
	return name
}

func setSourceName(p *lua.FunctionProto, name string) {
	p.SourceName = name
	for _, c := range p.FunctionPrototypes {
		setSourceName(c, name)
	}
}

// syntaxErrorOf turns the parser's and compiler's errors into Lua 5.1's
// wording.
func syntaxErrorOf(err error, name string, src []byte) error {
	if ce, ok := err.(*lua.CompileError); ok {
		return &SyntaxError{Message: fmt.Sprintf("%s:%d: %s", name, ce.Line, ce.Message), cause: err}
	}
	pe, ok := err.(*parse.Error)
	if !ok {
		return &SyntaxError{Message: strings.TrimSpace(err.Error()), cause: err}
	}
	msg := pe.Message
	if msg == "syntax error" {
		// goyacc's only message; Lua's nearest is "unexpected symbol".
		msg = "unexpected symbol"
	}
	if pe.Pos.Line == parse.EOF {
		return &SyntaxError{Message: fmt.Sprintf("%s:%d: %s near '<eof>'", name, bytes.Count(src, []byte{'\n'})+1, msg), cause: err}
	}
	tok := tokenText(src, pe.Pos.Line, pe.Pos.Column, pe.Token)
	return &SyntaxError{Message: fmt.Sprintf("%s:%d: %s near '%s'", name, pe.Pos.Line, msg, tok), cause: err}
}

// tokenText is the token as the source spells it (a string with its
// quotes, a number as written), which is what Lua quotes after "near";
// the parser gives the token's value.
func tokenText(src []byte, line, column int, value string) string {
	start := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(src[start:], '\n')
		if i < 0 {
			return value
		}
		start += i + 1
	}
	// The scanner's column is that of the token's last character read
	// before it: find the value's spelling around it.
	end := bytes.IndexByte(src[start:], '\n')
	lineText := src[start:]
	if end >= 0 {
		lineText = lineText[:end]
	}
	for _, q := range []string{`"`, `'`} {
		if i := bytes.Index(lineText, []byte(q+value+q)); i >= 0 {
			return q + value + q
		}
	}
	if i := bytes.Index(lineText, []byte("[["+value+"]]")); i >= 0 {
		return "[[" + value + "]]"
	}
	_ = column
	return value
}

// compileBytesPerFunction is about the least gopher-lua's compiler
// allocates for a function, whatever its size: the buffers that clipCode
// copies the function out of (4,000 empty functions took 84 MB).
const compileBytesPerFunction = 16 << 10

// checkNesting counts the levels Lua 5.1 counts while it parses, on the
// token stream (the source need not parse: Lua reports the levels first):
// brackets, blocks and functions, and chains of right-associative
// (`..`, `^`) and unary operators. It also bounds chains of other binary
// operators (maxOperatorChain), and the functions to compile by
// maxFunctions when it is not 0.
func checkNesting(src []byte, name string, maxFunctions int, stop compileStop) error {
	sc := parse.NewScanner(newStoppingReader(src, stop), name)
	lx := &parse.Lexer{}
	var (
		level     int   // levels open now
		extra     int   // operator levels of the current bracket
		chain     int   // binary operators of the current bracket
		elifs     int   // elseif branches of the innermost block (nested ifs to the compiler)
		saved     []int // extra, chain and elifs of the enclosing brackets
		prevOp    bool  // the previous token ends an operand
		functions int
	)
	tooDeep := func(line int) error {
		return &SyntaxError{Message: fmt.Sprintf("%s:%d: chunk has too many syntax levels", name, line)}
	}
	for {
		tok, err := sc.Scan(lx)
		if err != nil || tok.Type == parse.EOF {
			return nil // the parser reports bad tokens
		}
		lx.PrevTokenType = tok.Type
		endsOperand := false
		switch tok.Type {
		case '(', '{', '[', parse.TFunction, parse.TDo, parse.TIf, parse.TRepeat:
			if tok.Type == parse.TFunction {
				if functions++; maxFunctions > 0 && functions > maxFunctions {
					return fmt.Errorf("%s:%d: %w: a chunk of more than %d functions (the compiler takes %d bytes for each)",
						name, tok.Pos.Line, ErrMemoryLimit, maxFunctions, compileBytesPerFunction)
				}
			}
			saved = append(saved, extra, chain, elifs)
			level++
			extra, chain, elifs = 0, 0, 0
		case ')', '}', ']', parse.TEnd, parse.TUntil:
			if len(saved) >= 3 {
				level -= 1 + extra
				extra, chain, elifs = saved[len(saved)-3], saved[len(saved)-2], saved[len(saved)-1]
				saved = saved[:len(saved)-3]
			}
			if tok.Type == ')' || tok.Type == ']' {
				chain++ // a call or an index: a.b[1](x)(y) nests one more
			}
			endsOperand = tok.Type != parse.TUntil
		case parse.T2Comma, '^', parse.TNot, '#':
			extra++
			level++
		case '-':
			if prevOp {
				chain++
			} else {
				extra++
				level++
			}
		case '+', '*', '/', '%', '<', '>', parse.TEqeq, parse.TNeq, parse.TLte, parse.TGte, parse.TAnd, parse.TOr:
			chain++
		case parse.TIdent, parse.TNumber, parse.TString, parse.TNil, parse.TTrue, parse.TFalse, parse.T3Comma:
			if prevOp {
				// An operand after an operand starts a new statement.
				level -= extra
				extra, chain = 0, 0
			}
			endsOperand = true
		case '.', ':':
			chain++ // a.b.c... nests one level per field
		case parse.TElseIf:
			// gopher-lua nests each elseif in the else of the one before.
			elifs++
			level -= extra
			extra, chain = 0, 0
		default:
			// , ; = and the other keywords end an expression.
			level -= extra
			extra, chain = 0, 0
		}
		prevOp = endsOperand
		if level > maxSyntaxLevels || chain > maxOperatorChain || elifs > maxElseIfs {
			return tooDeep(tok.Pos.Line)
		}
	}
}

// fixSetList writes the batch number after each SETLIST whose number does
// not fit its C field (past 511 batches of 50), which gopher-lua's
// compiler leaves 0, in proto and the functions it contains.
func fixSetList(proto *lua.FunctionProto) {
	const (
		opNewTable = lua.OP_NEWTABLE
		opSetList  = lua.OP_SETLIST
	)
	batches := map[int]int{} // table register -> SETLISTs since its NEWTABLE
	code := proto.Code
	for pc := 0; pc < len(code); pc++ {
		inst := code[pc]
		op := int(inst >> 26)
		a := int(inst>>18) & 0xff
		switch op {
		case opNewTable:
			batches[a] = 0
		case opSetList:
			b, c := int(inst&0x1ff), int(inst>>9)&0x1ff
			// A keyed field right after a full batch makes the compiler
			// store that batch again: same batch, not the next one.
			again := false
			if pc > 0 && b == lua.FieldsPerFlush {
				prev := code[pc-1]
				prevOp := int(prev >> 26)
				again = (prevOp == lua.OP_SETTABLE || prevOp == lua.OP_SETTABLEKS) && int(prev>>18)&0xff == a
			}
			switch {
			case c != 0:
				batches[a] = c
			case again:
			default:
				batches[a]++
			}
			if c == 0 && pc+1 < len(code) {
				code[pc+1] = uint32(batches[a])
				pc++ // the next word is data
			}
		}
	}
	for _, p := range proto.FunctionPrototypes {
		fixSetList(p)
	}
}

// fixForJumps writes again the jump after each TFORLOOP, the one back to
// the loop's body, when gopher-lua's jump optimisation has spoilt it, in
// proto and the functions it contains. The optimisation follows a jump to
// a jump, reading the second one's offset as a label even when it has
// already made it a distance: a generic for whose body starts with a
// jump (`for k in f do break end`) went back to some other instruction,
// corrupting registers or looping for ever, or, when the distance came out
// 0, got a NOP, whose leftover bits TFORLOOP read as the offset. The body
// starts after the jump into the loop, the first one to the TFORLOOP.
func fixForJumps(proto *lua.FunctionProto) {
	const sbxBias = 1<<17 - 1 // gopher-lua's opMaxArgSbx: the sBx 0
	code := proto.Code
	firstJumpTo := map[int]int{} // target -> the first jump there
	for pc := 0; pc+1 < len(code); pc++ {
		switch op := int(code[pc] >> 26); {
		case op == lua.OP_SETLIST && int(code[pc]>>9)&0x1ff == 0:
			pc++ // the next word is data
		case op == lua.OP_JMP:
			target := pc + 1 + int(code[pc]&0x3ffff) - sbxBias
			if _, seen := firstJumpTo[target]; !seen {
				firstJumpTo[target] = pc
			}
		case op == lua.OP_TFORLOOP:
			back := int(code[pc+1] >> 26)
			entry, ok := firstJumpTo[pc]
			if !ok || (back != lua.OP_JMP && back != lua.OP_NOP) {
				continue
			}
			body := entry + 1
			if back == lua.OP_JMP && int(code[body]>>26) != lua.OP_JMP {
				continue // gopher-lua's jump is right
			}
			// TFORLOOP goes on at pc+1, plus the offset, plus one.
			code[pc+1] = uint32(lua.OP_JMP)<<26 | uint32(body-pc-2+sbxBias)
		}
	}
	for _, p := range proto.FunctionPrototypes {
		fixForJumps(p)
	}
}

// The names of the temporaries of a rewritten statement cannot be
// written in Lua, so they never meet a script's own names; the debug
// library does not show them (isTemporary).
const (
	tempValue  = "(assign value)"
	tempObject = "(assign table)"
	tempKey    = "(assign key)"
	tempFor    = "(for value)"
)

// isTemporary tells a rewrite's temporary by its local's name.
func isTemporary(name string) bool {
	for _, t := range [...]string{tempValue, tempObject, tempKey, tempFor} {
		if strings.HasPrefix(name, t+" ") {
			return true
		}
	}
	return false
}

// rewriter rewrites a chunk for gopher-lua's compiler, checking its stop
// at each statement, field and operand of a chain.
type rewriter struct{ stop compileStop }

// block rewrites the statements of a block and the blocks and functions
// they hold.
func (r rewriter) block(stmts []ast.Stmt) []ast.Stmt {
	for i, s := range stmts {
		r.stop.check()
		stmts[i] = r.stmt(s)
	}
	return stmts
}

func (r rewriter) stmt(s ast.Stmt) ast.Stmt {
	switch st := s.(type) {
	case *ast.AssignStmt:
		r.exprs(st.Lhs)
		r.exprs(st.Rhs)
		if needsTemporaries(st) {
			return assignThroughTemporaries(st)
		}
		unparenthesizeCall(st)
	case *ast.LocalAssignStmt:
		r.exprs(st.Exprs)
	case *ast.FuncCallStmt:
		r.expr(&st.Expr)
	case *ast.DoBlockStmt:
		st.Stmts = r.block(st.Stmts)
	case *ast.WhileStmt:
		r.expr(&st.Condition)
		st.Stmts = r.block(st.Stmts)
	case *ast.RepeatStmt:
		r.expr(&st.Condition)
		st.Stmts = r.block(st.Stmts)
	case *ast.IfStmt:
		r.expr(&st.Condition)
		st.Then = r.block(st.Then)
		st.Else = r.block(st.Else)
	case *ast.NumberForStmt:
		r.expr(&st.Init)
		r.expr(&st.Limit)
		r.expr(&st.Step)
		// Lua 5.1 converts strings to numbers for a numeric for;
		// gopher-lua's VM raises. Constant strings are converted here.
		st.Init, st.Limit, st.Step = forNumber(st.Init), forNumber(st.Limit), forNumber(st.Step)
		st.Stmts = r.block(st.Stmts)
	case *ast.GenericForStmt:
		r.exprs(st.Exprs)
		// Lua 5.1 reports a bad iterator at the line the expressions
		// start on; gopher-lua at the line of `for`.
		if len(st.Exprs) > 0 {
			st.SetLine(st.Exprs[0].Line())
		}
		st.Stmts = r.block(st.Stmts)
		if forNeedsTemporaries(st.Exprs) {
			return forThroughTemporaries(st)
		}
	case *ast.FuncDefStmt:
		st.Func.Stmts = r.block(st.Func.Stmts)
	case *ast.ReturnStmt:
		r.exprs(st.Exprs)
	}
	return s
}

// forNeedsTemporaries tells the expressions of a generic for that
// gopher-lua's compiler gets wrong. It assigns them to the loop's three
// hidden locals as if they were its named variables: with fewer than
// three expressions and other than one call, the state or control value
// is left as whatever the register held (Lua sets nil). And it compiles
// the first expression after declaring those locals, so a call inside it
// that is not its last step (a field of a call's result) takes its
// result in a register it then loads the field name into.
func forNeedsTemporaries(exprs []ast.Expr) bool {
	if len(exprs) == 0 {
		return false
	}
	_, call := exprs[0].(*ast.FuncCallExpr)
	oneCall := call && len(exprs) == 1
	return (len(exprs) < 3 && !oneCall) || callsBeforeLastStep(exprs[0])
}

// callsBeforeLastStep reports whether e, a generic for's first
// expression, calls a function anywhere but in its last step, the call
// whose results the loop takes.
func callsBeforeLastStep(e ast.Expr) bool {
	var todo []ast.Expr
	if call, ok := e.(*ast.FuncCallExpr); ok {
		todo = append(todo, call.Func, call.Receiver) // its arguments go to later registers
	} else {
		todo = append(todo, e)
	}
	for len(todo) > 0 {
		e := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		switch ex := e.(type) {
		case *ast.FuncCallExpr:
			return true
		case *ast.AttrGetExpr:
			todo = append(todo, ex.Object, ex.Key)
		case *ast.LogicalOpExpr:
			todo = append(todo, ex.Lhs, ex.Rhs)
		case *ast.RelationalOpExpr:
			todo = append(todo, ex.Lhs, ex.Rhs)
		case *ast.StringConcatOpExpr:
			todo = append(todo, ex.Lhs, ex.Rhs)
		case *ast.ArithmeticOpExpr:
			todo = append(todo, ex.Lhs, ex.Rhs)
		case *ast.UnaryMinusOpExpr:
			todo = append(todo, ex.Expr)
		case *ast.UnaryNotOpExpr:
			todo = append(todo, ex.Expr)
		case *ast.UnaryLenOpExpr:
			todo = append(todo, ex.Expr)
		case *ast.TableExpr:
			for _, f := range ex.Fields {
				todo = append(todo, f.Key, f.Value)
			}
		}
	}
	return false
}

// forThroughTemporaries rewrites `for names in explist do body end` as
//
//	do
//	  local v1, v2, v3 = explist
//	  for names in v1, v2, v3 do body end
//	end
//
// which evaluates explist once, before the loop, adjusted to three values,
// as Lua does.
func forThroughTemporaries(st *ast.GenericForStmt) ast.Stmt {
	line, last := st.Line(), st.LastLine()
	values := &ast.LocalAssignStmt{Exprs: st.Exprs}
	values.SetLine(line)
	values.SetLastLine(last)
	st.Exprs = nil
	for i := 1; i <= 3; i++ {
		name := fmt.Sprintf("%s %d", tempFor, i)
		values.Names = append(values.Names, name)
		id := &ast.IdentExpr{Value: name}
		id.SetLine(line)
		id.SetLastLine(line)
		st.Exprs = append(st.Exprs, id)
	}
	block := &ast.DoBlockStmt{Stmts: []ast.Stmt{values, st}}
	block.SetLine(line)
	block.SetLastLine(last)
	return block
}

// forNumber is a constant string that reads as a number, as that number.
func forNumber(e ast.Expr) ast.Expr {
	str, ok := e.(*ast.StringExpr)
	if !ok {
		return e
	}
	if _, err := strconv.ParseFloat(strings.TrimSpace(str.Value), 64); err != nil {
		return e
	}
	n := &ast.NumberExpr{Value: strings.TrimSpace(str.Value)}
	n.SetLine(str.Line())
	n.SetLastLine(str.LastLine())
	return n
}

func (r rewriter) exprs(es []ast.Expr) {
	for i := range es {
		r.expr(&es[i])
	}
}

// expr reaches the functions inside an expression, and splits the
// constructors too long for gopher-lua's compiler (see splitConstructor).
func (r rewriter) expr(p *ast.Expr) {
	switch ex := (*p).(type) {
	case *ast.FunctionExpr:
		ex.Stmts = r.block(ex.Stmts)
	case *ast.AttrGetExpr:
		r.expr(&ex.Object)
		r.expr(&ex.Key)
	case *ast.TableExpr:
		for _, f := range ex.Fields {
			r.stop.check()
			if f.Key != nil {
				r.expr(&f.Key)
			}
			r.expr(&f.Value)
		}
		// A keyed last field takes one value: gopher-lua's compiler read a
		// call or `...` there as the array part's open end, storing its
		// results in the array too ({1, x = f()} got f()'s first at [2]).
		if n := len(ex.Fields); n > 0 && ex.Fields[n-1].Key != nil {
			switch v := ex.Fields[n-1].Value.(type) {
			case *ast.FuncCallExpr:
				v.AdjustRet = true
			case *ast.Comma3Expr:
				v.AdjustRet = true
			}
		}
		if split := splitConstructor(ex, r.stop); split != nil {
			*p = split
		}
	case *ast.FuncCallExpr:
		if ex.Func != nil {
			r.expr(&ex.Func)
		}
		if ex.Receiver != nil {
			r.expr(&ex.Receiver)
		}
		r.exprs(ex.Args)
	case *ast.LogicalOpExpr:
		r.operands(&ex.Lhs, &ex.Rhs)
	case *ast.RelationalOpExpr:
		r.operands(&ex.Lhs, &ex.Rhs)
	case *ast.StringConcatOpExpr:
		r.operands(&ex.Lhs, &ex.Rhs)
	case *ast.ArithmeticOpExpr:
		r.operands(&ex.Lhs, &ex.Rhs)
		foldArith(p)
	case *ast.UnaryMinusOpExpr:
		r.expr(&ex.Expr)
	case *ast.UnaryNotOpExpr:
		r.expr(&ex.Expr)
	case *ast.UnaryLenOpExpr:
		r.expr(&ex.Expr)
	}
}

// operands walks a binary operator's operands, following the long
// left-leaning chains (`a + b + c ...`) in a loop, not by recursion; the
// modulos and powers of the chain are folded from the innermost out
// (foldArith).
func (r rewriter) operands(lhs, rhs *ast.Expr) {
	var arith []*ast.Expr
	for {
		r.stop.check()
		r.expr(rhs)
		switch ex := (*lhs).(type) {
		case *ast.LogicalOpExpr:
			lhs, rhs = &ex.Lhs, &ex.Rhs
		case *ast.RelationalOpExpr:
			lhs, rhs = &ex.Lhs, &ex.Rhs
		case *ast.StringConcatOpExpr:
			lhs, rhs = &ex.Lhs, &ex.Rhs
		case *ast.ArithmeticOpExpr:
			arith = append(arith, lhs)
			lhs, rhs = &ex.Lhs, &ex.Rhs
		default:
			r.expr(lhs)
			for i := len(arith) - 1; i >= 0; i-- {
				foldArith(arith[i])
			}
			for i := arithBarrierEvery; i < len(arith); i += arithBarrierEvery {
				if ex, ok := (*arith[i]).(*ast.ArithmeticOpExpr); ok {
					barrier := &ast.LogicalOpExpr{Operator: "and", Lhs: &ast.TrueExpr{}, Rhs: ex}
					barrier.SetLine(ex.Line())
					barrier.SetLastLine(ex.LastLine())
					*arith[i] = barrier
				}
			}
			return
		}
	}
}

// arithBarrierEvery is how many operators of a chain of arithmetic
// (`x*1*1*...`) go between two `true and (...)`, which gives the same
// value: gopher-lua's compiler looks for constants to fold through the
// whole chain below each operator, and a chain of 100,000 took minutes to
// compile, where the `and` stops it.
const arithBarrierEvery = 64

// foldArith folds `a % b` and `a ^ b` of two constant numbers as Lua 5.1
// computes them: gopher-lua's compiler folds them with Go's math.Mod and
// math.Pow, as its instructions did (see arith.go). The result is a
// number literal; when it is NaN, which Lua 5.1 leaves to the run, or -0,
// the left operand becomes `true and a`, which gopher-lua does not fold.
// Operands more than constDepth operators deep are left to gopher-lua.
func foldArith(p *ast.Expr) {
	ex, ok := (*p).(*ast.ArithmeticOpExpr)
	if !ok || ex.Operator != "%" && ex.Operator != "^" {
		return
	}
	a, ok1 := constNumber(ex.Lhs, constDepth)
	b, ok2 := constNumber(ex.Rhs, constDepth)
	if !ok1 || !ok2 {
		return
	}
	r := arith51(ex.Operator, a, b)
	if math.IsNaN(r) || r == 0 && math.Signbit(r) { // gopher-lua reads a literal -0 as 0
		barrier := &ast.LogicalOpExpr{Operator: "and", Lhs: &ast.TrueExpr{}, Rhs: ex.Lhs}
		barrier.SetLine(ex.Line())
		barrier.SetLastLine(ex.LastLine())
		ex.Lhs = barrier
		return
	}
	n := &ast.NumberExpr{Value: strconv.FormatFloat(r, 'g', -1, 64)}
	n.SetLine(ex.Line())
	n.SetLastLine(ex.LastLine())
	*p = n
}

// arith51 is a op b for the operators gopher-lua's compiler folds its own
// way.
func arith51(op string, a, b float64) float64 {
	if op == "%" {
		return float64(lua51.Mod(lua.LNumber(a), lua.LNumber(b)))
	}
	return lua51.Pow(a, b)
}

// constDepth bounds how deep constNumber looks, so that a long chain of
// modulos or powers costs no more than a walk of each.
const constDepth = 6

// constNumber is the value gopher-lua's compiler gives a constant
// expression (constFold): literals read as its parseNumber reads them,
// and its operators, but Lua 5.1's modulo and power.
func constNumber(e ast.Expr, depth int) (float64, bool) {
	if depth == 0 {
		return 0, false
	}
	switch ex := e.(type) {
	case *ast.NumberExpr:
		v := strings.Trim(ex.Value, " \t\n")
		if i, err := strconv.ParseInt(v, 0, 64); err == nil {
			return float64(i), true
		}
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			return f, true
		}
		return math.NaN(), true
	case *ast.UnaryMinusOpExpr:
		v, ok := constNumber(ex.Expr, depth-1)
		return -v, ok
	case *ast.ArithmeticOpExpr:
		b, ok := constNumber(ex.Rhs, depth-1) // often the variable: looked at first
		if !ok {
			return 0, false
		}
		a, ok := constNumber(ex.Lhs, depth-1)
		if !ok {
			return 0, false
		}
		switch ex.Operator {
		case "+":
			return a + b, true
		case "-":
			return a - b, true
		case "*":
			return a * b, true
		case "/":
			return a / b, true
		case "%", "^":
			return arith51(ex.Operator, a, b), true
		}
	}
	return 0, false
}

// unparenthesizeCall compiles `x = (f())` as `x = f()`, which means the
// same. gopher-lua's compiler calls f in x's register when x is the last
// parameter, as if the registers above it were free: they may hold "arg"
// (in a function with ...) or later locals, and the call overwrote them
// (the VM crashed on `local function f(p, ...) p = (g()) return p end`).
func unparenthesizeCall(st *ast.AssignStmt) {
	if len(st.Lhs) != 1 || len(st.Rhs) != 1 {
		return
	}
	if _, ok := st.Lhs[0].(*ast.IdentExpr); !ok {
		return
	}
	if call, ok := st.Rhs[0].(*ast.FuncCallExpr); ok {
		call.AdjustRet = false
	}
}

// needsTemporaries reports the assignments gopher-lua's compiler gets
// wrong when it compiles a value straight into a local target's register:
//   - a multiple assignment to a name: the local is set before the other
//     values are read (fields alone are stored last, and correctly);
//   - `x = a and b` to a local: when a is false or nil and not itself a
//     local, x keeps its old value;
//   - more values than targets: the extra values land on the registers
//     of the locals declared after the target, or on none (a VM crash).
func needsTemporaries(st *ast.AssignStmt) bool {
	if len(st.Rhs) > len(st.Lhs) {
		return true
	}
	for i, e := range st.Lhs {
		if _, ok := e.(*ast.IdentExpr); !ok {
			continue
		}
		if len(st.Lhs) > 1 {
			return true
		}
		if _, ok := st.Rhs[i].(*ast.LogicalOpExpr); ok {
			return true
		}
	}
	return false
}

// assignThroughTemporaries rewrites `t1, t2 = e1, e2` as Lua 5.1 runs it:
// the tables and keys of the targets are evaluated first, then every
// value, then the targets are assigned from the last to the first:
//
//	do
//	  local o1, k1 = <table of t1>, <key of t1>   -- for field targets
//	  local v1, v2 = e1, e2
//	  t2 = v2; o1[k1] = v1
//	end
func assignThroughTemporaries(st *ast.AssignStmt) ast.Stmt {
	line, last := st.Line(), st.LastLine()
	at := func(e ast.Expr) ast.Expr {
		e.SetLine(line)
		e.SetLastLine(last)
		return e
	}
	ident := func(name string) ast.Expr { return at(&ast.IdentExpr{Value: name}) }
	var body []ast.Stmt
	prefix := &ast.LocalAssignStmt{}
	targets := make([]ast.Expr, len(st.Lhs))
	for i, e := range st.Lhs {
		attr, ok := e.(*ast.AttrGetExpr)
		if !ok {
			targets[i] = e
			continue
		}
		obj := fmt.Sprintf("%s %d", tempObject, i+1)
		prefix.Names = append(prefix.Names, obj)
		prefix.Exprs = append(prefix.Exprs, attr.Object)
		key := attr.Key
		switch key.(type) {
		case *ast.StringExpr, *ast.NumberExpr, *ast.NilExpr, *ast.TrueExpr, *ast.FalseExpr:
		default:
			k := fmt.Sprintf("%s %d", tempKey, i+1)
			prefix.Names = append(prefix.Names, k)
			prefix.Exprs = append(prefix.Exprs, key)
			key = ident(k)
		}
		targets[i] = at(&ast.AttrGetExpr{Object: ident(obj), Key: key})
	}
	if len(prefix.Names) > 0 {
		prefix.SetLine(line)
		prefix.SetLastLine(last)
		body = append(body, prefix)
	}
	values := &ast.LocalAssignStmt{Exprs: st.Rhs}
	values.SetLine(line)
	values.SetLastLine(last)
	for i := range st.Lhs {
		values.Names = append(values.Names, fmt.Sprintf("%s %d", tempValue, i+1))
	}
	body = append(body, values)
	for i := len(targets) - 1; i >= 0; i-- {
		a := &ast.AssignStmt{Lhs: []ast.Expr{targets[i]}, Rhs: []ast.Expr{ident(values.Names[i])}}
		a.SetLine(line)
		a.SetLastLine(last)
		body = append(body, a)
	}
	block := &ast.DoBlockStmt{Stmts: body}
	block.SetLine(line)
	block.SetLastLine(last)
	return block
}

// Constructors longer than splitFields are built by functions of
// splitFields fields each: gopher-lua's compiler looks a constant up by
// reading every constant of the function before it, so a data table of
// 70,000 distinct keys and values takes minutes to compile in one
// function, and a second in pieces.
const splitFields = 500

// constructorTable names the table a split constructor builds.
const constructorTable = "(constructor)"

// splitConstructor rewrites a long constructor {f1, ..., fn} as
//
//	(function()
//	  local t = {f1, ..., f500}
//	  (function() t[k] = v ... end)()   -- the next fields, in order
//	  ...
//	  return t
//	end)()
//
// with the list items after the first piece given their index. It returns
// nil for a constructor it leaves alone: a short one, or one using `...`
// (which a nested function cannot reach) or ending with a call whose
// results all become items.
func splitConstructor(t *ast.TableExpr, stop compileStop) ast.Expr {
	if len(t.Fields) <= splitFields {
		return nil
	}
	last := t.Fields[len(t.Fields)-1]
	if last.Key == nil {
		switch last.Value.(type) {
		case *ast.FuncCallExpr, *ast.Comma3Expr:
			return nil
		}
	}
	for _, f := range t.Fields {
		if usesVarargs(f.Key) || usesVarargs(f.Value) {
			return nil
		}
	}
	line, lastLine := t.Line(), t.LastLine()
	at := func(e ast.Expr) ast.Expr {
		e.SetLine(line)
		e.SetLastLine(lastLine)
		return e
	}
	stmtAt := func(s ast.Stmt) ast.Stmt {
		s.SetLine(line)
		s.SetLastLine(lastLine)
		return s
	}
	first := &ast.TableExpr{Fields: t.Fields[:splitFields]}
	first.SetLine(line)
	first.SetLastLine(lastLine)
	items := 0
	for _, f := range first.Fields {
		if f.Key == nil {
			items++
		}
	}
	body := []ast.Stmt{stmtAt(&ast.LocalAssignStmt{Names: []string{constructorTable}, Exprs: []ast.Expr{first}})}
	rest := t.Fields[splitFields:]
	for len(rest) > 0 {
		stop.check()
		n := min(splitFields, len(rest))
		var piece []ast.Stmt
		for _, f := range rest[:n] {
			key := f.Key
			if key == nil {
				items++
				key = at(&ast.NumberExpr{Value: strconv.Itoa(items)})
			}
			target := at(&ast.AttrGetExpr{Object: at(&ast.IdentExpr{Value: constructorTable}), Key: key})
			piece = append(piece, stmtAt(&ast.AssignStmt{Lhs: []ast.Expr{target}, Rhs: []ast.Expr{f.Value}}))
		}
		rest = rest[n:]
		fn := at(&ast.FunctionExpr{ParList: &ast.ParList{}, Stmts: piece})
		body = append(body, stmtAt(&ast.FuncCallStmt{Expr: at(&ast.FuncCallExpr{Func: fn})}))
	}
	body = append(body, stmtAt(&ast.ReturnStmt{Exprs: []ast.Expr{at(&ast.IdentExpr{Value: constructorTable})}}))
	outer := at(&ast.FunctionExpr{ParList: &ast.ParList{}, Stmts: body})
	// One value, as the constructor was: not a tail call's many.
	return at(&ast.FuncCallExpr{Func: outer})
}

// usesVarargs reports whether e reads `...` outside a function of its
// own. (Its depth is bounded by checkNesting.)
func usesVarargs(e ast.Expr) bool {
	found := false
	var walk func(e ast.Expr)
	walk = func(e ast.Expr) {
		if found || e == nil {
			return
		}
		switch ex := e.(type) {
		case *ast.Comma3Expr:
			found = true
		case *ast.AttrGetExpr:
			walk(ex.Object)
			walk(ex.Key)
		case *ast.TableExpr:
			for _, f := range ex.Fields {
				walk(f.Key)
				walk(f.Value)
			}
		case *ast.FuncCallExpr:
			walk(ex.Func)
			walk(ex.Receiver)
			for _, a := range ex.Args {
				walk(a)
			}
		case *ast.LogicalOpExpr:
			walk(ex.Lhs)
			walk(ex.Rhs)
		case *ast.RelationalOpExpr:
			walk(ex.Lhs)
			walk(ex.Rhs)
		case *ast.StringConcatOpExpr:
			walk(ex.Lhs)
			walk(ex.Rhs)
		case *ast.ArithmeticOpExpr:
			walk(ex.Lhs)
			walk(ex.Rhs)
		case *ast.UnaryMinusOpExpr:
			walk(ex.Expr)
		case *ast.UnaryNotOpExpr:
			walk(ex.Expr)
		case *ast.UnaryLenOpExpr:
			walk(ex.Expr)
		}
	}
	walk(e)
	return found
}
