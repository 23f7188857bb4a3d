package engine

import (
	"context"
	"fmt"
	"runtime"
	"runtime/metrics"
	"strings"
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

// tooBigError is the error of a string function whose result would pass
// the allocation ceiling.
func tooBigError(fn string, n int64, limit int64, what string) string {
	return fmt.Sprintf("%s: result of %d bytes exceeds %s (%d bytes)", fn, n, what, limit)
}

// guardAllocations makes the library functions that can build a large
// result in one call refuse one larger than the allocation ceiling before
// they allocate it: the watchdog only stops a script between instructions.
// string.gsub checks its result as it builds it (pattern.go). The guards
// look only at well-formed arguments, and leave the function itself to
// report bad ones.
func (h *Host) guardAllocations() {
	L := h.L
	limit, what := h.allocationCeiling()
	tooBig := func(L *lua.LState, fn string, n int64) {
		fmtError(L, tooBigError(fn, n, limit, what))
	}
	wrap := func(t *lua.LTable, name string, check func(L *lua.LState)) {
		orig, ok := t.RawGetString(name).(*lua.LFunction)
		if !ok || !orig.IsG {
			return
		}
		g := orig.GFunction
		t.RawSetString(name, L.NewFunction(func(L *lua.LState) int {
			check(L)
			// Called in this frame, not through L.Call: its errors name
			// the function and the line of the script that called it.
			return g(L)
		}))
	}
	if str, ok := L.GetGlobal("string").(*lua.LTable); ok {
		wrap(str, "rep", func(L *lua.LState) {
			s, ok1 := L.Get(1).(lua.LString)
			n, ok2 := L.Get(2).(lua.LNumber)
			if ok1 && ok2 && n > 0 && (int64(len(s)) > limit || float64(n) > float64(limit) || float64(len(s))*float64(n) > float64(limit)) {
				tooBig(L, "string.rep", int64(float64(len(s))*float64(n)))
			}
		})
		wrap(str, "format", func(L *lua.LState) {
			// An item writes at most 99 characters (two digits of width
			// or precision), or the string %s copies.
			f, ok := L.Get(1).(lua.LString)
			if !ok {
				return
			}
			total := int64(len(f)) + 99*int64(strings.Count(string(f), "%"))
			for i := 2; i <= L.GetTop(); i++ {
				if s, ok := L.Get(i).(lua.LString); ok {
					total += int64(len(s))
				}
			}
			if total > limit {
				tooBig(L, "string.format", total)
			}
		})
	}
	if tbl, ok := L.GetGlobal("table").(*lua.LTable); ok {
		wrap(tbl, "concat", func(L *lua.LState) {
			t, ok := L.Get(1).(*lua.LTable)
			if !ok {
				return
			}
			var sep int64
			if s, ok := L.Get(2).(lua.LString); ok {
				sep = int64(len(s))
			}
			first, last := int64(1), int64(t.Len())
			if n, ok := L.Get(3).(lua.LNumber); ok {
				first = int64(n)
			}
			if n, ok := L.Get(4).(lua.LNumber); ok {
				last = int64(n)
			}
			// Up to the first value that is not a string or a number,
			// where table.concat raises: never more than the table holds.
			var total int64
			for i := first; i <= last; i++ {
				switch v := t.RawGetInt(int(i)).(type) {
				case lua.LString:
					total += int64(len(v)) + sep
				case lua.LNumber:
					total += 24 + sep
				default:
					return
				}
				if total > limit {
					tooBig(L, "table.concat", total)
				}
			}
		})
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
