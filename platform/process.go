package platform

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Process is psutil.Process: one OS process, bound to its pid and, to tell
// it apart from a later process given the same pid, to its creation time.
//
// As in psutil, only the methods that change the process or signal it
// ([Process.SetNice], [Process.SetIonice], [Process.SetRlimit],
// [Process.SetCPUAffinity], [Process.Children], [Process.Ppid],
// [Process.SendSignal] and its shortcuts) check first that the pid was not
// reused, returning a [*NoSuchProcess] if it was; the others read whatever
// process has the pid now. [Process.IsRunning] makes the check on demand.
//
// Errors are psutil's: [*NoSuchProcess] when the process is gone (also if
// it vanishes halfway through a read), [*ZombieProcess] when it is a zombie
// and the value cannot be read, [*AccessDenied] when the OS refuses. A
// Process is safe for concurrent use.
type Process struct {
	sys *System
	fs  FS
	pid int
	dir string // "<procfs>/<pid>"

	mu         sync.Mutex
	ident      uint64 // start time in clock ticks after boot: with pid, the identity
	haveIdent  bool
	gone       bool // known to have exited
	reused     bool // its pid now belongs to another process
	name       string
	shortName  string // the kernel's truncated name for which longName was found
	longName   string
	exe        *string // psutil caches exe() after the first answer
	createTime float64
	haveCreate bool
	oneshot    int             // depth of Oneshot calls in progress
	cache      *processOSCache // what Oneshot has read so far; nil outside Oneshot
	os         processOS       // the OS backend (processBackend)
	cpuLastSys float64         // previous sample of CPUPercent(0)
	cpuLast    ProcessCPUTimes
	cpuHave    bool
	exitcode   *int // Wait's answer, once known
	exited     bool
	popen      *popenChild // set when this program started the process with Popen
	returncode *int        // set by WaitProcs
	hasRet     bool
	prefetch   processPrefetchedList // nil: nothing prefetched
	unprefetch int                   // Unprefetched calls in progress
}

// processPrefetched is one attribute Prefetch kept.
type processPrefetched struct {
	id  processAttrID
	val any
	err error
}

// processPrefetchedList is what Prefetch kept, in the order it read the
// attributes: a few dozen at most, which a scan finds sooner than a map
// would, and without a map's allocations for each process listed.
type processPrefetchedList []processPrefetched

func (l processPrefetchedList) get(id processAttrID) (processPrefetched, bool) {
	for _, r := range l {
		if r.id == id {
			return r, true
		}
	}
	return processPrefetched{}, false
}

// PrefetchedError is the error a method returns for an attribute that
// [Process.Prefetch] (process_iter with attrs) could not read: it wraps the
// [*AccessDenied] or [*ZombieProcess] recorded then. psutil returns
// ad_value instead of raising in that case; the Lua bindings do so when they
// see this error.
type PrefetchedError struct {
	Attr string // the attribute name, e.g. "exe"
	Err  error
}

func (e *PrefetchedError) Error() string { return e.Err.Error() }

// Unwrap returns the recorded error, so errors.As finds the psutil class.
func (e *PrefetchedError) Unwrap() error { return e.Err }

// processMaxPid is the largest pid the kernel can hand out (a pid_t).
const processMaxPid = math.MaxInt32

// NewProcess is psutil.Process(pid): the process with that pid, or a
// [*NoSuchProcess] if there is none. On Linux pid may also be a thread id.
func (s *System) NewProcess(pid int) (*Process, error) {
	if pid < 0 {
		return nil, errors.New("pid must be a positive integer (got " + strconv.Itoa(pid) + ")")
	}
	if pid > processMaxPid {
		return nil, &NoSuchProcess{Pid: pid, Msg: "process PID out of range"}
	}
	p := s.newProcess(pid)
	ident, err := p.os.osIdentity()
	if err != nil {
		err = p.wrap(err)
		var ad *AccessDenied
		var zp *ZombieProcess
		switch {
		case errors.As(err, &zp), errors.As(err, &ad):
			// psutil goes on: the identity stays unknown.
		case processIsNSP(err):
			return nil, &NoSuchProcess{Pid: pid, Msg: "process PID not found", Err: errors.Unwrap(err)}
		default:
			return nil, err
		}
	} else {
		p.ident, p.haveIdent = ident, true
	}
	return p, nil
}

// Self is psutil.Process() with no pid: the calling process.
func (s *System) Self() (*Process, error) { return s.NewProcess(processSelfPid) }

// processSelfPid is this program's pid, read once: Status compares every
// process listed with it, and os.Getpid is a system call.
var processSelfPid = os.Getpid()

func (s *System) newProcess(pid int) *Process {
	fs := s.FS()
	p := &Process{sys: s, fs: fs, pid: pid, dir: fs.proc(strconv.Itoa(pid))}
	p.os.p = p
	return p
}

// newProcessIdent makes a Process whose identity was read by the caller.
func (s *System) newProcessIdent(pid int, ident uint64) *Process {
	p := s.newProcess(pid)
	p.ident, p.haveIdent = ident, true
	return p
}

// Pid is the process id.
func (p *Process) Pid() int { return p.pid }

// System is the System p belongs to.
func (p *Process) System() *System { return p.sys }

// Oneshot is psutil's Process.oneshot(): it runs fn with p's cache on, so
// the methods fn calls read /proc/<pid>/stat, status and statm once
// between them, and clears the cache when fn returns or panics. Nested
// calls just run fn.
func (p *Process) Oneshot(fn func() error) error {
	p.mu.Lock()
	if p.oneshot == 0 {
		p.cache = processCaches.Get().(*processOSCache)
	}
	p.oneshot++
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		p.oneshot--
		if p.oneshot == 0 {
			*p.cache = processOSCache{}
			processCaches.Put(p.cache)
			p.cache = nil
		}
		p.mu.Unlock()
	}()
	return fn()
}

// Unprefetched runs fn with what [Process.Prefetch] kept set aside, so
// that the methods fn calls read afresh. psutil 8 returns the prefetched
// value only to a method called without arguments; the Lua bindings use
// this when a script passes any.
func (p *Process) Unprefetched(fn func() error) error {
	p.mu.Lock()
	p.unprefetch++
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		p.unprefetch--
		p.mu.Unlock()
	}()
	return fn()
}

// processCaches holds Oneshot caches between uses: a Process only needs
// one while a Oneshot runs, and a listing makes a thousand Processes.
var processCaches = sync.Pool{New: func() any { return new(processOSCache) }}

// processPrefetchedAs returns what Prefetch recorded for the attribute id.
func processPrefetchedAs[T any](p *Process, id processAttrID) (v T, ok bool, err error) {
	r, ok := p.prefetched(id)
	if !ok {
		return v, false, nil
	}
	if r.err != nil {
		return v, true, r.err
	}
	v, _ = r.val.(T)
	return v, true, nil
}

// prefetched is what Prefetch recorded for the attribute id, as it
// recorded it (the value boxed).
func (p *Process) prefetched(id processAttrID) (processPrefetched, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.prefetch == nil || p.unprefetch > 0 {
		return processPrefetched{}, false
	}
	return p.prefetch.get(id)
}

func (p *Process) setName(name string) {
	p.mu.Lock()
	p.name = name
	p.mu.Unlock()
}

func (p *Process) cachedName() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.name
}

// Ppid is Process.ppid(): the parent's pid. It is not cached (a process
// whose parent exits is adopted), and it fails with a [*NoSuchProcess] if
// the pid was reused.
func (p *Process) Ppid() (int, error) {
	return processGet(p, attrPpid, func() (int, error) {
		ppid, ident, err := p.os.osPpid()
		if err != nil {
			return 0, err
		}
		// psutil runs is_running() first; the identity read with the
		// parent answers the same question without reading it twice.
		if err := p.checkStart(ident); err != nil {
			return 0, err
		}
		return ppid, nil
	})
}

// checkStart records a pid reuse if start is not p's start time.
func (p *Process) checkStart(start uint64) error {
	p.mu.Lock()
	reused := p.reused || (p.haveIdent && p.ident != 0 && start != 0 && start != p.ident)
	if reused {
		p.reused = true
	}
	p.mu.Unlock()
	if reused {
		p.sys.processForget(p)
		return p.reusedErr()
	}
	return nil
}

func (p *Process) reusedErr() error {
	return &NoSuchProcess{Pid: p.pid, Name: p.cachedName(), Msg: "process no longer exists and its PID has been reused"}
}

// Name is Process.name(). The kernel keeps 15 bytes of it; when the name
// fills them and the basename of the first command-line argument starts
// with it, that basename is returned instead ("gnome-keyring-daemon"
// rather than "gnome-keyring-d"), as psutil does.
func (p *Process) Name() (string, error) { return processGet(p, attrName, p.readName) }

func (p *Process) readName() (string, error) {
	name, err := p.os.osName()
	if err != nil {
		return "", err
	}
	p.mu.Lock()
	short, long := p.shortName, p.longName
	p.mu.Unlock()
	if len(name) >= 15 && name == short {
		name = long // as the command line gave it last time
	} else if len(name) >= 15 {
		short = name
		cmdline, err := p.Cmdline()
		switch {
		case err == nil:
			if len(cmdline) > 0 {
				ext := cmdline[0]
				if i := strings.LastIndexByte(ext, '/'); i >= 0 {
					ext = ext[i+1:]
				}
				if strings.HasPrefix(ext, name) {
					name = ext
				}
			}
			// A monitor asks again at every refresh: the command line is
			// read again only when the kernel's name changes.
			p.mu.Lock()
			p.shortName, p.longName = short, name
			p.mu.Unlock()
		case processIsAD(err) || processIsZombie(err):
			// The truncated name is better than nothing (psutil gh-2239).
		default:
			return "", err
		}
	}
	p.setName(name)
	return name, nil
}

// Exe is Process.exe(): the absolute path of the executable, or "" when
// there is none (kernel threads). When the OS denies it, a first
// command-line argument that is an absolute path to an executable file is
// taken instead, as psutil does. The answer is cached.
func (p *Process) Exe() (string, error) {
	if v, ok, err := processPrefetchedAs[string](p, attrExe); ok {
		return v, err
	}
	p.mu.Lock()
	if p.exe != nil {
		exe := *p.exe
		p.mu.Unlock()
		return exe, nil
	}
	p.mu.Unlock()
	exe, err := p.os.osExe()
	if err != nil {
		err = p.wrap(err)
		if processIsAD(err) {
			return p.guessExe(err)
		}
		return "", err
	}
	if exe == "" {
		guess, gerr := p.guessExe(nil)
		switch {
		case gerr == nil:
			exe = guess
		case !processIsAD(gerr):
			return "", gerr
		}
	}
	p.mu.Lock()
	p.exe = &exe
	p.mu.Unlock()
	return exe, nil
}

// guessExe is psutil's guess_it: cmdline[0] if it is an absolute path to an
// executable regular file, else fallback (an error, or "").
func (p *Process) guessExe(fallback error) (string, error) {
	cmdline, err := p.Cmdline()
	if err != nil {
		return "", err
	}
	if len(cmdline) > 0 {
		exe := cmdline[0]
		if filepath.IsAbs(exe) && processIsExecutable(exe) {
			return exe, nil
		}
	}
	return "", fallback
}

// Cmdline is Process.cmdline(): the command line, one string per argument.
func (p *Process) Cmdline() ([]string, error) { return processGet(p, attrCmdline, p.os.osCmdline) }

// Environ is Process.environ(): the environment the process started with
// (later changes it made to its own copy are not seen).
func (p *Process) Environ() (map[string]string, error) {
	return processGet(p, attrEnviron, p.os.osEnviron)
}

// Status is Process.status(): one of the STATUS_* constants.
func (p *Process) Status() (string, error) {
	if v, ok, err := processPrefetchedAs[string](p, attrStatus); ok {
		return v, err
	}
	status, err := p.os.osStatus()
	if err != nil {
		if err = p.wrap(err); processIsZombie(err) {
			return STATUS_ZOMBIE, nil
		}
		return "", err
	}
	if status == STATUS_SLEEPING && p.pid == processSelfPid && p.fs.Live() {
		// The calling process is running: it is the one asking. The OS may
		// report the state of its main thread, which in a Go program is
		// often parked while another thread reads; psutil, reading from
		// Python's main thread, reads running.
		return STATUS_RUNNING, nil
	}
	return status, nil
}

// Username is Process.username(): the name of the real user, or the uid
// as a string when it has no name. Names are cached by the System.
func (p *Process) Username() (string, error) { return processGet(p, attrUsername, p.os.osUsername) }

// CreateTime is Process.create_time(): when the process started, in
// seconds since the epoch. It is computed from the start time since boot
// and [System.BootTime], once.
func (p *Process) CreateTime() (float64, error) {
	return processGet(p, attrCreateTime, func() (float64, error) {
		p.mu.Lock()
		if p.haveCreate {
			ct := p.createTime
			p.mu.Unlock()
			return ct, nil
		}
		p.mu.Unlock()
		ct, err := p.os.osCreateTime()
		if err != nil {
			return 0, err
		}
		p.mu.Lock()
		p.createTime, p.haveCreate = ct, true
		p.mu.Unlock()
		return ct, nil
	})
}

// Cwd is Process.cwd(): the working directory, or "" when the kernel
// gives none.
func (p *Process) Cwd() (string, error) { return processGet(p, attrCwd, p.os.osCwd) }

// Nice is Process.nice(): the nice value, -20 (favoured) to 19.
func (p *Process) Nice() (int, error) { return processGet(p, attrNice, p.os.osNice) }

// SetNice is Process.nice(value).
func (p *Process) SetNice(value int) error {
	if err := p.raiseIfReused(); err != nil {
		return err
	}
	return p.wrap(p.os.osSetNice(value))
}

// Uids is Process.uids(): the real, effective and saved user ids.
func (p *Process) Uids() (Uids, error) { return processGet(p, attrUids, p.os.osUids) }

// Gids is Process.gids(): the real, effective and saved group ids.
func (p *Process) Gids() (Gids, error) { return processGet(p, attrGids, p.os.osGids) }

// Terminal is Process.terminal(): the path of the controlling terminal,
// nil when there is none (or its device is not in /dev).
func (p *Process) Terminal() (*string, error) { return processGet(p, attrTerminal, p.os.osTerminal) }

// NumFds is Process.num_fds(): the number of open file descriptors.
func (p *Process) NumFds() (int, error) { return processGet(p, attrNumFds, p.os.osNumFds) }

// NumHandles is Process.num_handles() (Windows): the number of handles the
// process has open.
func (p *Process) NumHandles() (int, error) {
	return processGet(p, attrNumHandles, p.os.osNumHandles)
}

// IOCounters is Process.io_counters().
func (p *Process) IOCounters() (ProcessIOCounters, error) {
	return processGet(p, attrIOCounters, p.os.osIOCounters)
}

// Ionice is Process.ionice(): the I/O scheduling class and priority.
func (p *Process) Ionice() (Ionice, error) { return processGet(p, attrIonice, p.os.osIonice) }

// SetIonice is Process.ionice(ioclass, value): value is 0 to 7 (psutil's
// None is 0), and must be 0 for IOPRIO_CLASS_NONE and IOPRIO_CLASS_IDLE.
func (p *Process) SetIonice(ioclass IOPriorityClass, value int) error {
	if err := p.raiseIfReused(); err != nil {
		return err
	}
	if value != 0 && (ioclass == IOPRIO_CLASS_IDLE || ioclass == IOPRIO_CLASS_NONE) {
		return errors.New(ioclass.Repr() + " ioclass accepts no value")
	}
	if value < 0 || value > 7 {
		return errors.New("value not in 0-7 range")
	}
	return p.wrap(p.os.osSetIonice(ioclass, value))
}

// Rlimit is Process.rlimit(resource): the soft and hard limits of one of
// the RLIMIT_* resources, [RLIM_INFINITY] meaning unlimited.
func (p *Process) Rlimit(resource int) (soft, hard int64, err error) {
	if err := processCheckRlimit(p.pid, resource); err != nil {
		return 0, 0, err
	}
	soft, hard, err = p.os.osRlimit(resource)
	return soft, hard, p.wrap(err)
}

// SetRlimit is Process.rlimit(resource, (soft, hard)).
func (p *Process) SetRlimit(resource int, soft, hard int64) error {
	if err := p.raiseIfReused(); err != nil {
		return err
	}
	if err := processCheckRlimit(p.pid, resource); err != nil {
		return err
	}
	return p.wrap(p.os.osSetRlimit(resource, soft, hard))
}

func processCheckRlimit(pid, resource int) error {
	if pid == 0 {
		return errors.New("can't use prlimit() against PID 0 process")
	}
	if resource < 0 || resource > RLIMIT_RTTIME {
		return errors.New("invalid resource specified")
	}
	return nil
}

// CPUAffinity is Process.cpu_affinity(): the CPUs the process may run on,
// in ascending order.
func (p *Process) CPUAffinity() ([]int, error) {
	return processGet(p, attrCPUAffinity, func() ([]int, error) {
		cpus, err := p.os.osCPUAffinity()
		if err != nil {
			return nil, err
		}
		slices.Sort(cpus)
		return slices.Compact(cpus), nil
	})
}

// SetCPUAffinity is Process.cpu_affinity(cpus); an empty list means every
// CPU the process is eligible for.
func (p *Process) SetCPUAffinity(cpus []int) error {
	if err := p.raiseIfReused(); err != nil {
		return err
	}
	if len(cpus) == 0 {
		var err error
		if cpus, err = p.eligibleCPUs(); err != nil {
			return err
		}
	}
	set := slices.Clone(cpus)
	slices.Sort(set)
	set = slices.Compact(set)
	for _, c := range set {
		if c < 0 {
			return errors.New("invalid CPU value")
		}
	}
	err := p.wrap(p.os.osSetCPUAffinity(set))
	if processErrno(err) == syscall.EINVAL {
		// psutil explains which CPU was refused.
		eligible, eerr := p.eligibleCPUs()
		if eerr != nil {
			return err
		}
		all, cerr := p.sys.PerCPUTimes()
		if cerr != nil {
			return err
		}
		for _, c := range cpus {
			if c >= len(all) {
				return errors.New("invalid CPU " + strconv.Itoa(c) + "; choose between " + processIntList(eligible))
			}
			if !slices.Contains(eligible, c) {
				return errors.New("CPU number " + strconv.Itoa(c) + " is not eligible; choose between " + processIntList(eligible))
			}
		}
	}
	return err
}

// eligibleCPUs is psutil's _get_eligible_cpus: Cpus_allowed_list, or every
// CPU when it cannot be read.
func (p *Process) eligibleCPUs() ([]int, error) {
	if cpus, err := p.os.osEligibleCPUs(); err == nil {
		return cpus, nil
	}
	all, err := p.sys.PerCPUTimes()
	if err != nil {
		return nil, err
	}
	cpus := make([]int, len(all))
	for i := range cpus {
		cpus[i] = i
	}
	return cpus, nil
}

// processIntList formats like Python's repr of a list of ints.
func processIntList(v []int) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, x := range v {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(x))
	}
	b.WriteByte(']')
	return b.String()
}

// CPUNum is Process.cpu_num(): the CPU the process last ran on.
func (p *Process) CPUNum() (int, error) { return processGet(p, attrCPUNum, p.os.osCPUNum) }

// NumCtxSwitches is Process.num_ctx_switches().
func (p *Process) NumCtxSwitches() (CtxSwitches, error) {
	return processGet(p, attrNumCtxSwitches, p.os.osNumCtxSwitches)
}

// NumThreads is Process.num_threads().
func (p *Process) NumThreads() (int, error) { return processGet(p, attrNumThreads, p.os.osNumThreads) }

// Threads is Process.threads(): its threads with their CPU times, in
// psutil's order (thread ids sorted as strings).
func (p *Process) Threads() ([]Thread, error) { return processGet(p, attrThreads, p.os.osThreads) }

// CPUTimes is Process.cpu_times(), in seconds.
func (p *Process) CPUTimes() (ProcessCPUTimes, error) {
	return processGet(p, attrCPUTimes, func() (ProcessCPUTimes, error) { return p.os.osCPUTimes(false) })
}

// processEpoch anchors the monotonic clock of CPUPercent.
var processEpoch = time.Now()

// CPUPercent is Process.cpu_percent(interval): the CPU used, in percent
// of one CPU (so above 100 for a process busy on several), rounded to one
// decimal. A positive interval samples before and after sleeping (ctx can
// cut the sleep short, returning ctx.Err()); 0 compares with p's previous
// call, so the first one returns 0.0.
func (p *Process) CPUPercent(ctx context.Context, interval time.Duration) (float64, error) {
	if interval == 0 {
		if v, ok, err := processPrefetchedAs[float64](p, attrCPUPercent); ok {
			return v, err
		}
	}
	if interval < 0 {
		return 0, errors.New("interval is not positive (got " + strconv.FormatFloat(interval.Seconds(), 'g', -1, 64) + ")")
	}
	ncpu := p.sys.processNumCPUs()
	timer := func() float64 { return time.Since(processEpoch).Seconds() * float64(ncpu) }
	var st1, st2 float64
	var pt1, pt2 ProcessCPUTimes
	var err error
	if interval > 0 {
		// Fresh samples even inside Oneshot, whose cached stat would make
		// the two equal (psutil's would).
		st1 = timer()
		if pt1, err = p.os.osCPUTimes(true); err != nil {
			return 0, p.wrap(err)
		}
		if err := sleepContext(ctx, interval); err != nil {
			return 0, err
		}
		st2 = timer()
		if pt2, err = p.os.osCPUTimes(true); err != nil {
			return 0, p.wrap(err)
		}
		p.mu.Lock()
		p.cpuLastSys, p.cpuLast, p.cpuHave = st2, pt2, true
		p.mu.Unlock()
	} else {
		st2 = timer()
		// psutil's _proc.cpu_times(): Oneshot's cache, not prefetched values.
		if pt2, err = p.os.osCPUTimes(false); err != nil {
			return 0, p.wrap(err)
		}
		p.mu.Lock()
		st1, pt1 = p.cpuLastSys, p.cpuLast
		have := p.cpuHave
		p.cpuLastSys, p.cpuLast, p.cpuHave = st2, pt2, true
		p.mu.Unlock()
		if !have {
			return 0, nil
		}
	}
	deltaProc := (pt2.User - pt1.User) + (pt2.System - pt1.System)
	deltaTime := st2 - st1
	if deltaTime == 0 {
		return 0, nil
	}
	return pyRound1(deltaProc / deltaTime * 100 * float64(ncpu)), nil
}

// MemoryInfo is Process.memory_info(), in bytes.
func (p *Process) MemoryInfo() (MemoryInfo, error) {
	return processGet(p, attrMemoryInfo, p.os.osMemoryInfo)
}

// MemoryInfoEx is Process.memory_info_ex() (psutil 8).
func (p *Process) MemoryInfoEx() (MemoryInfoEx, error) {
	return processGet(p, attrMemoryInfoEx, func() (MemoryInfoEx, error) {
		base, err := p.MemoryInfo()
		if err != nil {
			return MemoryInfoEx{}, err
		}
		return p.os.osMemoryInfoEx(base)
	})
}

// MemoryFootprint is Process.memory_footprint() (psutil 8): USS, PSS and
// swap, from /proc/<pid>/smaps_rollup, or smaps where that is missing.
// It usually needs more privileges than MemoryInfo, and is slower.
func (p *Process) MemoryFootprint() (MemoryFootprint, error) {
	return processGet(p, attrMemoryFootprint, p.os.osMemoryFootprint)
}

// MemoryFullInfo is Process.memory_full_info(): MemoryInfo and
// MemoryFootprint in one tuple.
//
// Deprecated: psutil 8 deprecates it; use [Process.MemoryFootprint].
func (p *Process) MemoryFullInfo() (MemoryFullInfo, error) {
	m, err := p.MemoryInfo()
	if err != nil {
		return MemoryFullInfo{}, err
	}
	f, err := p.MemoryFootprint()
	if err != nil {
		return MemoryFullInfo{}, err
	}
	return MemoryFullInfo{RSS: m.RSS, VMS: m.VMS, Shared: m.Shared, Text: m.Text, Data: m.Data,
		PeakRSS: m.PeakRSS, PeakVMS: m.PeakVMS, USS: f.USS, PSS: f.PSS, Swap: f.Swap}, nil
}

// processMemTypes are the valid memtype arguments of MemoryPercent, in
// psutil's order: pmem's fields, then pmem_ex's, then pfootprint's.
var processMemTypes = []string{
	"rss", "vms", "shared", "text", "data",
	"peak_rss", "peak_vms", "rss_anon", "rss_file", "rss_shmem", "swap", "hugetlb",
	"uss", "pss",
}

// MemoryPercent is Process.memory_percent(memtype): one field of
// MemoryInfo, MemoryInfoEx or MemoryFootprint ("rss" by default in psutil)
// as a percentage of the total physical memory.
func (p *Process) MemoryPercent(memtype string) (float64, error) {
	if memtype == "rss" {
		if v, ok, err := processPrefetchedAs[float64](p, attrMemoryPercent); ok {
			return v, err
		}
	}
	var value uint64
	switch memtype {
	case "rss", "vms", "shared", "text", "data":
		m, err := p.MemoryInfo()
		if err != nil {
			return 0, err
		}
		value = [...]uint64{m.RSS, m.VMS, m.Shared, m.Text, m.Data}[slices.Index(processMemTypes[:5], memtype)]
	case "uss", "pss", "swap": // psutil looks in pfootprint before pmem_ex
		f, err := p.MemoryFootprint()
		if err != nil {
			return 0, err
		}
		value = map[string]uint64{"uss": f.USS, "pss": f.PSS, "swap": f.Swap}[memtype] // slow path anyway
	case "peak_rss", "peak_vms", "rss_anon", "rss_file", "rss_shmem", "hugetlb":
		m, err := p.MemoryInfoEx()
		if err != nil {
			return 0, err
		}
		value = map[string]uint64{"peak_rss": m.PeakRSS, "peak_vms": m.PeakVMS, "rss_anon": m.RSSAnon,
			"rss_file": m.RSSFile, "rss_shmem": m.RSSShmem, "hugetlb": m.Hugetlb}[memtype]
	default:
		quoted := make([]string, len(processMemTypes))
		for i, t := range processMemTypes {
			quoted[i] = PyRepr(t)
		}
		return 0, errors.New("invalid memtype " + PyReprCut(memtype) + "; valid types are (" + strings.Join(quoted, ", ") + ")")
	}
	total, err := p.sys.processTotalMemory()
	if err != nil {
		return 0, err
	}
	if total == 0 {
		return 0, errors.New("can't calculate process memory percent because total physical system memory is not positive (0)")
	}
	return float64(value) / float64(total) * 100, nil
}

// MemoryMaps is Process.memory_maps() (grouped=True): the mapped regions
// summed by path, in the order paths first appear.
func (p *Process) MemoryMaps() ([]MemoryMapGrouped, error) {
	return processGet(p, attrMemoryMaps, p.readMemoryMapsGrouped)
}

func (p *Process) readMemoryMapsGrouped() ([]MemoryMapGrouped, error) {
	maps, err := p.os.osMemoryMaps()
	if err != nil {
		return nil, err
	}
	ret := []MemoryMapGrouped{}
	index := map[string]int{}
	for _, m := range maps {
		i, ok := index[m.Path]
		if !ok {
			index[m.Path] = len(ret)
			ret = append(ret, MemoryMapGrouped{Path: m.Path})
			i = len(ret) - 1
		}
		g := &ret[i]
		g.RSS += m.RSS
		g.Size += m.Size
		g.PSS += m.PSS
		g.SharedClean += m.SharedClean
		g.SharedDirty += m.SharedDirty
		g.PrivateClean += m.PrivateClean
		g.PrivateDirty += m.PrivateDirty
		g.Referenced += m.Referenced
		g.Anonymous += m.Anonymous
		g.Swap += m.Swap
	}
	return ret, nil
}

// MemoryMapsUngrouped is Process.memory_maps(grouped=False): every mapped
// region with its address range and permissions.
func (p *Process) MemoryMapsUngrouped() ([]MemoryMapExt, error) {
	maps, err := p.os.osMemoryMaps()
	if err != nil {
		return nil, p.wrap(err)
	}
	if maps == nil {
		maps = []MemoryMapExt{}
	}
	return maps, nil
}

// PageFaults is Process.page_faults() (psutil 8).
func (p *Process) PageFaults() (PageFaults, error) {
	return processGet(p, attrPageFaults, p.os.osPageFaults)
}

// OpenFiles is Process.open_files(): the regular files it has open.
func (p *Process) OpenFiles() ([]OpenFile, error) {
	return processGet(p, attrOpenFiles, p.os.osOpenFiles)
}

// NetConnections is Process.net_connections(kind): the sockets the process
// has open (see [System.NetConnections] for kind).
func (p *Process) NetConnections(kind string) ([]ProcessConn, error) {
	if kind == "inet" {
		if v, ok, err := processPrefetchedAs[[]ProcessConn](p, attrNetConnections); ok {
			return v, err
		}
	}
	if _, err := connCheckKind(kind); err != nil {
		return nil, err
	}
	conns, err := p.sys.connectionsOfPid(p.pid, kind)
	if err != nil {
		return nil, p.wrap(err)
	}
	if err := p.os.osCheckAlive(); err != nil {
		return nil, p.wrap(err)
	}
	return conns, nil
}

// IsRunning is Process.is_running(): whether the process still exists
// (zombies included) and is the same process, not a later one given its
// pid.
func (p *Process) IsRunning() bool {
	p.mu.Lock()
	if p.gone || p.reused {
		p.mu.Unlock()
		return false
	}
	p.mu.Unlock()
	ident, err := p.os.osIdentity()
	if err != nil {
		if err = p.wrap(err); processIsNSP(err) && !processIsZombie(err) {
			p.mu.Lock()
			p.gone = true
			p.mu.Unlock()
			return false
		}
		return true // AccessDenied: psutil cannot tell, so assumes the same process
	}
	return p.checkStart(ident) == nil
}

// raiseIfReused is psutil's _raise_if_pid_reused.
func (p *Process) raiseIfReused() error {
	p.mu.Lock()
	reused := p.reused
	p.mu.Unlock()
	if !reused {
		p.IsRunning()
		p.mu.Lock()
		reused = p.reused
		p.mu.Unlock()
	}
	if reused {
		return p.reusedErr()
	}
	return nil
}

// Parent is Process.parent(): the parent process, nil if there is none or
// it is younger than p (its pid was reused).
func (p *Process) Parent() (*Process, error) {
	lowest, err := p.sys.processLowestPid()
	if err != nil {
		return nil, err
	}
	if p.pid == lowest {
		return nil, nil
	}
	ppid, err := p.Ppid()
	if err != nil {
		return nil, err
	}
	self, err := p.os.osIdentity()
	if err != nil {
		return nil, p.wrap(err)
	}
	parent, err := p.sys.NewProcess(ppid)
	if err != nil {
		if processIsNSP(err) {
			return nil, nil
		}
		return nil, err
	}
	if !parent.haveIdent || parent.ident <= self {
		return parent, nil
	}
	return nil, nil
}

// Parents is Process.parents(): the parent, its parent, and so on.
func (p *Process) Parents() ([]*Process, error) {
	ret := []*Process{}
	proc, err := p.Parent()
	for err == nil && proc != nil {
		ret = append(ret, proc)
		proc, err = proc.Parent()
	}
	return ret, err
}

// Children is Process.children(recursive): the processes p started (and,
// recursively, theirs), skipping any older than p (a reused pid). The
// recursive order is psutil's.
func (p *Process) Children(recursive bool) ([]*Process, error) {
	if err := p.raiseIfReused(); err != nil {
		return nil, err
	}
	table, err := p.sys.procOS.osPpidTable()
	if err != nil {
		return nil, err
	}
	self, err := p.os.osIdentity()
	if err != nil {
		return nil, p.wrap(err)
	}
	ret := []*Process{}
	if !recursive {
		for _, e := range table {
			if e.ppid == p.pid && self <= e.ident {
				ret = append(ret, p.sys.newProcessIdent(e.pid, e.ident))
			}
		}
		return ret, nil
	}
	byParent := map[int][]int{}
	for i, e := range table {
		byParent[e.ppid] = append(byParent[e.ppid], i)
	}
	seen := map[int]bool{}
	stack := []int{p.pid}
	for len(stack) > 0 {
		pid := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[pid] {
			continue // pids reused while the table was read can make a cycle
		}
		seen[pid] = true
		for _, i := range byParent[pid] {
			e := table[i]
			if self <= e.ident {
				ret = append(ret, p.sys.newProcessIdent(e.pid, e.ident))
				stack = append(stack, e.pid)
			}
		}
	}
	return ret, nil
}

// SendSignal is Process.send_signal(sig), after checking that the pid was
// not reused.
func (p *Process) SendSignal(sig syscall.Signal) error {
	return p.signal(func() error { return p.os.osSendSignal(int(sig)) })
}

// Suspend is Process.suspend(): SIGSTOP on POSIX.
func (p *Process) Suspend() error { return p.signal(p.os.osSuspend) }

// Resume is Process.resume(): SIGCONT on POSIX.
func (p *Process) Resume() error { return p.signal(p.os.osResume) }

// Terminate is Process.terminate(): SIGTERM on POSIX.
func (p *Process) Terminate() error { return p.signal(p.os.osTerminate) }

// Kill is Process.kill(): SIGKILL on POSIX.
func (p *Process) Kill() error { return p.signal(p.os.osKill) }

// signal is psutil's _send_signal around the backend's send.
func (p *Process) signal(send func() error) error {
	if err := p.raiseIfReused(); err != nil {
		return err
	}
	if p.pid == 0 {
		return errors.New("preventing sending signal to process with PID 0 as it " +
			"would affect every process in the process group of the calling process " +
			"(os.getpid()) instead of PID 0")
	}
	err := p.wrap(send())
	if processIsNSP(err) && !processIsZombie(err) {
		p.mu.Lock()
		p.gone = true
		p.mu.Unlock()
	}
	return err
}

// NoTimeout is the timeout of [Process.Wait] and [System.WaitProcs] that
// means none (psutil's timeout=None).
const NoTimeout time.Duration = -1

// Wait is Process.wait(timeout): it waits for the process to end and
// returns its exit code if it was a child of this process (the negated
// signal number if a signal ended it), else nil. A process already gone
// gives nil at once. A negative timeout ([NoTimeout]) waits for ever; 0
// checks once; when the timeout expires first the error is a
// [*TimeoutExpired]. The exit code, once known, is remembered.
func (p *Process) Wait(ctx context.Context, timeout time.Duration) (*int, error) {
	if p.pid == 0 {
		return nil, errors.New("can't wait for PID 0")
	}
	p.mu.Lock()
	if p.exited {
		code := p.exitcode
		p.mu.Unlock()
		return code, nil
	}
	popen := p.popen
	p.mu.Unlock()
	if popen == nil {
		popen = popenOf(p)
	}
	if popen != nil {
		// Popen's own goroutine reaps the child: wait for it, and keep
		// its code as this handle's too.
		code, err := popen.wait(ctx, timeout)
		if err == nil {
			p.mu.Lock()
			p.exitcode, p.exited, p.gone = code, true, true
			p.mu.Unlock()
		}
		return code, err
	}
	code, err := p.os.osWait(ctx, timeout)
	if err != nil {
		if err == processErrTimeout {
			return nil, &TimeoutExpired{Seconds: timeout.Seconds(), Pid: p.pid, Name: p.cachedName()}
		}
		return nil, p.wrap(err)
	}
	p.mu.Lock()
	p.exitcode, p.exited = code, true
	p.mu.Unlock()
	return code, nil
}

// processErrTimeout is what backends return when a wait times out.
var processErrTimeout = errors.New("timeout")

// Returncode is the exit code [System.WaitProcs] recorded when it found
// the process gone; ok is false when it has recorded none, or the code is
// unknown (psutil's returncode None: not a child of this process).
func (p *Process) Returncode() (code int, ok bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.hasRet || p.returncode == nil {
		return 0, false
	}
	return *p.returncode, true
}

// Equal is psutil's Process.__eq__: the same pid, and creation times that
// do not differ.
func (p *Process) Equal(o *Process) bool {
	if p == o {
		return true
	}
	if o == nil || p.pid != o.pid {
		return false
	}
	p.mu.Lock()
	a, ah := p.ident, p.haveIdent
	p.mu.Unlock()
	o.mu.Lock()
	b, bh := o.ident, o.haveIdent
	o.mu.Unlock()
	if !ah || !bh || a == 0 || b == 0 {
		return true
	}
	return a == b
}

// String is psutil's repr: "psutil.Process(pid=1, name='init',
// status='sleeping', started='13:59:10')", with exitcode once Wait knows
// it. started is there whenever the creation time can be read (psutil 8
// shows it only after create_time() was called; 5.x always did).
func (p *Process) String() string {
	var b strings.Builder
	b.WriteString("psutil.Process(pid=")
	b.WriteString(strconv.Itoa(p.pid))
	_ = p.Oneshot(func() error {
		p.mu.Lock()
		reused, name := p.reused, p.name
		p.mu.Unlock()
		if reused {
			b.WriteString(", status='terminated + PID reused'")
		} else {
			var err error
			if name == "" {
				name, err = p.Name()
			}
			var status string
			if err == nil {
				status, err = p.Status()
			}
			switch {
			case err == nil:
				b.WriteString(", name=" + PyRepr(name) + ", status=" + PyRepr(status))
			case processIsZombie(err):
				b.WriteString(", status='zombie'")
			case processIsNSP(err):
				b.WriteString(", status='terminated'")
			}
		}
		p.mu.Lock()
		code, exited := p.exitcode, p.exited
		p.mu.Unlock()
		if exited && code != nil {
			b.WriteString(", exitcode=" + processExitRepr(*code))
		}
		if ct, err := p.CreateTime(); err == nil {
			b.WriteString(", started=" + PyRepr(processPprintSecs(ct)))
		}
		return nil
	})
	b.WriteByte(')')
	return b.String()
}

// processExitRepr is the repr of an exit code: psutil 8 shows a signal as
// its negated enum member, "<NegSignal.SIGTERM: -15>".
func processExitRepr(code int) string {
	if code < 0 {
		if name := processSignalName(-code); name != "" {
			return "<NegSignal." + name + ": " + strconv.Itoa(code) + ">"
		}
	}
	return strconv.Itoa(code)
}

// processPprintSecs is psutil's _pprint_secs: the time of day, with the
// date when it is more than a day ago.
func processPprintSecs(secs float64) string {
	t := time.Unix(0, int64(secs*1e9))
	if time.Since(t) < 24*time.Hour {
		return t.Format("15:04:05")
	}
	return t.Format("2006-01-02 15:04:05")
}

func processIsAD(err error) bool {
	var ad *AccessDenied
	return errors.As(err, &ad)
}

func processIsZombie(err error) bool {
	var z *ZombieProcess
	return errors.As(err, &z)
}

// processIsNSP is true for a NoSuchProcess, ZombieProcess included.
func processIsNSP(err error) bool {
	var nsp *NoSuchProcess
	return errors.As(err, &nsp)
}

// processNumCPUs is cpu_count() or 1, remembered for a second: every
// cpu_percent() needs it.
func (s *System) processNumCPUs() int {
	now := int64(time.Since(processEpoch)) + 1
	s.procMu.Lock()
	if s.procNCPUAt != 0 && now-s.procNCPUAt < int64(time.Second) {
		n := s.procNCPU
		s.procMu.Unlock()
		return n
	}
	s.procMu.Unlock()
	n, err := s.CPUCount(true)
	if err != nil || n < 1 {
		n = 1
	}
	s.procMu.Lock()
	s.procNCPU, s.procNCPUAt = n, now
	s.procMu.Unlock()
	return n
}

// processTotalMemory is virtual_memory().total, read once as psutil does.
func (s *System) processTotalMemory() (uint64, error) {
	s.procMu.Lock()
	total := s.procTotalMem
	s.procMu.Unlock()
	if total != 0 {
		return total, nil
	}
	vm, err := s.VirtualMemory()
	if err != nil {
		return 0, err
	}
	s.procMu.Lock()
	s.procTotalMem = vm.Total
	s.procMu.Unlock()
	return vm.Total, nil
}
