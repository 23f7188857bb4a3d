package engine

import (
	"bytes"
	"context"
	"errors"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestRunawayScriptsAreStopped: a loop, a deep recursion, a growing table
// and a huge string.rep are stopped within stopGrace of the time limit, at
// the memory ceiling, or by an error of their own, and the host runs the
// next script normally.
func TestRunawayScriptsAreStopped(t *testing.T) {
	const limit = 200 * time.Millisecond
	// Memory cases get a generous time limit, so that they meet the memory
	// ceiling first even under the race detector.
	cases := []struct {
		name    string
		src     string
		wantErr error  // errors.Is target, or nil
		wantMsg string // substring of the message
	}{
		{"infinite loop", `while true do end`, ErrTimeout, "time limit of 200ms exceeded"},
		{"loop catching its own timeout", `while true do pcall(function() while true do end end) end`, ErrTimeout, "time limit"},
		{"blocking psutil call", `require("psutil").cpu_percent(10)`, ErrTimeout, "time limit"},
		{"deep recursion", `local function f(n) return 1 + f(n + 1) end f(1)`, nil, "stack overflow"},
		{"table without bound", `local t = {} local i = 0 while true do i = i + 1 t[i] = {i, i, i, i} end`, ErrMemoryLimit, "memory limit of 16777216 bytes exceeded"},
		{"string doubling", `local s = "x" while true do s = s .. s end`, nil, "'..': result of"},
		{"string multiplied in one instruction", `local s = ("x"):rep(2^20) s = s .. s .. s .. s .. s .. s .. s .. s .. s .. s .. s .. s .. s .. s .. s .. s .. s`, nil, "'..': result of 17825792 bytes exceeds the memory limit"},
		// The call stack (200 frames here) overflows among the pcalls.
		{"pcalls nested in tail calls", `local function f() return pcall(f) end local r = {f()} error(r[#r], 0)`, nil, "stack overflow"},
		{"pcalls nested", `local function f() local ok, e = pcall(f) if not ok then error(e, 0) end end f()`, nil, "stack overflow"},
		{"xpcalls nested", `local function f() return xpcall(f, debug and debug.traceback or tostring) end local r = {f()} error(r[#r], 0)`, nil, "stack overflow"},
		// Each handler fails into the next one: Lua 5.1 stops calling
		// them past its bound of C calls, and so does psulua, before the
		// time limit.
		{"xpcall handlers failing into each other", `local function g() return xpcall(error, g) end local ok, e = g() error(tostring(ok) .. " " .. tostring(e), 0)`, nil, "false false"},
		{"xpcall handlers failing into each other, in a loop", `local function g() return xpcall(error, g) end while true do g() end`, ErrTimeout, "time limit"},
		{"coroutines resumed inside each other", `local function f() local ok, err = coroutine.resume(coroutine.create(f)) if not ok then error(err, 0) end end f()`, nil, "C stack overflow"},
		{"huge string.rep", `local s = string.rep("x", 2^31 - 1)`, nil, "string.rep: result of 2147483647 bytes exceeds the memory limit"},
		{"huge string.rep as a method", `local s = ("xy"):rep(2^30)`, nil, "exceeds the memory limit"},
		{"two string.reps, together past the limit", `local a = ("x"):rep(12 * 2^20) local b = ("y"):rep(12 * 2^20)`, nil, "string.rep: result of 12582912 bytes exceeds what the memory limit leaves"},
		{"%q of zero bytes", `local s = string.format("%q", ("\0"):rep(2^22))`, nil, "string.format: result of 16777317 bytes exceeds the memory limit"},
		// Each would run for minutes: the matcher looks at the clock.
		{"slow pattern", `local s = ("a"):rep(200000) return s:find(".-.-b")`, ErrTimeout, "time limit"},
		{"slow pattern in pcall", `local s = ("a"):rep(200000) while true do pcall(string.match, s, ".-b") end`, ErrTimeout, "time limit"},
		{"slow gsub", `local s = ("a"):rep(200000) return s:gsub("a-b", "")`, ErrTimeout, "time limit"},
		{"slow gmatch", `local s = ("a"):rep(200000) for w in s:gmatch("a*b") do end`, ErrTimeout, "time limit"},
		// Single Go calls that used to grow the value stack a few slots at
		// a time (about a minute each).
		// (Lua 5.1's unpack and string.byte refuse more than its C stack's
		// 8000 values.)
		{"large unpack", `while true do local n = select("#", unpack({}, 1, 7900)) end`, ErrTimeout, "time limit"},
		{"unpack past the stack", `unpack({}, 1, 4e6)`, nil, "too many results to unpack"},
		{"bytes of a large string", `local s = ("x"):rep(7900) while true do local n = select("#", s:byte(1, -1)) end`, ErrTimeout, "time limit"},
		{"bytes past the stack", `local s = ("x"):rep(2^22) local n = select("#", s:byte(1, -1))`, nil, "string slice too long"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out bytes.Buffer
			memoryCase := c.wantErr == ErrMemoryLimit || strings.Contains(c.wantMsg, "memory limit") || strings.HasPrefix(c.wantMsg, "'..'")
			// A case that expects another error than the time limit's gets
			// a long limit, so that the two do not race (under the race
			// detector and other packages' tests, the 4 MiB string.rep
			// before a refusal took 220-300 ms), and is held to stopping
			// within the short limit's grace all the same.
			timeout, within := limit, limit+stopGrace()
			switch {
			case memoryCase:
				timeout, within = time.Minute, time.Minute+stopGrace()
			case c.wantErr != ErrTimeout:
				timeout = time.Minute
			}
			runtime.GC() // a run's base counts garbage: none of the other cases'
			memory := int64(16 << 20)
			if raceEnabled && c.wantMsg == "C stack overflow" {
				// The Go stack of 197 nested resumes is counted, and the
				// race detector's frames are larger: it measured over 16 MiB.
				memory = 32 << 20
			}
			h := New(Options{Stdout: &out, Timeout: timeout, MemoryLimit: memory, CallStackSize: 200, Sandbox: ReadOnly()})
			defer h.Close()
			start := time.Now()
			err := h.RunString(context.Background(), c.src)
			took := time.Since(start)
			if err == nil {
				t.Fatal("not stopped")
			}
			if c.wantErr != nil && !errors.Is(err, c.wantErr) {
				t.Fatalf("error %v is not %v", err, c.wantErr)
			}
			if !strings.Contains(err.Error(), c.wantMsg) {
				t.Fatalf("error %q lacks %q", err, c.wantMsg)
			}
			if took > within {
				t.Fatalf("stopped after %v, more than %v", took, within)
			}
			if err := h.RunString(context.Background(), `print(1 + 1)`); err != nil {
				t.Fatalf("the host does not run the next script: %v", err)
			}
			if !strings.HasSuffix(out.String(), "2\n") {
				t.Fatalf("next script printed %q", out.String())
			}
		})
	}
}

func TestContextCancelStopsTheScript(t *testing.T) {
	h := New(Options{})
	defer h.Close()
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	start := time.Now()
	err := h.RunString(ctx, `while true do end`)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if time.Since(start) > time.Second {
		t.Fatalf("took %v", time.Since(start))
	}
}

func TestOSExitEndsOnlyTheScript(t *testing.T) {
	var out bytes.Buffer
	h := New(Options{Stdout: &out})
	defer h.Close()
	err := h.RunString(context.Background(), `print("before") pcall(os.exit, 7) print("after")`)
	var exit *ExitError
	if !errors.As(err, &exit) || exit.Code != 7 {
		t.Fatalf("got %v, want ExitError 7", err)
	}
	if out.String() != "before\n" {
		t.Fatalf("output %q: the script went on after os.exit", out.String())
	}
	if err := h.RunString(context.Background(), `os.exit(true)`); !errors.As(err, &exit) || exit.Code != 0 {
		t.Fatalf("os.exit(true): %v", err)
	}
}

// TestPcallKeepsOuterLocals: after pcall catches an error, a function goes
// on updating its enclosing function's locals (gopher-lua alone detaches
// them: yuin/gopher-lua#448).
func TestPcallKeepsOuterLocals(t *testing.T) {
	var out bytes.Buffer
	h := New(Options{Stdout: &out})
	defer h.Close()
	err := h.RunString(context.Background(), `
		local n = 0
		local function f() pcall(error, "x"); n = n + 1 end
		f(); f()
		local errors = 0
		local function safe(fn) local ok = pcall(fn); if not ok then errors = errors + 1 end end
		for i = 1, 3 do safe(function() error("boom") end) end
		print(n, errors, pcall(error, "msg", 0))
	`)
	if err != nil {
		t.Fatal(err)
	}
	if out.String() != "2\t3\tfalse\tmsg\n" {
		t.Fatalf("output %q", out.String())
	}
}

// Without a memory limit, a result larger than the machine's memory is an
// error rather than the end of the program; the guards keep the errors of
// the functions they guard as the functions word them.
func TestAllocationGuards(t *testing.T) {
	for _, limit := range []int64{0, 16 << 20} {
		var out bytes.Buffer
		h := New(Options{Stdout: &out, MemoryLimit: limit})
		err := h.RunString(context.Background(), `
			print(pcall(string.rep, ("x"):rep(2^20), 2^30))
			print(pcall(function() return string.gsub("abc", "%w", "%2") end))
			print(pcall(function() return string.gsub("abc", "%w", true) end))`)
		h.Close()
		if err != nil {
			t.Fatal(err)
		}
		want := regexp.MustCompile(`^false\tstring\.rep: result of 1125899906842624 bytes exceeds the (memory limit|memory of this machine) \(\d+ bytes\)
false\t<string>:3: invalid capture index
false\t<string>:4: bad argument #3 to 'gsub' \(string/function/table expected\)
$`)
		if !want.MatchString(out.String()) {
			t.Errorf("memory limit %d: printed\n%s", limit, out.String())
		}
	}
}

// WatchMemory, for programs that run h.L themselves: the context ends with
// ErrMemoryLimit once the heap grows past the limit; without a limit it is
// the context given.
func TestWatchMemory(t *testing.T) {
	h := New(Options{})
	if ctx, stop := h.WatchMemory(context.Background()); ctx != context.Background() || h.MemoryLimit() != 0 {
		t.Error("WatchMemory without a limit changed the context")
	} else {
		stop()
	}
	h.Close()

	h = New(Options{MemoryLimit: 8 << 20})
	defer h.Close()
	// The limit is on the whole heap's growth: other tests' garbage,
	// collected meanwhile, would make room.
	runtime.GC()
	ctx, stop := h.WatchMemory(context.Background())
	defer stop()
	var keep [][]byte
	deadline := time.Now().Add(10 * time.Second)
	for ctx.Err() == nil && time.Now().Before(deadline) {
		keep = append(keep, make([]byte, 1<<20))
		time.Sleep(time.Millisecond)
	}
	if !errors.Is(context.Cause(ctx), ErrMemoryLimit) {
		t.Fatalf("after %d MiB: cause %v, want ErrMemoryLimit", len(keep), context.Cause(ctx))
	}
	if len(keep) > 256 {
		t.Errorf("stopped after %d MiB for a limit of 8 MiB", len(keep))
	}
}

// TestEveryWayPastTheMemoryLimitIsErrMemoryLimit: whether the watchdog
// stops the run or a function refuses to build a result past the limit,
// the run's error is an *Error that is ErrMemoryLimit, also when the
// script caught the refusal with pcall and raised it again. Each script
// gets big and huge, strings of 20 and 40 MiB made by Go before the run
// (so that they are not counted), and the limit is 32 MiB: two bigs or
// one huge are past it, and the refusals come before the run grows.
func TestEveryWayPastTheMemoryLimitIsErrMemoryLimit(t *testing.T) {
	const limit = 32 << 20
	big, huge := strings.Repeat("x", 20<<20), strings.Repeat("x", 40<<20)
	cases := []struct {
		name    string
		src     string
		isLimit bool   // want errors.Is(err, ErrMemoryLimit)
		wantMsg string // substring of the message
	}{
		{"table growing until the watchdog stops it", `local t = {} local i = 0 while true do i = i + 1 t[i] = {i, i, i, i} end`, true, "memory limit of 33554432 bytes exceeded"},
		{"string.rep", `return big:rep(2)`, true, "string.rep: result of 41943040 bytes exceeds the memory limit"},
		{"string.rep with a huge count", `return string.rep("x", 2^31 - 1)`, true, "string.rep: result of 2147483647 bytes"},
		{"'..' in one instruction", `return big .. big`, true, "'..': result of 41943040 bytes exceeds the memory limit"},
		{"'..' of a chain", `return "a" .. big .. "b" .. big`, true, "'..': result of 41943042 bytes exceeds the memory limit"},
		{"'..' past what the limit leaves", `local a = big:sub(1, 16 * 2^20) .. "y" local b = "z" .. big`, true, "'..': result of 20971521 bytes exceeds what the memory limit leaves"},
		{"table.concat", `return table.concat({big, big})`, true, "table.concat: result of"},
		{"string.format", `return string.format("%s%s", big, big)`, true, "string.format: result of"},
		{"string.gsub", `return ("x"):gsub("x", {x = huge})`, true, "string.gsub: result of"},
		{"string.upper past what the limit leaves", `return huge:upper()`, true, "string.upper: result of 41943040 bytes exceeds what the memory limit leaves"},
		{"string.lower past what the limit leaves", `return huge:lower()`, true, "string.lower: result of"},
		{"string.format of a __tostring past the limit", `return string.format("%s", setmetatable({}, {__tostring = function() return huge end}))`, true, "string.format: result of"},
		{"require of a huge name", `return require(huge)`, true, "require: result of 41943072 bytes exceeds the memory limit"},
		{"string.reverse past what the limit leaves", `local a = big:sub(1, 16 * 2^20) .. "y" return big:reverse()`, true, "string.reverse: result of 20971520 bytes exceeds what the memory limit leaves"},
		{"load of a large chunk", `return load(function() return huge end)`, true, "load: result of 41943040 bytes exceeds the memory limit"},
		{"refusal caught by pcall and raised again", `local ok, err = pcall(string.rep, big, 2) error(err, 0)`, true, "string.rep: result of"},
		{"refusal inside a coroutine", `local co = coroutine.wrap(function() return big:rep(2) end) co()`, true, "string.rep: result of"},
		// Not the memory limit:
		{"refusal caught, then another error", `pcall(string.rep, big, 2) error("other", 0)`, false, "other"},
		{"a script's own error worded as a refusal", `error("string.rep: result of 1 bytes exceeds the memory limit (1 bytes)", 0)`, false, "string.rep"},
		{"unpack past the value stack (Lua 5.1's stack limit)", `unpack({}, 1, 4e6)`, false, "too many results to unpack"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := New(Options{Timeout: 30 * time.Second, MemoryLimit: limit})
			defer h.Close()
			if err := h.RunString(context.Background(), "function run(big, huge) "+c.src+"\nend"); err != nil {
				t.Fatal(err)
			}
			runtime.GC() // other tests' garbage, collected during the run, would make room
			_, err := h.Call(context.Background(), "run", big, huge)
			var le *Error
			if !errors.As(err, &le) {
				t.Fatalf("error %v (%T) is not an *Error", err, err)
			}
			if got := errors.Is(err, ErrMemoryLimit); got != c.isLimit {
				t.Fatalf("errors.Is(%q, ErrMemoryLimit) = %v, want %v", err, got, c.isLimit)
			}
			if !strings.Contains(le.Message, c.wantMsg) {
				t.Fatalf("message %q lacks %q", le.Message, c.wantMsg)
			}
		})
	}

	// Without a limit, the ceiling is the machine's memory: a refusal is
	// an ordinary error.
	h := New(Options{})
	defer h.Close()
	err := h.RunString(context.Background(), `return string.rep(("x"):rep(2^20), 2^31 - 1)`) // 2^51 bytes
	if err == nil || errors.Is(err, ErrMemoryLimit) || !strings.Contains(err.Error(), "exceeds the memory of this machine") {
		t.Fatalf("without a limit: %v", err)
	}
}

// Every Go function that calls back into Lua, called at every depth up to
// and past a full call stack (so at each place in gopher-lua's segments of
// 8 frames): the run ends in "stack overflow" or goes on, never in an
// internal error, and the host runs again.
func TestCallsBackAtAFullCallStack(t *testing.T) {
	calls := map[string]string{
		"pcall":                              `pcall(g)`,
		"xpcall":                             `xpcall(g, debug.traceback)`,
		"xpcall of a function that fails":    `xpcall(error, function(m) return m end)`,
		"xpcall of a handler that fails":     `xpcall(error, function() error("h") end)`,
		"xpcall of a handler that overflows": `xpcall(error, function() local function r() return 1 + r() end return r() end)`,
		"xpcall in a handler":                `xpcall(error, function(m) return xpcall(error, function() return g() end) end)`,
		"oneshot":                            `require("psutil").Process():oneshot(g)`,
		"resume":                             `coroutine.resume(coroutine.create(g))`,
		"wrap":                               `coroutine.wrap(g)()`,
		"__tostring":                         `tostring(setmetatable({}, {__tostring = function() return g() or "" end}))`,
		"sort":                               `table.sort({3, 2, 1}, function(a, b) g() return a < b end)`,
		"gsub":                               `string.gsub("ab", ".", function() g() end)`,
		"__index":                            `local _ = setmetatable({}, {__index = function() return g() end}).x`,
		"error in pcall":                     `pcall(error, "x")`,
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			h := New(Options{CallStackSize: 64, Timeout: time.Minute})
			defer h.Close()
			src := `local function g() return 1 end
				local function at(d) if d == 0 then ` + call + ` return 0 end return 1 + at(d - 1) end
				for d = 1, 80 do pcall(at, d) end
				for d = 1, 80 do at(d) end`
			err := h.RunString(context.Background(), src)
			if err == nil || errors.Is(err, ErrInternal) || !strings.Contains(err.Error(), "stack overflow") {
				t.Fatalf("got %v, want a stack overflow", err)
			}
			if err := h.RunString(context.Background(), `assert(select(2, pcall(error, "again")) == "again")`); err != nil {
				t.Fatalf("the host does not run again: %v", err)
			}
		})
	}
}

// xpcall handlers that fail into each other, on the default call stack:
// each level of them used to build gopher-lua's traceback of the whole
// stack, in Go, where the time limit is not looked at (minutes). Lua 5.1
// stops calling handlers past its bound of C calls, and so does psulua.
func TestFailingHandlersHonourTheTimeLimit(t *testing.T) {
	h := New(Options{Timeout: 500 * time.Millisecond})
	defer h.Close()
	start := time.Now()
	err := h.RunString(context.Background(), `local function g() return xpcall(error, g) end while true do g() end`)
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("got %v, want the time limit", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("stopped after %v, for a limit of 0.5 s", d)
	}
}
