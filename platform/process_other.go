//go:build !linux && !windows

package platform

import (
	"context"
	"time"
)

// The process backend of a system psulua has none for: every method
// returns a not-implemented error naming psutil's function; NewProcess
// fails first, so no Process exists here.

type processOS struct{ p *Process }

type processTableOS struct{ s *System }

type processOSCache struct{}

type processSeed = *struct{}

func processNI(fn string) error { return notImplemented(fn) }

func (*processOS) osIdentity() (uint64, error)             { return 0, processNI("Process") }
func (*processOS) osGone() (exists, zombie bool, ppid int) { return false, false, 0 }
func (*processOS) osCheckAlive() error                     { return processNI("Process") }
func (*processOS) osName() (string, error)                 { return "", processNI("Process.name") }
func (*processOS) osPpid() (int, uint64, error)            { return 0, 0, processNI("Process.ppid") }
func (*processOS) osStatus() (string, error)               { return "", processNI("Process.status") }
func (*processOS) osCreateTime() (float64, error)          { return 0, processNI("Process.create_time") }
func (*processOS) osExe() (string, error)                  { return "", processNI("Process.exe") }
func (*processOS) osCmdline() ([]string, error)            { return nil, processNI("Process.cmdline") }
func (*processOS) osEnviron() (map[string]string, error)   { return nil, processNI("Process.environ") }
func (*processOS) osCwd() (string, error)                  { return "", processNI("Process.cwd") }
func (*processOS) osUsername() (string, error)             { return "", processNI("Process.username") }
func (*processOS) osUids() (Uids, error)                   { return Uids{}, processNI("Process.uids") }
func (*processOS) osGids() (Gids, error)                   { return Gids{}, processNI("Process.gids") }
func (*processOS) osTerminal() (*string, error)            { return nil, processNI("Process.terminal") }
func (*processOS) osNice() (int, error)                    { return 0, processNI("Process.nice") }
func (*processOS) osSetNice(int) error                     { return processNI("Process.nice") }
func (*processOS) osIonice() (Ionice, error)               { return Ionice{}, processNI("Process.ionice") }
func (*processOS) osSetIonice(IOPriorityClass, int) error  { return processNI("Process.ionice") }
func (*processOS) osRlimit(int) (int64, int64, error)      { return 0, 0, processNI("Process.rlimit") }
func (*processOS) osSetRlimit(int, int64, int64) error     { return processNI("Process.rlimit") }
func (*processOS) osCPUAffinity() ([]int, error)           { return nil, processNI("Process.cpu_affinity") }
func (*processOS) osSetCPUAffinity([]int) error            { return processNI("Process.cpu_affinity") }
func (*processOS) osEligibleCPUs() ([]int, error)          { return nil, processNI("Process.cpu_affinity") }
func (*processOS) osCPUNum() (int, error)                  { return 0, processNI("Process.cpu_num") }
func (*processOS) osCPUTimes(bool) (ProcessCPUTimes, error) {
	return ProcessCPUTimes{}, processNI("Process.cpu_times")
}
func (*processOS) osNumCtxSwitches() (CtxSwitches, error) {
	return CtxSwitches{}, processNI("Process.num_ctx_switches")
}
func (*processOS) osNumThreads() (int, error)       { return 0, processNI("Process.num_threads") }
func (*processOS) osThreads() ([]Thread, error)     { return nil, processNI("Process.threads") }
func (*processOS) osNumFds() (int, error)           { return 0, processNI("Process.num_fds") }
func (*processOS) osOpenFiles() ([]OpenFile, error) { return nil, processNI("Process.open_files") }
func (*processOS) osIOCounters() (ProcessIOCounters, error) {
	return ProcessIOCounters{}, processNI("Process.io_counters")
}
func (*processOS) osMemoryInfo() (MemoryInfo, error) {
	return MemoryInfo{}, processNI("Process.memory_info")
}
func (*processOS) osMemoryInfoEx(MemoryInfo) (MemoryInfoEx, error) {
	return MemoryInfoEx{}, processNI("Process.memory_info_ex")
}
func (*processOS) osMemoryFootprint() (MemoryFootprint, error) {
	return MemoryFootprint{}, processNI("Process.memory_footprint")
}
func (*processOS) osMemoryMaps() ([]MemoryMapExt, error) {
	return nil, processNI("Process.memory_maps")
}
func (*processOS) osPageFaults() (PageFaults, error) {
	return PageFaults{}, processNI("Process.page_faults")
}
func (*processOS) osSendSignal(int) error { return processNI("Process.send_signal") }
func (*processOS) osSuspend() error       { return processNI("Process.suspend") }
func (*processOS) osResume() error        { return processNI("Process.resume") }
func (*processOS) osTerminate() error     { return processNI("Process.terminate") }
func (*processOS) osKill() error          { return processNI("Process.kill") }
func (*processOS) osWait(context.Context, time.Duration) (*int, error) {
	return nil, processNI("Process.wait")
}
func (*processOS) osSeed(processSeed) {}

func (*processOS) osReadAhead([]processAttrID) {}

func (*processOS) osAdopt(processKept, uint64) bool { return false }

func (*processTableOS) osPids() ([]int, []uint64, error) { return nil, nil, processNI("pids") }
func (*processTableOS) osPidExists(int) bool             { return false }
func (*processTableOS) osPpidTable() ([]processPpidEntry, error) {
	return nil, processNI("Process.children")
}
func (*processTableOS) osKeepTable(old, now map[int]*Process) {}
func (*processTableOS) osIterStart(int, bool)                 {}
func (*processTableOS) osIterRead(_ int, _ uint64, _ *Process, _ bool, buf []byte) (uint64, processSeed, processKept, bool, bool, []byte, error) {
	return 0, nil, nil, false, false, buf, processNI("process_iter")
}

func processSignalName(int) string    { return "" }
func processIsExecutable(string) bool { return false }
