package prefault

import (
	"syscall"
	"unsafe"
)

func init() {
	populateErr = populateExecutable()
	if HugePages() {
		collapseErr = collapseHeapStart()
	}
}

// What init did, for the tests: the errors of its advice (0 when taken),
// and the 2 MiB of heap it asked to collapse (0 when it did not).
var (
	populateErr, collapseErr syscall.Errno
	collapsedAt              uintptr
)

// madvise's advice (golang.org/x/sys/unix has them, but importing it
// would have this package wait for the inits of os, unicode and more).
const (
	madvPopulateRead = 22 // Linux 5.14
	madvCollapse     = 25 // Linux 6.1
)

// The values of the ELF ABI that populateExecutable reads.
const (
	atPhdr  = 3 // auxiliary vector: where the program headers are mapped
	atPhnum = 5 // auxiliary vector: how many there are
	ptLoad  = 1 // a segment mapped from the file
	ptPhdr  = 6 // the program headers themselves
	pfW     = 2 // a writable segment
)

// elfProg is an ELF64 program header.
type elfProg struct {
	typ, flags                              uint32
	off, vaddr, paddr, filesz, memsz, align uint64
}

// populateExecutable maps every page of the executable's read-only
// segments (code, read-only data) that it can, in one call each.
func populateExecutable() syscall.Errno {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		return syscall.ENOTSUP // the headers are ELF32's
	}
	phdr, phnum, e := programHeaders()
	if e != 0 {
		return e
	}
	// The headers are mapped with the executable, outside Go's heap.
	progs := unsafe.Slice((*elfProg)(unsafe.Add(nil, phdr)), phnum)
	bias := uintptr(0) // where a position-independent executable was loaded
	for _, p := range progs {
		if p.typ == ptPhdr {
			bias = phdr - uintptr(p.vaddr)
		}
	}
	page := uintptr(syscall.Getpagesize())
	for _, p := range progs {
		if p.typ != ptLoad || p.flags&pfW != 0 || p.filesz == 0 {
			continue
		}
		start := uintptr(p.vaddr) + bias
		lo := start &^ (page - 1)
		_, _, e := syscall.Syscall(syscall.SYS_MADVISE, lo, start+uintptr(p.filesz)-lo, madvPopulateRead)
		if e != 0 {
			return e
		}
	}
	return 0
}

// programHeaders returns where the kernel mapped the executable's program
// headers and how many there are, from the auxiliary vector it gave the
// process.
func programHeaders() (phdr, phnum uintptr, _ syscall.Errno) {
	fd, err := syscall.Open("/proc/self/auxv", syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return 0, 0, errno(err)
	}
	defer syscall.Close(fd)
	var auxv [512]uintptr // pairs of a key and a value; about 25 pairs
	buf := unsafe.Slice((*byte)(unsafe.Pointer(&auxv[0])), len(auxv)*int(unsafe.Sizeof(auxv[0])))
	n, err := syscall.Read(fd, buf)
	if err != nil {
		return 0, 0, errno(err)
	}
	for i := 0; i+1 < n/int(unsafe.Sizeof(auxv[0])); i += 2 {
		switch auxv[i] {
		case atPhdr:
			phdr = auxv[i+1]
		case atPhnum:
			phnum = auxv[i+1]
		}
	}
	if phdr == 0 || phnum == 0 || phnum > 1024 {
		return 0, 0, syscall.ENOENT
	}
	return phdr, phnum, 0
}

// heapStart holds collapseHeapStart's allocation where the compiler
// cannot keep it off the heap.
var heapStart *[16]byte

// collapseHeapStart moves the 2 MiB of heap the runtime and the first
// packages have started to fill to one transparent huge page
// (MADV_COLLAPSE, Linux 6.1): the rest of it would fault in one 4 KiB
// page at a time.
func collapseHeapStart() syscall.Errno {
	heapStart = new([16]byte)
	collapsedAt = uintptr(unsafe.Pointer(heapStart)) &^ (hugePage - 1)
	heapStart = nil
	_, _, e := syscall.Syscall(syscall.SYS_MADVISE, collapsedAt, hugePage, madvCollapse)
	return e
}

// errno is err's errno (syscall returns nothing else on Linux).
func errno(err error) syscall.Errno {
	if e, ok := err.(syscall.Errno); ok {
		return e
	}
	return syscall.EIO
}

const hugePage = 2 << 20
