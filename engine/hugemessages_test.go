package engine

import (
	"context"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// A script's string can be hundreds of megabytes; what an error does with
// one must not take seconds in a single Go call.

// TestPositionReadsTheStart: an error's position is found at the start
// of its message, without a scan of the rest.
func TestPositionReadsTheStart(t *testing.T) {
	big := strings.Repeat("x", 16<<20)
	placed := "a.lua:3: " + big
	start := time.Now()
	if _, _, ok := position(big); ok {
		t.Error("a message of x's has a position")
	}
	if file, line, ok := position(placed); !ok || file != "a.lua" || line != 3 {
		t.Errorf("position = %q, %d, %v", file, line, ok)
	}
	if took := time.Since(start); took > 100*time.Millisecond {
		t.Errorf("took %v", took)
	}
}

// TestLongKeyIndexingCopiesNothing: reading or assigning with a long key
// a value that cannot be indexed fails with Lua 5.1's message, without the
// copies of the key gopher-lua's message makes.
func TestLongKeyIndexingCopiesNothing(t *testing.T) {
	const keyLen = 32 << 20
	for _, src := range []string{
		`local x = 5 x[k] = 1`,
		`local x = require("psutil").Process() x[k] = 1`,
		`local x = setmetatable({}, {__newindex = setmetatable({}, {__newindex = true})}) x[k] = 1`,
		`local x = 5 return x[k]`,
		`local x = setmetatable({}, {__index = setmetatable({}, {__index = true})}) return x[k]`,
	} {
		h := New(Options{})
		h.L.SetGlobal("k", lua.LString(strings.Repeat("k", keyLen)))
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		err := h.RunString(context.Background(), src)
		runtime.ReadMemStats(&after)
		h.Close()
		if err == nil || !strings.Contains(err.Error(), "attempt to index") || len(err.Error()) > 200 {
			t.Errorf("%s: error %.200v", src, err)
		}
		if grew := after.TotalAlloc - before.TotalAlloc; grew > keyLen/4 {
			t.Errorf("%s: allocated %d MiB for a key of %d MiB", src, grew>>20, keyLen>>20)
		}
	}
}

// TestLoadstringCopiesNothing: loadstring compiles the script's string
// as it is (a second copy of 250 MB of source went past the ceiling).
func TestLoadstringCopiesNothing(t *testing.T) {
	const size = 32 << 20
	h := New(Options{})
	defer h.Close()
	h.L.SetGlobal("src", lua.LString("--"+strings.Repeat(" ", size)))
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	err := h.RunString(context.Background(), `assert(loadstring(src))`)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > size/2 {
		t.Errorf("allocated %d MiB for a source of %d MiB", grew>>20, size>>20)
	}
}

// TestArithmeticOnLongStringsCopiesNothing: arithmetic, unary minus and
// tonumber read a long string where it is, numeral or not (gopher-lua's
// strconv kept copies of it: `x + 1` of 128 MiB took 3 s and 400 MB).
func TestArithmeticOnLongStringsCopiesNothing(t *testing.T) {
	const size = 32 << 20
	const shown = `function shown(...)
		local t = {}
		for i = 1, select("#", ...) do t[i] = tostring((select(i, ...))) end
		return table.concat(t, " ")
	end`
	for _, c := range []struct {
		value, src, want string
	}{
		{strings.Repeat("x", size), `pcall(function() return s + 1 end)`, "false <string>:1: attempt to perform arithmetic on global 's' (a string value)"},
		{strings.Repeat("x", size), `pcall(function() return 2 % s end)`, "false <string>:1: attempt to perform arithmetic on global 's' (a string value)"},
		{strings.Repeat("x", size), `pcall(function() return -s end)`, "false <string>:1: attempt to perform arithmetic on global 's' (a string value)"},
		{strings.Repeat("x", size), `tonumber(s), tonumber(s, 36)`, "nil 1.844674407371e+19"},
		{strings.Repeat("1", size), `s + 1, s * 0, tonumber(s), tonumber(s, 2)`, "inf -nan inf 1.844674407371e+19"},
		{strings.Repeat("0", size) + "5", `s + 1, -s, s % 3, tonumber(s), tonumber(s, 8)`, "6 -5 2 5 5"},
		{"0." + strings.Repeat("0", size) + "5e" + strconv.Itoa(size+1), `s + 0`, "5"},
		{strings.Repeat(" ", size) + "7", `s + 0`, "7"},
	} {
		h := New(Options{})
		h.L.SetGlobal("s", lua.LString(c.value))
		if err := h.RunString(context.Background(), shown); err != nil {
			t.Fatal(err)
		}
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		err := h.RunString(context.Background(), "out = shown("+c.src+")")
		took := time.Since(start)
		got := h.L.GetGlobal("out").String()
		runtime.ReadMemStats(&after)
		h.Close()
		if err != nil || got != c.want {
			t.Errorf("%s: %q, %v; want %q", c.src, got, err, c.want)
		}
		if grew := after.TotalAlloc - before.TotalAlloc; grew > size/4 {
			t.Errorf("%s: allocated %d MiB for a string of %d MiB", c.src, grew>>20, size>>20)
		}
		if took > compileAllowance(500*time.Millisecond) {
			t.Errorf("%s: took %v", c.src, took)
		}
	}
}
