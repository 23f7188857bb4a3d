package engine

import (
	"context"
	"runtime"
	"runtime/metrics"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// memoryCheckInterval is how often a run with a memory limit measures the
// heap.
const memoryCheckInterval = 5 * time.Millisecond

const heapMetric = "/memory/classes/heap/objects:bytes"

func heapBytes() int64 {
	s := make([]metrics.Sample, 1)
	s[0].Name = heapMetric
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(s[0].Value.Uint64())
}

// watchMemory cancels the run when the heap grows more than limit bytes
// past what it held when the run started. Garbage counts until collected,
// so a crossing is confirmed after a forced collection.
func watchMemory(limit int64, cancel context.CancelCauseFunc, done <-chan struct{}) {
	base := heapBytes()
	t := time.NewTicker(memoryCheckInterval)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-t.C:
			if heapBytes()-base <= limit {
				continue
			}
			runtime.GC()
			if heapBytes()-base > limit {
				cancel(ErrMemoryLimit)
				return
			}
		}
	}
}

// guardAllocations makes string.rep and table.concat refuse results larger
// than the memory limit before allocating them: one call could otherwise
// ask Go for more memory than the machine has, which is fatal, not an
// error.
func (h *Host) guardAllocations() {
	L := h.L
	limit := h.opts.MemoryLimit
	str, ok := L.GetGlobal("string").(*lua.LTable)
	if !ok {
		return
	}
	rep := str.RawGetString("rep").(*lua.LFunction)
	str.RawSetString("rep", L.NewFunction(func(L *lua.LState) int {
		s := L.CheckString(1)
		n := L.CheckInt(2)
		if n > 0 && int64(len(s))*int64(n) > limit {
			L.RaiseError("string.rep: result of %d bytes exceeds the memory limit (%d bytes)", int64(len(s))*int64(n), limit)
		}
		return callOriginal(L, rep)
	}))
	if tbl, ok := L.GetGlobal("table").(*lua.LTable); ok {
		concat := tbl.RawGetString("concat").(*lua.LFunction)
		tbl.RawSetString("concat", L.NewFunction(func(L *lua.LState) int {
			t := L.CheckTable(1)
			sep := L.OptString(2, "")
			var total int64
			n := t.Len()
			for i := 1; i <= n; i++ {
				switch v := t.RawGetInt(i).(type) {
				case lua.LString:
					total += int64(len(v)) + int64(len(sep))
				case lua.LNumber:
					total += 24 + int64(len(sep))
				}
				if total > limit {
					L.RaiseError("table.concat: result exceeds the memory limit (%d bytes)", limit)
				}
			}
			return callOriginal(L, concat)
		}))
	}
}

// callOriginal calls fn with the current function's arguments and returns
// all its results.
func callOriginal(L *lua.LState, fn *lua.LFunction) int {
	n := L.GetTop()
	L.Insert(fn, 1)
	L.Call(n, lua.MultRet)
	return L.GetTop()
}
