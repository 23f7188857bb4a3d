//go:build linux

package platform

import (
	"os"
	"strconv"
	"testing"

	"github.com/psulua/psulua/platform/internal/procfs"
)

// memory_info taken from a status a Oneshot has read equals the one from
// statm, for every process of this machine whose memory holds still
// between the reads (statm read before and after status, equal).
func TestMemoryInfoFromStatusMatchesStatm(t *testing.T) {
	pageSize := uint64(os.Getpagesize())
	fromStatm := func(m procfs.PidStatm) MemoryInfo {
		return MemoryInfo{RSS: m.Resident * pageSize, VMS: m.Size * pageSize, Shared: m.Shared * pageSize, Text: m.Text * pageSize, Data: m.Data * pageSize}
	}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatal(err)
	}
	compared := 0
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		dir := "/proc/" + e.Name() + "/"
		read := func(name string) []byte {
			b, err := os.ReadFile(dir + name)
			if err != nil {
				return nil
			}
			return b
		}
		before, status, after := read("statm"), read("status"), read("statm")
		if before == nil || status == nil || string(before) != string(after) {
			continue // gone, or its memory moved meanwhile
		}
		m, err := procfs.ParsePidStatm(before)
		if err != nil {
			t.Fatalf("pid %d statm: %v", pid, err)
		}
		st, err := procfs.ParsePidStatus(status)
		if err != nil {
			t.Fatalf("pid %d status: %v", pid, err)
		}
		got, ok := memoryInfoFromStatus(st)
		if !ok {
			continue // a kernel thread, a zombie, or text that may be capped: statm is read
		}
		if want := fromStatm(m); got != want {
			t.Errorf("pid %d: memory_info from status %+v, from statm %+v", pid, got, want)
		}
		compared++
	}
	if compared < 3 {
		t.Fatalf("only %d processes compared", compared)
	}
	t.Logf("%d processes compared", compared)

	// What status cannot tell: no Vm lines, or VmLib 0.
	for name, st := range map[string]procfs.PidStatus{
		"kernel thread": {},
		"capped text":   {Has: procfs.PidStatusVm, VmSize: 100, VmRSS: 10, VmExe: 8},
	} {
		if _, ok := memoryInfoFromStatus(st); ok {
			t.Errorf("%s: memory_info taken from status, want statm read", name)
		}
	}
}

// Within a Oneshot, memory_info after username reads no statm where status
// has its figures (statm where it has not: a statically linked program
// shows VmLib 0): the same values as outside one.
func TestMemoryInfoInOneshotUsesStatus(t *testing.T) {
	s := New(LiveFS())
	child := procStart(t, []string{"sleep", "600"}, []string{"sleep", "600"})
	p, err := s.NewProcess(child.Process.Pid)
	if err != nil {
		t.Fatal(err)
	}
	// Once sleep sleeps its memory holds still (before, the loader is
	// still mapping libraries).
	procWaitFor(t, "sleep to sleep", func() bool { st, err := p.Status(); return err == nil && st == STATUS_SLEEPING })
	outside, err := p.MemoryInfo()
	if err != nil {
		t.Fatal(err)
	}
	var inside MemoryInfo
	err = p.Oneshot(func() error {
		if _, err := p.Username(); err != nil {
			return err
		}
		inside, err = p.MemoryInfo()
		if err != nil {
			return err
		}
		p.mu.Lock()
		readStatm, st := p.cache.statm.ok, p.cache.status.v
		p.mu.Unlock()
		if _, fromStatus := memoryInfoFromStatus(st); readStatm == fromStatus {
			t.Errorf("memory_info read statm: %v, although status could give it: %v", readStatm, fromStatus)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if inside != outside {
		t.Errorf("memory_info in a Oneshot %+v, outside %+v", inside, outside)
	}
}

// num_threads on the live root comes from stat, which psutil reads from
// status: the two agree for every process whose count held still, a
// process with many threads among them.
func TestNumThreadsFromStatMatchesStatus(t *testing.T) {
	threaded := procStart(t, []string{"python3", "-c", "import threading, time\nfor _ in range(7): threading.Thread(target=time.sleep, args=(600,), daemon=True).start()\ntime.sleep(600)"}, nil)
	procWaitFor(t, "python3 to start its threads", func() bool { return procStatField(threaded.Process.Pid, 17) == "8" })
	s := New(LiveFS())
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatal(err)
	}
	compared, sawThreaded := 0, false
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		status := func() []byte { b, _ := os.ReadFile("/proc/" + e.Name() + "/status"); return b }
		before := status()
		n, err := s.newProcess(pid).NumThreads()
		after := status()
		if err != nil || before == nil || after == nil {
			continue
		}
		a, err1 := procfs.ParsePidStatus(before)
		b, err2 := procfs.ParsePidStatus(after)
		if err1 != nil || err2 != nil || a.Threads != b.Threads {
			continue
		}
		if n != a.Threads {
			t.Errorf("pid %d: num_threads %d, status says %d", pid, n, a.Threads)
		}
		compared++
		sawThreaded = sawThreaded || pid == threaded.Process.Pid
	}
	if compared < 3 || !sawThreaded {
		t.Fatalf("compared %d processes (the threaded one: %v)", compared, sawThreaded)
	}
}
