package engine

import (
	"bytes"
	"context"
	"runtime"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// TestAbandonedCoroutinesAreReleased: a coroutine runs under its
// creator's context, not one derived from it, and coroutines left
// suspended keep nothing once collected, while the run goes on: each
// derived context stayed registered with the run's until its end.
func TestAbandonedCoroutinesAreReleased(t *testing.T) {
	h := New(Options{Stdout: &bytes.Buffer{}, Timeout: time.Minute})
	defer h.Close()
	var heap []uint64
	h.L.SetGlobal("heap", h.L.NewFunction(func(L *lua.LState) int {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		heap = append(heap, ms.HeapAlloc)
		return 0
	}))
	h.L.SetGlobal("samecontext", h.L.NewFunction(func(L *lua.LState) int {
		L.Push(lua.LBool(L.CheckThread(1).Context() == L.Context()))
		return 1
	}))
	err := h.RunString(context.Background(), `
		assert(samecontext(coroutine.create(function() end)), "a new coroutine has a context of its own")
		local function abandon(n)
			for i = 1, n do
				local co = coroutine.create(function() coroutine.yield() end)
				coroutine.resume(co)
				coroutine.wrap(function() coroutine.yield(1) coroutine.yield(2) end)()
			end
		end
		abandon(1000) heap() abandon(50000) heap()`)
	if err != nil {
		t.Fatal(err)
	}
	// 100,000 derived contexts held about 13 MB.
	if grew := int64(heap[1]) - int64(heap[0]); grew > 2<<20 {
		t.Errorf("100,000 abandoned coroutines left %d KB behind", grew>>10)
	}
}
