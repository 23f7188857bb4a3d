package platform

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestWinHelperChild is the child process the tests below start: the test
// binary itself, with PSULUA_WIN_CHILD set to "sleep" or "tick" (a line on stdout every 10 ms).
func TestWinHelperChild(t *testing.T) {
	mode := os.Getenv("PSULUA_WIN_CHILD")
	if mode == "" {
		t.Skip("only a child process of the Windows tests")
	}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if mode == "tick" {
			os.Stdout.WriteString("tick\n")
			time.Sleep(10 * time.Millisecond)
		} else {
			time.Sleep(100 * time.Millisecond)
		}
	}
	os.Exit(0)
}

// startChild starts the test binary as a child in dir, and kills it when
// the test ends.
func startChild(t *testing.T, mode, dir string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestWinHelperChild$", "-test.v=false")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PSULUA_WIN_CHILD="+mode, "PSULUA_WIN_MARK=child of "+mode)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_, _ = cmd.Process.Wait()
	})
	return cmd
}

func TestWinChildProcess(t *testing.T) {
	s := New(LiveFS())
	dir := os.Getenv("SystemRoot")
	if dir == "" {
		dir = `C:\windows`
	}
	cmd := startChild(t, "sleep", dir)
	pid := cmd.Process.Pid

	pids, err := s.Pids()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(pids, pid) || !slices.Contains(pids, os.Getpid()) || !s.PidExists(pid) {
		t.Fatalf("child %d or self %d missing from pids %v", pid, os.Getpid(), pids)
	}
	p, err := s.NewProcess(pid)
	if err != nil {
		t.Fatal(err)
	}
	exe, _ := os.Executable()
	check := func(what string, got, want any, err error) {
		t.Helper()
		if err != nil {
			t.Errorf("%s: %v", what, err)
		} else if !equalAny(got, want) {
			t.Errorf("%s = %q, want %q", what, got, want)
		}
	}
	ppid, err := p.Ppid()
	check("ppid", ppid, os.Getpid(), err)
	name, err := p.Name()
	check("name", name, filepath.Base(exe), err)
	pexe, err := p.Exe()
	check("exe", strings.ToLower(pexe), strings.ToLower(exe), err)
	cmdline, err := p.Cmdline()
	check("cmdline", cmdline, cmd.Args, err)
	cwd, err := p.Cwd()
	check("cwd", strings.ToLower(cwd), strings.ToLower(strings.TrimRight(dir, `\`)), err)
	env, err := p.Environ()
	check("environ", env["PSULUA_WIN_MARK"], "child of sleep", err)
	status, err := p.Status()
	check("status", status, STATUS_RUNNING, err)
	ct, err := p.CreateTime()
	if err != nil || time.Since(time.Unix(int64(ct), 0)) > time.Minute || ct > float64(time.Now().Unix()+2) {
		t.Errorf("create_time = %v, %v", ct, err)
	}
	if user, err := p.Username(); err != nil || !strings.Contains(user, `\`) {
		t.Errorf("username = %q, %v", user, err)
	}
	if n, err := p.NumThreads(); err != nil || n < 1 {
		t.Errorf("num_threads = %d, %v", n, err)
	}
	if th, err := p.Threads(); err != nil || len(th) < 1 || th[0].ID == 0 {
		t.Errorf("threads = %v, %v", th, err)
	}
	if m, err := p.MemoryInfo(); err != nil || m.RSS == 0 || m.VMS == 0 {
		t.Errorf("memory_info = %+v, %v", m, err)
	}
	if m, err := p.MemoryInfoEx(); err != nil || m.PeakRSS < m.RSS {
		t.Errorf("memory_info_ex = %+v, %v", m, err)
	}
	if _, err := p.MemoryFullInfo(); err != nil {
		t.Errorf("memory_full_info: %v", err)
	}
	if _, err := p.CPUTimes(); err != nil {
		t.Errorf("cpu_times: %v", err)
	}
	for what, f := range map[string]func() error{
		"io_counters":      func() error { _, err := p.IOCounters(); return err },
		"num_ctx_switches": func() error { _, err := p.NumCtxSwitches(); return err },
		"num_handles":      func() error { _, err := p.NumHandles(); return err },
		"page_faults":      func() error { _, err := p.PageFaults(); return err },
		"net_connections":  func() error { _, err := p.NetConnections("inet"); return err },
	} {
		if err := f(); err != nil {
			t.Errorf("%s: %v", what, err)
		}
	}

	// The family.
	self, err := s.Self()
	if err != nil {
		t.Fatal(err)
	}
	children, err := self.Children(false)
	if err != nil || !slices.ContainsFunc(children, func(c *Process) bool { return c.Pid() == pid }) {
		t.Errorf("children() = %v, %v", children, err)
	}
	parent, err := p.Parent()
	if err != nil || parent == nil || parent.Pid() != os.Getpid() || !parent.Equal(self) {
		t.Errorf("parent() = %v, %v", parent, err)
	}
	parents, err := p.Parents()
	if err != nil || len(parents) < 1 || parents[0].Pid() != os.Getpid() {
		t.Errorf("parents() = %v, %v", parents, err)
	}
	if !p.IsRunning() {
		t.Error("is_running() is false")
	}

	// Priority and affinity.
	if err := p.SetNice(BELOW_NORMAL_PRIORITY_CLASS); err != nil {
		t.Errorf("nice(BELOW_NORMAL_PRIORITY_CLASS): %v", err)
	}
	if n, err := p.Nice(); err != nil || n != BELOW_NORMAL_PRIORITY_CLASS {
		t.Errorf("nice() = %#x, %v", n, err)
	}
	if err := p.SetCPUAffinity([]int{0}); err != nil {
		t.Errorf("cpu_affinity([0]): %v", err)
	}
	if a, err := p.CPUAffinity(); err != nil || !slices.Equal(a, []int{0}) {
		t.Errorf("cpu_affinity() = %v, %v", a, err)
	}
	if err := p.SetCPUAffinity(nil); err != nil {
		t.Errorf("cpu_affinity([]): %v", err)
	}

	// A timeout, then the end.
	var te *TimeoutExpired
	if _, err := p.Wait(context.Background(), 0); !errors.As(err, &te) {
		t.Errorf("wait(0) = %v, want TimeoutExpired", err)
	}
	if err := p.Kill(); err != nil {
		t.Fatal(err)
	}
	code, err := p.Wait(context.Background(), 10*time.Second)
	if err != nil || code == nil || *code != winTerminateExitSig {
		t.Errorf("wait() = %v, %v; want %d", code, err, winTerminateExitSig)
	}
	_, _ = cmd.Process.Wait() // Go's own handle
	if p.IsRunning() {
		t.Error("is_running() after kill")
	}
	var nsp *NoSuchProcess
	if _, err := p.Status(); !errors.As(err, &nsp) {
		t.Errorf("status() after kill = %v, want NoSuchProcess", err)
	}
	if err := p.Kill(); !errors.As(err, &nsp) {
		t.Errorf("kill() after kill = %v, want NoSuchProcess", err)
	}
}

func equalAny(got, want any) bool {
	switch g := got.(type) {
	case []string:
		return slices.Equal(g, want.([]string))
	}
	return got == want
}

func TestWinSuspendResume(t *testing.T) {
	// The child writes a line every 10 ms: a suspended one writes none.
	// (Under wine, other processes' CPU times read 0, so they cannot tell.)
	s := New(LiveFS())
	exe, _ := os.Executable()
	cmd := exec.Command(exe, "-test.run=^TestWinHelperChild$")
	cmd.Env = append(os.Environ(), "PSULUA_WIN_CHILD=tick")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _, _ = cmd.Process.Wait() })
	var ticks atomic.Int64
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			ticks.Add(1)
		}
	}()
	ticking := func() bool {
		time.Sleep(300 * time.Millisecond) // what was written before is read
		n := ticks.Load()
		time.Sleep(500 * time.Millisecond)
		return ticks.Load() > n
	}
	if !ticking() {
		t.Fatal("the child does not tick")
	}
	p, err := s.NewProcess(cmd.Process.Pid)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Suspend(); err != nil {
		t.Fatal(err)
	}
	status, err := p.Status()
	if err != nil {
		t.Fatal(err)
	}
	// Windows reports each thread of a suspended process waiting for
	// that reason; wine does not.
	if status != STATUS_STOPPED && !underWine() {
		t.Errorf("status() = %q after suspend()", status)
	}
	if ticking() {
		t.Error("the suspended child ticks")
	}
	if err := p.Resume(); err != nil {
		t.Fatal(err)
	}
	if !ticking() {
		t.Error("the resumed child does not tick")
	}
	if status, err := p.Status(); err != nil || status != STATUS_RUNNING {
		t.Errorf("status() = %q, %v after resume()", status, err)
	}
	if err := p.Terminate(); err != nil {
		t.Fatal(err)
	}
	if code, err := p.Wait(context.Background(), 10*time.Second); err != nil || code == nil || *code != 15 {
		t.Errorf("wait() = %v, %v", code, err)
	}
}

func TestWinPopen(t *testing.T) {
	s := New(LiveFS())
	exe, _ := os.Executable()
	pp, err := s.Popen([]string{exe, "-test.run=^TestWinHelperChild$"}, PopenOptions{
		Env: append(os.Environ(), "PSULUA_WIN_CHILD=sleep"), Stdout: Pipe,
	})
	if err != nil {
		t.Fatal(err)
	}
	if name, err := pp.Name(); err != nil || name != filepath.Base(exe) {
		t.Errorf("name() = %q, %v", name, err)
	}
	if err := pp.Terminate(); err != nil {
		t.Fatal(err)
	}
	code, err := pp.Wait(context.Background(), 10*time.Second)
	if err != nil || code == nil || *code != 15 {
		t.Errorf("wait() = %v, %v", code, err)
	}
}

func TestWinProcessErrors(t *testing.T) {
	s := New(LiveFS())
	var nsp *NoSuchProcess
	if _, err := s.NewProcess(0x7ffffff0); !errors.As(err, &nsp) {
		t.Errorf("Process(0x7ffffff0) = %v, want NoSuchProcess", err)
	}
	if s.PidExists(0x7ffffff0) {
		t.Error("pid_exists(0x7ffffff0)")
	}
	// The System Idle Process cannot be opened: AccessDenied.
	idle, err := s.NewProcess(0)
	if err != nil {
		t.Fatal(err)
	}
	if name, err := idle.Name(); err != nil || name != "System Idle Process" {
		t.Errorf("name() = %q, %v", name, err)
	}
	var ad *AccessDenied
	if _, err := idle.Cwd(); !errors.As(err, &ad) {
		t.Errorf("Process(0).cwd() = %v, want AccessDenied", err)
	}
	if _, err := idle.Nice(); !errors.As(err, &ad) {
		t.Errorf("Process(0).nice() = %v, want AccessDenied", err)
	}
	self, _ := s.Self()
	if _, err := self.Uids(); !errors.Is(err, ErrNotImplemented) {
		t.Errorf("uids() = %v, want not implemented", err)
	}
}

func TestWinProcessIter(t *testing.T) {
	s := New(LiveFS())
	procs, err := s.ProcessIterAttrs([]string{"pid", "name", "ppid", "exe", "cmdline", "username", "status", "memory_info"})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range procs {
		if p.Pid() != os.Getpid() {
			continue
		}
		found = true
		exe, _ := os.Executable()
		if name, err := p.Name(); err != nil || name != filepath.Base(exe) {
			t.Errorf("prefetched name() = %q, %v", name, err)
		}
		if cl, err := p.Cmdline(); err != nil || !slices.Equal(cl[1:], os.Args[1:]) {
			t.Errorf("prefetched cmdline() = %q, %v", cl, err)
		}
	}
	if !found {
		t.Error("process_iter() lacks this process")
	}
	// psutil.Process's repr.
	self, _ := s.Self()
	if r := self.String(); !strings.Contains(r, "status='running'") {
		t.Errorf("repr = %s", r)
	}
}

func TestWinOpenFiles(t *testing.T) {
	f, err := os.CreateTemp("", "psulua-open-files")
	if err != nil {
		t.Fatal(err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	self, err := New(LiveFS()).Self()
	if err != nil {
		t.Fatal(err)
	}
	files, err := self.OpenFiles()
	if err != nil {
		t.Fatal(err)
	}
	want, _ := filepath.Abs(f.Name())
	if !slices.ContainsFunc(files, func(o OpenFile) bool { return strings.EqualFold(o.Path, want) && o.Fd == -1 }) {
		t.Errorf("%s not in %+v", want, files)
	}
	for _, o := range files {
		if !filepath.IsAbs(o.Path) {
			t.Errorf("relative path %q", o.Path)
		}
	}
}

func TestWinMemoryMaps(t *testing.T) {
	self, err := New(LiveFS()).Self()
	if err != nil {
		t.Fatal(err)
	}
	maps, err := self.MemoryMapsUngrouped()
	if err != nil {
		t.Fatal(err)
	}
	exe, _ := os.Executable()
	found := false
	for _, m := range maps {
		if !strings.HasPrefix(m.Addr, "0x") || m.RSS == 0 || !filepath.IsAbs(m.Path) {
			t.Errorf("region %+v", m)
		}
		found = found || strings.EqualFold(m.Path, exe)
	}
	if !found {
		t.Errorf("the executable %s is not mapped: %+v", exe, maps)
	}
	grouped, err := self.MemoryMaps()
	if err != nil || len(grouped) == 0 || len(grouped) > len(maps) {
		t.Errorf("memory_maps(grouped) = %d entries, %v", len(grouped), err)
	}
	if !slices.ContainsFunc(grouped, func(g MemoryMapGrouped) bool {
		return strings.HasSuffix(strings.ToLower(g.Path), `\ntdll.dll`)
	}) {
		t.Errorf("ntdll.dll not mapped: %+v", grouped)
	}
}
