package engine

import (
	"bytes"
	"context"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// TestValueStacksStartSmallAndDouble: a state's and a coroutine's value
// stacks start at 128 slots, and a deep recursion grows them by doubling:
// gopher-lua's own growth, 32 slots at a time with a copy of the whole
// stack each, allocated gigabytes for the recursion below and took
// seconds.
func TestValueStacksStartSmallAndDouble(t *testing.T) {
	if !registryDoubles {
		t.Fatal("gopher-lua's registry is not the one registry.go knows: its value stacks grow 32 slots at a time")
	}
	h := New(Options{Stdout: &bytes.Buffer{}, Timeout: time.Minute})
	defer h.Close()
	if n := registrySlots(h.L); n != 128 {
		t.Errorf("a new state's value stack holds %d slots, want 128", n)
	}
	var coroutineSlots int
	h.L.SetGlobal("slots", h.L.NewFunction(func(L *lua.LState) int {
		coroutineSlots = registrySlots(L)
		return 0
	}))
	// 7,900 calls of 21 registers each: about 166,000 slots, 2.6 MB.
	const deep = `
		coroutine.wrap(function() slots() end)()
		local function f(n, a, b, c, d, e, g, h, i, j)
			if n == 0 then return 0 end
			local x1, x2, x3, x4, x5, x6, x7, x8, x9, x10 = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
			return 1 + f(n - 1, a, b, c, d, e, g, h, i, j)
		end
		depth = f(7900)`
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	err := h.RunString(context.Background(), deep)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if got := h.L.GetGlobal("depth"); got != lua.LNumber(7900) {
		t.Errorf("depth = %v, want 7900", got)
	}
	if coroutineSlots != 128 {
		t.Errorf("a new coroutine's value stack holds %d slots, want 128", coroutineSlots)
	}
	if n := registrySlots(h.L); n < 160000 || n > 2*166000 {
		t.Errorf("after the recursion the value stack holds %d slots, want 160,000 to 332,000", n)
	}
	// Doubling copies about twice the final stack; 32 slots at a time,
	// about 7 GB.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
		t.Errorf("the recursion allocated %d MB, want less than 64", alloc>>20)
	}
}

// TestValueStackOverflow: a recursion that fills the value stack, rather
// than the call stack, fails with Lua 5.1's "stack overflow" at the
// function's position, and the state runs on.
func TestValueStackOverflow(t *testing.T) {
	h := New(Options{Stdout: &bytes.Buffer{}, Timeout: time.Minute, RegistryMaxSize: 1 << 16})
	defer h.Close()
	locals := make([]string, 190)
	for i := range locals {
		locals[i] = "a" + strconv.Itoa(i)
	}
	src := "local function f(n) local " + strings.Join(locals, ", ") + " = 1\n" +
		"return f(n + 1) + 1 end\n" +
		"ok, msg = pcall(f, 1)\n" +
		"after = select(2, pcall(function() return 42 end))"
	if err := h.RunString(context.Background(), src); err != nil {
		t.Fatal(err)
	}
	if ok := h.L.GetGlobal("ok"); ok != lua.LFalse {
		t.Fatalf("pcall returned %v, want false", ok)
	}
	if msg := h.L.GetGlobal("msg").String(); msg != "<string>:2: stack overflow" {
		t.Errorf("message %q, want Lua 5.1's stack overflow at line 2", msg)
	}
	if after := h.L.GetGlobal("after"); after != lua.LNumber(42) {
		t.Errorf("a call after the overflow returned %v, want 42", after)
	}
}
