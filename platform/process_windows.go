package platform

import (
	"context"
	"errors"
	"math/bits"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
	"unsafe"

	"github.com/psulua/psulua/platform/internal/winapi"
	"golang.org/x/sys/windows"
)

// The Windows process backend: psutil's _pswindows.Process. Most values
// come from one NtQuerySystemInformation(SystemProcessInformation)
// snapshot, which needs no access to the process (psutil falls back to it
// when OpenProcess is denied); the rest from the calls psutil makes on a
// handle opened with the least access each needs.

// processOS is the Windows half of a Process.
type processOS struct{ p *Process }

// processOSCache is Oneshot's cache: the process's snapshot entry.
type processOSCache struct {
	snap *winapi.Process
}

// processSeed is what process_iter read of a process: its snapshot entry.
type processSeed = *winapi.Process

// processTableOS keeps the last snapshot a moment, so that a listing
// (pids, then each process's identity) takes one.
type processTableOS struct {
	s     *System
	mu    sync.Mutex
	snap  map[int]*winapi.Process
	taken time.Time
}

// winSnapshotTTL is how long osIterRead reuses the snapshot of osPids.
const winSnapshotTTL = time.Second

// winSnapshot reads every process.
func winSnapshot() (map[int]*winapi.Process, error) {
	buf, base, err := winapi.SystemInformation(winSystemProcessInformation, 256<<10)
	if err != nil {
		return nil, err
	}
	procs, err := winapi.ParseProcesses(buf, base)
	if err != nil {
		return nil, err
	}
	m := make(map[int]*winapi.Process, len(procs))
	for i := range procs {
		m[procs[i].Pid] = &procs[i]
	}
	return m, nil
}

// snapshot returns p's entry, from Oneshot's cache when there is one; a
// process missing from the list is ESRCH.
func (o *processOS) snapshot() (*winapi.Process, error) {
	p := o.p
	p.mu.Lock()
	if p.cache != nil && p.cache.snap != nil {
		e := p.cache.snap
		p.mu.Unlock()
		return e, nil
	}
	p.mu.Unlock()
	m, err := winSnapshot()
	if err != nil {
		return nil, err
	}
	e, ok := m[p.pid]
	if !ok {
		return nil, syscall.ESRCH
	}
	p.mu.Lock()
	if p.cache != nil {
		p.cache.snap = e
	}
	p.mu.Unlock()
	return e, nil
}

// winOpen opens pid with access. The System Idle Process (0) cannot be
// opened: psutil's AccessDenied. OpenProcess answers
// ERROR_INVALID_PARAMETER for a pid that does not exist: ESRCH, which
// wrap makes a NoSuchProcess, as psutil's handle_from_pid does.
func winOpen(pid int, access uint32) (windows.Handle, error) {
	if pid == 0 {
		return 0, windows.ERROR_ACCESS_DENIED
	}
	h, err := windows.OpenProcess(access, false, uint32(pid))
	if err == windows.ERROR_INVALID_PARAMETER {
		return 0, syscall.ESRCH
	}
	return h, err
}

// winBootFiletime is boot_time as a FILETIME: the creation time psutil
// gives the System Idle Process and System (pids 0 and 4). It is read
// once: computed from the clock and the uptime, it could move by a second
// between two reads, and it is these processes' identity.
var winBootFiletime = sync.OnceValue(func() uint64 {
	bt, _ := windowsSystem{}.bootTime(FS{})
	return uint64(bt*winapi.TicksPerSecond) + winapi.EpochDelta
})

func winFiletime(f windows.Filetime) uint64 {
	return uint64(f.HighDateTime)<<32 | uint64(f.LowDateTime)
}

func (o *processOS) osIdentity() (uint64, error) {
	pid := o.p.pid
	if pid == 0 || pid == 4 {
		if !o.exists() {
			return 0, syscall.ESRCH
		}
		return winBootFiletime(), nil
	}
	h, err := winOpen(pid, windows.PROCESS_QUERY_LIMITED_INFORMATION)
	if err == nil {
		defer windows.CloseHandle(h)
		var c, e, k, u windows.Filetime
		if err = windows.GetProcessTimes(h, &c, &e, &k, &u); err == nil {
			if winExited(h) {
				return 0, syscall.ESRCH
			}
			return winFiletime(c), nil
		}
	}
	if err != windows.ERROR_ACCESS_DENIED {
		return 0, err
	}
	// Denied: the snapshot has the creation time too.
	m, serr := winSnapshot()
	if serr != nil {
		return 0, err
	}
	if e, ok := m[pid]; ok {
		return e.CreateTime, nil
	}
	return 0, syscall.ESRCH
}

// winExited reports whether the process of h has ended (a handle keeps an
// ended process's object alive).
func winExited(h windows.Handle) bool {
	var code uint32
	if windows.GetExitCodeProcess(h, &code) != nil {
		return false
	}
	if code != winStillActive {
		return true
	}
	// An exit code of 259 is also STILL_ACTIVE's value: ask the handle.
	ev, err := windows.WaitForSingleObject(h, 0)
	return err == nil && ev == windows.WAIT_OBJECT_0
}

const winStillActive = 259

// exists is psutil's pid_exists for p.
func (o *processOS) exists() bool { return winPidExists(o.p.pid) }

func winPidExists(pid int) bool {
	if pid == 0 {
		return true
	}
	h, err := winOpen(pid, windows.PROCESS_QUERY_LIMITED_INFORMATION|windows.SYNCHRONIZE)
	if err != nil {
		if err == windows.ERROR_ACCESS_DENIED {
			return true
		}
		if err == syscall.ESRCH {
			return false
		}
		m, serr := winSnapshot()
		if serr != nil {
			return false
		}
		_, ok := m[pid]
		return ok
	}
	defer windows.CloseHandle(h)
	return !winExited(h)
}

func (o *processOS) osGone() (exists, zombie bool, ppid int) { return o.exists(), false, 0 }

func (o *processOS) osCheckAlive() error {
	if !o.exists() {
		return syscall.ESRCH
	}
	return nil
}

// osName is the executable's base name, or the snapshot's image name when
// the executable cannot be read, as psutil does.
func (o *processOS) osName() (string, error) {
	switch o.p.pid {
	case 0:
		return "System Idle Process", nil
	case 4:
		return "System", nil
	}
	if exe, err := o.osExe(); err == nil && exe != "" {
		return filepath.Base(exe), nil
	}
	e, err := o.snapshot()
	if err != nil {
		return "", err
	}
	return e.Name, nil
}

func (o *processOS) osPpid() (int, uint64, error) {
	e, err := o.snapshot()
	if err != nil {
		return 0, 0, err
	}
	ident := e.CreateTime
	if o.p.pid == 0 || o.p.pid == 4 {
		ident = winBootFiletime()
	}
	return e.Ppid, ident, nil
}

// osStatus: Windows has two states, as psutil reports them: stopped when
// every thread is suspended, else running.
func (o *processOS) osStatus() (string, error) {
	e, err := o.snapshot()
	if err != nil {
		return "", err
	}
	if winAllSuspended(e) {
		return STATUS_STOPPED, nil
	}
	return STATUS_RUNNING, nil
}

func winAllSuspended(e *winapi.Process) bool {
	if len(e.Threads) == 0 {
		return false
	}
	for _, t := range e.Threads {
		if !t.Suspended() {
			return false
		}
	}
	return true
}

func (o *processOS) osCreateTime() (float64, error) {
	if o.p.pid == 0 || o.p.pid == 4 {
		return windowsSystem{}.bootTime(FS{})
	}
	ft, err := o.osIdentity()
	if err != nil {
		return 0, err
	}
	return winapi.FiletimeToUnix(ft), nil
}

// osExe is QueryFullProcessImageName; the System Idle Process and System
// have no executable.
func (o *processOS) osExe() (string, error) {
	if o.p.pid == 0 || o.p.pid == 4 {
		return "", nil
	}
	h, err := winOpen(o.p.pid, windows.PROCESS_QUERY_LIMITED_INFORMATION)
	if err != nil {
		return "", err
	}
	defer windows.CloseHandle(h)
	buf := make([]uint16, windows.MAX_LONG_PATH)
	n := uint32(len(buf))
	if err := windows.QueryFullProcessImageName(h, 0, &buf[0], &n); err != nil {
		return "", err
	}
	return windows.UTF16ToString(buf[:n]), nil
}

// pebParams reads the process's RTL_USER_PROCESS_PARAMETERS from its
// memory (psutil reads the PEB too where the command-line information
// class is missing, as it is under wine).
func (o *processOS) pebParams() (windows.Handle, []byte, error) {
	if o.p.pid == 0 || o.p.pid == 4 {
		return 0, nil, windows.ERROR_ACCESS_DENIED
	}
	h, err := winOpen(o.p.pid, windows.PROCESS_QUERY_INFORMATION|windows.PROCESS_VM_READ)
	if err != nil {
		return 0, nil, err
	}
	var pbi windows.PROCESS_BASIC_INFORMATION
	if err := windows.NtQueryInformationProcess(h, windows.ProcessBasicInformation, unsafe.Pointer(&pbi), uint32(unsafe.Sizeof(pbi)), nil); err != nil {
		windows.CloseHandle(h)
		return 0, nil, winNT(err)
	}
	peb, err := winRead(h, uint64(uintptr(unsafe.Pointer(pbi.PebBaseAddress))), 0x40)
	if err != nil {
		windows.CloseHandle(h)
		return 0, nil, err
	}
	params, err := winRead(h, winapi.Pointer(peb, winapi.PebProcessParameters), winapi.ParamsSize)
	if err != nil {
		windows.CloseHandle(h)
		return 0, nil, err
	}
	return h, params, nil
}

// winRead reads n bytes of another process's memory at addr.
func winRead(h windows.Handle, addr uint64, n int) ([]byte, error) {
	if addr == 0 || n <= 0 {
		return nil, windows.ERROR_PARTIAL_COPY
	}
	buf := make([]byte, n)
	var got uintptr
	if err := windows.ReadProcessMemory(h, uintptr(addr), &buf[0], uintptr(n), &got); err != nil {
		return nil, err
	}
	return buf[:got], nil
}

func (o *processOS) pebString(off int) (string, error) {
	h, params, err := o.pebParams()
	if err != nil {
		return "", err
	}
	defer windows.CloseHandle(h)
	us := winapi.ParseUnicodeString(params, off)
	if us.Length == 0 {
		return "", nil
	}
	b, err := winRead(h, us.Buffer, int(us.Length))
	if err != nil {
		return "", err
	}
	return winapi.UTF16Bytes(b, 0, len(b)), nil
}

// osCmdline splits the command line as CommandLineToArgvW does.
func (o *processOS) osCmdline() ([]string, error) {
	if o.p.pid == 0 || o.p.pid == 4 {
		return []string{}, nil
	}
	line, err := o.pebString(winapi.ParamsCommandLine)
	if err != nil {
		return nil, err
	}
	if line == "" {
		return []string{}, nil
	}
	return windows.DecomposeCommandLine(line)
}

// osCwd is the current directory, without the trailing separator psutil
// removes (but a drive root keeps it).
func (o *processOS) osCwd() (string, error) {
	dir, err := o.pebString(winapi.ParamsCurrentDirectory)
	if err != nil {
		return "", err
	}
	if len(dir) > 3 && dir[len(dir)-1] == '\\' {
		dir = dir[:len(dir)-1]
	}
	return dir, nil
}

func (o *processOS) osEnviron() (map[string]string, error) {
	h, params, err := o.pebParams()
	if err != nil {
		return nil, err
	}
	defer windows.CloseHandle(h)
	addr := winapi.Pointer(params, winapi.ParamsEnvironment)
	size := int(winapi.Pointer(params, winapi.ParamsEnvironmentSize))
	if size <= 0 || size > 1<<24 {
		// No size (older Windows, or wine): read up to the end of the
		// memory region holding the block.
		var mbi windows.MemoryBasicInformation
		if err := windows.VirtualQueryEx(h, uintptr(addr), &mbi, unsafe.Sizeof(mbi)); err != nil {
			return nil, err
		}
		size = int(uint64(mbi.BaseAddress) + uint64(mbi.RegionSize) - addr)
		size = min(size, 1<<24)
	}
	b, err := winRead(h, addr, size)
	if err != nil {
		return nil, err
	}
	return winapi.ParseEnvironment(b), nil
}

// osUsername is the token's user as DOMAIN\name.
func (o *processOS) osUsername() (string, error) {
	if o.p.pid == 0 || o.p.pid == 4 {
		return `NT AUTHORITY\SYSTEM`, nil
	}
	h, err := winOpen(o.p.pid, windows.PROCESS_QUERY_LIMITED_INFORMATION)
	if err != nil {
		return "", err
	}
	defer windows.CloseHandle(h)
	var tok windows.Token
	if err := windows.OpenProcessToken(h, windows.TOKEN_QUERY, &tok); err != nil {
		return "", err
	}
	defer tok.Close()
	tu, err := tok.GetTokenUser()
	if err != nil {
		return "", err
	}
	user, domain, _, err := tu.User.Sid.LookupAccount("")
	if err != nil {
		return "", err
	}
	return domain + `\` + user, nil
}

func (*processOS) osUids() (Uids, error)              { return Uids{}, processNI("Process.uids") }
func (*processOS) osGids() (Gids, error)              { return Gids{}, processNI("Process.gids") }
func (*processOS) osTerminal() (*string, error)       { return nil, processNI("Process.terminal") }
func (*processOS) osRlimit(int) (int64, int64, error) { return 0, 0, processNI("Process.rlimit") }
func (*processOS) osSetRlimit(int, int64, int64) error {
	return processNI("Process.rlimit")
}
func (*processOS) osCPUNum() (int, error) { return 0, processNI("Process.cpu_num") }
func (*processOS) osNumFds() (int, error) { return 0, processNI("Process.num_fds") }

func processNI(fn string) error { return notImplemented(fn) }

// winSystemExtendedHandleInformation is the NtQuerySystemInformation class
// listing every handle of every process.
const winSystemExtendedHandleInformation = 64

// osOpenFiles lists the regular files the process has open, as psutil
// does: each of its handles is duplicated here, and kept when it is a
// file on a disk (which excludes pipes, whose name queries can hang) and
// not a directory; its path is the one GetFinalPathNameByHandle gives,
// with a drive letter. Windows has no file descriptors: fd is -1.
func (o *processOS) osOpenFiles() ([]OpenFile, error) {
	if o.p.pid == 0 || o.p.pid == 4 {
		return []OpenFile{}, nil
	}
	h, err := winOpen(o.p.pid, windows.PROCESS_DUP_HANDLE)
	if err != nil {
		return nil, err
	}
	defer windows.CloseHandle(h)
	buf, _, err := winapi.SystemInformation(winSystemExtendedHandleInformation, 1<<20)
	if err != nil {
		return nil, winNT(err)
	}
	handles, err := winapi.ParseHandles(buf, o.p.pid)
	if err != nil {
		return nil, err
	}
	self := windows.CurrentProcess()
	out := []OpenFile{}
	seen := map[string]bool{}
	name := make([]uint16, windows.MAX_LONG_PATH)
	for _, hd := range handles {
		var dup windows.Handle
		if windows.DuplicateHandle(h, windows.Handle(hd.Value), self, &dup, 0, false, windows.DUPLICATE_SAME_ACCESS) != nil {
			continue
		}
		path := winFilePath(dup, name)
		windows.CloseHandle(dup)
		if path != "" && !seen[path] {
			seen[path] = true
			out = append(out, OpenFile{Path: path, Fd: -1})
		}
	}
	return out, nil
}

// winFilePath is the path of a handle to a regular file on a disk, or "".
func winFilePath(h windows.Handle, buf []uint16) string {
	if t, err := windows.GetFileType(h); err != nil || t != windows.FILE_TYPE_DISK {
		return ""
	}
	var info windows.ByHandleFileInformation
	if windows.GetFileInformationByHandle(h, &info) != nil || info.FileAttributes&windows.FILE_ATTRIBUTE_DIRECTORY != 0 {
		return ""
	}
	n, err := windows.GetFinalPathNameByHandle(h, &buf[0], uint32(len(buf)), 0)
	if err != nil || int(n) >= len(buf) {
		return ""
	}
	path := windows.UTF16ToString(buf[:n])
	switch {
	case strings.HasPrefix(path, `\\?\UNC\`):
		path = `\\` + path[8:]
	case strings.HasPrefix(path, `\\?\`):
		path = path[4:]
	}
	return path
}

// winMaxUserAddress is the highest address of a 64-bit process's memory.
const winMaxUserAddress = 0x7FFFFFFEFFFF

// osMemoryMaps walks the process's memory with VirtualQueryEx and lists
// the regions a file is mapped in, as psutil does: the address, the
// protection as psutil writes it ("r", "rw", "xr", "wc", ...), the file's
// DOS path and the region's size as rss.
func (o *processOS) osMemoryMaps() ([]MemoryMapExt, error) {
	h, err := winOpen(o.p.pid, windows.PROCESS_QUERY_INFORMATION|windows.PROCESS_VM_READ)
	if err != nil {
		return nil, err
	}
	defer windows.CloseHandle(h)
	devices := winapi.DosDevices()
	name := make([]uint16, 0x8000)
	var out []MemoryMapExt
	for addr := uintptr(0); addr <= winMaxUserAddress; {
		var mbi windows.MemoryBasicInformation
		if err := windows.VirtualQueryEx(h, addr, &mbi, unsafe.Sizeof(mbi)); err != nil {
			if addr == 0 {
				return nil, err
			}
			break
		}
		if mbi.RegionSize == 0 {
			break
		}
		if path := winapi.GetMappedFileName(h, addr, name); path != "" {
			out = append(out, MemoryMapExt{
				Addr: "0x" + strconv.FormatUint(uint64(addr), 16), Perms: winProtection(mbi.Protect),
				Path: winapi.DosPath(path, devices), RSS: uint64(mbi.RegionSize),
			})
		}
		addr += mbi.RegionSize
	}
	return out, nil
}

// winProtection writes a page protection as psutil does.
func winProtection(p uint32) string {
	switch p & 0xff {
	case windows.PAGE_NOACCESS:
		return ""
	case windows.PAGE_READONLY:
		return "r"
	case windows.PAGE_READWRITE:
		return "rw"
	case windows.PAGE_WRITECOPY:
		return "wc"
	case windows.PAGE_EXECUTE:
		return "x"
	case windows.PAGE_EXECUTE_READ:
		return "xr"
	case windows.PAGE_EXECUTE_READWRITE:
		return "xrw"
	case windows.PAGE_EXECUTE_WRITECOPY:
		return "xwc"
	}
	return "?"
}

// osNice is the priority class (psutil.*_PRIORITY_CLASS).
func (o *processOS) osNice() (int, error) {
	h, err := winOpen(o.p.pid, windows.PROCESS_QUERY_LIMITED_INFORMATION)
	if err != nil {
		return 0, err
	}
	defer windows.CloseHandle(h)
	c, err := windows.GetPriorityClass(h)
	return int(c), err
}

func (o *processOS) osSetNice(value int) error {
	h, err := winOpen(o.p.pid, windows.PROCESS_SET_INFORMATION)
	if err != nil {
		return err
	}
	defer windows.CloseHandle(h)
	return windows.SetPriorityClass(h, uint32(value))
}

// osIonice is the I/O priority (psutil.IOPRIO_VERYLOW to IOPRIO_HIGH);
// Windows has no value within it.
func (o *processOS) osIonice() (Ionice, error) {
	h, err := winOpen(o.p.pid, windows.PROCESS_QUERY_LIMITED_INFORMATION)
	if err != nil {
		return Ionice{}, err
	}
	defer windows.CloseHandle(h)
	var prio uint32
	if err := windows.NtQueryInformationProcess(h, windows.ProcessIoPriority, unsafe.Pointer(&prio), 4, nil); err != nil {
		switch err {
		case windows.STATUS_INVALID_INFO_CLASS, windows.STATUS_NOT_IMPLEMENTED, windows.STATUS_INVALID_PARAMETER:
			// The OS has no I/O priorities (wine 8).
			return Ionice{}, notImplemented("Process.ionice")
		}
		return Ionice{}, winNT(err)
	}
	return Ionice{Ioclass: IOPriorityClass(prio)}, nil
}

func (o *processOS) osSetIonice(ioclass IOPriorityClass, _ int) error {
	if ioclass < IOPRIO_VERYLOW || ioclass > IOPRIO_HIGH {
		return errors.New("ioclass must be one of IOPRIO_VERYLOW, IOPRIO_LOW, IOPRIO_NORMAL, IOPRIO_HIGH")
	}
	h, err := winOpen(o.p.pid, windows.PROCESS_SET_INFORMATION)
	if err != nil {
		return err
	}
	defer windows.CloseHandle(h)
	prio := uint32(ioclass)
	return winNT(windows.NtSetInformationProcess(h, windows.ProcessIoPriority, unsafe.Pointer(&prio), 4))
}

func winMaskCPUs(mask uint64) []int {
	cpus := []int{}
	for mask != 0 {
		c := bits.TrailingZeros64(mask)
		cpus = append(cpus, c)
		mask &^= 1 << c
	}
	return cpus
}

func (o *processOS) affinity() (proc, system uint64, err error) {
	h, err := winOpen(o.p.pid, windows.PROCESS_QUERY_LIMITED_INFORMATION)
	if err != nil {
		return 0, 0, err
	}
	defer windows.CloseHandle(h)
	return winapi.GetProcessAffinityMask(h)
}

func (o *processOS) osCPUAffinity() ([]int, error) {
	mask, _, err := o.affinity()
	if err != nil {
		return nil, err
	}
	return winMaskCPUs(mask), nil
}

func (o *processOS) osEligibleCPUs() ([]int, error) {
	_, mask, err := o.affinity()
	if err != nil {
		return nil, err
	}
	return winMaskCPUs(mask), nil
}

func (o *processOS) osSetCPUAffinity(cpus []int) error {
	var mask uint64
	for _, c := range cpus {
		if c >= 64 {
			return syscall.EINVAL
		}
		mask |= 1 << c
	}
	h, err := winOpen(o.p.pid, windows.PROCESS_SET_INFORMATION|windows.PROCESS_QUERY_LIMITED_INFORMATION)
	if err != nil {
		return err
	}
	defer windows.CloseHandle(h)
	if err := winapi.SetProcessAffinityMask(h, mask); err != nil {
		if err == windows.ERROR_INVALID_PARAMETER {
			return syscall.EINVAL
		}
		return err
	}
	return nil
}

// osCPUTimes is GetProcessTimes, or the snapshot's times when denied;
// Windows does not count the children's.
func (o *processOS) osCPUTimes(fresh bool) (ProcessCPUTimes, error) {
	if o.p.pid != 0 {
		if h, err := winOpen(o.p.pid, windows.PROCESS_QUERY_LIMITED_INFORMATION); err == nil {
			defer windows.CloseHandle(h)
			var c, e, k, u windows.Filetime
			if err := windows.GetProcessTimes(h, &c, &e, &k, &u); err == nil {
				return ProcessCPUTimes{User: winTicks(winFiletime(u)), System: winTicks(winFiletime(k))}, nil
			}
		} else if err != windows.ERROR_ACCESS_DENIED {
			return ProcessCPUTimes{}, err
		}
	}
	if fresh {
		o.p.mu.Lock()
		if o.p.cache != nil {
			o.p.cache.snap = nil
		}
		o.p.mu.Unlock()
	}
	e, err := o.snapshot()
	if err != nil {
		return ProcessCPUTimes{}, err
	}
	return ProcessCPUTimes{User: winTicks(e.UserTime), System: winTicks(e.KernelTime)}, nil
}

// osNumCtxSwitches: the threads' context switches, all voluntary as
// psutil counts them.
func (o *processOS) osNumCtxSwitches() (CtxSwitches, error) {
	e, err := o.snapshot()
	if err != nil {
		return CtxSwitches{}, err
	}
	var n uint64
	for _, t := range e.Threads {
		n += uint64(t.ContextSwitches)
	}
	return CtxSwitches{Voluntary: n}, nil
}

func (o *processOS) osNumThreads() (int, error) {
	e, err := o.snapshot()
	if err != nil {
		return 0, err
	}
	return e.NumThreads, nil
}

func (o *processOS) osThreads() ([]Thread, error) {
	e, err := o.snapshot()
	if err != nil {
		return nil, err
	}
	out := make([]Thread, len(e.Threads))
	for i, t := range e.Threads {
		out[i] = Thread{ID: t.Tid, UserTime: winTicks(t.UserTime), SystemTime: winTicks(t.KernelTime)}
	}
	return out, nil
}

// osNumHandles is GetProcessHandleCount, or the snapshot's count when
// denied.
func (o *processOS) osNumHandles() (int, error) {
	if o.p.pid != 0 {
		if h, err := winOpen(o.p.pid, windows.PROCESS_QUERY_LIMITED_INFORMATION); err == nil {
			defer windows.CloseHandle(h)
			if n, err := winapi.GetProcessHandleCount(h); err == nil {
				return int(n), nil
			}
		}
	}
	e, err := o.snapshot()
	if err != nil {
		return 0, err
	}
	return int(e.HandleCount), nil
}

// osIOCounters is GetProcessIoCounters, or the snapshot's when denied.
func (o *processOS) osIOCounters() (ProcessIOCounters, error) {
	if o.p.pid != 0 {
		if h, err := winOpen(o.p.pid, windows.PROCESS_QUERY_LIMITED_INFORMATION); err == nil {
			defer windows.CloseHandle(h)
			if c, err := winapi.GetProcessIoCounters(h); err == nil {
				return ProcessIOCounters{ReadCount: c.ReadOperationCount, WriteCount: c.WriteOperationCount,
					ReadBytes: c.ReadTransferCount, WriteBytes: c.WriteTransferCount,
					OtherCount: c.OtherOperationCount, OtherBytes: c.OtherTransferCount}, nil
			}
		}
	}
	e, err := o.snapshot()
	if err != nil {
		return ProcessIOCounters{}, err
	}
	return ProcessIOCounters{ReadCount: e.ReadOperations, WriteCount: e.WriteOperations,
		ReadBytes: e.ReadTransfer, WriteBytes: e.WriteTransfer,
		OtherCount: e.OtherOperations, OtherBytes: e.OtherTransfer}, nil
}

// osMemoryInfo: rss is the working set, vms the private bytes (the page
// file usage), with their peaks, as psutil reports them.
func (o *processOS) osMemoryInfo() (MemoryInfo, error) {
	e, err := o.snapshot()
	if err != nil {
		return MemoryInfo{}, err
	}
	return MemoryInfo{RSS: e.WorkingSetSize, VMS: e.PagefileUsage,
		PeakRSS: e.PeakWorkingSetSize, PeakVMS: e.PeakPagefileUsage}, nil
}

// osMemoryInfoEx adds the virtual size and the pools.
func (o *processOS) osMemoryInfoEx(base MemoryInfo) (MemoryInfoEx, error) {
	e, err := o.snapshot()
	if err != nil {
		return MemoryInfoEx{}, err
	}
	return MemoryInfoEx{RSS: base.RSS, VMS: base.VMS, PeakRSS: base.PeakRSS, PeakVMS: base.PeakVMS,
		Virtual: e.VirtualSize, PeakVirtual: e.PeakVirtualSize,
		PagedPool: e.PagedPool, NonpagedPool: e.NonPagedPool,
		PeakPagedPool: e.PeakPagedPool, PeakNonpagedPool: e.PeakNonPagedPool}, nil
}

// osMemoryFootprint: the USS is the private working set.
func (o *processOS) osMemoryFootprint() (MemoryFootprint, error) {
	e, err := o.snapshot()
	if err != nil {
		return MemoryFootprint{}, err
	}
	return MemoryFootprint{USS: e.WorkingSetPrivate}, nil
}

// osPageFaults: the hard faults are the major ones, the rest of all the
// faults the minor ones, as psutil computes them.
func (o *processOS) osPageFaults() (PageFaults, error) {
	e, err := o.snapshot()
	if err != nil {
		return PageFaults{}, err
	}
	major := uint64(min(e.HardFaultCount, e.PageFaultCount))
	return PageFaults{Minor: uint64(e.PageFaultCount) - major, Major: major}, nil
}

// The signals psutil accepts on Windows: SIGTERM and SIGKILL end the
// process (TerminateProcess); CTRL_C_EVENT and CTRL_BREAK_EVENT go to its
// console group.
const (
	winSIGTERM          = 15
	winSIGKILL          = 9
	CTRL_C_EVENT        = 0
	CTRL_BREAK_EVENT    = 1
	winTerminateExitSig = winSIGTERM
)

func (o *processOS) osSendSignal(sig int) error {
	switch sig {
	case winSIGTERM, winSIGKILL:
		return o.osKill()
	case CTRL_C_EVENT, CTRL_BREAK_EVENT:
		return windows.GenerateConsoleCtrlEvent(uint32(sig), uint32(o.p.pid))
	}
	return errors.New("only SIGTERM, CTRL_C_EVENT and CTRL_BREAK_EVENT signals are supported on Windows")
}

func (o *processOS) suspendResume(resume bool) error {
	h, err := winOpen(o.p.pid, windows.PROCESS_SUSPEND_RESUME|windows.PROCESS_QUERY_LIMITED_INFORMATION)
	if err != nil {
		return err
	}
	defer windows.CloseHandle(h)
	if winExited(h) {
		return syscall.ESRCH
	}
	if resume {
		return winNT(winapi.NtResumeProcess(h))
	}
	return winNT(winapi.NtSuspendProcess(h))
}

func (o *processOS) osSuspend() error   { return o.suspendResume(false) }
func (o *processOS) osResume() error    { return o.suspendResume(true) }
func (o *processOS) osTerminate() error { return o.osKill() }

// osKill is TerminateProcess with SIGTERM's number as the exit code, as
// psutil does; a process that ended meanwhile is ESRCH.
func (o *processOS) osKill() error {
	h, err := winOpen(o.p.pid, windows.PROCESS_TERMINATE|windows.PROCESS_QUERY_LIMITED_INFORMATION)
	if err != nil {
		return err
	}
	defer windows.CloseHandle(h)
	if winExited(h) {
		return syscall.ESRCH
	}
	if err := windows.TerminateProcess(h, winTerminateExitSig); err != nil {
		if err == windows.ERROR_ACCESS_DENIED && winExited(h) {
			return syscall.ESRCH
		}
		return err
	}
	return nil
}

// osWait waits on the process handle; Windows gives the exit code of any
// process, not only a child's. A pid that no longer exists gives nil.
func (o *processOS) osWait(ctx context.Context, timeout time.Duration) (*int, error) {
	h, err := winOpen(o.p.pid, windows.SYNCHRONIZE|windows.PROCESS_QUERY_LIMITED_INFORMATION)
	if err != nil {
		if err == syscall.ESRCH {
			return nil, nil
		}
		return nil, err
	}
	defer windows.CloseHandle(h)
	var deadline time.Time
	if timeout >= 0 {
		deadline = time.Now().Add(timeout)
	}
	for {
		slice := 100 * time.Millisecond
		if !deadline.IsZero() {
			slice = min(slice, max(0, time.Until(deadline)))
		}
		ev, err := windows.WaitForSingleObject(h, uint32(slice.Milliseconds()))
		if err != nil {
			return nil, err
		}
		if ev == windows.WAIT_OBJECT_0 {
			break
		}
		if !deadline.IsZero() && !time.Now().Before(deadline) {
			return nil, processErrTimeout
		}
		if ctx != nil {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
	}
	var code uint32
	if err := windows.GetExitCodeProcess(h, &code); err != nil {
		return nil, err
	}
	c := int(int32(code))
	return &c, nil
}

// osReadAhead: on Windows each attribute has one source already.
func (*processOS) osReadAhead([]processAttrID) {}

// osAdopt: the Windows backend keeps nothing open for a process.
func (*processOS) osAdopt(processKept, uint64) bool { return false }

func (o *processOS) osSeed(seed processSeed) {
	if seed == nil {
		return
	}
	o.p.mu.Lock()
	if o.p.cache != nil {
		o.p.cache.snap = seed
	}
	o.p.mu.Unlock()
}

// table returns the last snapshot if it is fresh enough, else a new one.
func (t *processTableOS) table(fresh bool) (map[int]*winapi.Process, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !fresh && t.snap != nil && time.Since(t.taken) < winSnapshotTTL {
		return t.snap, nil
	}
	m, err := winSnapshot()
	if err != nil {
		return nil, err
	}
	t.snap, t.taken = m, time.Now()
	return m, nil
}

// osPids lists the snapshot's pids, in ascending order.
func (t *processTableOS) osPids() ([]int, []uint64, error) {
	m, err := t.table(true)
	if err != nil {
		return nil, nil, err
	}
	pids := make([]int, 0, len(m))
	for pid := range m {
		pids = append(pids, pid)
	}
	winSortInts(pids)
	return pids, nil, nil
}

func winSortInts(v []int) {
	for i := 1; i < len(v); i++ {
		for j := i; j > 0 && v[j] < v[j-1]; j-- {
			v[j], v[j-1] = v[j-1], v[j]
		}
	}
}

func (t *processTableOS) osPidExists(pid int) bool { return winPidExists(pid) }

func (t *processTableOS) osPpidTable() ([]processPpidEntry, error) {
	m, err := t.table(true)
	if err != nil {
		return nil, err
	}
	out := make([]processPpidEntry, 0, len(m))
	for _, e := range m {
		ident := e.CreateTime
		if e.Pid == 0 || e.Pid == 4 {
			ident = winBootFiletime()
		}
		out = append(out, processPpidEntry{pid: e.Pid, ppid: e.Ppid, ident: ident})
	}
	return out, nil
}

// osIterRead takes the identity from the snapshot osPids has just taken.
func (t *processTableOS) osIterRead(pid int, _ uint64, _ *Process, _ bool, buf []byte) (uint64, processSeed, processKept, bool, bool, []byte, error) {
	m, err := t.table(false)
	if err != nil {
		return 0, nil, nil, false, false, buf, err
	}
	e, ok := m[pid]
	if !ok {
		return 0, nil, nil, false, true, buf, nil
	}
	ident := e.CreateTime
	if pid == 0 || pid == 4 {
		ident = winBootFiletime()
	}
	return ident, e, nil, true, false, buf, nil
}

// osKeepTable: the Windows backend keeps nothing per process between
// listings; the snapshot is read afresh.
func (*processTableOS) osKeepTable(old, now map[int]*Process) {}

func (*processTableOS) osIterStart(int, bool) {}

// processSignalName names the signals an exit code can be negated from.
func processSignalName(sig int) string {
	switch sig {
	case winSIGTERM:
		return "SIGTERM"
	case winSIGKILL:
		return "SIGKILL"
	}
	return ""
}

// processIsExecutable: on Windows, any existing regular file.
func processIsExecutable(path string) bool {
	p, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return false
	}
	attrs, err := windows.GetFileAttributes(p)
	return err == nil && attrs&windows.FILE_ATTRIBUTE_DIRECTORY == 0
}
