//go:build linux

package platform

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// withFilesBudget sets the descriptor budget for one test: the processes
// of other tests' Systems, not yet collected, count against the real one.
func withFilesBudget(t *testing.T, n int64) {
	old := processFilesBudget
	processFilesBudget = n
	t.Cleanup(func() { processFilesBudget = old })
}

// withFdTableLeftToKernel sets fdTableLeftToKernel for one test, and
// clears expectKept's record of the table's size meanwhile.
func withFdTableLeftToKernel(t *testing.T, size int64) {
	old, room := fdTableLeftToKernel, fdTableRoom.Swap(0)
	fdTableLeftToKernel = size
	t.Cleanup(func() {
		fdTableLeftToKernel = old
		fdTableRoom.Store(max(room, fdTableRoom.Load()))
	})
}

// procIterFind runs process_iter on s and returns the Process of pid, or
// nil when it is not listed.
func procIterFind(t *testing.T, s *System, pid int) *Process {
	t.Helper()
	procs, err := s.ProcessIter()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range procs {
		if p.Pid() == pid {
			return p
		}
	}
	return nil
}

// The files of a process that stays in process_iter's table are kept open
// and read again with pread; they close when it leaves the table, and a
// process that ends meanwhile reads as NoSuchProcess through them.
func TestProcessIterKeepsFiles(t *testing.T) {
	withFilesBudget(t, math.MaxInt64)
	s := New(LiveFS())
	child := procStart(t, []string{"sleep", "600"}, nil)
	pid := child.Process.Pid
	find := func() *Process {
		t.Helper()
		p := procIterFind(t, s, pid)
		if p == nil {
			t.Fatalf("pid %d not listed", pid)
		}
		return p
	}
	before := processFilesOpen.Load()
	p := find()
	if find() != p {
		t.Fatal("process_iter gave another Process for the same process")
	}
	err := p.Oneshot(func() error {
		if _, err := p.MemoryInfo(); err != nil {
			return err
		}
		_, err := p.NumCtxSwitches()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	f := p.os.files.Load()
	if f == nil {
		t.Fatal("a process of the table keeps no files")
	}
	f.mu.Lock()
	open := f.open
	f.mu.Unlock()
	// process_iter's second pass told the process alive by its pidfd.
	want := [keptCount]bool{true, true, true, pidfdCredsAllowed(s.FS())}
	if open != want {
		t.Errorf("kept files open = %v, want %v (stat, status, statm, pidfd)", open, want)
	}
	if n := processFilesOpen.Load(); n < before+3 {
		t.Errorf("descriptors kept = %d, want at least %d", n, before+3)
	}
	if uids, err := p.Uids(); err != nil || uids.Real != os.Getuid() {
		t.Errorf("Uids() through the kept files = %v, %v; want real uid %d", uids, err, os.Getuid())
	}

	// The values read through the kept files are the process's: sleep(1)
	// is sleeping once it has started.
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		st, err := p.Status()
		if err == nil && st == STATUS_SLEEPING {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Status() through a kept file = %q, %v; want sleeping", st, err)
		}
	}

	if err := child.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_, _ = child.Process.Wait()
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, err := p.MemoryInfo()
		var nsp *NoSuchProcess
		if errors.As(err, &nsp) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("MemoryInfo() of an ended process through a kept file = %v, want NoSuchProcess", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	var nsp *NoSuchProcess
	if _, err := p.Uids(); !errors.As(err, &nsp) {
		t.Errorf("Uids() of an ended process through a kept pidfd = %v, want NoSuchProcess", err)
	}
	if _, err := s.ProcessIter(); err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	closed, open := f.closed, f.open
	f.mu.Unlock()
	if !closed || open != [keptCount]bool{} {
		t.Errorf("files of a process that left the table: closed %v, open %v", closed, open)
	}
	s.ProcessIterCacheClear()
	if n := processFilesOpen.Load(); n != before {
		t.Errorf("descriptors kept after cache_clear = %d, want %d", n, before)
	}
}

// A Process outside the table, and a fixture tree, keep nothing open.
func TestProcessKeepsNoFilesOutsideTable(t *testing.T) {
	s := New(LiveFS())
	p, err := s.Self()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.MemoryInfo(); err != nil {
		t.Fatal(err)
	}
	if p.os.files.Load() != nil {
		t.Error("psutil.Process() keeps files open")
	}
	fx := fixture(t, "proc-basic")
	procs, err := fx.ProcessIter()
	if err != nil {
		t.Fatal(err)
	}
	fx.procOS.osKeepTable(nil, map[int]*Process{procs[0].Pid(): procs[0]})
	if procs[0].os.files.Load() != nil {
		t.Error("a fixture tree's process keeps files open")
	}
}

// A kept file is opened by path: if the pid belongs to another process by
// then (its start time differs), nothing is kept.
func TestProcessKeptFilesCheckIdentity(t *testing.T) {
	withFilesBudget(t, math.MaxInt64)
	s := New(LiveFS())
	child := procStart(t, []string{"sleep", "600"}, nil)
	real, err := s.NewProcess(child.Process.Pid)
	if err != nil {
		t.Fatal(err)
	}
	p := s.newProcessIdent(child.Process.Pid, real.ident+1) // an earlier process with that pid
	p.os.keepFiles()
	if _, err := p.MemoryInfo(); err != nil {
		t.Fatal(err)
	}
	f := p.os.files.Load()
	f.mu.Lock()
	closed, open := f.closed, f.open
	f.mu.Unlock()
	if !closed || open != [keptCount]bool{} {
		t.Errorf("files kept for a reused pid: closed %v, open %v", closed, open)
	}
}

// Past the budget a process reads as the others do, with the same values.
func TestProcessKeptFilesBudget(t *testing.T) {
	withFilesBudget(t, processFilesOpen.Load()+1) // room for stat, not for status
	s := New(LiveFS())
	p, err := s.Self()
	if err != nil {
		t.Fatal(err)
	}
	p.os.keepFiles()
	want, err := s.Self()
	if err != nil {
		t.Fatal(err)
	}
	got, err := p.Uids()
	if err != nil {
		t.Fatal(err)
	}
	if w, _ := want.Uids(); got != w {
		t.Errorf("Uids() past the budget = %v, want %v", got, w)
	}
	f := p.os.files.Load()
	f.mu.Lock()
	closed := f.closed
	f.mu.Unlock()
	if !closed {
		t.Error("a process past the budget keeps its files")
	}
}

// A process whose kept stat holds its /proc/<pid> directory is told alive
// by that directory's inode in the listing, without a system call of its
// own: process_iter records the inode once it has found the process alive
// after a listing, asks the process again when the listing's inode
// differs, and records the new one. (The kernel gives the pid's next
// process a new inode, even while the old directory is held open.)
func TestProcessIterTellsAliveByDirInode(t *testing.T) {
	withFilesBudget(t, math.MaxInt64)
	s := New(LiveFS())
	child := procStart(t, []string{"sleep", "600"}, nil)
	pid := child.Process.Pid
	find := func() *Process { t.Helper(); return procIterFind(t, s, pid) }
	dirIno := func() uint64 {
		var st syscall.Stat_t
		if err := syscall.Stat("/proc/"+strconv.Itoa(pid), &st); err != nil {
			t.Fatal(err)
		}
		return st.Ino
	}
	p := find()
	if p == nil || find() != p {
		t.Fatal("process_iter did not keep the child's Process")
	}
	f := p.os.files.Load()
	recorded := func() uint64 {
		f.mu.Lock()
		defer f.mu.Unlock()
		return f.dirIno
	}
	if got, want := recorded(), dirIno(); got != want {
		t.Fatalf("recorded inode %d, /proc/%d has %d", got, pid, want)
	}

	// A wrong record: the process is asked, found alive, and the inode
	// recorded again.
	f.mu.Lock()
	f.dirIno++
	f.mu.Unlock()
	if find() != p {
		t.Fatal("process_iter gave another Process after a wrong record")
	}
	if got, want := recorded(), dirIno(); got != want {
		t.Fatalf("after a wrong record: inode %d, /proc/%d has %d", got, pid, want)
	}

	// With the right record, the process is not asked: a pidfd that would
	// fail is not used (it would turn pidfd credentials off).
	if pidfdCredsAllowed(s.FS()) {
		was := pidfdCredsOff.Load()
		t.Cleanup(func() { pidfdCredsOff.Store(was) })
		f.mu.Lock()
		saved := f.fds[keptPidfd]
		f.fds[keptPidfd] = -1
		f.mu.Unlock()
		got := find()
		f.mu.Lock()
		f.fds[keptPidfd] = saved
		f.mu.Unlock()
		if got != p || pidfdCredsOff.Load() != was {
			t.Errorf("with the inode recorded, process_iter asked the process (same Process %v, pidfd credentials turned off %v)", got == p, pidfdCredsOff.Load())
		}
	}

	if err := child.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_, _ = child.Process.Wait()
	if find() != nil {
		t.Error("process_iter lists a process that was reaped")
	}
}

// A process without a kept stat (past the budget, or in a tree that is
// not the live /proc) is told the same process by its /proc/<pid>
// directory's inode once a listing has read its stat and found it the
// same: its stat is not read again for that, while the directory stays.
// A new directory (the kernel's for a reused pid) is read and, with
// another start time, gives a new Process.
func TestProcessIterTellsUnkeptByDirInode(t *testing.T) {
	s, proc := procTempTree(t, "proc-basic")
	dir := filepath.Join(proc, "4242")
	find := func() *Process { t.Helper(); return procIterFind(t, s, 4242) }
	p := find()
	if p == nil || find() != p {
		t.Fatal("process_iter did not keep the Process of 4242")
	}
	var st syscall.Stat_t
	if err := syscall.Stat(dir, &st); err != nil {
		t.Fatal(err)
	}
	if got := p.os.dirIno.Load(); got != st.Ino {
		t.Fatalf("recorded inode %d, the directory has %d", got, st.Ino)
	}
	// The same directory with another start time in its stat (which the
	// kernel never shows): taken as the same process, its stat unread.
	procSetStat(t, filepath.Join(dir, "stat"), map[int]string{19: "999999"})
	if find() != p {
		t.Fatal("process_iter read the stat of a process whose directory it knew")
	}
	// A new directory for the pid: read, and another process.
	if err := os.Rename(dir, dir+".old"); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(dir, os.DirFS(dir+".old")); err != nil {
		t.Fatal(err)
	}
	q := find()
	if q == nil || q == p {
		t.Fatalf("process_iter gave %v for a new /proc/4242, want a new Process", q)
	}
	if start, _ := q.CreateTime(); start == 0 {
		t.Error("the new Process has no create time")
	}
	// And a wrong record is read again and mended.
	q.os.dirIno.Add(1)
	if find() != q {
		t.Fatal("process_iter gave another Process after a wrong record")
	}
	if err := syscall.Stat(dir, &st); err != nil {
		t.Fatal(err)
	}
	if got := q.os.dirIno.Load(); got != st.Ino {
		t.Errorf("after a wrong record: inode %d, the directory has %d", got, st.Ino)
	}
}

// A pass that may keep files first grows the descriptor table to hold
// them, in one step: /proc/self/status says how many descriptors it holds
// (FDSize), which only grows.
func TestExpectKeptGrowsTheTable(t *testing.T) {
	var rl unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &rl); err != nil {
		t.Fatal(err)
	}
	withFilesBudget(t, math.MaxInt64)
	withFdTableLeftToKernel(t, 0)
	fdSize := func() int64 {
		t.Helper()
		b, err := os.ReadFile("/proc/self/status")
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "FDSize:"); ok {
				n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
				if err != nil {
					t.Fatal(err)
				}
				return n
			}
		}
		t.Fatal("no FDSize in /proc/self/status")
		return 0
	}
	before := fdSize()
	n := int(before)/keptCount + 1 // more than the table holds
	if need := 2 * (keptCount*int64(n) + 64); need > int64(min(rl.Cur, math.MaxInt32)) {
		t.Skipf("RLIMIT_NOFILE %d leaves no room above the %d descriptors the table holds", rl.Cur, before)
	}
	expectKept(n)
	if after := fdSize(); after < keptCount*int64(n)+64 {
		t.Errorf("FDSize %d after expectKept(%d), was %d; want at least %d", after, n, before, keptCount*int64(n)+64)
	}
}

// A first listing with prefetch opens nothing to keep, so it leaves the
// descriptor table as it is; the next pass, and any pass without
// prefetch, makes room first.
func TestExpectKeptOnlyWhenKeeping(t *testing.T) {
	withFilesBudget(t, math.MaxInt64)
	withFdTableLeftToKernel(t, 0)
	s := New(LiveFS())
	defer s.ProcessIterCacheClear()
	if _, err := s.ProcessIterAttrs([]string{"name"}); err != nil {
		t.Fatal(err)
	}
	if n := fdTableRoom.Load(); n != 0 {
		t.Errorf("a first listing with prefetch grew the descriptor table to %d", n)
	}
	if _, err := s.ProcessIterAttrs([]string{"name"}); err != nil {
		t.Fatal(err)
	}
	if n := fdTableRoom.Load(); n == 0 {
		t.Error("a second listing with prefetch did not grow the descriptor table")
	}
	fdTableRoom.Store(0)
	s2 := New(LiveFS())
	defer s2.ProcessIterCacheClear()
	if _, err := s2.ProcessIter(); err != nil {
		t.Fatal(err)
	}
	if n := fdTableRoom.Load(); n == 0 {
		t.Error("a first listing without prefetch did not grow the descriptor table")
	}
}

// A table of up to 512 descriptors is left to the kernel to grow.
func TestExpectKeptLeavesSmallTables(t *testing.T) {
	withFilesBudget(t, math.MaxInt64)
	withFdTableLeftToKernel(t, 512)
	expectKept(50)
	if n := fdTableRoom.Load(); n != 0 {
		t.Errorf("expectKept(50) grew the descriptor table to %d", n)
	}
}

// A listing with attributes lets the processes of its table keep files
// without making them: a one-shot listing reads none of them again. The
// first read of such a process opens them.
func TestProcessKeptFilesMadeByTheFirstRead(t *testing.T) {
	withFilesBudget(t, math.MaxInt64)
	s := New(LiveFS())
	child := procStart(t, []string{"sleep", "600"}, nil)
	procs, err := s.ProcessIterAttrs([]string{"name", "memory_info"})
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(procs, func(p *Process) bool { return p.Pid() == child.Process.Pid })
	if i < 0 {
		t.Fatalf("pid %d not listed", child.Process.Pid)
	}
	p := procs[i]
	if p.os.files.Load() != nil || p.os.keep.Load() != keepAllowed {
		t.Fatalf("after one listing: files %v, keep %d; want none made, keepAllowed", p.os.files.Load(), p.os.keep.Load())
	}
	if _, err := p.Status(); err != nil {
		t.Fatal(err)
	}
	f := p.os.files.Load()
	if f == nil || !f.keepsStat() {
		t.Fatal("a read of a process of the table kept no stat open")
	}
	s.procOS.osKeepTable(map[int]*Process{p.Pid(): p}, nil)
	if !f.closed || p.os.keptFiles() != f {
		t.Errorf("a process that left the table: files closed %v, kept %v", f.closed, p.os.keptFiles() == f)
	}
}
