//go:build linux

package platform

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// procFixture is fixture() with the user database of the tree's etc/passwd.
func procFixture(t *testing.T, name string) *System {
	t.Helper()
	return fixture(t, name)
}

// procErrClass names the psutil class of err, as the tests compare it.
func procErrClass(err error) string {
	var z *ZombieProcess
	var nsp *NoSuchProcess
	var ad *AccessDenied
	var te *TimeoutExpired
	switch {
	case err == nil:
		return ""
	case errors.As(err, &z):
		return "ZombieProcess"
	case errors.As(err, &nsp):
		return "NoSuchProcess"
	case errors.As(err, &ad):
		return "AccessDenied"
	case errors.As(err, &te):
		return "TimeoutExpired"
	case errors.Is(err, ErrNotImplemented):
		return "NotImplemented"
	case errors.Is(err, syscall.ENOENT):
		return "ENOENT"
	}
	return "error: " + err.Error()
}

// procSnapshot is what the file-backed getters say about a process.
type procSnapshot struct {
	Name            string
	Cmdline         []string
	Environ         map[string]string
	Status          string
	Ppid            int
	Uids            Uids
	Gids            Gids
	Username        string
	NumThreads      int
	NumCtxSwitches  CtxSwitches
	CPUTimes        ProcessCPUTimes
	CPUNum          int
	CreateTime      float64
	Nice            int
	Terminal        *string
	PageFaults      PageFaults
	MemoryInfo      MemoryInfo
	MemoryInfoEx    MemoryInfoEx
	MemoryFootprint MemoryFootprint
	MemoryMaps      []MemoryMapGrouped
	IOCounters      ProcessIOCounters
	Threads         []Thread
	RlimitNofile    [2]int64
	CPUAffinity     []int
	Errors          map[string]string // getter -> error class, for those that failed
}

func procSnap(p *Process) procSnapshot {
	var s procSnapshot
	s.Errors = map[string]string{}
	note := func(name string, err error) {
		if err != nil {
			s.Errors[name] = procErrClass(err)
		}
	}
	var err error
	s.Name, err = p.Name()
	note("name", err)
	s.Cmdline, err = p.Cmdline()
	note("cmdline", err)
	s.Environ, err = p.Environ()
	note("environ", err)
	s.Status, err = p.Status()
	note("status", err)
	s.Ppid, err = p.Ppid()
	note("ppid", err)
	s.Uids, err = p.Uids()
	note("uids", err)
	s.Gids, err = p.Gids()
	note("gids", err)
	s.Username, err = p.Username()
	note("username", err)
	s.NumThreads, err = p.NumThreads()
	note("num_threads", err)
	s.NumCtxSwitches, err = p.NumCtxSwitches()
	note("num_ctx_switches", err)
	s.CPUTimes, err = p.CPUTimes()
	note("cpu_times", err)
	s.CPUNum, err = p.CPUNum()
	note("cpu_num", err)
	s.CreateTime, err = p.CreateTime()
	note("create_time", err)
	s.Nice, err = p.Nice()
	note("nice", err)
	s.Terminal, err = p.Terminal()
	note("terminal", err)
	s.PageFaults, err = p.PageFaults()
	note("page_faults", err)
	s.MemoryInfo, err = p.MemoryInfo()
	note("memory_info", err)
	s.MemoryInfoEx, err = p.MemoryInfoEx()
	note("memory_info_ex", err)
	s.MemoryFootprint, err = p.MemoryFootprint()
	note("memory_footprint", err)
	s.MemoryMaps, err = p.MemoryMaps()
	note("memory_maps", err)
	s.IOCounters, err = p.IOCounters()
	note("io_counters", err)
	s.Threads, err = p.Threads()
	note("threads", err)
	s.RlimitNofile[0], s.RlimitNofile[1], err = p.Rlimit(RLIMIT_NOFILE)
	note("rlimit", err)
	s.CPUAffinity, err = p.CPUAffinity()
	note("cpu_affinity", err)
	return s
}

// procSleepMaps is memory_maps() of the proc-basic sleep(1), grouped: two
// regions of the executable, the heap, an anonymous region, two of libc, a
// deleted library (" (deleted)" dropped since the file is gone) and the
// stack.
var procSleepMaps = []MemoryMapGrouped{
	{Path: "/usr/bin/sleep", RSS: 28672, Size: 28672, PSS: 8192, SharedClean: 28672, Referenced: 28672},
	{Path: "[heap]", RSS: 4096, Size: 135168, PSS: 4096, PrivateDirty: 4096, Referenced: 4096, Anonymous: 4096},
	{Path: "[anon]", RSS: 8192, Size: 12288, PSS: 8192, PrivateDirty: 8192, Referenced: 8192, Anonymous: 8192},
	{Path: "/usr/lib/x86_64-linux-gnu/libc.so.6", RSS: 1077248, Size: 1556480, PSS: 98304, SharedClean: 1077248, Referenced: 1077248},
	{Path: "/usr/lib/psulua-test-gone.so", RSS: 4096, Size: 4096, SharedClean: 4096, Referenced: 4096},
	{Path: "[stack]", RSS: 12288, Size: 135168, PSS: 12288, PrivateDirty: 12288, Referenced: 12288, Anonymous: 12288},
}

// The values below were checked against python3-psutil 5.9.4 reading the
// same trees (psutil.PROCFS_PATH), except where psutil 8 differs: the
// ZombieProcess of a zombie's cmdline and memory_maps, memory_info_ex and
// memory_footprint (new in 8), and a stat without blkio_ticks (gh-2455).
func TestProcessFixtures(t *testing.T) {
	statm := MemoryInfo{RSS: 1593344, VMS: 2560000, Shared: 1495040, Text: 20480, Data: 364544}
	tests := []struct {
		name    string
		fixture string
		pid     int
		want    procSnapshot
	}{
		{"sleeping process", "proc-basic", 4242, procSnapshot{
			Name: "sleep", Cmdline: []string{"sleep", "1000"}, Environ: map[string]string{"FOO": "bar", "HOME": "/root"},
			Status: STATUS_SLEEPING, Ppid: 1, Uids: Uids{1000, 1000, 1000}, Gids: Gids{1000, 1000, 1000}, Username: "alice",
			NumThreads: 1, NumCtxSwitches: CtxSwitches{1, 1}, CreateTime: 1795605724.97, PageFaults: PageFaults{Minor: 205},
			MemoryInfo: statm,
			MemoryInfoEx: MemoryInfoEx{RSS: 1593344, VMS: 2560000, Shared: 1495040, Text: 20480, Data: 364544,
				PeakRSS: 1556 * 1024, PeakVMS: 2500 * 1024, RSSAnon: 96 * 1024, RSSFile: 1460 * 1024},
			MemoryFootprint: MemoryFootprint{USS: 98304, PSS: 242688},
			MemoryMaps:      procSleepMaps,
			IOCounters:      ProcessIOCounters{ReadCount: 18, ReadChars: 10956},
			Threads:         []Thread{{4242, 0, 0}, {4245, 1.5, 0.25}},
			RlimitNofile:    [2]int64{20000, 20000}, CPUAffinity: []int{0, 1},
			Errors: map[string]string{},
		}},
		{"zombie", "proc-zombie", 4300, procSnapshot{
			Name: "python3", Environ: map[string]string{}, Status: STATUS_ZOMBIE, Ppid: 4299, Username: "root",
			NumThreads: 1, NumCtxSwitches: CtxSwitches{1, 0}, CPUNum: 1, CreateTime: 1795605703.08,
			PageFaults: PageFaults{Minor: 224}, Threads: []Thread{{4300, 0, 0}},
			RlimitNofile: [2]int64{20000, 20000}, CPUAffinity: []int{0, 1},
			Errors: map[string]string{"cmdline": "ZombieProcess", "memory_maps": "ZombieProcess"},
		}},
		{"kernel thread", "proc-kthread", 2, procSnapshot{
			Name: "kthreadd", Cmdline: []string{}, Status: STATUS_SLEEPING, Username: "root",
			NumThreads: 1, NumCtxSwitches: CtxSwitches{66, 0}, CPUNum: 1, CreateTime: 1795604172.22,
			MemoryMaps: []MemoryMapGrouped{}, Threads: []Thread{{2, 0, 0}},
			RlimitNofile: [2]int64{1024, 4096}, CPUAffinity: []int{0, 1},
			// The live kernel answers ESRCH, a NoSuchProcess (as psutil
			// says); in a tree a missing file whose stat is there stays
			// an OS error, as psutil re-raises it (gh-2418).
			Errors: map[string]string{"environ": "ENOENT"},
		}},
		{"name with spaces, parentheses and a newline", "proc-oddname", 4400, procSnapshot{
			Name: "a b) (c\n", Cmdline: []string{"/tmp/samp/a b) (c\n", "1000"}, Status: STATUS_SLEEPING, Ppid: 1,
			Username: "root", NumThreads: 1, NumCtxSwitches: CtxSwitches{1, 1}, CPUNum: 1, CreateTime: 1795605703.38,
			PageFaults: PageFaults{Minor: 75},
			MemoryInfo: MemoryInfo{RSS: 1847296, VMS: 2990080, Shared: 1736704, Text: 20480, Data: 364544},
			MemoryInfoEx: MemoryInfoEx{RSS: 1847296, VMS: 2990080, Shared: 1736704, Text: 20480, Data: 364544,
				PeakRSS: 1847296, PeakVMS: 2990080, RSSAnon: 110592, RSSFile: 1736704},
			CPUAffinity: []int{0, 1},
			Errors: map[string]string{"environ": "ENOENT", "io_counters": "ENOENT", "memory_footprint": "ENOENT",
				"memory_maps": "ENOENT", "rlimit": "ENOENT", "threads": "ENOENT"},
		}},
		{"15-byte name extended from the command line", "proc-longname", 4600, procSnapshot{
			Name: "gnome-keyring-daemon", Cmdline: []string{"/usr/bin/gnome-keyring-daemon", "--start", "--components=secrets"},
			Status: STATUS_SLEEPING, Ppid: 1, Username: "root", NumThreads: 1, NumCtxSwitches: CtxSwitches{1, 1},
			CreateTime: 1795605724.97, PageFaults: PageFaults{Minor: 205}, CPUAffinity: []int{0, 1},
			MemoryInfo: MemoryInfo{RSS: 1593344, VMS: 2560000, Shared: 1495040, Text: 20480, Data: 364544},
			MemoryInfoEx: MemoryInfoEx{RSS: 1593344, VMS: 2560000, Shared: 1495040, Text: 20480, Data: 364544,
				PeakRSS: 1593344, PeakVMS: 2560000, RSSAnon: 98304, RSSFile: 1495040},
			Errors: map[string]string{"environ": "ENOENT", "io_counters": "ENOENT", "memory_footprint": "ENOENT",
				"memory_maps": "ENOENT", "rlimit": "ENOENT", "threads": "ENOENT"},
		}},
		{"setproctitle command line separated by spaces", "proc-longname", 4602, procSnapshot{
			Name: "chrome", Cmdline: []string{"/opt/google/chrome/chrome", "--type=renderer", "--lang=en-US"},
			Status: STATUS_SLEEPING, Ppid: 1, CreateTime: 1795605724.97, PageFaults: PageFaults{Minor: 205},
			Errors: map[string]string{"cpu_affinity": "ENOENT", "environ": "ENOENT", "gids": "ENOENT", "io_counters": "ENOENT",
				"memory_footprint": "ENOENT", "memory_info": "ENOENT", "memory_info_ex": "ENOENT", "memory_maps": "ENOENT",
				"num_ctx_switches": "ENOENT", "num_threads": "ENOENT", "rlimit": "ENOENT", "threads": "ENOENT",
				"uids": "ENOENT", "username": "ENOENT"},
		}},
		{"old kernel: no smaps_rollup, blkio_ticks, context switches or RssAnon", "proc-old-kernel", 4500, procSnapshot{
			Name: "sleep", Status: STATUS_SLEEPING, Ppid: 1, Username: "root", NumThreads: 1,
			CreateTime: 1795605724.97, PageFaults: PageFaults{Minor: 205},
			MemoryInfo: statm,
			MemoryInfoEx: MemoryInfoEx{RSS: 1593344, VMS: 2560000, Shared: 1495040, Text: 20480, Data: 364544,
				PeakRSS: 1556 * 1024, PeakVMS: 2500 * 1024},
			MemoryFootprint: MemoryFootprint{USS: 4096, PSS: 12288},
			MemoryMaps:      procSleepMaps[:2],
			CPUAffinity:     []int{0, 1},
			Errors: map[string]string{"cmdline": "ENOENT", "environ": "ENOENT", "io_counters": "ENOENT",
				"num_ctx_switches": "NotImplemented", "rlimit": "ENOENT", "threads": "ENOENT"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := procFixture(t, tt.fixture)
			p, err := s.NewProcess(tt.pid)
			if err != nil {
				t.Fatal(err)
			}
			got := procSnap(p)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
			// The same values inside Oneshot, and through Attr.
			var inside procSnapshot
			_ = p.Oneshot(func() error { inside = procSnap(p); return nil })
			if !reflect.DeepEqual(inside, got) {
				t.Errorf("inside Oneshot:\n got  %+v\nwant %+v", inside, got)
			}
		})
	}
}

// procTempTree copies a fixture tree to a temporary directory the test may
// change, and returns a System reading it.
func procTempTree(t *testing.T, name string) (*System, string) {
	t.Helper()
	dst := t.TempDir()
	if err := os.CopyFS(dst, os.DirFS(testdata(name))); err != nil {
		t.Fatal(err)
	}
	s := New(FixtureFS(dst))
	return s, filepath.Join(dst, "proc")
}

// procSetStat rewrites fields of a stat file: index 0 is the state, as in
// procfs.PidStat's numbering.
func procSetStat(t *testing.T, path string, fields map[int]string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	rp := strings.LastIndexByte(s, ')')
	f := strings.Fields(s[rp+1:])
	for i, v := range fields {
		f[i] = v
	}
	if err := os.WriteFile(path, []byte(s[:rp+1]+" "+strings.Join(f, " ")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestNewProcessErrors(t *testing.T) {
	s := procFixture(t, "proc-basic")
	tests := []struct {
		name  string
		pid   int
		class string
		msg   string
	}{
		{"negative pid", -1, "error: pid must be a positive integer (got -1)", "pid must be a positive integer (got -1)"},
		{"pid out of range", 1 << 40, "NoSuchProcess", "process PID out of range (pid=1099511627776)"},
		{"no such pid", 9999, "NoSuchProcess", "process PID not found (pid=9999)"},
		{"pid 0 does not exist on Linux", 0, "NoSuchProcess", "process PID not found"},
	}
	for _, tt := range tests {
		p, err := s.NewProcess(tt.pid)
		if p != nil || procErrClass(err) != tt.class || err.Error() != tt.msg {
			t.Errorf("%s: NewProcess(%d) = %v, %v (%s); want %s %q", tt.name, tt.pid, p, err, procErrClass(err), tt.class, tt.msg)
		}
	}
	if _, err := s.NewProcess(4242); err != nil {
		t.Errorf("NewProcess(4242): %v", err)
	}
}

func TestProcessOneshot(t *testing.T) {
	s, proc := procTempTree(t, "proc-basic")
	p, err := s.NewProcess(4242)
	if err != nil {
		t.Fatal(err)
	}
	stat := filepath.Join(proc, "4242", "stat")
	var inside, before ProcessCPUTimes
	err = p.Oneshot(func() error {
		before, _ = p.CPUTimes()
		procSetStat(t, stat, map[int]string{11: "500"})
		inside, _ = p.CPUTimes() // from the cache: unchanged
		// Nested: still the same cache.
		return p.Oneshot(func() error {
			if v, _ := p.CPUTimes(); v != before {
				t.Errorf("nested Oneshot read again: %+v", v)
			}
			return nil
		})
	})
	if err != nil || inside != before {
		t.Errorf("inside Oneshot: %+v, %v; want the cached %+v", inside, err, before)
	}
	if after, _ := p.CPUTimes(); after.User != 5 {
		t.Errorf("after Oneshot: %+v, want user=5 read afresh", after)
	}

	// The cache goes also when fn fails, or panics.
	sentinel := errors.New("boom")
	if err := p.Oneshot(func() error { _, _ = p.CPUTimes(); return sentinel }); err != sentinel {
		t.Errorf("Oneshot returned %v, want fn's error", err)
	}
	func() {
		defer func() { _ = recover() }()
		_ = p.Oneshot(func() error { _, _ = p.CPUTimes(); panic("boom") })
	}()
	procSetStat(t, stat, map[int]string{11: "700"})
	if v, _ := p.CPUTimes(); v.User != 7 {
		t.Errorf("after a panicking Oneshot: %+v, want user=7", v)
	}
}

func TestProcessGone(t *testing.T) {
	s, proc := procTempTree(t, "proc-basic")
	p, err := s.NewProcess(4242)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Name(); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(proc, "4242")); err != nil {
		t.Fatal(err)
	}
	snap := procSnap(p)
	for name, class := range snap.Errors {
		if class != "NoSuchProcess" {
			t.Errorf("%s of a gone process: %s, want NoSuchProcess", name, class)
		}
	}
	// All but create_time, known since NewProcess, as in psutil.
	if len(snap.Errors) != 23 || snap.Errors["create_time"] != "" {
		t.Errorf("%d getters failed, want 23: %v", len(snap.Errors), snap.Errors)
	}
	_, err = p.Cmdline()
	var nsp *NoSuchProcess
	if !errors.As(err, &nsp) || nsp.Pid != 4242 || nsp.Name != "sleep" || err.Error() != "process no longer exists (pid=4242, name='sleep')" {
		t.Errorf("Cmdline error = %#v (%v)", err, err)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the NoSuchProcess does not wrap ENOENT: %v", err)
	}
	if p.IsRunning() {
		t.Error("IsRunning of a gone process")
	}
}

func TestProcessBecomesZombie(t *testing.T) {
	s, proc := procTempTree(t, "proc-basic")
	p, err := s.NewProcess(4242)
	if err != nil {
		t.Fatal(err)
	}
	procSetStat(t, filepath.Join(proc, "4242", "stat"), map[int]string{0: "Z", 1: "77"})
	if err := os.Remove(filepath.Join(proc, "4242", "exe")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(proc, "4242", "cmdline"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = p.Cmdline()
	var z *ZombieProcess
	if !errors.As(err, &z) || z.Pid != 4242 || z.Ppid != 77 {
		t.Fatalf("Cmdline = %v, want ZombieProcess with ppid 77", err)
	}
	if !processIsNSP(err) {
		t.Error("a ZombieProcess is not a NoSuchProcess")
	}
	if st, err := p.Status(); st != STATUS_ZOMBIE || err != nil {
		t.Errorf("Status = %q, %v", st, err)
	}
	if !p.IsRunning() {
		t.Error("a zombie is running, as psutil says")
	}
	// exe and cwd links are missing from the tree: a zombie's readlink.
	if _, err := p.Exe(); procErrClass(err) != "ZombieProcess" {
		t.Errorf("Exe = %v, want ZombieProcess", err)
	}
}

func TestProcessPidReused(t *testing.T) {
	s, proc := procTempTree(t, "proc-basic")
	p, err := s.NewProcess(4242)
	if err != nil {
		t.Fatal(err)
	}
	iter1, err := s.ProcessIter()
	if err != nil {
		t.Fatal(err)
	}
	// Another process now has pid 4242: a later start time.
	procSetStat(t, filepath.Join(proc, "4242", "stat"), map[int]string{19: "999999"})
	if p.IsRunning() {
		t.Error("IsRunning after the pid was reused")
	}
	const msg = "process no longer exists and its PID has been reused (pid=4242)"
	for name, err := range map[string]error{
		"ppid":            func() error { _, err := p.Ppid(); return err }(),
		"nice(value)":     p.SetNice(5),
		"ionice(value)":   p.SetIonice(IOPRIO_CLASS_IDLE, 0),
		"rlimit(value)":   p.SetRlimit(RLIMIT_CORE, 0, 0),
		"cpu_affinity(x)": p.SetCPUAffinity([]int{0}),
		"children":        func() error { _, err := p.Children(false); return err }(),
		"send_signal":     p.Terminate(),
	} {
		if procErrClass(err) != "NoSuchProcess" || err.Error() != msg {
			t.Errorf("%s: %v, want NoSuchProcess %q", name, err, msg)
		}
	}
	// process_iter gives a new Process for the new process.
	iter2, err := s.ProcessIter()
	if err != nil {
		t.Fatal(err)
	}
	if len(iter1) != 2 || len(iter2) != 2 || iter1[0] != iter2[0] || iter1[1] == iter2[1] || iter2[1].Pid() != 4242 {
		t.Errorf("process_iter before %v, after %v: want pid 1 kept and 4242 replaced", iter1, iter2)
	}
	if iter1[1].Equal(iter2[1]) {
		t.Error("the old and new process of pid 4242 are Equal")
	}
}

func TestProcessIterAndPrefetch(t *testing.T) {
	s, proc := procTempTree(t, "proc-basic")
	procs, err := s.ProcessIterAttrs([]string{"name", "cmdline", "username", "memory_info", "status"})
	if err != nil {
		t.Fatal(err)
	}
	if len(procs) != 2 || procs[0].Pid() != 1 || procs[1].Pid() != 4242 {
		t.Fatalf("process_iter = %v", procs)
	}
	p := procs[1]
	// Change the files: prefetched attributes keep their values.
	procSetStat(t, filepath.Join(proc, "4242", "stat"), map[int]string{0: "R"})
	if err := os.WriteFile(filepath.Join(proc, "4242", "cmdline"), []byte("other\x00"), 0o644); err != nil {
		t.Fatal(err)
	}
	name, _ := p.Name()
	cmdline, _ := p.Cmdline()
	status, _ := p.Status()
	user, _ := p.Username()
	if name != "sleep" || !reflect.DeepEqual(cmdline, []string{"sleep", "1000"}) || status != STATUS_SLEEPING || user != "alice" {
		t.Errorf("prefetched values: %q %q %q %q", name, cmdline, status, user)
	}
	if v, ok, err := p.Prefetched("memory_info"); !ok || err != nil || v.(MemoryInfo).RSS != 1593344 {
		t.Errorf("Prefetched(memory_info) = %v, %v, %v", v, ok, err)
	}
	if names := p.PrefetchedNames(); !reflect.DeepEqual(names, []string{"cmdline", "memory_info", "name", "status", "username"}) {
		t.Errorf("PrefetchedNames = %q", names)
	}
	// Not prefetched: read now.
	if st, _ := p.CPUTimes(); st != (ProcessCPUTimes{}) {
		t.Errorf("CPUTimes = %+v", st)
	}
	// process_iter without attrs drops the prefetched values.
	again, err := s.ProcessIter()
	if err != nil || again[1] != p {
		t.Fatalf("process_iter did not return the same Process: %v %v", again, err)
	}
	if st, _ := p.Status(); st != STATUS_RUNNING {
		t.Errorf("Status after ProcessIter = %q, want the new running", st)
	}
	if _, err := s.ProcessIterAttrs([]string{"name", "bogus", "nope"}); err == nil || err.Error() != "invalid attr names 'bogus', 'nope'" {
		t.Errorf("bad attrs: %v", err)
	}
	dup, err := s.ProcessIterAttrs([]string{"pid", "name", "pid", "name"})
	if err != nil || len(dup) != 2 || !reflect.DeepEqual(dup[1].PrefetchedNames(), []string{"name", "pid"}) {
		t.Errorf("process_iter with repeated attrs: %v, %v", dup, err)
	}
	s.ProcessIterCacheClear()
	fresh, _ := s.ProcessIter()
	if fresh[1] == p {
		t.Error("cache_clear kept the Process")
	}
}

// TestProcessIterMany lists a tree of more processes than one worker of
// processIter takes at a time: the result is in pid order, with the
// processes that vanished (no stat, an unparsable one) left out, each
// with its own prefetched values, and the same Process on the next call.
// It runs with the caller's goroutine reading alone, and with other
// workers joining it at once.
func TestProcessIterMany(t *testing.T) {
	defer func(d time.Duration) { processIterAlone = d }(processIterAlone)
	t.Run("alone", func(t *testing.T) {
		processIterAlone = time.Hour
		testProcessIterMany(t)
	})
	t.Run("joined", func(t *testing.T) {
		processIterAlone = 0
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4)) // workers join even on one CPU
		testProcessIterMany(t)
	})
}

func testProcessIterMany(t *testing.T) {
	s, proc := procTempTree(t, "proc-basic")
	const n = 3*processIterPerWorker + 5*processIterBatch
	src := filepath.Join(proc, "4242")
	stat, err := os.ReadFile(filepath.Join(src, "stat"))
	if err != nil {
		t.Fatal(err)
	}
	want := []int{1, 4242}
	for i := range n {
		pid := 10000 + i
		dir := filepath.Join(proc, strconv.Itoa(pid))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{"status", "statm"} {
			b, err := os.ReadFile(filepath.Join(src, f))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		os.WriteFile(filepath.Join(dir, "cmdline"), []byte(fmt.Sprintf("p%d\x00", pid)), 0o644)
		st := strings.Replace(string(stat), "4242 (sleep)", fmt.Sprintf("%d (p%d)", pid, pid), 1)
		switch i % 7 {
		case 3:
			continue // the process ended: no stat
		case 5:
			st = st[:20] // ended while the kernel wrote it
		default:
			want = append(want, pid)
		}
		if err := os.WriteFile(filepath.Join(dir, "stat"), []byte(st), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	slices.Sort(want)
	procs, err := s.ProcessIterAttrs([]string{"name", "cmdline"})
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, p := range procs {
		got = append(got, p.Pid())
		if p.Pid() < 10000 {
			continue
		}
		name, _, err1 := p.Prefetched("name")
		cmdline, _, err2 := p.Prefetched("cmdline")
		wantName := fmt.Sprintf("p%d", p.Pid())
		if err1 != nil || err2 != nil || name != wantName || !reflect.DeepEqual(cmdline, []string{wantName}) {
			t.Errorf("pid %d prefetched name %v (%v), cmdline %v (%v)", p.Pid(), name, err1, cmdline, err2)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("process_iter pids = %v\nwant %v", got, want)
	}
	again, err := s.ProcessIter()
	if err != nil || len(again) != len(procs) {
		t.Fatalf("second process_iter: %d processes, %v", len(again), err)
	}
	for i := range again {
		if again[i] != procs[i] {
			t.Errorf("second process_iter made a new Process for pid %d", again[i].Pid())
		}
	}
}

func TestProcessPrefetchZombie(t *testing.T) {
	s := procFixture(t, "proc-zombie")
	p, err := s.NewProcess(4300)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Prefetch([]string{"cmdline", "name", "memory_maps"}); err != nil {
		t.Fatal(err)
	}
	_, err = p.Cmdline()
	var pe *PrefetchedError
	if !errors.As(err, &pe) || pe.Attr != "cmdline" || procErrClass(err) != "ZombieProcess" {
		t.Errorf("prefetched Cmdline error = %v, want a PrefetchedError of a ZombieProcess", err)
	}
	d, err := p.AsDict([]string{"cmdline", "name", "pid", "status"}, "AD")
	want := map[string]any{"cmdline": "AD", "name": "python3", "pid": 4300, "status": STATUS_ZOMBIE}
	if err != nil || !reflect.DeepEqual(d, want) {
		t.Errorf("AsDict = %v, %v; want %v", d, err, want)
	}
}

func TestProcessAttrs(t *testing.T) {
	attrs := ProcessAttrs()
	if !slices.IsSorted(attrs) || len(attrs) != 32 || !slices.Contains(attrs, "memory_footprint") || slices.Contains(attrs, "memory_full_info") {
		t.Errorf("ProcessAttrs = %q", attrs)
	}
	s := procFixture(t, "proc-basic")
	p, _ := s.NewProcess(4242)
	if _, err := p.Attr("kill"); err == nil || err.Error() != "invalid attr name 'kill'" {
		t.Errorf("Attr(kill): %v", err)
	}
	// Names psutil renamed: the error gives the new one.
	for old, want := range map[string]string{
		"connections":     "invalid attr name 'connections' (psutil 6.0 renamed 'connections' to 'net_connections')",
		"get_cpu_percent": "invalid attr name 'get_cpu_percent' (psutil 2.0 renamed 'get_cpu_percent' to 'cpu_percent')",
		"getcwd":          "invalid attr name 'getcwd' (psutil 2.0 renamed 'getcwd' to 'cwd')",
	} {
		if _, err := p.AsDict([]string{"pid", old}, nil); err == nil || err.Error() != want {
			t.Errorf("AsDict(%s): %v, want %q", old, err, want)
		}
	}
	if v, err := p.Attr("memory_full_info"); err != nil || v.(MemoryFullInfo).USS != 98304 {
		t.Errorf("Attr(memory_full_info) = %v, %v", v, err)
	}
	if v, err := p.Attr("terminal"); err != nil || v.(*string) != nil {
		t.Errorf("Attr(terminal) = %#v, %v", v, err)
	}
	all, err := p.AsDict(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Everything but ionice, a system call that a tree cannot answer.
	for _, name := range attrs {
		if _, ok := all[name]; ok == (name == "ionice") {
			t.Errorf("AsDict: %s present: %v", name, ok)
		}
	}
}

func TestProcessTree(t *testing.T) {
	s := procFixture(t, "proc-kthread")
	kthreadd, _ := s.NewProcess(2)
	kworker, _ := s.NewProcess(4)
	children, err := kthreadd.Children(false)
	if err != nil || len(children) != 1 || children[0].Pid() != 4 {
		t.Errorf("Children = %v, %v", children, err)
	}
	all, err := kthreadd.Children(true)
	if err != nil || len(all) != 1 || all[0].Pid() != 4 {
		t.Errorf("Children(recursive) = %v, %v", all, err)
	}
	parent, err := kworker.Parent()
	if err != nil || parent == nil || parent.Pid() != 2 {
		t.Errorf("Parent = %v, %v", parent, err)
	}
	if parent, err := kthreadd.Parent(); parent != nil || err != nil {
		t.Errorf("Parent of kthreadd (ppid 0) = %v, %v; want none", parent, err)
	}
	parents, err := kworker.Parents()
	if err != nil || len(parents) != 1 || parents[0].Pid() != 2 {
		t.Errorf("Parents = %v, %v", parents, err)
	}
	init, _ := s.NewProcess(1)
	if parent, err := init.Parent(); parent != nil || err != nil {
		t.Errorf("Parent of the lowest pid = %v, %v", parent, err)
	}

	// A "child" older than its parent holds a reused pid: not a child.
	s2, proc := procTempTree(t, "proc-kthread")
	procSetStat(t, filepath.Join(proc, "4", "stat"), map[int]string{19: "1"})
	k2, _ := s2.NewProcess(2)
	if children, err := k2.Children(false); err != nil || len(children) != 0 {
		t.Errorf("Children with an older child = %v, %v", children, err)
	}
}

func TestProcessMemoryPercent(t *testing.T) {
	s := procFixture(t, "proc-basic")
	p, _ := s.NewProcess(4242)
	vm, err := s.VirtualMemory()
	if err != nil {
		t.Fatal(err)
	}
	for memtype, value := range map[string]float64{"rss": 1593344, "vms": 2560000, "uss": 98304, "peak_vms": 2500 * 1024, "swap": 0} {
		got, err := p.MemoryPercent(memtype)
		if want := value / float64(vm.Total) * 100; err != nil || got != want {
			t.Errorf("MemoryPercent(%s) = %v, %v; want %v", memtype, got, err, want)
		}
	}
	_, err = p.MemoryPercent("lib")
	const msg = "invalid memtype 'lib'; valid types are ('rss', 'vms', 'shared', 'text', 'data', 'peak_rss', " +
		"'peak_vms', 'rss_anon', 'rss_file', 'rss_shmem', 'swap', 'hugetlb', 'uss', 'pss')"
	if err == nil || err.Error() != msg {
		t.Errorf("MemoryPercent(lib): %v", err)
	}
}

func TestProcessString(t *testing.T) {
	s := procFixture(t, "proc-oddname")
	p, _ := s.NewProcess(4400)
	re := regexp.MustCompile(`^psutil\.Process\(pid=4400, name='a b\) \(c\\n', status='sleeping', started='(\d\d:\d\d:\d\d|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)'\)$`)
	if got := p.String(); !re.MatchString(got) {
		t.Errorf("String = %s", got)
	}
	z, _ := procFixture(t, "proc-zombie").NewProcess(4300)
	if got := z.String(); !strings.Contains(got, "name='python3', status='zombie'") {
		t.Errorf("String of a zombie = %s", got)
	}
}

func TestPidExistsFixture(t *testing.T) {
	s := procFixture(t, "proc-basic")
	for pid, want := range map[int]bool{4242: true, 1: true, 4245: false, 9999: false, -1: false, 0: false} {
		if got := s.PidExists(pid); got != want {
			t.Errorf("PidExists(%d) = %v, want %v", pid, got, want)
		}
	}
	if pids, err := s.Pids(); err != nil || !reflect.DeepEqual(pids, []int{1, 4242}) {
		t.Errorf("Pids = %v, %v", pids, err)
	}
}

func TestProcessUsernameCache(t *testing.T) {
	s, _ := procTempTree(t, "proc-basic")
	if got := s.processUsername(1000); got != "alice" {
		t.Errorf("uid 1000 = %q", got)
	}
	if got := s.processUsername(54321); got != "54321" {
		t.Errorf("unknown uid = %q, want the number", got)
	}
	// A change to the file is seen once it is checked again.
	if err := os.WriteFile(s.FS().etc("passwd"), []byte("bob:x:1000:1000::/home/bob:/bin/sh\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s.procOS.users.checked = s.procOS.users.checked.Add(-2 * time.Second)
	if got := s.processUsername(1000); got != "bob" {
		t.Errorf("after editing passwd: uid 1000 = %q", got)
	}
}

func TestProcessFilesFixture(t *testing.T) {
	s := procFixture(t, "proc-basic")
	p, _ := s.NewProcess(4242)
	// fd 0 is a device, 1 a pipe, 2 a socket, 4 a deleted file: only the
	// regular file open for appending and reading remains.
	files, err := p.OpenFiles()
	want := []OpenFile{{Path: "/etc/passwd", Fd: 3, Position: 42, Mode: "a+", Flags: 0102002}}
	if err != nil || !reflect.DeepEqual(files, want) {
		t.Errorf("OpenFiles = %+v, %v; want %+v", files, err, want)
	}
	if n, err := p.NumFds(); n != 5 || err != nil {
		t.Errorf("NumFds = %d, %v", n, err)
	}
	if exe, err := p.Exe(); exe != "/usr/bin/sleep" || err != nil {
		t.Errorf("Exe = %q, %v", exe, err)
	}
	if cwd, err := p.Cwd(); cwd != "/" || err != nil {
		t.Errorf("Cwd = %q, %v", cwd, err)
	}
	// fd 2 is a socket listening on port 8080 (the tree's net/tcp).
	conns, err := p.NetConnections("inet")
	if err != nil || len(conns) != 1 || conns[0].Fd != 2 || conns[0].Status != CONN_LISTEN {
		t.Errorf("NetConnections = %+v, %v", conns, err)
	}
	if _, err := p.NetConnections("bogus"); err == nil {
		t.Error("NetConnections(bogus) did not fail")
	}
	// A kernel thread has no exe link: "".
	k, _ := procFixture(t, "proc-kthread").NewProcess(2)
	if exe, err := k.Exe(); exe != "" || err != nil {
		t.Errorf("Exe of a kernel thread = %q, %v", exe, err)
	}
}

func TestProcessFileMode(t *testing.T) {
	for flags, want := range map[int]string{
		os.O_RDONLY: "r", os.O_WRONLY: "w", os.O_RDWR: "r+",
		os.O_WRONLY | os.O_APPEND: "a", os.O_RDWR | os.O_APPEND: "a+", os.O_WRONLY | os.O_CREATE | os.O_TRUNC: "w",
	} {
		if got := processFileMode(flags); got != want {
			t.Errorf("mode of %#o = %q, want %q", flags, got, want)
		}
	}
}

func TestProcessParseCmdlineEnviron(t *testing.T) {
	for in, want := range map[string][]string{
		"":                           nil,
		"sleep\x001000\x00":          {"sleep", "1000"},
		"\x00":                       {""},
		"a\x00\x00b\x00":             {"a", "", "b"},
		"no terminating nul":         {"no", "terminating", "nul"},
		"chrome --type=renderer\x00": {"chrome", "--type=renderer"},
	} {
		if got := processParseCmdline([]byte(in)); !reflect.DeepEqual(got, want) {
			t.Errorf("cmdline %q = %q, want %q", in, got, want)
		}
	}
	got := processParseEnviron([]byte("A=1\x00B=x=y\x00NOEQUALS\x00=empty key\x00C=\x00\x00GARBAGE=1\x00"))
	want := map[string]string{"A": "1", "B": "x=y", "C": ""}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("environ = %q, want %q", got, want)
	}
}

// A script may pass any number of bad names, of any length: each is
// checked once (a list of 100,000 took 17 s), and the message quotes ten,
// each cut to 200 bytes (PyReprCut; 300 names of 1 MB made an 889 MB
// message).
func TestInvalidAttrNamesBounded(t *testing.T) {
	bad := make([]string, 1e5)
	for i := range bad {
		bad[i] = fmt.Sprintf("x%d", i)
	}
	bad[3] = strings.Repeat("y", 1<<20)
	start := time.Now()
	_, err := processAttrIDs(bad)
	if time.Since(start) > time.Second {
		t.Errorf("took %v", time.Since(start))
	}
	want := "invalid attr names 'x0', 'x1', 'x2', '" + strings.Repeat("y", 200) + "'... (1048576 bytes), 'x4', 'x5', 'x6', 'x7', 'x8', 'x9', and 99990 more"
	if err == nil || err.Error() != want {
		t.Errorf("error %.400v, want %q", err, want)
	}
	// Names longer than any attribute's are not hashed: 300 views of one
	// 64 MB string took 6 s when each was looked up and deduplicated.
	long := strings.Repeat("z", 64<<20)
	views := make([]string, 300)
	for i := range views {
		views[i] = long[i:]
	}
	start = time.Now()
	if _, err := processAttrIDs(views); err == nil || !strings.HasSuffix(err.Error(), "and 290 more") {
		t.Errorf("error %.300v", err)
	}
	if time.Since(start) > time.Second {
		t.Errorf("300 long names took %v", time.Since(start))
	}
}

// An attribute read by name after Prefetch is the value Prefetch kept,
// boxed once: a listing's getters allocate nothing more for it.
func TestProcessAttrFuncGivesThePrefetchedValue(t *testing.T) {
	s := procFixture(t, "proc-basic")
	p, err := s.NewProcess(4242)
	if err != nil {
		t.Fatal(err)
	}
	attrs := []string{"memory_info", "cpu_times", "name", "cmdline", "create_time"}
	if err := p.Prefetch(attrs); err != nil {
		t.Fatal(err)
	}
	for _, name := range attrs {
		get, err := ProcessAttrFunc(name)
		if err != nil {
			t.Fatal(err)
		}
		kept, _, _ := p.Prefetched(name)
		v, err := get(p)
		if err != nil || !reflect.DeepEqual(v, kept) {
			t.Errorf("%s = %v, %v; want the prefetched %v", name, v, err, kept)
		}
		if n := testing.AllocsPerRun(20, func() { _, _ = get(p) }); n != 0 {
			t.Errorf("%s: %v allocations a read, want none", name, n)
		}
	}
}
