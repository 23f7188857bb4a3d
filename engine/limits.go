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

// allocationCeiling is the largest result one call of a string function
// may build, and how an error names it: the memory limit, or without one
// the machine's memory (no larger result could be made, and asking Go for
// it would end the whole program).
func (h *Host) allocationCeiling() (int64, string) {
	if h.opts.MemoryLimit > 0 {
		return h.opts.MemoryLimit, "the memory limit"
	}
	return machineMemory(), "the memory of this machine"
}

// callOriginal calls fn with the current function's arguments and returns
// all its results.
func callOriginal(L *lua.LState, fn *lua.LFunction) int {
	n := L.GetTop()
	L.Insert(fn, 1)
	L.Call(n, lua.MultRet)
	return L.GetTop()
}
