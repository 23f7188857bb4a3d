package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
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
}

// Tool names, in the order of the report.
const (
	tLua      = "psulua-lua"
	tGo       = "psulua-go"
	tPy       = "psutil-py"
	tGopsutil = "gopsutil"
	tFloor    = "floor"
	tPs       = "ps"
	tSs       = "ss"
)

var toolTitles = map[string]string{
	tLua:      "psulua from Lua",
	tGo:       "psulua from Go (platform)",
	tPy:       "python psutil",
	tGopsutil: "gopsutil",
	tFloor:    "floor (minimal Go reader)",
	tPs:       "`ps -eo pid,ppid,comm,user,stat,time,rss,vsz,nlwp,lstart,args`",
	tSs:       "`ss -tunap`",
}

// psArgs is the procps command of the ps listing, with the same fields.
var psArgs = []string{"ps", "-eo", "pid,ppid,comm,user,stat,time,rss,vsz,nlwp,lstart,args"}

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
		{tLua, []string{bin("psulua"), script("ps.lua")}},
		{tGo, []string{bin("psulua-go"), "ps"}},
		{tPy, []string{b.cfg.python, script("ps.py")}},
		{tGopsutil, []string{bin("gopsutil"), "ps"}},
		{tFloor, []string{bin("floor"), "ps"}},
		{tPs, psArgs},
	}
	sysTools := []tool{
		{tLua, []string{bin("psulua"), script("sys.lua")}},
		{tGo, []string{bin("psulua-go"), "sys"}},
		{tPy, []string{b.cfg.python, script("sys.py")}},
		{tGopsutil, []string{bin("gopsutil"), "sys"}},
	}
	connTools := []tool{
		{tLua, []string{bin("psulua"), script("conn.lua")}},
		{tGo, []string{bin("psulua-go"), "conn"}},
		{tPy, []string{b.cfg.python, script("conn.py")}},
		{tGopsutil, []string{bin("gopsutil"), "conn"}},
		{tSs, []string{"ss", "-tunap"}},
	}
	startTools := []tool{
		{tLua, []string{bin("psulua"), "-e", ""}},
		{tPy, []string{b.cfg.python, "-c", "import psutil"}},
	}

	// The machine as it is.
	asis := &phase{name: "as is"}
	for _, w := range []struct {
		key, title string
		tools      []tool
		check      checker
	}{
		{"ps", "ps listing", psTools, checkPs},
		{"sys", "system snapshot", sysTools, checkSys},
		{"conn", "net_connections('inet')", connTools, checkConn},
		{"startup", "start-up: `psulua -e ''` vs `python3 -c 'import psutil'`", startTools, nil},
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

	// With the extra idle processes and sockets.
	b.logf("starting %d idle processes and %d loopback sockets", b.cfg.procs, b.cfg.sockets)
	ld, err := startLoad(b.cfg.procs, b.cfg.sockets)
	if ld != nil {
		b.atExit(ld.stop) // also on failure or a signal
	}
	if err != nil {
		return nil, err
	}
	loaded := &phase{name: fmt.Sprintf("+%d idle processes, +%d sockets", b.cfg.procs, len(ld.conns)), load: ld}
	for _, w := range []struct {
		key, title string
		tools      []tool
		check      checker
	}{
		{"ps", "ps listing", psTools, checkPs},
		{"conn", "net_connections('inet')", connTools, checkConn},
	} {
		s, err := b.workload(w.key, w.title, loaded, w.tools, w.check)
		if err != nil {
			return nil, err
		}
		rep.sections = append(rep.sections, s)
	}
	if b.cfg.strace {
		straceLoaded, err := b.straceAll(psTools, "loaded")
		if err != nil {
			return nil, err
		}
		rep.strace = straceTable(psTools, straceAsis, straceLoaded)
	}
	b.logf("stopping the idle processes")
	ld.stop()

	if b.cfg.gobench {
		if rep.gobench, err = b.runGobench(); err != nil {
			return nil, err
		}
	}
	rep.elapsed = time.Since(b.start)
	return rep, nil
}

// preflight checks the tools exist and records the machine.
func (b *bench) preflight(rep *report) error {
	for _, c := range []string{"go", "ps", "ss", b.cfg.python} {
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
	rep.machine = machineInfo(b.cfg.python, b.benchDir)
	return nil
}

// build compiles psulua (in its own module, as make does) and the runners.
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
	return nil
}
