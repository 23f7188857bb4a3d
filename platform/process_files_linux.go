//go:build linux

package platform

import (
	"math/bits"
	"runtime"
	"sync"
	"sync/atomic"

	"golang.org/x/sys/unix"

	"github.com/psulua/psulua/platform/internal/procfs"
)

// A monitor lists the same processes again and again. For the processes
// in process_iter's table, the files every refresh reads (stat, status,
// statm) and a pidfd (for the credentials, see pidfd_linux.go) stay open
// from one pass to the next and are read again with pread: one system
// call instead of open, read and close. A pid that is
// reused gets a new /proc/<pid> directory, so a file kept from the old
// process answers ESRCH rather than the new process's values: safer than
// opening again by pid. The descriptors are bounded by processFilesBudget
// for the whole program; past it, processes are read as the others are.

// The files kept open, by their index in processFiles.fds.
const (
	keptStat = iota
	keptStatus
	keptStatm
	keptPidfd // not a file of /proc/<pid>: opened with pidfd_open
	keptCount
)

var keptNames = [keptCount]string{keptStat: "stat", keptStatus: "status", keptStatm: "statm"}

func keptIndex(name string) int {
	for i, n := range keptNames {
		if n == name && n != "" {
			return i
		}
	}
	return -1
}

// processFiles are the files kept open for one Process. It is allocated
// apart from the Process, so that a cleanup can close them when the
// Process is collected without having been dropped from the table.
type processFiles struct {
	mu     sync.Mutex // held across each read: closing waits for readers
	fds    [keptCount]int32
	open   [keptCount]bool
	closed bool
	// dirIno is the inode of the /proc/<pid> directory that the kept stat
	// holds, as a listing saw it while the process was alive; 0 unknown.
	dirIno uint64
}

// sameDir tells whether a listing's inode for the pid is dirIno: the
// directory the kept stat holds, which the kernel gives no other process.
func (f *processFiles) sameDir(ino uint64) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return ino != 0 && !f.closed && f.open[keptStat] && f.dirIno == ino
}

// keepsStat tells whether f (which may be nil) holds a stat open.
func (f *processFiles) keepsStat() bool {
	if f == nil {
		return false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return !f.closed && f.open[keptStat]
}

// noteDir records the inode a listing gave for the pid, once the process
// was found alive after it, so that the kept stat held that directory.
func (f *processFiles) noteDir(ino uint64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.closed && f.open[keptStat] {
		f.dirIno = ino
	}
}

// processFilesOpen counts the descriptors kept in the whole program.
var processFilesOpen atomic.Int64

// processFilesBudget is how many descriptors may be kept: a quarter of the
// soft limit on open files (which Go raises to the hard limit when it
// starts), at most 4 files for 8192 processes.
var processFilesBudget = func() int64 {
	var rl unix.Rlimit
	if unix.Getrlimit(unix.RLIMIT_NOFILE, &rl) != nil || rl.Cur == unix.RLIM_INFINITY {
		return 0
	}
	return min(int64(rl.Cur/4), keptCount*8192)
}()

// filesKeepable tells whether the processes of fs may keep files open.
func filesKeepable(fs FS) bool { return fs.Live() && processFilesBudget > 0 }

// What processOS.keep says: whether p may keep files.
const (
	keepNot     = iota
	keepAllowed // from now on, once
	keepDropped // never again
)

// keepFiles lets p keep its files open from now on, once. Its
// processFiles is made by its first read (keptFiles).
func (o *processOS) keepFiles() {
	if filesKeepable(o.p.fs) {
		o.keep.CompareAndSwap(keepNot, keepAllowed)
	}
}

// keptFiles are the files p keeps, made now if it may keep some; nil when
// it may not.
func (o *processOS) keptFiles() *processFiles {
	if f := o.files.Load(); f != nil || o.keep.Load() != keepAllowed {
		return f
	}
	f := &processFiles{}
	if !o.files.CompareAndSwap(nil, f) {
		return o.files.Load()
	}
	runtime.AddCleanup(o.p, (*processFiles).close, f)
	if o.keep.Load() == keepDropped {
		f.close() // dropFiles ran meanwhile, and found none to close
	}
	return f
}

// osAdopt lets p keep the files process_iter opened to read it (kept, a
// *processFiles), unless it keeps some already. The listing gave mark for
// the /proc/<pid> directory that kept's stat holds (see noteDir).
func (o *processOS) osAdopt(kept processKept, mark uint64) bool {
	f, ok := kept.(*processFiles)
	if !ok || o.keep.Load() == keepDropped || !o.files.CompareAndSwap(nil, f) {
		return false
	}
	runtime.AddCleanup(o.p, (*processFiles).close, f)
	f.noteDir(mark)
	return true
}

// dropFiles closes p's kept files for good; p reads as other processes do.
func (o *processOS) dropFiles() {
	o.keep.Store(keepDropped)
	if f := o.files.Load(); f != nil {
		f.close()
	}
}

// readKept reads the file name through p's kept files, if it is one of
// them: ok is false when it is not.
func (o *processOS) readKept(name string, buf []byte) (out []byte, ok bool, err error) {
	i := keptIndex(name)
	if i < 0 {
		return buf, false, nil
	}
	f := o.keptFiles()
	if f == nil {
		return buf, false, nil
	}
	return f.read(o, i, buf)
}

func (f *processFiles) close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closeLocked()
}

func (f *processFiles) closeLocked() {
	f.closed = true
	for i := range f.fds {
		if f.open[i] {
			unix.Close(int(f.fds[i]))
			f.open[i] = false
			processFilesOpen.Add(-1)
		}
	}
}

// read reads the kept file i into buf[:0], opening it first if need be.
// ok is false when the file is not kept (closed, or past the budget): the
// caller reads it as usual.
func (f *processFiles) read(o *processOS, i int, buf []byte) (out []byte, ok bool, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fresh := i == keptStat && !f.open[keptStat]
	if buf, ok, err = f.ensureOpen(o, i, buf); !ok || err != nil {
		return buf, ok, err
	}
	if fresh {
		return buf, true, nil // opening stat has just read it
	}
	out, err = procfs.Reread(int(f.fds[i]), buf)
	return out, true, err
}

// creds fills info through the kept pidfd (pidfdCreds), opening it first
// if need be; ok is false when it is not kept or the kernel can't answer.
func (f *processFiles) creds(o *processOS, info *pidfdInfo) (ok bool, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.open[keptPidfd] {
		bp := processBufs.Get().(*[]byte)
		_, ok, err = f.ensureOpen(o, keptPidfd, *bp)
		processBufs.Put(bp)
		if !ok || err != nil {
			return ok, err
		}
	}
	if f.closed || !f.open[keptPidfd] {
		return false, nil
	}
	return pidfdCreds(int(f.fds[keptPidfd]), info)
}

// ensureOpen opens the kept file i, and stat before it, when they are not
// open yet; buf is stat's buffer, holding stat when ensureOpen opened it.
// ok is false when f is closed.
//
// The files are opened by path, and the pidfd by pid, where the pid may
// meanwhile belong to another process. So stat must show the process's
// own start time (ident, when known) when it is opened, which also vouches
// for a pidfd opened just before it; and a file opened later must find the
// process still alive once it is open (through the pidfd, or else stat): a
// process that has not been reaped has kept its pid.
func (f *processFiles) ensureOpen(o *processOS, i int, buf []byte) (out []byte, ok bool, err error) {
	if f.closed {
		return buf, false, nil
	}
	if !f.open[keptStat] {
		if !f.open[keptPidfd] && pidfdCredsAllowed(o.p.fs) {
			if f.openPidfd(o.p.pid); f.closed {
				return buf, false, nil // past the budget
			}
		}
		if buf, err = f.openStat(o, buf); err != nil || f.closed {
			return buf, !f.closed, err
		}
	}
	if !f.open[i] {
		buf, err = f.openChecked(o, i, buf)
	}
	return buf, !f.closed, err
}

// reserve counts one more kept descriptor; past the budget it closes f
// and returns false.
func (f *processFiles) reserve() bool {
	if processFilesOpen.Add(1) > processFilesBudget {
		processFilesOpen.Add(-1)
		f.closeLocked()
		return false
	}
	return true
}

// openNew opens the files of a process that has none yet, as ensureOpen
// does, to read its identity: the pidfd, then stat at path, read into buf.
// The process's start time is not known yet: stat's read is what
// process_iter takes it from. ok is false, and f closed, when that fails
// or the budget is spent: the caller reads stat as usual.
func (f *processFiles) openNew(fs FS, pid int, path []byte, buf []byte) (out []byte, ok bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if pidfdCredsAllowed(fs) {
		f.openPidfd(pid)
	}
	if f.closed {
		return buf, false // past the budget
	}
	out, err := f.openStatAt(path, buf)
	if err != nil || f.closed {
		f.closeLocked()
		return out, false
	}
	return out, true
}

// openPidfd opens the pidfd of pid, to be vouched for by stat (see
// ensureOpen). Where the kernel has none, there is none to keep.
func (f *processFiles) openPidfd(pid int) {
	if !f.reserve() {
		return
	}
	fd, ok, err := pidfdOpen(pid)
	if !ok || err != nil {
		processFilesOpen.Add(-1)
		return // without a process, stat fails next
	}
	f.fds[keptPidfd], f.open[keptPidfd] = int32(fd), true
}

// openStatAt opens stat at path and reads it into buf; f is closed past
// the budget.
func (f *processFiles) openStatAt(path, buf []byte) ([]byte, error) {
	if !f.reserve() {
		return buf, nil
	}
	fd, err := procfs.Open(path)
	if err != nil {
		processFilesOpen.Add(-1)
		return buf[:0], err
	}
	f.fds[keptStat], f.open[keptStat] = int32(fd), true
	return procfs.Reread(fd, buf)
}

// openStat opens stat, reads it into buf and checks the process's start
// time; f is closed when another process has the pid now.
func (f *processFiles) openStat(o *processOS, buf []byte) ([]byte, error) {
	var pb processPathBuf
	buf, err := f.openStatAt(o.p.pathz(&pb, keptNames[keptStat]), buf)
	if err != nil || f.closed {
		return buf, err
	}
	_, start, _, perr := procfs.ParsePidStatStart(buf)
	o.p.mu.Lock()
	ident, have := o.p.ident, o.p.haveIdent
	o.p.mu.Unlock()
	if perr != nil || (have && start != ident) {
		f.closeLocked() // another process has the pid now
	}
	return buf, nil
}

// openChecked opens the kept file i once stat is open, and checks that
// the process is still alive; buf is a buffer for stat.
func (f *processFiles) openChecked(o *processOS, i int, buf []byte) ([]byte, error) {
	if !f.reserve() {
		return buf, nil
	}
	var fd int
	var err error
	if i == keptPidfd {
		var ok bool
		if fd, ok, err = pidfdOpen(o.p.pid); !ok {
			processFilesOpen.Add(-1)
			return buf, nil // the kernel has none: the caller reads status
		}
	} else {
		var pb processPathBuf
		fd, err = procfs.Open(o.p.pathz(&pb, keptNames[i]))
	}
	if err != nil {
		processFilesOpen.Add(-1)
		return buf[:0], err
	}
	f.fds[i], f.open[i] = int32(fd), true
	if i != keptPidfd && f.open[keptPidfd] {
		var info pidfdInfo
		if ok, err := pidfdCreds(int(f.fds[keptPidfd]), &info); ok {
			return buf, err
		}
	}
	return procfs.Reread(int(f.fds[keptStat]), buf)
}

// osIterStart makes room in the program's descriptor table for the files
// the processes of a pass may keep (see osKeepTable). A first listing with
// prefetch keeps none: growing the table would only make it wait (a
// one-shot listing of 1,000 processes took 1.3x the wall time).
func (o *processTableOS) osIterStart(n int, keep bool) {
	if keep && filesKeepable(o.s.FS()) {
		expectKept(n)
	}
}

// fdTableLeftToKernel is the table size up to which expectKept lets the
// kernel grow the table (see there; a variable for the tests).
var fdTableLeftToKernel int64 = 512

// fdTableRoom is the size expectKept last grew the program's descriptor
// table to, or found it could not.
var fdTableRoom atomic.Int64

// expectKept grows the descriptor table, at once, to hold the files n
// processes may keep (at most the budget) above the descriptors the
// program has. The kernel grows it by doubling as descriptors are opened,
// and in a program with several threads each growth past 256 descriptors
// waits for an RCU grace period (expand_fdtable), 5 to 20 ms here: a
// monitor's first pass over 1,000 processes, keeping 3,000 descriptors,
// waited four times, 40% of its wall time. Up to 512 descriptors the
// kernel's own growth waits at most once, as this one would, and it is
// left to it. F_DUPFD, unlike dup2, never replaces a descriptor in use;
// past RLIMIT_NOFILE it fails and the table grows as before.
func expectKept(n int) {
	need := min(processFilesBudget, keptCount*int64(n)) + 64
	if need <= fdTableRoom.Load() {
		return
	}
	fd, err := unix.Open("/", unix.O_PATH|unix.O_CLOEXEC, 0)
	if err != nil {
		return
	}
	defer unix.Close(fd)
	// fd is the lowest free descriptor: the kept ones come after it. The
	// size is rounded as the kernel rounds it.
	size := int64(1) << bits.Len64(uint64(int64(fd)+need-1))
	if size <= fdTableLeftToKernel {
		return
	}
	high, err := unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, int(size)-1)
	switch {
	case err == nil:
		unix.Close(high)
	case err != unix.EINVAL: // out of descriptors for now: another pass tries again
		return
	}
	for {
		room := fdTableRoom.Load()
		if size <= room || fdTableRoom.CompareAndSwap(room, size) {
			return
		}
	}
}

// osKeepTable lets the processes of a new process_iter table keep their
// files, and closes those of the processes that left it.
func (*processTableOS) osKeepTable(old, now map[int]*Process) {
	for pid, p := range old {
		if now[pid] != p {
			p.os.dropFiles()
		}
	}
	for _, p := range now {
		p.os.keepFiles()
	}
}
