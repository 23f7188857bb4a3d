//go:build linux

package platform

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"slices"
	"sort"
	"strconv"
	"sync/atomic"

	"github.com/psulua/psulua/platform/internal/procfs"
	"github.com/psulua/psulua/platform/internal/sysfs"
	"golang.org/x/sys/unix"
)

// cpuStatPath caches the path of /proc/stat for the last procfs root, to
// spare cpu_percent callers polling it an allocation per call.
var cpuStatPath atomic.Pointer[[2]string]

func cpuStatFile(fsys FS) string {
	if p := cpuStatPath.Load(); p != nil && p[0] == fsys.Proc {
		return p[1]
	}
	path := fsys.proc("stat")
	cpuStatPath.Store(&[2]string{fsys.Proc, path})
	return path
}

// cpuReadStat reads /proc/stat (several kilobytes on machines with many
// interrupts) into a pooled buffer and calls fn on it.
func cpuReadStat(fsys FS, fn func(b []byte) error) error {
	return procfs.ReadFile(cpuStatFile(fsys), fn)
}

func cpuTimesOf(c procfs.CPUStat) CPUTimes {
	return CPUTimes{
		User:      float64(c.User) / clockTicks,
		System:    float64(c.System) / clockTicks,
		Idle:      float64(c.Idle) / clockTicks,
		Nice:      float64(c.Nice) / clockTicks,
		Iowait:    float64(c.Iowait) / clockTicks,
		Irq:       float64(c.Irq) / clockTicks,
		Softirq:   float64(c.Softirq) / clockTicks,
		Steal:     float64(c.Steal) / clockTicks,
		Guest:     float64(c.Guest) / clockTicks,
		GuestNice: float64(c.GuestNice) / clockTicks,
	}
}

func (linuxSystem) cpuTimes(fsys FS) (CPUTimes, error) {
	var t CPUTimes
	err := cpuReadStat(fsys, func(b []byte) error {
		c, err := procfs.ParseStatCPU(b)
		t = cpuTimesOf(c)
		return err
	})
	return t, err
}

// cpuTimesBoth is cpuTimes and perCPUTimes from one read of /proc/stat,
// for [System.SampleCPU].
func (linuxSystem) cpuTimesBoth(fsys FS) (CPUTimes, []CPUTimes, error) {
	var t CPUTimes
	var per []CPUTimes
	err := cpuReadStat(fsys, func(b []byte) error {
		c, err := procfs.ParseStatCPU(b)
		if err != nil {
			return err
		}
		t = cpuTimesOf(c)
		var buf [64]procfs.CPUStat
		stats, err := procfs.ParseStatPerCPU(b, buf[:0])
		per = make([]CPUTimes, 0, len(stats))
		for _, c := range stats {
			per = append(per, cpuTimesOf(c))
		}
		return err
	})
	return t, per, err
}

// perCPUTimes returns one entry per online CPU.
func (linuxSystem) perCPUTimes(fsys FS) ([]CPUTimes, error) {
	var ret []CPUTimes
	err := cpuReadStat(fsys, func(b []byte) error {
		var buf [64]procfs.CPUStat
		stats, err := procfs.ParseStatPerCPU(b, buf[:0])
		for _, c := range stats {
			if ret == nil {
				ret = make([]CPUTimes, 0, len(stats))
			}
			ret = append(ret, cpuTimesOf(c))
		}
		return err
	})
	return ret, err
}

func (linuxSystem) cpuStats(fsys FS) (CPUStats, error) {
	var s CPUStats
	err := cpuReadStat(fsys, func(b []byte) error {
		c, err := procfs.ParseStatCounters(b)
		s = CPUStats{CtxSwitches: c.Ctxt, Interrupts: c.Intr, SoftInterrupts: c.Softirq}
		return err
	})
	return s, err
}

// cpuCountLogical is what psutil gets from sysconf(SC_NPROCESSORS_ONLN):
// glibc counts /sys/devices/system/cpu/online. psutil's own fallbacks
// follow: "processor" lines of /proc/cpuinfo, then "cpuN" lines of
// /proc/stat. 0 means undetermined.
func (linuxSystem) cpuCountLogical(fsys FS) (int, error) {
	n := 0
	procfs.ReadFile(fsys.sys("devices", "system", "cpu", "online"), func(b []byte) error {
		if c, err := sysfs.CountCPUList(b); err == nil {
			n = c
		}
		return nil
	})
	if n > 0 {
		return n, nil
	}
	procfs.ReadFile(fsys.proc("cpuinfo"), func(b []byte) error {
		n = procfs.CPUInfoProcessors(b)
		return nil
	})
	if n > 0 {
		return n, nil
	}
	err := cpuReadStat(fsys, func(b []byte) error {
		n = procfs.CountStatCPUs(b)
		return nil
	})
	return n, err
}

// cpuCountCores is psutil's cpu_count_cores: the number of distinct
// core_cpus_list values (each core lists its own hardware threads), or of
// the older thread_siblings_list when no CPU has the newer file; failing
// that, the "cpu cores" of each "physical id" in /proc/cpuinfo. 0 means
// undetermined.
func (linuxSystem) cpuCountCores(fsys FS) (int, error) {
	dir := fsys.sys("devices", "system", "cpu")
	cpus := cpuNumberedDirs(dir, "cpu")
	for _, file := range [...]string{"core_cpus_list", "thread_siblings_list"} {
		seen := make(map[string]struct{})
		for _, name := range cpus {
			err := procfs.ReadFile(join(dir, []string{name, "topology", file}), func(b []byte) error {
				seen[string(bytes.TrimSpace(b))] = struct{}{}
				return nil
			})
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return 0, err
			}
		}
		if len(seen) > 0 {
			return len(seen), nil
		}
	}
	n := 0
	err := procfs.ReadFile(fsys.proc("cpuinfo"), func(b []byte) error {
		var err error
		n, err = procfs.CPUInfoCores(b)
		return err
	})
	return n, err
}

// cpuNumberedDirs lists the entries of dir named prefix followed by a
// digit (the glob prefix[0-9]*), sorted by name. A missing dir has none.
func cpuNumberedDirs(dir, prefix string) []string {
	var names []string
	err := procfs.ReadDir(dir, func(name []byte) {
		if cpuNumberAfter(string(name), prefix) >= 0 {
			names = append(names, string(name))
		}
	})
	if err != nil {
		return nil
	}
	slices.Sort(names)
	return names
}

// cpuNumberAfter returns the number that follows prefix at the start of
// name ("policy12" -> 12), or -1.
func cpuNumberAfter(name, prefix string) int {
	if len(name) <= len(prefix) || name[:len(prefix)] != prefix {
		return -1
	}
	n, digits := 0, 0
	for _, c := range name[len(prefix):] {
		if c < '0' || c > '9' || n > 1<<24 {
			break
		}
		n = n*10 + int(c-'0')
		digits++
	}
	if digits == 0 {
		return -1
	}
	return n
}

// cpuFreqs is psutil's cpu_freq backend: one entry per CPU, in MHz.
func (linuxSystem) cpuFreqs(fsys FS) ([]CPUFreq, error) {
	dir := fsys.sys("devices", "system", "cpu")
	if !cpuExists(join(dir, []string{"cpufreq", "policy0"})) &&
		!cpuExists(join(dir, []string{"cpu0", "cpufreq"})) {
		// No cpufreq driver (typical of VMs and containers): /proc/cpuinfo
		// has the current frequency only, so min and max are 0.
		freqs, err := cpuInfoFreqs(fsys)
		if err != nil {
			return nil, err
		}
		ret := make([]CPUFreq, len(freqs))
		for i, f := range freqs {
			ret[i] = CPUFreq{Current: f}
		}
		return ret, nil
	}
	return cpuFreqsSysfs(fsys, dir)
}

func cpuInfoFreqs(fsys FS) ([]float64, error) {
	var freqs []float64
	err := procfs.ReadFile(fsys.proc("cpuinfo"), func(b []byte) error {
		var err error
		freqs, err = procfs.CPUInfoFreqs(b, nil)
		return err
	})
	return freqs, err
}

func cpuFreqsSysfs(fsys FS, dir string) ([]CPUFreq, error) {
	cpuinfo, err := cpuInfoFreqs(fsys)
	if err != nil {
		return nil, err
	}
	var paths []string
	var nums []int
	for _, name := range cpuNumberedDirs(join(dir, []string{"cpufreq"}), "policy") {
		paths = append(paths, join(dir, []string{"cpufreq", name}))
		nums = append(nums, cpuNumberAfter(name, "policy"))
	}
	if len(paths) == 0 {
		for _, name := range cpuNumberedDirs(dir, "cpu") {
			p := join(dir, []string{name, "cpufreq"})
			if cpuExists(p) {
				paths = append(paths, p)
				nums = append(nums, cpuNumberAfter(name, "cpu"))
			}
		}
	}

	// One policy may govern several CPUs: ask each which ones it affects
	// rather than assuming one per CPU; offline CPUs are in no policy
	// (psutil #2512).
	cpuToPath := make(map[int]string)
	for i, p := range paths {
		var affected []int
		var perr error
		err := procfs.ReadFile(p+"/affected_cpus", func(b []byte) error {
			affected, perr = sysfs.ParseAffectedCPUs(b)
			return nil
		})
		if err != nil {
			cpuToPath[nums[i]] = p
			continue
		}
		if err := perr; err != nil {
			return nil, &fs.PathError{Op: "parse", Path: p + "/affected_cpus", Err: err}
		}
		for _, c := range affected {
			cpuToPath[c] = p
		}
	}
	cpus := make([]int, 0, len(cpuToPath))
	for c := range cpuToPath {
		cpus = append(cpus, c)
	}
	sort.Ints(cpus)

	ret := make([]CPUFreq, 0, len(cpus))
	for i, c := range cpus {
		p := cpuToPath[c]
		var khz float64
		if len(cpus) == len(cpuinfo) {
			// cpuinfo's value is cached by the kernel, while reading
			// scaling_cur_freq may wake every CPU (psutil #1851).
			khz = math.Trunc(cpuinfo[i] * 1000)
		} else {
			cur, err := cpuReadKHz(p + "/scaling_cur_freq")
			if err != nil {
				// Old RedHat kernels have only cpuinfo_cur_freq (psutil #1071).
				cur, err = cpuReadKHz(p + "/cpuinfo_cur_freq")
			}
			if err != nil {
				// An offline CPU has no frequency: skip it rather than
				// count a zero in the average (psutil #2628).
				offline := false
				procfs.ReadFile(join(dir, []string{"cpu" + strconv.Itoa(c), "online"}), func(b []byte) error {
					offline = string(b) == "0\n"
					return nil
				})
				if offline {
					continue
				}
				return nil, &cpuFreqError{cpu: c}
			}
			khz = float64(cur)
		}
		maxKHz, err := cpuReadKHz(p + "/scaling_max_freq")
		if err != nil {
			return nil, err
		}
		minKHz, err := cpuReadKHz(p + "/scaling_min_freq")
		if err != nil {
			return nil, err
		}
		ret = append(ret, CPUFreq{Current: khz / 1000, Min: float64(minKHz) / 1000, Max: float64(maxKHz) / 1000})
	}
	return ret, nil
}

func cpuReadKHz(path string) (int64, error) {
	var khz int64
	var perr error
	err := procfs.ReadFile(path, func(b []byte) error {
		khz, perr = sysfs.ParseKHz(b)
		return nil
	})
	if err != nil {
		return 0, err
	}
	if perr != nil {
		return 0, &fs.PathError{Op: "parse", Path: path, Err: perr}
	}
	return khz, nil
}

func cpuExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// cpuFreqError is psutil's NotImplementedError("can't find current
// frequency file"): a cpufreq policy without any current frequency.
type cpuFreqError struct{ cpu int }

func (e *cpuFreqError) Error() string {
	return fmt.Sprintf("can't find current frequency file (cpu%d)", e.cpu)
}
func (e *cpuFreqError) Unwrap() error { return ErrNotImplemented }

// loadAvg is what psutil gets from os.getloadavg(): glibc asks
// sysinfo(2), whose fixed-point averages (1/65536 units) are more precise
// than the two decimals of /proc/loadavg. A procfs root other than the
// live one (a fixture, or psutil's PROCFS_PATH, which os.getloadavg
// ignores) is read from its loadavg file instead.
func (linuxSystem) loadAvg(fsys FS) ([3]float64, error) {
	if fsys.Live() {
		var info unix.Sysinfo_t
		if err := unix.Sysinfo(&info); err != nil {
			return [3]float64{}, os.NewSyscallError("sysinfo", err)
		}
		const scale = 1 << 16 // SI_LOAD_SHIFT
		return [3]float64{float64(info.Loads[0]) / scale,
			float64(info.Loads[1]) / scale, float64(info.Loads[2]) / scale}, nil
	}
	var avg [3]float64
	err := procfs.ReadFile(fsys.proc("loadavg"), func(b []byte) error {
		l, err := procfs.ParseLoadAvg(b)
		avg = [3]float64{l.Load1, l.Load5, l.Load15}
		return err
	})
	if err != nil {
		return [3]float64{}, err
	}
	return avg, nil
}
