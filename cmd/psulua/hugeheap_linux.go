package main

import (
	"runtime"
	"runtime/debug"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/psulua/psulua/cmd/psulua/internal/prefault"
)

// The Go heap starts as one 4 MiB chunk and grows by mapping more
// chunks, backed by 4 KiB pages that fault in on first touch. On a
// virtual machine a fault can cost 10-15 µs (the hypervisor maps each
// page too): a monitor refreshing a thousand processes faulted in some
// 2,400 heap pages, 5% of its CPU time. A 2 MiB transparent huge page
// costs about what a few 4 KiB pages do. The kernel gives them only to
// memory advised with MADV_HUGEPAGE (under the common setting,
// "madvise"), and only to a 2 MiB range nothing has touched yet; Go
// advises none of its heap.
//
// hugeHeap has the runtime map the heap a monitor of a thousand
// processes grows into, before anything touches it, and advises it. Go
// maps each chunk with a mmap of its own, which drops earlier advice, so
// the chunks have to exist first: one allocation of just over a chunk
// has the runtime map two (it rounds up to whole chunks), which serve
// later allocations. The allocation is garbage at once, but it counts
// towards the first collection as 4 MiB allocated (firstCollectionLater
// makes up for it). GODEBUG's disablethp=1, Go's own switch against huge
// pages for its heap, turns all this off. The 2 MiB already in use
// became a huge page before the packages' inits (the prefault package).
//
// Measured with 1,070 processes (paired rounds against the same build
// without it, nor the collapse of the heap's first 2 MiB, made here then
// and by the prefault package now): examples/top.lua -d 0.1 -n 10 took
// 0.94 times the CPU and faulted in about 960 pages instead of 3,150;
// the ps listing took 0.97 times; an empty script, 0.98 times. The price
// is resident memory, as a huge page is whole once touched: a peak of
// 19.7 MB instead of 17.1 for the monitor, 14.5 instead of 9.3 for the
// listing, 9.0 instead of 5.8 for an empty script.
func hugeHeap() {
	if !prefault.HugePages() {
		return
	}
	const chunk = 4 << 20  // the runtime's pallocChunkBytes
	const arena = 64 << 20 // heapArenaBytes: Go reserves its heap by these
	heapProbe = new([16]byte)
	heapGrow = make([]byte, chunk+8<<10)
	first := uintptr(unsafe.Pointer(heapProbe))
	grown := uintptr(unsafe.Pointer(unsafe.SliceData(heapGrow))) + uintptr(len(heapGrow))
	heapProbe, heapGrow = nil, nil
	firstCollectionLater()
	// Advise the whole arenas that hold the heap: all of each is Go's,
	// mapped or reserved, and the runtime's rounding decides how far past
	// the allocation it mapped.
	lo, hi := first&^(arena-1), (grown+arena-1)&^(arena-1)
	if grown < first || hi-lo > 2*arena {
		// The new chunks are not next to the first one (Go found no room
		// after it): advise nothing rather than what lies between.
		return
	}
	// Advice is only advice: an error (a kernel without transparent huge
	// pages) changes nothing. (Go's heap arenas are this size on 64-bit
	// systems alone, where prefault.HugePages holds.)
	_, _, _ = unix.Syscall(unix.SYS_MADVISE, lo, hi-lo, unix.MADV_HUGEPAGE)
}

// firstCollectionLater moves the first collection as far as hugeHeap's
// allocation brought it forward, and sets psulua's GOGC back once it has
// run. The runtime's first threshold is its 4 MiB minimum heap times
// GOGC/100 (8 MiB at psulua's 200): 4 MiB more is 100 more. A listing of
// a thousand processes, which allocates some 8 MiB, then runs without a
// collection: 0.86-0.93 times the CPU (a collection faulted in some 200
// more pages of the runtime's bookkeeping and woke its workers). The
// runtime runs the cleanup of an object nothing holds after the first
// collection (the object is over 16 bytes: it may batch smaller ones with
// others, whose cleanups then wait).
func firstCollectionLater() {
	debug.SetGCPercent(gcPercent + 100)
	runtime.AddCleanup(new([32]byte), func(int) { debug.SetGCPercent(gcPercent) }, 0)
}

// heapProbe and heapGrow hold hugeHeap's allocations where the compiler
// cannot keep them off the heap.
var (
	heapProbe *[16]byte
	heapGrow  []byte
)
