package platform

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// heapMetrics are the runtime/metrics read by [HeapInfo].
var heapMetrics = []string{
	"/memory/classes/heap/objects:bytes", // live objects, and dead ones not yet swept
	"/memory/classes/total:bytes",        // everything mapped by the runtime
	"/memory/classes/heap/unused:bytes",
	"/memory/classes/heap/free:bytes",
	"/memory/classes/heap/released:bytes",
}

// HeapInfo is psutil.heap_info() for this program: psutil reads the C
// allocator's statistics (glibc's mallinfo2); a Go program's allocator is
// the Go runtime's, so heap_used is the bytes of live heap objects and
// mmap_used the memory the runtime mapped from the OS outside the heap.
// It collects garbage first, so that what a program freed no longer
// counts: a loop that allocates and frees comes back to its baseline, which
// is what heap_info is for (leak detection).
func HeapInfo() HeapStats {
	runtime.GC()
	samples := make([]metrics.Sample, len(heapMetrics))
	for i, name := range heapMetrics {
		samples[i].Name = name
	}
	metrics.Read(samples)
	v := func(i int) uint64 {
		if samples[i].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return samples[i].Value.Uint64()
	}
	heapMapped := v(0) + v(2) + v(3) + v(4)
	var outside uint64
	if total := v(1); total > heapMapped {
		outside = total - heapMapped
	}
	return HeapStats{HeapUsed: v(0), MmapUsed: outside}
}

// HeapTrim is psutil.heap_trim(): it collects garbage and returns the
// memory the Go runtime no longer uses to the OS.
func HeapTrim() { debug.FreeOSMemory() }
