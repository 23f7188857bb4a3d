package platform

import (
	"context"
	"time"
)

// processBackend is the contract between the portable Process, which holds
// psutil's semantics once for every OS (prefetching, caches, identity
// checks, argument checks), and an OS backend, which says how that OS
// answers (psutil's _pslinux.Process, _pswindows.Process, ...).
// process_linux.go implements it; process_other.go answers
// not-implemented on the systems without a backend.
//
// Each OS declares its processOS, which a Process holds by value (so that
// a Process costs one allocation) with a pointer back to it. Its methods
// return the OS's own errors (an errno, an *os.PathError): the portable
// methods map them to psutil's classes in one place, [Process.wrap], as
// psutil's wrap_exceptions does.
type processBackend interface {
	// osIdentity reads afresh, bypassing Oneshot, the start time that,
	// with the pid, tells this process from a later one given its pid (in
	// the backend's own unit; never 0 once known).
	osIdentity() (uint64, error)
	// osGone reports what wrap needs to know of a process whose read
	// failed: whether it still exists, whether it is a zombie, and then
	// its parent's pid.
	osGone() (exists, zombie bool, ppid int)
	// osCheckAlive is psutil's _raise_if_not_alive.
	osCheckAlive() error

	osName() (string, error)                     // the OS's own name, which may be truncated
	osPpid() (ppid int, ident uint64, err error) // with the identity read at the same time
	osStatus() (string, error)                   // one of the STATUS_* constants
	osCreateTime() (float64, error)              // seconds since the epoch
	osExe() (string, error)
	osCmdline() ([]string, error)
	osEnviron() (map[string]string, error)
	osCwd() (string, error)
	osUsername() (string, error)
	osUids() (Uids, error)
	osGids() (Gids, error)
	osTerminal() (*string, error)
	osNice() (int, error)
	osSetNice(value int) error
	osIonice() (Ionice, error)
	osSetIonice(ioclass IOPriorityClass, value int) error
	osRlimit(resource int) (soft, hard int64, err error)
	osSetRlimit(resource int, soft, hard int64) error
	osCPUAffinity() ([]int, error)
	osSetCPUAffinity(cpus []int) error
	osEligibleCPUs() ([]int, error)
	osCPUNum() (int, error)
	// osCPUTimes reads through Oneshot's cache unless fresh is set.
	osCPUTimes(fresh bool) (ProcessCPUTimes, error)
	osNumCtxSwitches() (CtxSwitches, error)
	osNumThreads() (int, error)
	osThreads() ([]Thread, error)
	osNumFds() (int, error)
	osNumHandles() (int, error) // Windows
	osIOCounters() (ProcessIOCounters, error)
	osMemoryInfo() (MemoryInfo, error)
	osMemoryInfoEx(base MemoryInfo) (MemoryInfoEx, error)
	osMemoryFootprint() (MemoryFootprint, error)
	osMemoryMaps() ([]MemoryMapExt, error)
	osPageFaults() (PageFaults, error)
	osOpenFiles() ([]OpenFile, error)

	// The signals psutil sends by name, and any other by number.
	osSendSignal(sig int) error
	osSuspend() error
	osResume() error
	osTerminate() error
	osKill() error
	// osWait returns processErrTimeout when timeout passes first.
	osWait(ctx context.Context, timeout time.Duration) (*int, error)

	// osSeed puts what process_iter read to check the identity into the
	// Oneshot cache, so that the prefetch does not read it again.
	osSeed(seed processSeed)
	// osReadAhead reads, at the start of a Oneshot that reads the
	// attributes ids, a file that answers several of them when that costs
	// less than the files each would read.
	osReadAhead(ids []processAttrID)
	// osAdopt lets the Process keep what osIterRead opened to read it;
	// false when it keeps other files already (the caller closes kept).
	osAdopt(kept processKept, mark uint64) bool
}

// processKept is what osIterRead opened to read a process and leaves open
// for the Process that process_iter returns for it.
type processKept interface{ close() }

var _ processBackend = (*processOS)(nil)

// processTableBackend is the backend's half that is about every process:
// the list of pids, the parent of each, and the read process_iter makes of
// each pid. Each OS declares its processTableOS, which a System holds.
type processTableBackend interface {
	// osPids lists the pids, sorted, each with a mark where the OS has
	// one (marks is nil where it has none): what tells, without reading
	// the process, that a pid still belongs to the process of the last
	// listing.
	osPids() (pids []int, marks []uint64, err error)
	osPidExists(pid int) bool
	// osPpidTable is psutil's ppid_map, with each process's identity.
	osPpidTable() ([]processPpidEntry, error)
	// osIterStart is told that a process_iter pass is about to read n
	// processes, and whether it may open files to keep for them.
	osIterStart(n int, keep bool)
	// osIterRead reads the identity of pid for process_iter (into buf,
	// which it returns grown, if it needs one); mark is what osPids gave
	// with pid (0 if nothing); old is the Process the last pass found with
	// that pid, or nil; wantSeed asks for the seed of a prefetch. known is
	// false when the OS denied it or when it could tell more cheaply that
	// old is still running, gone is true when pid went away meanwhile, and
	// err is set only for a failure that process_iter must report. kept,
	// if not nil, is for the Process process_iter returns (osAdopt).
	osIterRead(pid int, mark uint64, old *Process, wantSeed bool, buf []byte) (ident uint64, seed processSeed, kept processKept, known, gone bool, out []byte, err error)
	// osKeepTable is told of each new process_iter table, and of the one
	// it replaces, so that the backend may keep what it reads of the
	// processes that stay.
	osKeepTable(old, now map[int]*Process)
}

var _ processTableBackend = (*processTableOS)(nil)

// processPpidEntry is one process of the ppid table.
type processPpidEntry struct {
	pid, ppid int
	ident     uint64
}
