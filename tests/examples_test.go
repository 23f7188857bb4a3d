package tests

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/psulua/psulua/engine"
	"github.com/psulua/psulua/platform"
)

// TestExamples runs the Lua ports of psutil's scripts (examples/*.lua) and
// checks what they print against python3-psutil's values on this machine.
// It passes as root and as an unprivileged user (make unpriv).
func TestExamples(t *testing.T) {
	t.Run("meminfo", testMeminfo)
	t.Run("free", testFree)
	t.Run("disk_usage", testDiskUsage)
	t.Run("top", testTop)
	t.Run("iotop", testIotop)
	t.Run("nettop", testNettop)
	t.Run("cpu_distribution", testCPUDistribution)
	t.Run("netstat", testNetstat)
	t.Run("pmap", testPmap)
	t.Run("ps", testPs)
	t.Run("pstree", testPstree)
	t.Run("who", testWho)
	t.Run("ifconfig", testIfconfig)
	t.Run("procinfo", testProcinfo)
	t.Run("procsmem", testProcsmem)
	t.Run("pidof", testPidof)
	t.Run("killall", testKillall)
	t.Run("sensors_live", testSensorsLive)
	t.Run("sensors_fixture", testSensorsFixture)
	t.Run("embed", func(t *testing.T) {
		cmd := exec.Command(embedBin, fromRoot("examples", "embed", "rules.lua"))
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		if !strings.Contains(string(out), "alert(s)") {
			t.Fatalf("unexpected output:\n%s", out)
		}
	})
}

// exampleRun is what an example printed and its exit status.
type exampleRun struct {
	stdout, stderr string
	code           int
}

// runExample runs examples/<name>.lua with psulua, stdout not a terminal,
// in an 80x24 "terminal" (COLUMNS and LINES, which python's
// shutil.get_terminal_size also reads), within a deadline.
func runExample(t *testing.T, name string, args ...string) exampleRun {
	t.Helper()
	return runExampleEnv(t, []string{"COLUMNS=80", "LINES=24"}, name, args...)
}

func runExampleEnv(t *testing.T, env []string, name string, args ...string) exampleRun {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, psuluaBin, append([]string{fromRoot("examples", name+".lua")}, args...)...)
	cmd.Env = append(withoutTermEnv(os.Environ()), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := exampleRun{stdout: stdout.String(), stderr: stderr.String()}
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit) && ctx.Err() == nil:
		r.code = exit.ExitCode()
	default:
		t.Fatalf("%s.lua %v: %v\nstdout:\n%s\nstderr:\n%s", name, args, err, r.stdout, r.stderr)
	}
	return r
}

func withoutTermEnv(env []string) []string {
	var out []string
	for _, e := range env {
		if !strings.HasPrefix(e, "COLUMNS=") && !strings.HasPrefix(e, "LINES=") {
			out = append(out, e)
		}
	}
	return out
}

// mustRun runs an example that must succeed and print nothing on stderr.
func mustRun(t *testing.T, name string, args ...string) string {
	t.Helper()
	r := runExample(t, name, args...)
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("%s.lua %v: exit status %d\nstdout:\n%s\nstderr:\n%s", name, args, r.code, r.stdout, r.stderr)
	}
	return r.stdout
}

// pyJSON runs a python3-psutil snippet that prints one JSON value into v.
func pyJSON(t *testing.T, v any, code string) {
	t.Helper()
	needPsutil(t)
	out := runDump(t, oraclePython, "-c", "import json, os, psutil\nfrom psutil._common import bytes2human\n"+code)
	if err := json.Unmarshal(out, v); err != nil {
		t.Fatalf("python output: %v\n%s", err, out)
	}
}

// startNamed starts /bin/sleep under another name (a link or a copy in
// dir), waits until it runs, and kills it when the test ends.
func startNamed(t *testing.T, dir, name string, args ...string) *exec.Cmd {
	t.Helper()
	bin := filepath.Join(dir, name)
	if _, err := os.Stat(bin); err != nil {
		if err := os.Link("/bin/sleep", bin); err != nil {
			data, err := os.ReadFile("/bin/sleep")
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(bin, data, 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
	})
	waitForComm(t, cmd.Process.Pid, name)
	return cmd
}

// startSleep starts "sleep 60" for the examples that take a pid.
func startSleep(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("sleep", "60")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
	})
	waitForComm(t, cmd.Process.Pid, "sleep")
	return cmd.Process.Pid
}

// waitForComm waits until the process has exec'd the named program (a
// copy of sleep) and reached its sleep, so that its memory maps and sizes
// no longer change.
func waitForComm(t *testing.T, pid int, name string) {
	t.Helper()
	if len(name) > 15 {
		name = name[:15]
	}
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		comm, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
		if err != nil || strings.TrimSpace(string(comm)) != name {
			continue
		}
		wchan, err := os.ReadFile(fmt.Sprintf("/proc/%d/wchan", pid))
		if err != nil || string(wchan) == "0" || strings.Contains(string(wchan), "nanosleep") {
			return // sleeping, or the kernel does not say
		}
	}
	t.Fatalf("pid %d never became %q", pid, name)
}

func lines(s string) []string {
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// lineWithPrefix is the first line of out starting with prefix.
func lineWithPrefix(out, prefix string) (string, bool) {
	for _, l := range lines(out) {
		if strings.HasPrefix(l, prefix) {
			return l, true
		}
	}
	return "", false
}

// human2bytes reads back a bytes2human string ("1.5G", "0.0B") as an
// approximate number of bytes.
func human2bytes(t *testing.T, s string) float64 {
	t.Helper()
	s = strings.TrimSpace(s)
	if s == "" {
		t.Fatalf("empty size")
	}
	mult := 1.0
	if i := strings.IndexByte("BKMGTPEZY", s[len(s)-1]); i >= 0 {
		mult = math.Pow(1024, float64(i))
		s = s[:len(s)-1]
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("not a size: %q", s)
	}
	return f * mult
}

// near reports whether psulua's a and python's b differ by less than the
// slack of memory that moves between two readings.
func near(a, b float64) bool {
	return math.Abs(a-b) <= math.Max(128<<20, 0.1*math.Max(a, b))
}

func testMeminfo(t *testing.T) {
	out := mustRun(t, "meminfo")
	var py struct {
		Values map[string]map[string]float64
		Totals map[string]string
	}
	pyJSON(t, &py, `vm, sw = psutil.virtual_memory()._asdict(), psutil.swap_memory()._asdict()
vm["used"] = vm["total"] - vm["available"]  # psutil 8's used
print(json.dumps({"Values": {"MEMORY": vm, "SWAP": sw},
                  "Totals": {"MEMORY": bytes2human(vm["total"]), "SWAP": bytes2human(sw["total"])}}))`)
	sections := map[string]map[string]string{}
	var cur string
	for _, l := range lines(out) {
		if l == "MEMORY" || l == "SWAP" {
			cur = l
			sections[cur] = map[string]string{}
			continue
		}
		label, value, ok := strings.Cut(l, " : ")
		if !ok {
			continue
		}
		if len(label) != 10 || len(value) < 7 {
			t.Errorf("meminfo line not formatted as '{:<10} : {:>7}': %q", l)
		}
		sections[cur][strings.ToLower(strings.TrimSpace(label))] = strings.TrimSpace(value)
	}
	for _, sect := range []string{"MEMORY", "SWAP"} {
		for field, want := range py.Values[sect] {
			got, ok := sections[sect][field]
			if !ok {
				t.Errorf("meminfo %s lacks %s:\n%s", sect, field, out)
				continue
			}
			if field == "percent" {
				g, _ := strconv.ParseFloat(got, 64)
				if math.Abs(g-want) > 1 || !strings.Contains(got, ".") {
					t.Errorf("meminfo %s percent = %s, python %.1f", sect, got, want)
				}
				continue
			}
			if field == "total" {
				human := py.Totals[sect]
				if human == "0B" { // psutil 5.9's bytes2human; psutil 8 has "0.0B"
					human = "0.0B"
				}
				if got != human {
					t.Errorf("meminfo %s total = %s, python bytes2human %s", sect, got, human)
				}
				continue
			}
			if !near(human2bytes(t, got), want) {
				t.Errorf("meminfo %s %s = %s, python %.0f", sect, field, got, want)
			}
		}
	}
	for _, head := range []string{"MEMORY\n------\nTotal      : ", "\n\nSWAP\n----\nTotal      : "} {
		if !strings.Contains(out, head) {
			t.Errorf("meminfo output lacks %q:\n%s", head, out)
		}
	}
}

func testFree(t *testing.T) {
	out := mustRun(t, "free")
	ls := lines(out)
	if len(ls) != 3 {
		t.Fatalf("free printed %d lines:\n%s", len(ls), out)
	}
	if want := "             total       used       free     shared    buffers      cache"; ls[0] != want {
		t.Errorf("free header = %q, want %q", ls[0], want)
	}
	var py struct{ Mem, Swap []float64 }
	pyJSON(t, &py, `vm, sw = psutil.virtual_memory(), psutil.swap_memory()
k = lambda n: int(n / 1024)
print(json.dumps({"Mem": [k(vm.total), k(vm.total - vm.available), k(vm.free), k(vm.shared), k(vm.buffers), k(vm.cached)],
                  "Swap": [k(sw.total), k(sw.used), k(sw.free)]}))`)
	for i, row := range []struct {
		label string
		want  []float64
	}{{"Mem:", py.Mem}, {"Swap:", py.Swap}} {
		l := ls[i+1]
		// "{:<7} {:>10} x 6", the swap line padded with blank columns.
		if len(l) != 7+6*11 || !strings.HasPrefix(l, fmt.Sprintf("%-7s ", row.label)) {
			t.Errorf("free line not formatted as free.py's: %q", l)
		}
		fields := strings.Fields(l)[1:]
		if len(fields) != len(row.want) {
			t.Fatalf("free %s has %d numbers: %q", row.label, len(fields), l)
		}
		for j, f := range fields {
			got, err := strconv.ParseFloat(f, 64)
			if err != nil {
				t.Fatalf("free %s: %q is not a number", row.label, f)
			}
			if j == 0 && got != row.want[0] {
				t.Errorf("free %s total = %s KiB, python %.0f", row.label, f, row.want[0])
			}
			if !near(got*1024, row.want[j]*1024) {
				t.Errorf("free %s column %d = %s KiB, python %.0f", row.label, j+1, f, row.want[j])
			}
		}
	}
}

func testDiskUsage(t *testing.T) {
	out := mustRun(t, "disk_usage")
	if want := "Device               Total     Used     Free  Use %      Type  Mount\n"; !strings.HasPrefix(out, want) {
		t.Errorf("disk_usage header: want %q, got:\n%s", want, out)
	}
	var parts [][]string
	pyJSON(t, &parts, `print(json.dumps([[p.device, p.mountpoint, p.fstype, bytes2human(psutil.disk_usage(p.mountpoint).total)] for p in psutil.disk_partitions()]))`)
	for _, p := range parts {
		dev, mnt, fstype, total := p[0], p[1], p[2], p[3]
		prefix := fmt.Sprintf("%-17s %8s ", dev, total)
		l, ok := lineWithPrefix(out, prefix)
		if !ok || !strings.HasSuffix(l, fmt.Sprintf(" %9s  %s", fstype, mnt)) {
			t.Errorf("disk_usage lacks a line %q...%s on %s:\n%s", prefix, fstype, mnt, out)
		}
	}
}

// psutil's own view of a process the test started, for the examples that
// show one.
type pyProc struct {
	Pid      int
	Name     string
	Username string
	Ppid     int
	Parent   string
	Exe      string
	Cwd      string
	Cmdline  []string
	Uids     []int
	Nice     int
	Status   string
	Threads  int
	VMS, RSS string
	MemPct   float64
	Started  string
	USS      int64
}

func pyProcess(t *testing.T, pid int) pyProc {
	t.Helper()
	var p pyProc
	pyJSON(t, &p, fmt.Sprintf(`import datetime
p = psutil.Process(%d)
m = p.memory_info()
print(json.dumps(dict(Pid=p.pid, Name=p.name(), Username=p.username(), Ppid=p.ppid(), Parent=p.parent().name(),
    Exe=p.exe(), Cwd=p.cwd(), Cmdline=p.cmdline(), Uids=list(p.uids()), Nice=p.nice(), Status=p.status(),
    Threads=p.num_threads(), VMS=bytes2human(m.vms), RSS=bytes2human(m.rss), MemPct=p.memory_percent(),
    Started=datetime.datetime.fromtimestamp(p.create_time()).strftime("%%Y-%%m-%%d %%H:%%M"),
    USS=p.memory_full_info().uss)))`, pid))
	return p
}

func testTop(t *testing.T) {
	pid := startSleep(t)
	py := pyProcess(t, pid)
	out := mustRun(t, "top", "-n", "2", "-d", "0.2")
	var ncpu int
	pyJSON(t, &ncpu, "print(psutil.cpu_count())")

	frames := strings.Split(out, " CPU0  [")
	if len(frames) != 3 || frames[0] != "" {
		t.Fatalf("top -n 2 printed %d frames:\n%s", len(frames)-1, out)
	}
	bar := `\[[| ]{40}\] [ \d]{2}\d\.\d%`
	header := regexp.MustCompile(`^` + strings.Repeat(` CPU\d+ +`+bar+`\n`, ncpu) +
		` Mem   ` + bar + ` +\d+\.\d[BKMGT] / \d+\.\d[BKMGT]\n` +
		` Swap  ` + bar + ` +\d+\.\d[BKMGT] / \d+\.\d[BKMGT]\n` +
		` Processes: \d+ \(([a-z-]+=\d+(, )?)+\)\n` +
		` Load average: \d+\.\d\d \d+\.\d\d \d+\.\d\d  Uptime: (\d+ days?, )?\d+:\d\d:\d\d\n` +
		`\n` +
		`PID    USER       NI   VIRT    RES  CPU%  MEM%     TIME\+  NAME\n`)
	for i, f := range frames[1:] {
		f = " CPU0  [" + f
		if !header.MatchString(f) {
			t.Errorf("top frame %d does not start as top.py's:\n%s", i+1, f)
		}
		// The sleep: "{:<6} {:<8} {:>4} {:>6} {:>6} {:>5} {:>5} {:>9}  {:>2}".
		want := regexp.MustCompile(fmt.Sprintf(`(?m)^%s %s %s %s %s +\d+\.\d +\d+\.\d +0:00\.\d+  sleep$`,
			regexp.QuoteMeta(fmt.Sprintf("%-6d", pid)), regexp.QuoteMeta(fmt.Sprintf("%-8.8s", py.Username)),
			fmt.Sprintf("%4d", py.Nice), regexp.QuoteMeta(fmt.Sprintf("%6s", py.VMS)), regexp.QuoteMeta(fmt.Sprintf("%6s", py.RSS))))
		if !want.MatchString(f) {
			t.Errorf("top frame %d lacks the line of the test's sleep %d (%s):\n%s", i+1, pid, want, f)
		}
		// Sorted by CPU% (column 6), the largest first.
		_, list, _ := strings.Cut(f, "NAME\n")
		prev, n := math.Inf(1), 0
		for _, l := range lines(list) {
			cols := strings.Fields(l)
			if len(cols) < 8 {
				continue // a column left empty: where a value was denied
			}
			cpu, err := strconv.ParseFloat(cols[5], 64)
			if err != nil || cpu > prev {
				t.Fatalf("top frame %d is not sorted by CPU%%, at %q:\n%s", i+1, l, f)
			}
			prev, n = cpu, n+1
		}
		if n < 2 {
			t.Fatalf("top frame %d lists %d processes", i+1, n)
		}
	}
}

func testIotop(t *testing.T) {
	pid := startSleep(t)
	py := pyProcess(t, pid)
	out := mustRun(t, "iotop", "-n", "2", "-d", "0.1")
	frames := strings.Split(out, "Total DISK READ: ")
	if len(frames) != 3 {
		t.Fatalf("iotop -n 2 printed %d frames:\n%s", len(frames)-1, out)
	}
	for i, f := range frames[1:] {
		ls := lines("Total DISK READ: " + f)
		if !regexp.MustCompile(`^Total DISK READ: \d+\.\d[BKMGT] \| Total DISK WRITE: \d+\.\d[BKMGT]$`).MatchString(ls[0]) {
			t.Errorf("iotop frame %d first line: %q", i+1, ls[0])
		}
		if want := "PID   USER      DISK READ  DISK WRITE  COMMAND"; len(ls) < 2 || ls[1] != want {
			t.Fatalf("iotop frame %d header: want %q:\n%s", i+1, want, f)
		}
		want := fmt.Sprintf("%-5d %-7.7s %11s %11s  %s", pid, py.Username, "0.0B", "0.0B", "sleep 60")
		if !strings.Contains(f, "\n"+want+"\n") {
			t.Errorf("iotop frame %d lacks %q:\n%s", i+1, want, f)
		}
	}
}

func testNettop(t *testing.T) {
	out := mustRun(t, "nettop", "-n", "2", "-d", "0.1")
	var nics []string
	pyJSON(t, &nics, "print(json.dumps(list(psutil.net_io_counters(pernic=True))))")
	frames := strings.Split(out, "total bytes:           sent: ")
	if len(frames) != 3 {
		t.Fatalf("nettop -n 2 printed %d frames:\n%s", len(frames)-1, out)
	}
	for i, f := range frames[1:] {
		f = "total bytes:           sent: " + f
		if !regexp.MustCompile(`^total bytes:           sent: [\d.BKMGT ]{10}   received: \d+\.\d[BKMGT]\n\n`).MatchString(f) {
			t.Errorf("nettop frame %d first lines:\n%s", i+1, f)
		}
		for _, nic := range nics {
			block := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(fmt.Sprintf("%-15s %15s %15s", nic, "TOTAL", "PER-SEC")) + `\n` +
				`bytes-sent      +\d+\.\d[BKMGT] +\d+\.\d[BKMGT]/s\n` +
				`bytes-recv      +\d+\.\d[BKMGT] +\d+\.\d[BKMGT]/s\n` +
				`pkts-sent       +\d+ +\d+\n` +
				`pkts-recv       +\d+ +\d+\n\n`)
			if !block.MatchString(f) {
				t.Errorf("nettop frame %d lacks the block of %s:\n%s", i+1, nic, f)
			}
		}
	}
}

func testCPUDistribution(t *testing.T) {
	var ncpu int
	pyJSON(t, &ncpu, "print(psutil.cpu_count())")
	r := runExampleEnv(t, []string{"COLUMNS=80", "LINES=12"}, "cpu_distribution", "-n", "2", "-d", "0.1")
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("exit status %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	shown := min(ncpu, 8)
	var head strings.Builder
	for i := range shown {
		fmt.Fprintf(&head, "CPU %-6d", i)
	}
	if ncpu > 8 {
		head.WriteString(" (+ hidden)")
	}
	ls := lines(r.stdout)
	// Per frame: the CPU header, the percents, then rows up to the
	// terminal's height less 3 (cpu_distribution.py's count).
	perFrame := 2 + 12 - 3
	if len(ls) != 2*perFrame {
		t.Fatalf("cpu_distribution printed %d lines, want %d:\n%s", len(ls), 2*perFrame, r.stdout)
	}
	percents := regexp.MustCompile(`^(\d+\.\d {3,8}){` + strconv.Itoa(shown) + `}$`)
	names := map[string]bool{}
	for frame := range 2 {
		ls := ls[frame*perFrame : (frame+1)*perFrame]
		if ls[0] != head.String() {
			t.Errorf("header %q, want %q", ls[0], head.String())
		}
		if !percents.MatchString(ls[1]) {
			t.Errorf("percents line %q", ls[1])
		}
		for _, l := range ls[2:] {
			if len(l) != 10*shown {
				t.Errorf("process row %q is not %d columns of 10", l, shown)
			}
			for _, n := range strings.Fields(l) {
				names[n] = true
			}
		}
	}
	if len(names) == 0 {
		t.Errorf("cpu_distribution shows no known process:\n%s", r.stdout)
	}
}

func testNetstat(t *testing.T) {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	templ := `"{:<5} {:<30} {:<30} {:<13} {:<6} {}"`
	listening := `import socket
names = {p.pid: p.info["name"] for p in psutil.process_iter(["name"])}
proto = {(socket.AF_INET, socket.SOCK_STREAM): "tcp", (socket.AF_INET6, socket.SOCK_STREAM): "tcp6"}
print(json.dumps([` + templ + `.format(proto[(c.family, c.type)], "%s:%s" % c.laddr, "-", c.status, c.pid or "-", (names.get(c.pid, "?") or "")[:15])
    for c in psutil.net_connections("inet") if c.status == "LISTEN"]))`
	var before, after []string
	pyJSON(t, &before, listening)
	out := mustRun(t, "netstat")
	pyJSON(t, &after, listening)
	ls := lines(out)
	if want := "Proto Local address                  Remote address                 Status        PID    Program name"; ls[0] != want {
		t.Errorf("netstat header %q, want %q", ls[0], want)
	}
	have := map[string]bool{}
	for _, l := range ls[1:] {
		have[l] = true
	}
	stable := map[string]bool{}
	for _, l := range before {
		stable[l] = true
	}
	ownFound := false
	for _, l := range after {
		if !stable[l] {
			continue // came or went while psulua ran
		}
		if !have[l] {
			t.Errorf("netstat lacks python's line %q:\n%s", l, out)
		}
		if strings.Contains(l, fmt.Sprintf(" 127.0.0.1:%d ", port)) {
			ownFound = true
			if !strings.Contains(l, fmt.Sprintf(" %-6d ", os.Getpid())) {
				t.Errorf("the test's socket is not shown with the test's pid: %q", l)
			}
		}
	}
	if !ownFound {
		t.Errorf("the test's listening socket 127.0.0.1:%d is not listed:\n%s", port, out)
	}
}

func testPmap(t *testing.T) {
	pid := startSleep(t)
	out := mustRun(t, "pmap", strconv.Itoa(pid))
	var want string
	pyJSON(t, &want, fmt.Sprintf(`p = psutil.Process(%d)
templ = "{:<20} {:>10}  {:<7} {}"
out = [templ.format("Address", "RSS", "Mode", "Mapping")]
total = 0
for m in p.memory_maps(grouped=False):
    total += m.rss
    out.append(templ.format(m.addr.split("-")[0].zfill(16), bytes2human(m.rss), m.perms, m.path)[:80])
out.append("-" * 31)
out.append(templ.format("Total", bytes2human(total), "", ""))
out.append("PID = %%d, name = %%s" %% (p.pid, p.name()))
print(json.dumps("\n".join(out) + "\n"))`, pid))
	if out != want {
		t.Errorf("pmap %d:\n%s\npython psutil:\n%s", pid, out, want)
	}
	if r := runExample(t, "pmap"); r.code != 2 || !strings.HasPrefix(r.stderr, "usage: pmap [-h] pid\n") {
		t.Errorf("pmap with no pid: status %d, stderr %q", r.code, r.stderr)
	}
	// pmap's status when a pid has no process.
	if r := runExample(t, "pmap", "999999999"); r.code != 42 {
		t.Errorf("pmap of no process: status %d, stderr %q", r.code, r.stderr)
	}
}

func testPs(t *testing.T) {
	pid := startSleep(t)
	pids := `print(json.dumps(psutil.pids()))`
	var before, after []int
	pyJSON(t, &before, pids)
	out := mustRun(t, "ps")
	pyJSON(t, &after, pids)
	var sleepLine string
	pyJSON(t, &sleepLine, fmt.Sprintf(`import datetime, time
p = psutil.Process(%d)
templ = "{:<10} {:>5} {:>5} {:>7} {:>7} {:>5} {:>6} {:>6} {:>6}  {}"
ct = datetime.datetime.fromtimestamp(p.create_time())
ct = ct.strftime("%%H:%%M") if ct.date() == datetime.date.today() else ct.strftime("%%b%%d")
m = p.memory_info()
print(json.dumps(templ.format(p.username()[:9], p.pid, round(p.memory_percent(), 1), bytes2human(m.vms), bytes2human(m.rss),
    int(p.nice()) if p.nice() else "", p.status()[:5], ct, time.strftime("%%M:%%S", time.localtime(sum(p.cpu_times()))),
    " ".join(p.cmdline()))[:80]))`, pid))

	ls := lines(out)
	if want := "USER         PID  %MEM     VSZ     RSS  NICE STATUS  START   TIME  CMDLINE"; ls[0] != want {
		t.Errorf("ps header %q, want %q", ls[0], want)
	}
	shown := map[int]bool{}
	for _, l := range ls[1:] {
		if len(l) > 80 {
			t.Errorf("ps line longer than the terminal: %q", l)
		}
		// The user ("{:<10}") may be blank: the pid comes after it. (A
		// line may also be the rest of a command line with a newline.)
		if f := strings.Fields(l[min(len(l), 11):]); len(f) > 0 {
			if p, err := strconv.Atoi(f[0]); err == nil {
				shown[p] = true
			}
		}
	}
	stable := map[int]bool{}
	for _, p := range before {
		stable[p] = true
	}
	for _, p := range after {
		if stable[p] && !shown[p] {
			t.Errorf("ps lacks pid %d", p)
		}
	}
	if !strings.Contains(out, "\n"+sleepLine+"\n") {
		t.Errorf("ps lacks the test's sleep as ps.py prints it:\n%s\nps output:\n%s", sleepLine, out)
	}
}

func testPstree(t *testing.T) {
	pid := startSleep(t)
	parents := `print(json.dumps({p.pid: [p.info["ppid"], p.info["name"]] for p in psutil.process_iter(["ppid", "name"])}))`
	var before, after map[string][]any
	pyJSON(t, &before, parents)
	out := mustRun(t, "pstree")
	pyJSON(t, &after, parents)

	ls := lines(out)
	if ls[0] != "0 ?" {
		t.Errorf("pstree starts with %q, want %q", ls[0], "0 ?")
	}
	// Each line is an indent of "| " or "  " per level, "|- " or "`_ ", then
	// "pid name"; the parent is the nearest line one level up.
	stack := []int{}
	parentOf, nameOf := map[int]int{}, map[int]string{}
	line := regexp.MustCompile("^((?:\\| |  )*)(\\|- |`_ )?(\\d+) (.*)$")
	for _, l := range ls {
		m := line.FindStringSubmatch(l)
		if m == nil {
			continue // the rest of a name with a newline in it
		}
		depth := 0
		if m[2] != "" {
			depth = len(m[1])/2 + 1
		}
		p, _ := strconv.Atoi(m[3])
		if depth > len(stack) {
			t.Fatalf("pstree line %q is nested too deep", l)
		}
		stack = append(stack[:depth], p)
		if depth > 0 {
			parentOf[p] = stack[depth-1]
		}
		nameOf[p] = m[4]
	}
	for key, b := range before {
		a, ok := after[key]
		p, _ := strconv.Atoi(key)
		if !ok || a[0] != b[0] || p == 0 {
			continue // not there all the time
		}
		if got, ok := parentOf[p]; !ok || float64(got) != b[0].(float64) {
			t.Errorf("pstree shows %d under %d, python's ppid is %v", p, got, b[0])
		}
	}
	if nameOf[pid] != "sleep" {
		t.Errorf("pstree names the test's sleep %d %q", pid, nameOf[pid])
	}
	if parentOf[pid] != os.Getpid() {
		t.Errorf("pstree shows the test's sleep under %d, not the test (%d)", parentOf[pid], os.Getpid())
	}
}

func testWho(t *testing.T) {
	out := mustRun(t, "who")
	var want []string
	pyJSON(t, &want, `print(json.dumps(["{:<12} {:<10} ".format(u.name, u.terminal or "-") for u in psutil.users()]))`)
	ls := lines(out)
	if len(want) == 0 {
		if out != "" {
			t.Errorf("who with no users printed:\n%s", out)
		}
		return
	}
	if len(ls) != len(want) {
		t.Fatalf("who printed %d lines, python-psutil has %d users:\n%s", len(ls), len(want), out)
	}
	for i, w := range want {
		if !strings.HasPrefix(ls[i], w) {
			t.Errorf("who line %q, want it to start with %q", ls[i], w)
		}
	}
}

func testIfconfig(t *testing.T) {
	out := mustRun(t, "ifconfig")
	// ifconfig.py's lines but the incoming/outgoing counters, which move.
	var want map[string]string
	pyJSON(t, &want, `import socket
af = {socket.AF_INET: "IPv4", socket.AF_INET6: "IPv6", psutil.AF_LINK: "MAC"}
duplex = {psutil.NIC_DUPLEX_FULL: "full", psutil.NIC_DUPLEX_HALF: "half", psutil.NIC_DUPLEX_UNKNOWN: "?"}
stats = psutil.net_if_stats()
blocks = {}
for nic, addrs in psutil.net_if_addrs().items():
    out = [nic + ":"]
    if nic in stats:
        st = stats[nic]
        out.append("    stats          : speed=%dMB, duplex=%s, mtu=%d, up=%s" % (st.speed, duplex[st.duplex], st.mtu, "yes" if st.isup else "no"))
    for a in addrs:
        out.append("    {:<4}".format(af.get(a.family, a.family)) + " address   : %s" % a.address)
        if a.broadcast: out.append("         broadcast : %s" % a.broadcast)
        if a.netmask: out.append("         netmask   : %s" % a.netmask)
        if a.ptp: out.append("      p2p       : %s" % a.ptp)
    blocks[nic] = "\n".join(out)
print(json.dumps(blocks))`)
	got := map[string]string{}
	counters := regexp.MustCompile(`^    (incoming|outgoing)       : bytes=\d+\.\d[BKMGTPEZY], pkts=\d+, errs=\d+, drops=\d+$`)
	for _, block := range strings.Split(strings.TrimSuffix(out, "\n\n"), "\n\n") {
		var kept []string
		n := 0
		for _, l := range lines(block) {
			if counters.MatchString(l) {
				n++
				continue
			}
			kept = append(kept, l)
		}
		if n != 2 {
			t.Errorf("ifconfig block without its incoming and outgoing lines:\n%s", block)
		}
		got[strings.TrimSuffix(kept[0], ":")] = strings.Join(kept, "\n")
	}
	for nic, w := range want {
		if got[nic] != w {
			t.Errorf("ifconfig %s:\n%s\npython psutil:\n%s", nic, got[nic], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("ifconfig shows %d interfaces, python psutil %d:\n%s", len(got), len(want), out)
	}
}

func testProcinfo(t *testing.T) {
	pid := startSleep(t)
	py := pyProcess(t, pid)
	out := mustRun(t, "procinfo", strconv.Itoa(pid))
	uids := fmt.Sprintf("real=%d, effective=%d, saved=%d", py.Uids[0], py.Uids[1], py.Uids[2])
	want := []string{
		"pid", strconv.Itoa(pid),
		"name", "sleep",
		"parent", fmt.Sprintf("%d (%s)", py.Ppid, py.Parent),
		"exe", py.Exe,
		"cwd", py.Cwd,
		"cmdline", strings.Join(py.Cmdline, " "),
		"started", py.Started,
		"user", py.Username,
		"uids", uids,
		"uids", uids,
		"terminal", "",
		"status", py.Status,
		"nice", strconv.Itoa(py.Nice),
		"num-threads", strconv.Itoa(py.Threads),
	}
	ls := lines(out)
	at := 0
	for i := 0; i < len(want); i += 2 {
		line := fmt.Sprintf("%-11s %s", want[i], want[i+1])
		for at < len(ls) && ls[at] != line {
			at++
		}
		if at == len(ls) {
			t.Errorf("procinfo lacks (in order) %q:\n%s", line, out)
			at = 0
		}
	}
	for _, re := range []string{
		`(?m)^cpu-tspent  0:00\.\d+$`,
		`(?m)^cpu-times   user=\d+\.\d+, system=\d+\.\d+, children_user=\d+\.\d+, children_system=\d+\.\d+, iowait=\d+\.\d+$`,
		`(?m)^memory      rss=` + regexp.QuoteMeta(py.RSS) + `, vms=` + regexp.QuoteMeta(py.VMS) + `, shared=`,
		`(?m)^memory %    ` + regexp.QuoteMeta(strconv.FormatFloat(math.Round(py.MemPct*100)/100, 'f', -1, 64)),
		`(?m)^ionice      class=\d, value=\d$`,
		`(?m)^res-limits  RLIMIT                  SOFT            HARD\n            virtualmem +(infinity|\d+) +(infinity|\d+)$`,
		`(?m)^            openfiles +\d+ +\d+$`,
		`(?m)^mem-maps    RSS      PATH\n            \d+\.\d[BKMG] +\S`,
	} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("procinfo output does not match %s:\n%s", re, out)
		}
	}
	if r := runExample(t, "procinfo", "999999999"); r.code != 1 || !strings.Contains(r.stderr, "(pid=999999999)") {
		t.Errorf("procinfo of a missing pid: status %d, stderr %q", r.code, r.stderr)
	}
}

func testProcsmem(t *testing.T) {
	pid := startSleep(t)
	var py pyProc
	var out string
	var m []string
	// The sleep's line. python psutil reads its USS before procsmem runs
	// and again after: procsmem's must lie between, give or take. A
	// sleeping process's USS still changes (by a few hundred KiB here: the
	// kernel reclaims its pages, and other processes map and unmap pages
	// it shares), so a reading outside is tried again, twice at most.
	for attempt := 1; ; attempt++ {
		py = pyProcess(t, pid)
		out = mustRun(t, "procsmem")
		want := regexp.MustCompile(fmt.Sprintf(`(?m)^%-7d %-7.7s ([ \d.KMG]{7}) [ \d.KMG]{7} [ \d.KMG]{7} +\S+ +\S+ sleep 60$`, pid, py.Username))
		if m = want.FindStringSubmatch(out); m == nil {
			break
		}
		after := pyProcess(t, pid)
		lo, hi := float64(min(py.USS, after.USS)), float64(max(py.USS, after.USS))
		tol := math.Max(64<<10, 0.2*hi)
		uss := human2bytes(t, m[1])
		if uss >= lo-tol && uss <= hi+tol {
			break
		}
		if attempt == 3 {
			t.Errorf("procsmem shows the test's sleep with USS %s, python psutil %d before and %d after (three times)", m[1], py.USS, after.USS)
			break
		}
	}
	ls := lines(out)
	header := "PID     User        USS     PSS    Swap     RSS     VMS Cmdline"
	if len(ls) < 3 || ls[0] != header || ls[1] != strings.Repeat("=", len(header)) {
		t.Fatalf("procsmem header:\n%s", out)
	}
	// Sorted by USS, smallest first, at most 86 processes. A pid has at
	// most 7 digits (pid_max), so the columns are fixed; other lines are
	// the warning or the rest of a command line with a newline in it.
	row := regexp.MustCompile(`^\d[\d ]{6} .{7} ( *\d+(?:\.\d)?[BKMGTPEZY]) `)
	last, n := 0.0, 0
	for _, l := range ls[2:] {
		m := row.FindStringSubmatch(l)
		if m == nil || len(m[1]) != 7 {
			continue
		}
		n++
		uss := human2bytes(t, m[1])
		if uss < last {
			t.Errorf("procsmem not sorted by USS at %q", l)
		}
		last = uss
	}
	if n > 86 {
		t.Errorf("procsmem listed %d processes, procsmem.py at most 86", n)
	}
	// The test's sleep is there unless 86 processes use less memory.
	if m == nil && (n < 86 || last > float64(py.USS)) {
		t.Errorf("procsmem lacks the test's sleep (pid %d):\n%s", pid, out)
	}
}

func testPidof(t *testing.T) {
	dir := t.TempDir()
	os.Chmod(dir, 0o755)
	name := fmt.Sprintf("pslpid%d", os.Getpid()%100000)
	a := startNamed(t, dir, name, "60")
	b := startNamed(t, dir, name, "60")
	startNamed(t, dir, name+"x", "60") // another name: not listed
	pids := []int{a.Process.Pid, b.Process.Pid}
	sort.Ints(pids)
	if got, want := mustRun(t, "pidof", name), fmt.Sprintf("%d %d\n", pids[0], pids[1]); got != want {
		t.Errorf("pidof %s = %q, want %q", name, got, want)
	}
	// As pidof: several names, and status 1 when none runs.
	if got, want := mustRun(t, "pidof", name+"-none", name), fmt.Sprintf("%d %d\n", pids[0], pids[1]); got != want {
		t.Errorf("pidof %s-none %s = %q, want %q", name, name, got, want)
	}
	if r := runExample(t, "pidof", name+"-none"); r.code != 1 || r.stdout != "" || r.stderr != "" {
		t.Errorf("pidof of no process: status %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if r := runExample(t, "pidof"); r.code != 2 || !strings.HasPrefix(r.stderr, "usage: pidof ") {
		t.Errorf("pidof with no name: status %d, stderr %q", r.code, r.stderr)
	}
}

func testKillall(t *testing.T) {
	dir := t.TempDir()
	os.Chmod(dir, 0o755)
	name := fmt.Sprintf("pslkill%d", os.Getpid()%100000)
	victims := []*exec.Cmd{startNamed(t, dir, name, "60"), startNamed(t, dir, name, "60")}
	other := startNamed(t, dir, name+"x", "60") // a longer name sharing the prefix
	if r := runExample(t, "killall", name); r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Fatalf("killall %s: status %d\n%s%s", name, r.code, r.stdout, r.stderr)
	}
	for _, v := range victims {
		err := v.Wait()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Errorf("pid %d: %v, want killed by SIGKILL", v.Process.Pid, err)
		}
	}
	if err := other.Process.Signal(syscall.Signal(0)); err != nil {
		t.Errorf("killall %s also killed %s (pid %d): %v", name, name+"x", other.Process.Pid, err)
	}
	if r := runExample(t, "killall", name); r.code != 1 || r.stderr != name+": no process found\n" {
		t.Errorf("killall of no process: status %d, stderr %q", r.code, r.stderr)
	}
	// As killall: status 1 unless each name had a process killed.
	if r := runExample(t, "killall", name+"x", name); r.code != 1 || r.stderr != name+": no process found\n" {
		t.Errorf("killall %sx %s: status %d, stderr %q", name, name, r.code, r.stderr)
	}
	if err := other.Wait(); err == nil {
		t.Errorf("killall %sx left pid %d running", name, other.Process.Pid)
	}
}

// testSensorsLive: on a machine without sensors or battery the scripts
// print psutil's messages exactly.
func testSensorsLive(t *testing.T) {
	var has struct{ Battery, Fans, Temps bool }
	pyJSON(t, &has, `print(json.dumps({"Battery": psutil.sensors_battery() is not None, "Fans": bool(psutil.sensors_fans()), "Temps": bool(psutil.sensors_temperatures())}))`)
	check := func(name string, absent bool, want exampleRun) {
		r := runExample(t, name)
		if absent && r != want {
			t.Errorf("%s.lua: status %d, stdout %q, stderr %q; want %d, %q, %q", name, r.code, r.stdout, r.stderr, want.code, want.stdout, want.stderr)
		}
		if !absent && (r.code != 0 || r.stderr != "" || r.stdout == "") {
			t.Errorf("%s.lua: status %d, stdout %q, stderr %q", name, r.code, r.stdout, r.stderr)
		}
	}
	check("battery", !has.Battery, exampleRun{stderr: "no battery is installed\n", code: 1})
	check("fans", !has.Fans, exampleRun{stdout: "no fans detected\n"})
	check("temperatures", !has.Temps, exampleRun{stderr: "can't read any temperature\n", code: 1})
	check("sensors", !has.Battery && !has.Fans && !has.Temps,
		exampleRun{stdout: "can't read any temperature, fans or battery info\n"})
}

// testSensorsFixture runs the sensor scripts on a /sys tree with
// temperatures, a fan and a discharging battery, through the engine.
func testSensorsFixture(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"class/hwmon/hwmon0/name":        "coretemp",
		"class/hwmon/hwmon0/temp1_input": "54000",
		"class/hwmon/hwmon0/temp1_label": "Package id 0",
		"class/hwmon/hwmon0/temp1_max":   "100000",
		"class/hwmon/hwmon0/temp1_crit":  "105000",
		"class/hwmon/hwmon0/temp2_input": "47500",
		"class/hwmon/hwmon0/temp2_label": "Core 0",
		"class/hwmon/hwmon0/temp2_max":   "100000",
		"class/hwmon/hwmon0/temp2_crit":  "105000",
		"class/hwmon/hwmon1/name":        "asus",
		"class/hwmon/hwmon1/temp1_input": "41000",
		"class/hwmon/hwmon1/fan1_input":  "3200",
		"class/hwmon/hwmon1/fan1_label":  "cpu_fan",

		"class/power_supply/AC/online":               "0",
		"class/power_supply/AC/type":                 "Mains",
		"class/power_supply/BAT0/type":               "Battery",
		"class/power_supply/BAT0/status":             "Discharging",
		"class/power_supply/BAT0/energy_now":         "49450000",
		"class/power_supply/BAT0/energy_full":        "50060000",
		"class/power_supply/BAT0/power_now":          "4830000",
		"class/power_supply/BAT0/capacity":           "98",
		"class/power_supply/BAT0/voltage_now":        "12229000",
		"class/power_supply/BAT0/energy_full_design": "47520000",
	}
	for name, content := range files {
		path := filepath.Join(dir, "sys", name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// percent = 49450000 / 50060000 * 100 = 98.78...; secsleft =
	// int(49450000 / 4830000 * 3600) = 36857 = 10:14:17.
	for _, c := range []struct {
		script string
		want   exampleRun
	}{
		{"battery", exampleRun{stdout: "charge:     98.78%\nleft:      10:14:17\nstatus:     discharging\nplugged in: no\n"}},
		{"fans", exampleRun{stdout: "asus\n    cpu_fan              3200 RPM\n\n"}},
		{"temperatures", exampleRun{stdout: "asus\n" +
			"    asus                 41.0 °C (high = None °C, critical = %None °C)\n\n" +
			"coretemp\n" +
			"    Package id 0         54.0 °C (high = 100.0 °C, critical = %105.0 °C)\n" +
			"    Core 0               47.5 °C (high = 100.0 °C, critical = %105.0 °C)\n\n"}},
		{"sensors", exampleRun{stdout: "asus\n" +
			"    Temperatures:\n" +
			"        asus                 41.0°C (high=None°C, critical=None°C)\n" +
			"    Fans:\n" +
			"        cpu_fan              3200 RPM\n" +
			"coretemp\n" +
			"    Temperatures:\n" +
			"        Package id 0         54.0°C (high=100.0°C, critical=105.0°C)\n" +
			"        Core 0               47.5°C (high=100.0°C, critical=105.0°C)\n" +
			"Battery:\n" +
			"    charge:     98.78%\n" +
			"    left:       10:14:17\n" +
			"    status:     discharging\n" +
			"    plugged in: no\n"}},
	} {
		var stdout, stderr bytes.Buffer
		h := engine.New(engine.Options{Stdout: &stdout, Stderr: &stderr, System: platform.New(platform.FixtureFS(dir))})
		err := h.DoFile(fromRoot("examples", c.script+".lua"))
		h.Close()
		got := exampleRun{stdout: stdout.String(), stderr: stderr.String()}
		var exit *engine.ExitError
		if errors.As(err, &exit) {
			got.code = exit.Code
		} else if err != nil {
			t.Fatalf("%s.lua: %v", c.script, err)
		}
		if got != c.want {
			t.Errorf("%s.lua on the fixture: status %d\n%s%s\nwant:\n%s", c.script, got.code, got.stdout, got.stderr, c.want.stdout)
		}
	}
}
