package engine

import (
	"bytes"
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// TestRunsInThePlainLoop: a run with a time limit runs its Lua code, in
// coroutines and in callbacks from Go too, in gopher-lua's loop without a
// context (interrupt.go), with and without the sandbox.
func TestRunsInThePlainLoop(t *testing.T) {
	if !edgeChecks {
		t.Fatal("the instructions do not look at the context: gopher-lua's layout is not the one interrupt.go knows")
	}
	for _, sandbox := range []bool{false, true} {
		opts := Options{Stdout: &bytes.Buffer{}, Timeout: time.Minute}
		if sandbox {
			opts.Sandbox = ReadOnly()
		}
		h := New(opts)
		// checkloop raises an error when a loop with a context runs below it.
		h.L.SetGlobal("checkloop", h.L.NewFunction(func(L *lua.LState) int {
			pcs := make([]uintptr, 256)
			frames := runtime.CallersFrames(pcs[:runtime.Callers(1, pcs)])
			for f, more := frames.Next(); more; f, more = frames.Next() {
				if f.Function == gopherLua+"mainLoopWithContext" {
					L.RaiseError("%s runs in mainLoopWithContext", L.CheckString(1))
				}
			}
			return 0
		}))
		err := h.RunString(context.Background(), `
			checkloop("the main chunk")
			local co = coroutine.create(function() checkloop("a coroutine") coroutine.yield() checkloop("a coroutine resumed") end)
			assert(coroutine.resume(co)) assert(coroutine.resume(co))
			coroutine.wrap(function() checkloop("coroutine.wrap") end)()
			table.sort({3, 1, 2}, function(a, b) checkloop("a sort comparator") return a < b end)
			assert(pcall(function() checkloop("pcall") end))
			local t = setmetatable({}, {__index = function() checkloop("__index") end})
			local _ = t.x
			_ = tostring(setmetatable({}, {__tostring = function() checkloop("__tostring") return "" end}))`)
		h.Close()
		if err != nil {
			t.Errorf("sandbox %v: %v", sandbox, err)
		}
	}
}

// TestEveryLoopStopsAtTheTimeLimit: each way a run can go on, one of the
// places where the plain loop looks at the context (a backward jump, a for
// loop's step, a call, a tail call, a return), stops at the time limit.
func TestEveryLoopStopsAtTheTimeLimit(t *testing.T) {
	const limit = 200 * time.Millisecond
	cases := []struct{ name, src string }{
		{"while", `while true do end`},
		{"repeat", `repeat until false`},
		{"numeric for", `for i = 1, math.huge do end`},
		{"generic for over a Go function", `for _ in string.len, "x" do end`},
		{"generic for over a Lua function", `for _ in function() return 1 end do end`},
		{"tail calls", `local function f() return f() end f()`},
		{"calls of a recursion without loops", `local function f(n) if n > 0 then f(n - 1) f(n - 1) end end f(60)`},
		{"a sort comparator", `local t = {} for i = 1, 1e6 do t[i] = (i * 7919) % 1000003 end table.sort(t, function(a, b) return a < b end)`},
		{"a gsub callback", `local s = ("x"):rep(2e7) s:gsub(".", function(c) return c end)`},
		{"an __index function", `local t = setmetatable({}, {__index = function(t, k) return k end}) local x = 0 while true do x = t[x] end`},
		{"a coroutine", `coroutine.wrap(function() while true do end end)()`},
		{"a coroutine that yields", `local co = coroutine.wrap(function() while true do coroutine.yield() end end) while true do co() end`},
		// Straight-line code whose instructions take time with their
		// values: each statement repeated thousands of times, no loop.
		{"#t past trailing nils", straight(`local t = {} t[4e6] = 1 t[4e6] = nil`, `x = #t`, 3000)},
		{"comparisons of long strings", straight(`local a, b = ("a"):rep(2e7), ("a"):rep(2e7)`, `x = a < b`, 3000)},
		{"equal long strings", straight(`local a, b = ("a"):rep(2e7), ("a"):rep(2e7)`, `x = a == b`, 10000)},
		{"reads with a long key", straight(`local t, s = {}, ("a"):rep(2e7) for i = 1, 20 do t["k" .. i] = i end`, `x = t[s]`, 10000)},
		{"writes with a long key", straight(`local t, s = {b = 1}, ("a"):rep(2e7)`, `t[s] = nil`, 10000)},
		{"arithmetic on a long numeral", straight(`local s = ("1"):rep(1e7)`, `x = s + 0`, 3000)},
		{"concatenations", straight(`local s = ("x"):rep(1e7)`, `x = s .. s`, 3000)},
		{"tables of thousands of varargs", straight(`local t = {} for i = 1, 7900 do t[i] = i end local function f(...) local x`, `x = {...}`, 30000) + ` end f(unpack(t))`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := New(Options{Stdout: &bytes.Buffer{}, Timeout: limit})
			start := time.Now()
			done := make(chan error, 1)
			go func() { done <- h.RunString(context.Background(), c.src) }()
			var err error
			select {
			case err = <-done:
				h.Close()
			case <-time.After(10 * time.Second):
				t.Fatal("not stopped after 10 s") // the run goes on, and the host with it
			}
			took := time.Since(start)
			if !errors.Is(err, ErrTimeout) {
				t.Fatalf("error %v, not ErrTimeout", err)
			}
			if !strings.Contains(err.Error(), "time limit") {
				t.Errorf("message %q", err)
			}
			if took > limit+stopGrace() {
				t.Errorf("stopped %v after the time limit", took-limit)
			}
		})
	}
}

// stopGrace is how long after its time limit a run may stop: half a
// second, the engine's promise, or three times that under the race
// detector. Some single Go calls cannot look at the clock: growing a
// table's array to a far key allocates it whole, and where a page fault
// costs 12.5 µs (a virtual machine), the 64 MB of the "#t" case cost
// 200 ms to touch, so that a run stopped 304 ms late. The race detector's
// shadow memory triples such faults: a 20 MB string.rep took 400 ms where
// it takes 60, and runs stopped up to 580 ms late when other packages'
// tests ran beside them. `make test` runs the package once more without
// the race detector (the build users run).
func stopGrace() time.Duration {
	if raceEnabled {
		return 1500 * time.Millisecond
	}
	return 500 * time.Millisecond
}

// straight is a script that runs setup, then stmt n times in one function
// without a loop (x is a local of that function).
func straight(setup, stmt string, n int) string {
	return setup + " local x " + strings.Repeat(stmt+" ", n)
}

// A metamethod that calls itself through the instruction that called it
// (t[k] inside __index, say) returns only at the end of its recursion,
// which no loop, call or return instruction of the script marks: the
// instructions that may call a metamethod look at the run's end first. Each
// recursion stops within the time limit's grace, whether by the limit or
// by the call stack's.
func TestMetamethodRecursionsStopInTime(t *testing.T) {
	const limit = 100 * time.Millisecond
	for name, src := range map[string]string{
		"__index":                   `local t = setmetatable({}, {__index = function(t, k) return t[k + 1] end}) return t[1]`,
		"__index of a method call":  `local t = setmetatable({}, {__index = function(t, k) return t:m() end}) return t:m()`,
		"__newindex":                `local t = setmetatable({}, {__newindex = function(t, k, v) t[k + 1] = v end}) t[1] = 1`,
		"__newindex by name":        `local t = setmetatable({}, {__newindex = function(t, k, v) t.x = v end}) t.y = 1`,
		"__add":                     `local x = setmetatable({}, {__add = function(a, b) return a + b end}) return x + 1`,
		"__unm":                     `local x = setmetatable({}, {__unm = function(a) return -a end}) return -x`,
		"__index of the globals":    `setmetatable(_G, {__index = function(t, k) return undefined end}) return x`,
		"__newindex of the globals": `setmetatable(_G, {__newindex = function(t, k, v) other = v end}) x = 1`,
	} {
		t.Run(name, func(t *testing.T) {
			h := New(Options{Stdout: &bytes.Buffer{}, Timeout: limit})
			defer h.Close()
			start := time.Now()
			err := h.RunString(context.Background(), src)
			if took := time.Since(start); took > limit+stopGrace() {
				t.Errorf("stopped %v after the time limit (%v)", took-limit, err)
			}
			if err == nil {
				t.Error("not stopped")
			}
		})
	}
}
