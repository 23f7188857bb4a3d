package engine

import (
	"context"
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

// guardAllocations makes the string functions that can build a large
// result in one call (string.rep, string.gsub, string.format, table.concat)
// refuse results larger than the memory limit before allocating them: one
// such call could otherwise ask Go for more memory than the machine has,
// which is fatal, not an error, and the watchdog only stops the script
// between instructions.
//
// Without a memory limit, the machine's memory is the limit: no such result
// could be made anyway, and asking for it would end the whole program.
func (h *Host) guardAllocations() {
	L := h.L
	limit, what := h.opts.MemoryLimit, "the memory limit"
	if limit <= 0 {
		limit, what = machineMemory(), "the memory of this machine"
	}
	tooBig := func(L *lua.LState, fn string, n int64) {
		L.RaiseError("%s: result of %d bytes exceeds %s (%d bytes)", fn, n, what, limit)
	}
	str, ok := L.GetGlobal("string").(*lua.LTable)
	if !ok {
		return
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
	wrap(str, "rep", func(L *lua.LState) {
		s, n := L.CheckString(1), L.CheckInt64(2)
		if n > 0 && (int64(len(s)) > limit || n > limit || int64(len(s))*n > limit) {
			tooBig(L, "string.rep", int64(len(s))*n)
		}
	})
	wrap(str, "gsub", func(L *lua.LState) {
		// At most one replacement per byte of the subject, plus one; each
		// %0-%9 in the replacement copies text of one match, and matches
		// do not overlap, so each costs at most the subject's length.
		s := L.CheckString(1)
		repl, ok := L.Get(3).(lua.LString)
		if !ok {
			return // a table or function replacement makes its own strings
		}
		matches := int64(len(s)) + 1
		if n, ok := L.Get(4).(lua.LNumber); ok && int64(n) < matches {
			matches = int64(n)
		}
		refs := int64(strings.Count(string(repl), "%"))
		if max := int64(len(s)) + matches*int64(len(repl)) + refs*int64(len(s)); max > limit {
			tooBig(L, "string.gsub", max)
		}
	})
	wrap(str, "format", func(L *lua.LState) {
		// Lua 5.1 allows two digits of width and of precision; the
		// arguments themselves are counted too (%s copies them).
		f := L.CheckString(1)
		total := int64(len(f))
		for i := 2; i <= L.GetTop(); i++ {
			if s, ok := L.Get(i).(lua.LString); ok {
				total += int64(len(s))
			}
		}
		if total > limit {
			tooBig(L, "string.format", total)
		}
		for i := 0; i < len(f); i++ {
			if f[i] != '%' {
				continue
			}
			i++
			for i < len(f) && strings.IndexByte("-+ #0", f[i]) >= 0 {
				i++
			}
			for _, part := range []bool{true, false} {
				digits := 0
				if !part && i < len(f) && f[i] == '.' {
					i++
				}
				for i < len(f) && f[i] >= '0' && f[i] <= '9' {
					i++
					digits++
				}
				if digits > 2 {
					L.RaiseError("invalid format (width or precision too long)")
				}
			}
		}
	})
	if tbl, ok := L.GetGlobal("table").(*lua.LTable); ok {
		wrap(tbl, "concat", func(L *lua.LState) {
			t := L.CheckTable(1)
			sep := int64(len(L.OptString(2, "")))
			first, last := L.OptInt(3, 1), L.OptInt(4, t.Len())
			if last > t.Len() {
				last = t.Len() // the original raises on the first nil
			}
			var total int64
			for i := first; i <= last; i++ {
				switch v := t.RawGetInt(i).(type) {
				case lua.LString:
					total += int64(len(v)) + sep
				case lua.LNumber:
					total += 24 + sep
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
