//go:build !linux

package platform

import (
	"context"
	"syscall"
	"time"

	"github.com/psulua/psulua/platform/internal/procfs"
)

// Every process backend function returns a not-implemented error naming
// psutil's function; NewProcess fails first, so no Process exists here.

const processClockTicks = 100

const (
	processSIGSTOP = syscall.Signal(0x13)
	processSIGCONT = syscall.Signal(0x12)
)

type processOSCache struct{}

type processStat struct{}

func (processStat) start() uint64             { return 0 }
func (processStat) ppid() int                 { return 0 }
func (processStat) state() byte               { return 0 }
func (processStat) cpuNum() int               { return 0 }
func (processStat) pageFaults() PageFaults    { return PageFaults{} }
func (processStat) cpuTimes() ProcessCPUTimes { return ProcessCPUTimes{} }

type processIdent struct {
	start uint64
	state byte
	ppid  int
}

type processPpidEntry struct {
	pid, ppid int
	start     uint64
}

func processNI(fn string) error { return notImplemented(fn) }

func (p *Process) osStat() (processStat, string, error) {
	return processStat{}, "", processNI("Process")
}
func (p *Process) seedStat(procfs.PidStat)           {}
func (p *Process) osIdentity() (processIdent, error) { return processIdent{}, processNI("Process") }
func (p *Process) osState() (exists, zombie bool, ppid int) {
	return false, false, 0
}
func (p *Process) osCheckAlive() error { return processNI("Process") }
func (p *Process) osCPUTimesFresh() (ProcessCPUTimes, error) {
	return ProcessCPUTimes{}, processNI("Process.cpu_times")
}
func (p *Process) osExe() (string, error)                { return "", processNI("Process.exe") }
func (p *Process) osCwd() (string, error)                { return "", processNI("Process.cwd") }
func (p *Process) osCmdline() ([]string, error)          { return nil, processNI("Process.cmdline") }
func (p *Process) osEnviron() (map[string]string, error) { return nil, processNI("Process.environ") }
func (p *Process) osUids() (Uids, error)                 { return Uids{}, processNI("Process.uids") }
func (p *Process) osGids() (Gids, error)                 { return Gids{}, processNI("Process.gids") }
func (p *Process) osNumThreads() (int, error)            { return 0, processNI("Process.num_threads") }
func (p *Process) osNumCtxSwitches() (CtxSwitches, error) {
	return CtxSwitches{}, processNI("Process.num_ctx_switches")
}
func (p *Process) osMemoryInfo() (MemoryInfo, error) {
	return MemoryInfo{}, processNI("Process.memory_info")
}
func (p *Process) osMemoryInfoEx(MemoryInfo) (MemoryInfoEx, error) {
	return MemoryInfoEx{}, processNI("Process.memory_info_ex")
}
func (p *Process) osMemoryFootprint() (MemoryFootprint, error) {
	return MemoryFootprint{}, processNI("Process.memory_footprint")
}
func (p *Process) osMemoryMaps() ([]MemoryMapExt, error) {
	return nil, processNI("Process.memory_maps")
}
func (p *Process) osIOCounters() (ProcessIOCounters, error) {
	return ProcessIOCounters{}, processNI("Process.io_counters")
}
func (p *Process) osTerminal() (*string, error)           { return nil, processNI("Process.terminal") }
func (p *Process) osNice() (int, error)                   { return 0, processNI("Process.nice") }
func (p *Process) osSetNice(int) error                    { return processNI("Process.nice") }
func (p *Process) osIonice() (Ionice, error)              { return Ionice{}, processNI("Process.ionice") }
func (p *Process) osSetIonice(IOPriorityClass, int) error { return processNI("Process.ionice") }
func (p *Process) osRlimit(int) (soft, hard int64, err error) {
	return 0, 0, processNI("Process.rlimit")
}
func (p *Process) osSetRlimit(int, int64, int64) error { return processNI("Process.rlimit") }
func (p *Process) osCPUAffinity() ([]int, error)       { return nil, processNI("Process.cpu_affinity") }
func (p *Process) osSetCPUAffinity([]int) error        { return processNI("Process.cpu_affinity") }
func (p *Process) osEligibleCPUs() ([]int, error)      { return nil, processNI("Process.cpu_affinity") }
func (p *Process) osNumFds() (int, error)              { return 0, processNI("Process.num_fds") }
func (p *Process) osThreads() ([]Thread, error)        { return nil, processNI("Process.threads") }
func (p *Process) osOpenFiles() ([]OpenFile, error)    { return nil, processNI("Process.open_files") }
func (p *Process) osWait(context.Context, time.Duration) (*int, error) {
	return nil, processNI("Process.wait")
}

func processPids(FS) ([]int, error)                   { return nil, processNI("pids") }
func processPidExists(FS, int) bool                   { return false }
func processPpidTable(FS) ([]processPpidEntry, error) { return nil, processNI("Process.children") }
func processKill(int, syscall.Signal) error           { return processNI("Process.send_signal") }
func processSignalName(int) string                    { return "" }
func processIsExecutable(string) bool                 { return false }
func processReadStatInto(_ FS, _ int, buf []byte) ([]byte, procfs.PidStat, error) {
	return buf, procfs.PidStat{}, processNI("process_iter")
}
