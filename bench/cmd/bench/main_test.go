package main

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestQuick runs the whole driver in quick mode, with two rounds and a few
// micro-benchmarks: every tool is built, checked against the others,
// timed and reported. It needs python3-psutil, ps, top and ss; it is not part
// of make test (run it with cd bench && go test ./...).
func TestQuick(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole bench")
	}
	for _, c := range []string{"/usr/bin/python3", "ps", "ss", "top"} {
		if _, err := exec.LookPath(c); err != nil {
			t.Skipf("%s not found", c)
		}
	}
	if err := exec.Command("/usr/bin/python3", "-c", "import psutil").Run(); err != nil {
		t.Skip("no python3-psutil")
	}
	var stdout, stderr bytes.Buffer
	code := run([]string{"-quick", "-rounds", "2", "-out", "",
		"-bench", "NewProcess|Getter/name|System/cpu_times$|ProcessIter/ps/fresh|Workload/ps/psulua"}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit status %d\n%s", code, stderr.String())
	}
	md := stdout.String()
	for _, want := range []string{
		"### Targets",
		"### ps listing, as is",
		"### ps listing, +100 idle processes, 100 connections",
		"### ps listing, +300 idle processes, 300 connections",
		"### system snapshot, as is",
		"### net_connections('inet'), as is",
		"### net_connections('inet'), +100 idle processes, 100 connections",
		"### monitor: `examples/top.lua -d 0.1 -n 3` vs `top -b -d 0.1 -n 3`, as is",
		"### monitor: `examples/top.lua -d 0.1 -n 3` vs `top -b -d 0.1 -n 3`, +300 idle processes, 300 connections",
		"| `top -b` |",
		"| `ss -tanp` (TCP only) |",
		"| monitor (as is): psulua-lua / top | CPU ≤ 1.0× (aim 0.75×) |",
		"### start-up",
		"| psulua from Lua |",
		"| floor (minimal Go reader) |",
		"| Getter/name/outside",
		"| NewProcess |",
	} {
		if want == "| Getter/name/outside" {
			want = "| name |"
		}
		if !strings.Contains(md, want) {
			t.Errorf("the report has no %q:\n%s", want, md)
		}
	}
	if _, err := exec.LookPath("strace"); err == nil && !strings.Contains(md, "### System calls per listed process") {
		t.Errorf("strace is installed but the report has no system call counts:\n%s", md)
	}
}

func TestNormAddr(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"127.0.0.1:22", "127.0.0.1:22"},
		{"[::1]:631", "::1:631"},
		{"[::ffff:127.0.0.1]:80", "::ffff:127.0.0.1:80"},
		{"0.0.0.0%lo:53", "0.0.0.0:53"},
		{"[fe80::1]%eth0:546", "fe80::1:546"},
		{"*:22", ":::22"},
		{"0.0.0.0:*", "-"},
		{"[::]:*", "-"},
		{"*:*", "-"},
		{"0.0.0.0:0", "-"},
		{"-", "-"},
	} {
		if got := normAddr(c.in); got != c.want {
			t.Errorf("normAddr(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestParsePs(t *testing.T) {
	out := "1\t0\tinit\troot\tsleeping\t0.10\t0.20\t100\t200\t1\t1000.00\t/sbin/init\n" +
		"42\t1\tbash\troot\tsleeping\t0.00\t0.00\t100\t200\t1\t1001.50\tbash -c echo a\n" +
		"echo b\n" +
		"43\t1\tx\troot\tzombie\t?\t?\t?\t?\t?\t1002.00\t\n" +
		"44\t1\ta b) (c\n" +
		"\troot\tsleeping\t0.00\t0.00\t100\t200\t1\t1003.00\t./a b) (c\n" +
		" 600\n"
	rows, err := parsePs(tLua, []byte(out))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 {
		t.Fatalf("got %d rows, want 4: %v", len(rows), rows)
	}
	if got := rows[42].cmdline; got != "bash -c echo a\necho b" {
		t.Errorf("a command line with a newline: got %q", got)
	}
	if got := rows[44]; got.name != "a b) (c\n" || got.user != "root" || got.cmdline != "./a b) (c\n 600" {
		t.Errorf("a name with a newline: got %+v", got)
	}
	if rows[43].unreadable != 5 {
		t.Errorf("zombie: %d unreadable fields, want 5", rows[43].unreadable)
	}
	ps := "  PID  PPID COMMAND\n    1     0 init root S 00:00:01 100 200 1 Wed Nov 25 10:56:12 2026 /sbin/init\n"
	rows, err = parsePs(tPs, []byte(ps))
	if err != nil || len(rows) != 1 || rows[1].ppid != 0 {
		t.Errorf("ps: %v, %v", rows, err)
	}
	if _, err := parsePs(tLua, []byte("1\t0\tinit\n")); err == nil {
		t.Error("a short first line: no error")
	}
}

func TestParseStrace(t *testing.T) {
	out := `% time     seconds  usecs/call     calls    errors syscall
------ ----------- ----------- --------- --------- ----------------
 31.03    0.000123           1        90           read
 20.00    0.000100           1        90        10 openat
------ ----------- ----------- --------- --------- ----------------
100.00    0.000396           2       180        10 total
`
	r, err := parseStrace([]byte(out))
	if err != nil {
		t.Fatal(err)
	}
	if r.total != 180 || r.calls["read"] != 90 || r.calls["openat"] != 90 {
		t.Errorf("got %+v", r)
	}
}

func TestParseGobench(t *testing.T) {
	out := `goos: linux
BenchmarkGetter/name/outside-2   	   52070	     23120 ns/op	     264 B/op	       2 allocs/op
BenchmarkProcessIter/ps/fresh-2  	     100	   1370000 ns/op	        78.00 procs	  195520 B/op	    1261 allocs/op
--- SKIP: BenchmarkSystem/sensors_battery
    system_test.go:61: not implemented on linux
PASS
`
	ls, err := parseGobench(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) != 3 {
		t.Fatalf("got %d lines: %+v", len(ls), ls)
	}
	if ls[0].name != "Getter/name/outside" || ls[0].metrics["ns/op"] != 23120 || ls[0].metrics["allocs/op"] != 2 {
		t.Errorf("got %+v", ls[0])
	}
	if ls[1].metrics["procs"] != 78 {
		t.Errorf("got %+v", ls[1])
	}
	if ls[2].skipped != "not implemented on linux" {
		t.Errorf("got %+v", ls[2])
	}
}

func TestParseMonitor(t *testing.T) {
	lua := " CPU0  [  ]   2.0%\n Processes: 3 (sleeping=3)\n\n" +
		"PID    USER       NI   VIRT    RES  CPU%  MEM%     TIME+  NAME\n" +
		"1      root      -10  39.1M  10.9M   1.0   0.0  26:25.43  process_api\n" +
		"42     systemd-  0   0.0B   0.0B   0.0   0.0    0:00.0  Web Content\n" +
		" CPU0  [  ]   2.0%\n\n" +
		"PID    USER       NI   VIRT    RES  CPU%  MEM%     TIME+  NAME\n" +
		"1      root      -10  39.1M  10.9M   1.0   0.0  26:25.43  process_api\n"
	fr, err := parseMonitor(tLua, []byte(lua))
	if err != nil {
		t.Fatal(err)
	}
	if len(fr) != 2 || len(fr[0]) != 2 || len(fr[1]) != 1 {
		t.Fatalf("got %v", fr)
	}
	if r := fr[0][1]; !r.ok || r.user != "root" || r.nice != -10 {
		t.Errorf("pid 1: got %+v", r)
	}
	top := "top - 01:13:28 up 45 min,  0 user\nTasks: 118 total\n\n" +
		"    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND\n" +
		"     42 systemd+  20   0 1566212 112776   4188 S 100.0   0.5   0:34.86 Web Content\n" +
		"      1 root      10 -10       0      0      0 S   0.0   0.0   0:00.00 process_api\n\n"
	fr2, err := parseMonitor(tTop, []byte(top))
	if err != nil {
		t.Fatal(err)
	}
	if len(fr2) != 1 || fr2[0][1].nice != -10 || fr2[0][42].user != "systemd+" {
		t.Fatalf("got %v", fr2)
	}
	if !sameUser(fr[0][42].user, fr2[0][42].user) || sameUser("root", "roo+") || !sameUser("root", "root") {
		t.Error("sameUser")
	}
	if _, err := parseMonitor(tTop, []byte("  PID COMMAND\n")); err == nil {
		t.Error("a header without USER and NI: no error")
	}
}

func TestPaired(t *testing.T) {
	ms := func(v int) time.Duration { return time.Duration(v) * time.Millisecond }
	s := &section{samples: map[string][]sample{
		tLua: {{wall: ms(10), cpu: ms(20)}, {wall: ms(30), cpu: ms(20)}, {wall: ms(40), cpu: ms(40)}},
		tPs:  {{wall: ms(20), cpu: ms(10)}, {wall: ms(10), cpu: ms(10)}, {wall: ms(100), cpu: ms(10)}},
	}}
	// Ratios 0.5, 3, 0.4 (wall) and 2, 2, 4 (CPU): the medians of the
	// pairs, not the ratio of the medians (30 / 20 for wall).
	if got := s.pairedRatio(tLua, tPs); got != 0.5 {
		t.Errorf("pairedRatio = %v, want 0.5", got)
	}
	if got := s.pairedCPU(tLua, tPs); got != 2 {
		t.Errorf("pairedCPU = %v, want 2", got)
	}
}
