package engine

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/platform"
)

// TestCallRunsNoScriptCodeUnprotected: finding the function to call reads
// globals raw, so a hostile __index neither panics the program nor hangs
// past the time limit.
func TestCallRunsNoScriptCodeUnprotected(t *testing.T) {
	for _, src := range []string{
		`setmetatable(_G, {__index = function(_, k) error("boom " .. k) end})`,
		`setmetatable(_G, {__index = function() while true do end end})`,
	} {
		h := New(Options{Sandbox: ReadOnly(), Timeout: 200 * time.Millisecond})
		if err := h.RunString(context.Background(), src); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { _, err := h.Call(context.Background(), "missing"); done <- err }()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), "missing is not a Lua function") {
				t.Fatalf("got %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("Call hung")
		}
		h.Close()
	}
}

func TestDeepValuesAreAnError(t *testing.T) {
	h := New(Options{Sandbox: ReadOnly(), Timeout: 5 * time.Second})
	defer h.Close()
	if err := h.RunString(context.Background(), `function deep() local t = {} for i = 1, 100000 do t = {t} end return t end`); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Call(context.Background(), "deep"); !errors.Is(err, ErrTooDeep) {
		t.Fatalf("got %v, want ErrTooDeep", err)
	}
	type loop struct{ Next *loop }
	l := &loop{}
	l.Next = l
	if _, err := ToLua(h.L, l); !errors.Is(err, ErrTooDeep) {
		t.Fatalf("a Go pointer cycle: got %v", err)
	}
}

// TestCoroutinesRunUnderTheResumingRun: a coroutine made in one run obeys
// the limits of the run that resumes it.
func TestCoroutinesRunUnderTheResumingRun(t *testing.T) {
	h := New(Options{})
	defer h.Close()
	if err := h.RunString(context.Background(), `co = coroutine.create(function() while true do end end)
		gen = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end)`); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	if err := h.RunString(ctx, `coroutine.resume(co)`); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v", err)
	}
	if time.Since(start) > 2*time.Second {
		t.Fatal("the coroutine outlived its deadline")
	}
	// A coroutine made under a finished limited run works in the next run.
	if err := h.RunString(context.Background(), `assert(gen() == 1 and gen() == 2)`); err != nil {
		t.Fatal(err)
	}
}

// TestPoolIsolatesUsers: what one user of a pooled host changes is gone
// for the next one.
func TestPoolIsolatesUsers(t *testing.T) {
	p := NewPool(Options{}, 1)
	defer p.Close()
	steps := []string{
		`package.preload.psutil = function() return {hijacked = true} end
		 setmetatable(_G, {__index = function(_, k) return "ghost:" .. k end})
		 require("psutil").PROCFS_PATH = "/nonexistent"
		 string.upper = nil`,
		`assert(rawget(require("psutil"), "hijacked") == nil, "package.preload leaked")
		 assert(undefined_thing == nil, "_G's metatable leaked")
		 assert(require("psutil").PROCFS_PATH == "/proc", "PROCFS_PATH leaked")
		 assert(("x"):upper() == "X", "string.upper leaked")`,
	}
	for _, src := range steps {
		err := p.Do(context.Background(), func(h *Host) error { return h.RunString(context.Background(), src) })
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestWritersAndShebang(t *testing.T) {
	var out, errOut bytes.Buffer
	h := New(Options{Stdout: &out, Stderr: &errOut})
	defer h.Close()
	dir := t.TempDir()
	script := filepath.Join(dir, "s.lua")
	os.WriteFile(script, []byte("#!/usr/bin/env psulua\nio.stdout:write('a', 1, '\\n')\nio.stderr:write('b\\n')\nio.write(2.5, '\\n')\nprint(tostring(io.stdout):sub(1, 5))\n"), 0o644)
	if err := h.RunFile(context.Background(), script); err != nil {
		t.Fatal(err)
	}
	if out.String() != "a1\n2.5\nfile \n" || errOut.String() != "b\n" {
		t.Fatalf("stdout %q, stderr %q", out.String(), errOut.String())
	}
	// A first line "#[[" does not open a long comment.
	os.WriteFile(script, []byte("#[[ not a comment opener\nprint('runs')\n"), 0o644)
	out.Reset()
	if err := h.RunFile(context.Background(), script); err != nil || out.String() != "runs\n" {
		t.Fatalf("%v %q", err, out.String())
	}
	// A first line that is only "#" keeps the second line.
	os.WriteFile(script, []byte("#\nprint('second line runs')\n"), 0o644)
	out.Reset()
	if err := h.RunFile(context.Background(), script); err != nil || out.String() != "second line runs\n" {
		t.Fatalf("%v %q", err, out.String())
	}
}

func TestToLuaGivesPsutilTuples(t *testing.T) {
	h := New(Options{})
	defer h.Close()
	v, err := ToLua(h.L, platform.SwapMemory{Total: 10, Percent: 5})
	if err != nil {
		t.Fatal(err)
	}
	h.L.SetGlobal("swap", v)
	if err := h.RunString(context.Background(), `assert(swap.total == 10 and swap[1] == 10 and tostring(swap):find("^sswap%(total=10,"))`); err != nil {
		t.Fatal(err)
	}
}

// TestVMFailuresAreErrors: what used to fail: a full value stack, deep
// recursion, math.huge.
func TestVMFailuresAreErrors(t *testing.T) {
	var out bytes.Buffer
	h := New(Options{Sandbox: ReadOnly(), Stdout: &out, Timeout: 10 * time.Second})
	defer h.Close()
	err := h.RunString(context.Background(), `
		local t = {} for i = 1, 1e5 do t[i] = i end
		print(#table.concat(t, ","))
		local function f(n) if n == 0 then return 0 end return 1 + f(n - 1) end
		print(f(1000))
		print(math.huge == 1/0)
	`)
	if err != nil {
		t.Fatal(err)
	}
	if out.String() != "588894\n1000\ntrue\n" {
		t.Fatalf("output %q", out.String())
	}
}

// TestPoolIsolatesEnvAndTuples: a user cannot leave a hook for the next one
// in the thread's environment, a tuple's _fields or the error classes.
func TestPoolIsolatesEnvAndTuples(t *testing.T) {
	var out bytes.Buffer
	p := NewPool(Options{Sandbox: ReadOnly(), Stdout: &out}, 1)
	defer p.Close()
	steps := []string{
		`local psutil = require("psutil")
		 local env = setmetatable({print = function(...) stash = {...} end}, {__index = _G})
		 setfenv(0, env)
		 local f = psutil.virtual_memory()._fields
		 f[1] = "pwned"
		 rawset(psutil.NoSuchProcess, "leak", "A")`,
		`local psutil = require("psutil")
		 print("B")
		 assert(psutil.virtual_memory()._fields[1] == "total", "_fields leaked")
		 assert(rawget(psutil.NoSuchProcess, "leak") == nil, "error class leaked")`,
	}
	for _, src := range steps {
		if err := p.Do(context.Background(), func(h *Host) error { return h.RunString(context.Background(), src) }); err != nil {
			t.Fatal(err)
		}
	}
	if out.String() != "B\n" {
		t.Fatalf("the second user's print went to %q", out.String())
	}
}

// TestYieldAcrossGoCalls: a yield from Lua code that Go code called fails
// inside the coroutine as in lua5.1, which resume returns as false and a
// message; the coroutine is dead, and the host goes on (it crashed with a
// nil dereference on the next resume).
func TestYieldAcrossGoCalls(t *testing.T) {
	var out bytes.Buffer
	h := New(Options{Stdout: &out, Sandbox: ReadOnly(), Timeout: 10 * time.Second})
	defer h.Close()
	err := h.RunString(context.Background(), `
		local co = coroutine.create(function() print(pcall(function() coroutine.yield(1) error("x") end)) return "done" end)
		print(coroutine.resume(co))
		print(coroutine.resume(co))
		local function try(name, f)
			local co = coroutine.create(f)
			print(name, coroutine.resume(co))
			print(name, coroutine.status(co))
		end
		try("sort", function() table.sort({3, 2, 1}, function(a, b) coroutine.yield() return a < b end) end)
		try("gsub", function() string.gsub("abc", "%w", function(c) coroutine.yield(c) end) end)
		try("__index", function() local t = setmetatable({}, {__index = function(t, k) coroutine.yield(k) end}) return t.x end)
		try("oneshot", function() local p = require("psutil").Process() p:oneshot(function() coroutine.yield() end) end)
		try("xpcall", function() xpcall(function() coroutine.yield() end, function(m) return "handled: " .. m end) end)
		try("plain", function() coroutine.yield(7) end)
		for v in coroutine.wrap(function() coroutine.yield(1) coroutine.yield(2) end) do io.write(v, " ") end
		print()`)
	if err != nil {
		t.Fatal(err)
	}
	const across = "attempt to yield across metamethod/C-call boundary"
	want := "false\t" + across + "\ntrue\tdone\nfalse\tcannot resume dead coroutine\n" +
		"sort\tfalse\t" + across + "\nsort\tdead\n" +
		"gsub\tfalse\t" + across + "\ngsub\tdead\n" +
		"__index\tfalse\t" + across + "\n__index\tdead\n" +
		"oneshot\tfalse\t" + across + "\noneshot\tdead\n" +
		"xpcall\ttrue\nxpcall\tdead\n" +
		"plain\ttrue\t7\nplain\tsuspended\n" +
		"1 2 \n"
	if out.String() != want {
		t.Errorf("printed\n%s\nwant\n%s", out.String(), want)
	}
}

// TestGoPanicEndsTheHost: a Go panic inside the VM (here a Go function with
// a bug) is not an error the script can catch: the run ends with
// ErrInternal, the host refuses further runs, and a Pool discards it.
func TestGoPanicEndsTheHost(t *testing.T) {
	buggy := map[string]lua.LGFunction{
		"nilptr": func(L *lua.LState) int {
			var p *int
			return *p
		},
	}
	opts := Options{Sandbox: ReadOnly(), Timeout: 10 * time.Second, Modules: map[string]lua.LGFunction{
		"buggy": func(L *lua.LState) int { L.Push(L.SetFuncs(L.NewTable(), buggy)); return 1 },
	}}
	for _, src := range []string{
		`print(pcall(require("buggy").nilptr))`,
		`print(xpcall(require("buggy").nilptr, function(m) return m end))`,
		`print(coroutine.resume(coroutine.create(function() require("buggy").nilptr() end)))`,
		`require("buggy").nilptr()`,
	} {
		t.Run(src, func(t *testing.T) {
			var out bytes.Buffer
			opts := opts
			opts.Stdout = &out
			h := New(opts)
			defer h.Close()
			err := h.RunString(context.Background(), src+` print("caught")`)
			if !errors.Is(err, ErrInternal) || !strings.Contains(err.Error(), "internal Lua VM error: runtime error: invalid memory address") {
				t.Fatalf("got %v, want an internal error", err)
			}
			if out.Len() != 0 {
				t.Fatalf("the script went on: %q", out.String())
			}
			if err := h.RunString(context.Background(), `print(1)`); !errors.Is(err, ErrInternal) {
				t.Fatalf("the broken host ran again: %v", err)
			}
		})
	}
	// A Lua error with a Go runtime error's text is the script's own; a Go
	// panic after it, with the same text, is still one.
	t.Run("after a Lua error with its text", func(t *testing.T) {
		var out bytes.Buffer
		opts := opts
		opts.Stdout = &out
		h := New(opts)
		defer h.Close()
		err := h.RunString(context.Background(), `local msg = "runtime error: invalid memory address or nil pointer dereference"
			print(pcall(error, msg, 0))
			print(pcall(string.gsub, "a", "a", function() error(msg, 0) end))
			print(pcall(require("buggy").nilptr)) print("caught")`)
		want := "false\truntime error: invalid memory address or nil pointer dereference\n"
		if !errors.Is(err, ErrInternal) || out.String() != want+want {
			t.Fatalf("got %v, printed %q", err, out.String())
		}
	})
	// A Lua error that Go code recovered and raised again (the pattern
	// functions do) is an ordinary error.
	var out bytes.Buffer
	h := New(Options{Stdout: &out})
	defer h.Close()
	err := h.RunString(context.Background(), `print(pcall(string.gsub, "abc", "b", function() error("in repl", 0) end))
		print(xpcall(function() return ("x"):gsub("x", function() error("again", 0) end) end, function(m) return m end))`)
	if err != nil || out.String() != "false\tin repl\nfalse\tagain\n" {
		t.Fatalf("got %v, printed %q", err, out.String())
	}

	p := NewPool(opts, 1)
	defer p.Close()
	var first *Host
	p.Do(context.Background(), func(h *Host) error {
		first = h
		return h.RunString(context.Background(), `pcall(require("buggy").nilptr)`)
	})
	p.Do(context.Background(), func(h *Host) error {
		if h == first {
			t.Error("the Pool reused the broken host")
		}
		return nil
	})
}

// TestPoolIsolatesSharedMetatables: the metatables every string, number
// or file shares are put back between users, so that one user's script
// cannot catch the next one's method calls (and what they are called on).
func TestPoolIsolatesSharedMetatables(t *testing.T) {
	for _, opts := range []Options{{Sandbox: ReadOnly()}, {}} {
		p := NewPool(opts, 1)
		steps := []string{
			`local seen = {}
			 pcall(function() getmetatable("").__index = function(s, k) seen[#seen + 1] = s return string[k] end end)
			 pcall(function() getmetatable("").__add = function() return "caught" end end)
			 pcall(setmetatable, 5, {__index = function() return "number" end})
			 pcall(setmetatable, print, {__index = function() return "function" end})
			 pcall(function() getmetatable(io.stdout).__index = {marker = "file"} end)
			 local _, f = pcall(io.open, "/dev/null")
			 pcall(function() getmetatable(f).__index = {marker = "file"} end)`,
			`local mt = getmetatable("")
			 assert(type(mt) ~= "table" or mt.__index == string and mt.__add == nil, "the string metatable leaked")
			 assert(("x"):upper() == "X")
			 assert(not pcall(function() return (7).x end), "a number metatable leaked")
			 assert(getmetatable(print) == nil, "a function metatable leaked")
			 assert(io.stdout.marker == nil, "the standard files' metatable leaked")
			 local opened, f = pcall(io.open, "/dev/null")
			 assert(not opened or f.marker == nil, "the files' metatable leaked")`,
		}
		for _, src := range steps {
			if err := p.Do(context.Background(), func(h *Host) error { return h.RunString(context.Background(), src) }); err != nil {
				t.Errorf("sandbox %v: %v", opts.Sandbox != nil, err)
			}
		}
		p.Close()
	}
}
