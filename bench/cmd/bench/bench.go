package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// bench is one run of the driver.
type bench struct {
	cfg      config
	log      io.Writer
	start    time.Time
	benchDir string // bench/
	mainDir  string // the repository: psulua's module
	work     string // built binaries and outputs, removed at the end
	keepWork bool   // a check failed: keep the outputs to look at
	timeBin  string // GNU time, for peak RSS; "" without it
	floorC   bool   // a C compiler builds the C floor

	stopping atomic.Bool // a signal came: cleaning up and leaving

	mu       sync.Mutex
	cleanups []func()
}

// atExit registers clean-up, run in reverse order by cleanup.
func (b *bench) atExit(f func()) {
	b.mu.Lock()
	b.cleanups = append(b.cleanups, f)
	b.mu.Unlock()
}

// cleanup runs the registered clean-ups once; it is called on return, on
// a signal, and when a loaded phase ends.
func (b *bench) cleanup() {
	b.mu.Lock()
	fs := b.cleanups
	b.cleanups = nil
	b.mu.Unlock()
	for i := len(fs) - 1; i >= 0; i-- {
		fs[i]()
	}
}

// tool is one program that does a workload.
type tool struct {
	name string   // short name, the column of the report
	argv []string // the command
	env  []string // its environment; nil: the driver's
}

// Tool names, in the order of the report.
const (
	tLua      = "psulua-lua"
	tGo       = "psulua-go"
	tPy       = "psutil-py"
	tGopsutil = "gopsutil"
	tFloor    = "floor"
	tFloorC   = "floor-c"
	tPs       = "ps"
	tSs       = "ss"
	tSsTCP    = "ss-tcp"
	tTop      = "top"
)

var toolTitles = map[string]string{
	tLua:      "psulua from Lua",
	tGo:       "psulua from Go (platform)",
	tPy:       "python psutil",
	tGopsutil: "gopsutil",
	tFloor:    "floor (minimal Go reader)",
	tFloorC:   "floor in C (minimal C reader)",
	tPs:       "`ps -eo pid,ppid,comm,user,stat,time,rss,vsz,nlwp,lstart,args`",
	tSs:       "`ss -tunap`",
	tSsTCP:    "`ss -tanp` (TCP only)",
	tTop:      "`top -b`",
}

// psArgs is the procps command of the ps listing, with the same fields.
var psArgs = []string{"ps", "-eo", "pid,ppid,comm,user,stat,time,rss,vsz,nlwp,lstart,args"}

// monitorDelay is the monitor workload's -d: seconds between refreshes.
const monitorDelay = "0.1"

// workloadSpec is one workload: its tools and how their outputs are
// compared.
type workloadSpec struct {
	key, title string
	tools      []tool
	check      checker
}

func (b *bench) run() (*report, error) {
	b.start = time.Now()
	var err error
	if b.benchDir, err = findBenchDir(); err != nil {
		return nil, err
	}
	b.mainDir = filepath.Dir(b.benchDir)
	if b.work, err = os.MkdirTemp("", "psulua-bench-"); err != nil {
		return nil, err
	}
	b.atExit(func() {
		if b.keepWork {
			fmt.Fprintln(b.log, "bench: outputs kept in", b.work)
			return
		}
		os.RemoveAll(b.work)
	})
	rep := &report{cfg: b.cfg}
	if err := b.preflight(rep); err != nil {
		return nil, err
	}
	if err := b.build(); err != nil {
		return nil, err
	}

	bin := func(name string) string { return filepath.Join(b.work, name) }
	script := func(name string) string { return filepath.Join(b.benchDir, "scripts", name) }
	psTools := []tool{
		{name: tLua, argv: []string{bin("psulua"), script("ps.lua")}},
		{name: tGo, argv: []string{bin("psulua-go"), "ps"}},
		{name: tPy, argv: []string{b.cfg.python, script("ps.py")}},
		{name: tGopsutil, argv: []string{bin("gopsutil"), "ps"}},
		{name: tFloor, argv: []string{bin("floor"), "ps"}},
	}
	if b.floorC {
		psTools = append(psTools, tool{name: tFloorC, argv: []string{bin("floor-c")}})
	}
	psTools = append(psTools, tool{name: tPs, argv: psArgs})
	sysTools := []tool{
		{name: tLua, argv: []string{bin("psulua"), script("sys.lua")}},
		{name: tGo, argv: []string{bin("psulua-go"), "sys"}},
		{name: tPy, argv: []string{b.cfg.python, script("sys.py")}},
		{name: tGopsutil, argv: []string{bin("gopsutil"), "sys"}},
	}
	connTools := []tool{
		{name: tLua, argv: []string{bin("psulua"), script("conn.lua")}},
		{name: tGo, argv: []string{bin("psulua-go"), "conn"}},
		{name: tPy, argv: []string{b.cfg.python, script("conn.py")}},
		{name: tGopsutil, argv: []string{bin("gopsutil"), "conn"}},
		{name: tSs, argv: []string{"ss", "-tunap"}},
		{name: tSsTCP, argv: []string{"ss", "-tanp"}},
	}
	startTools := []tool{
		{name: tLua, argv: []string{bin("psulua"), "-e", ""}},
		{name: tPy, argv: []string{b.cfg.python, "-c", "import psutil"}},
	}
	n := strconv.Itoa(b.cfg.refreshes)
	monitorTools := []tool{
		{name: tLua, argv: []string{bin("psulua"), filepath.Join(b.mainDir, "examples", "top.lua"), "-d", monitorDelay, "-n", n}},
		// top reads ~/.toprc (or $XDG_CONFIG_HOME/procps/toprc): an empty
		// home keeps its default columns.
		{name: tTop, argv: []string{"top", "-b", "-d", monitorDelay, "-n", n}, env: b.topEnv()},
	}
	ps := workloadSpec{"ps", "ps listing", psTools, checkPs}
	conn := workloadSpec{"conn", "net_connections('inet')", connTools, checkConn}
	monitor := workloadSpec{"monitor", fmt.Sprintf("monitor: `examples/top.lua -d %s -n %s` vs `top -b -d %s -n %s`", monitorDelay, n, monitorDelay, n),
		monitorTools, checkMonitor(b.cfg.refreshes)}

	// The machine as it is.
	asis := &phase{name: "as is"}
	for _, w := range []workloadSpec{
		ps,
		{"sys", "system snapshot", sysTools, checkSys},
		conn,
		{"startup", "start-up: `psulua -e ''` vs `python3 -c 'import psutil'`", startTools, nil},
		monitor,
	} {
		s, err := b.workload(w.key, w.title, asis, w.tools, w.check)
		if err != nil {
			return nil, err
		}
		rep.sections = append(rep.sections, s)
	}
	var straceAsis map[string]*straceResult
	if b.cfg.strace {
		if straceAsis, err = b.straceAll(psTools, "asis"); err != nil {
			return nil, err
		}
	}

	// With the extra idle processes and connections, then (the scale
	// runs) with more of both.
	ld := newLoad()
	b.atExit(ld.stop) // also on failure or a signal
	levels := []struct{ procs, conns int }{{b.cfg.procs, b.cfg.conns}}
	if b.cfg.scaleProcs > 0 {
		levels = append(levels, struct{ procs, conns int }{b.cfg.scaleProcs, b.cfg.scaleConns})
	}
	for i, lv := range levels {
		b.logf("bringing the load to %d idle processes and %d loopback connections", lv.procs, lv.conns)
		t0 := time.Now()
		if err := ld.grow(lv.procs, lv.conns); err != nil {
			return nil, err
		}
		b.logf("load ready in %v", time.Since(t0).Round(time.Millisecond))
		ph := &phase{name: fmt.Sprintf("+%d idle processes, %d connections", len(ld.pids), len(ld.conns)/2), level: i + 1, load: ld}
		for _, w := range []workloadSpec{ps, monitor, conn} {
			s, err := b.workload(w.key, w.title, ph, w.tools, w.check)
			if err != nil {
				return nil, err
			}
			rep.sections = append(rep.sections, s)
		}
		if b.cfg.strace && i == 0 {
			straceLoaded, err := b.straceAll(psTools, "loaded")
			if err != nil {
				return nil, err
			}
			rep.strace = straceTable(psTools, straceAsis, straceLoaded)
		}
	}
	b.logf("stopping the idle processes and closing the connections")
	ld.stop()

	if b.cfg.gobench {
		if rep.gobench, err = b.runGobench(); err != nil {
			return nil, err
		}
	}
	rep.elapsed = time.Since(b.start)
	return rep, nil
}

// topEnv is the driver's environment with HOME set to an empty directory
// and no XDG_CONFIG_HOME, so that no toprc changes top's output.
func (b *bench) topEnv() []string {
	home := filepath.Join(b.work, "top-home")
	os.MkdirAll(home, 0o755)
	env := []string{"HOME=" + home}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "HOME=") && !strings.HasPrefix(kv, "XDG_CONFIG_HOME=") {
			env = append(env, kv)
		}
	}
	return env
}

// preflight checks the tools exist and records the machine.
func (b *bench) preflight(rep *report) error {
	for _, c := range []string{"go", "ps", "ss", "top", b.cfg.python} {
		if _, err := exec.LookPath(c); err != nil {
			return fmt.Errorf("%s not found: %v", c, err)
		}
	}
	if out, err := exec.Command(b.cfg.python, "-c", "import psutil; print(psutil.__version__)").CombinedOutput(); err != nil {
		return fmt.Errorf("%s has no psutil (apt-get install python3-psutil): %v: %s", b.cfg.python, err, out)
	}
	if b.cfg.strace {
		if _, err := exec.LookPath("strace"); err != nil {
			b.logf("strace not found (apt-get install strace): no system call counts")
			b.cfg.strace = false
			rep.cfg.strace = false
		}
	}
	if _, err := os.Stat("/usr/bin/time"); err == nil {
		b.timeBin = "/usr/bin/time"
	} else {
		b.logf("no GNU time (apt-get install time): peak RSS from ru_maxrss, floored by the driver's own")
		rep.rssFloored = true
	}
	extra := b.cfg.procs
	if b.cfg.scaleProcs > 0 {
		extra = b.cfg.scaleProcs
	}
	if err := checkRoom(extra, max(b.cfg.conns, b.cfg.scaleConns)); err != nil {
		return err
	}
	if _, err := exec.LookPath(b.cc()); err == nil {
		b.floorC = true
	} else {
		b.logf("no C compiler (%s): no C floor, and no target against it", b.cc())
	}
	rep.machine = machineInfo(b.cfg.python, b.benchDir)
	return nil
}

// cc is the C compiler of the C floor: $CC, else gcc.
func (b *bench) cc() string {
	if cc := os.Getenv("CC"); cc != "" {
		return cc
	}
	return "gcc"
}

// build compiles psulua (in its own module, as make does), the runners,
// and the C floor with the C compiler (-O2).
func (b *bench) build() error {
	b.logf("building psulua and the runners")
	steps := []struct {
		dir  string
		args []string
	}{
		{b.mainDir, []string{"build", "-o", filepath.Join(b.work, "psulua"), "./cmd/psulua"}},
		{b.benchDir, []string{"build", "-o", filepath.Join(b.work, "psulua-go"), "./runners/psulua-go"}},
		{b.benchDir, []string{"build", "-o", filepath.Join(b.work, "gopsutil"), "./runners/gopsutil"}},
		{b.benchDir, []string{"build", "-o", filepath.Join(b.work, "floor"), "./runners/floor"}},
	}
	if b.cfg.gobench {
		steps = append(steps, struct {
			dir  string
			args []string
		}{b.benchDir, []string{"test", "-c", "-o", filepath.Join(b.work, "gobench.test"), "./gobench"}})
	}
	for _, s := range steps {
		cmd := exec.Command("go", s.args...)
		cmd.Dir = s.dir
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go %s: %v\n%s", strings.Join(s.args, " "), err, out)
		}
	}
	if b.floorC {
		args := []string{"-O2", "-o", filepath.Join(b.work, "floor-c"), filepath.Join(b.benchDir, "runners", "floor-c", "floor.c")}
		if out, err := exec.Command(b.cc(), args...).CombinedOutput(); err != nil {
			return fmt.Errorf("%s %s: %v\n%s", b.cc(), strings.Join(args, " "), err, out)
		}
	}
	return nil
}
