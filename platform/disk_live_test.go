//go:build linux

package platform

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// pyDiskPart is psutil's sdiskpart as JSON; python3-psutil 5.9's extra
// maxfile and maxpath fields (dropped in psutil 6) are ignored.
type pyDiskPart struct {
	Device     string `json:"device"`
	Mountpoint string `json:"mountpoint"`
	Fstype     string `json:"fstype"`
	Opts       string `json:"opts"`
}

// Compares with python3-psutil's disk_partitions.
func TestDiskPartitionsLive(t *testing.T) {
	for _, all := range []bool{false, true} {
		var want []pyDiskPart
		pyPsutil(t, "[p._asdict() for p in psutil.disk_partitions(all="+pyBool(all)+")]", &want)
		got, err := Default.DiskPartitions(all)
		if err != nil {
			t.Fatal(err)
		}
		gotPy := make([]pyDiskPart, len(got))
		for i, p := range got {
			gotPy[i] = pyDiskPart(p)
		}
		if !reflect.DeepEqual(gotPy, want) {
			t.Errorf("DiskPartitions(%v):\n got %q\nwant %q", all, gotPy, want)
		}
		if all && len(got) == 0 {
			t.Error("DiskPartitions(true) is empty")
		}
	}
}

// Compares with psutil's RootFsDeviceFinder, which disk_partitions uses for
// a "/dev/root" or "rootfs" device.
func TestDiskRootDeviceLive(t *testing.T) {
	var want *string
	pyPsutil(t, "psutil._pslinux.RootFsDeviceFinder().find()", &want)
	got := diskRootDevice(LiveFS())
	if want == nil && got != "" || want != nil && got != *want {
		t.Errorf("diskRootDevice = %q, psutil says %v", got, want)
	}
}

func pyBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

// pyDiskUsages maps each path to psutil.disk_usage(path)._asdict(), or to
// null where psutil raised OSError.
const pyDiskUsages = `(lambda ns: (exec("def f(p):\n try: return psutil.disk_usage(p)._asdict()\n except OSError: return None", ns), {p: ns["f"](p) for p in PATHS})[1])(dict(psutil=psutil))`

// diskUsageBetween reports whether u lies between lo and hi (taken before
// and after it), give or take slack bytes that other processes may have
// written in the meantime.
func diskUsageBetween(u, lo, hi DiskUsage, slack uint64) bool {
	in := func(v, a, b int64) bool {
		if a > b {
			a, b = b, a
		}
		return v+int64(slack) >= a && v <= b+int64(slack)
	}
	pa, pb := math.Min(lo.Percent, hi.Percent), math.Max(lo.Percent, hi.Percent)
	return u.Total == lo.Total && u.Total == hi.Total &&
		in(u.Used, lo.Used, hi.Used) && in(int64(u.Free), int64(lo.Free), int64(hi.Free)) &&
		u.Percent >= pa-0.15 && u.Percent <= pb+0.15
}

const diskUsageSlack = 64 << 20

// Compares disk_usage of "/", of a file, and of every mount point with
// python3-psutil. Used and free bytes move as other processes write, so
// psutil's answer must fall between ours taken just before and just after.
func TestDiskUsageLive(t *testing.T) {
	file := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	parts, err := Default.DiskPartitions(true)
	if err != nil {
		t.Fatal(err)
	}
	paths := []string{"/", file, "/no/such/dir"}
	for _, p := range parts {
		paths = append(paths, p.Mountpoint)
	}
	pathsJSON, _ := json.Marshal(paths)

	before := map[string]DiskUsage{}
	for _, p := range paths {
		if u, err := Default.DiskUsage(p); err == nil {
			before[p] = u
		}
	}
	var py map[string]*struct {
		Total, Free uint64
		Used        int64
		Percent     float64
	}
	pyPsutil(t, strings.Replace(pyDiskUsages, "PATHS", string(pathsJSON), 1), &py)
	for _, p := range paths {
		after, err := Default.DiskUsage(p)
		want := py[p]
		if want == nil {
			if err == nil {
				t.Errorf("DiskUsage(%q) = %+v, psutil raised", p, after)
			}
			continue
		}
		if err != nil {
			t.Errorf("DiskUsage(%q): %v, psutil says %+v", p, err, *want)
			continue
		}
		u := DiskUsage{want.Total, want.Used, want.Free, want.Percent}
		if !diskUsageBetween(u, before[p], after, diskUsageSlack) {
			t.Errorf("DiskUsage(%q): ours %+v then %+v, psutil %+v", p, before[p], after, u)
		}
	}
	if py["/no/such/dir"] != nil || py["/"] == nil || py[file] == nil {
		t.Errorf("psutil: %v", py)
	}
}

// Compares disk_usage with df(1) on "/" and the physical partitions: df's
// size is f_blocks, used is size minus f_bfree, avail is f_bavail, and Use%
// is used/(used+avail) rounded up where psutil rounds to one decimal.
func TestDiskUsageDf(t *testing.T) {
	parts, err := Default.DiskPartitions(false)
	if err != nil {
		t.Fatal(err)
	}
	paths := []string{"/"}
	for _, p := range parts {
		paths = append(paths, p.Mountpoint)
	}
	before := make([]DiskUsage, len(paths))
	for i, p := range paths {
		if before[i], err = Default.DiskUsage(p); err != nil {
			t.Fatal(err)
		}
	}
	out, err := exec.Command("df", append([]string{"-B1", "--output=size,used,avail,pcent", "--"}, paths...)...).Output()
	if err != nil {
		t.Fatalf("df: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")[1:]
	if len(lines) != len(paths) {
		t.Fatalf("df printed %d lines for %d paths:\n%s", len(lines), len(paths), out)
	}
	for i, line := range lines {
		f := strings.Fields(line)
		if len(f) != 4 {
			t.Fatalf("df line %q", line)
		}
		size, _ := strconv.ParseUint(f[0], 10, 64)
		used, _ := strconv.ParseInt(f[1], 10, 64)
		avail, _ := strconv.ParseUint(f[2], 10, 64)
		pcent := 0.0
		if f[3] != "-" {
			pcent, _ = strconv.ParseFloat(strings.TrimSuffix(f[3], "%"), 64)
		}
		after, err := Default.DiskUsage(paths[i])
		if err != nil {
			t.Fatal(err)
		}
		df := DiskUsage{Total: size, Used: used, Free: avail, Percent: after.Percent}
		if !diskUsageBetween(df, before[i], after, diskUsageSlack) {
			t.Errorf("%s: ours %+v then %+v, df %s", paths[i], before[i], after, line)
		}
		lo, hi := math.Min(before[i].Percent, after.Percent), math.Max(before[i].Percent, after.Percent)
		if pcent < math.Ceil(lo-0.05)-0.5 || pcent > math.Ceil(hi+0.05)+0.5 {
			t.Errorf("%s: Use%% %v, ours %v then %v", paths[i], pcent, before[i].Percent, after.Percent)
		}
	}
}

// Compares the usage_percent rounding with python3-psutil's on a range of
// ratios, halves included.
func TestDiskUsagePercentLive(t *testing.T) {
	var pairs [][2]uint64
	for used := uint64(0); used <= 40; used++ {
		for _, total := range []uint64{0, 3, 7, 16, 40, 2000, 97793294336} {
			pairs = append(pairs, [2]uint64{used, total})
		}
	}
	pairs = append(pairs, [2]uint64{12362964992, 97793294336}, [2]uint64{1<<53 + 1, 1 << 60})
	js, _ := json.Marshal(pairs)
	var want []float64
	pyPsutil(t, "[psutil._common.usage_percent(u, t, round_=1) for u, t in "+string(js)+"]", &want)
	for i, p := range pairs {
		if got := usagePercent(float64(p[0]), float64(p[1])); got != want[i] {
			t.Errorf("usage_percent(%d, %d): got %v, psutil %v", p[0], p[1], got, want[i])
		}
	}
}

// Compares disk_io_counters(perdisk) with python3-psutil: the same disks,
// and counters that lie between ours read just before and just after.
func TestDiskIOCountersLive(t *testing.T) {
	s := New(LiveFS())
	before, err := s.PerDiskIOCounters(false)
	if err != nil {
		t.Fatal(err)
	}
	sumBefore, err := s.DiskIOCounters(false)
	if err != nil {
		t.Fatal(err)
	}
	var py struct {
		PerDisk map[string]pyDiskIO `json:"perdisk"`
		Sum     *pyDiskIO           `json:"sum"`
	}
	pyPsutil(t, `{"perdisk": {k: v._asdict() for k, v in psutil.disk_io_counters(perdisk=True, nowrap=False).items()},`+
		` "sum": (lambda c: c and c._asdict())(psutil.disk_io_counters(nowrap=False))}`, &py)
	after, err := s.PerDiskIOCounters(false)
	if err != nil {
		t.Fatal(err)
	}
	sumAfter, err := s.DiskIOCounters(false)
	if err != nil {
		t.Fatal(err)
	}
	if len(py.PerDisk) == 0 {
		t.Fatal("psutil sees no disk")
	}
	if !sameKeys(before, py.PerDisk) || !sameKeys(after, py.PerDisk) {
		t.Fatalf("disks: ours %v, psutil %v", keys(before), keys(py.PerDisk))
	}
	for name, want := range py.PerDisk {
		if !diskIOBetween(DiskIOCounters(want), before[name], after[name]) {
			t.Errorf("%s: psutil %+v not between ours %+v and %+v", name, want, before[name], after[name])
		}
	}
	if (py.Sum == nil) != (sumBefore == nil) || py.Sum != nil && !diskIOBetween(DiskIOCounters(*py.Sum), *sumBefore, *sumAfter) {
		t.Errorf("sum: psutil %+v not between ours %+v and %+v", py.Sum, sumBefore, sumAfter)
	}
}

// pyDiskIO is psutil's sdiskio as JSON.
type pyDiskIO struct {
	ReadCount        uint64 `json:"read_count"`
	WriteCount       uint64 `json:"write_count"`
	ReadBytes        uint64 `json:"read_bytes"`
	WriteBytes       uint64 `json:"write_bytes"`
	ReadTime         uint64 `json:"read_time"`
	WriteTime        uint64 `json:"write_time"`
	ReadMergedCount  uint64 `json:"read_merged_count"`
	WriteMergedCount uint64 `json:"write_merged_count"`
	BusyTime         uint64 `json:"busy_time"`
}

func diskIOBetween(v, lo, hi DiskIOCounters) bool {
	a, b, c := diskIOValues(v), diskIOValues(lo), diskIOValues(hi)
	for i := range a {
		if a[i] < b[i] || a[i] > c[i] {
			return false
		}
	}
	return true
}

func diskIOValues(c DiskIOCounters) []uint64 {
	return []uint64{c.ReadCount, c.WriteCount, c.ReadBytes, c.WriteBytes, c.ReadTime,
		c.WriteTime, c.ReadMergedCount, c.WriteMergedCount, c.BusyTime}
}

func sameKeys[V, W any](a map[string]V, b map[string]W) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			return false
		}
	}
	return true
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// The fallback to /sys/block/*/stat gives the live machine the same disks
// as /proc/diskstats, as psutil's test_emulate_use_sysfs checks.
func TestDiskSysfsFallbackLive(t *testing.T) {
	stats, err := diskSysfsStats("/sys/block")
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile("/proc/diskstats")
	if err != nil {
		t.Fatal(err)
	}
	fromProc := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if f := strings.Fields(line); len(f) > 2 {
			fromProc[strings.ReplaceAll(f[2], "/", "!")] = true
		}
	}
	fromSys := map[string]bool{}
	for _, d := range stats {
		fromSys[d.Name] = true
	}
	if len(fromProc) == 0 || !reflect.DeepEqual(fromSys, fromProc) {
		t.Errorf("sysfs disks %v, /proc/diskstats disks %v", fromSys, fromProc)
	}
}

// TestDiskUsageOfALongPath: a path past PATH_MAX fails as statfs would,
// at once, and the message quotes only its start.
func TestDiskUsageOfALongPath(t *testing.T) {
	path := strings.Repeat("/", 64<<20)
	start := time.Now()
	_, err := Default.DiskUsage(path)
	if !errors.Is(err, syscall.ENAMETOOLONG) || !strings.HasSuffix(err.Error(), "... (67108864 bytes)") || len(err.Error()) > 300 {
		t.Errorf("DiskUsage of a 64 MiB path: %.300v", err)
	}
	if took := time.Since(start); took > 100*time.Millisecond {
		t.Errorf("took %v", took)
	}
	if _, err := Default.DiskUsage(strings.Repeat("/", 4095)); err != nil {
		t.Errorf("DiskUsage of 4095 slashes (PATH_MAX less the NUL): %v", err)
	}
}
