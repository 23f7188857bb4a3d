package main

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

// TestQuick runs the whole driver in quick mode, with two rounds and a few
// micro-benchmarks: every tool is built, checked against the others,
// timed and reported. It needs python3-psutil, ps and ss; it is not part
// of make test (run it with cd bench && go test ./...).
func TestQuick(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole bench")
	}
	for _, c := range []string{"/usr/bin/python3", "ps", "ss"} {
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
		"### ps listing, +100 idle processes, +100 sockets",
		"### system snapshot, as is",
		"### net_connections('inet'), as is",
		"### net_connections('inet'), +100 idle processes, +100 sockets",
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
