package platform

import (
	"context"
	"os"
	"sync"
	"time"
)

// System answers psutil's questions about one machine. Its zero value is not
// usable: call [New]. A System is safe for concurrent use.
//
// The state psutil keeps in module globals lives here, so each System (each
// Lua state, each embedding program) has its own: the previous CPU sample of
// CPUPercent and CPUTimesPercent, the counters remembered by the nowrap
// options of DiskIOCounters and NetIOCounters, and the RuntimeWarnings
// recorded for [System.Warnings].
type System struct {
	mu sync.Mutex
	fs FS

	backend  systemBackend // how this OS answers (backend.go)
	pageSize uint64        // the machine's page size, in bytes (tests set a fixture's)

	lastCPU     cpuLast[CPUTimes]   // previous system-wide sample, for CPUPercent
	lastPerCPU  cpuLast[[]CPUTimes] // previous per-CPU sample, for CPUPercent
	lastCPUT    cpuLast[CPUTimes]   // same for CPUTimesPercent, kept apart as psutil does
	lastPerCPUT cpuLast[[]CPUTimes]

	// The nowrap states have their own locks (wrap.go).
	diskWrap wrapState
	netWrap  wrapState

	// Warnings (warnings.go), guarded by warnMu.
	warnMu   sync.Mutex
	warnings []string

	// Processes (process.go, process_iter.go), guarded by procMu.
	procMu       sync.Mutex
	procTable    map[int]*Process // process_iter's table
	procLowest   int              // psutil's _LOWEST_PID
	procNCPU     int              // cpu_count(), kept a second
	procNCPUAt   int64            // when procNCPU was read, ns on processEpoch's clock; 0 never
	procTotalMem uint64           // virtual_memory().total, read once as psutil does
	procOS       processTableOS   // the OS backend of the processes (processTableBackend)
}

// New returns a System reading the given roots.
func New(fs FS) *System {
	s := &System{fs: fs, backend: newSystemBackend(), pageSize: uint64(os.Getpagesize())}
	s.procOS.s = s
	return s
}

// Default reads the live machine.
var Default = New(LiveFS())

// FS returns the roots s reads from.
func (s *System) FS() FS {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fs
}

// SetFS changes the roots s reads from.
func (s *System) SetFS(fs FS) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fs = fs
}

// ProcfsPath is psutil's PROCFS_PATH: the procfs root.
func (s *System) ProcfsPath() string { return s.FS().Proc }

// SetProcfsPath sets psutil's PROCFS_PATH.
func (s *System) SetProcfsPath(path string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fs.Proc = path
}

// sleepContext waits d or until ctx is done, for the functions that
// measure over an interval (cpu_percent, Process.wait).
func sleepContext(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
