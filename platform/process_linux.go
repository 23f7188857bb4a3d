//go:build linux

package platform

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/psulua/psulua/platform/internal/procfs"
	"github.com/psulua/psulua/platform/internal/sysfs"
)

// processPFKthread is PF_KTHREAD, the stat flag of a kernel thread.
const processPFKthread = 0x00200000

// Another root than the live one (FS.Live: a fixture tree, or the /proc of
// another pid namespace set as PROCFS_PATH) has pids that system calls
// would take for this machine's, so the getters that psutil answers with a
// system call read the same values from files there instead (nice from
// stat, rlimit from limits, cpu_affinity from status), and ionice, which
// has no file, is not implemented there. Setters and signals still make
// their system calls, as psutil does.

// processOS is the Linux backend of one Process.
type processOS struct {
	p     *Process
	comm  string                       // last command name read, reused rather than reallocated
	files atomic.Pointer[processFiles] // kept open while in process_iter's table
	// keep is whether p may keep files, made by its first read (keptFiles):
	// a one-shot listing's table lets every process keep them, and none
	// reads again.
	keep atomic.Int32
	// dirIno is, for a process without a kept stat, the inode of its
	// /proc/<pid> directory when a listing last found it the same process
	// by its stat (see osIterRead); 0 unknown.
	dirIno atomic.Uint64
}

// processTableOS is the Linux backend of a System's processes; its caches
// are guarded by the System's procMu (users has its own lock).
type processTableOS struct {
	s      *System
	ttys   map[uint64]string // device number -> /dev path, for terminal()
	users  processUserCache  // uid -> user name
	boot   float64           // BootTime, kept a second
	bootAt int64             // when boot was read, ns on processEpoch's clock; 0 never
}

// processSeed is what process_iter read of a process: its stat.
type processSeed = *procfs.PidStat

// processCached is one file of the Oneshot cache.
type processCached[T any] struct {
	v  T
	ok bool
}

// processOSCache is what Oneshot keeps: the parsed stat, status and
// statm, and the credentials a pidfd gave.
type processOSCache struct {
	stat   processCached[processStat]
	status processCached[procfs.PidStatus]
	statm  processCached[procfs.PidStatm]
	creds  processCached[pidfdInfo]
}

// processOneshot returns the value of one file of the Oneshot cache, read
// with read when the cache does not have it (or there is no Oneshot).
func processOneshot[T any](p *Process, slot func(*processOSCache) *processCached[T], read func() (T, error)) (T, error) {
	p.mu.Lock()
	if p.oneshot > 0 {
		if c := slot(p.cache); c.ok {
			v := c.v
			p.mu.Unlock()
			return v, nil
		}
	}
	p.mu.Unlock()
	v, err := read()
	if err != nil {
		return v, err
	}
	p.mu.Lock()
	if p.oneshot > 0 {
		*slot(p.cache) = processCached[T]{v, true}
	}
	p.mu.Unlock()
	return v, nil
}

// processStat is a parsed /proc/<pid>/stat, with its command name as a
// string (Comm, which aliases the read buffer, is cleared).
type processStat struct {
	procfs.PidStat
	comm string
}

func (s *processStat) cpuTimes() ProcessCPUTimes {
	return ProcessCPUTimes{
		User:           float64(s.Utime) / clockTicks,
		System:         float64(s.Stime) / clockTicks,
		ChildrenUser:   float64(s.Cutime) / clockTicks,
		ChildrenSystem: float64(s.Cstime) / clockTicks,
		Iowait:         float64(s.BlkioTicks) / clockTicks,
	}
}

// processBufs holds the read buffers of readFile: most /proc/<pid> files
// fit in 4 KiB; cmdline and environ grow them.
var processBufs = sync.Pool{New: func() any {
	b := make([]byte, 0, 4096)
	return &b
}}

func (p *Process) path(name string) string { return p.dir + "/" + name }

// processPathBuf holds a NUL-terminated path on the caller's stack.
type processPathBuf [128]byte

// pathz builds "<procfs>/<pid>/<name>\0" in buf (or on the heap when it
// does not fit).
func (p *Process) pathz(buf *processPathBuf, name string) []byte {
	b := append(buf[:0], p.dir...)
	b = append(b, '/')
	b = append(b, name...)
	return append(b, 0)
}

// readFile reads /proc/<pid>/<name> with procfs.ReadPath (or through the
// files kept open) into a pooled buffer and calls fn on it. A failure to
// read is an *os.PathError.
func (p *Process) readFile(name string, fn func([]byte) error) error {
	var pb processPathBuf
	bp := processBufs.Get().(*[]byte)
	path := p.pathz(&pb, name)
	b, kept, err := p.os.readKept(name, *bp)
	if !kept {
		b, err = procfs.ReadPath(path, *bp)
	}
	if err == nil {
		err = fn(b)
	} else {
		err = &os.PathError{Op: "open", Path: p.path(name), Err: err}
	}
	if cap(b) <= 1<<20 {
		*bp = b[:0]
		processBufs.Put(bp)
	}
	return err
}

// stat returns /proc/<pid>/stat, from the Oneshot cache when there is one.
func (p *Process) stat() (processStat, error) {
	return processOneshot(p, func(c *processOSCache) *processCached[processStat] { return &c.stat }, func() (processStat, error) {
		var st processStat
		err := p.readFile("stat", func(b []byte) error {
			var err error
			st.PidStat, err = procfs.ParsePidStat(b)
			return err
		})
		if err == nil {
			st.comm = p.intern(st.Comm)
			st.Comm = nil
		}
		return st, err
	})
}

// osReadAhead reads status first where one read of it answers what
// would otherwise take two or three reads: the credentials (username,
// uids, gids; else a pidfd: open, ioctl and close) and memory_info (else
// statm), or either of them when an attribute reads status anyway. A
// listing of a thousand processes measured 12.4 µs a process for status
// against 15.2 for statm and a pidfd, and three system calls fewer. Not
// for a process whose files are kept open (a monitor's): its kept statm
// and pidfd are read with one call each, and a monitor that re-read a
// kept status instead took 1.08 times the CPU.
func (o *processOS) osReadAhead(ids []processAttrID) {
	p := o.p
	if o.keptFiles() != nil {
		return
	}
	var creds, memory, status bool
	for _, id := range ids {
		switch id {
		case attrUsername, attrUids, attrGids:
			creds = true
		case attrMemoryInfo, attrMemoryPercent:
			memory = true
		case attrNumCtxSwitches, attrMemoryFullInfo:
			status = true
		case attrNumThreads:
			status = status || !p.fs.Live() // see osNumThreads
		}
	}
	if creds && memory || status && (creds || memory) {
		_, _ = p.status() // a failure is met again by the attribute that needs the file
	}
}

func (p *Process) inOneshot() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.oneshot > 0
}

// osSeed puts the stat process_iter has just read in the Oneshot cache.
func (o *processOS) osSeed(seed processSeed) {
	p := o.p
	if seed == nil {
		return
	}
	st := processStat{PidStat: *seed, comm: p.intern(seed.Comm)}
	st.Comm = nil
	p.mu.Lock()
	if p.oneshot > 0 {
		p.cache.stat = processCached[processStat]{st, true}
	}
	p.mu.Unlock()
}

// intern returns the command name as a string, reusing the last one when
// it has not changed: a process listing then allocates no name.
func (p *Process) intern(b []byte) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if string(b) != p.os.comm {
		p.os.comm = string(b)
	}
	return p.os.comm
}

func (p *Process) status() (procfs.PidStatus, error) {
	return processOneshot(p, func(c *processOSCache) *processCached[procfs.PidStatus] { return &c.status }, func() (procfs.PidStatus, error) {
		var st procfs.PidStatus
		err := p.readFile("status", func(b []byte) error {
			var err error
			st, err = procfs.ParsePidStatus(b)
			return err
		})
		return st, err
	})
}

func (p *Process) statm() (procfs.PidStatm, error) {
	return processOneshot(p, func(c *processOSCache) *processCached[procfs.PidStatm] { return &c.statm }, func() (procfs.PidStatm, error) {
		var st procfs.PidStatm
		err := p.readFile("statm", func(b []byte) error {
			var err error
			st, err = procfs.ParsePidStatm(b)
			return err
		})
		return st, err
	})
}

// readIdent reads the identity fields of /proc/<pid>/stat, bypassing
// Oneshot.
func (p *Process) readIdent() (state byte, start uint64, ppid int, err error) {
	err = p.readFile("stat", func(b []byte) error {
		var err error
		state, start, ppid, err = procfs.ParsePidStatStart(b)
		return err
	})
	return state, start, ppid, err
}

func (o *processOS) osIdentity() (uint64, error) {
	p := o.p
	_, start, _, err := p.readIdent()
	return start, err
}

// osGone tells whether /proc/<pid>/stat exists and says "zombie".
func (o *processOS) osGone() (exists, zombie bool, ppid int) {
	p := o.p
	state, _, ppid, err := p.readIdent()
	if err != nil {
		return false, false, 0
	}
	return true, state == 'Z', ppid
}

// osCheckAlive is psutil's _raise_if_not_alive: stat /proc/<pid>.
func (o *processOS) osCheckAlive() error {
	p := o.p
	var st syscall.Stat_t
	if err := syscall.Stat(p.dir, &st); err != nil {
		return &os.PathError{Op: "stat", Path: p.dir, Err: err}
	}
	return nil
}

func (o *processOS) osName() (string, error) {
	p := o.p
	st, err := p.stat()
	return st.comm, err
}

func (o *processOS) osPpid() (int, uint64, error) {
	p := o.p
	st, err := p.stat()
	return st.Ppid, st.Starttime, err
}

func (o *processOS) osStatus() (string, error) {
	p := o.p
	st, err := p.stat()
	if err != nil {
		return "", err
	}
	return processStatusName(st.State), nil
}

// osCreateTime is psutil's: the start time after boot, in clock ticks,
// plus the boot time.
func (o *processOS) osCreateTime() (float64, error) {
	p := o.p
	p.mu.Lock()
	start, have := p.ident, p.haveIdent
	p.mu.Unlock()
	if !have {
		st, err := p.stat()
		if err != nil {
			return 0, err
		}
		start = st.Starttime
	}
	btime, err := p.sys.processBootTime()
	if err != nil {
		return 0, err
	}
	return float64(start)/clockTicks + btime, nil
}

func (o *processOS) osCPUNum() (int, error) {
	p := o.p
	st, err := p.stat()
	return st.Processor, err
}

func (o *processOS) osPageFaults() (PageFaults, error) {
	p := o.p
	st, err := p.stat()
	return PageFaults{Minor: st.Minflt, Major: st.Majflt}, err
}

func (o *processOS) osCPUTimes(fresh bool) (ProcessCPUTimes, error) {
	p := o.p
	if !fresh {
		st, err := p.stat()
		if err != nil {
			return ProcessCPUTimes{}, err
		}
		return st.cpuTimes(), nil
	}
	var st processStat
	err := p.readFile("stat", func(b []byte) error {
		var err error
		st.PidStat, err = procfs.ParsePidStat(b)
		return err
	})
	if err != nil {
		return ProcessCPUTimes{}, err
	}
	return st.cpuTimes(), nil
}

// raiseIfZombie is psutil's _raise_if_zombie, for reads that come back
// empty rather than failing (a zombie's cmdline, smaps).
func (p *Process) raiseIfZombie() error {
	if _, zombie, ppid := p.os.osGone(); zombie {
		return p.zombieErr(ppid, nil)
	}
	return nil
}

// osReadlink is psutil's _readlink: a link that is missing while the
// process is alive (kernel threads have no exe) reads as "".
func (o *processOS) osReadlink(name string) (string, error) {
	p := o.p
	path := p.path(name)
	s, err := os.Readlink(path)
	if err != nil {
		if e := processErrno(err); e == syscall.ENOENT || e == syscall.ESRCH {
			var st syscall.Stat_t
			if syscall.Lstat(p.dir, &st) == nil {
				if err := p.raiseIfZombie(); err != nil {
					return "", err
				}
				return "", nil
			}
		}
		return "", err
	}
	return processCleanLink(s), nil
}

// processCleanLink is psutil's readlink(): what follows a NUL is garbage
// (gh-717), and " (deleted)" goes when the path is not really there.
func processCleanLink(s string) string {
	if i := strings.IndexByte(s, 0); i >= 0 {
		s = s[:i]
	}
	return processStripDeleted(s)
}

func processStripDeleted(s string) string {
	const suffix = " (deleted)"
	if strings.HasSuffix(s, suffix) {
		var st syscall.Stat_t
		if syscall.Stat(s, &st) != nil {
			return s[:len(s)-len(suffix)]
		}
	}
	return s
}

func (o *processOS) osExe() (string, error) { return o.osReadlink("exe") }
func (o *processOS) osCwd() (string, error) { return o.osReadlink("cwd") }

func (o *processOS) osCmdline() ([]string, error) {
	p := o.p
	var args []string
	err := p.readFile("cmdline", func(b []byte) error {
		args = processParseCmdline(b)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if args == nil {
		// Empty: a kernel thread, or a zombie. Oneshot's stat tells a
		// kernel thread without reading it again.
		p.mu.Lock()
		kthread := p.oneshot > 0 && p.cache.stat.ok && p.cache.stat.v.Flags&processPFKthread != 0
		p.mu.Unlock()
		if !kthread {
			if err := p.raiseIfZombie(); err != nil {
				return nil, err
			}
		}
		return []string{}, nil
	}
	return args, nil
}

// processParseCmdline splits /proc/<pid>/cmdline as psutil does: on NULs,
// or on spaces when the process rewrote its title without them (gh-1179).
// It returns nil for an empty file.
func processParseCmdline(b []byte) []string {
	if len(b) == 0 {
		return nil
	}
	sep := byte(' ')
	if b[len(b)-1] == 0 {
		sep = 0
	}
	if b[len(b)-1] == sep {
		b = b[:len(b)-1]
	}
	if sep == 0 && bytes.IndexByte(b, 0) < 0 && bytes.IndexByte(b, ' ') >= 0 {
		sep = ' '
	}
	all := string(b) // one allocation; the arguments are slices of it
	args := make([]string, 0, strings.Count(all, string(sep))+1)
	for {
		i := strings.IndexByte(all, sep)
		if i < 0 {
			return append(args, all)
		}
		args = append(args, all[:i])
		all = all[i+1:]
	}
}

func (o *processOS) osEnviron() (map[string]string, error) {
	p := o.p
	var env map[string]string
	err := p.readFile("environ", func(b []byte) error {
		env = processParseEnviron(b)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return env, nil
}

// processParseEnviron is psutil's parse_environ_block: NUL-separated
// "key=value" entries, up to an empty one; entries without '=' (or with an
// empty key) are skipped.
func processParseEnviron(b []byte) map[string]string {
	env := map[string]string{}
	for len(b) > 0 {
		i := bytes.IndexByte(b, 0)
		if i <= 0 {
			break
		}
		entry := b[:i]
		if eq := bytes.IndexByte(entry, '='); eq > 0 {
			env[string(entry[:eq])] = string(entry[eq+1:])
		}
		b = b[i+1:]
	}
	return env
}

// errNoPidfd tells creds' caller to read status instead.
var errNoPidfd = errors.New("no pidfd credentials")

// creds returns p's credentials from a pidfd (see pidfd_linux.go), from
// the Oneshot cache when there is one. It returns errNoPidfd where status
// is to be read instead: a pidfd can't answer, or the Oneshot has read
// status already.
func (p *Process) creds() (pidfdInfo, error) {
	if !pidfdCredsAllowed(p.fs) {
		return pidfdInfo{}, errNoPidfd
	}
	if _, ok := p.cachedStatus(); ok {
		return pidfdInfo{}, errNoPidfd
	}
	return processOneshot(p, func(c *processOSCache) *processCached[pidfdInfo] { return &c.creds }, func() (pidfdInfo, error) {
		var info pidfdInfo
		if f := p.os.keptFiles(); f != nil {
			if ok, err := f.creds(&p.os, &info); ok {
				return info, p.credsErr(err)
			}
			if pidfdCredsOff.Load() {
				return info, errNoPidfd
			}
		}
		fd, ok, err := pidfdOpen(p.pid)
		if !ok {
			return info, errNoPidfd
		}
		if err != nil {
			return info, p.credsErr(err)
		}
		defer unix.Close(fd)
		if ok, err = pidfdCreds(fd, &info); !ok {
			return info, errNoPidfd
		}
		return info, p.credsErr(err)
	})
}

// credsErr is a failure of creds as readFile would give it for status.
func (p *Process) credsErr(err error) error {
	if err == nil {
		return nil
	}
	return &os.PathError{Op: "open", Path: p.path("status"), Err: err}
}

func (o *processOS) osUids() (Uids, error) {
	p := o.p
	if c, err := p.creds(); err != errNoPidfd {
		return Uids{int(c.Ruid), int(c.Euid), int(c.Suid)}, err
	}
	st, err := p.status()
	if err != nil {
		return Uids{}, err
	}
	if st.Has&procfs.PidStatusUid == 0 {
		return Uids{}, processMissingLine(p, "Uid")
	}
	return Uids{st.Uids[0], st.Uids[1], st.Uids[2]}, nil
}

func (o *processOS) osGids() (Gids, error) {
	p := o.p
	if c, err := p.creds(); err != errNoPidfd {
		return Gids{int(c.Rgid), int(c.Egid), int(c.Sgid)}, err
	}
	st, err := p.status()
	if err != nil {
		return Gids{}, err
	}
	if st.Has&procfs.PidStatusGid == 0 {
		return Gids{}, processMissingLine(p, "Gid")
	}
	return Gids{st.Gids[0], st.Gids[1], st.Gids[2]}, nil
}

func processMissingLine(p *Process, key string) error {
	return fmt.Errorf("%w status: no %s line in %s", procfs.ErrFileParse, key, p.path("status"))
}

// osNumThreads is psutil's Threads line of status or, on the live root,
// the same count from stat (the kernel prints both from get_nr_threads
// under the same lock), which a listing reads anyway and which costs half
// as much to format.
func (o *processOS) osNumThreads() (int, error) {
	p := o.p
	st, ok := p.cachedStatus()
	if !ok && p.fs.Live() {
		stat, err := p.stat()
		return int(stat.NumThreads), err
	}
	if !ok {
		var err error
		if st, err = p.status(); err != nil {
			return 0, err
		}
	}
	if st.Has&procfs.PidStatusThreads == 0 {
		return 0, processMissingLine(p, "Threads")
	}
	return st.Threads, nil
}

func (o *processOS) osNumCtxSwitches() (CtxSwitches, error) {
	p := o.p
	st, err := p.status()
	if err != nil {
		return CtxSwitches{}, err
	}
	if st.Has&procfs.PidStatusCtxt == 0 {
		return CtxSwitches{}, fmt.Errorf("%w: 'voluntary_ctxt_switches' and 'nonvoluntary_ctxt_switches' "+
			"lines were not found in %s; the kernel is probably older than 2.6.23", ErrNotImplemented, p.path("status"))
	}
	return CtxSwitches{st.Voluntary, st.Involuntary}, nil
}

func (o *processOS) osMemoryInfo() (MemoryInfo, error) {
	p := o.p
	if st, ok := p.cachedStatus(); ok {
		if m, ok := memoryInfoFromStatus(st); ok {
			return m, nil
		}
	}
	m, err := p.statm()
	if err != nil {
		return MemoryInfo{}, err
	}
	ps := p.sys.pageSize
	return MemoryInfo{RSS: m.Resident * ps, VMS: m.Size * ps, Shared: m.Shared * ps, Text: m.Text * ps, Data: m.Data * ps}, nil
}

// cachedStatus is the status the running Oneshot has read, if it has.
func (p *Process) cachedStatus() (procfs.PidStatus, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.oneshot > 0 && p.cache.status.ok {
		return p.cache.status.v, true
	}
	return procfs.PidStatus{}, false
}

// memoryInfoFromStatus is memory_info from the status a Oneshot has read
// already (username needs it), which saves reading statm: the kernel
// prints both from the same counters, status in kB. Text is exact only
// when VmLib is not 0: since Linux 4.x VmExe is capped at exec_vm, and
// then VmLib is 0. ok is false where statm must be read.
func memoryInfoFromStatus(st procfs.PidStatus) (m MemoryInfo, ok bool) {
	if st.Has&procfs.PidStatusVm == 0 || st.VmLib == 0 {
		return MemoryInfo{}, false
	}
	return MemoryInfo{
		RSS:    st.VmRSS * 1024,
		VMS:    st.VmSize * 1024,
		Shared: (st.RssFile + st.RssShmem) * 1024,
		Text:   st.VmExe * 1024,
		Data:   (st.VmData + st.VmStk) * 1024,
	}, true
}

func (o *processOS) osMemoryInfoEx(base MemoryInfo) (MemoryInfoEx, error) {
	p := o.p
	st, err := p.status()
	if err != nil {
		return MemoryInfoEx{}, err
	}
	return MemoryInfoEx{
		RSS: base.RSS, VMS: base.VMS, Shared: base.Shared, Text: base.Text, Data: base.Data,
		PeakRSS:  st.VmHWM * 1024,
		PeakVMS:  st.VmPeak * 1024,
		RSSAnon:  st.RssAnon * 1024,
		RSSFile:  st.RssFile * 1024,
		RSSShmem: st.RssShmem * 1024,
		Swap:     st.VmSwap * 1024,
		Hugetlb:  st.Hugetlb * 1024,
	}, nil
}

// osMemoryFootprint reads smaps_rollup (Linux 4.14), falling back to the
// slower smaps where it is missing, and where it fails with ENOENT or ESRCH
// although the process is alive, which psutil saw happen often.
func (o *processOS) osMemoryFootprint() (MemoryFootprint, error) {
	p := o.p
	var sum procfs.PidSmapsSum
	parse := func(b []byte) error {
		var err error
		sum, err = procfs.SumPidSmaps(b)
		return err
	}
	err := procfs.ReadFile(p.path("smaps_rollup"), parse)
	if e := processErrno(err); e == syscall.ENOENT || e == syscall.ESRCH {
		err = procfs.ReadFile(p.path("smaps"), parse)
	}
	if err != nil {
		return MemoryFootprint{}, err
	}
	return MemoryFootprint{USS: sum.Private * 1024, PSS: sum.Pss * 1024, Swap: sum.Swap * 1024}, nil
}

func (o *processOS) osMemoryMaps() ([]MemoryMapExt, error) {
	p := o.p
	var maps []MemoryMapExt
	empty := false
	err := procfs.ReadFile(p.path("smaps"), func(b []byte) error {
		empty = len(bytes.TrimSpace(b)) == 0
		return procfs.ParsePidSmaps(b, func(m *procfs.PidSmap) {
			path := "[anon]"
			if len(m.Map.Path) > 0 {
				path = processStripDeleted(string(m.Map.Path))
			}
			maps = append(maps, MemoryMapExt{
				Addr:         string(m.Map.Addr),
				Perms:        string(m.Map.Perms),
				Path:         path,
				RSS:          m.Rss * 1024,
				Size:         m.Size * 1024,
				PSS:          m.Pss * 1024,
				SharedClean:  m.SharedClean * 1024,
				SharedDirty:  m.SharedDirty * 1024,
				PrivateClean: m.PrivateClean * 1024,
				PrivateDirty: m.PrivateDirty * 1024,
				Referenced:   m.Referenced * 1024,
				Anonymous:    m.Anonymous * 1024,
				Swap:         m.Swap * 1024,
			})
		})
	})
	if err != nil {
		return nil, err
	}
	if empty {
		// Kernel threads and zombies have no mappings.
		if err := p.raiseIfZombie(); err != nil {
			return nil, err
		}
	}
	if maps == nil {
		maps = []MemoryMapExt{}
	}
	return maps, nil
}

func (o *processOS) osIOCounters() (ProcessIOCounters, error) {
	p := o.p
	var io procfs.PidIO
	err := p.readFile("io", func(b []byte) error {
		var err error
		io, err = procfs.ParsePidIO(b)
		return err
	})
	if err != nil {
		return ProcessIOCounters{}, err
	}
	return ProcessIOCounters{
		ReadCount: io.Syscr, WriteCount: io.Syscw,
		ReadBytes: io.ReadBytes, WriteBytes: io.WriteBytes,
		ReadChars: io.Rchar, WriteChars: io.Wchar,
	}, nil
}

func (o *processOS) osTerminal() (*string, error) {
	p := o.p
	st, err := p.stat()
	if err != nil {
		return nil, err
	}
	if st.TtyNr == 0 {
		return nil, nil
	}
	return p.sys.processTerminal(uint64(st.TtyNr)), nil
}

// processTerminal is psutil's get_terminal: the /dev path of a device
// number, from a map of /dev/tty* and /dev/pts/* rebuilt on a miss.
func (s *System) processTerminal(dev uint64) *string {
	s.procMu.Lock()
	defer s.procMu.Unlock()
	if path, ok := s.procOS.ttys[dev]; ok {
		return &path
	}
	s.procOS.ttys = processTTYMap(s.FS().Dev)
	if path, ok := s.procOS.ttys[dev]; ok {
		return &path
	}
	return nil
}

func processTTYMap(dev string) map[uint64]string {
	m := map[uint64]string{}
	add := func(dir string, keep func(string) bool) {
		f, err := os.Open(dir)
		if err != nil {
			return
		}
		names, _ := f.Readdirnames(-1)
		f.Close()
		slices.Sort(names)
		for _, name := range names {
			if name == "" || name[0] == '.' || !keep(name) {
				continue
			}
			path := dir + "/" + name
			var st syscall.Stat_t
			if syscall.Stat(path, &st) == nil {
				if _, dup := m[st.Rdev]; !dup {
					m[st.Rdev] = path
				}
			}
		}
	}
	add(dev, func(n string) bool { return strings.HasPrefix(n, "tty") })
	add(dev+"/pts", func(string) bool { return true })
	return m
}

func (o *processOS) osNice() (int, error) {
	p := o.p
	// The stat file has the nice value too: read it inside Oneshot, where
	// the other attributes will want it as well, and when the pids are not
	// this machine's.
	if p.inOneshot() || !p.fs.Live() {
		st, err := p.stat()
		if err != nil {
			return 0, err
		}
		return int(st.Nice), nil
	}
	// The system call answers 20 - nice, so that it is never negative.
	prio, err := unix.Getpriority(unix.PRIO_PROCESS, p.pid)
	if err != nil {
		return 0, err
	}
	return 20 - prio, nil
}

func (o *processOS) osSetNice(value int) error {
	p := o.p
	return unix.Setpriority(unix.PRIO_PROCESS, p.pid, value)
}

// ioprio_get(2) and ioprio_set(2), which x/sys does not wrap.
const (
	processIoprioWhoProcess = 1
	processIoprioClassShift = 13
)

func (o *processOS) osIonice() (Ionice, error) {
	p := o.p
	if !p.fs.Live() {
		return Ionice{}, fmt.Errorf("%w: Process.ionice has no file to read under %s", ErrNotImplemented, p.fs.Proc)
	}
	r, _, e := unix.Syscall(unix.SYS_IOPRIO_GET, processIoprioWhoProcess, uintptr(p.pid), 0)
	if e != 0 {
		return Ionice{}, e
	}
	v := int(r)
	return Ionice{Ioclass: IOPriorityClass(v >> processIoprioClassShift), Value: v & (1<<processIoprioClassShift - 1)}, nil
}

func (o *processOS) osSetIonice(ioclass IOPriorityClass, value int) error {
	p := o.p
	prio := int(ioclass)<<processIoprioClassShift | value
	_, _, e := unix.Syscall(unix.SYS_IOPRIO_SET, processIoprioWhoProcess, uintptr(p.pid), uintptr(prio))
	if e != 0 {
		return e
	}
	return nil
}

func (o *processOS) osRlimit(resource int) (soft, hard int64, err error) {
	p := o.p
	if !p.fs.Live() {
		var l procfs.PidLimits
		err := p.readFile("limits", func(b []byte) error {
			var err error
			l, err = procfs.ParsePidLimits(b)
			return err
		})
		if err != nil {
			return 0, 0, err
		}
		if !l.Has[resource] {
			return 0, 0, syscall.EINVAL
		}
		return l.Limits[resource].Soft, l.Limits[resource].Hard, nil
	}
	var rl unix.Rlimit
	if err := unix.Prlimit(p.pid, resource, nil, &rl); err != nil {
		return 0, 0, p.rlimitErr(err)
	}
	return processFromRlim(rl.Cur), processFromRlim(rl.Max), nil
}

func (o *processOS) osSetRlimit(resource int, soft, hard int64) error {
	p := o.p
	rl := unix.Rlimit{Cur: processToRlim(soft), Max: processToRlim(hard)}
	if err := unix.Prlimit(p.pid, resource, &rl, nil); err != nil {
		return p.rlimitErr(err)
	}
	return nil
}

// rlimitErr: psutil saw prlimit fail with ENOSYS on a zombie.
func (p *Process) rlimitErr(err error) error {
	if processErrno(err) == syscall.ENOSYS {
		if zerr := p.raiseIfZombie(); zerr != nil {
			return zerr
		}
	}
	return err
}

func processFromRlim(v uint64) int64 {
	if v == unix.RLIM_INFINITY || v > 1<<63-1 {
		return RLIM_INFINITY
	}
	return int64(v)
}

func processToRlim(v int64) uint64 {
	if v == RLIM_INFINITY {
		return unix.RLIM_INFINITY
	}
	return uint64(v)
}

func (o *processOS) osCPUAffinity() ([]int, error) {
	p := o.p
	if !p.fs.Live() {
		return p.os.osEligibleCPUs()
	}
	var set unix.CPUSet
	err := unix.SchedGetaffinity(p.pid, &set)
	if err == nil {
		cpus := make([]int, 0, set.Count())
		for c := range 1024 { // CPU_SETSIZE
			if set.IsSet(c) {
				cpus = append(cpus, c)
			}
		}
		return cpus, nil
	}
	// More CPUs than a cpu_set_t holds: grow the mask, as psutil does.
	for n := 2048; processErrno(err) == syscall.EINVAL && n <= 1<<22; n *= 2 {
		dyn := unix.NewCPUSet(n)
		if err = unix.SchedGetaffinityDynamic(p.pid, dyn); err == nil {
			var cpus []int
			for c := range n {
				if dyn.IsSet(c) {
					cpus = append(cpus, c)
				}
			}
			return cpus, nil
		}
	}
	return nil, err
}

func (o *processOS) osSetCPUAffinity(cpus []int) error {
	p := o.p
	var set unix.CPUSet
	for _, c := range cpus {
		set.Set(c) // CPUs beyond the set are ignored, as glibc's CPU_SET does
	}
	return unix.SchedSetaffinity(p.pid, &set)
}

func (o *processOS) osEligibleCPUs() ([]int, error) {
	p := o.p
	var cpus []int
	err := p.readFile("status", func(b []byte) error {
		v, ok := procfs.PidStatusValue(b, "Cpus_allowed_list")
		if !ok {
			return processMissingLine(p, "Cpus_allowed_list")
		}
		var err error
		if cpus, err = sysfs.ParseCPUList(v); cpus == nil && err == nil {
			cpus = []int{} // psutil's empty list
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return cpus, nil
}

func (o *processOS) osNumFds() (int, error) {
	p := o.p
	n := 0
	err := procfs.ReadDir(p.path("fd"), func([]byte) { n++ })
	if err != nil {
		return 0, err
	}
	return n, nil
}

func (o *processOS) osThreads() ([]Thread, error) {
	p := o.p
	var tids []string
	err := procfs.ReadDir(p.path("task"), func(name []byte) { tids = append(tids, string(name)) })
	if err != nil {
		return nil, err
	}
	slices.Sort(tids) // as strings: psutil sorts os.listdir()'s names
	threads := make([]Thread, 0, len(tids))
	gone := false
	for _, tid := range tids {
		id, err := strconv.Atoi(tid)
		if err != nil {
			continue
		}
		var st procfs.PidStat
		err = procfs.ReadFile(p.dir+"/task/"+tid+"/stat", func(b []byte) error {
			var err error
			st, err = procfs.ParsePidStat(b)
			return err
		})
		if err != nil {
			if e := processErrno(err); e == syscall.ENOENT || e == syscall.ESRCH {
				gone = true // the thread ended meanwhile
				continue
			}
			return nil, err
		}
		threads = append(threads, Thread{
			ID:         id,
			UserTime:   float64(st.Utime) / clockTicks,
			SystemTime: float64(st.Stime) / clockTicks,
		})
	}
	if gone {
		if err := p.os.osCheckAlive(); err != nil {
			return nil, err
		}
	}
	return threads, nil
}

func (o *processOS) osOpenFiles() ([]OpenFile, error) {
	p := o.p
	var fds []int
	err := procfs.ReadDir(p.path("fd"), func(name []byte) {
		if fd, ok := procfs.ParseUint(name); ok {
			fds = append(fds, int(fd))
		}
	})
	if err != nil {
		return nil, err
	}
	files := []OpenFile{}
	gone := false
	for _, fd := range fds {
		link, err := os.Readlink(p.dir + "/fd/" + strconv.Itoa(fd))
		if err != nil {
			switch processErrno(err) {
			case syscall.ENOENT, syscall.ESRCH:
				gone = true // closed meanwhile
				continue
			case syscall.EINVAL, syscall.ENAMETOOLONG:
				continue
			}
			return nil, err
		}
		path := processCleanLink(link)
		// Only regular files; a path that is not absolute is not one.
		if !strings.HasPrefix(path, "/") {
			continue
		}
		var st syscall.Stat_t
		if err := syscall.Stat(path, &st); err != nil {
			if err == syscall.EPERM || err == syscall.EACCES {
				return nil, err
			}
			continue
		}
		if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
			continue
		}
		var fi procfs.PidFdinfo
		err = procfs.ReadFile(p.dir+"/fdinfo/"+strconv.Itoa(fd), func(b []byte) error {
			var err error
			fi, err = procfs.ParsePidFdinfo(b)
			return err
		})
		if err != nil {
			if e := processErrno(err); e == syscall.ENOENT || e == syscall.ESRCH {
				gone = true
				continue
			}
			return nil, err
		}
		files = append(files, OpenFile{Path: path, Fd: fd, Position: fi.Pos, Mode: processFileMode(int(fi.Flags)), Flags: int(fi.Flags)})
	}
	if gone {
		if err := p.os.osCheckAlive(); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// processFileMode is psutil's file_flags_to_mode: open(2) flags as an
// open() mode, "r", "w", "a", "r+" or "a+".
func processFileMode(flags int) string {
	var mode string
	switch flags & (os.O_RDONLY | os.O_WRONLY | os.O_RDWR) {
	case os.O_WRONLY:
		mode = "w"
	case os.O_RDWR:
		mode = "w+"
	default:
		mode = "r"
	}
	if flags&os.O_APPEND != 0 {
		mode = strings.Replace(mode, "w", "a", 1)
	}
	return strings.Replace(mode, "w+", "r+", 1)
}

// osPids lists the numeric entries of the procfs root, sorted, each marked
// with the inode number of its directory. The kernel gives a new process
// a new /proc/<pid> inode, and keeps that of a running process while
// something holds it: the files kept open do (see osIterRead).
func (o *processTableOS) osPids() ([]int, []uint64, error) { return processPidsMarked(o.s.FS()) }

// processPids lists the pids of fs, sorted.
func processPids(fs FS) ([]int, error) {
	pids, _, err := processPidsMarked(fs)
	return pids, err
}

// processPidsMarked lists the pids of fs, sorted, with the inode numbers
// of their directories.
func processPidsMarked(fs FS) ([]int, []uint64, error) {
	pids, marks := make([]int, 0, 512), make([]uint64, 0, 512)
	err := procfs.ReadDirInodes(fs.Proc, func(name []byte, ino uint64) {
		if pid, ok := procfs.ParseUint(name); ok {
			pids, marks = append(pids, int(pid)), append(marks, ino)
		}
	})
	if err != nil {
		return nil, nil, err
	}
	if !slices.IsSorted(pids) { // the kernel lists them in order
		sort.Sort(processPidMarks{pids, marks})
	}
	return pids, marks, nil
}

// processPidMarks sorts pids with their marks.
type processPidMarks struct {
	pids  []int
	marks []uint64
}

func (m processPidMarks) Len() int           { return len(m.pids) }
func (m processPidMarks) Less(i, j int) bool { return m.pids[i] < m.pids[j] }
func (m processPidMarks) Swap(i, j int) {
	m.pids[i], m.pids[j] = m.pids[j], m.pids[i]
	m.marks[i], m.marks[j] = m.marks[j], m.marks[i]
}

// osPidExists is psutil's pid_exists after the pid 0 case: kill(pid, 0),
// then a look at Tgid, because /proc/<tid> of a thread also exists
// (gh-687).
func (o *processTableOS) osPidExists(pid int) bool {
	s := o.s
	fs := s.FS()
	if fs.Live() {
		if err := unix.Kill(pid, 0); err == syscall.ESRCH {
			return false
		}
	}
	tgid, found := 0, false
	err := procfs.ReadFile(fs.proc(strconv.Itoa(pid), "status"), func(b []byte) error {
		if v, ok := procfs.PidStatusValue(b, "Tgid"); ok {
			t, ok := procfs.ParseInt(v)
			tgid, found = int(t), ok
		}
		return nil
	})
	if err != nil || !found {
		pids, err := processPids(fs)
		if err != nil {
			return false
		}
		_, ok := slices.BinarySearch(pids, pid)
		return ok
	}
	return tgid == pid
}

// processPpidTable is psutil's ppid_map, with the start times that tell a
// child from a process that took a dead child's pid.
func (o *processTableOS) osPpidTable() ([]processPpidEntry, error) {
	s := o.s
	fs := s.FS()
	pids, err := processPids(fs)
	if err != nil {
		return nil, err
	}
	table := make([]processPpidEntry, 0, len(pids))
	var path processPathBuf
	buf := make([]byte, 0, 1024)
	for _, pid := range pids {
		var start uint64
		var ppid int
		var err error
		buf, err = procfs.ReadPath(processPidPathz(&path, fs, pid, "stat"), buf)
		if err == nil {
			_, start, ppid, err = procfs.ParsePidStatStart(buf)
		}
		if err != nil {
			switch processErrno(err) {
			case syscall.EPERM, syscall.EACCES:
				return nil, s.newProcess(pid).wrap(err)
			}
			continue // gone, or going
		}
		table = append(table, processPpidEntry{pid, ppid, start})
	}
	return table, nil
}

// osIterRead reads /proc/<pid>/stat into buf for process_iter, which
// seeds each Process's Oneshot with it. Without a prefetch to seed, a
// process whose files are kept open only needs to be alive. Its kept stat
// holds its /proc/<pid> directory, whose inode (mark, from the listing)
// stays the one seen when it was last found alive until the process has
// been reaped: then no system call is needed. Otherwise its kept pidfd
// answers (ESRCH once it has been reaped) for a fifth of what the kernel
// spends formatting stat, or else its kept statm for a third.
//
// A process without kept files gets them here, when a monitor is likely
// (no prefetch) and the budget allows: its stat is opened to be read, and
// kept (see processFiles.openNew), rather than opened, read and closed
// now and opened again by its first read. Past the budget, a process
// whose directory has the inode it had when its stat last showed it the
// same process is that process: the kernel gives a new process (a reused
// pid) a new inode, and a directory that was let go and made again for
// the same process a new one too, which only costs the stat read.
// (A monitor's as_dict then reads stat once, not twice.)
func (o *processTableOS) osIterRead(pid int, mark uint64, old *Process, wantSeed bool, buf []byte) (ident uint64, seed processSeed, kept processKept, known, gone bool, out []byte, err error) {
	s := o.s
	oldFiles := old.keptFiles()
	if oldFiles != nil && !wantSeed {
		if oldFiles.sameDir(mark) {
			return 0, nil, nil, false, false, buf, nil
		}
		alive := false
		if pidfdCredsAllowed(s.FS()) {
			var info pidfdInfo
			kept, err := oldFiles.creds(&old.os, &info)
			alive = kept && err == nil
		} else {
			b, kept, err := old.os.readKept("statm", buf)
			alive = kept && err == nil
			buf = b
		}
		if alive {
			oldFiles.noteDir(mark)
			return 0, nil, nil, false, false, buf, nil
		}
	}
	if old != nil && !wantSeed && mark != 0 && !oldFiles.keepsStat() && old.os.dirIno.Load() == mark {
		return 0, nil, nil, false, false, buf, nil
	}
	var pb processPathBuf
	path := processPidPathz(&pb, s.FS(), pid, "stat")
	var b []byte
	read := false
	if old != nil {
		b, read, err = old.os.readKept("stat", buf)
		if read && err != nil {
			read = false // gone, or its pid reused: read the pid's new process
		}
	}
	if !read && oldFiles == nil && !wantSeed && filesKeepable(s.FS()) {
		f := &processFiles{}
		if b, read = f.openNew(s.FS(), pid, path, buf); read {
			kept = f
		}
	}
	if !read {
		b, err = procfs.ReadPath(path, buf)
	}
	if err != nil {
		switch err {
		case syscall.EPERM, syscall.EACCES:
			return 0, nil, nil, false, false, b, nil // identity unknown
		}
		return 0, nil, nil, false, true, b, nil
	}
	st, err := procfs.ParsePidStat(b)
	if err != nil {
		if kept != nil {
			kept.close()
		}
		return 0, nil, nil, false, true, b, nil // unparsable: the process is going away
	}
	if kept == nil && old != nil && mark != 0 && !oldFiles.keepsStat() && old.sameStart(st.Starttime) {
		old.os.dirIno.Store(mark)
	}
	return st.Starttime, &st, kept, true, false, b, nil
}

// sameStart tells whether p is the process that started at start (in
// clock ticks after boot), as process_iter checks identity.
func (p *Process) sameStart(start uint64) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return !p.reused && p.haveIdent && p.ident == start
}

// processPidPathz builds "<procfs>/<pid>/<name>\0" in buf.
func processPidPathz(buf *processPathBuf, fs FS, pid int, name string) []byte {
	b := append(buf[:0], fs.Proc...)
	b = append(b, '/')
	b = strconv.AppendInt(b, int64(pid), 10)
	b = append(b, '/')
	b = append(b, name...)
	return append(b, 0)
}

func (o *processOS) osSendSignal(sig int) error { return unix.Kill(o.p.pid, syscall.Signal(sig)) }
func (o *processOS) osSuspend() error           { return unix.Kill(o.p.pid, unix.SIGSTOP) }
func (o *processOS) osResume() error            { return unix.Kill(o.p.pid, unix.SIGCONT) }
func (o *processOS) osTerminate() error         { return unix.Kill(o.p.pid, unix.SIGTERM) }
func (o *processOS) osKill() error              { return unix.Kill(o.p.pid, unix.SIGKILL) }

// osUsername is pwd.getpwuid(uids.real).pw_name, or the uid as a string.
func (o *processOS) osUsername() (string, error) {
	p := o.p
	uids, err := p.os.osUids()
	if err != nil {
		return "", err
	}
	return p.sys.processUsername(uids.Real), nil
}

// processSignalName is the name of a signal, "SIGTERM", or "".
func processSignalName(sig int) string { return unix.SignalName(syscall.Signal(sig)) }

// processIsExecutable is psutil's check on a guessed exe: a regular file
// (following links) that we may execute.
func processIsExecutable(path string) bool {
	var st syscall.Stat_t
	if syscall.Stat(path, &st) != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return false
	}
	return unix.Access(path, unix.X_OK) == nil
}

// osWait is psutil 8's wait_pid: pidfd_open(2) and poll(2) until the
// process ends, then waitpid(2) for the exit code of a child; where
// pidfd_open is not available, waitpid(WNOHANG) and kill(pid, 0) polling.
// It polls in slices of at most 100ms so that ctx can stop it.
func (o *processOS) osWait(ctx context.Context, timeout time.Duration) (*int, error) {
	p := o.p
	var deadline time.Time
	if timeout >= 0 {
		deadline = time.Now().Add(timeout)
	}
	fd, err := unix.PidfdOpen(p.pid, 0)
	if err != nil {
		return processWaitPosix(ctx, p.pid, timeout, deadline)
	}
	defer unix.Close(fd)
	fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
	for {
		ms := 100
		if timeout >= 0 {
			left := time.Until(deadline)
			ms = min(ms, max(0, int((left+time.Millisecond-1)/time.Millisecond)))
		}
		n, err := unix.Poll(fds, ms)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return processWaitPosix(ctx, p.pid, timeout, deadline)
		}
		if n > 0 {
			break
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if timeout >= 0 && !time.Now().Before(deadline) {
			return nil, processErrTimeout
		}
	}
	return processWaitPosix(ctx, p.pid, timeout, deadline)
}

// processWaitPosix is psutil's wait_pid_posix, without blocking in
// waitpid so that ctx is honoured.
func processWaitPosix(ctx context.Context, pid int, timeout time.Duration, deadline time.Time) (*int, error) {
	interval := 100 * time.Microsecond
	sleep := func() error {
		if timeout == 0 || (timeout > 0 && !time.Now().Before(deadline)) {
			return processErrTimeout
		}
		d := interval
		if timeout > 0 {
			d = min(d, time.Until(deadline))
		}
		if err := sleepContext(ctx, d); err != nil {
			return err
		}
		interval = min(interval*2, 40*time.Millisecond)
		return nil
	}
	for {
		var ws unix.WaitStatus
		wpid, err := unix.Wait4(pid, &ws, unix.WNOHANG, nil)
		switch {
		case err == syscall.EINTR:
			continue
		case err == syscall.ECHILD:
			// Not our child (or never was): wait for it to disappear;
			// its exit code is not ours to know.
			for unix.Kill(pid, 0) != syscall.ESRCH {
				if err := sleep(); err != nil {
					return nil, err
				}
			}
			return nil, nil
		case err != nil:
			return nil, err
		case wpid == 0:
			if err := sleep(); err != nil {
				return nil, err
			}
			continue
		}
		var code int
		switch {
		case ws.Exited():
			code = ws.ExitStatus()
		case ws.Signaled():
			code = -int(ws.Signal())
		default:
			return nil, fmt.Errorf("unknown process exit status %d", ws)
		}
		return &code, nil
	}
}

// processStatusNames maps the state letters of /proc/<pid>/stat to STATUS_*
// (fs/proc/array.c, task_state_array).
var processStatusNames = [256]string{
	'R': STATUS_RUNNING,
	'S': STATUS_SLEEPING,
	'D': STATUS_DISK_SLEEP,
	'T': STATUS_STOPPED,
	't': STATUS_TRACING_STOP,
	'Z': STATUS_ZOMBIE,
	'X': STATUS_DEAD,
	'x': STATUS_DEAD,
	'K': STATUS_WAKE_KILL,
	'W': STATUS_WAKING,
	'I': STATUS_IDLE,
	'P': STATUS_PARKED,
}

func processStatusName(c byte) string {
	if s := processStatusNames[c]; s != "" {
		return s
	}
	return "?" // psutil's answer for a letter it does not know
}

// processUserCache maps uids to user names from <etc>/passwd, read again
// only when the file changes (psutil reads it for every username()).
// Unlike psutil's getpwuid, it does not ask NSS: users known only to LDAP
// or systemd's DynamicUser come out as their uid, and psulua needs no cgo.
type processUserCache struct {
	mu      sync.Mutex
	names   map[int]string
	stamp   processFileStamp
	checked time.Time
}

type processFileStamp struct {
	path  string
	size  int64
	mtime time.Time
	ok    bool
}

// processUsername is pwd.getpwuid(uid).pw_name, or the uid as a string.
func (s *System) processUsername(uid int) string {
	c := &s.procOS.users
	c.mu.Lock()
	defer c.mu.Unlock()
	now := time.Now()
	if c.names == nil || now.Sub(c.checked) > time.Second {
		c.checked = now
		path := s.FS().etc("passwd")
		stamp := processFileStamp{path: path}
		if fi, err := os.Stat(path); err == nil {
			stamp = processFileStamp{path, fi.Size(), fi.ModTime(), true}
		}
		if c.names == nil || stamp != c.stamp {
			c.stamp = stamp
			c.names = processParsePasswd(path)
		}
	}
	if name, ok := c.names[uid]; ok {
		return name
	}
	return strconv.Itoa(uid)
}

// processParsePasswd reads uid -> name from a passwd(5) file; the first
// entry for a uid wins, as getpwuid finds it.
func processParsePasswd(path string) map[int]string {
	names := map[int]string{}
	data, err := os.ReadFile(path)
	if err != nil {
		return names
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if line == "" || line[0] == '#' || line[0] == '+' || line[0] == '-' {
			continue
		}
		f := strings.SplitN(line, ":", 4)
		if len(f) < 4 {
			continue
		}
		uid, err := strconv.Atoi(f[2])
		if err != nil {
			continue
		}
		if _, dup := names[uid]; !dup {
			names[uid] = f[0]
		}
	}
	return names
}

// processBootTime is BootTime, remembered for a second: every
// create_time() needs it, and /proc/stat is not small.
func (s *System) processBootTime() (float64, error) {
	now := int64(time.Since(processEpoch)) + 1
	s.procMu.Lock()
	if s.procOS.bootAt != 0 && now-s.procOS.bootAt < int64(time.Second) {
		bt := s.procOS.boot
		s.procMu.Unlock()
		return bt, nil
	}
	s.procMu.Unlock()
	bt, err := s.BootTime()
	if err != nil {
		return 0, err
	}
	s.procMu.Lock()
	s.procOS.boot, s.procOS.bootAt = bt, now
	s.procMu.Unlock()
	return bt, nil
}

// keptFiles are the files p keeps open, or nil (p nil included).
func (p *Process) keptFiles() *processFiles {
	if p == nil {
		return nil
	}
	return p.os.keptFiles()
}
