//go:build linux

package platform

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The live tests start real processes in every state psutil's tests
// exercise and compare each Process method with python3-psutil reading the
// same processes at the same moment (and page_faults with ps(1)). Run as
// root, TestProcessLiveOracle also runs itself as the unprivileged user
// 65534 (setpriv), against both its own processes and root's, so that
// AccessDenied is checked to come exactly where psutil raises it.

// procChildEnv marks the unprivileged re-run and carries root's pids.
const procChildEnv = "PSULUA_PROCESS_TEST_FOREIGN_PIDS"

type procLiveCase struct {
	Name string
	Pid  int
}

// procReadCmdline is /proc/<pid>/cmdline split on NULs, nil on error.
func procReadCmdline(pid int) []string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	if err != nil || len(b) == 0 {
		return nil
	}
	return strings.Split(strings.TrimSuffix(string(b), "\x00"), "\x00")
}

// procStatField reads one field of /proc/<pid>/stat, 0 being the state.
func procStatField(pid, i int) string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return ""
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if i >= len(f) {
		return ""
	}
	return f[i]
}

// procWaitFor polls cond for at most 10 seconds.
func procWaitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// procStart starts argv and waits until the process runs wantCmdline
// (the last exec of wrappers such as nice or setpriv). The process is
// killed by pid and reaped when the test ends.
func procStart(t *testing.T, argv []string, wantCmdline []string, env ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append([]string{"PSULUA_TEST=1"}, env...)
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %q: %v", argv, err)
	}
	procReap(t, cmd)
	pid := cmd.Process.Pid
	if wantCmdline != nil {
		procWaitFor(t, fmt.Sprintf("%q to run %q", argv, wantCmdline), func() bool {
			return reflect.DeepEqual(procReadCmdline(pid), wantCmdline)
		})
	}
	return cmd
}

// procReap kills cmd's process at the end of the test and reaps it,
// waiting at most 10 seconds.
func procReap(t *testing.T, cmd *exec.Cmd) {
	t.Cleanup(func() {
		// os.Process signals through a pidfd: safe even if a test has
		// reaped the process and its pid was given to another.
		_ = cmd.Process.Kill()
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Errorf("pid %d not reaped", cmd.Process.Pid)
		}
	})
}

// procCopySleep copies sleep(1) to dir/name, so that a process runs it
// under that name.
func procCopySleep(t *testing.T, dir, name string) string {
	t.Helper()
	src, err := exec.LookPath("sleep")
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, name)
	if err := os.WriteFile(dst, data, 0o755); err != nil {
		t.Fatal(err)
	}
	return dst
}

// procOpenDir makes t.TempDir() (and its parent) traversable by the
// unprivileged user, who must be able to run what is copied there.
func procOpenDir(t *testing.T) string {
	dir := t.TempDir()
	for _, d := range []string{dir, filepath.Dir(dir)} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// procStartCases starts one process per situation and returns them.
func procStartCases(t *testing.T, dir string, child bool) []procLiveCase {
	var cases []procLiveCase
	add := func(name string, cmd *exec.Cmd) {
		cases = append(cases, procLiveCase{name, cmd.Process.Pid})
	}
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Fatal(err)
	}

	odd := procCopySleep(t, dir, "a b) (c\n")
	add("name with spaces, parentheses and a newline", procStart(t, []string{odd, "600"}, []string{odd, "600"}))

	long := procCopySleep(t, dir, "psulua-a-very-long-process-name")
	add("name over 15 bytes", procStart(t, []string{long, "600"}, []string{long, "600"}))

	stopped := procStart(t, []string{sleep, "601"}, []string{sleep, "601"})
	if err := stopped.Process.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	procWaitFor(t, "SIGSTOP", func() bool { return procStatField(stopped.Process.Pid, 0) == "T" })
	add("stopped", stopped)

	gone := procCopySleep(t, dir, "psulua-deleted")
	add("executable deleted", procStart(t, []string{gone, "600"}, []string{gone, "600"}))
	if err := os.Remove(gone); err != nil {
		t.Fatal(err)
	}

	if !child && os.Getuid() == 0 {
		add("another user's", procStart(t, []string{"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sleep, "602"},
			[]string{sleep, "602"}))
	}

	script := "import threading, time\n" +
		"for _ in range(20): threading.Thread(target=time.sleep, args=(600,), daemon=True).start()\n" +
		"time.sleep(600)\n"
	threads := procStart(t, []string{oraclePython, "-c", script}, nil)
	procWaitFor(t, "21 threads", func() bool { return procStatField(threads.Process.Pid, 17) == "21" })
	add("many threads", threads)

	add("nice 7", procStart(t, []string{"nice", "-n", "7", sleep, "603"}, []string{sleep, "603"}))
	add("ionice idle", procStart(t, []string{"ionice", "-c", "3", sleep, "604"}, []string{sleep, "604"}))
	add("CPU affinity", procStart(t, []string{"taskset", "-c", "0", sleep, "605"}, []string{sleep, "605"}))
	add("rlimits", procStart(t, []string{"prlimit", "--nofile=100:200", "--core=0:1000000", sleep, "606"}, []string{sleep, "606"}))
	add("environment", procStart(t, []string{sleep, "607"}, []string{sleep, "607"}, "A=1", "B=x=y", "EMPTY="))

	// Files open in every mode, one with its offset moved.
	files := "import sys, time, os\n" +
		"d = sys.argv[1]\n" +
		"for n in ('r', 'rp', 'ap'): open(os.path.join(d, n), 'w').write('hello')\n" +
		"keep = [open(os.path.join(d, 'r')), open(os.path.join(d, 'w'), 'w'), open(os.path.join(d, 'a'), 'a'),\n" +
		"        open(os.path.join(d, 'rp'), 'r+'), open(os.path.join(d, 'ap'), 'a+')]\n" +
		"keep[1].write('x' * 100); keep[1].flush(); keep[0].read(3)\n" +
		"print('ready', flush=True)\n" +
		"time.sleep(600)\n"
	fdir := filepath.Join(dir, "files")
	if err := os.Mkdir(fdir, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(fdir, 0o777); err != nil {
		t.Fatal(err)
	}
	add("open files", procStartReady(t, []string{oraclePython, "-c", files, fdir}))

	// A zombie: a child of this process that exited and is not reaped.
	zombie := exec.Command("true")
	if err := zombie.Start(); err != nil {
		t.Fatal(err)
	}
	procReap(t, zombie)
	procWaitFor(t, "a zombie", func() bool { return procStatField(zombie.Process.Pid, 0) == "Z" })
	add("zombie", zombie)

	// Kernel threads: kthreadd and some of its children.
	cases = append(cases, procLiveCase{"kthreadd", 2})
	n := 0
	for _, pid := range procChildrenOf(2) {
		if n == 3 {
			break
		}
		cases = append(cases, procLiveCase{"kernel thread " + strconv.Itoa(pid), pid})
		n++
	}
	cases = append(cases, procLiveCase{"pid 1", 1})
	return cases
}

// procStartReady starts argv and waits for it to print "ready".
func procStartReady(t *testing.T, argv []string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	procReap(t, cmd)
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(out).ReadString('\n')
		line <- s
		_, _ = io.Copy(io.Discard, out)
	}()
	select {
	case s := <-line:
		if s != "ready\n" {
			t.Fatalf("%q said %q", argv, s)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("%q not ready", argv)
	}
	return cmd
}

func procChildrenOf(ppid int) []int {
	var pids []int
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err == nil && procStatField(pid, 1) == strconv.Itoa(ppid) {
			pids = append(pids, pid)
		}
	}
	sort.Ints(pids)
	return pids
}

// procOracleScript prints, for each pid, what python3-psutil's methods
// return, errors as {"error": class}.
const procOracleScript = `
import enum, json, sys, psutil
def conv(v):
    if hasattr(v, "_asdict"):
        return {k: conv(x) for k, x in v._asdict().items() if k not in ("lib", "dirty")}
    if isinstance(v, enum.Enum):
        return v.value
    if isinstance(v, (list, tuple)):
        return [conv(x) for x in v]
    if isinstance(v, dict):
        return {k: conv(x) for k, x in v.items()}
    return v
def call(fn):
    try:
        return conv(fn())
    except psutil.ZombieProcess:
        return {"error": "ZombieProcess"}
    except psutil.NoSuchProcess:
        return {"error": "NoSuchProcess"}
    except psutil.AccessDenied:
        return {"error": "AccessDenied"}
    except Exception as e:
        return {"error": type(e).__name__ + ": " + str(e)}
out = {}
for pid in map(int, sys.argv[1:]):
    p = psutil.Process(pid)
    d = {}
    for m in ("name", "exe", "cmdline", "environ", "create_time", "ppid", "status", "cwd", "username", "uids",
              "gids", "terminal", "nice", "ionice", "io_counters", "num_ctx_switches", "num_fds", "num_threads",
              "threads", "cpu_times", "cpu_affinity", "cpu_num", "memory_info", "memory_maps", "open_files",
              "is_running"):
        d[m] = call(getattr(p, m))
    d["memory_full_info"] = call(p.memory_full_info)
    d["memory_maps_ext"] = call(lambda: p.memory_maps(grouped=False))
    d["rlimit_nofile"] = call(lambda: list(p.rlimit(psutil.RLIMIT_NOFILE)))
    d["rlimit_core"] = call(lambda: list(p.rlimit(psutil.RLIMIT_CORE)))
    d["parent"] = call(lambda: p.parent() and p.parent().pid)
    d["children"] = call(lambda: sorted(c.pid for c in p.children()))
    out[str(pid)] = d
print(json.dumps(out))
`

// procJSON turns a value into what encoding/json would decode from
// psutil's output: tuples become objects keyed by their field names.
func procJSON(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Invalid:
		return nil
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return procJSON(v.Elem())
	case reflect.Struct:
		m := map[string]any{}
		for i := range v.NumField() {
			if tag := v.Type().Field(i).Tag.Get("tuple"); tag != "" && TupleFieldOnOS(v.Type().Field(i).Tag.Get("os")) {
				m[tag] = procJSON(v.Field(i))
			}
		}
		return m
	case reflect.Slice, reflect.Array:
		l := make([]any, v.Len())
		for i := range l {
			l[i] = procJSON(v.Index(i))
		}
		return l
	case reflect.Map:
		m := map[string]any{}
		for _, k := range v.MapKeys() {
			m[k.String()] = procJSON(v.MapIndex(k))
		}
		return m
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return float64(v.Uint())
	case reflect.Float32, reflect.Float64:
		return v.Float()
	}
	return v.Interface()
}

func procResult(v any, err error) any {
	if err != nil {
		return map[string]any{"error": procErrClass(err)}
	}
	return procJSON(reflect.ValueOf(v))
}

// procOurs is the Go side of procOracleScript.
func procOurs(s *System, pid int) map[string]any {
	p, err := s.NewProcess(pid)
	if err != nil {
		return map[string]any{"error": procErrClass(err)}
	}
	d := map[string]any{}
	r := func(name string, v any, err error) { d[name] = procResult(v, err) }
	v1, err := p.Name()
	r("name", v1, err)
	v2, err := p.Exe()
	r("exe", v2, err)
	v3, err := p.Cmdline()
	r("cmdline", v3, err)
	v4, err := p.Environ()
	r("environ", v4, err)
	v5, err := p.CreateTime()
	r("create_time", v5, err)
	v6, err := p.Ppid()
	r("ppid", v6, err)
	v7, err := p.Status()
	r("status", v7, err)
	v8, err := p.Cwd()
	r("cwd", v8, err)
	v9, err := p.Username()
	r("username", v9, err)
	v10, err := p.Uids()
	r("uids", v10, err)
	v11, err := p.Gids()
	r("gids", v11, err)
	v12, err := p.Terminal()
	r("terminal", v12, err)
	v13, err := p.Nice()
	r("nice", v13, err)
	v14, err := p.Ionice()
	r("ionice", v14, err)
	v15, err := p.IOCounters()
	r("io_counters", v15, err)
	v16, err := p.NumCtxSwitches()
	r("num_ctx_switches", v16, err)
	v17, err := p.NumFds()
	r("num_fds", v17, err)
	v18, err := p.NumThreads()
	r("num_threads", v18, err)
	v19, err := p.Threads()
	r("threads", v19, err)
	v20, err := p.CPUTimes()
	r("cpu_times", v20, err)
	v21, err := p.CPUAffinity()
	r("cpu_affinity", v21, err)
	v22, err := p.CPUNum()
	r("cpu_num", v22, err)
	v23, err := p.MemoryInfo()
	r("memory_info", v23, err)
	v24, err := p.MemoryMaps()
	r("memory_maps", v24, err)
	v25, err := p.OpenFiles()
	r("open_files", v25, err)
	d["is_running"] = p.IsRunning()
	v26, err := p.MemoryFullInfo()
	r("memory_full_info", v26, err)
	v27, err := p.MemoryMapsUngrouped()
	r("memory_maps_ext", v27, err)
	soft, hard, err := p.Rlimit(RLIMIT_NOFILE)
	r("rlimit_nofile", []int64{soft, hard}, err)
	soft, hard, err = p.Rlimit(RLIMIT_CORE)
	r("rlimit_core", []int64{soft, hard}, err)
	parent, err := p.Parent()
	if parent == nil {
		r("parent", nil, err)
	} else {
		r("parent", parent.Pid(), err)
	}
	children, err := p.Children(false)
	pids := []int{}
	for _, c := range children {
		pids = append(pids, c.Pid())
	}
	r("children", pids, err)
	return d
}

// procKnownDiffs are where python3-psutil 5.9.4 (the oracle here) and
// psutil 8 (what psulua follows) answer differently. Each check gets our
// raw answer and the oracle's, and says what psulua must answer.
var procKnownDiffs = map[string]map[string]func(ours, theirs any) (ok bool, want string){
	// psutil 8 raises ZombieProcess where 5.9.4 returned an empty value
	// (or, on ESRCH, NoSuchProcess), and reads a zombie's footprint from
	// smaps (zeros) when smaps_rollup fails with ESRCH, where 5.9.4 raised.
	"zombie": {
		"cmdline":          procWant(procErr("ZombieProcess")),
		"exe":              procWant(procErr("ZombieProcess")),
		"cwd":              procWant(procErr("ZombieProcess")),
		"memory_maps":      procWant(procErr("ZombieProcess")),
		"memory_maps_ext":  procWant(procErr("ZombieProcess")),
		"memory_full_info": procWant(procZeroFullMem),
		"environ":          procZombieIfNSP,
	},
	// A kernel thread's smaps_rollup fails with ESRCH: psutil 8 falls back
	// to its empty smaps; 5.9.4 raised.
	"kernel thread": {"memory_full_info": procZeroMemIfErr},
}

func procErr(class string) map[string]any { return map[string]any{"error": class} }

var procZeroFullMem = map[string]any{"rss": 0.0, "vms": 0.0, "shared": 0.0, "text": 0.0, "data": 0.0, "uss": 0.0, "pss": 0.0, "swap": 0.0}

func procWant(want any) func(ours, theirs any) (bool, string) {
	return func(ours, _ any) (bool, string) { return reflect.DeepEqual(ours, want), fmt.Sprint(want) }
}

// procZombieIfNSP: 5.9.4 did not look for a zombie on ESRCH; denied
// access (to an unprivileged user) is the same in both.
func procZombieIfNSP(ours, theirs any) (bool, string) {
	if reflect.DeepEqual(theirs, procErr("NoSuchProcess")) {
		return procWant(procErr("ZombieProcess"))(ours, theirs)
	}
	return reflect.DeepEqual(ours, theirs), fmt.Sprint(theirs)
}

func procZeroMemIfErr(ours, theirs any) (bool, string) {
	if m, ok := theirs.(map[string]any); ok && m["error"] != nil && m["error"] != "AccessDenied" {
		return procWant(procZeroFullMem)(ours, theirs)
	}
	return reflect.DeepEqual(ours, theirs), fmt.Sprint(theirs)
}

// procBetween tells whether the oracle's value o is what ours read before
// (a) or after (b), or lies between them: values that move while the two
// sides read (CPU times, context switches, kernel threads' counters).
func procBetween(a, o, b any) bool {
	if reflect.DeepEqual(a, o) || reflect.DeepEqual(b, o) {
		return true
	}
	switch o := o.(type) {
	case float64:
		x, ok1 := a.(float64)
		y, ok2 := b.(float64)
		return ok1 && ok2 && min(x, y) <= o && o <= max(x, y)
	case map[string]any:
		x, ok1 := a.(map[string]any)
		y, ok2 := b.(map[string]any)
		if !ok1 || !ok2 || len(x) != len(o) || len(y) != len(o) {
			return false
		}
		for k := range o {
			if !procBetween(x[k], o[k], y[k]) {
				return false
			}
		}
		return true
	case []any:
		x, ok1 := a.([]any)
		y, ok2 := b.([]any)
		if !ok1 || !ok2 {
			return false
		}
		if len(x) != len(y) {
			// Grew or shrank while we looked (pid 1's children, a
			// kworker's threads): the oracle must be one of the two
			// lengths or in between.
			return min(len(x), len(y)) <= len(o) && len(o) <= max(len(x), len(y))
		}
		if len(x) != len(o) {
			return false
		}
		for i := range o {
			if !procBetween(x[i], o[i], y[i]) {
				return false
			}
		}
		return true
	}
	return false
}

// procSharing rewrites, in a copy of a result, the figures that depend on
// who else maps the same pages, which the oracle itself changes by
// mapping python3 and libc while it reads: pss, uss and the split of clean
// pages into shared and private. Each is checked against the bounds that
// hold whoever looks (private <= pss <= rss), then replaced by "ok".
func procSharing(v any) any {
	switch v := v.(type) {
	case []any:
		out := make([]any, len(v))
		for i := range v {
			out[i] = procSharing(v[i])
		}
		return out
	case map[string]any:
		out := map[string]any{}
		for k, x := range v {
			out[k] = procSharing(x)
		}
		pss, ok1 := v["pss"].(float64)
		rss, ok2 := v["rss"].(float64)
		if !ok1 || !ok2 {
			return out
		}
		var private float64
		if pc, ok := v["private_clean"].(float64); ok {
			sc, _ := v["shared_clean"].(float64)
			pd, _ := v["private_dirty"].(float64)
			private = pc + pd
			out["clean"] = pc + sc
			delete(out, "private_clean")
			delete(out, "shared_clean")
		} else if uss, ok := v["uss"].(float64); ok {
			private = uss
			out["uss"] = procBound(uss <= rss, uss)
		}
		out["pss"] = procBound(private <= pss && pss <= rss, pss)
		return out
	}
	return v
}

func procBound(ok bool, v float64) any {
	if ok {
		return "ok"
	}
	return fmt.Sprintf("out of bounds: %v", v)
}

func TestProcessLiveOracle(t *testing.T) {
	foreign := os.Getenv(procChildEnv)
	child := foreign != ""
	dir := procOpenDir(t)
	cases := procStartCases(t, dir, child)
	if child {
		var theirs []procLiveCase
		if err := json.Unmarshal([]byte(foreign), &theirs); err != nil {
			t.Fatalf("bad %s: %v", procChildEnv, err)
		}
		for _, c := range theirs {
			cases = append(cases, procLiveCase{"root's " + c.Name, c.Pid})
		}
	}

	s := New(LiveFS())
	before := map[int]map[string]any{}
	for _, c := range cases {
		before[c.Pid] = procOurs(s, c.Pid)
	}
	args := []string{}
	for _, c := range cases {
		args = append(args, strconv.Itoa(c.Pid))
	}
	needPsutil(t)
	out, err := exec.Command(oraclePython, append([]string{"-c", procOracleScript}, args...)...).Output()
	if err != nil {
		t.Fatalf("python3-psutil: %v", err)
	}
	var oracle map[string]map[string]any
	if err := json.Unmarshal(out, &oracle); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		after := procOurs(s, c.Pid)
		o := oracle[strconv.Itoa(c.Pid)]
		t.Run(c.Name, func(t *testing.T) {
			name := strings.TrimPrefix(c.Name, "root's ")
			if name == "kthreadd" || strings.HasPrefix(name, "kernel thread") {
				name = "kernel thread"
			}
			known := procKnownDiffs[name]
			keys := make([]string, 0, len(o))
			for k := range o {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				ours, theirs, later := before[c.Pid][k], o[k], after[k]
				if check, ok := known[k]; ok {
					if ok, want := check(ours, theirs); !ok {
						t.Errorf("%s: got %v, want psutil 8's %v (python3-psutil 5.9.4 says %v)", k, ours, want, theirs)
					}
					continue
				}
				if k == "threads" && strings.Contains(name, "parentheses") {
					// psutil cuts a thread's stat at the first ')', and so
					// misreads this name; ours must match cpu_times.
					ct := before[c.Pid]["cpu_times"].(map[string]any)
					want := []any{map[string]any{"id": float64(c.Pid), "user_time": ct["user"], "system_time": ct["system"]}}
					if !reflect.DeepEqual(ours, want) {
						t.Errorf("threads = %v, want %v", ours, want)
					}
					continue
				}
				if strings.HasPrefix(k, "memory_") {
					ours, theirs, later = procSharing(ours), procSharing(theirs), procSharing(later)
				}
				if !procBetween(ours, theirs, later) {
					t.Errorf("%s:\n ours   %v\n psutil %v", k, ours, theirs)
				}
			}
		})
	}

	if child {
		// Make sure this ran unprivileged: root's processes are closed to
		// us, and so are their setters and signals.
		for _, c := range cases {
			if !strings.HasPrefix(c.Name, "root's") || strings.Contains(c.Name, "kernel") || strings.Contains(c.Name, "kthreadd") ||
				strings.Contains(c.Name, "pid 1") || strings.Contains(c.Name, "another user") {
				continue
			}
			if got := before[c.Pid]["cwd"]; !reflect.DeepEqual(got, procErr("AccessDenied")) {
				t.Errorf("%s: cwd = %v, want AccessDenied", c.Name, got)
			}
			p, err := s.NewProcess(c.Pid)
			if err != nil {
				t.Fatal(err)
			}
			if err := p.SetNice(19); procErrClass(err) != "AccessDenied" {
				t.Errorf("%s: SetNice = %v, want AccessDenied", c.Name, err)
			}
			if err := p.SendSignal(0); procErrClass(err) != "AccessDenied" {
				t.Errorf("%s: SendSignal(0) = %v, want AccessDenied", c.Name, err)
			}
		}
	}

	// page_faults is new in psutil 8: compare with ps(1).
	for _, c := range cases {
		if c.Name == "zombie" {
			continue
		}
		p, err := s.NewProcess(c.Pid)
		if err != nil {
			t.Fatal(err)
		}
		pf1, err1 := p.PageFaults()
		psOut, err := exec.Command("ps", "-o", "min_flt=,maj_flt=", "-p", strconv.Itoa(c.Pid)).Output()
		pf2, err2 := p.PageFaults()
		if err != nil || err1 != nil || err2 != nil {
			t.Fatalf("%s: page_faults %v %v, ps %v", c.Name, err1, err2, err)
		}
		f := strings.Fields(string(psOut))
		minor, _ := strconv.ParseUint(f[0], 10, 64)
		major, _ := strconv.ParseUint(f[1], 10, 64)
		if minor < pf1.Minor || minor > pf2.Minor || major < pf1.Major || major > pf2.Major {
			t.Errorf("%s: page_faults %+v..%+v, ps says %d %d", c.Name, pf1, pf2, minor, major)
		}
	}

	if child || os.Getuid() != 0 {
		return
	}
	// Now as the unprivileged user, against these processes of root.
	foreignCases := slices.DeleteFunc(slices.Clone(cases), func(c procLiveCase) bool {
		return c.Name == "zombie" // its parent's wait would fail
	})
	env, _ := json.Marshal(foreignCases)
	procRunUnprivileged(t, dir, "^TestProcessLiveOracle$", procChildEnv+"="+string(env))
}

// procRunUnprivileged runs this test binary again as user 65534, with the
// tests matching run, and fails if they fail.
func procRunUnprivileged(t *testing.T, dir, run string, env ...string) {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "platform.test")
	data, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
		bin, "-test.run="+run, "-test.count=1", "-test.v")
	tmp := filepath.Join(dir, "tmp")
	if err := os.Mkdir(tmp, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(tmp, 0o1777); err != nil {
		t.Fatal(err)
	}
	cmd.Dir = tmp
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "TMPDIR=" + tmp}, env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Errorf("as user 65534: %v\n%s", err, out)
		return
	}
	if !strings.Contains(string(out), "--- PASS") {
		t.Errorf("as user 65534, nothing ran:\n%s", out)
	}
}

func TestProcessLiveSignalsAndWait(t *testing.T) {
	s := New(LiveFS())
	ctx := context.Background()
	sleep := procStart(t, []string{"sleep", "600"}, []string{"sleep", "600"})
	p, err := s.NewProcess(sleep.Process.Pid)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Suspend(); err != nil {
		t.Fatal(err)
	}
	procWaitFor(t, "stopped", func() bool { st, _ := p.Status(); return st == STATUS_STOPPED })
	if err := p.Resume(); err != nil {
		t.Fatal(err)
	}
	procWaitFor(t, "resumed", func() bool { st, _ := p.Status(); return st == STATUS_SLEEPING })

	// Timeouts: 0 checks once, a positive one waits that long.
	for _, d := range []time.Duration{0, 50 * time.Millisecond} {
		start := time.Now()
		_, err := p.Wait(ctx, d)
		var te *TimeoutExpired
		if !errors.As(err, &te) || te.Seconds != d.Seconds() || te.Pid != p.Pid() || time.Since(start) < d {
			t.Errorf("Wait(%v) = %v, want TimeoutExpired after %v", d, err, d)
		}
	}
	if _, err := p.Wait(ctx, 250*time.Millisecond); err == nil || err.Error() != fmt.Sprintf("timeout after 0.25 seconds (pid=%d)", p.Pid()) {
		t.Errorf("TimeoutExpired message: %v", err)
	}
	// A context ends a wait without timeout.
	cctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	_, err = p.Wait(cctx, NoTimeout)
	cancel()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Wait with a cancelled context = %v", err)
	}

	// Our child: the exit code is the negated signal.
	if err := p.Terminate(); err != nil {
		t.Fatal(err)
	}
	code, err := p.Wait(ctx, 10*time.Second)
	if err != nil || code == nil || *code != -int(syscall.SIGTERM) {
		t.Errorf("Wait after SIGTERM = %v, %v; want -15", code, err)
	}
	if again, err := p.Wait(ctx, 0); again != code || err != nil {
		t.Errorf("second Wait = %v, %v; want the remembered code", again, err)
	}
	if p.IsRunning() {
		t.Error("IsRunning after it was reaped")
	}
	if err := p.Kill(); procErrClass(err) != "NoSuchProcess" {
		t.Errorf("Kill of a gone process = %v", err)
	}
	if !strings.Contains(p.String(), "exitcode=<NegSignal.SIGTERM: -15>") {
		t.Errorf("String = %s", p.String())
	}

	exit3 := procStart(t, []string{"sh", "-c", "read x; exit 3"}, nil)
	p3, err := s.NewProcess(exit3.Process.Pid)
	if err != nil {
		t.Fatal(err)
	}
	_ = exit3 // stdin is /dev/null: read fails at once and sh exits 3
	if code, err := p3.Wait(ctx, 10*time.Second); err != nil || code == nil || *code != 3 {
		t.Errorf("Wait of exit 3 = %v, %v", code, err)
	}

	// Not our child: the exit code is not ours to know.
	sh := procStartReady(t, []string{"sh", "-c", "sleep 0.3 & echo ready; wait"})
	var grandchild int
	procWaitFor(t, "the grandchild", func() bool {
		kids := procChildrenOf(sh.Process.Pid)
		if len(kids) == 1 {
			grandchild = kids[0]
		}
		return grandchild != 0
	})
	g, err := s.NewProcess(grandchild)
	if err != nil {
		t.Fatal(err)
	}
	if code, err := g.Wait(ctx, 10*time.Second); code != nil || err != nil {
		t.Errorf("Wait of a grandchild = %v, %v; want nil", code, err)
	}
	if _, err := s.NewProcess(0); err == nil {
		t.Error("NewProcess(0) worked")
	}
}

func TestProcessLiveWaitProcs(t *testing.T) {
	s := New(LiveFS())
	var procs []*Process
	for _, d := range []string{"0.1", "0.2", "600"} {
		cmd := procStart(t, []string{"sleep", d}, nil)
		p, err := s.NewProcess(cmd.Process.Pid)
		if err != nil {
			t.Fatal(err)
		}
		procs = append(procs, p)
	}
	var called []*Process
	start := time.Now()
	gone, alive, err := s.WaitProcs(context.Background(), procs, time.Second, func(p *Process) { called = append(called, p) })
	if err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el < time.Second || el > 5*time.Second {
		t.Errorf("WaitProcs took %v, want its 1s timeout", el)
	}
	if len(gone) != 2 || len(alive) != 1 || alive[0] != procs[2] || !reflect.DeepEqual(called, gone) {
		t.Fatalf("gone %v, alive %v, callback %v", gone, alive, called)
	}
	for _, p := range gone {
		if code, ok := p.Returncode(); !ok || code != 0 {
			t.Errorf("%v: returncode %d, %v", p, code, ok)
		}
	}
	if _, ok := alive[0].Returncode(); ok {
		t.Error("an alive process has a returncode")
	}
	// Timeout 0 looks once.
	gone, alive, err = s.WaitProcs(context.Background(), alive, 0, nil)
	if err != nil || len(gone) != 0 || len(alive) != 1 {
		t.Errorf("WaitProcs(0) = %v %v %v", gone, alive, err)
	}
	_ = alive[0].Kill()
	gone, alive, err = s.WaitProcs(context.Background(), alive, NoTimeout, nil)
	if code, _ := gone[0].Returncode(); err != nil || len(gone) != 1 || len(alive) != 0 || code != -9 {
		t.Errorf("WaitProcs after SIGKILL = %v %v %v (code %d)", gone, alive, err, code)
	}
}

func TestProcessLiveSetters(t *testing.T) {
	s := New(LiveFS())
	cmd := procStart(t, []string{"sleep", "600"}, []string{"sleep", "600"})
	p, err := s.NewProcess(cmd.Process.Pid)
	if err != nil {
		t.Fatal(err)
	}
	check := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	check("SetNice", p.SetNice(5))
	check("SetIonice", p.SetIonice(IOPRIO_CLASS_BE, 6))
	check("SetRlimit", p.SetRlimit(RLIMIT_NOFILE, 50, 60))
	check("SetCPUAffinity", p.SetCPUAffinity([]int{0}))
	nice, _ := p.Nice()
	ionice, _ := p.Ionice()
	soft, hard, _ := p.Rlimit(RLIMIT_NOFILE)
	affinity, _ := p.CPUAffinity()
	if nice != 5 || ionice != (Ionice{IOPRIO_CLASS_BE, 6}) || soft != 50 || hard != 60 || !reflect.DeepEqual(affinity, []int{0}) {
		t.Errorf("after setting: nice %d, ionice %+v, rlimit %d %d, affinity %v", nice, ionice, soft, hard, affinity)
	}
	var py []any
	pyPsutil(t, fmt.Sprintf("(lambda p: [p.nice(), list(p.ionice()), list(p.rlimit(psutil.RLIMIT_NOFILE)), p.cpu_affinity()])(psutil.Process(%d))", p.Pid()), &py)
	if want := []any{5.0, []any{2.0, 6.0}, []any{50.0, 60.0}, []any{0.0}}; !reflect.DeepEqual(py, want) {
		t.Errorf("python3-psutil sees %v, want %v", py, want)
	}
	// psutil's "all eligible CPUs" is Cpus_allowed_list (gh-956), which
	// is the affinity just set: an empty list keeps [0].
	check("SetCPUAffinity([])", p.SetCPUAffinity(nil))
	if all, _ := p.CPUAffinity(); !reflect.DeepEqual(all, []int{0}) {
		t.Errorf("affinity reset to %v", all)
	}
	check("SetRlimit(infinity)", p.SetRlimit(RLIMIT_CORE, RLIM_INFINITY, RLIM_INFINITY))
	if soft, hard, _ := p.Rlimit(RLIMIT_CORE); soft != RLIM_INFINITY || hard != RLIM_INFINITY {
		t.Errorf("RLIMIT_CORE = %d %d", soft, hard)
	}
	for _, tt := range []struct {
		what string
		err  error
		msg  string
	}{
		{"ionice idle with a value", p.SetIonice(IOPRIO_CLASS_IDLE, 3), "<ProcessIOPriority.IOPRIO_CLASS_IDLE: 3> ioclass accepts no value"},
		{"ionice value 8", p.SetIonice(IOPRIO_CLASS_BE, 8), "value not in 0-7 range"},
		{"invalid CPU", p.SetCPUAffinity([]int{9999}), "invalid CPU 9999; choose between [0]"},
		{"negative CPU", p.SetCPUAffinity([]int{-1}), "invalid CPU value"},
		{"bad resource", p.SetRlimit(99, 1, 1), "invalid resource specified"},
	} {
		if tt.err == nil || tt.err.Error() != tt.msg {
			t.Errorf("%s: %v, want %q", tt.what, tt.err, tt.msg)
		}
	}
	if os.Getuid() != 0 {
		if err := p.SetNice(-5); procErrClass(err) != "AccessDenied" {
			t.Errorf("SetNice(-5) unprivileged = %v, want AccessDenied", err)
		}
	}
}

// procCPUSeconds is utime + stime of /proc/<pid>/stat, in seconds.
func procCPUSeconds(t *testing.T, pid int) float64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+2:]))
	utime, _ := strconv.ParseFloat(f[11], 64)
	stime, _ := strconv.ParseFloat(f[12], 64)
	return (utime + stime) / 100
}

func TestProcessLiveCPUPercent(t *testing.T) {
	s := New(LiveFS())
	busy := procStart(t, []string{"sh", "-c", "while :; do :; done"}, nil)
	p, err := s.NewProcess(busy.Process.Pid)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := p.CPUPercent(context.Background(), 0); v != 0 || err != nil {
		t.Errorf("first CPUPercent(0) = %v, %v; want 0", v, err)
	}
	// The busy loop gets what the machine leaves it (other tests run
	// meanwhile): compare with the CPU time /proc says it got, measured
	// around the same interval.
	t0, c0 := time.Now(), procCPUSeconds(t, busy.Process.Pid)
	check := func(what string, v float64, err error) {
		t.Helper()
		t1, c1 := time.Now(), procCPUSeconds(t, busy.Process.Pid)
		want := (c1 - c0) / t1.Sub(t0).Seconds() * 100
		if err != nil || v < 0 || v > 110 || math.Abs(v-want) > 15+want/4 {
			t.Errorf("%s of a busy loop = %v, %v; it got %.1f%% of a CPU meanwhile", what, v, err, want)
		}
		t0, c0 = t1, c1
	}
	v, err := p.CPUPercent(context.Background(), 300*time.Millisecond)
	check("CPUPercent(0.3s)", v, err)
	time.Sleep(200 * time.Millisecond)
	v, err = p.CPUPercent(context.Background(), 0)
	check("CPUPercent(0) since the last call", v, err)
	if _, err := p.CPUPercent(context.Background(), -time.Second); err == nil || err.Error() != "interval is not positive (got -1)" {
		t.Errorf("negative interval: %v", err)
	}
}

func TestProcessLiveTreeAndIter(t *testing.T) {
	s := New(LiveFS())
	sh := procStartReady(t, []string{"sh", "-c", "sleep 600 & echo ready; wait"})
	self, err := s.Self()
	if err != nil {
		t.Fatal(err)
	}
	children, err := self.Children(false)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range children {
		found = found || c.Pid() == sh.Process.Pid
	}
	if !found {
		t.Errorf("Children of the test lack pid %d: %v", sh.Process.Pid, children)
	}
	var grandchild int
	procWaitFor(t, "the grandchild", func() bool {
		kids := procChildrenOf(sh.Process.Pid)
		if len(kids) == 1 {
			grandchild = kids[0]
		}
		return grandchild != 0
	})
	t.Cleanup(func() { _ = syscall.Kill(grandchild, syscall.SIGKILL) }) // reaped by init
	all, err := self.Children(true)
	if err != nil {
		t.Fatal(err)
	}
	var pids []int
	for _, c := range all {
		pids = append(pids, c.Pid())
	}
	if !slices.Contains(pids, grandchild) {
		t.Errorf("Children(recursive) = %v, lacks the grandchild %d", pids, grandchild)
	}
	g, _ := s.NewProcess(grandchild)
	parents, err := g.Parents()
	if err != nil || len(parents) < 2 || parents[0].Pid() != sh.Process.Pid || parents[1].Pid() != os.Getpid() {
		t.Errorf("Parents = %v, %v", parents, err)
	}

	// process_iter: the same objects across calls, every pid psutil sees.
	it1, err := s.ProcessIter()
	if err != nil {
		t.Fatal(err)
	}
	var ppids []float64
	pyPsutil(t, "psutil.pids()", &ppids)
	it2, err := s.ProcessIter()
	if err != nil {
		t.Fatal(err)
	}
	byPid := map[int]*Process{}
	for _, p := range it1 {
		byPid[p.Pid()] = p
	}
	same := 0
	for _, p := range it2 {
		if byPid[p.Pid()] == p {
			same++
		}
		if p.Pid() == os.Getpid() && byPid[p.Pid()] != p {
			t.Error("process_iter made a new Process for this one")
		}
	}
	if same < len(it2)-5 {
		t.Errorf("only %d of %d Processes kept across process_iter calls", same, len(it2))
	}
	for _, pid := range ppids {
		_, in1 := byPid[int(pid)]
		in2 := slices.ContainsFunc(it2, func(p *Process) bool { return p.Pid() == int(pid) })
		if !in1 && !in2 && s.PidExists(int(pid)) {
			t.Errorf("psutil.pids() has %v, process_iter does not", pid)
		}
	}
	// pid_exists: a thread of this process is not a pid (gh-687).
	tids, _ := os.ReadDir("/proc/self/task")
	for _, e := range tids {
		tid, _ := strconv.Atoi(e.Name())
		if tid != os.Getpid() && s.PidExists(tid) {
			t.Errorf("PidExists(thread %d)", tid)
		}
	}
	if !s.PidExists(os.Getpid()) || s.PidExists(-1) || s.PidExists(0) {
		t.Error("PidExists of self, -1 or 0")
	}
}

// TestProcessIterRace runs process_iter and every attribute while hundreds
// of short processes start and end: only NoSuchProcess and ZombieProcess
// (and AccessDenied where psutil raises it) may come out, never another
// error, a panic or an early stop.
func TestProcessIterRace(t *testing.T) {
	s := New(LiveFS())
	const maxProcs, minRounds = 3000, 20
	stop := make(chan struct{})
	done := make(chan int)
	go func() {
		started := 0
		deadline := time.Now().Add(20 * time.Second)
		for started < maxProcs && time.Now().Before(deadline) {
			select {
			case <-stop:
				done <- started
				return
			default:
			}
			var batch []*exec.Cmd
			for range 10 {
				c := exec.Command("sh", "-c", "exit 0")
				if c.Start() == nil {
					batch = append(batch, c)
				}
			}
			started += len(batch)
			time.Sleep(2 * time.Millisecond) // let some linger as zombies
			for _, c := range batch {
				_ = c.Wait()
			}
		}
		<-stop
		done <- started
	}()
	allowed := func(err error) bool {
		switch procErrClass(err) {
		case "", "NoSuchProcess", "ZombieProcess", "AccessDenied":
			return true
		}
		return false
	}
	ctx := context.Background()
	for round := 0; round < minRounds; round++ {
		procs, err := s.ProcessIterAttrs(nil)
		if err != nil {
			t.Fatalf("process_iter(attrs) stopped: %v", err)
		}
		if len(procs) < 3 {
			t.Fatalf("process_iter gave %d processes", len(procs))
		}
		fresh, err := s.ProcessIter() // clears the prefetched values
		if err != nil {
			t.Fatalf("process_iter stopped: %v", err)
		}
		for i, p := range fresh {
			for _, name := range ProcessAttrs() {
				if _, err := p.Attr(name); !allowed(err) {
					t.Errorf("pid %d %s: %v (%T)", p.Pid(), name, err, err)
				}
			}
			// Children reads every process: for a few, or a busy machine
			// makes the test quadratic.
			if i%(len(fresh)/20+1) == 0 {
				if _, err := p.Children(true); !allowed(err) {
					t.Errorf("pid %d children: %v", p.Pid(), err)
				}
			}
			if _, err := p.Wait(ctx, 0); procErrClass(err) != "TimeoutExpired" && !allowed(err) {
				t.Errorf("pid %d wait: %v", p.Pid(), err)
			}
			_ = p.IsRunning()
			_ = p.String()
		}
	}
	close(stop)
	if n := <-done; n < 100 {
		t.Errorf("only %d processes came and went", n)
	} else {
		t.Logf("%d rounds while %d processes came and went", minRounds, n)
	}
}

func BenchmarkNewProcess(b *testing.B) {
	s := New(LiveFS())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.NewProcess(os.Getpid()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProcessGetters measures each attribute of this process read alone
// ("outside" Oneshot) and again within an open Oneshot, where those of the
// stat, status and statm group come from the cache.
func BenchmarkProcessGetters(b *testing.B) {
	s := New(LiveFS())
	p, err := s.Self()
	if err != nil {
		b.Fatal(err)
	}
	for _, name := range ProcessAttrs() {
		b.Run(name+"/outside", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := p.Attr(name); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/inside", func(b *testing.B) {
			b.ReportAllocs()
			_ = p.Oneshot(func() error {
				for b.Loop() {
					if _, err := p.Attr(name); err != nil {
						b.Fatal(err)
					}
				}
				return nil
			})
		})
	}
}

// procPsAttrs are what ps aux shows.
var procPsAttrs = []string{"pid", "username", "cpu_percent", "memory_percent", "memory_info", "terminal",
	"status", "create_time", "cpu_times", "name", "cmdline"}

// BenchmarkOneshotPs reads ps's attributes of this process in one Oneshot.
func BenchmarkOneshotPs(b *testing.B) {
	s := New(LiveFS())
	p, err := s.Self()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.AsDict(procPsAttrs, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProcessIterPs is ps aux: process_iter with its attributes.
func BenchmarkProcessIterPs(b *testing.B) {
	s := New(LiveFS())
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		procs, err := s.ProcessIterAttrs(procPsAttrs)
		if err != nil {
			b.Fatal(err)
		}
		n = len(procs)
	}
	b.ReportMetric(float64(n), "procs")
}

// BenchmarkProcessIter is process_iter() alone, its table warm.
func BenchmarkProcessIter(b *testing.B) {
	s := New(LiveFS())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.ProcessIter(); err != nil {
			b.Fatal(err)
		}
	}
}

// psutil reads running for the calling process, which is the one asking;
// a Go program's main thread, which /proc/<pid>/stat describes, is often
// parked meanwhile.
func TestProcessStatusSelfRunning(t *testing.T) {
	s := New(LiveFS())
	p, err := s.Self()
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		if st, err := p.Status(); err != nil || st != STATUS_RUNNING {
			t.Fatalf("Self().Status() = %q, %v; want running", st, err)
		}
	}
}
