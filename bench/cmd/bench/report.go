package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// report is what the run found, rendered as markdown.
type report struct {
	cfg      config
	machine  machine
	sections []*section
	strace   []straceRow
	gobench  []benchLine
	elapsed  time.Duration
	// rssFloored: no GNU time, so peak RSS is ru_maxrss, which includes
	// the driver's own (see peakRSS).
	rssFloored bool
}

// machine describes where the run happened.
type machine struct {
	date, kernel, cpu, mem, versions string
	loadavg                          string // at the start: other work running shows here
	ncpu, procs                      int
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(s)
}

func cmdLine(name string, args ...string) string {
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		return "?"
	}
	return firstLine(string(out))
}

func machineInfo(python, benchDir string) machine {
	m := machine{date: time.Now().UTC().Format("2006-01-02 15:04 MST"), ncpu: runtime.NumCPU()}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.kernel = strings.TrimSpace(string(b))
	}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, ln := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(ln, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		f := strings.Fields(firstLine(string(b)))
		if len(f) >= 2 {
			kb, _ := strconv.ParseFloat(f[1], 64)
			m.mem = fmt.Sprintf("%.1f GiB RAM", kb/(1<<20))
		}
	}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(b)); len(f) >= 3 {
			m.loadavg = strings.Join(f[:3], " ")
		}
	}
	if snap, err := takeSnapshot(); err == nil {
		m.procs = len(snap)
	}
	py := cmdLine(python, "-c", "import sys, psutil; print('Python %s with psutil %s' % (sys.version.split()[0], psutil.__version__))")
	gopsutil := "gopsutil ?"
	if b, err := os.ReadFile(filepath.Join(benchDir, "go.mod")); err == nil {
		for _, ln := range strings.Split(string(b), "\n") {
			if f := strings.Fields(ln); len(f) == 2 && f[0] == "github.com/shirou/gopsutil/v4" {
				gopsutil = "gopsutil " + f[1]
			}
		}
	}
	vs := []string{runtime.Version() + " (psulua, gopsutil, floor)", py, gopsutil,
		cmdLine("ps", "--version"), cmdLine("top", "-V"), cmdLine("ss", "--version")}
	cc := os.Getenv("CC")
	if cc == "" {
		cc = "gcc"
	}
	if _, err := exec.LookPath(cc); err == nil {
		vs = append(vs, cmdLine(cc, "--version")+" (the C floor)")
	}
	if _, err := exec.LookPath("strace"); err == nil {
		vs = append(vs, cmdLine("strace", "-V"))
	}
	m.versions = strings.Join(vs, "; ")
	return m
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	n := len(s)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func (s *section) walls(tool string) []time.Duration {
	var d []time.Duration
	for _, x := range s.samples[tool] {
		d = append(d, x.wall)
	}
	return d
}

func (s *section) median(tool string) time.Duration { return median(s.walls(tool)) }

// pairedRatio is the median over the rounds of a's wall time over b's in
// the same round: the tools ran in turns, so each pair saw the same machine.
func (s *section) pairedRatio(a, b string) float64 {
	return s.paired(a, b, func(x sample) time.Duration { return x.wall })
}

// pairedCPU is the median over the rounds of a's CPU time over b's in the
// same round.
func (s *section) pairedCPU(a, b string) float64 {
	return s.paired(a, b, func(x sample) time.Duration { return x.cpu })
}

func (s *section) paired(a, b string, v func(sample) time.Duration) float64 {
	sa, sb := s.samples[a], s.samples[b]
	var rs []float64
	for i := range min(len(sa), len(sb)) {
		if v(sb[i]) > 0 {
			rs = append(rs, float64(v(sa[i]))/float64(v(sb[i])))
		}
	}
	slices.Sort(rs)
	switch n := len(rs); {
	case n == 0:
		return 0
	case n%2 == 1:
		return rs[n/2]
	default:
		return (rs[n/2-1] + rs[n/2]) / 2
	}
}

// medianCPU is the median of the tool's CPU times (user + system).
func (s *section) medianCPU(tool string) time.Duration {
	var d []time.Duration
	for _, x := range s.samples[tool] {
		d = append(d, x.cpu)
	}
	return median(d)
}

func (s *section) rssMiB(tool string) float64 {
	v := slices.Clone(s.rssKB[tool])
	slices.Sort(v)
	if len(v) == 0 {
		return 0
	}
	return float64(v[len(v)/2]) / 1024
}

func ms(d time.Duration) string {
	v := float64(d) / 1e6
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.2f", v)
}

func (r *report) find(key string, level int) *section {
	for _, s := range r.sections {
		if s.key == key && s.level == level {
			return s
		}
	}
	return nil
}

// target is one of the goals, measured: a comparison of two tools in one
// workload and phase, with a limit on the median of the paired ratios of
// wall time, of CPU time, or both.
type target struct {
	what       string
	wall, cpu  float64 // medians of paired ratios
	wallLimit  float64 // 0: none
	cpuLimit   float64 // 0: none
	cpuAim     float64 // 0: none; what to aim for, beyond the limit
	info       bool    // shown for comparison, not one of the targets
	calls      bool    // system calls per process: wall holds the count
	callsIO    float64 // ... without the Go runtime's own
	callsLimit float64
}

func (t target) ok() bool {
	if t.calls {
		return t.wall <= t.callsLimit
	}
	return (t.wallLimit == 0 || t.wall <= t.wallLimit) && (t.cpuLimit == 0 || t.cpu <= t.cpuLimit)
}

// limits is the target's column: "wall ≤ 1.0×, CPU ≤ 1.0×".
func (t target) limits() string {
	if t.calls {
		return fmt.Sprintf("≤ %.0f", t.callsLimit)
	}
	var l []string
	if t.wallLimit > 0 {
		l = append(l, "wall ≤ "+times(t.wallLimit))
	}
	if t.cpuLimit > 0 {
		c := "CPU ≤ " + times(t.cpuLimit)
		if t.cpuAim > 0 {
			c += " (aim " + times(t.cpuAim) + ")"
		}
		l = append(l, c)
	}
	return strings.Join(l, ", ")
}

// times writes a limit as a factor: 1.0×, 0.5×, 1.15×.
func times(v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s + "×"
}

func (t target) verdict() string {
	ok := t.ok()
	switch {
	case t.info && ok:
		return "(for comparison) met"
	case t.info:
		return "(for comparison) not met"
	case !ok:
		return "**missed**"
	case t.cpuAim > 0 && t.cpu > t.cpuAim:
		return "met (not the aim)"
	}
	return "met"
}

// phaseName is the short name of a level in the targets.
func (r *report) phaseName(level int) string {
	switch level {
	case 0:
		return "as is"
	case 1:
		return fmt.Sprintf("+%d processes, %d connections", r.cfg.procs, r.cfg.conns)
	}
	return fmt.Sprintf("+%d processes, %d connections", r.cfg.scaleProcs, r.cfg.scaleConns)
}

func (r *report) targets() []target {
	var ts []target
	cmp := func(key string, level int, a, b string, what string, t target) {
		s := r.find(key, level)
		if s == nil || len(s.samples[a]) == 0 || len(s.samples[b]) == 0 {
			return
		}
		t.what = fmt.Sprintf("%s (%s): %s / %s", what, r.phaseName(level), a, b)
		t.wall, t.cpu = s.pairedRatio(a, b), s.pairedCPU(a, b)
		ts = append(ts, t)
	}
	// The listing's targets are set with the extra processes; on the
	// machine as is start-up weighs most.
	for _, level := range []int{0, 1} {
		info := level == 0
		cmp("ps", level, tLua, tPy, "ps listing", target{wallLimit: 0.5, info: info})
		cmp("ps", level, tLua, tPs, "ps listing", target{wallLimit: 1.0, cpuLimit: 1.0, info: info})
		cmp("ps", level, tGo, tFloor, "ps listing", target{wallLimit: 1.5, info: info})
		cmp("ps", level, tGo, tFloorC, "ps listing", target{cpuLimit: 1.15, info: info})
	}
	for _, row := range r.strace {
		if row.tool == tLua || row.tool == tGo {
			ts = append(ts, target{
				what:  fmt.Sprintf("system calls per listed process: %s", row.tool),
				calls: true, wall: row.perProc, callsIO: row.perProcIO, callsLimit: 15,
			})
		}
	}
	// The monitor's target was set with about 500 processes: it is held
	// both as is and with the extra processes.
	for _, level := range []int{0, 1} {
		cmp("monitor", level, tLua, tTop, "monitor", target{cpuLimit: 1.0, cpuAim: 0.75})
	}
	cmp("sys", 0, tLua, tPy, "system snapshot", target{wallLimit: 0.5})
	cmp("sys", 0, tLua, tGopsutil, "system snapshot", target{wallLimit: 1.0})
	for _, level := range []int{0, 1} {
		cmp("conn", level, tLua, tSs, "net_connections('inet')", target{wallLimit: 1.0})
	}
	cmp("conn", 1, tLua, tSsTCP, "net_connections('inet')", target{cpuLimit: 1.0})
	cmp("startup", 0, tLua, tPy, "start-up", target{wallLimit: 0.3})
	return ts
}

func (r *report) markdown() string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	m := r.machine
	p("<!-- Generated by `make bench` (bench/cmd/bench): do not edit; run it again. -->\n\n")
	p("Measured on %s by `make bench`: Linux %s, %s × %d, %s, %d processes and load average %s at the start. %s.\n\n",
		m.date, m.kernel, m.cpu, m.ncpu, m.mem, m.procs, m.loadavg, m.versions)
	p("Each workload is a whole program, timed from exec to exit, its output to /dev/null; its CPU time is the user plus system time of the program and all its threads (the child's rusage). ")
	p("Before timing, each tool runs once with its output kept, and the outputs are compared: same processes (bar those that started or exited in between), parents, names, users, start times and command lines; same system snapshot; same listening sockets and, when loaded, every one of the bench's connections with its pid; for the monitor, every refresh lists every process that ran throughout, with the same user and nice for both tools. ")
	if r.cfg.budget > 0 {
		p("Then the tools run in turns (A B C … A B C …), %d rounds, or fewer (at least %d) where a workload's rounds took over %s: its section says so. ", r.cfg.rounds, min(minRounds, r.cfg.rounds), duration(r.cfg.budget))
	} else {
		p("Then the tools run in turns (A B C … A B C …), %d rounds. ", r.cfg.rounds)
	}
	p("Every ratio is the median over the rounds of the ratio of two tools' times in the same round (a paired ratio), for wall time and for CPU time: \"vs psulua-lua\" is the tool's time over psulua-lua's (above 1, psulua from Lua is faster). ")
	p("psulua's process_iter reads processes on more than one thread once a listing has taken 50 ms, so its wall time can be below its CPU time: on a shared machine CPU time is the fairer measure, and the newer targets are set on it. ")
	if r.rssFloored {
		p("Peak RSS is the child's ru_maxrss (median), which includes the bench driver's own: install GNU time for the tools' own. ")
	} else {
		p("Peak RSS is the median of further runs under GNU time (`%%M`: the tool's own peak; /bin/true shows about 1 MiB). ")
	}
	p("Loaded: the bench starts %d idle `sleep` processes and opens %d loopback TCP connections (two sockets each, both held by the bench); ", r.cfg.procs, r.cfg.conns)
	if r.cfg.scaleProcs > 0 {
		p("for the scale rows it brings them to %d processes and %d connections; ", r.cfg.scaleProcs, r.cfg.scaleConns)
	}
	p("it stops them all at the end. The idle processes have an empty environment, the cheapest case for `ps`: procps 4 reads every process's environ for the listing's format, so it costs more where processes carry one. ")
	p("The monitor runs `examples/top.lua -d %s -n %d` with the built psulua and `top -b -d %s -n %d` (with an empty HOME, so no toprc applies). ", monitorDelay, r.cfg.refreshes, monitorDelay, r.cfg.refreshes)
	if r.hasFloorC() {
		p("The C floor (`runners/floor-c`, compiled by the bench with `-O2`) reads the same files as the Go floor. ")
	}
	p("Nothing is cached across runs: each run is a new process.\n\n")

	p("### Targets\n\nEach row compares two tools in one workload: the medians of their paired ratios of wall and CPU time, from this run. The ps listing's targets hold with the extra processes; its rows for the machine as is, where start-up weighs most, are there for comparison. The monitor's target was set with about 500 processes: it holds both as is and with the extra processes. net_connections' CPU target is against `ss -tanp` with the loaded run's connections (two sockets each, both with the bench's pid). The scale rows have no targets.\n\n")
	p("| comparison | target | wall | CPU | |\n|---|---|--:|--:|---|\n")
	for _, t := range r.targets() {
		if t.calls {
			p("| %s | %s | %.1f (%.1f without the Go runtime's own) | | %s |\n", t.what, t.limits(), t.wall, t.callsIO, t.verdict())
			continue
		}
		p("| %s | %s | %.2f× | %.2f× | %s |\n", t.what, t.limits(), t.wall, t.cpu, t.verdict())
	}
	p("\n")

	for _, s := range r.sections {
		p("### %s, %s\n\n", s.title, s.phase)
		if s.note != "" {
			p("Checked: %s.\n\n", s.note)
		}
		if s.rounds < r.cfg.rounds {
			p("%d rounds (the time limit), one peak RSS run.\n\n", s.rounds)
		}
		p("| tool | median ms | min ms | max ms | vs psulua-lua | CPU ms | CPU vs psulua-lua | peak RSS MiB | output lines | output bytes |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n")
		for _, t := range s.tools {
			w := s.walls(t)
			p("| %s | %s | %s | %s | %.2f× | %s | %.2f× | %.1f | %d | %d |\n", toolTitles[t], ms(s.median(t)), ms(slices.Min(w)), ms(slices.Max(w)),
				s.pairedRatio(t, tLua), ms(s.medianCPU(t)), s.pairedCPU(t, tLua), s.rssMiB(t), s.lines[t], s.bytes[t])
		}
		p("\n")
	}

	if len(r.strace) > 0 {
		p("### System calls per listed process (ps listing, `strace -f -c`)\n\n")
		if !r.cfg.quick {
			p("Each count is the median of three runs. ")
		}
		p("\"Per extra process\" is (calls loaded − calls as is) / (processes loaded − processes as is): start-up cancels out.\n\n")
		p("\"Without runtime\" leaves out the Go runtime's own calls (futex, nanosleep, sched_yield, epoll_pwait, signals for preemption, mmap/madvise), which grow with allocation and with the time strace adds; the target counts all calls.\n\n")
		p("| tool | as is: calls / processes | loaded: calls / processes | per extra process | without runtime | of which |\n|---|--:|--:|--:|--:|---|\n")
		for _, row := range r.strace {
			p("| %s | %d / %d | %d / %d | %.1f | %.1f | %s |\n", row.tool, row.asis.total, row.asis.procs, row.loaded.total, row.loaded.procs, row.perProc, row.perProcIO, row.top)
		}
		p("\n")
	}

	if len(r.gobench) > 0 {
		r.gobenchMarkdown(&b)
	}
	p("Run time of the whole bench: %s.\n", r.elapsed.Round(time.Second))
	return b.String()
}

// duration writes a limit for a reader: "2 min", "90 s".
func duration(d time.Duration) string {
	switch {
	case d > 0 && d%time.Minute == 0:
		return fmt.Sprintf("%d min", d/time.Minute)
	case d%time.Second == 0:
		return fmt.Sprintf("%d s", d/time.Second)
	}
	return d.String()
}

// hasFloorC reports whether the C floor ran.
func (r *report) hasFloorC() bool {
	for _, s := range r.sections {
		if slices.Contains(s.tools, tFloorC) {
			return true
		}
	}
	return false
}

func nsString(ns float64) string {
	switch {
	case ns >= 1e6:
		return fmt.Sprintf("%.2f ms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.1f µs", ns/1e3)
	}
	return fmt.Sprintf("%.0f ns", ns)
}

func cell(bl *benchLine) string {
	if bl == nil {
		return "–"
	}
	if bl.skipped != "" {
		return "skipped: " + bl.skipped
	}
	return fmt.Sprintf("%s · %.0f B · %.0f allocs", nsString(bl.metrics["ns/op"]), bl.metrics["B/op"], bl.metrics["allocs/op"])
}

func (r *report) gobenchMarkdown(b *strings.Builder) {
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	byName := map[string]*benchLine{}
	for i := range r.gobench {
		byName[r.gobench[i].name] = &r.gobench[i]
	}
	p("### Cost per call from Go (`go test -bench -benchmem`, bench/gobench, -benchtime %s)\n\n", r.cfg.benchtime)
	p("Process getters on the bench's own process, alone and inside `Oneshot` (stat, status and statm read once):\n\n")
	p("| getter | outside oneshot | inside oneshot |\n|---|--:|--:|\n")
	var getters []string
	for _, bl := range r.gobench {
		if rest, ok := strings.CutPrefix(bl.name, "Getter/"); ok {
			g, _, _ := strings.Cut(rest, "/")
			if !slices.Contains(getters, g) {
				getters = append(getters, g)
			}
		}
	}
	for _, g := range getters {
		p("| %s | %s | %s |\n", g, cell(byName["Getter/"+g+"/outside"]), cell(byName["Getter/"+g+"/inside"]))
	}
	p("\n")

	p("Process creation, process_iter and the workloads in-process (a new System, or a new Lua state, per op for \"fresh\" and the workloads):\n\n")
	p("| benchmark | per op | processes | per process |\n|---|--:|--:|--:|\n")
	for _, bl := range r.gobench {
		if !(bl.name == "NewProcess" || strings.HasPrefix(bl.name, "ProcessIter") || bl.name == "PsOneshot" || bl.name == "MonitorPass" || strings.HasPrefix(bl.name, "Workload/")) {
			continue
		}
		n := bl.metrics["procs"]
		per := ""
		if n > 0 && bl.skipped == "" {
			per = fmt.Sprintf("%s · %.0f B · %.1f allocs", nsString(bl.metrics["ns/op"]/n), bl.metrics["B/op"]/n, bl.metrics["allocs/op"]/n)
		}
		np := ""
		if n > 0 {
			np = fmt.Sprintf("%.0f", n)
		}
		p("| %s | %s | %s | %s |\n", bl.name, cell(&bl), np, per)
	}
	p("\n")

	if all, ps := byName["ProcessIter/all/warm"], byName["ProcessIter/ps/warm"]; all != nil && ps != nil && all.metrics["procs"] < ps.metrics["procs"] {
		p("process_iter with every attribute keeps %.0f of %.0f processes: the others raise NoSuchProcess for one attribute (this kernel answers ESRCH for the environ of kernel threads) and are dropped, as python psutil drops them.\n\n",
			all.metrics["procs"], ps.metrics["procs"])
	}
	p("System functions:\n\n| function | per call |\n|---|--:|\n")
	for _, bl := range r.gobench {
		if rest, ok := strings.CutPrefix(bl.name, "System/"); ok {
			p("| %s | %s |\n", rest, cell(&bl))
		}
	}
	p("\n")
}
