package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"
	"github.com/yuin/gopher-lua/ast"
)

// TestCompileMatchesLua51 runs chunks whose compilation psulua rewrites and
// compares what they print with what lua5.1 prints.
func TestCompileMatchesLua51(t *testing.T) {
	cases := []struct {
		name, src, want string
	}{
		{"swap of locals", `local x, y = 1, 2; x, y = y, x; print(x, y)`, "2\t1\n"},
		{"rotation of locals", `local a, b, c = 1, 2, 3; a, b, c = c, a, b; print(a, b, c)`, "3\t1\t2\n"},
		{"index read before the assignment", `local t, i = {}, 1; i, t[i] = i + 1, 20; print(i, t[1], t[2])`, "2\t20\tnil\n"},
		{"values of a call spread", `local function f() return 7, 8 end local p, q; p, q = f(); print(p, q)`, "7\t8\n"},
		{"missing values are nil", `local p, q = 1, 2; p, q = 3; print(p, q)`, "3\tnil\n"},
		{"upvalues swapped", `local a, b = 1, 2; (function() a, b = b, a end)(); print(a, b)`, "2\t1\n"},
		{"constructor past 25,550 items", `local t = loadstring("return {" .. ("1,"):rep(60000) .. "'z'}")(); print(#t, t[60001])`, "60001\tz\n"},
		{"keyed field after a full batch", `local t = loadstring("return {" .. ("2,"):rep(30000) .. "x = 'x', 3}")(); print(#t, t[30001], t.x)`, "30001\t3\tx\n"},
		{"long keyed constructor", `local parts = {} for i = 1, 3000 do parts[i] = "k" .. i .. " = " .. i end
local t = loadstring("return {" .. table.concat(parts, ", ") .. ", 'first'}")(); print(t.k1, t.k3000, t[1])`, "1\t3000\tfirst\n"},
		{"numeric for over strings", `local n = 0 for i = "10", "1", "-2" do n = n + 1 end print(n)`, "5\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out strings.Builder
			h := New(Options{Stdout: &out})
			defer h.Close()
			if err := h.RunString(context.Background(), c.src); err != nil {
				t.Fatal(err)
			}
			if out.String() != c.want {
				t.Errorf("printed %q, want %q", out.String(), c.want)
			}
		})
	}
}

// TestCompileBoundsNesting: a chunk nested deeper than Lua 5.1 allows is a
// syntax error, before gopher-lua's compiler recurses on it (a million
// levels used to overflow the Go stack and end the program).
func TestCompileBoundsNesting(t *testing.T) {
	deep := []string{
		"return " + strings.Repeat("{", 1e6) + strings.Repeat("}", 1e6),
		"local a; a = " + strings.Repeat("(", 300) + "1" + strings.Repeat(")", 300),
		strings.Repeat("do ", 300) + strings.Repeat("end ", 300),
		strings.Repeat("function f() ", 300) + strings.Repeat("end ", 300),
		"local a; a = " + strings.Repeat("a..", 300) + "a",
		"local a; a = " + strings.Repeat("- ", 300) + "1",
		"return " + strings.Repeat("1+", 100001) + "1",
		"return a" + strings.Repeat(".x", 2e6),
		"return f" + strings.Repeat("()", 2e6),
		"return a" + strings.Repeat("[1]", 2e6),
		"return a" + strings.Repeat(":m()", 2e6),
		"if a then " + strings.Repeat("elseif a then ", 5001) + "end",
		// Unfinished: the levels are reported first, as Lua 5.1 does.
		"local a; a = " + strings.Repeat("{", 400),
	}
	for _, src := range deep {
		_, err := Compile(context.Background(), []byte(src), "=deep")
		if err == nil || !strings.Contains(err.Error(), "chunk has too many syntax levels") {
			t.Errorf("%.40q...: %v, want too many syntax levels", src, err)
		}
	}
	shallow := []string{
		"return " + strings.Repeat("{", 150) + strings.Repeat("}", 150),
		"return " + strings.Repeat("1 + ", 5000) + "1",
		"local x = 1\n" + strings.Repeat("x = x .. 'a' .. 'b'\n", 1000),
		"return a" + strings.Repeat(".x", 50000) + strings.Repeat("[1]", 40000),
		strings.Repeat("a.b.c.d(1)(2)[3] = x.y:z()\n", 50000),
		"if a then " + strings.Repeat("elseif a then x = 1 ", 5000) + "end",
	}
	for _, src := range shallow {
		if _, err := Compile(context.Background(), []byte(src), "=shallow"); err != nil {
			t.Errorf("%.40q...: %v", src, err)
		}
	}
}

// TestCompileStopsAtTheDeadline: gopher-lua's compiler looks constants up
// one by one, so a chunk with 200,000 distinct ones takes minutes; the
// compilation is abandoned when its context ends.
func TestCompileStopsAtTheDeadline(t *testing.T) {
	var b strings.Builder
	// (25,000 take about a second to compile.)
	for i := range 25000 {
		b.WriteString("x = " + strconv.Itoa(1000000+i) + "\n")
	}
	ctx, cancel := context.WithTimeoutCause(context.Background(), 200*time.Millisecond, ErrTimeout)
	defer cancel()
	start := time.Now()
	_, err := Compile(ctx, []byte(b.String()), "=constants")
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("returned after %v", elapsed)
	}
	if err != nil && !errors.Is(err, ErrTimeout) {
		t.Errorf("error %v, want the deadline's cause", err)
	}
}

func TestChunkID(t *testing.T) {
	cases := map[string]string{
		"=stdin":                      "stdin",
		"@script.lua":                 "script.lua",
		"x = 1":                       `[string "x = 1"]`,
		"x = 1\ny = 2":                `[string "x = 1..."]`,
		strings.Repeat("a", 100):      `[string "` + strings.Repeat("a", 63) + `..."]`,
		"@" + strings.Repeat("d", 80): "..." + strings.Repeat("d", 72),
	}
	for source, want := range cases {
		if got := ChunkID(source); got != want {
			t.Errorf("ChunkID(%.20q) = %q, want %q", source, got, want)
		}
	}
}

// TestUpvalueLayout: pcall and xpcall read gopher-lua's open upvalues
// through field offsets (upvalues.go); another gopher-lua version must not
// silently turn that off.
func TestUpvalueLayout(t *testing.T) {
	if !layout().ok {
		t.Fatal("gopher-lua's LState, registry or Upvalue fields are not the expected ones: update upvalues.go")
	}
}

// TestSandboxedCompileAttacks: chunks built to crash or stall the compiler,
// given to a sandboxed host through loadstring and RunString, end in an
// error near the deadline and leave the host usable.
func TestSandboxedCompileAttacks(t *testing.T) {
	attacks := map[string]string{
		"nested constructors":  `return loadstring("return " .. ("{"):rep(1e6) .. ("}"):rep(1e6))`,
		"field chain":          `return loadstring("return a" .. (".x"):rep(2e6))`,
		"elseif chain":         `return loadstring("if a then " .. ("elseif a then "):rep(1e6) .. "end")`,
		"deep source directly": "return " + strings.Repeat("(", 1e5) + "1" + strings.Repeat(")", 1e5),
	}
	for name, src := range attacks {
		t.Run(name, func(t *testing.T) {
			h := New(Options{Sandbox: ReadOnly(), Timeout: 500 * time.Millisecond})
			defer h.Close()
			start := time.Now()
			err := h.RunString(context.Background(), src)
			if elapsed := time.Since(start); elapsed > 3*time.Second {
				t.Errorf("returned after %v", elapsed)
			}
			if err != nil && !strings.Contains(err.Error(), "syntax levels") && !errors.Is(err, ErrTimeout) {
				t.Errorf("error %v", err)
			}
			if err := h.RunString(context.Background(), "x = 1"); err != nil {
				t.Errorf("the host does not run afterwards: %v", err)
			}
		})
	}
}

// TestLongArithmeticChainsCompile: gopher-lua's compiler looks for
// constants through the whole chain below each operator of `x*1*1...`;
// with a `true and` every arithBarrierEvery operators, a chain of 90,000
// (maxOperatorChain allows 100,000) compiles at once (it took minutes, on
// a goroutine a deadline abandons but cannot stop) and computes the same.
func TestLongArithmeticChainsCompile(t *testing.T) {
	h := New(Options{})
	defer h.Close()
	src := "local x = 10 return x" + strings.Repeat("*1", 9e4) + strings.Repeat(" % 7", 1e3)
	start := time.Now()
	fn, err := h.Load([]byte(src), "chain")
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > compileAllowance(2*time.Second) {
		t.Errorf("compiled in %v", took)
	}
	h.L.Push(fn)
	if err := h.PCall(context.Background(), 0, 1); err != nil {
		t.Fatal(err)
	}
	if got := h.L.Get(-1); got != lua.LNumber(3) {
		t.Errorf("the chain gives %v, want 3", got)
	}
}

// TestLoadingStopsAtTheLimits: the chunk a host is given compiles under
// the run's limits: the context's deadline and Options.Timeout stop a slow
// compilation (5,000 distinct globals: gopher-lua looks each constant up
// among all the others, 0.2 s of compiling), and MemoryLimit a large one.
func TestLoadingStopsAtTheLimits(t *testing.T) {
	var b strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&b, "g%d=1 ", i)
	}
	slow := b.String()
	h := New(Options{Timeout: 50 * time.Millisecond})
	start := time.Now()
	err := h.RunString(context.Background(), slow)
	if !errors.Is(err, ErrTimeout) || time.Since(start) > 600*time.Millisecond {
		t.Errorf("with a timeout: %v after %v", err, time.Since(start))
	}
	h.Close()
	h = New(Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	start = time.Now()
	err = h.RunString(ctx, slow)
	cancel()
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 600*time.Millisecond {
		t.Errorf("with a context: %v after %v", err, time.Since(start))
	}
	h.Close()
	// A run's memory is counted from what the process uses when it starts.
	// The compilations abandoned above go on and then drop what they built:
	// collected during the next run, it would make room for that run.
	settleHeap()
	h = New(Options{MemoryLimit: 16 << 20})
	defer h.Close()
	big := "local t = {" + strings.Repeat("function() end, ", 4e3) + "}" // 12 KB of code buffer each
	if err := h.RunString(context.Background(), big); !errors.Is(err, ErrMemoryLimit) {
		t.Errorf("with a memory limit: %v", err)
	}
}

// TestAbandonedCompilationsStop: a compilation abandoned at a run's time
// or memory limit stops soon after, in each of the passes it may be in
// (the nesting scan, the syntax check, gopher-lua's parser, the rewrite),
// where it went on on its own goroutine: the first chunk, 28 MB built by a
// script limited to 300 ms and 64 MB, took 10 s of CPU and 1.2 GB after
// its run had ended. (gopher-lua's code generation, which follows, cannot
// be interrupted; none of these chunks reaches it in time.)
func TestAbandonedCompilationsStop(t *testing.T) {
	waitCompiles := func(within time.Duration) bool {
		for deadline := time.Now().Add(within); compilesRunning.Load() > 0; time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				return false
			}
		}
		return true
	}
	for _, c := range []struct {
		name, src string
		limit     int64
		timeout   time.Duration
	}{
		{"statements", `loadstring(string.rep("x = 1 + 2 * 3 ", 2e6))`, 64 << 20, 300 * time.Millisecond},
		{"parsed", `loadstring(string.rep("x = 1 + 2 * 3 ", 3e5))`, 0, 300 * time.Millisecond},
		{"constructor", `loadstring("return {" .. string.rep("1,", 1e6) .. "}")`, 0, 800 * time.Millisecond},
		{"memory", `loadstring("return {" .. string.rep("{1},", 1e6) .. "}")`, 64 << 20, 5 * time.Second},
	} {
		t.Run(c.name, func(t *testing.T) {
			if !waitCompiles(10 * time.Second) {
				t.Fatal("an earlier compilation still runs")
			}
			h := New(Options{Timeout: c.timeout, MemoryLimit: c.limit})
			defer h.Close()
			err := h.RunString(context.Background(), c.src)
			if !errors.Is(err, ErrTimeout) && !errors.Is(err, ErrMemoryLimit) {
				t.Fatalf("the run ended with %v", err)
			}
			if !waitCompiles(stopGrace()) {
				t.Errorf("the compilation still runs %v after its run ended with %v", stopGrace(), err)
			}
		})
	}
}

// settleHeap collects garbage until a collection frees no more than a
// megabyte: goroutines that outlived their run (an abandoned compilation)
// have finished with what they built. It waits at most 5 s.
func settleHeap() {
	runtime.GC()
	before := usedBytes()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
		runtime.GC()
		now := usedBytes()
		if before-now < 1<<20 && now-before < 1<<20 {
			return
		}
		before = now
	}
}

// TestManyBlocksCompile: fixLocalScopes finds each block's locals without
// a walk over all the function's (10,000 loops took 1.7 s to compile,
// 40,000 28 s; now 0.08 and 0.34 s).
func TestManyBlocksCompile(t *testing.T) {
	h := New(Options{})
	defer h.Close()
	src := strings.Repeat("for a in next, {} do end ", 1e4)
	start := time.Now()
	if _, err := h.Load([]byte(src), "blocks"); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > compileAllowance(time.Second) {
		t.Errorf("compiled in %v", took)
	}
}

// compileAllowance is d, or twenty times d under the race detector, which
// slows gopher-lua's compiler about that much.
func compileAllowance(d time.Duration) time.Duration {
	if raceEnabled {
		return 20 * d
	}
	return d
}

// TestSmallChunksCompileInline: a chunk of up to compileInline bytes
// compiles on the caller's goroutine, even with a deadline (a goroutine
// cost more than compiling it); a larger one on another, which the
// deadline can abandon.
func TestSmallChunksCompileInline(t *testing.T) {
	goroutine := func() string {
		buf := make([]byte, 64)
		line, _, _ := strings.Cut(string(buf[:runtime.Stack(buf, false)]), "[")
		return line
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	caller := goroutine()
	for _, size := range []int{10, compileInline, compileInline + 1, 64 << 10} {
		src := "return 1" + strings.Repeat(" ", size-len("return 1"))
		var compiledOn string
		if _, err := compileWithin(ctx, []byte(src), "size", func([]ast.Stmt) { compiledOn = goroutine() }, 0); err != nil {
			t.Fatal(err)
		}
		if inline := compiledOn == caller; inline != (size <= compileInline) {
			t.Errorf("a chunk of %d bytes compiled on %q, the caller is %q", size, compiledOn, caller)
		}
	}
}

// TestCompiledFunctionsKeepNoBuffers: a compiled function keeps its code,
// constants and debugging records at their own sizes, not in the
// compiler's buffers (some 16 KB a function: clipCode).
func TestCompiledFunctionsKeepNoBuffers(t *testing.T) {
	h := New(Options{})
	defer h.Close()
	fn, err := h.Load([]byte(`local function f(a) local b = a .. "x" return g(b) end return {function() end, f}`), "c")
	if err != nil {
		t.Fatal(err)
	}
	var walk func(p *lua.FunctionProto)
	walk = func(p *lua.FunctionProto) {
		for _, s := range []struct {
			name     string
			len, cap int
		}{
			{"code", len(p.Code), cap(p.Code)},
			{"constants", len(p.Constants), cap(p.Constants)},
			{"functions", len(p.FunctionPrototypes), cap(p.FunctionPrototypes)},
			{"lines", len(p.DbgSourcePositions), cap(p.DbgSourcePositions)},
			{"locals", len(p.DbgLocals), cap(p.DbgLocals)},
			{"calls", len(p.DbgCalls), cap(p.DbgCalls)},
			{"upvalues", len(p.DbgUpvalues), cap(p.DbgUpvalues)},
		} {
			if s.cap != s.len {
				t.Errorf("function of line %d: %s in %d entries for %d", p.LineDefined, s.name, s.cap, s.len)
			}
		}
		for _, c := range p.FunctionPrototypes {
			walk(c)
		}
	}
	walk(fn.Proto)
	if len(fn.Proto.FunctionPrototypes) != 2 || len(fn.Proto.FunctionPrototypes[0].Code) == 0 {
		t.Errorf("chunk of %d functions", len(fn.Proto.FunctionPrototypes))
	}
}

// TestChunksOfTooManyFunctionsAreRefused: a chunk whose functions alone
// would take the compiler past the memory limit is refused before it is
// compiled. An abandoned compilation goes on after its run: 200,000 empty
// functions went on to take 837 MB of a host whose limit was 16 MB.
func TestChunksOfTooManyFunctionsAreRefused(t *testing.T) {
	settleHeap()
	before := usedBytes()
	var out bytes.Buffer
	h := New(Options{Stdout: &out, MemoryLimit: 16 << 20, Timeout: 10 * time.Second})
	defer h.Close()
	many := strings.Repeat("function f() end ", 2e5)
	if err := h.RunString(context.Background(), many); !errors.Is(err, ErrMemoryLimit) {
		t.Fatalf("run of 200,000 functions: %v, want ErrMemoryLimit", err)
	}
	h.L.SetGlobal("many", lua.LString(many))
	if err := h.RunString(context.Background(), `print(loadstring(many)) print(loadstring(("function f() end "):rep(1000)) ~= nil)`); err != nil {
		t.Fatal(err)
	}
	want := "nil\t" + `[string "function f() end function f() end function f() end function f()..."]:1: ` +
		"memory limit exceeded: a chunk of more than 1024 functions (the compiler takes 16384 bytes for each)\ntrue\n"
	if out.String() != want {
		t.Errorf("printed %q, want %q", out.String(), want)
	}
	time.Sleep(300 * time.Millisecond) // what an abandoned compilation would build meanwhile
	if grown := usedBytes() - before; grown > 64<<20 {
		t.Errorf("the heap grew %d MB", grown>>20)
	}
}
