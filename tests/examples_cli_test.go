package tests

import (
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/psulua/psulua/platform"
)

// TestExamplesCommandLine: every example answers -h and --help with its
// usage on stdout and status 0, and a bad option with its usage and the
// error on stderr and status 2, as Python's argparse does.
func TestExamplesCommandLine(t *testing.T) {
	scripts, err := filepath.Glob(fromRoot("examples", "*.lua"))
	if err != nil || len(scripts) < 20 {
		t.Fatalf("examples: %v %v", scripts, err)
	}
	for _, script := range scripts {
		name := strings.TrimSuffix(filepath.Base(script), ".lua")
		t.Run(name, func(t *testing.T) {
			for _, help := range []string{"-h", "--help"} {
				r := runExample(t, name, help)
				if r.code != 0 || !strings.HasPrefix(r.stdout, "usage: ") || !strings.Contains(r.stdout, "show this help message and exit") || r.stderr != "" {
					t.Errorf("%s: status %d\nstdout:\n%s\nstderr:\n%s", help, r.code, r.stdout, r.stderr)
				}
			}
			r := runExample(t, name, "--no-such-option")
			if r.code != 2 || r.stdout != "" || !strings.HasPrefix(r.stderr, "usage: ") ||
				!strings.Contains(r.stderr, ": error: unrecognized arguments: --no-such-option\n") {
				t.Errorf("--no-such-option: status %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
			}
		})
	}
}

// The full-screen examples refuse what top refuses: a negative delay or
// number of refreshes.
func TestFullScreenExamplesBadValues(t *testing.T) {
	for _, name := range []string{"top", "iotop", "nettop", "cpu_distribution"} {
		for _, args := range [][]string{{"-d", "-1"}, {"-n", "-2"}} {
			r := runExample(t, name, args...)
			if r.code != 2 || r.stdout != "" || !strings.HasPrefix(r.stderr, "usage: ") || !strings.Contains(r.stderr, "must not be negative") {
				t.Errorf("%s %v: status %d\nstdout:\n%s\nstderr:\n%s", name, args, r.code, r.stdout, r.stderr)
			}
		}
	}
}

// runJSON runs an example with --json, which must succeed with nothing on
// stderr (procsmem may warn there of the processes it could not read), and
// decodes its output, which must be one JSON document.
func runJSON(t *testing.T, name string, v any, args ...string) {
	t.Helper()
	r := runExample(t, name, append([]string{"--json"}, args...)...)
	if r.code != 0 || (r.stderr != "" && !(name == "procsmem" && accessDenied.MatchString(r.stderr))) {
		t.Fatalf("%s --json %v: status %d\nstdout:\n%s\nstderr:\n%s", name, args, r.code, r.stdout, r.stderr)
	}
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s --json: %v\n%s", name, err, r.stdout)
	}
	if dec.More() {
		t.Fatalf("%s --json printed more than one document:\n%s", name, r.stdout)
	}
}

var accessDenied = regexp.MustCompile(`^warning: access denied for \d+ pids\n$`)

// TestExamplesJSON: the tabular examples print one JSON document with
// --json, under psutil's field names, holding what this machine has.
func TestExamplesJSON(t *testing.T) {
	t.Run("ps", func(t *testing.T) {
		type proc struct {
			Pid        int      `json:"pid"`
			Name       string   `json:"name"`
			Cmdline    []string `json:"cmdline"`
			MemoryInfo struct {
				RSS float64 `json:"rss"`
			} `json:"memory_info"`
			CreateTime float64 `json:"create_time"`
		}
		var procs []proc
		runJSON(t, "ps", &procs)
		i := slices.IndexFunc(procs, func(p proc) bool { return p.Pid == os.Getpid() })
		if i < 0 {
			t.Fatalf("the test's own pid %d is not listed among %d processes", os.Getpid(), len(procs))
		}
		me := procs[i]
		if me.Name == "" || len(me.Cmdline) == 0 || me.Cmdline[0] != os.Args[0] || me.MemoryInfo.RSS <= 0 || me.CreateTime <= 0 {
			t.Errorf("the test process: %+v (argv[0] %q)", me, os.Args[0])
		}
	})

	t.Run("netstat", func(t *testing.T) {
		ln, err := net.Listen("tcp4", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		port := ln.Addr().(*net.TCPAddr).Port
		type sockAddr struct {
			IP   string `json:"ip"`
			Port int    `json:"port"`
		}
		var conns []struct {
			Proto  string    `json:"proto"`
			Family int       `json:"family"`
			Laddr  sockAddr  `json:"laddr"`
			Raddr  *sockAddr `json:"raddr"`
			Status string    `json:"status"`
			Pid    *int      `json:"pid"`
		}
		runJSON(t, "netstat", &conns)
		for _, c := range conns {
			if c.Laddr.Port == port && c.Laddr.IP == "127.0.0.1" {
				if c.Proto != "tcp" || c.Family != 2 || c.Status != "LISTEN" || c.Raddr != nil || c.Pid == nil || *c.Pid != os.Getpid() {
					t.Errorf("the test's listening socket: %+v", c)
				}
				return
			}
		}
		t.Errorf("the test's listening socket 127.0.0.1:%d is not among %d sockets", port, len(conns))
	})

	t.Run("who", func(t *testing.T) {
		users, err := platform.Default.Users()
		if err != nil {
			t.Fatal(err)
		}
		var got []struct {
			Name    string  `json:"name"`
			Started float64 `json:"started"`
		}
		runJSON(t, "who", &got)
		if len(got) != len(users) {
			t.Fatalf("%d users, want %d (%+v)", len(got), len(users), users)
		}
		for i, u := range users {
			if got[i].Name != u.Name || got[i].Started != u.Started {
				t.Errorf("user %d: %+v, want %+v", i, got[i], u)
			}
		}
	})

	t.Run("disk_usage", func(t *testing.T) {
		var parts []struct {
			Device, Mountpoint, Fstype string
			Total, Used, Free, Percent float64
		}
		runJSON(t, "disk_usage", &parts)
		for _, p := range parts {
			if p.Mountpoint == "/" {
				if p.Device == "" || p.Fstype == "" || p.Total <= 0 || p.Used+p.Free > p.Total || p.Percent < 0 || p.Percent > 100 {
					t.Errorf("/: %+v", p)
				}
				return
			}
		}
		t.Errorf("/ is not among %+v", parts)
	})

	t.Run("free", func(t *testing.T) {
		vm, err := platform.Default.VirtualMemory()
		if err != nil {
			t.Fatal(err)
		}
		var got struct {
			Mem  map[string]float64 `json:"mem"`
			Swap map[string]float64 `json:"swap"`
		}
		runJSON(t, "free", &got)
		if got.Mem["total"] != float64(vm.Total) || got.Mem["available"] <= 0 || got.Mem["used"] <= 0 {
			t.Errorf("mem: %v, want total %d", got.Mem, vm.Total)
		}
		for _, f := range []string{"total", "used", "free", "percent", "sin", "sout"} {
			if _, ok := got.Swap[f]; !ok {
				t.Errorf("swap lacks %q: %v", f, got.Swap)
			}
		}
	})

	t.Run("procsmem", func(t *testing.T) {
		var procs []struct {
			Pid           int
			Uss, Rss, Vms float64
			Cmdline       []string
		}
		runJSON(t, "procsmem", &procs)
		for i, p := range procs {
			if i > 0 && p.Uss < procs[i-1].Uss {
				t.Errorf("not sorted by USS at %d: %+v after %+v", i, p, procs[i-1])
			}
			if p.Pid == os.Getpid() {
				if p.Uss <= 0 || p.Rss < p.Uss || p.Vms < p.Rss || len(p.Cmdline) == 0 {
					t.Errorf("the test process: %+v", p)
				}
				return
			}
		}
		t.Errorf("the test's own pid %d is not among %d processes", os.Getpid(), len(procs))
	})

	t.Run("ifconfig", func(t *testing.T) {
		addrs, err := platform.Default.NetIfAddrs()
		if err != nil {
			t.Fatal(err)
		}
		type addr struct {
			Family  int     `json:"family"`
			Address *string `json:"address"`
		}
		type nic struct {
			Stats struct {
				Isup bool    `json:"isup"`
				Mtu  float64 `json:"mtu"`
			} `json:"stats"`
			Addrs []addr `json:"addrs"`
		}
		var got map[string]nic
		runJSON(t, "ifconfig", &got)
		if len(got) != len(addrs) {
			t.Errorf("%d interfaces, want %d", len(got), len(addrs))
		}
		var lo map[string]nic
		runJSON(t, "ifconfig", &lo, "lo")
		l, ok := lo["lo"]
		if len(lo) != 1 || !ok || !l.Stats.Isup || l.Stats.Mtu <= 0 ||
			!slices.ContainsFunc(l.Addrs, func(a addr) bool {
				return a.Family == 2 && a.Address != nil && *a.Address == "127.0.0.1"
			}) {
			t.Errorf("ifconfig --json lo: %+v", lo)
		}
	})
}
