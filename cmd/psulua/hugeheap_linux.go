package main

import (
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
// towards the first collection, which comes 4 MiB sooner; it stays under
// psulua's threshold for it (GOGC=200: 8 MiB), so a short script still
// runs without one. GODEBUG's disablethp=1, Go's own switch against huge
// pages for its heap, turns this off. The 2 MiB already in use became a
// huge page before the packages' inits (the prefault package).
//
// Measured with 1,070 processes (paired rounds against the same build
// without it, nor the collapse of the heap's first 2 MiB, made here then
// and by the prefault package now): examples/top.lua -d 0.1 -n 10 took
// 0.94 times the CPU and faulted in about 960 pages instead of 3,150; the
// ps listing took 0.97 times; an empty script, 0.98 times. The price is resident memory,
// as a huge page is whole once touched: a peak of 19.7 MB instead of
// 17.1 for the monitor, 14.5 instead of 9.3 for the listing, 9.0
// instead of 5.8 for an empty script.
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

// heapProbe and heapGrow hold hugeHeap's allocations where the compiler
// cannot keep them off the heap.
var (
	heapProbe *[16]byte
	heapGrow  []byte
)
