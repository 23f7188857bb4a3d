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

// sleepingProcess starts sleep and returns it, read by s, once it sleeps:
// its memory then holds still (before, the loader is still mapping
// libraries).
func sleepingProcess(t *testing.T, s *System) *Process {
	t.Helper()
	child := procStart(t, []string{"sleep", "600"}, []string{"sleep", "600"})
	p, err := s.NewProcess(child.Process.Pid)
	if err != nil {
		t.Fatal(err)
	}
	procWaitFor(t, "sleep to sleep", func() bool { st, err := p.Status(); return err == nil && st == STATUS_SLEEPING })
	return p
}

// Within a Oneshot, memory_info after username reads no statm where status
// has its figures (statm where it has not: a statically linked program
// shows VmLib 0): the same values as outside one.
func TestMemoryInfoInOneshotUsesStatus(t *testing.T) {
	s := New(LiveFS())
	p := sleepingProcess(t, s)
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

// as_dict and process_iter's prefetch read status first where it answers
// both the credentials and memory_info (or either, beside an attribute
// that reads it anyway), and else the cheaper files: a pidfd for the
// credentials, statm for the memory. A process whose files are kept open
// keeps reading statm and its pidfd. The values are those each method
// reads alone.
func TestReadAheadReadsStatusForSeveralAttributes(t *testing.T) {
	s := New(LiveFS())
	probe := sleepingProcess(t, s)
	pid := probe.Pid()
	wantUser, err := probe.Username()
	if err != nil {
		t.Fatal(err)
	}
	wantMem, err := probe.MemoryInfo()
	if err != nil {
		t.Fatal(err)
	}
	pidfd := pidfdCredsAllowed(s.FS()) // else the credentials come from status
	type read struct{ status, statm, creds bool }
	for _, c := range []struct {
		attrs []string
		kept  bool
		want  read
	}{
		{[]string{"username", "memory_info"}, false, read{status: true}},
		{[]string{"memory_percent", "uids", "name"}, false, read{status: true}},
		{[]string{"num_ctx_switches", "memory_info"}, false, read{status: true}},
		{[]string{"num_ctx_switches", "gids"}, false, read{status: true}},
		{[]string{"username"}, false, read{status: !pidfd, creds: pidfd}},
		{[]string{"memory_info", "name"}, false, read{statm: true}},
		{[]string{"username", "memory_info"}, true, read{status: !pidfd, statm: pidfd, creds: pidfd}},
	} {
		for _, how := range []string{"as_dict", "prefetch"} {
			p := s.newProcess(pid)
			if c.kept {
				p.os.keepFiles()
				t.Cleanup(func() { p.os.files.Load().close() })
			}
			set, err := NewProcessAttrSet(c.attrs)
			if err != nil {
				t.Fatal(err)
			}
			var got read
			values := map[string]any{}
			err = p.Oneshot(func() error { // the outer Oneshot keeps the cache for a look
				var err error
				if how == "as_dict" {
					err = p.AsDictFunc(set, func(int) {}, func(name string, v any, denied bool) { values[name] = v })
				} else if err = p.Prefetch(c.attrs); err == nil {
					for _, name := range c.attrs {
						values[name], _, _ = p.Prefetched(name)
					}
				}
				p.mu.Lock()
				got = read{p.cache.status.ok, p.cache.statm.ok, p.cache.creds.ok}
				p.mu.Unlock()
				return err
			})
			if err != nil {
				t.Fatalf("%s %v: %v", how, c.attrs, err)
			}
			if got != c.want {
				t.Errorf("%s %v (files kept: %v): read %+v, want %+v", how, c.attrs, c.kept, got, c.want)
			}
			if v, ok := values["username"]; ok && v != wantUser {
				t.Errorf("%s %v: username %v, want %v", how, c.attrs, v, wantUser)
			}
			if v, ok := values["memory_info"]; ok && v != wantMem {
				t.Errorf("%s %v: memory_info %+v, want %+v", how, c.attrs, v, wantMem)
			}
		}
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
