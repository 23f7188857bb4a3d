package engine

import (
	"context"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"sync"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// memoryCheckInterval is how often a run with a memory limit measures the
// memory it uses.
const memoryCheckInterval = 2 * time.Millisecond

// The memory a run can grow: the heap's objects (garbage included until it
// is collected) and the goroutines' stacks, which a deep recursion in Go
// (gopher-lua's parser and compiler on deeply nested source) grows
// without touching the heap.
var memoryMetrics = []string{
	"/memory/classes/heap/objects:bytes",
	"/memory/classes/heap/stacks:bytes",
	"/memory/classes/total:bytes",
	"/memory/classes/heap/released:bytes",
}

// memoryUse is what the metrics say: used is the objects and the stacks;
// mapped is all the memory the runtime holds from the system and has not
// given back, about the process's resident memory.
func memoryUse() (used, mapped int64) {
	s := make([]metrics.Sample, len(memoryMetrics))
	for i, name := range memoryMetrics {
		s[i].Name = name
	}
	metrics.Read(s)
	var v [4]int64
	for i := range s {
		if s[i].Value.Kind() == metrics.KindUint64 {
			v[i] = int64(s[i].Value.Uint64())
		}
	}
	return v[0] + v[1], v[2] - v[3]
}

func usedBytes() int64 {
	used, _ := memoryUse()
	return used
}

// heapBytes is the heap's objects, for collectgarbage("count").
func heapBytes() int64 {
	s := []metrics.Sample{{Name: memoryMetrics[0]}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(s[0].Value.Uint64())
}

// watchMemory cancels the run when the memory it uses grows more than
// limit bytes past what it was when the run started (base). Garbage counts
// until collected, so a crossing starts a collection and is confirmed when
// it ends; meanwhile the run goes on, unless the memory the runtime holds
// grows a quarter more than the limit, garbage or not: a collection takes
// long enough for a script to allocate gigabytes.
func watchMemory(base, limit int64, cancel context.CancelCauseFunc, done <-chan struct{}) {
	_, mappedBase := memoryUse()
	hard := limit + limit/4
	t := time.NewTicker(memoryCheckInterval)
	defer t.Stop()
	var collected chan struct{} // while a collection runs
	for {
		select {
		case <-done:
			return
		case <-collected:
			collected = nil
			if usedBytes()-base > limit {
				cancel(ErrMemoryLimit)
				return
			}
		case <-t.C:
			used, mapped := memoryUse()
			if used-base > hard || mapped-mappedBase > hard {
				cancel(ErrMemoryLimit)
				return
			}
			if used-base > limit && collected == nil {
				c := make(chan struct{})
				collected = c
				go func() {
					runtime.GC()
					close(c)
				}()
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

// recordRefused keeps the message of an error raised because a result
// would pass the allocation ceiling; with a memory limit, that error
// escaping the run is an ErrMemoryLimit (see Host.luaError).
func (h *Host) recordRefused(msg lua.LString) { h.refused = msg }

// isRefusal reports whether v, an error escaping a run, is the last
// refusal of a result past the memory limit, raised again as it was or
// with positions prepended (as coroutine.wrap and error(msg) do).
func (h *Host) isRefusal(v lua.LValue) bool {
	s, ok := v.(lua.LString)
	return ok && h.opts.MemoryLimit > 0 && h.refused != "" && strings.HasSuffix(string(s), string(h.refused))
}

// callOriginal calls fn with the current function's arguments and returns
// all its results.
func callOriginal(L *lua.LState, fn *lua.LFunction) int {
	n := L.GetTop()
	L.Insert(fn, 1)
	L.Call(n, lua.MultRet)
	return L.GetTop()
}

// roomFor reports whether a run may allocate n more bytes at once under
// its memory limit: what it uses (after a collection, if garbage makes the
// difference) plus n must stay under the limit.
func (h *Host) roomFor(n int64) bool {
	base := h.memBase.Load()
	if h.opts.MemoryLimit <= 0 || base == 0 {
		return true
	}
	if usedBytes()-base+n <= h.opts.MemoryLimit {
		return true
	}
	runtime.GC()
	return usedBytes()-base+n <= h.opts.MemoryLimit
}

// softLimit lowers the Go runtime's soft memory limit while runs with a
// memory limit are in progress, to what the process held when the first
// of them started plus their limits: the collector then works as the heap
// nears it, in the allocating goroutine itself, which keeps garbage from
// adding to a run's peak and slows a run that outgrows its limit until the
// watchdog stops it. A lower limit the program set itself is kept; the
// program's own value comes back when the last run ends.
var softLimit struct {
	sync.Mutex
	active int
	sum    int64 // the limits of the active runs
	base   int64 // memory held when the first active run started
	saved  int64 // the program's own limit
}

func startSoftLimit(limit int64) {
	softLimit.Lock()
	defer softLimit.Unlock()
	if softLimit.active == 0 {
		softLimit.saved = debug.SetMemoryLimit(-1)
		_, softLimit.base = memoryUse()
	}
	softLimit.active++
	softLimit.sum += limit
	setSoftLimit()
}

func endSoftLimit(limit int64) {
	softLimit.Lock()
	defer softLimit.Unlock()
	softLimit.active--
	softLimit.sum -= limit
	if softLimit.active == 0 {
		debug.SetMemoryLimit(softLimit.saved)
		return
	}
	setSoftLimit()
}

func setSoftLimit() {
	l := softLimit.base + softLimit.sum
	if l > softLimit.saved {
		l = softLimit.saved
	}
	debug.SetMemoryLimit(l)
}
