package engine

import (
	"context"
	"runtime"
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

// TestLongKeyAssignmentCopiesNothing: assigning with a long key to a
// value that cannot be indexed fails with Lua 5.1's message, without the
// copies of the key gopher-lua's message makes.
func TestLongKeyAssignmentCopiesNothing(t *testing.T) {
	const keyLen = 32 << 20
	for _, src := range []string{
		`local x = 5 x[k] = 1`,
		`local x = require("psutil").Process() x[k] = 1`,
		`local x = setmetatable({}, {__newindex = setmetatable({}, {__newindex = true})}) x[k] = 1`,
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
